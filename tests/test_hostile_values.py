"""Values that crashed or fooled the checker in the second hostile round (issue 29), each now a
`path:line: field: message` or shown for what it is.

A lone `=` or `<<` (YAML 1.1's value and merge keys), a number too long to convert, a field that
names a folder made too long, a plan for year 0, a file too large or empty or not what its name
says, an abolished procedure brought back by an amending decision, markup in a name a feed shows
as its title. The checker here is what `cchc check` runs (load_site); the build and the preview
share it, and tests below build a site and run `cchc check` to show they say the same.
"""

from __future__ import annotations

import os
import re
import subprocess
from datetime import date
from pathlib import Path

import pytest

from cchc.content.files import published_file_problems
from cchc.content.load import load_site
from cchc.content.plan import load_plan
from cchc.content.procedure_catalogue import as_of
from cchc.content.procedure_check import check_procedure
from cchc.content.source import parse
from cchc.syndication.channels import procedure_change_item
from conftest import CCHC, EPOCH_2023, post, run_build
from test_fuzz_content import BULLETIN, NOW, PLAN, POST, PROCEDURE, Raw, check_never_raises, to_yaml, with_value

SPECIAL = "'{0}' đứng một mình không dùng được: YAML 1.1 đọc nó là một khoá đặc biệt, không phải chữ; " \
          "nếu là chữ, đặt trong ngoặc kép: \"{0}\""
NEWS = "content/news/2022/tin.md"
PLAN_FILE = "content/plans/2022.yml"
PROCEDURE_FILE = "content/procedures/linh-vuc/thu-tuc.md"
BULLETIN_FILE = "content/bulletins/2022/01.md"


_LABELLED = re.compile(r"^(.*?:\d+: )(?:[^:]*? \(([^()]+)\)|(Tệp))(: .*)$", re.S)


def keyed(lines) -> list[str]:
    """Each problem line with its field named by its key alone: messages name a field by its
    Vietnamese label and key ("Tiêu đề (title)", and a whole file "Tệp"); these tests by the key."""
    return [_LABELLED.sub(lambda m: m.group(1) + (m.group(2) or "file") + m.group(4), str(line)) for line in lines]


def line_of(text: str, needle: str) -> int:
    """The 1-based line of the first line of ``text`` holding ``needle``."""
    return next(n for n, line in enumerate(text.splitlines(), 1) if needle in line)


# Finding 4: a lone "=" or "<<", wherever it is written, is refused like a tag, with its line.

@pytest.mark.parametrize("records, path, field, marker", [
    (dict(post=with_value(POST, ("summary",), Raw("="))), NEWS, "summary", "summary: ="),
    (dict(post=with_value(POST, ("topics",), Raw("[II.1, =]"))), NEWS, "topics[2]", "topics: [II.1, =]"),
    (dict(post=with_value(POST, ("unit",), Raw("<<"))), NEWS, "unit", "unit: <<"),
    (dict(procedure=with_value(PROCEDURE, ("steps", 1), Raw("="))), PROCEDURE_FILE, "steps[2]", "- ="),
    (dict(procedure=with_value(PROCEDURE, ("fees",), Raw("<<"))), PROCEDURE_FILE, "fees", "fees: <<"),
    (dict(plan=with_value(PLAN, ("topics", 1, "name"), Raw("="))), PLAN_FILE, "topics[2].name", "name: ="),
    (dict(bulletin=with_value(BULLETIN, ("contents", 1), Raw("="))), BULLETIN_FILE, "contents[2]", "- ="),
])
def test_a_lone_equals_or_merge_sign_is_refused_at_its_line_and_field(records, path, field, marker):
    text = to_yaml(next(iter(records.values())))
    value = "<<" if "<<" in marker else "="
    # The line of the value (the front matter's first line is the file's second).
    line = line_of(text, marker) + (0 if path == PLAN_FILE else 1)
    found = [problem for problem in check_never_raises(**records) if problem.startswith(f"{path}:")]
    # The field is named by its key, after its Vietnamese label where the kind describes it.
    assert len(found) == 1 and found[0].startswith(f"{path}:{line}: ")
    assert found[0].endswith(f"{field}: {SPECIAL.format(value)}") or found[0].endswith(f"({field}): {SPECIAL.format(value)}")


def test_a_merge_key_is_refused_not_merged():
    text = "---\ntitle: Tin\nextra: {a: 1}\n<<: {title: Khác}\n---\n"
    doc, problems = parse(text, NEWS)
    assert doc is None
    assert [str(p) for p in problems] == [f"{NEWS}:4: <<: {SPECIAL.format('<<')}"]


