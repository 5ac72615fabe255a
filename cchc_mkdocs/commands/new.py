"""Start a new content file as a draft: a news post, a procedure, a bulletin issue or a document.

    cchc new news "Tiêu đề bài viết"
    cchc new procedure 1.004512.000.00.00.H48 "Tên thủ tục" [--field "Lĩnh vực"]
    cchc new bulletin 2022 7
    cchc new document 34/KH-UBND 2022-03-03
    cchc new plan 2027

A plan is made from the latest plan before its year: the same topics, forms, channels and
quotas, every date moved into the new year, `number` and `signed` empty and `draft: true`
(its check never fails the build until that line is removed).

The file has every field, comments saying what goes where (the plan's topic ids among them),
today's date in Vietnam time (SOURCE_DATE_EPOCH when set) and `draft: true`: it builds as it is
and is published only once that line is removed. Before it is kept, the file goes through the
build's own validation (cchc.content.load_site); if it would add a problem it is removed again.
It never overwrites a file, and never writes through a symlink nor outside content/ (cchc.writing).

Exit codes: 0 created; 1 not created (the file or the number/code exists, or the new file would
not pass the checks); 2 wrong arguments.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from cchc.content.fields import MAX_ISSUE_NUMBER
from cchc.content.load import Site, load_site
from cchc.content.plan import FIRST_YEAR, LAST_YEAR
from cchc.dates import build_time
from cchc.content.procedures import CODE, CODE_EXAMPLE, PROCEDURES_URL, base_code
from cchc.plan.scaffold import next_plan
from cchc.content.documents import NUMBER, NUMBER_EXAMPLE
from cchc.content.skeletons import Skeleton, bulletin_skeleton, document_skeleton, news_skeleton, procedure_skeleton
from cchc.dates import DateError, parse_day
from cchc.text import nfc, slugify, sort_key
from cchc.writing import WriteRefused, write_all

PREVIEW = ("Xem trước: chạy `mkdocs serve` rồi mở http://127.0.0.1:8000/ (trang tự cập nhật khi lưu tệp).\n"
           "Kiểm tra trước khi commit: cchc check")


def _title(text: str) -> str:
    title = " ".join(nfc(text).split())
    if not slugify(title):
        raise argparse.ArgumentTypeError("tiêu đề phải có chữ hoặc số")
    return title


def _code(text: str) -> str:
    code = text.strip()
    if not CODE.match(code):
        example = CODE_EXAMPLE
        raise argparse.ArgumentTypeError(f"mã thủ tục phải có dạng {example}, không phải {code!r}")
    return code


def _document_number(text: str) -> str:
    number = nfc(text.strip())
    if not NUMBER.match(number):
        raise argparse.ArgumentTypeError(f"số ký hiệu phải có dạng {NUMBER_EXAMPLE}, không phải {number!r}")
    return number


def _day(text: str):
    try:
        return parse_day(text.strip())
    except DateError:
        raise argparse.ArgumentTypeError(f"ngày phải có dạng năm-tháng-ngày, như 2022-03-03, không phải {text!r}") from None


def _year(text: str) -> int:
    if not (text.isascii() and text.isdigit() and len(text) == 4):
        raise argparse.ArgumentTypeError(f"năm phải có 4 chữ số, như 2022, không phải {text!r}")
    if not FIRST_YEAR <= int(text) <= LAST_YEAR:  # as a plan file's (cchc.content.plan)
        raise argparse.ArgumentTypeError(f"năm phải từ {FIRST_YEAR} đến {LAST_YEAR}, không phải {text!r}")
    return int(text)


def _number(text: str) -> int:
    # Checked before it is converted: the number names the issue's folder (so-<number>).
    if not (text.isascii() and text.isdigit() and len(text) <= 3) or not 1 <= int(text) <= MAX_ISSUE_NUMBER:
        raise argparse.ArgumentTypeError(f"số bản tin phải là số nguyên từ 1 đến {MAX_ISSUE_NUMBER}, "
                                         f"không phải {text[:20]!r}")
    return int(text)


def arguments(top: argparse.ArgumentParser) -> None:
    """One sub-command per kind of content."""
    top.add_argument("--root", type=Path, default=Path.cwd(), help=argparse.SUPPRESS)
    kinds = top.add_subparsers(dest="kind", required=True, title="loại nội dung",
                               metavar="{news,procedure,bulletin,document,plan}")
    news = kinds.add_parser("news", help="bài viết (tin tức)")
    news.add_argument("title", type=_title, help="tiêu đề bài viết, trong ngoặc kép")
    procedure = kinds.add_parser("procedure", help="thủ tục hành chính")
    procedure.add_argument("code", type=_code, help="mã thủ tục, như 1.004512.000.00.00.H48")
    procedure.add_argument("name", type=_title, help="tên thủ tục, trong ngoặc kép")
    procedure.add_argument("--field", type=_title, help="lĩnh vực, như \"Chuyển giao công nghệ\"")
    bulletin = kinds.add_parser("bulletin", help="một số bản tin")
    bulletin.add_argument("year", type=_year, help="năm phát hành, như 2022")
    bulletin.add_argument("number", type=_number, help="số thứ tự của bản tin trong năm")
    document = kinds.add_parser("document", help="văn bản của sổ văn bản CCHC")
    document.add_argument("number", type=_document_number, help="số ký hiệu, như 34/KH-UBND")
    document.add_argument("date", type=_day, help="ngày ban hành, như 2022-03-03")
    plan = kinds.add_parser("plan", help="kế hoạch tuyên truyền của một năm, từ kế hoạch năm trước")
    plan.add_argument("year", type=_year, help="năm của kế hoạch, như 2027")


def _existing(site: Site, args: argparse.Namespace) -> str | None:
    """Why the new record would repeat one that exists (a code, an issue number), or None."""
    if args.kind == "procedure":
        for record in (*site.procedures, *site.procedure_drafts):
            if record.code and record.base_code == base_code(args.code):
                return (f"mã thủ tục {args.code} đã có trong {record.source}; "
                        "sửa tệp đó thay vì tạo tệp mới")
    if args.kind == "bulletin":
        for issue in (*site.bulletins, *site.scheduled_bulletins, *site.bulletin_drafts):
            # A draft may have no date yet: its folder says the year.
            year = issue.date.year if issue.date else int(Path(issue.source).parent.name)
            if issue.number == args.number and year == args.year:
                return (f"bản tin số {args.number}/{args.year} đã có: {issue.source}; "
                        "sửa tệp đó hoặc chọn số khác")
    if args.kind == "document":
        for record in (*site.documents, *site.scheduled_documents, *site.document_drafts):
            if record.number == args.number and (record.date is None or record.date.year == args.date.year):
                return (f"văn bản số {args.number} đã có: {record.source}; sửa tệp đó thay vì tạo tệp mới")
    return None


def skeleton_for(site: Site, args: argparse.Namespace) -> Skeleton:
    """The new file's path and text for the parsed command line."""
    today = site.build_time.date()
    if args.kind == "news":
        return news_skeleton(args.title, today, site.plan_years.reference(today.year))
    if args.kind == "procedure":
        fields = sorted({p.field for p in site.procedures if p.field}, key=sort_key)
        return procedure_skeleton(args.code, args.name, today, args.field or "", fields)
    if args.kind == "plan":
        return next_plan(site.plans, args.year)
    if args.kind == "document":
        return document_skeleton(args.number, args.date, site.plan_years.reference(args.date.year))
    return bulletin_skeleton(args.year, args.number, today, site.plan_years.reference(args.year))


