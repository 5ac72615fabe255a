"""Publish the site: build a new release under DEST, check it, make it live in one step.

    cchc publish /srv/cchc/www              # publish if anything changed
    cchc publish /srv/cchc/www --rollback   # the previous release, live again
    cchc publish /srv/cchc/www --resume     # publish again after a rollback

The web server serves DEST/current (deploy/nginx/cchc.conf). Nothing is published when the
content check (cchc check), the strict build, or the checks of the built site (links,
no external host, inline scripts allowed by the nginx CSP) fail: the live site stays as it was.
With SOURCE_DATE_EPOCH set, it publishes as of that moment instead of now. Run with nothing
changed, it builds nothing; run by a timer every minute (deploy/systemd), it
publishes scheduled posts when they fall due. After every attempt it writes the editors' status
page, DEST/trang-thai/ (served at quan-tri/trang-thai/), and with `extra.cchc.publish_mail` set
emails a new release or a new failure (cchc.deploy.status). Exit code 0: published, unchanged or
paused; 1: refused (the reason is printed).

THƯ_MỤC must be a folder of the user who publishes, outside the project, its content and any
release (not empty, not /). The nginx conf the CSP check reads must exist: a mistyped
--nginx-conf is an error, never a skipped check.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

from cchc_mkdocs.settings import project_settings

from cchc.deploy import nginx_conf
from cchc.deploy import linkcheck
from cchc.deploy import status
from cchc.deploy.nginx_conf import STATUS_DIR
from cchc.deploy.publish import (DEFAULT_KEEP, GENERATORS, PublishError, check_destination, publish, resume,
                                 rollback)
from cchc.site.cms import ADMIN_URL



def site_checks(root: Path, csp_conf: Path | None, settings=None):
    """The checks of a built folder before it goes live; each returns the problems it finds.
    ``settings``: cchc_mkdocs.settings.project_settings(root), when the caller has it already."""
    found, problems = settings or project_settings(root)
    if problems or found is None:
        raise PublishError("; ".join(map(str, problems)) if problems else f"không có mkdocs.yml trong {root}")
    options = found.options

    def check(site: Path) -> list[str]:
        found = linkcheck.broken_links(site, options.site_url)
        found += linkcheck.external_resources(site, options.site_url)
        if csp_conf is not None:
            found += nginx_conf.unallowed_inline_code(site, csp_conf)
        return found

    return check


def moment(environ) -> float | None:
    """The moment to publish as of: SOURCE_DATE_EPOCH when set (to test a schedule), else now."""
    value = environ.get("SOURCE_DATE_EPOCH", "").strip()
    return float(int(value)) if value else None


def arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("dest", metavar="THƯ_MỤC",
                        help="thư mục phát hành (máy chủ web phục vụ THƯ_MỤC/current)")
    parser.add_argument("--keep", type=int, default=DEFAULT_KEEP,
                        help=f"số bản phát hành giữ lại để quay lại (mặc định {DEFAULT_KEEP})")
    parser.add_argument("--rollback", action="store_true",
                        help="đưa bản phát hành trước bản đang chạy trở lại, và tạm dừng việc đăng")
    parser.add_argument("--resume", action="store_true", help="đăng tiếp sau khi đã quay lại bản trước")
    parser.add_argument("--force", action="store_true", help="dựng lại dù có vẻ không có gì thay đổi")
    parser.add_argument("--generator", choices=sorted(GENERATORS), default="mkdocs",
                        help="chương trình dựng trang (properdocs: bản MkDocs 1.x được tiếp tục duy trì)")
    parser.add_argument("--nginx-conf", type=Path, default=Path("deploy/nginx/cchc.conf"),
                        help="cấu hình nginx đang phục vụ: bản phát hành có mã script hoặc style nội tuyến mà "
                             "CSP của nó không cho phép sẽ bị từ chối (mặc định: deploy/nginx/cchc.conf)")
    parser.add_argument("--root", type=Path, default=Path.cwd(), help=argparse.SUPPRESS)


def run(args: argparse.Namespace) -> int:
    if args.keep < 1:
        print("cchc publish: lỗi: --keep phải từ 1 trở lên", file=sys.stderr)
        return 2
    nginx = args.nginx_conf if args.nginx_conf.is_absolute() else args.root / args.nginx_conf
    try:
        return _run(args, nginx)
    except OSError as error:  # the folder cannot be written, a disk is full...
        print(f"cchc publish: không ghi được {error.filename or args.dest} ({error.strerror or error}); "
              "trang đang chạy vẫn như cũ", file=sys.stderr)
        return 1


def _run(args: argparse.Namespace, nginx: Path) -> int:
    settings = project_settings(args.root) if not args.rollback else (None, [])
    found = settings[0]
    content = found.content_dir if found else args.root / "content"
    try:
        dest = check_destination(args.dest, [args.root, content])
    except PublishError as error:
        print(f"publish: {error}", file=sys.stderr)
        return 1
    if args.rollback:
        try:
            outcome = rollback(dest)
        except PublishError as error:
            print(f"publish: {error}", file=sys.stderr)
            return 1
        print(outcome.message)
        return 0
    now = moment(os.environ)
    try:
        if not nginx.is_file():
            raise PublishError(f"không có cấu hình nginx {nginx}: việc kiểm tra CSP của bản phát hành cần "
                               "nó; tạo bằng cchc nginx-conf, hoặc chỉ đúng tệp với --nginx-conf")
        if args.resume:
            resume(dest)
        outcome = publish(args.root, dest, keep=args.keep, force=args.force, generator=args.generator,
                          now=now,
                          check_command=[sys.executable, "-m", "cchc_mkdocs.cli", "check",
                                         "--root", str(args.root)],
                          site_checks=site_checks(args.root, nginx, settings), say=print,
                          content_root=found.content_root if found else args.root)
        action, message, code = outcome.action, outcome.message, 0
    except PublishError as error:
        print(f"publish: {error}", file=sys.stderr)
        action, message, code = "refused", str(error), 1
    # The editors' status page (and email): after every attempt, whatever it did.
    site_url = found.options.site_url if found else ""
    try:
        record(dest, action, message, now, found, args.root, site_url)
    except OSError as error:
        print(f"publish: không ghi được trang tình trạng vào {dest}: {error}", file=sys.stderr)
    if code == 0:
        print(message)
    return code


def record(dest: Path, action: str, message: str, now: float | None, found, root: Path, site_url: str) -> None:
    """The editors' status page and email after an attempt (cchc.deploy.status)."""
    status.record_attempt(dest, action, message, now=time.time() if now is None else now,
                          content_root=found.content_root if found else root,
                          as_of=found.options.as_of if found else None, mail=found.mail if found else None,
                          status_url=f"{site_url}{ADMIN_URL}{STATUS_DIR}/" if site_url else "",
                          say=lambda line: print(f"publish: {line}", file=sys.stderr))

