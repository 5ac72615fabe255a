"""The preview's web server: MkDocs' livereload server, watching with inotify and knowing which
paths changed; a page waiting to be rendered is rendered before it is served, and every HTML page
carries the current problems notice.

Every answer says ``X-Content-Type-Options: nosniff`` and carries a Content-Security-Policy like
the published site's (cchc.deploy.nginx_conf): an HTML page's inline scripts and styles are
allowed by their hashes, read from the page as served (the livereload script and the notice
included), nothing else inline. A path the server cannot name a file by (a NUL byte) is a 400.
"""

from __future__ import annotations

import html
import logging
import os
import posixpath
import re
import threading

import watchdog.events
import watchdog.observers
from mkdocs.livereload import LiveReloadServer

from cchc.deploy.nginx_conf import ADMIN_PATH, InlineCode, admin_policy, content_security_policy, page_inline_code

from ..rewording import Rewording, installed

_CHANGES = frozenset({"created", "modified", "deleted", "moved", "closed"})
# The policy of every answer that is not an HTML page (a picture, a script, Pagefind's worker).
FILE_POLICY = content_security_policy(InlineCode((), (), (), ()))
# The editors' interface (cchc edit) saves through decap-server on this machine's loopback.
LOCAL_BACKEND = "http://127.0.0.1:*"


# MkDocs' livereload server's lines, said in Vietnamese (LiveReloadMessages); the first words of
# the line that says the preview is ready (scripts/benchmark waits for it).
SERVING = "Bản xem trước ở "
_CLOCK = re.compile(r"^(\[\d\d:\d\d:\d\d\] )?(.*)$", re.DOTALL)
_LIVERELOAD_LINES = (
    (re.compile(r"^Serving on (\S+)(?: and opening it in a browser)?$"), SERVING + r"\1 (Ctrl+C để dừng)"),
    (re.compile(r"^Watching paths for changes: (.*)$"), r"Theo dõi thay đổi trong: \1"),
    (re.compile(r"^Detected file changes$"), "Có tệp vừa thay đổi: dựng lại"),
    (re.compile(r"^Reloading browsers$"), "Tải lại trang trong trình duyệt"),
    (re.compile(r"^Browser connected: (.*)$"), r"Trình duyệt đang mở \1"),
    (re.compile(r"^An error happened during the rebuild\..*$"),
     "Dựng lại không thành công; trình duyệt vẫn hiện bản trước cho đến khi lỗi được sửa"),
)


class LiveReloadMessages(Rewording):
    """Puts MkDocs' livereload lines (mkdocs.livereload) in Vietnamese; others pass unchanged."""

    def reword(self, text: str) -> str | None:
        clock, text = _CLOCK.match(text).groups()  # "[14:05:02] Serving on …"
        for pattern, said in _LIVERELOAD_LINES:
            if pattern.match(text):
                return (clock or "") + pattern.sub(said, text)
        return None


class Problems(logging.Handler):
    """Collects the warnings and errors logged during one rebuild."""

    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.lines: list[tuple[str, str]] = []

    def emit(self, record: logging.LogRecord) -> None:
        message = record.getMessage()
        if record.name.startswith("mkdocs.livereload"):
            return
        # The hooks' logger prefixes "cchc: "; the notice shows path:line: field: message.
        self.lines.append((record.levelname, message.removeprefix("cchc: ")))


def notice_html(problems: list[tuple[str, str]], stale: bool) -> bytes:
    """The notice shown at the top of every served page while the content has problems."""
    if not problems:
        return b""
    errors = [m for level, m in problems if level == "ERROR"]
    warnings = [m for level, m in problems if level != "ERROR"]
    head = ("Nội dung có lỗi: trang chưa được dựng lại, đang hiển thị bản trước. Sửa từng dòng dưới đây "
            "rồi lưu tệp." if stale else "Bản xem trước có lỗi hoặc cảnh báo cần sửa trước khi xuất bản:")
    items = "".join(f"<li><code>{html.escape(line)}</code></li>" for line in errors + warnings)
    return (f'<div id="cchc-preview-problems" role="alert" data-pagefind-ignore style="position:relative;'
            f'z-index:10;margin:0;padding:.8rem 1rem;background:#fdecea;color:#5f1411;border-bottom:3px solid '
            f'#b3261e;font:14px/1.5 system-ui,sans-serif"><strong>{html.escape(head)}</strong>'
            f'<ul style="margin:.4rem 0 0 1.2rem;padding:0">{items}</ul></div>').encode("utf-8")