def _todo(args: argparse.Namespace, site: Site) -> list[str]:
    """What the editor still has to do, in Vietnamese."""
    if args.kind == "news":
        year = site.build_time.year
        lines = ["Việc cần làm trong tệp:",
                 "  - viết 'summary' (tóm tắt) và ghi 'topics' (mã chủ đề, danh sách mã có sẵn trong tệp);",
                 "  - viết nội dung bài bên dưới dòng '---' cuối cùng;",
                 "  - xoá dòng 'draft: true' khi bài sẵn sàng đăng."]
        if year not in site.plans:
            lines.append(_no_plan_note(site, year))
        return lines
    if args.kind == "plan":
        return ["Việc cần làm trong tệp:",
                "  - sửa chủ đề, hình thức, chỉ tiêu và thời hạn theo kế hoạch đã ký; giữ mã (id) của",
                "    chủ đề tiếp tục từ năm trước;",
                "  - ghi 'based_on' (văn bản làm căn cứ);",
                "  - khi kế hoạch được ký: điền 'number' và 'signed', rồi xoá dòng 'draft: true'.",
                f"Tiến độ: /ke-hoach/{args.year}/ và cchc coverage --year {args.year}"]
    if args.kind == "document":
        return ["Việc cần làm trong tệp:",
                "  - điền loại văn bản, cơ quan ban hành, trích yếu (chép từ văn bản);",
                "  - đặt tệp văn bản cùng thư mục và ghi vào 'file' (hoặc 'source', hoặc 'no_file: true');",
                "  - xoá dòng 'draft: true' để đăng; trang văn bản sẽ ở "
                f"/van-ban/{args.date.year}/{slugify(args.number)}/"]
    if args.kind == "procedure":
        return ["Việc cần làm trong tệp:",
                "  - điền các trường có dấu (*): lĩnh vực, trình tự, cách thức, thành phần hồ sơ, thời hạn,",
                "    đối tượng, cơ quan quyết định, quyết định công bố;",
                "  - xoá dòng 'draft: true' để đăng; trang thủ tục sẽ ở "
                f"/{PROCEDURES_URL}/{args.code}/"]
    lines = ["Việc cần làm:",
             f"  - đặt tệp PDF (và ảnh bìa nếu có) vào content/bulletins/{args.year}/, ghi tên tệp vào 'pdf';",
             "  - điền 'title', 'date', 'topics' và mục lục 'contents';",
             "  - xoá dòng 'draft: true' để đăng."]
    if args.year not in site.plans:
        lines.append(_no_plan_note(site, args.year))
    return lines


