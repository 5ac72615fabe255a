"""Check all content and plans without building the site: the same validation as the build.

    cchc check            # the working tree
    cchc check --staged   # what `git commit` would record (used by the pre-commit hook)

Prints every problem as `path:line: field: message`; exits 1 when there is any. The content and
the plans are checked by the build's own code, mkdocs.yml by MkDocs' own loader (strict, as the
build) and its settings (site_url, extra.cchc) by the build's own check (cchc_mkdocs.settings); with `extra.cchc.samples: error`, each procedure still marked
`sample: true` is an error too. Overdue plan items are listed in red but do not fail the check (nor,
unless `extra.cchc.overdue: block`, the build): a commit cannot wait for a missing post;
`cchc coverage` details them.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from cchc.build import sample_problems
from cchc.config import Options
from cchc.content.load import load_site
from cchc.dates import build_time
from cchc.content.files import MB
from cchc.content.plan_years import content_years
from cchc.content.redirects import redirect_notes, shadowing_problems
from cchc.content.source import symlink_problems
from cchc.problems import Problem
from cchc.plan.report import coverages

from ..settings import project_settings as read_project



def project_settings(root: Path) -> tuple[Options | None, Path, list[Problem]]:
    """(options, the folder whose content/ is read, problems) of ``root/mkdocs.yml``, read by the
    one settings check the build uses; ``root`` itself and no options when there is no mkdocs.yml."""
    settings, problems = read_project(root)
    if settings is None:  # no mkdocs.yml, or settings that cannot be read
        return None, root, problems
    return settings.options, settings.content_root, problems


def red(text: str, stream) -> str:
    """``text`` in red on a terminal (overdue plan items), as it is when written to a file or pipe."""
    return f"\x1b[31m{text}\x1b[0m" if getattr(stream, "isatty", lambda: False)() else text


def check(root: Path) -> int:
    """Validate the content under ``root``, print the outcome, return the exit code."""
    started = time.perf_counter()
    now = build_time()
    options, content_root, config_problems = project_settings(root)
    limits = options or Options()
    site = load_site(content_root, now, max_pdf_bytes=int(limits.max_pdf_mb * MB),
                     max_file_bytes=int(limits.max_file_mb * MB), docs_dir=root / "docs")
    samples = sample_problems(site.procedures, options)[0] if options else []
    # The build refuses links in docs/ too (hand-written pages): a commit is checked for them.
    records = {*(p.url for p in site.posts), *(b.url for b in site.bulletins), *(p.url for p in site.procedures)}
    problems = sorted([*site.problems, *config_problems, *samples, *symlink_problems(root, "docs"),
                       *shadowing_problems(site.redirects, records)])
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
        blocks = options is not None and options.overdue == "block"
        effect = ("bản dựng --strict và việc đăng sẽ dừng (extra.cchc.overdue: block)" if blocks
                  else "chỉ là cảnh báo, trang vẫn được đăng")
        print(red(f"Quá hạn: kế hoạch có {len(overdue)} mục quá hạn tính đến {as_of.isoformat()}; "
                  f"{effect}; xem cchc coverage:", sys.stderr), file=sys.stderr)
        for finding in overdue:
            print(red(f"  {finding}", sys.stderr), file=sys.stderr)
    for line in redirect_notes(site.redirects):
        print(f"Lưu ý: {line}", file=sys.stderr)
    # Years with content but no plan, plans not filled in yet: said, never failing.
    for line in site.plan_years.notes(content_years(site)):
        print(f"Lưu ý: {line}", file=sys.stderr)
    return 0


def staged_copy(root: Path, into: Path) -> None:
    """Write the files staged in git's index (not the working tree) under ``into``."""
    subprocess.run(["git", "checkout-index", "--all", f"--prefix={into}/"], cwd=root, check=True)


def arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--staged", action="store_true",
                        help="kiểm tra phần đã đưa vào lần commit (git add), không phải các tệp đang sửa")
    parser.add_argument("--root", type=Path, default=Path.cwd(), help=argparse.SUPPRESS)


def run(args: argparse.Namespace) -> int:
    if not args.staged:
        return check(args.root)
    with tempfile.TemporaryDirectory() as folder:
        staged_copy(args.root, Path(folder))
        return check(Path(folder))
