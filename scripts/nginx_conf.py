"""Write deploy/nginx/cchc.conf from its template, with the CSP hashes of a built site.

    python scripts/nginx_conf.py                       # build the site, write deploy/nginx/cchc.conf
    python scripts/nginx_conf.py --site site/          # from a site already built
    python scripts/nginx_conf.py --live /srv/cchc/www/current --portal-origin https://portal.example.gov.vn -o /etc/nginx/snippets/cchc.conf
    python scripts/nginx_conf.py --check               # exit 1 if deploy/nginx/cchc.conf is out of date

The portal allowed to frame the embed page (/cchc/nhung/) is `extra.cchc.portal_origin` in
mkdocs.yml (default: the origin of site_url), or --portal-origin. The editors' interface
(/cchc/quan-tri/) may reach the git server of `extra.cchc.cms.base_url` (none when unset).
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
from pathlib import Path

import yaml

from cchc.deploy import nginx_conf

ROOT = Path(__file__).resolve().parents[1]
OUTPUT = ROOT / "deploy/nginx/cchc.conf"


class _ConfigLoader(yaml.SafeLoader):
    """mkdocs.yml as plain data: MkDocs' own tags (!!python/name, !ENV) are read as None."""


_ConfigLoader.add_multi_constructor("", lambda loader, suffix, node: None)


def site_settings(root: Path) -> tuple[str, object]:
    """(site_url, extra.cchc.portal_origin) from ``root/mkdocs.yml``."""
    config = yaml.load((root / "mkdocs.yml").read_text(encoding="utf-8"), Loader=_ConfigLoader) or {}
    cchc = _cchc(config)
    return str(config.get("site_url") or ""), cchc.get("portal_origin")


def _cchc(config: object) -> dict:
    extra = config.get("extra") if isinstance(config, dict) else None
    cchc = extra.get("cchc") if isinstance(extra, dict) else None
    return cchc if isinstance(cchc, dict) else {}


def cms_base_url(root: Path) -> object:
    """extra.cchc.cms.base_url from ``root/mkdocs.yml``: the git server the CMS talks to."""
    config = yaml.load((root / "mkdocs.yml").read_text(encoding="utf-8"), Loader=_ConfigLoader) or {}
    cms = _cchc(config).get("cms")
    return cms.get("base_url") if isinstance(cms, dict) else None


def build(root: Path, into: Path) -> None:
    """Build the site strictly into ``into`` (the inline code does not depend on the build time)."""
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    env.setdefault("SOURCE_DATE_EPOCH", "1672506000")
    done = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "-q", "-d", str(into)],
                          cwd=root, env=env, capture_output=True, text=True)
    if done.returncode:
        sys.exit(f"nginx_conf: the build failed:\n{done.stdout}{done.stderr}")


def conf_text(root: Path, site: Path, live: str, origin: str | None) -> str:
    site_url, configured = site_settings(root)
    origin = nginx_conf.portal_origin(origin if origin else configured, site_url)
    template = (root / nginx_conf.TEMPLATE).read_text(encoding="utf-8")
    git_server = nginx_conf.git_origin(cms_base_url(root))
    return nginx_conf.render(template, site_url=site_url, code=nginx_conf.inline_code(site), origin=origin, live=live,
                             git_server=git_server)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Write the nginx conf of the section from its template")
    parser.add_argument("--site", type=Path, help="a built site (default: build one now)")
    parser.add_argument("--live", default=nginx_conf.DEFAULT_LIVE,
                        help=f"the live link publish.py switches, DEST/current (default {nginx_conf.DEFAULT_LIVE})")
    parser.add_argument("--portal-origin", help="the origin allowed to frame the embed page")
    parser.add_argument("-o", "--output", type=Path, default=OUTPUT, help="where to write (default deploy/nginx/cchc.conf)")
    parser.add_argument("--check", action="store_true", help="only compare with --output; exit 1 if it differs")
    parser.add_argument("--root", type=Path, default=ROOT, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    try:
        if args.site:
            text = conf_text(args.root, args.site, args.live, args.portal_origin)
        else:
            with tempfile.TemporaryDirectory() as folder:
                build(args.root, Path(folder) / "site")
                text = conf_text(args.root, Path(folder) / "site", args.live, args.portal_origin)
    except nginx_conf.ConfError as error:
        print(f"nginx_conf: {error}", file=sys.stderr)
        return 2
    if args.check:
        current = args.output.read_text(encoding="utf-8") if args.output.is_file() else ""
        if current != text:
            print(f"{args.output} is out of date: run python scripts/nginx_conf.py", file=sys.stderr)
            return 1
        return 0
    args.output.parent.mkdir(parents=True, exist_ok=True)
    args.output.write_text(text, encoding="utf-8")
    print(f"wrote {args.output}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
