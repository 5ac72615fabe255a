"""Write deploy/nginx/cchc.conf from its template, with the CSP hashes of a built site.

    cchc nginx-conf                       # build the site, write deploy/nginx/cchc.conf
    cchc nginx-conf --site site/          # from a site already built
    cchc nginx-conf --live /srv/cchc/www/current --portal-origin https://portal.example.gov.vn -o /etc/nginx/snippets/cchc.conf
    cchc nginx-conf --check               # exit 1 if deploy/nginx/cchc.conf is out of date

The portal allowed to frame the embed page (/cchc/nhung/) is `extra.cchc.portal_origin` in
mkdocs.yml (default: the origin of site_url), or --portal-origin. The editors' interface
(/cchc/quan-tri/) may reach the git server of `extra.cchc.cms.base_url` (none when unset); its
config.yml, which names that server, the repository and the OAuth app, is served only when
`extra.cchc.cms.public_config` is true. Each moved address of content/redirects.yml answers 301
with the page's address now.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

from cchc_mkdocs.settings import project_settings  # the settings as the build reads them
from cchc.content.redirects import read_redirects
from cchc.deploy import nginx_conf

OUTPUT = Path("deploy/nginx/cchc.conf")


@dataclass(frozen=True)
class Settings:
    """What the conf needs from mkdocs.yml, as plain values for cchc.deploy.nginx_conf."""

    site_url: str
    portal_origin: object   # extra.cchc.portal_origin, checked by nginx_conf.portal_origin
    cms_base_url: object    # extra.cchc.cms.base_url: the git server the CMS talks to
    cms_public_config: bool = False  # extra.cchc.cms.public_config: serve /quan-tri/config.yml
    moved: tuple[tuple[str, str], ...] = ()  # content/redirects.yml: (old, new) addresses


def site_settings(root: Path) -> Settings:
    """The settings of ``root/mkdocs.yml``, read by the one settings check the build uses
    (cchc_mkdocs.settings); ConfError naming each problem when they do not read."""
    settings, problems = project_settings(root)
    if settings is None or problems:
        raise nginx_conf.ConfError("; ".join(map(str, problems)) or f"không có mkdocs.yml trong {root}")
    redirects, problems = read_redirects(settings.content_root)
    if problems:
        raise nginx_conf.ConfError("; ".join(map(str, problems)))
    return Settings(settings.options.site_url, settings.portal_origin, settings.cms.base_url or None,
                    settings.cms.public_config, tuple((r.old, r.new) for r in redirects.items))


def build(root: Path, into: Path) -> None:
    """Build the site strictly into ``into`` (the inline code does not depend on the build time)."""
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    env.setdefault("SOURCE_DATE_EPOCH", "1672506000")
    done = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "-q", "-d", str(into)],
                          cwd=root, env=env, capture_output=True, text=True)
    if done.returncode:
        sys.exit(f"nginx_conf: the build failed:\n{done.stdout}{done.stderr}")


def conf_text(root: Path, site: Path, live: str, origin: str | None) -> str:
    settings = site_settings(root)
    origin = nginx_conf.portal_origin(origin if origin else settings.portal_origin, settings.site_url)
    template = (root / nginx_conf.TEMPLATE).read_text(encoding="utf-8")
    git_server = nginx_conf.git_origin(settings.cms_base_url)
    return nginx_conf.render(template, site_url=settings.site_url, code=nginx_conf.inline_code(site), origin=origin, live=live,
                             git_server=git_server, public_cms_config=settings.cms_public_config,
                             moved=settings.moved)


def arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--site", type=Path, metavar="THƯ_MỤC", help="một trang đã dựng (mặc định: dựng ngay bây giờ)")
    parser.add_argument("--live", default=nginx_conf.DEFAULT_LIVE,
                        help=f"liên kết mà cchc publish chuyển sang bản mới, THƯ_MỤC/current (mặc định {nginx_conf.DEFAULT_LIVE})")
    parser.add_argument("--portal-origin", help="địa chỉ gốc của cổng được phép nhúng trang /nhung/")
    parser.add_argument("-o", "--output", type=Path, default=OUTPUT, metavar="TỆP",
                        help="nơi ghi (mặc định deploy/nginx/cchc.conf)")
    parser.add_argument("--check", action="store_true", help="chỉ so sánh với --output; trả mã 1 nếu khác")
    parser.add_argument("--root", type=Path, default=Path.cwd(), help=argparse.SUPPRESS)


def run(args: argparse.Namespace) -> int:
    if not args.output.is_absolute():
        args.output = args.root / args.output
    try:
        if args.site:
            text = conf_text(args.root, args.site, args.live, args.portal_origin)
        else:
            with tempfile.TemporaryDirectory() as folder:
                build(args.root, Path(folder) / "site")
                text = conf_text(args.root, Path(folder) / "site", args.live, args.portal_origin)
    except nginx_conf.ConfError as error:
        print(f"cchc nginx-conf: {error}", file=sys.stderr)
        return 2
    if args.check:
        current = args.output.read_text(encoding="utf-8") if args.output.is_file() else ""
        if current != text:
            print(f"{args.output} đã cũ: chạy cchc nginx-conf để viết lại", file=sys.stderr)
            return 1
        return 0
    args.output.parent.mkdir(parents=True, exist_ok=True)
    args.output.write_text(text, encoding="utf-8")
    print(f"đã ghi {args.output}")
    return 0

