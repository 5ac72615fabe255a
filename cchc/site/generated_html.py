"""Generated pages are HTML: what the generator needs to know of them without Python-Markdown."""

from __future__ import annotations

import html
import re

# An id="..." attribute, or an <a name="...">, in HTML our templates wrote: attribute values are
# always double-quoted and text never holds a raw '"' (autoescape writes &#34;), so a match is
# an attribute inside a tag.
_ID = re.compile(r'<[A-Za-z][^>]*?\sid="([^"]*)"')
_A_NAME = re.compile(r'<a\s[^>]*?\bname="([^"]*)"', re.I)


def html_anchor_ids(fragment: str) -> set[str]:
    """The anchors a page's HTML defines (what MkDocs collects from raw HTML, to check links
    to #anchors): every element's id, and each <a>'s name."""
    found = {html.unescape(value) for value in _ID.findall(fragment)}
    found |= {html.unescape(value) for value in _A_NAME.findall(fragment)}
    return found
