"""Every page's schema.org data is valid JSON-LD of the types and properties schema.org defines
(issue 32): a post is a NewsArticle, a procedure a GovernmentService, each with its breadcrumbs.

SCHEMA lists, for each type the site writes, the properties it uses (each one a property of that
type or of a type it inherits from in the schema.org vocabulary, schema.org/<Type>) and those a
page must have; a property not listed fails, so a new one is checked against the vocabulary
before it is added here.
"""

from __future__ import annotations

import json
import re
from datetime import datetime

import pytest
from bs4 import BeautifulSoup

from cchc.content.load import load_site
from cchc.content.procedure_catalogue import load_procedures
from cchc.dates import build_time
from conftest import EPOCH_2023, PROJECT

ORGANIZATION = {"required": {"name"}, "optional": {"url", "address", "telephone", "email", "contactPoint"}}
# type -> required properties, optional properties (Thing's name, url, description, identifier;
# CreativeWork's headline, datePublished, author, publisher, inLanguage, image, mainEntityOfPage;
# Service's provider, serviceType; ItemList's itemListElement; ListItem's position and item).
SCHEMA = {
    # The unit on /lien-he/ (cchc/site/contact_pages.py); a contact point may name another site
    # (the national portal's feedback page).
    "PostalAddress": {"required": {"streetAddress"}, "optional": {"addressCountry"}},
    "ContactPoint": {"required": {"contactType"},
                     "optional": {"name", "telephone", "email", "url", "description", "availableLanguage"}},
    "NewsArticle": {"required": {"headline", "datePublished", "url", "author", "publisher", "description"},
                    "optional": {"mainEntityOfPage", "inLanguage", "image"}},
    "GovernmentService": {"required": {"name", "url", "provider", "serviceType"},
                          "optional": {"identifier", "description"}},
    "BreadcrumbList": {"required": {"itemListElement"}, "optional": set()},
    "ListItem": {"required": {"position", "name", "item"}, "optional": set()},
    "GovernmentOrganization": ORGANIZATION,
}
SITE = re.search(r"^site_url:\s*(\S+)", (PROJECT / "mkdocs.yml").read_text(encoding="utf-8"), re.M).group(1)


def problems_of(node, where: str) -> list[str]:
    """What in a JSON-LD node (and the nodes inside it) is not in SCHEMA."""
    if not isinstance(node, dict):
        return []
    kind = node.get("@type")
    if kind not in SCHEMA:
        return [f"{where}: unknown @type {kind!r}"]
    rule = SCHEMA[kind]
    keys = set(node) - {"@type", "@context"}
    found = [f"{where}: {kind} lacks {sorted(rule['required'] - keys)}"] if rule["required"] - keys else []
    found += [f"{where}: {kind} has no property {key!r}" for key in sorted(keys - rule["required"] - rule["optional"])]
    for key, value in node.items():
        for child in value if isinstance(value, list) else [value]:
            found += problems_of(child, f"{where} {kind}.{key}")
        if key in ("url", "item", "image", "mainEntityOfPage") and kind != "ContactPoint" \
                and not str(value).startswith(SITE):
            found.append(f"{where}: {kind}.{key} is not an address of the site: {value!r}")
        if key == "datePublished":
            datetime.fromisoformat(value)
    if kind == "BreadcrumbList":
        positions = [item.get("position") for item in node["itemListElement"]]
        if positions != list(range(1, len(positions) + 1)):
            found.append(f"{where}: breadcrumb positions {positions}")
    return found


def test_the_schema_check_names_what_is_wrong():
    node = {"@type": "NewsArticle", "headline": "x", "datePublished": "2022-03-03", "url": SITE,
            "author": {"@type": "Person", "name": "A"}, "publisher": {"@type": "GovernmentOrganization", "name": "S"},
            "description": "d", "wordCount": 3}
    assert problems_of(node, "p") == ["p: NewsArticle has no property 'wordCount'", "p NewsArticle.author: unknown @type 'Person'"]
    assert problems_of({"@type": "GovernmentService", "name": "x"}, "p") == [
        "p: GovernmentService lacks ['provider', 'serviceType', 'url']"]


@pytest.fixture(scope="module")
def pages(shipped) -> dict[str, BeautifulSoup]:
    assert shipped.returncode == 0, shipped.log
    return {path.relative_to(shipped.site).as_posix(): BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")
            for path in shipped.site.rglob("*.html")}


def test_every_pages_json_ld_is_valid(pages):
    found, checked = [], 0
    for where, page in pages.items():
        for script in page.select('script[type="application/ld+json"]'):
            data = json.loads(script.string)
            assert data["@context"] == "https://schema.org", where
            for node in data.get("@graph", [data]):
                found += problems_of(node, where)
            checked += 1
    assert found == []
    assert checked > 50


def test_every_post_is_a_news_article_and_every_procedure_a_government_service(pages):
    site = load_site(PROJECT, build_time({"SOURCE_DATE_EPOCH": EPOCH_2023}))
    procedures = [p for p in load_procedures(PROJECT)[0] if not p.draft]
    expected = {**{f"{p.url}index.html": ("NewsArticle", p.title) for p in site.posts},
                **{f"{p.url}index.html": ("GovernmentService", p.name) for p in procedures}}
    for where, (kind, name) in expected.items():
        [script] = pages[where].select('script[type="application/ld+json"]')
        main, crumbs = json.loads(script.string)["@graph"]
        assert main["@type"] == kind and name in (main.get("headline"), main.get("name")), where
        assert crumbs["@type"] == "BreadcrumbList" and crumbs["itemListElement"][-1]["item"] == main["url"], where