def test_quoted_they_are_text():
    doc, problems = parse('---\ntitle: "="\nsummary: \'<<\'\n---\n', NEWS)
    assert problems == [] and (doc.meta["title"], doc.meta["summary"]) == ("=", "<<")


# Finding 7: numbers are bounded before they are converted; what names a folder is bounded.

@pytest.mark.parametrize("records, path, field", [
    (dict(post=with_value(POST, ("summary",), Raw("1" * 5000))), NEWS, "summary"),
    (dict(post=with_value(POST, ("unit",), Raw("-" + "9" * 4400 + ".5"))), NEWS, "unit"),
    (dict(plan=with_value(PLAN, ("forms", 0, "quotas", 0, "target"), Raw("1" * 5000))), PLAN_FILE,
     "forms[1].quotas[1].target"),
    (dict(procedure=with_value(PROCEDURE, ("dossier", 0, "originals"), Raw("7" * 4301))), PROCEDURE_FILE,
     "dossier[1].originals"),
])
def test_a_number_longer_than_any_field_needs_is_refused_before_it_is_converted(records, path, field):
    found = check_never_raises(**records)
    assert any(line.startswith(f"{path}:") and f": {field}: một số dài " in line
               and "dài hơn mọi trường cần (tối đa 30); nếu là chữ, đặt trong ngoặc kép" in line
               for line in keyed(found)), found


@pytest.mark.parametrize("number", [Raw("1" * 300), "1" * 300, 1000])
def test_a_bulletin_number_that_would_name_too_long_a_folder_is_refused(number):
    found = check_never_raises(bulletin=with_value(BULLETIN, ("number",), number))
    assert any(line.startswith(f"{BULLETIN_FILE}:2: number: ") for line in keyed(found)), found


def test_a_slug_that_would_name_too_long_a_folder_is_refused():
    record = with_value(POST, ("slug",), "a" * 300)
    found = check_never_raises(post=record)
    assert f"{NEWS}:{line_of(to_yaml(record), 'slug:') + 1}: slug: dài 300 ký tự, tối đa 200 (địa chỉ trang là tên một thư mục); viết ngắn hơn" in keyed(found)
    found = check_never_raises(plan=with_value(PLAN, ("topics", 1, "name"), "Điểm " * 60))
    assert any(": topics[II.1.a].slug: địa chỉ trang chủ đề dài" in line for line in keyed(found)), found


# Finding 11: a plan for a year no plan can be for; a file too large is not read.

@pytest.mark.parametrize("year", ["0000", "9999", "1000"])
def test_a_plan_for_a_year_out_of_range_is_a_problem_on_its_file_name(tmp_path, year):
    plan = (tmp_path / f"content/plans/{year}.yml")
    plan.parent.mkdir(parents=True)
    plan.write_text(to_yaml(dict(PLAN, year=int(year))).replace("2022-", f"{year}-"), encoding="utf-8")
    found, problems = load_plan(tmp_path, f"content/plans/{year}.yml")
    assert found is None
    assert [str(p) for p in problems] == [
        f"content/plans/{year}.yml:1: file name: năm {int(year)} không phải năm của một kế hoạch (từ 2000 "
        "đến 2999); đặt tên tệp theo năm của kế hoạch, như 2022.yml"]
    site = load_site(tmp_path, NOW)  # and the whole load goes on
    assert any(p.path == f"content/plans/{year}.yml" for p in site.problems)


def test_a_huge_svg_is_refused_by_its_size_without_being_read(tmp_path):
    picture = tmp_path / "content/news/2022/anh.svg"
    picture.parent.mkdir(parents=True)
    with picture.open("wb") as handle:  # 2 GB with no byte written: reading it would take 2 GB
        handle.truncate(2 * 1024 ** 3)
    problems = published_file_problems(tmp_path, ["content/news/2022/anh.svg"], 20 * 1024 ** 2)
    assert keyed(problems) == [
        "content/news/2022/anh.svg:1: file: tệp nặng 2048,0 MB, lớn hơn giới hạn 20 MB (extra.cchc.max_file_mb "
        "trong mkdocs.yml); lưu lại tệp nhỏ hơn (ảnh nén hơn), hoặc nâng giới hạn"]


