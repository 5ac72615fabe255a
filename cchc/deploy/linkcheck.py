"""Checks of a built site before it goes live: links and anchors, and no external host.

Each check reads only the output folder (no MkDocs import) and returns the problems it found,
one line each, shaped ``<file in the site>: <what>: <expected>, found <what>``; an empty list
means the site passes. cchc publish runs them on every release; the test suite runs them
on the shipped site (tests/support/sitecheck.py adds the checks only tests need).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit

from lxml import etree, html as lxml_html


# Attributes through which a page refers to another document or resource.
_URL_ATTRIBUTES = ("href", "src", "data", "poster", "action")
# Schemes that never address this site: the checks leave them alone.
_OTHER_SCHEMES = ("mailto:", "tel:", "javascript:", "data:", "blob:", "about:")
# <link rel> values that make the browser fetch (or connect to) the target while the page loads.
LOADING_RELS = frozenset({"stylesheet", "icon", "shortcut", "apple-touch-icon", "mask-icon", "manifest",
                          "preload", "modulepreload", "prefetch", "prerender", "preconnect", "dns-prefetch"})
# Elements whose URL attributes the browser fetches while the page loads (<a href> is not one).
_LOADING_ELEMENTS = {
    "script": ("src",), "img": ("src", "srcset"), "iframe": ("src",), "frame": ("src",),
    "object": ("data",), "embed": ("src",), "source": ("src", "srcset"), "video": ("src", "poster"),
    "audio": ("src",), "track": ("src",), "input": ("src",),
}
# url(...) and @import "..." in CSS, quoted or not.
_CSS_URL = re.compile(r"""url\(\s*(?:"([^"]*)"|'([^']*)'|([^)'"\s]*))\s*\)|@import\s+(?:"([^"]*)"|'([^']*)')""")
_CSS_COMMENT = re.compile(r"/\*.*?\*/", re.S)
# Text files whose bytes a feed reader or the browser may read: checked for site URLs.
_FEED_SUFFIXES = (".xml",)


@dataclass(frozen=True)
class LinkReport:
    """What the link check read and what it found broken."""

    pages: int                      # HTML pages read
    feeds: int                      # XML files read (feeds, sitemap)
    links: int                      # references to this site checked (pages, CSS and feeds)
    anchors: int                    # of those, references to a #fragment
    problems: tuple[str, ...] = field(default=())


class _Site:
    """A built site at ``root`` published at ``site_url``: maps URLs to files and knows page ids."""

    def __init__(self, root: Path, site_url: str):
        self.root = root
        self.site_url = site_url if site_url.endswith("/") else site_url + "/"
        parts = urlsplit(self.site_url)
        self.host, self.path = parts.netloc, parts.path
        self._ids: dict[Path, frozenset[str]] = {}

    def url_of(self, file: Path) -> str:
        """The address ``file`` is published at."""
        return self.site_url + file.relative_to(self.root).as_posix()

    def is_ours(self, url: str) -> bool:
        parts = urlsplit(url)
        return parts.scheme in ("http", "https") and parts.netloc == self.host

    def file_for(self, url: str) -> Path | None:
        """The file serving ``url`` (an address on this site's host), or None outside the site."""
        path = unquote(urlsplit(url).path)
        if not path.startswith(self.path):
            return None
        rel = path[len(self.path):]
        target = self.root / (rel + "index.html" if rel == "" or rel.endswith("/") else rel)
        return target / "index.html" if target.is_dir() else target

    def ids(self, page: Path) -> frozenset[str]:
        """Every id (and <a name>) in ``page``: the fragments a link to it may name."""
        if page not in self._ids:
            tree = _parse_html(page)
            self._ids[page] = frozenset(tree.xpath("//@id") + tree.xpath("//a/@name")) if tree is not None else frozenset()
        return self._ids[page]

    def rel(self, file: Path) -> str:
        return file.relative_to(self.root).as_posix()

    def problem_with(self, url: str) -> str | None:
        """Why ``url`` (on this site's host) is broken, or None when it resolves."""
        target = self.file_for(url)
        if target is None:
            return f"địa chỉ ngoài trang (ngoài {self.path})" if urlsplit(url).netloc == self.host else None
        if "//" in urlsplit(url).path:
            # Some servers merge the slashes, static hosts such as object stores do not.
            return "đường dẫn có đoạn rỗng (//)"
        if not target.is_file():
            return f"không có tệp {self.rel(target)}"
        fragment = unquote(urlsplit(url).fragment)
        if fragment and target.suffix == ".html" and fragment not in self.ids(target):
            return f"không có id {fragment!r} trong {self.rel(target)}"
        return None


def _parse_html(path: Path):
    text = path.read_bytes()
    if not text.strip():
        return None
    return lxml_html.document_fromstring(text)


def _html_pages(root: Path) -> list[Path]:
    return sorted(root.rglob("*.html"))


def _srcset_urls(value: str) -> list[str]:
    return [candidate.split()[0] for candidate in value.split(",") if candidate.strip()]


def _css_urls(text: str) -> list[str]:
    return [next(g for g in match.groups() if g is not None) for match in _CSS_URL.finditer(_CSS_COMMENT.sub("", text))]


