"""Records that cannot lie about themselves: a procedure's status as of the build day, its
replacement chain, its code and counts; text that cannot reorder itself; a broken plan that is
reported once, on its own line, not as a "no plan" on every post."""

from __future__ import annotations

from datetime import date, datetime

import pytest

from cchc.content.load import load_site
from cchc.dates import VIETNAM
from cchc.content.procedure_catalogue import as_of, check_catalogue
from cchc.content.procedure_check import check_procedure
from cchc.content.source import parse
from conftest import PROJECT, post, run_build

NOW = datetime(2023, 1, 1, tzinfo=VIETNAM)
RECORD = """\
code: {code}
name: {name}
field: An toàn bức xạ và hạt nhân
steps: [Nộp hồ sơ cho Sở.]
submission: [{{channel: Trực tiếp}}]
dossier: [{{name: Phiếu khai báo, originals: 1}}]
dossier_count: {count}
time_limit: 03 ngày làm việc
applicants: Tổ chức, cá nhân
deciding_agency: Sở Khoa học và Công nghệ
announced:
{decisions}
updated: {updated}
{more}"""
NEW = "  - {number: 441/QĐ-UBND, date: 2021-04-06, kind: new}"


def record(code="1.004512", name="Khai báo thiết bị", count="01 bộ", decisions=(NEW,),
           updated="2021-04-06", more="") -> str:
    return "---\n" + RECORD.format(code=code, name=name, count=count, decisions="\n".join(decisions),
                                   updated=updated, more=more) + "---\n"


def checked(text: str, path: str = "content/procedures/a/x.md"):
    doc, problems = parse(text, path)
    assert problems == [], problems
    return check_procedure(doc, set())


def procedure(text: str, path: str = "content/procedures/a/x.md"):
    found, problems = checked(text, path)
    assert problems == [], [str(p) for p in problems]
    return found


# Status as of the build day.

ABOLISHED_2030 = record(decisions=(NEW, "  - {number: 12/QĐ-UBND, date: 2030-01-15, kind: abolished}"),
                        updated="2030-01-15", more="status: abolished\n")


def test_an_abolition_dated_later_leaves_the_procedure_in_force_until_then():
    record_2030 = procedure(ABOLISHED_2030)
    (today,) = as_of([record_2030], date(2023, 1, 1))
    assert today.in_force and today.status == "active"
    assert [d.number for d in today.decisions] == ["441/QĐ-UBND"]
    assert [(d.number, d.date) for d in today.upcoming] == [("12/QĐ-UBND", date(2030, 1, 15))]
    (later,) = as_of([record_2030], date(2030, 1, 15))
    assert not later.in_force and later.status == "abolished" and later.upcoming == ()


def test_the_page_shows_the_upcoming_abolition_and_the_feed_leaves_it_out(make_site):
    root = make_site({"content/news/2022/a.md": post(), "content/procedures/a/x.md": ABOLISHED_2030})
    built = run_build(root)
    assert built.returncode == 0, built.log
    article = built.article("thu-tuc-hanh-chinh/1.004512/")
    assert article.select_one(".cchc-ended") is None
    note = " ".join(article.select_one(".cchc-upcoming").get_text(" ", strip=True).split())
    assert note.startswith("Sắp bãi bỏ: theo Quyết định số 12/QĐ-UBND ngày 15/01/2030, từ ngày 15/01/2030")
    assert "Đang áp dụng" in article.select_one(".cchc-procedure-record").get_text()
    index = built.article("thu-tuc-hanh-chinh/")
    # Listed in force under its field, not among the ended procedures.
    in_force = index.select("section[data-cchc-group]:not(.cchc-field--ended) li[data-search]")
    assert any("1.004512" in entry.get_text() for entry in in_force)
    assert index.select_one(".cchc-field--ended") is None
    import feedparser
    feed = feedparser.parse((built.site / "thu-tuc-hanh-chinh/feed.xml").read_bytes())
    assert [e.title for e in feed.entries] == ["Công bố mới: Khai báo thiết bị"]


# Replacement chains.

def replaced(code: str, by: str, name: str) -> str:
    return record(code=code, name=name, updated="2022-01-01", more=f"status: replaced\nreplaced_by: '{by}'\n",
                  decisions=(NEW, "  - {number: 5/QĐ-UBND, date: 2022-01-01, kind: replaced}"))


