"""Print the plan check as a table, as of a day; exit 1 when something is overdue.

    cchc coverage [--year 2022] [--as-of 2022-11-10] [--json]
    cchc coverage --year 2022 --as-of 2022-11-10 --docx report.docx [--csv evidence.csv]

--docx writes the unit's report as a Word document (Decree 30/2020 layout), --csv the evidence.
The unit's details come from `extra.cchc.report` in mkdocs.yml; --unit, --parent, --number,
--place, --signer-title, --signer-name and --recipient replace them; anything left unset prints
as a placeholder to fill in before signing.

Years that have posts or bulletins but no plan are listed as such. Exit codes: 0 nothing
overdue, 1 something overdue in a signed plan (a draft plan's items never fail), 2 the content
or the settings have errors or the year has neither a plan nor content.
"""

from __future__ import annotations

import argparse
import json
import sys
from datetime import date
from pathlib import Path

from cchc.content.load import load_site
from cchc.dates import DateError, build_time, parse_day
from cchc.plan.report import coverage_json, coverages, no_plan_line, plan_years, terminal_table
from cchc.plan.report_csv import evidence_csv
from cchc.config import ReportDetails
from cchc.plan.report_docx import docx_report

from .check import project_settings



def _day(text: str) -> date:
    try:
        return parse_day(text)
    except DateError as error:
        raise argparse.ArgumentTypeError(str(error)) from None


def arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--year", type=int, help="năm của kế hoạch (mặc định: mọi kế hoạch)")
    parser.add_argument("--as-of", type=_day, help="ngày tính tiến độ, như 2022-11-10 (mặc định: hôm nay)")
    parser.add_argument("--json", action="store_true", help="in coverage.json thay cho bảng")
    parser.add_argument("--docx", type=Path, metavar="TỆP", help="ghi báo cáo của đơn vị (.docx) vào tệp này")
    parser.add_argument("--csv", type=Path, metavar="TỆP", help="ghi danh sách minh chứng (CSV, UTF-8 có BOM) vào tệp này")
    unit = parser.add_argument_group("đơn vị trên báo cáo (mặc định: extra.cchc.report trong mkdocs.yml)")
    unit.add_argument("--unit", help="đơn vị ban hành, như 'Sở Khoa học và Công nghệ'")
    unit.add_argument("--parent", help="cơ quan chủ quản, như 'UBND tỉnh Quảng Ngãi'")
    unit.add_argument("--number", help="số và ký hiệu sau 'Số:', như '12/BC-SKHCN'")
    unit.add_argument("--place", help="địa danh ở dòng ngày tháng, như 'Quảng Ngãi'")
    unit.add_argument("--signer-title", help="chức vụ người ký; ký hiệu xuống dòng (\\n) bắt đầu dòng thứ hai")
    unit.add_argument("--signer-name", help="họ và tên người ký")
    unit.add_argument("--recipient", action="append", help="một dòng 'Nơi nhận' (lặp lại cho mỗi dòng)")
    parser.add_argument("--root", type=Path, default=Path.cwd(), help=argparse.SUPPRESS)


def run(args: argparse.Namespace) -> int:

    now = build_time()
    as_of = args.as_of or now.date()
    options, content_root, config_problems = project_settings(args.root)
    # The content is read where the build reads it (extra.cchc.content_dir).
    site = load_site(content_root, now)
    problems = [*site.problems, *(p for p in config_problems if p.field == "content_dir")]
    if problems:
        for problem in problems:
            print(problem, file=sys.stderr)
        print(f"Nội dung có {len(problems)} lỗi; hãy sửa các lỗi trên trước.", file=sys.stderr)
        return 2
    every = coverages(site, as_of)
    # Years with published content but no plan are reported as such (not an error: the plan of
    # a year is often signed weeks into it).
    unplanned = [row for row in plan_years(site, every)
                 if row.coverage is None and args.year in (None, row.year)]
    if args.year is not None and args.year not in site.plans and not unplanned:
        known = ", ".join(str(y) for y in sorted(site.plans)) or "chưa có"
        print(f"Năm {args.year} chưa có kế hoạch (content/plans/{args.year}.yml) và chưa có nội dung nào; "
              f"các năm có kế hoạch: {known}", file=sys.stderr)
        return 2
    checks = [c for c in every if args.year in (None, c.plan.year)]
    if args.docx or args.csv:
        if len(checks) != 1:
            print(f"--docx và --csv báo cáo một kế hoạch: thêm --year (các năm có kế hoạch: "
                  f"{', '.join(str(c.plan.year) for c in checks) or 'chưa có'})", file=sys.stderr)
            return 2
        if config_problems:
            for problem in config_problems:
                print(problem, file=sys.stderr)
            return 2
        details = (options.report if options else ReportDetails()).merged(
            unit=args.unit, parent=args.parent, number=args.number, place=args.place,
            signer_title=args.signer_title and args.signer_title.replace("\\n", "\n"),
            signer_name=args.signer_name, recipients=args.recipient)
        site_url = options.site_url if options else ""
        outputs = [(args.docx, lambda: docx_report(checks[0], details, site_url)),
                   (args.csv, lambda: evidence_csv(checks[0], site_url))]
        for path, make in outputs:
            if path:
                path.write_bytes(make())
                print(f"Đã ghi {path}", file=sys.stderr)
    if args.json:
        data = [coverage_json(c, "") for c in checks]
        data += [{"plan": None, "year": row.year, "posts": row.posts, "bulletins": row.bulletins,
                  "checked_against": row.reference} for row in unplanned]
        print(json.dumps(data if len(data) > 1 else data[0], ensure_ascii=False, indent=2))
    else:
        print("\n\n".join([terminal_table(c) for c in checks] + [no_plan_line(row) for row in unplanned]))
    # A draft plan (not signed yet) is reported like any other, but does not fail.
    return 1 if any(c.overdue for c in checks if not c.plan.draft) else 0

