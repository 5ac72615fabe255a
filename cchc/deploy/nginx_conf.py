"""The nginx configuration of the section, made from deploy/nginx/cchc.conf.template.

The Content-Security-Policy allows no inline code except the exact inline scripts and styles a
built site carries, by their sha256 hashes, read from the built HTML (Material writes a few
small inline scripts into every page; table alignment is written as style attributes; the
embed page carries its own stylesheet). Everything else must come from the site itself.
"""

from __future__ import annotations

import base64
import hashlib
import re
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import Sequence
from urllib.parse import urlsplit

from lxml import etree
from lxml import html as lxml_html

TEMPLATE = Path("deploy/nginx/cchc.conf.template")
DEFAULT_LIVE = "/srv/cchc/www/current"
EMBED_PATH = "nhung/"
ADMIN_PATH = "quan-tri/"  # the editors' interface, Decap CMS (cchc/site/cms.py ADMIN_URL)
# An origin goes into a header and into the conf: scheme, host and port, nothing else.
_ORIGIN = re.compile(r"^https?://[a-z0-9](?:[a-z0-9-]*[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]*[a-z0-9])?)*(?::\d{1,5})?$")
_BASE_URL = re.compile(r"^(https?://[^/]+)(?:/[A-Za-z0-9._~-]+)*$")
_LIVE = re.compile(r"^/[A-Za-z0-9._/-]+$")
_JS_TYPES = {"", "text/javascript", "application/javascript", "module"}
_HASH = re.compile(r"'(sha256-[A-Za-z0-9+/=]+)'")
_MOVED = re.compile(r"^(?:[a-z0-9](?:[a-z0-9._-]*[a-z0-9])?/)+$")
STATUS_DIR = "trang-thai"  # DEST/trang-thai: the publishing status, served at quan-tri/trang-thai/


class ConfError(ValueError):
    """A setting that cannot go into the nginx conf; the message says what was expected."""


@dataclass(frozen=True)
class InlineCode:
    """The inline code of a built site, as CSP source expressions (sorted, without duplicates)."""

    scripts: tuple[str, ...]       # <script> elements without src that a browser runs
    styles: tuple[str, ...]        # <style> elements
    style_attrs: tuple[str, ...]   # style="..." attributes
    handlers: tuple[str, ...]      # on*="..." attributes: never allowed, reported as problems


def csp_hash(text: str) -> str:
    """The CSP source expression of an inline script or style: 'sha256-<base64>'."""
    return "'sha256-" + base64.b64encode(hashlib.sha256(text.encode("utf-8")).digest()).decode() + "'"


def _pages(site: Path) -> list[Path]:
    return sorted(site.rglob("*.html"))


def inline_code(site: Path) -> InlineCode:
    """Every inline script, style and style attribute of the HTML pages under ``site``."""
    pages = [page_inline_code(path.read_bytes(), path.relative_to(site).as_posix()) for path in _pages(site)]
    return InlineCode(*(tuple(sorted({item for page in pages for item in getattr(page, part)}))
                        for part in ("scripts", "styles", "style_attrs", "handlers")))


def page_inline_code(data: bytes, name: str = "page") -> InlineCode:
    """The inline scripts, styles and style attributes of one HTML page (``name`` in handlers)."""
    scripts, styles, attrs, handlers = set(), set(), set(), set()
    try:
        tree = lxml_html.fromstring(data, parser=lxml_html.HTMLParser(encoding="utf-8"))
    except (etree.ParserError, ValueError):  # an empty file: nothing inline
        return InlineCode((), (), (), ())
    for script in tree.iter("script"):
        if script.get("src") is None and script.get("type", "").strip().lower() in _JS_TYPES:
            scripts.add(csp_hash(script.text or ""))
    for style in tree.iter("style"):
        styles.add(csp_hash(style.text or ""))
    for element in tree.iter():
        if not isinstance(element.tag, str):
            continue
        if "style" in element.attrib:
            attrs.add(csp_hash(element.get("style")))
        for attribute in element.attrib:
            if attribute.lower().startswith("on"):
                handlers.add(f"{name}: <{element.tag} {attribute}=...>")
    return InlineCode(tuple(sorted(scripts)), tuple(sorted(styles)), tuple(sorted(attrs)), tuple(sorted(handlers)))