def catalogue(*texts: str) -> list[str]:
    records = [procedure(text, f"content/procedures/a/{index}.md") for index, text in enumerate(texts)]
    return [str(p) for p in check_catalogue(records)]


def test_replacements_that_go_round_in_a_loop_are_refused():
    found = catalogue(replaced("1.000001", "1.000002", "A"), replaced("1.000002", "1.000001", "B"))
    assert ("content/procedures/a/0.md:17: Mã thủ tục thay thế (replaced_by): các thủ tục thay thế nhau thành "
            "vòng (1.000001 -> 1.000002 -> 1.000001); thủ tục cuối của chuỗi thay thế phải là thủ tục đang áp "
            "dụng") in found
    assert len([line for line in found if "thành vòng" in line]) == 2


def test_a_replacement_that_was_abolished_is_refused():
    abolished = record(code="1.000003", name="C", updated="2022-01-01", more="status: abolished\n",
                       decisions=(NEW, "  - {number: 6/QĐ-UBND, date: 2022-01-01, kind: abolished}"))
    found = catalogue(replaced("1.000001", "1.000002", "A"), replaced("1.000002", "1.000003", "B"), abolished)
    assert ("content/procedures/a/0.md:17: Mã thủ tục thay thế (replaced_by): thủ tục thay thế 1.000003 đã bị "
            "bãi bỏ (1.000001 -> 1.000002 -> 1.000003); ghi mã của thủ tục đang áp dụng thay cho thủ tục này"
            ) in found


def test_a_chain_ending_in_force_is_fine():
    assert catalogue(replaced("1.000001", "1.000002", "A"), record(code="1.000002", name="B")) == []


# Codes and counts.

@pytest.mark.parametrize("code", ["1.٠٠٥٤٧٣.H٤٨", "'1.००४५१२'", "'１.004512'"])
def test_a_code_with_digits_that_are_not_ascii_is_refused(code):
    found, problems = checked(record(code=code))
    assert found is None and [p.field for p in problems] == ["code"]


def test_a_quoted_code_with_spaces_is_stripped_and_found_by_its_replacement():
    found = catalogue(replaced("1.000001", "1.000002 ", "A"), record(code="'1.000002 '", name="B"))
    assert found == []
    assert procedure(record(code="' 1.000002 '")).code == "1.000002"


@pytest.mark.parametrize("count, shown", [("-1", "số -1"), ("0", "số 0"), ("true", "giá trị đúng/sai True"),
                                          ("1.5", "số 1.5"), ("'-1 bộ'", "'-1 bộ'"), ("'0 bộ'", "'0 bộ'")])
def test_the_number_of_sets_must_be_positive(count, shown):
    found, problems = checked(record(count=count))
    assert found is None
    assert [p.field for p in problems] == ["dossier_count"] and shown in problems[0].message


@pytest.mark.parametrize("value", ["0", "-1", "true", "1.5"])
def test_originals_and_copies_must_be_positive(value):
    text = record().replace("dossier: [{name: Phiếu khai báo, originals: 1}]",
                            f"dossier: [{{name: Phiếu khai báo, originals: 1, copies: {value}}}]")
    found, problems = checked(text)
    assert found is None and [p.field for p in problems] == ["dossier[1].copies"]


# Bidi controls.

@pytest.mark.parametrize("written, code, what", [
    *((control, f"{ord(control):04X}", "ký tự ẩn điều khiển hướng chữ U+{}, không được dùng (ký tự này đảo hoặc "
       "đổi thứ tự hiển thị của chữ)") for control in ["\u202e", "\u202a", "\u2066", "\u2069"]),
    # Control characters: the file cannot hold them (libyaml refuses them), a quoted value can
    # write them as escapes, and feeds and .docx cannot hold them.
    *((escape, code, "ký tự ẩn U+{}, không được dùng (thường dính vào khi chép từ PDF hoặc Word, ở đây được viết "
       "dưới dạng mã thoát)")
      for escape, code in [("\\x0b", "000B"), ("\\0", "0000"), ("\\x1f", "001F"), ("\\x9f", "009F"),
                           ("\\uFFFF", "FFFF")]),
])
def test_an_invisible_character_in_any_text_is_refused_with_its_line(written, code, what):
    text = record(more=f'fees: "Lệ phí 100.000{written} đồng"\n')
    doc, problems = parse(text, "content/procedures/a/x.md")
    assert doc is None
    assert [str(p) for p in problems] == [f"content/procedures/a/x.md:15: fees: có {what.format(code)}; hãy xoá "
                                          "ký tự này"]


