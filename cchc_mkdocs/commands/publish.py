"""Publish the site: build a new release under DEST, check it, make it live in one step.

    python scripts/publish.py /srv/cchc/www              # publish if anything changed
    python scripts/publish.py /srv/cchc/www --rollback   # the previous release, live again
    python scripts/publish.py /srv/cchc/www --resume     # publish again after a rollback

The web server serves DEST/current (deploy/nginx/cchc.conf). Nothing is published when the
content check (scripts/check.py), the strict build, or the checks of the built site (links,
no external host, inline scripts allowed by the nginx CSP) fail: the live site stays as it was.
With SOURCE_DATE_EPOCH set, it publishes as of that moment instead of now. Run with nothing
changed, it builds nothing; run by a timer every minute (deploy/systemd), it
publishes scheduled posts when they fall due. Exit code 0: published, unchanged or paused;
1: refused (the reason is printed).
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from check import project_settings

from cchc.deploy import nginx_conf
from cchc.deploy import linkcheck
from cchc.deploy.publish import DEFAULT_KEEP, GENERATORS, PublishError, publish, resume, rollback

ROOT = Path(__file__).resolve().parents[1]


def site_checks(root: Path, csp_conf: Path | None, settings=None):
    """The checks of a built folder before it goes live; each returns the problems it finds.
    ``settings``: check.project_settings(root), when the caller has it already."""
    options, _, problems = settings or project_settings(root)
    if problems or options is None:
        raise PublishError("mkdocs.yml: " + "; ".join(map(str, problems)) if problems else "no mkdocs.yml")

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


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Build and publish the site into DEST/releases, live at DEST/current")
    parser.add_argument("dest", type=Path, help="the publishing folder (the web server serves DEST/current)")
    parser.add_argument("--keep", type=int, default=DEFAULT_KEEP,
                        help=f"how many releases to keep for rollback (default {DEFAULT_KEEP})")
    parser.add_argument("--rollback", action="store_true",
                        help="make the release before the live one live again, and pause publishing")
    parser.add_argument("--resume", action="store_true", help="publish again after a rollback")
    parser.add_argument("--force", action="store_true", help="build even if nothing seems to have changed")
    parser.add_argument("--generator", choices=sorted(GENERATORS), default="mkdocs",
                        help="the generator to build with (properdocs: the maintained MkDocs 1.x fork)")
    parser.add_argument("--nginx-conf", type=Path, default=ROOT / "deploy/nginx/cchc.conf",
                        help="the served nginx conf: a release whose inline scripts or styles its CSP "
                             "does not allow is refused (default: deploy/nginx/cchc.conf)")
    parser.add_argument("--root", type=Path, default=ROOT, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.keep < 1:
        parser.error("--keep must be at least 1")
    dest = args.dest.resolve()
    try:
        if args.rollback:
            outcome = rollback(dest)
        else:
            if args.resume:
                resume(dest)
            conf = args.nginx_conf if args.nginx_conf.is_file() else None
            settings = project_settings(args.root)  # mkdocs.yml read once: options, content folder
            outcome = publish(args.root, dest, keep=args.keep, force=args.force, generator=args.generator,
                              now=moment(os.environ),
                              check_command=[sys.executable, str(Path(__file__).with_name("check.py")),
                                             "--root", str(args.root)],
                              site_checks=site_checks(args.root, conf, settings), say=print,
                              content_root=settings[1])
    except PublishError as error:
        print(f"publish: {error}", file=sys.stderr)
        return 1
    print(outcome.message)
    return 0


if __name__ == "__main__":
    sys.exit(main())