def content_security_policy(code: InlineCode) -> str:
    """The policy of every page, without frame-ancestors (set per path in the conf).

    Exceptions to "only files from this site": the hashed inline scripts and styles of ``code``;
    'wasm-unsafe-eval', without which Pagefind cannot compile its WebAssembly search; data:
    images, which Material's and Pagefind's stylesheets use for their icons; object-src and
    frame-src 'self' for the bulletins' PDFs shown in the page.
    """
    def directive(name: str, *sources: str) -> str:
        return " ".join((name, *sources))

    parts = [
        directive("default-src", "'none'"),
        directive("script-src", "'self'", "'wasm-unsafe-eval'", *code.scripts),
        directive("style-src", "'self'"),
        directive("style-src-elem", "'self'", *code.styles),
        directive("style-src-attr", *(("'unsafe-hashes'", *code.style_attrs) if code.style_attrs else ("'none'",))),
        directive("img-src", "'self'", "data:"),
        directive("font-src", "'self'"),
        directive("connect-src", "'self'"),
        directive("worker-src", "'self'"),
        # The bulletins' PDFs are shown in an <object>; Chromium checks it against both.
        directive("object-src", "'self'"),
        directive("frame-src", "'self'"),
        directive("base-uri", "'none'"),
        directive("form-action", "'none'"),  # the site has no form
    ]
    return "; ".join(parts)


def admin_policy(git_origin: str | None, scripts: tuple[str, ...] = ()) -> str:
    """The policy of the editors' interface (/quan-tri/, Decap CMS), without frame-ancestors.

    Decap needs what the rest of the site refuses, measured in Chromium: 'unsafe-eval' (it
    validates its config.yml with ajv, which compiles the schema with ``new Function``) and
    'unsafe-inline' <style> elements (emotion, its CSS-in-JS, writes them at run time, with text
    no hash can list); style attributes stay refused (React sets styles through the DOM).
    It talks to the git server (``git_origin``, from extra.cchc.cms.base_url: API, OAuth token)
    and shows pictures from it (the account's avatar);
    a picture chosen for upload is shown from, and read back through, a blob: URL. Nothing else
    (tests/test_nginx_cms.py writes a post with a picture through nginx without a violation).
    ``scripts``: hashes of inline scripts to allow (the preview's live-reload script).
    """
    server = (git_origin,) if git_origin else ()
    parts = [
        ("default-src", "'none'"),
        ("script-src", "'self'", "'unsafe-eval'", *scripts),
        ("style-src", "'self'"),
        ("style-src-elem", "'self'", "'unsafe-inline'"),
        ("style-src-attr", "'none'"),
        ("img-src", "'self'", "blob:", *server),
        ("connect-src", "'self'", "blob:", *server),
        ("base-uri", "'none'"),
        ("form-action", "'none'"),
    ]
    return "; ".join(" ".join(part) for part in parts)


def git_origin(base_url: object) -> str | None:
    """The origin of the CMS's git server (extra.cchc.cms.base_url), or None when it is not set.

    It goes into a header: only scheme, host and port, and a path of plain characters at most
    (a GitLab under /gitlab); anything else is refused."""
    text = base_url.strip().rstrip("/") if isinstance(base_url, str) else base_url
    if text in (None, ""):
        return None  # as cchc/site/cms.py reads it: unset, the CMS has the local backend only
    match = _BASE_URL.match(text) if isinstance(text, str) else None
    if not match or not _ORIGIN.match(match.group(1)):
        raise ConfError(f"cms.base_url: đang ghi {base_url!r}; ghi địa chỉ máy chủ git như "
                        "https://git.example.gov.vn (giao thức, tên máy chữ thường, có thể thêm cổng và đường dẫn)")
    return match.group(1)


def portal_origin(value: object, site_url: str) -> str:
    """The origin allowed to frame the embed page: ``value`` (extra.cchc.portal_origin), or the
    site's own origin when it is not set."""
    if value in (None, ""):
        parts = urlsplit(site_url)
        value = f"{parts.scheme}://{parts.netloc}"
    if not isinstance(value, str) or not _ORIGIN.match(value):
        raise ConfError(f"portal_origin: đang ghi {value!r}; ghi nguồn (origin) như https://portal.example.gov.vn "
                        "(giao thức, tên máy chữ thường, có thể thêm cổng; không có đường dẫn)")
    return value


