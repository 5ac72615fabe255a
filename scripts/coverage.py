"""Print the plan check as a table, as of a day; exit 1 when something is overdue.

    python scripts/coverage.py [--year 2022] [--as-of 2022-11-10] [--json]

Years that have posts or bulletins but no plan are listed as such. Exit codes: 0 nothing
overdue, 1 something overdue in a signed plan (a draft plan's items never fail), 2 the content
has errors or the year has neither a plan nor content.
"""

from __future__ import annotations

import argparse
import json
import sys
from datetime import date
from pathlib import Path

from cchc.content import load_site
from cchc.dates import DateError, build_time, parse_day
from cchc.report import coverage_json, coverages, no_plan_line, plan_years, terminal_table

ROOT = Path(__file__).resolve().parents[1]


def _day(text: str) -> date:
    try:
        return parse_day(text)
    except DateError as error:
        raise argparse.ArgumentTypeError(str(error)) from None


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Tiến độ thực hiện kế hoạch tuyên truyền CCHC")
    parser.add_argument("--year", type=int, help="the plan's year (default: every plan)")
    parser.add_argument("--as-of", type=_day, help="the day of the check, like 2022-11-10 (default: today)")
    parser.add_argument("--json", action="store_true", help="print coverage.json instead of the table")
    parser.add_argument("--root", type=Path, default=ROOT, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)

    now = build_time()
    as_of = args.as_of or now.date()
    site = load_site(args.root, now)
    if site.problems:
        for problem in site.problems:
            print(problem, file=sys.stderr)
        print(f"{len(site.problems)} problem(s) in the content; fix them first.", file=sys.stderr)
        return 2
    every = coverages(site, as_of)
    # Years with published content but no plan are reported as such (not an error: the plan of
    # a year is often signed weeks into it).
    unplanned = [row for row in plan_years(site, every)
                 if row.coverage is None and args.year in (None, row.year)]
    if args.year is not None and args.year not in site.plans and not unplanned:
        known = ", ".join(str(y) for y in sorted(site.plans)) or "none"
        print(f"no plan for {args.year} (content/plans/{args.year}.yml) and no content of that year; "
              f"plans: {known}", file=sys.stderr)
        return 2
    checks = [c for c in every if args.year in (None, c.plan.year)]
    if args.json:
        data = [coverage_json(c, "") for c in checks]
        data += [{"plan": None, "year": row.year, "posts": row.posts, "bulletins": row.bulletins,
                  "checked_against": row.reference} for row in unplanned]
        print(json.dumps(data if len(data) > 1 else data[0], ensure_ascii=False, indent=2))
    else:
        print("\n\n".join([terminal_table(c) for c in checks] + [no_plan_line(row) for row in unplanned]))
    # A draft plan (not signed yet) is reported like any other, but does not fail.
    return 1 if any(c.overdue for c in checks if not c.plan.draft) else 0


if __name__ == "__main__":
    sys.exit(main())