class PreviewServer(LiveReloadServer):
    """MkDocs' livereload server, watching with inotify and knowing which paths changed; every
    HTML page it serves carries the current problems notice."""

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        installed("mkdocs.livereload", LiveReloadMessages)
        self.observer = watchdog.observers.Observer()
        self.notice = b""
        self._changed: set[str] = set()
        self._changed_lock = threading.Lock()
        # The policy of the HTML page this thread is serving, made as it is injected.
        self._page = threading.local()

    def watch(self, path: str, func=None, *, recursive: bool = True) -> None:
        path = os.path.abspath(path)
        if path in self._watched_paths:
            return
        self._watched_paths[path] = 1

        def callback(event) -> None:
            # Reading a file is an event too (opened, closed without writing): the rebuild's own
            # reads must not start another one.
            if event.event_type not in _CHANGES or (event.is_directory and event.event_type == "modified"):
                return
            with self._changed_lock:
                self._changed.add(os.fsdecode(event.src_path))
                if getattr(event, "dest_path", ""):
                    self._changed.add(os.fsdecode(event.dest_path))
            with self._rebuild_cond:
                self._want_rebuild = True
                self._rebuild_cond.notify_all()

        handler = watchdog.events.FileSystemEventHandler()
        handler.on_any_event = callback
        self._watch_refs[path] = self.observer.schedule(handler, path, recursive=recursive)

    def serve_request(self, environ, start_response):
        """Every answer, a file, a page, a 404 or a 500, with the headers above."""
        self._page.policy = FILE_POLICY
        self._page.admin = environ.get("PATH_INFO", "").startswith(self.mount_path.rstrip("/") + "/" + ADMIN_PATH)

        def respond(status, headers, *exc_info):
            headers = [*headers, ("X-Content-Type-Options", "nosniff"),
                       ("Content-Security-Policy", self._page.policy)]
            return start_response(status, headers, *exc_info)

        if "\x00" in environ.get("PATH_INFO", ""):
            # No file has such a name: opening one would raise, and the answer be a 500.
            respond("400 Bad Request", [("Content-Type", "text/plain; charset=utf-8")])
            return ["Địa chỉ không hợp lệ (có ký tự NUL).".encode("utf-8")]
        return super().serve_request(environ, respond)

    @property
    def error_handler(self):
        """The page of an error code (set by serve()); its policy is made from it as for any page."""
        return self._error_page

    @error_handler.setter
    def error_handler(self, handler) -> None:
        self._error_handler = handler

    def _error_page(self, code: int) -> bytes | None:
        content = self._error_handler(code)
        if content is not None:
            self._page.policy = self._policy_of(content)
        return content

    def _serve_request(self, environ, start_response):
        # A page the last rebuild changed may still be waiting to be rendered: render it first
        # (the same path as MkDocs' server makes from the request).
        path = environ["PATH_INFO"].encode("latin-1").decode("utf-8", "ignore")
        if (path + "/").startswith(self.mount_path):
            rel = posixpath.normpath("/" + path[len(self.mount_path):]).lstrip("/")
            with self._epoch_cond:  # as the server does: not while a rebuild runs
                self._epoch_cond.wait_for(lambda: self._visible_epoch == self._wanted_epoch)
            for candidate in (rel, posixpath.join(rel, "index.html")):
                self.before_serve(os.path.join(self.root, candidate))
        return super()._serve_request(environ, start_response)

    def before_serve(self, file_path: str) -> None:
        """Called with the output path of every request under the site (set by serve())."""

    def take_changes(self) -> set[str]:
        with self._changed_lock:
            changed, self._changed = self._changed, set()
        return changed

    def _inject_js_into_html(self, content: bytes, epoch: int) -> bytes:
        content = super()._inject_js_into_html(content, epoch)
        if self.notice:
            start = content.find(b"<body")
            end = content.find(b">", start) + 1 if start >= 0 else 0
            content = content[:end] + self.notice + content[end:]
        self._page.policy = self._policy_of(content)
        return content

    def _policy_of(self, page: bytes) -> str:
        code = page_inline_code(page)
        if getattr(self._page, "admin", False):
            # Decap CMS: the published interface's policy, its backend on the loopback.
            return admin_policy(LOCAL_BACKEND, code.scripts)
        return content_security_policy(code)
