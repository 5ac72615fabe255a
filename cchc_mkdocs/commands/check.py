"""Check all content and plans without building the site: the same validation as the build.

    python scripts/check.py            # the working tree
    python scripts/check.py --staged   # what `git commit` would record (used by the pre-commit hook)

Prints every problem as `path:line: field: message`; exits 1 when there is any. The content and
the plans are checked by the build's own code, mkdocs.yml by MkDocs' own loader (strict, as the
build) and its settings the build needs (site_url, extra.cchc) by the build's code; with `extra.cchc.samples: error`, each procedure still marked
`sample: true` is an error too. Overdue plan items (which fail a strict build) are listed as notes but do
not fail the check: a commit cannot wait for a missing post; `scripts/coverage.py` details them.
"""

from __future__ import annotations

import argparse
import contextlib
import logging
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from cchc.build import sample_problems
from cchc.config import Options, content_folder, option_problems, options_from
from cchc.content.load import load_site
from cchc.dates import build_time
from cchc.content.files import MB
from cchc.content.plan_years import content_years
from cchc.content.source import symlink_problems
from cchc.problems import ContentError, Problem
from cchc.plan.report import coverages

ROOT = Path(__file__).resolve().parents[1]
CONFIG = "mkdocs.yml"


def mkdocs_config(root: Path) -> tuple[object | None, list[Problem]]:
    """(config, problems) of ``root/mkdocs.yml`` loaded by MkDocs' own ``load_config``, strict as
    the build is: its tags (!ENV, !!python/name), INHERIT, paths and hooks are resolved and
    validated as a build does them; (None, []) when there is none. Every error (or warning,
    which stops a strict build) is a problem at mkdocs.yml:1 naming the setting. Scripts may
    import MkDocs; the core package never does: it is given the plain values."""
    from mkdocs.config import load_config
    from mkdocs.exceptions import Abort, ConfigurationError

    path = root / CONFIG
    if not path.is_file():
        return None, []
    with _config_log() as records:
        try:
            return load_config(config_file=str(path), strict=True), []
        except Abort:  # a setting is wrong: MkDocs logged each one
            return None, [_config_problem(record.getMessage()) for record in records]
        except ConfigurationError as error:  # not YAML at all
            cause = error.__context__
            mark = getattr(cause, "problem_mark", None)
            message = f"invalid YAML: {cause}" if cause is not None else str(error)
            return None, [Problem(CONFIG, mark.line + 1 if mark else 1, "config", message)]


_CONFIG_VALUE = re.compile(r"^Config value '([^']+)': (.*)$", re.S)


def _config_problem(message: str) -> Problem:
    """MkDocs' "Config value 'theme': ..." log line as a problem naming the setting."""
    found = _CONFIG_VALUE.match(message)
    return Problem(CONFIG, 1, found.group(1), found.group(2)) if found else Problem(CONFIG, 1, "config", message)


@contextlib.contextmanager
def _config_log():
    """The warnings and errors MkDocs logs while it loads the configuration, kept (not printed)."""
    records: list[logging.LogRecord] = []
    handler = logging.Handler(logging.WARNING)
    handler.emit = records.append
    logger = logging.getLogger("mkdocs.config")
    propagate = logger.propagate
    logger.addHandler(handler)
    logger.propagate = False
    try:
        yield records
    finally:
        logger.removeHandler(handler)
        logger.propagate = propagate


def project_settings(root: Path) -> tuple[Options | None, Path, list[Problem]]:
    """The build's options from ``root/mkdocs.yml``, the folder whose content/ the build reads
    (``extra.cchc.content_dir``; by default ``root``) and the problems a build would report in
    them; (None, ``root``, []) when there is no mkdocs.yml (a bare content folder)."""
    config, problems = mkdocs_config(root)
    if config is None:
        return None, root, problems
    settings = config.extra.get("cchc")
    configured = settings.get("content_dir") if isinstance(settings, dict) else None
    content, problems = content_folder(configured, Path(config.config_file_path).resolve().parent)
    try:
        options = options_from(settings, config.site_name, config.site_url)
    except ContentError as error:
        return None, content.parent, problems + list(error.problems)
    return options, content.parent, problems + option_problems(options)


def check(root: Path) -> int:
    """Validate the content under ``root``, print the outcome, return the exit code."""
    started = time.perf_counter()
    now = build_time()
    options, content_root, config_problems = project_settings(root)
    max_pdf_mb = options.max_pdf_mb if options else Options.max_pdf_mb
    site = load_site(content_root, now, max_pdf_bytes=int(max_pdf_mb * MB))
    samples = sample_problems(site.procedures, options)[0] if options else []
    # The build refuses links in docs/ too (hand-written pages): a commit is checked for them.
    problems = sorted([*site.problems, *config_problems, *samples, *symlink_problems(root, "docs")])
    for problem in problems:
        print(problem)
    counted = (len(site.posts) + len(site.drafts) + len(site.scheduled) + len(site.bulletins)
               + len(site.scheduled_bulletins) + len(site.bulletin_drafts) + len(site.procedures)
               + len(site.procedure_drafts))
    seconds = time.perf_counter() - started
    if problems:
        print(f"Có {len(problems)} lỗi; sửa từng dòng ở trên (tệp:dòng: trường: lỗi) rồi chạy lại.",
              file=sys.stderr)
        return 1
    drafts = len(site.drafts) + len(site.bulletin_drafts) + len(site.procedure_drafts)
    print(f"Không có lỗi: đã kiểm tra {counted} tệp nội dung ({drafts} bản nháp) và "
          f"{len(site.plans)} kế hoạch trong {seconds:.2f} giây.", file=sys.stderr)
    as_of = (options.as_of if options else None) or now.date()
    # A draft plan's overdue items do not stop a build (cchc.build.Build.plan_findings).
    overdue = [f for c in coverages(site, as_of) if not c.plan.draft for f in c.overdue]
    if overdue:
        print(f"Lưu ý: kế hoạch có {len(overdue)} mục quá hạn tính đến {as_of.isoformat()} (bản dựng "
              "--strict sẽ dừng; xem python scripts/coverage.py):", file=sys.stderr)
        for finding in overdue:
            print(f"  {finding}", file=sys.stderr)
    # Years with content but no plan, plans not filled in yet: said, never failing.
    for line in site.plan_years.notes(content_years(site)):
        print(f"Lưu ý: {line}", file=sys.stderr)
    return 0


def staged_copy(root: Path, into: Path) -> None:
    """Write the files staged in git's index (not the working tree) under ``into``."""
    subprocess.run(["git", "checkout-index", "--all", f"--prefix={into}/"], cwd=root, check=True)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Kiểm tra nội dung trước khi đăng")
    parser.add_argument("--staged", action="store_true", help="check the content staged for commit")
    parser.add_argument("--root", type=Path, default=ROOT, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if not args.staged:
        return check(args.root)
    with tempfile.TemporaryDirectory() as folder:
        staged_copy(args.root, Path(folder))
        return check(Path(folder))


if __name__ == "__main__":
    sys.exit(main())