@pytest.mark.parametrize("front, line", [
    ('a: "x\\ny\\nz \\x0b"', 2),  # escaped line breaks are not the file's lines
    ('a: "x\n\n  y \\x0b"', 2),  # nor are folded ones: the line where the value starts
    ("a: |\n  một\n  hai \u202e\n", 4),  # a literal block keeps the file's lines
    ("a: b\nc: 'được \u202e'", 3),
    ('a: "được"\nb:\n  - "x \\0"', 4),
])
def test_an_invisible_character_is_reported_on_a_line_of_its_value(front, line):
    doc, problems = parse(f"---\n{front}\n---\nNội dung.\n", "content/news/2022/x.md")
    assert doc is None and [p.line for p in problems] == [line], [str(p) for p in problems]


def test_a_post_whose_summary_has_an_escaped_nul_is_an_error_not_a_crash(make_site):
    # It passed the checks, then feedgen raised (XML cannot hold it): a traceback, no site.
    root = make_site({"content/news/2022/tin.md": post(summary='"Tóm \\0 tắt"')})
    built = run_build(root)
    assert built.returncode == 1
    assert "Traceback" not in built.log
    assert "content/news/2022/tin.md:5: Tóm tắt (summary): có ký tự ẩn U+0000, không được dùng" in built.log


# Plans: one message for one mistake.

def test_a_broken_plan_is_reported_once_and_not_as_no_plan_on_every_post(make_site):
    plan = (PROJECT / "content/plans/2022.yml").read_text(encoding="utf-8")
    files = {f"content/news/2022/tin-{n}.md": post(title=f"Tin {n}") for n in range(5)}
    files["content/plans/2022.yml"] = plan.replace("year: 2022", "year: 2021")
    files["content/bulletins/2022/01.md"] = (
        "---\nnumber: 1\ndate: 2022-02-25\ntitle: Bản tin\npdf: a.pdf\ntopics: [II.1]\ncontents: [Bài]\n---\n")
    files["content/bulletins/2022/a.pdf"] = b"%PDF-1.4\n"
    root = make_site(files, plan=False)
    found = [str(p) for p in load_site(root, NOW).problems]
    assert found == ["content/plans/2022.yml:3: Năm của kế hoạch (year): đang ghi 2021; ghi 2022, năm trong tên tệp"]


def test_two_plan_files_for_one_year_are_an_error(make_site):
    root = make_site({"content/news/2022/a.md": post()})
    (root / "content/plans/2022.yaml").write_text(
        (PROJECT / "content/plans/2022.yml").read_text(encoding="utf-8"), encoding="utf-8")
    found = [str(p) for p in load_site(root, NOW).problems]
    assert found == ["content/plans/2022.yml:1: Tệp: kế hoạch thứ hai của năm 2022 (kế hoạch thứ nhất là "
                     "content/plans/2022.yaml); mỗi năm chỉ giữ một tệp"]


def test_a_key_written_twice_in_a_plan_is_an_error(make_site):
    plan = (PROJECT / "content/plans/2022.yml").read_text(encoding="utf-8")
    root = make_site({"content/news/2022/a.md": post(),
                      "content/plans/2022.yml": plan.replace("year: 2022\n", "year: 2022\nyear: 2022\n")},
                     plan=False)
    found = [str(p) for p in load_site(root, NOW).problems]
    assert found == ["content/plans/2022.yml:4: Năm của kế hoạch (year): được ghi hai lần (lần đầu ở dòng 3); "
                     "giữ một lần"]


def test_a_key_written_twice_in_front_matter_is_an_error_at_any_depth(make_site):
    root = make_site({"content/news/2022/a.md": post(topics="[II.1]\ntopics: [II.2]")})
    assert [str(p) for p in load_site(root, NOW).problems] == [
        "content/news/2022/a.md:5: Chủ đề của kế hoạch (topics): được ghi hai lần (lần đầu ở dòng 4); giữ một lần"]