def redirect_lines(prefix: str, moved: Sequence[tuple[str, str]]) -> str:
    """An exact location per moved address (old, new: site-relative, as content/redirects.yml
    gives them) answering 301 with the new one; with and without the trailing slash. The conf is
    included inside a ``server`` block, where nginx allows no ``map``: exact locations are
    looked up as fast."""
    if not moved:
        return "# (none: content/redirects.yml lists no moved address)"
    lines = []
    for old, new in moved:
        if not (_MOVED.match(old) and _MOVED.match(new)):
            raise ConfError(f"chuyển hướng: đang ghi {old!r}: {new!r}; ghi địa chỉ trong trang, như "
                            "tin-tuc/2022/ten-cu/")
        lines.append(f"location = {prefix}{old} {{ return 301 {prefix}{new}; }}")
        lines.append(f"location = {prefix}{old.rstrip('/')} {{ return 301 {prefix}{new}; }}")
    return "\n    ".join(lines)


def render(template: str, *, site_url: str, code: InlineCode, origin: str, live: str = DEFAULT_LIVE,
           git_server: str | None = None, public_cms_config: bool = False,
           moved: Sequence[tuple[str, str]] = ()) -> str:
    """The conf from ``template``: its @PLACEHOLDERS@ filled for this site. The CMS's
    config.yml is served only with ``public_cms_config`` (extra.cchc.cms.public_config);
    ``moved``: the (old, new) addresses of content/redirects.yml."""
    if not _LIVE.match(live):
        raise ConfError(f"thư mục đang chạy: đang ghi {live!r}; ghi đường dẫn tuyệt đối chỉ gồm chữ, số và "
                        ". _ / -")
    if git_server is not None and not _ORIGIN.match(git_server):
        raise ConfError(f"máy chủ git: đang ghi {git_server!r}; ghi nguồn (origin) như https://git.example.gov.vn")
    prefix = urlsplit(site_url).path or "/"
    if not prefix.endswith("/"):
        prefix += "/"
    values = {
        "@PREFIX@": prefix,
        "@PREFIX_RE@": re.escape(prefix),
        "@LIVE@": live.rstrip("/"),
        "@CSP@": content_security_policy(code),
        "@PORTAL_ORIGIN@": origin,
        "@EMBED@": prefix + EMBED_PATH,
        "@ADMIN@": prefix + ADMIN_PATH,
        "@ADMIN_CSP@": admin_policy(git_server),
        "@GIT_SERVER@": git_server or "none set",
        "@ADMIN_CONFIG@": ("# Served: extra.cchc.cms.public_config is true." if public_cms_config
                           else "return 404;  # Not public: extra.cchc.cms.public_config is not true."),
        # cchc publish writes the editors' status page beside the live link (DEST/trang-thai).
        "@STATUS@": str(PurePosixPath(live.rstrip("/")).parent / STATUS_DIR),
        "@REDIRECTS@": redirect_lines(prefix, moved),
    }
    text = template
    for key, value in values.items():
        text = text.replace(key, value)
    left = re.findall(r"@[A-Z_]+@", text)
    if left:
        raise ConfError(f"mẫu cấu hình có chỗ điền không biết: {', '.join(sorted(set(left)))}; sửa lại mẫu")
    return text


def allowed_hashes(conf_text: str) -> set[str]:
    """Every 'sha256-...' source in the conf's Content-Security-Policy headers."""
    found = set()
    for line in conf_text.splitlines():
        if "Content-Security-Policy" in line:
            found.update(f"'{h}'" for h in _HASH.findall(line))
    return found


def unallowed_inline_code(site: Path, conf: Path) -> list[str]:
    """Inline code in the built ``site`` that the CSP of ``conf`` would block, one line each:
    a release with any is not published (regenerate the conf: cchc nginx-conf)."""
    allowed = allowed_hashes(conf.read_text(encoding="utf-8"))
    code = inline_code(site)
    problems = [f"{kind} nội tuyến {h} không được Content-Security-Policy trong {conf} cho phép; "
                f"chạy cchc nginx-conf rồi nạp lại nginx"
                for kind, hashes in (("script", code.scripts), ("style", code.styles),
                                     ("thuộc tính style", code.style_attrs))
                for h in hashes if h not in allowed]
    problems += [f"{where}: mã xử lý sự kiện nội tuyến, CSP sẽ chặn; chuyển mã vào một tệp script"
                 for where in code.handlers]
    return problems
