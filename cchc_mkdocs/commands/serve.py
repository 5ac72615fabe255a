"""Preview the site while editing: build once, then re-render only what a save changes.

    cchc serve                     # http://127.0.0.1:8000/cchc/
    cchc serve -a 127.0.0.1:8001 -f path/to/mkdocs.yml

`mkdocs serve` builds the whole site again after every save (MkDocs 1.x has no incremental
build) and our hooks run Pagefind each time: 26 s at 4,000 posts. This server keeps one MkDocs
build in memory, watches content/ and docs/ (inotify, not polling) and after a save:

- a post, procedure or bulletin whose front matter is unchanged (an edit of its text): only its
  own page is rendered again (the body appears on no other page, nor in feeds);
- anything else (a title, a date, a new, deleted or renamed file, a plan, an attachment): the
  content is loaded and checked again (files not changed since are not parsed again, posts not
  saved since are not checked again, a plan year's report is made again only if its coverage
  changed), every page's Markdown is made and compared with what was rendered last; embeds
  are written again, outputs that no longer exist are deleted, and the browser is told to
  reload. The pages whose Markdown changed (the post, the lists, topic pages and home it
  appears on: 340 pages when a post moves every news page at 4,000 posts) are rendered when
  asked for: the page the browser reloads is rendered first, and a worker thread renders the
  others meanwhile; so are the feeds and a changed year's report page with its coverage.json,
  .docx and CSV, made only then (cchc.build.Build's ``later``). Editing a plan re-checks
  coverage, as a build does.

The search index is built once, when the preview starts, and not after saves (Pagefind takes
seconds at a few thousand posts); restart the preview to search what was added since.

The browser reloads the page by itself (MkDocs' livereload). A content error never stops the
server: it is printed in the terminal and shown at the top of every served page as
`path:line: field: message` until it is fixed; meanwhile the last good site is served.

The output equals what `mkdocs build` writes with the same SOURCE_DATE_EPOCH (tests/test_preview.py
compares them), including site_url: unlike `mkdocs serve`, links keep the configured address.
"""

from __future__ import annotations

import argparse
import logging
import os
import shutil
import sys
import tempfile
import threading
from pathlib import Path
from urllib.parse import urlsplit

from ..preview.server import PreviewServer, notice_html
from ..preview.site import Preview

log = logging.getLogger("mkdocs.cchc.preview")


def serve(config_file: str | None, address: str, search: bool = True, site_dir: str | None = None) -> int:
    """Build, serve and watch until Ctrl-C; ``site_dir`` (default: a temp folder removed at the
    end) receives the site."""
    host, _, port = address.rpartition(":")
    keep = site_dir is not None
    site_dir = os.path.abspath(site_dir) if keep else tempfile.mkdtemp(prefix="cchc_preview_")
    preview = Preview(config_file, site_dir, search=search)
    mount_path = urlsplit(preview.config.site_url or "/").path
    server = PreviewServer(builder=lambda: None, host=host or "127.0.0.1", port=int(port),
                           root=site_dir, mount_path=mount_path)

    def builder() -> None:
        preview.update(server.take_changes())
        server.notice = notice_html(preview.problems, preview.stale)

    server.builder = builder
    server.before_serve = preview.render_waiting

    def error_page(code: int) -> bytes | None:
        page = Path(site_dir) / f"{code}.html"
        return page.read_bytes() if code in (404, 500) and page.is_file() else None

    server.error_handler = error_page
    try:
        log.info("Đang dựng bản xem trước...")
        preview.update(None)
        server.notice = notice_html(preview.problems, preview.stale)
        server.watch(str(preview.root / "content"))
        server.watch(preview.config.docs_dir)
        threading.Thread(target=preview.render_all_waiting, name="waiting pages", daemon=True).start()
        try:
            server.serve()
        except KeyboardInterrupt:
            log.info("Đang dừng bản xem trước...")
        finally:
            preview.close()
            server.shutdown()
    finally:
        preview.config.plugins.on_shutdown()
        if not keep:
            shutil.rmtree(site_dir, ignore_errors=True)
    return 0


def arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("-a", "--dev-addr", default="127.0.0.1:8000", metavar="MÁY:CỔNG",
                        help="địa chỉ phục vụ trang xem trước (mặc định 127.0.0.1:8000)")
    parser.add_argument("-f", "--config-file", default=None, metavar="TỆP",
                        help="tệp mkdocs.yml dùng để dựng (mặc định: ./mkdocs.yml)")
    parser.add_argument("--no-search", action="store_true", help="không dựng chỉ mục tìm kiếm khi bắt đầu")
    parser.add_argument("-d", "--site-dir", default=None, metavar="THƯ_MỤC",
                        help="dựng vào thư mục này và giữ lại (mặc định: một thư mục tạm, xóa khi dừng)")


def run(args: argparse.Namespace) -> int:
    # MkDocs' layout, one line a message (its ColorFormatter wraps long lines: a problem's
    # `path:line: field: message` must stay on one line for editors' tools and scripts).
    handler = logging.StreamHandler()
    handler.setFormatter(logging.Formatter("%(levelname)-7s -  %(message)s"))
    logger = logging.getLogger("mkdocs")
    logger.addHandler(handler)
    logger.setLevel(logging.INFO)
    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
    return serve(args.config_file, args.dev_addr, search=not args.no_search, site_dir=args.site_dir)