def _page_references(tree) -> list[tuple[str, str]]:
    """(element description, URL) for every URL-bearing attribute and inline CSS url() in a page."""
    found: list[tuple[str, str]] = []
    for element in tree.iter(etree.Element):
        for attribute in _URL_ATTRIBUTES:
            value = element.get(attribute)
            if value is not None:
                found.append((f"<{element.tag} {attribute}>", value.strip()))
        if element.get("srcset"):
            found += [(f"<{element.tag} srcset>", url) for url in _srcset_urls(element.get("srcset"))]
        if element.get("style"):
            found += [(f"<{element.tag} style>", url) for url in _css_urls(element.get("style"))]
        if element.tag == "style" and element.text:
            found += [("<style>", url) for url in _css_urls(element.text)]
    return found


def _skipped(url: str) -> bool:
    return not url or url.lower().startswith(_OTHER_SCHEMES) or url == "#"


def check_links(root: Path, site_url: str) -> LinkReport:
    """Follow every reference to this site from its pages, stylesheets and feeds: each must
    name a file of the built site and, with a #fragment into a page, an id in that page."""
    site = _Site(root, site_url)
    problems: list[str] = []
    links = anchors = 0

    def check(source: Path, what: str, url: str, resolved: str) -> None:
        nonlocal links, anchors
        if not site.is_ours(resolved) or urlsplit(url).netloc and site.file_for(resolved) is None:
            return  # another host, or a full address elsewhere on this host (the department's site)
        links += 1
        anchors += bool(urlsplit(resolved).fragment)
        reason = site.problem_with(resolved)
        if reason:
            problems.append(f"{site.rel(source)}: {what} {url!r}: liên kết hỏng, {reason}; sửa liên kết "
                            "hoặc thêm tệp")

    pages = _html_pages(root)
    for page in pages:
        tree = _parse_html(page)
        if tree is None:
            continue
        base = site.url_of(page)
        for what, url in _page_references(tree):
            if not _skipped(url):
                check(page, what, url, urljoin(base, url))
    for sheet in sorted(root.rglob("*.css")):
        base = site.url_of(sheet)
        for url in _css_urls(sheet.read_text(encoding="utf-8", errors="replace")):
            if not _skipped(url):
                check(sheet, "url()", url, urljoin(base, url))
    feeds = sorted(p for p in root.rglob("*") if p.suffix in _FEED_SUFFIXES and p.is_file())
    for feed in feeds:
        try:
            tree = etree.parse(str(feed))
        except etree.XMLSyntaxError as error:
            problems.append(f"{site.rel(feed)}: XML: tệp XML sai cú pháp ({error})")
            continue
        for element in tree.iter(etree.Element):
            name = etree.QName(element).localname
            for attribute in ("href", "url", "src"):
                value = (element.get(attribute) or "").strip()
                if value.startswith(site.site_url):
                    check(feed, f"<{name} {attribute}>", value, value)
            text = (element.text or "").strip()
            if text.startswith(site.site_url) and not any(c.isspace() for c in text):
                check(feed, f"<{name}>", text, text)
    return LinkReport(len(pages), len(feeds), links, anchors, tuple(problems))


def broken_links(root: Path, site_url: str) -> list[str]:
    """Broken references to this site from its pages, stylesheets and feeds (see check_links)."""
    return list(check_links(root, site_url).problems)


def _is_external(url: str, host: str) -> bool:
    """True for an absolute (or scheme-relative) URL on a host other than the site's."""
    if url.lower().startswith(_OTHER_SCHEMES):
        return False
    netloc = urlsplit(url).netloc
    return bool(netloc) and netloc != host


def external_resources(root: Path, site_url: str) -> list[str]:
    """Resources a page would load from another host: scripts, stylesheets, images, frames,
    objects, fonts and other url()s in CSS. Links a reader may follow (<a href>) do not count."""
    host = urlsplit(site_url).netloc
    problems: list[str] = []
    for page in _html_pages(root):
        tree = _parse_html(page)
        if tree is None:
            continue
        rel = page.relative_to(root).as_posix()
        loads: list[tuple[str, str]] = []
        for element in tree.iter(etree.Element):
            if element.tag == "link" and LOADING_RELS & set((element.get("rel") or "").lower().split()):
                loads.append((f"<link rel={element.get('rel')!r}>", element.get("href") or ""))
            elif element.tag in _LOADING_ELEMENTS and not (element.tag == "input" and element.get("type") != "image"):
                for attribute in _LOADING_ELEMENTS[element.tag]:
                    value = element.get(attribute)
                    if value:
                        urls = _srcset_urls(value) if attribute == "srcset" else [value.strip()]
                        loads += [(f"<{element.tag} {attribute}>", url) for url in urls]
            if element.get("style"):
                loads += [(f"<{element.tag} style> url()", url) for url in _css_urls(element.get("style"))]
            if element.tag == "style" and element.text:
                loads += [("<style> url()", url) for url in _css_urls(element.text)]
        problems += [f"{rel}: {what}: tải {url!r} từ máy chủ khác; chỉ dùng tệp của chính trang này"
                     for what, url in loads if _is_external(url, host)]
    for sheet in sorted(root.rglob("*.css")):
        rel = sheet.relative_to(root).as_posix()
        problems += [f"{rel}: url(): tải {url!r} từ máy chủ khác; chỉ dùng tệp của chính trang này"
                     for url in _css_urls(sheet.read_text(encoding="utf-8", errors="replace")) if _is_external(url, host)]
    return problems
