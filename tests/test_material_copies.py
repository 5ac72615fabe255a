"""Our two copies of Material's templates stay Material's, with only the changes we mean.

MkDocs renders theme templates without autoescaping and Material's header prints page titles
as they are, so overrides/partials/header.html is a copy of Material's header with titles
escaped and our search box in the search slot (Material has no smaller block there).
overrides/main.html copies base.html's `container` block to mark the article for Pagefind.
Each test below applies our changes, written out here, to the installed Material's original and
expects our copy: when Material changes its original (pyproject.toml pins the minor version),
the test fails and says to copy it again.
"""

from __future__ import annotations

import re
import textwrap
from pathlib import Path

import material
from conftest import PROJECT

MATERIAL = Path(material.__file__).parent / "templates"
OVERRIDES = PROJECT / "overrides"

# (Material's text, ours): every difference between the original header and our copy.
HEADER_CHANGES = [
    ("{#-\n  This file was automatically generated - do not edit\n-#}\n", None),  # our own comment instead
    ('aria-label="{{ config.site_name }}" data-md-component="logo"',
     'aria-label="{{ config.site_name | e }}" data-md-component="logo"'),
    ("            {{ config.site_name }}\n", "            {{ config.site_name | e }}\n"),
    ("              {{ page.meta.title }}\n", "              {{ page.meta.title | string | e }}\n"),
    ("              {{ page.title }}\n", "              {{ page.title | striptags | e }}\n"),
]
SEARCH_SLOT = re.compile(r'    \{% if "material/search" in config\.plugins %\}\n.*?\{% include "partials/search\.html" %\}\n'
                         r"      \{% endif %\}\n    \{% endif %\}\n", re.S)
OUR_SEARCH = ('    {#- cchc: the site search (Pagefind) takes the place of Material\'s search box. -#}\n'
              '    {% include "partials/cchc-search.html" %}\n')
OUR_TITLE_NOTE = "            {#- cchc: escaped, like every text from content (overrides/main.html). -#}\n"


def _without_leading_comment(text: str) -> str:
    return re.sub(r"\A\{#-.*?-#\}\n", "", text, count=1, flags=re.S)


def test_the_header_is_materials_with_titles_escaped_and_our_search_box_in_the_search_slot():
    original = (MATERIAL / "partials/header.html").read_text(encoding="utf-8")
    expected = original
    for theirs, ours in HEADER_CHANGES:
        assert theirs in expected, (f"Material's partials/header.html no longer has {theirs!r}: copy it again "
                                    "into overrides/partials/header.html and redo the changes listed in this test")
        expected = expected.replace(theirs, ours or "", 1)
    assert SEARCH_SLOT.search(expected), "Material's header has no search slot as in 9.8: copy it again"
    expected = SEARCH_SLOT.sub(lambda _: OUR_SEARCH, expected, count=1)
    ours = _without_leading_comment((OVERRIDES / "partials/header.html").read_text(encoding="utf-8"))
    assert ours.replace(OUR_TITLE_NOTE, "", 1) == expected


def _block(text: str, name: str) -> str:
    match = re.search(r"^([ \t]*)\{% block " + name + r" %\}\n(.*?)^\1\{% endblock %\}\n", text, re.S | re.M)
    assert match, f"no block {name!r}"
    return textwrap.dedent(match.group(2))


def test_main_html_copies_only_the_container_block_and_adds_the_search_marker_to_its_article():
    original = _block((MATERIAL / "base.html").read_text(encoding="utf-8"), "container")
    theirs = '<article class="md-content__inner md-typeset">'
    assert theirs in original, "Material's container block changed: copy it again into overrides/main.html"
    marker = ('<article class="md-content__inner md-typeset"{% if page and page.file and not '
              "(page.meta.search and page.meta.search.exclude) %} data-pagefind-body{% endif %}>")
    ours = _block((OVERRIDES / "main.html").read_text(encoding="utf-8"), "container")
    assert ours == original.replace(theirs, marker)


def test_material_is_pinned_to_the_minor_version_the_copies_come_from():
    pyproject = (PROJECT / "pyproject.toml").read_text(encoding="utf-8")
    pin = re.search(r'"mkdocs-material>=([\d.]+),<([\d.]+)"', pyproject)
    assert pin, "pyproject.toml: mkdocs-material needs a lower and an upper bound"
    low, high = pin.groups()
    assert low.split(".")[:2] == ["9", "8"] and high == "9.9", pin.group(0)
    assert material.__version__.startswith("9.8."), material.__version__


def test_the_footer_s_copyright_keeps_materials_highlight_and_adds_the_unit_s_contact():
    """overrides/partials/copyright.html: Material's copyright line as it is, then the contact
    from extra.cchc.contact (Material's "Made with" line is off: extra.generator is false)."""
    original = _without_leading_comment((MATERIAL / "partials/copyright.html").read_text(encoding="utf-8"))
    highlight = ('<div class="md-copyright">\n  {% if config.copyright %}\n    <div class="md-copyright__highlight">\n'
                 "      {{ config.copyright }}\n    </div>\n  {% endif %}\n")
    assert original.startswith(highlight), ("Material's partials/copyright.html changed: copy its first "
                                            "lines again into overrides/partials/copyright.html")
    ours = _without_leading_comment((OVERRIDES / "partials/copyright.html").read_text(encoding="utf-8"))
    assert ours.startswith(highlight) and "cchc_contact" in ours