def test_every_attachment_has_the_size_limit_of_the_settings(make_site):
    root = make_site({"content/news/2022/a.md": post(image="anh.png"),
                      "content/news/2022/anh.png": b"\x89PNG\r\n\x1a\n" + bytes(2 * 1024 ** 2)},
                     own_config=True, max_file_mb=1)
    done = subprocess.run([*CCHC, "check", "--root", str(root)], capture_output=True, text=True, timeout=300)
    assert done.returncode == 1
    assert ("content/news/2022/anh.png:1: file: tệp nặng 2,0 MB, lớn hơn giới hạn 1 MB (extra.cchc.max_file_mb "
            "trong mkdocs.yml); lưu lại tệp nhỏ hơn (ảnh nén hơn), hoặc nâng giới hạn") in keyed(done.stdout.splitlines())


# Finding 13: every attachment is checked by its content, whatever its size.

EMPTY = "tệp rỗng (0 byte); xuất hoặc lưu lại tệp rồi đặt lại vào đây"


@pytest.mark.parametrize("rel, data, message", [
    ("content/procedures/linh-vuc/mau.docx", b"", EMPTY),
    ("content/news/2022/anh.png", b"", EMPTY),
    ("content/news/2022/anh.png", b"<html><script>alert(1)</script>", "không phải tệp PNG như tên tệp nói"),
    ("content/procedures/linh-vuc/mau.docx", b"<html>", "không phải tệp Word (.docx) như tên tệp nói"),
    ("content/procedures/linh-vuc/mau.pdf", b"", EMPTY),
])
def test_an_empty_file_or_one_that_is_not_what_its_name_says_is_refused(tmp_path, rel, data, message):
    # Beside a post, a bulletin or a procedure: each published as it is.
    files = {rel: data}
    if rel.endswith("mau.pdf"):
        files[PROCEDURE_FILE] = "---\n" + to_yaml(with_value(PROCEDURE, ("dossier", 0, "form"), "mau.pdf")) + "---\n"
    problems = load_problems(tmp_path, files)
    assert any(p.startswith(f"{rel}:1: file: {message}") for p in keyed(problems)), problems


def load_problems(root: Path, files: dict[str, bytes | str]) -> list[str]:
    """The checker's problems of the fuzz tests' valid tree with ``files`` written over it."""
    from test_fuzz_content import build_tree
    build_tree(root)
    for rel, data in files.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data if isinstance(data, bytes) else data.encode("utf-8"))
    return [str(p) for p in load_site(root, NOW).problems]


def test_the_valid_tree_has_files_that_are_what_they_say(tmp_path):
    assert load_problems(tmp_path, {}) == []


def test_an_empty_bulletin_pdf_is_refused_on_the_bulletin(tmp_path):
    # The issue does not load, so its PDF is not published: the issue says why.
    assert keyed(load_problems(tmp_path, {"content/bulletins/2022/so-1.pdf": b""})) == [
        f"{BULLETIN_FILE}:5: pdf: tệp content/bulletins/2022/so-1.pdf rỗng (0 byte); hãy xuất lại tệp PDF"]


# Finding 13: what a feed shows as a title or a category is plain text.

PLAIN = ("không dùng thẻ HTML ở đây (dấu < liền trước chữ cái): chữ này hiện trong nguồn tin RSS, nơi phần "
         "mềm đọc tin có thể hiểu nó là HTML; viết chữ thường")


@pytest.mark.parametrize("records, path, field", [
    (dict(procedure=with_value(PROCEDURE, ("name",), "<script>alert(1)</script> Đăng ký")), PROCEDURE_FILE, "name"),
    (dict(procedure=with_value(PROCEDURE, ("field",), "An toàn <b>bức xạ</b>")), PROCEDURE_FILE, "field"),
    (dict(plan=with_value(PLAN, ("topics", 0, "name"), "<img src=x onerror=alert(1)>")), PLAN_FILE, "topics[II.1].name"),
    (dict(plan=with_value(PLAN, ("topics", 0, "title"), "Tuyên truyền <i>văn bản</i>")), PLAN_FILE, "topics[II.1].title"),
])
def test_markup_in_a_name_a_feed_shows_as_its_title_is_refused(records, path, field):
    found = check_never_raises(**records)
    assert any(line.startswith(f"{path}:") and line.endswith(f": {field}: {PLAIN}") for line in keyed(found)), found


def test_a_less_than_sign_that_is_no_tag_stays_in_a_name():
    found = check_never_raises(procedure=with_value(PROCEDURE, ("name",), "Hỗ trợ dự án dưới 5 < 7 tỷ đồng"))
    assert found == []


# Finding 12: once abolished, a procedure stays so until a decision restores it.

