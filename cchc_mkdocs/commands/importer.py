"""Import procedures from the national database into content/procedures/.

    cchc import --dry-run records/*.json
    cchc import --decision 949/QĐ-UBND --decision-date 2022-05-10 \\
        --dossier-count "01 bộ" phu-luc.xlsx records/*.json

Inputs: JSON records saved from the National Public Service Portal (one per file, or an array)
and .xlsx annexes of the announcing decision (code, name, field, level, and whether each
procedure is new, amended or abolished). Every input is checked first; any problem refuses the
whole import and nothing is written; so does a destination that is or passes through a symlink,
and a file that cannot be written (all files are written at once, or none). `--dry-run` prints the diff of each file instead of
writing it. The work is done by cchc.content.procedure_import.

Exit codes: 0 imported (or nothing to change); 1 refused; 2 wrong arguments.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from cchc.dates import build_time
from cchc.content.procedure_import import ImportRefused, parse_decision, plan_import, read_inputs, write_changes



def arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("files", nargs="+", type=Path, metavar="TỆP",
                        help="bản ghi của cổng dịch vụ công (.json), phụ lục quyết định công bố (.xlsx)")
    parser.add_argument("--dry-run", action="store_true", help="in phần thay đổi của mỗi tệp; không ghi gì")
    parser.add_argument("--decision", help="số quyết định công bố, như 949/QĐ-UBND")
    parser.add_argument("--decision-date", help="ngày ban hành quyết định, như 2022-05-10")
    parser.add_argument("--issuer", help="người ban hành, như 'Chủ tịch Ủy ban nhân dân tỉnh Quảng Ngãi'")
    parser.add_argument("--dossier-count", help="số bộ hồ sơ của các thủ tục mới, như '01 bộ'")
    parser.add_argument("--root", type=Path, default=Path.cwd(), help=argparse.SUPPRESS)


def run(args: argparse.Namespace) -> int:
    try:
        decision = parse_decision(args.decision, args.decision_date, args.issuer)
        records, rows = read_inputs(args.files)
        changes = plan_import(args.root, records, rows, decision, build_time().date(),
                              " ".join(args.dossier_count.split()) if args.dossier_count else None)
    except ImportRefused as refused:
        for problem in refused.problems:
            print(problem)
        print(f"Không nhập: {len(refused.problems)} lỗi ở trên; chưa ghi tệp nào.", file=sys.stderr)
        return 1
    if args.dry_run:
        for change in changes:
            sys.stdout.write(change.diff())
        print(f"Chạy thử: {len(changes)} tệp sẽ thay đổi; chưa ghi tệp nào.", file=sys.stderr)
        return 0
    try:
        write_changes(args.root, changes)
    except ImportRefused as refused:
        for problem in refused.problems:
            print(problem)
        print(f"Không nhập: không ghi được {len(refused.problems)} tệp ở trên; mọi tệp vẫn như cũ.",
              file=sys.stderr)
        return 1
    for change in changes:
        print(f"{'cập nhật' if change.old is not None else 'tạo mới'}: {change.path}")
    print(f"Đã nhập: {len(changes)} tệp thay đổi ({len(records)} bản ghi, {len(rows)} dòng phụ lục). "
          "Kiểm tra lại: cchc check", file=sys.stderr)
    return 0

