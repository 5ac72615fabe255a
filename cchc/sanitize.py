"""An allow-list for HTML that editors' Markdown produces: no scripts, handlers or js: URLs."""

from __future__ import annotations

import nh3

ALLOWED_TAGS = {
    "a", "abbr", "b", "blockquote", "br", "caption", "cite", "code", "col", "colgroup", "dd",
    "del", "details", "div", "dl", "dt", "em", "figcaption", "figure", "h1", "h2", "h3", "h4",
    "h5", "h6", "hr", "i", "img", "ins", "kbd", "li", "mark", "nav", "ol", "p", "pre", "q",
    "s", "section", "small", "span", "strong", "sub", "summary", "sup", "table", "tbody", "td",
    "tfoot", "th", "thead", "time", "tr", "u", "ul",
}
ALLOWED_ATTRIBUTES = {
    # data-pagefind-ignore: what search skips (a post header's date, unit and topics); an
    # editor may mark a part of a post with it too.
    "*": {"class", "id", "title", "lang", "dir", "aria-label", "aria-hidden", "aria-current", "role",
          "data-pagefind-ignore"},
    "a": {"href", "hreflang", "rel", "download"},
    "img": {"src", "alt", "width", "height", "loading"},
    # data-label: a cell's column name, shown before it when a table stacks on a phone (CSS attr()).
    "td": {"colspan", "rowspan", "align", "data-label"},
    "th": {"colspan", "rowspan", "scope", "align"},
    "col": {"span"},
    "ol": {"start", "type"},
    "time": {"datetime"},
    "details": {"open"},
}
URL_SCHEMES = {"http", "https", "mailto", "tel"}


# Made once: nh3.clean() builds the same allow-list again on every call, 40 % of its time on a
# post's HTML.
_CLEANER = nh3.Cleaner(
    tags=ALLOWED_TAGS,
    attributes=ALLOWED_ATTRIBUTES,
    url_schemes=URL_SCHEMES,
    link_rel=None,
    strip_comments=True,
)


def sanitize_html(html: str) -> str:
    """Remove every tag, attribute and URL scheme not on the allow-list; keep their text."""
    return _CLEANER.clean(html)