def decisions(*kinds_and_years: tuple[str, int]) -> list[dict]:
    return [{"number": f"{100 + n}/QĐ-UBND", "date": f"{year}-03-01", "kind": kind}
            for n, (kind, year) in enumerate(kinds_and_years)]


def checked(announced: list[dict], status: str = "active"):
    record = dict(PROCEDURE, announced=announced, updated=max(d["date"] for d in announced), status=status)
    doc, problems = parse("---\n" + to_yaml(record) + "---\n", PROCEDURE_FILE)
    assert problems == []
    return check_procedure(doc, {"content/procedures/linh-vuc/mau.docx"})


def test_an_amendment_after_an_abolition_does_not_bring_the_procedure_back():
    for status in ("active", "abolished"):
        procedure, problems = checked(decisions(("new", 2018), ("abolished", 2020), ("amended", 2021)), status)
        assert procedure is None
        kind_line = [p for p in keyed(problems) if ": announced[3].kind: " in p]
        assert kind_line == [
            f"{PROCEDURE_FILE}:{kind_line[0].split(':')[1]}: announced[3].kind: thủ tục đã bãi bỏ theo quyết "
            "định 101/QĐ-UBND ngày 2020-03-01; quyết định 102/QĐ-UBND (sửa đổi, bổ sung) không làm thủ tục áp "
            "dụng lại. Nếu quyết định này khôi phục thủ tục, ghi 'kind: restored'"], problems


def test_a_restoring_decision_brings_it_back_and_the_feed_says_so():
    procedure, problems = checked(decisions(("new", 2018), ("abolished", 2020), ("restored", 2021), ("amended", 2022)))
    assert problems == [] and procedure.status == "active" and procedure.status_label == "Đang áp dụng"
    items = [procedure_change_item(procedure, d) for d in procedure.decisions]
    assert [i.title.split(":")[0] for i in items] == ["Công bố mới", "Bãi bỏ", "Khôi phục", "Sửa đổi, bổ sung"]
    assert "được khôi phục theo Quyết định số 102/QĐ-UBND ngày 01/3/2021" in items[2].summary


def test_restoring_a_procedure_in_force_is_a_problem():
    procedure, problems = checked(decisions(("new", 2018), ("restored", 2021)))
    assert procedure is None
    assert any(": announced[2].kind: quyết định 101/QĐ-UBND khôi phục một thủ tục đang áp dụng" in str(p)
               for p in keyed(problems)), problems


def test_as_of_a_day_the_status_follows_every_decision_in_force():
    procedure, problems = checked(decisions(("new", 2018), ("abolished", 2020), ("restored", 2030)), "active")
    assert problems == []
    before, = as_of([procedure], date(2023, 1, 1))
    assert before.status == "abolished" and [d.kind for d in before.upcoming] == ["restored"]
    after, = as_of([procedure], date(2030, 3, 1))
    assert after.status == "active"


# The build and `cchc check` report these as the checker does, with no traceback.

@pytest.mark.site
def test_the_build_and_the_checker_report_them_and_never_raise(make_site):
    files = {
        "content/news/2022/a.md": post(summary="="),
        "content/news/2022/b.md": post(title="Tin hai", summary="1" * 5000),
        "content/bulletins/2022/01.md": "---\n" + to_yaml(dict(BULLETIN, number=int("1" * 300), cover=None,
                                                             contents=["Bài một"])).replace("cover: null\n", "")
                                        + "---\n",
        "content/bulletins/2022/so-1.pdf": b"%PDF-1.4\n%%EOF\n",
        "content/news/2022/rong.pdf": b"",
    }
    root = make_site(files, own_config=True)
    done = subprocess.run([*CCHC, "check", "--root", str(root)], capture_output=True, text=True, timeout=300,
                          env={**os.environ, "SOURCE_DATE_EPOCH": EPOCH_2023})
    built = run_build(root)
    for output in (done.stdout + done.stderr, built.log):
        assert "Traceback" not in output and "File name too long" not in output, output[-3000:]
    expected = [f"content/news/2022/a.md:{line_of(files['content/news/2022/a.md'], 'summary')}: summary: "
                + SPECIAL.format("="),
                "content/bulletins/2022/01.md:2: number: một số dài 300 ký tự",
                "content/news/2022/b.md:",
                "content/news/2022/rong.pdf:1: file: " + EMPTY]
    assert done.returncode == 1 and built.returncode != 0
    for start in expected:
        assert any(line.startswith(start) for line in keyed(done.stdout.splitlines())), (start, done.stdout)
        assert any(line.startswith(start) for line in keyed(built.log_lines("ERROR"))), (start, built.log)