def _no_plan_note(site: Site, year: int) -> str:
    reference = site.plan_years.reference(year)
    if reference is None:
        return (f"Lưu ý: chưa có kế hoạch năm {year} (content/plans/{year}.yml) và không có kế hoạch "
                "năm trước: mã chủ đề chưa được kiểm tra.")
    return (f"Lưu ý: chưa có kế hoạch năm {year} (content/plans/{year}.yml): mã chủ đề được kiểm tra "
            f"theo kế hoạch năm {reference.year}; bài vẫn đăng được và được tính vào kế hoạch năm "
            f"{year} khi có.")


def create(root: Path, skeleton: Skeleton, before: Site) -> list[str]:
    """Write the new file, never over another, never through a link nor outside content/
    (raises WriteRefused); keep it only if the build's checks find no new problem. Returns the
    problems it would add (empty when kept)."""
    target = root / skeleton.path
    made = write_all(root, [(skeleton.path, skeleton.text.encode("utf-8"))], "content", overwrite=False)
    after = load_site(root, before.build_time)
    known = set(before.problems)
    added = [str(p) for p in after.problems if p not in known]
    if added:
        target.unlink()
        for folder in reversed(made):
            folder.rmdir()
    return added


def run(args: argparse.Namespace) -> int:
    root = args.root.resolve()
    before = load_site(root, build_time())
    try:
        skeleton = skeleton_for(before, args)
    except LookupError:
        print(f"Không tạo kế hoạch năm {args.year}: chưa có kế hoạch nào trước năm {args.year} để làm "
              f"mẫu (content/plans/<năm>.yml).", file=sys.stderr)
        return 1
    # A plan may be written <year>.yaml as well: never a second plan for the same year.
    twins = [skeleton.path, skeleton.path.removesuffix(".yml") + ".yaml"] if args.kind == "plan" else [skeleton.path]
    existing = next((path for path in twins if (root / path).exists()), None)
    if existing:
        other = {"news": "đặt tiêu đề khác", "procedure": "kiểm tra xem thủ tục đã có chưa",
                 "bulletin": "chọn số khác", "plan": "chọn năm khác",
                 "document": "kiểm tra xem văn bản đã có chưa"}[args.kind]
        skeleton = Skeleton(existing, skeleton.text)
        print(f"Không tạo tệp: {skeleton.path} đã có (không bao giờ ghi đè). Sửa tệp đó, hoặc "
              f"{other}.", file=sys.stderr)
        return 1
    duplicate = _existing(before, args)
    if duplicate:
        print(f"Không tạo tệp {skeleton.path}: {duplicate}.", file=sys.stderr)
        return 1
    try:
        added = create(root, skeleton, before)
    except WriteRefused as refused:  # a link on the way, the name taken meanwhile, a read-only folder
        for problem in refused.problems:
            print(f"Không tạo tệp: {problem}", file=sys.stderr)
        return 1
    except OSError as error:  # the file appeared meanwhile, or the folder cannot be written
        print(f"Không tạo tệp {skeleton.path}: {error.strerror or error}.", file=sys.stderr)
        return 1
    if added:
        print(f"Không tạo tệp {skeleton.path}: tệp mới sẽ có lỗi khi kiểm tra:", file=sys.stderr)
        for line in added:
            print(f"  {line}", file=sys.stderr)
        return 1
    print(f"Đã tạo bản nháp: {skeleton.path}")
    print("\n".join(_todo(args, before)))
    print(PREVIEW)
    if before.problems:
        print(f"Lưu ý: nội dung hiện có {len(before.problems)} lỗi ở các tệp khác; "
              "chạy cchc check để xem.")
    return 0

