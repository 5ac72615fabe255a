"""What search engines and link previews read about a page: schema.org data and sharing cards.

Each function gives plain data for a page's front matter, which overrides/partials/cchc-share.html
prints: ``structured`` as one ``<script type="application/ld+json">`` (Jinja's ``tojson`` writes
<, > and & as \\u escapes, so no text can end the script), ``social`` as Open Graph and Twitter
card tags. Addresses are absolute (``site_url``): a card or a search engine reads them out of
the site. The types and properties used are listed in tests/test_structured_data.py.
"""

from __future__ import annotations

from ..config import Options
from ..content.news import NEWS_URL, NewsPost
from ..content.procedures import PROCEDURES_URL, Procedure

SCHEMA = "https://schema.org"
HOME = "Trang chủ"
# Pictures a sharing card shows (Open Graph readers take no SVG).
CARD_IMAGE_TYPES = (".jpg", ".jpeg", ".png", ".webp", ".gif")


def absolute(options: Options, url: str) -> str:
    """The absolute address of a site-relative ``url``."""
    return options.site_url + url


def publisher(options: Options) -> dict:
    """The department, as the author and publisher of every page."""
    return {"@type": "GovernmentOrganization", "name": options.author, "url": options.site_url}


def breadcrumbs(options: Options, trail: list[tuple[str, str]]) -> dict:
    """A BreadcrumbList of (name, site-relative url), from the home page down to the page."""
    return {"@type": "BreadcrumbList", "itemListElement": [
        {"@type": "ListItem", "position": number, "name": name, "item": absolute(options, url)}
        for number, (name, url) in enumerate(trail, start=1)]}


def post_meta(post: NewsPost, options: Options) -> dict:
    """A post's front matter beyond its title and description: a NewsArticle, its breadcrumbs,
    and its sharing card (with its picture, if a card can show it)."""
    url = absolute(options, post.url)
    article = {"@type": "NewsArticle", "headline": post.title, "description": post.summary,
               "datePublished": post.date.isoformat(), "url": url, "mainEntityOfPage": url,
               "inLanguage": "vi", "author": publisher(options), "publisher": publisher(options)}
    social: dict = {"type": "article"}
    if post.image and post.image.lower().endswith(CARD_IMAGE_TYPES):
        article["image"] = social["image"] = absolute(options, post.image_url)
        social["image_alt"] = post.image_alt
    trail = [(HOME, ""), ("Tin tức", f"{NEWS_URL}/"), (f"Năm {post.year}", f"{NEWS_URL}/{post.year}/"),
             (post.title, post.url)]
    return {"structured": {"@context": SCHEMA, "@graph": [article, breadcrumbs(options, trail)]},
            "social": social}


def procedure_meta(procedure: Procedure, description: str, options: Options) -> dict:
    """A procedure's front matter beyond its title and description: a GovernmentService (the
    agency that decides is its provider) and its breadcrumbs."""
    url = absolute(options, procedure.url)
    service = {"@type": "GovernmentService", "name": procedure.name, "identifier": procedure.code,
               "serviceType": procedure.field, "description": description, "url": url,
               "provider": {"@type": "GovernmentOrganization", "name": procedure.deciding_agency or options.author}}
    trail = [(HOME, ""), ("Thủ tục hành chính", f"{PROCEDURES_URL}/"), (procedure.name, procedure.url)]
    return {"structured": {"@context": SCHEMA, "@graph": [service, breadcrumbs(options, trail)]}}
