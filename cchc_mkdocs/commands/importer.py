"""Import procedures from the national database into content/procedures/.

    python scripts/import_procedures.py --dry-run records/*.json
    python scripts/import_procedures.py --decision 949/QĐ-UBND --decision-date 2022-05-10 \\
        --dossier-count "01 bộ" phu-luc.xlsx records/*.json

Inputs: JSON records saved from the National Public Service Portal (one per file, or an array)
and .xlsx annexes of the announcing decision (code, name, field, level, and whether each
procedure is new, amended or abolished). Every input is checked first; any problem refuses the
whole import and nothing is written. `--dry-run` prints the diff of each file instead of
writing it. The work is done by cchc.content.procedure_import.

Exit codes: 0 imported (or nothing to change); 1 refused; 2 wrong arguments.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from cchc.dates import build_time
from cchc.content.procedure_import import ImportRefused, parse_decision, plan_import, read_inputs, write_changes

ROOT = Path(__file__).resolve().parents[1]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Nhập thủ tục hành chính từ Cơ sở dữ liệu quốc gia")
    parser.add_argument("files", nargs="+", type=Path, help="portal records (.json), decision annexes (.xlsx)")
    parser.add_argument("--dry-run", action="store_true", help="print the diff of each file; write nothing")
    parser.add_argument("--decision", help="the announcing decision's number, like 949/QĐ-UBND")
    parser.add_argument("--decision-date", help="its date, like 2022-05-10")
    parser.add_argument("--issuer", help="who issued it, like 'Chủ tịch Ủy ban nhân dân tỉnh Quảng Ngãi'")
    parser.add_argument("--dossier-count", help="number of dossier sets for new records, like '01 bộ'")
    parser.add_argument("--root", type=Path, default=ROOT, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
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
    write_changes(args.root, changes)
    for change in changes:
        print(f"{'cập nhật' if change.old is not None else 'tạo mới'}: {change.path}")
    print(f"Đã nhập: {len(changes)} tệp thay đổi ({len(records)} bản ghi, {len(rows)} dòng phụ lục). "
          "Kiểm tra lại: python scripts/check.py", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
