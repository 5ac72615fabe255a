"""No value of any field makes the checker raise: property-based tests with Hypothesis.

Each test starts from a valid record of one content kind (news post, bulletin, procedure, the
year's plan), writes random YAML into one to three of its fields (numbers, booleans, lists,
maps, huge strings, extreme dates, non-ASCII digits, bidi controls, markup, YAML tags, anchors,
a lone `=` or `<<` and merge keys, numbers of thousands of digits, nesting 100,000 deep and
broken syntax), loads the whole content folder as `cchc check` does, and asserts that loading
returns, and that every problem it reports names an existing file, a line in it and a field.
Another test puts files with odd names and contents beside the records. Runs are derandomized
and keep no example database, so CI sees the same examples.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
import shutil
import tempfile
from datetime import date, datetime
from pathlib import Path

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import fuzz_examples

from cchc.content.load import load_site
from cchc.dates import VIETNAM
from cchc.plan.report import coverages

NOW = datetime(2023, 1, 1, tzinfo=VIETNAM)
FUZZ = settings(max_examples=fuzz_examples(150), deadline=None, derandomize=True, database=None,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
PROBLEM = re.compile(r"^(?P<path>[^\n:]+):(?P<line>[1-9]\d*): (?P<field>[^\n]+?): (?P<message>.+)$", re.S)

DELETE = object()  # the field is left out


@dataclass(frozen=True)
class Raw:
    """YAML text written into the file as it is, not as a quoted string."""

    text: str


POST = {
    "title": "Hội nghị tổng kết", "date": "2022-03-03", "topics": ["II.1"],
    "summary": "Tóm tắt.", "unit": "Văn phòng Sở", "image": "anh.png", "image_alt": "Ảnh",
    "slug": "hoi-nghi", "draft": False, "channel": "radio", "form": ["III.1"],
}
BULLETIN = {
    "number": 1, "date": "2022-02-25", "title": "Bản tin số 1", "pdf": "so-1.pdf",
    "cover": "bia.png", "topics": ["II.1"], "draft": False,
    "contents": [{"title": "Bài một", "post": "content/news/2022/tin.md"}, "Bài hai"],
}
PROCEDURE = {
    "code": "1.004508.000.00.00.H48", "name": "Cấp giấy phép", "field": "An toàn bức xạ",
    "level": "Cấp tỉnh", "kind": "TTHC", "online": "một phần",
    "steps": ["Nộp hồ sơ.", "Nhận kết quả."],
    "submission": [{"channel": "Trực tiếp", "time_limit": "10 ngày", "fees": "Không", "notes": "Tại Sở"}],
    "dossier": [{"name": "Đơn", "form": "mau.docx", "form_name": "Mẫu đơn", "originals": 1,
                 "copies": 1, "notes": "Bản gốc"}],
    "dossier_count": "01 bộ", "time_limit": "10 ngày", "applicants": ["Tổ chức"],
    "deciding_agency": "Sở KH&CN", "performing_agency": "Sở", "authorised_agency": "Không",
    "coordinating_agencies": ["Sở Y tế"], "submit_at": ["Trung tâm"], "result": "Giấy phép",
    "fees": ["Không"], "requirements": ["Có người phụ trách"],
    "legal_basis": [{"number": "18/2008/QH12", "summary": "Luật", "date": "2008-06-03", "issuer": "Quốc hội"}],
    "announced": [{"number": "441/QĐ-UBND", "date": "2021-04-06", "kind": "new", "issuer": "UBND tỉnh"}],
    "updated": "2022-06-15", "status": "active",
}
SECOND_PROCEDURE = dict(PROCEDURE, code="1.004509", name="Gia hạn giấy phép", status="replaced",
                        replaced_by="1.004508.000.00.00.H48",
                        announced=[{"number": "442/QĐ-UBND", "date": "2021-04-07", "kind": "replaced"}])
PLAN = {
    "year": 2022, "title": "Kế hoạch 2022", "issuer": "Sở", "based_on": ["Kế hoạch 34/KH-UBND"],
    "topics": [
        {"id": "II.1", "name": "Văn bản chỉ đạo", "slug": "van-ban", "title": "Tuyên truyền văn bản",
         "documents": ["Nghị quyết 76/NQ-CP"]},
        {"id": "II.1.a", "name": "Điểm a", "title": "Điểm a của II.1"},
    ],
    "forms": [{"id": "III.1", "title": "Chuyên mục", "lead": ["Trung tâm"], "partners": ["Các phòng"],
               "window": "Q1-Q2", "quotas": [{"id": "radio", "title": "Phát thanh", "target": 12,
                                             "counted_by": "channel"}]}],
    "deadlines": {"units_report": "2022-11-10", "department_report": "2022-11-15"},
}


def field_paths(record: object, at: tuple = ()) -> list[tuple]:
    """Every field of ``record`` at every depth, as a path of keys and list indexes."""
    paths = [at] if at else []
    if isinstance(record, dict):
        for key, value in record.items():
            paths += field_paths(value, at + (key,))
    elif isinstance(record, list):
        for index, value in enumerate(record):
            paths += field_paths(value, at + (index,))
    return paths


def with_value(record: object, path: tuple, value: object) -> object:
    """A copy of ``record`` with ``value`` at ``path`` (DELETE leaves the field out)."""
    if not path:
        return value
    head, rest = path[0], path[1:]
    if isinstance(record, dict):
        copy = dict(record)
        if rest or value is not DELETE:
            copy[head] = with_value(record.get(head), rest, value)
        else:
            copy.pop(head, None)
        return copy
    if isinstance(record, list) and isinstance(head, int) and head < len(record):
        copy = list(record)
        copy[head] = with_value(record[head], rest, value) if (rest or value is not DELETE) else None
        return copy
    return record


def to_yaml(record: dict) -> str:
    """The record as YAML; Raw values go in as written."""
    raws: list[str] = []

    def swap(value):
        if isinstance(value, Raw):
            raws.append(value.text)
            return f"RAW{len(raws) - 1}RAW"
        if isinstance(value, dict):
            return {swap(k) if isinstance(k, Raw) else k: swap(v) for k, v in value.items()}
        if isinstance(value, list):
            return [swap(v) for v in value]
        return value

    text = yaml.dump(swap(record), Dumper=getattr(yaml, "CSafeDumper", yaml.SafeDumper),
                     allow_unicode=True, sort_keys=False, width=10_000)
    for index, raw in enumerate(raws):
        text = text.replace(f"RAW{index}RAW", raw)
    return text


NASTY_TEXT = [
    "9999-12-31T23:00-05:00", "0001-01-01T00:00+08:00", "2022-02-30", "2022-13-45", "10000-01-01",
    "٢٠٢٢-٠٣-٠٣", "２０２２-０３-０３", "2022-03-03T25:61", "2022-03-03 08:30:00.123456789+07:00",
    "1.٠٠٥٤٧٣.H٤٨", "1.004508 ", " 1.004508.H48", "1.004508.H٤٨", "-1", "0", "1e9", "١٢",
    "\u202eabc", "Phí \u2066100\u2069 đồng", "<script>alert(1)</script>", '"><img src=x onerror=alert(1)>',
    "&amp;", "II.1, II.9", "../../etc/passwd", "/etc/passwd", "https://evil.example/x.pdf",
    "mẫu số #1?.docx", "a\u0000b", "x" * 100_000, "", " ", "\t", "Đ" * 5000, "new", "abolished",
    "replaced", "active", "toàn trình", "mức độ 4", "all-year", "Q5", "Q2-Q1",
    "2022-05-01..2021-01-01", "2022-05-01..2022-02-30", "bulletins", "channel",
]
RAW_YAML = [
    "&a [1, 2]", "*a", "!!python/object/apply:os.system ['true']", "!!binary AAAA", "!!set {a, b}",
    "{", "[1, 2", "? [a, b]\n  : c", "!!timestamp 2022-03-03", "0x1F", "0o17", ".inf", ".nan",
    "2022-03-03", "2022-03-03T08:30:00Z", "~", "null", "yes", "no", "on", "'", "|\n  nhiều\n  dòng",
    ">-\n  gập\n  dòng", "[[[[[[[[[[[[[[[[[[[[[[[[1]]]]]]]]]]]]]]]]]]]]]]]]", "!!int 12", "!!str 12",
    "{a: 1, a: 2}", "- - - 1",
    # YAML 1.1's special scalars: a value key and a merge key, alone, in a list, as a key.
    "=", "<<", "[II.1, =]", "[<<, =]", "{<<: {title: x}}", "{=: 1}", "{x: =}",
    # Numbers past Python's 4,300-digit conversion limit, and long ones under it.
    "1" * 5000, "-" + "9" * 4400, "1." + "5" * 5000, "0x" + "f" * 5000, "0o" + "7" * 5000,
    "1" * 300, "1" * 31, "1_000" * 1000, "1:" + "5" * 4400, "1e" + "9" * 5000,
    # Nesting far past the depth limit, both ways YAML writes it.
    "[" * 100_000 + "]" * 100_000, "{a: " * 2000 + "1" + "}" * 2000,
]

scalars = st.one_of(
    st.none(), st.booleans(), st.integers(min_value=-(2 ** 70), max_value=2 ** 70),
    st.floats(allow_nan=True, allow_infinity=True), st.text(max_size=60),
    st.sampled_from(NASTY_TEXT), st.dates(min_value=date(1, 1, 1), max_value=date(9999, 12, 31)),
)
values = st.one_of(
    scalars, st.sampled_from(RAW_YAML).map(Raw), st.just(DELETE),
    st.lists(scalars, max_size=4),
    st.dictionaries(st.sampled_from(["title", "post", "id", "name", "x", "number", "date", "kind"]),
                    scalars, max_size=3),
)


def mutations(record: dict):
    """One to three (path, value) changes to fields of ``record`` (extra keys included)."""
    paths = field_paths(record) + [("unknown_field",), ("TITLE",)]
    return st.lists(st.tuples(st.sampled_from(paths), values), min_size=1, max_size=3)


def build_tree(root: Path, *, post=POST, bulletin=BULLETIN, procedure=PROCEDURE, plan=None) -> None:
    files = {
        "content/news/2022/tin.md": "---\n" + to_yaml(post) + "---\n\nThân bài.\n",
        "content/news/2022/anh.png": b"\x89PNG\r\n",
        "content/bulletins/2022/01.md": "---\n" + to_yaml(bulletin) + "---\n",
        "content/bulletins/2022/so-1.pdf": b"%PDF-1.4\n%%EOF\n",
        "content/bulletins/2022/bia.png": b"\x89PNG\r\n",
        "content/procedures/linh-vuc/thu-tuc.md": "---\n" + to_yaml(procedure) + "---\n",
        "content/procedures/linh-vuc/thu-tuc-2.md": "---\n" + to_yaml(SECOND_PROCEDURE) + "---\n",
        "content/procedures/linh-vuc/mau.docx": b"PK\x03\x04",
    }
    for rel, data in files.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data if isinstance(data, bytes) else data.encode("utf-8"))
    (root / "content/plans").mkdir(parents=True, exist_ok=True)
    plan_text = to_yaml(plan) if plan is not None else to_yaml(PLAN)
    (root / "content/plans/2022.yml").write_text(plan_text, encoding="utf-8")


def check_never_raises(**records) -> list[str]:
    """Load a content tree made of ``records`` as the checker does; return its problems after
    asserting that each names an existing file, a line in it and a field."""
    root = Path(tempfile.mkdtemp(prefix="cchc-fuzz-"))
    try:
        build_tree(root, **records)
        site = load_site(root, NOW)
        coverages(site, NOW.date())
        out = []
        for problem in site.problems:
            text = str(problem)
            match = PROBLEM.match(text)
            assert match, f"not path:line: field: message: {text!r}"
            path = root / problem.path
            assert path.exists(), text
            if path.suffix in (".md", ".yml"):
                lines = path.read_text(encoding="utf-8", errors="replace").count("\n") + 1
                assert 1 <= problem.line <= lines, text
            assert problem.field.strip() and problem.message.strip(), text
            out.append(text)
        return out
    finally:
        shutil.rmtree(root, ignore_errors=True)


# Files beside the records: odd names (spaces, NFD, upper case, dots, a name at the length limit,
# characters URLs and shells treat specially) with odd contents (empty, a signature alone,
# markup, a truncated SVG, random bytes).
ODD_NAMES = [
    "a b.png", "ảnh.png", "ảnh.png", "ANH.PNG", "x.pdf.exe", ".an.png", "-x.png",
    "x" * 251 + ".png", "%00.png", "#?.docx", "x.md.png", "01 .md", "tin.MD", "..png", "a'\"b.svg",
    "ban-tin.pdf", "mau.doc", "mau.xls", "mau.odt", "mau.xlsx", "anh.webp", "anh.gif", "anh.jpeg",
    "‮txt.png", "so-1.PDF",
]
ODD_CONTENTS = [
    b"", b"%PDF-", b"\x89PNG", b"PK", b"\xd0\xcf\x11\xe0", b"RIFF\0\0\0\0WEBP", b"GIF89a",
    b"<svg xmlns='http://www.w3.org/2000/svg'><script>alert(1)</script></svg>",
    b"<svg xmlns='http://www.w3.org/2000/svg'", b"<html><script>alert(1)</script>", b"---\ntitle: =\n---\n",
]
FOLDERS = ["content/news/2022", "content/bulletins/2022", "content/procedures/linh-vuc", "content/plans"]


@FUZZ
@given(st.lists(st.tuples(st.sampled_from(FOLDERS), st.sampled_from(ODD_NAMES),
                          st.one_of(st.sampled_from(ODD_CONTENTS), st.binary(max_size=64))),
                min_size=1, max_size=4))
def test_any_file_beside_the_records_is_reported_not_raised(extra):
    root = Path(tempfile.mkdtemp(prefix="cchc-fuzz-"))
    try:
        build_tree(root)
        for folder, name, data in extra:
            (root / folder / name).write_bytes(data)
        site = load_site(root, NOW)
        coverages(site, NOW.date())
        for problem in site.problems:
            assert PROBLEM.match(str(problem)), str(problem)
            assert (root / problem.path).exists(), str(problem)
    finally:
        shutil.rmtree(root, ignore_errors=True)


def apply(record: dict, changes) -> dict:
    for path, value in changes:
        record = with_value(record, path, value)
    return record


def test_the_valid_records_load_without_problems():
    assert check_never_raises() == []


@FUZZ
@given(mutations(POST))
def test_any_value_in_a_news_post_is_reported_not_raised(changes):
    check_never_raises(post=apply(POST, changes))


@FUZZ
@given(mutations(BULLETIN))
def test_any_value_in_a_bulletin_is_reported_not_raised(changes):
    check_never_raises(bulletin=apply(BULLETIN, changes))


@FUZZ
@given(mutations(PROCEDURE))
def test_any_value_in_a_procedure_is_reported_not_raised(changes):
    check_never_raises(procedure=apply(PROCEDURE, changes))


@FUZZ
@given(mutations(PLAN))
def test_any_value_in_a_plan_is_reported_not_raised(changes):
    check_never_raises(plan=apply(PLAN, changes))


# The values the issue found raising, each now a message on its own field.

def test_the_reported_tracebacks_are_messages_on_their_fields():
    cases = [
        (dict(plan=with_value(PLAN, ("topics", 0, "slug"), 9001)), "content/plans/2022.yml", "topics[II.1].slug"),
        (dict(plan=with_value(PLAN, ("topics", 0, "slug"), True)), "content/plans/2022.yml", "topics[II.1].slug"),
        (dict(plan=with_value(PLAN, ("topics", 0, "slug"), ["a"])), "content/plans/2022.yml", "topics[II.1].slug"),
        (dict(plan=with_value(PLAN, ("forms", 0, "lead"), 5)), "content/plans/2022.yml", "forms[III.1].lead"),
        (dict(plan=with_value(PLAN, ("forms", 0, "partners"), True)), "content/plans/2022.yml",
         "forms[III.1].partners"),
        (dict(plan=with_value(PLAN, ("topics", 0, "documents"), 2022)), "content/plans/2022.yml",
         "topics[II.1].documents"),
        (dict(bulletin=with_value(BULLETIN, ("date",), "9999-12-31T23:00-05:00")),
         "content/bulletins/2022/01.md", "date"),
        (dict(post=with_value(POST, ("date",), "٢٠٢٢-٠٣-٠٣")), "content/news/2022/tin.md", "date"),
    ]
    for records, path, field in cases:
        found = check_never_raises(**records)
        # The field is named by its label and key ("Ngày phát hành (date)"), or by its key alone.
        assert any(line.startswith(f"{path}:") and (f" ({field}): " in line or f": {field}: " in line)
                   for line in found), (field, found)


def test_yaml_tags_anchors_and_duplicate_keys_are_refused_with_their_line():
    found = check_never_raises(post=with_value(POST, ("unit",), Raw("!!python/object/apply:os.system ['true']")))
    assert any(line.startswith("content/news/2022/tin.md:7: Phần đầu tệp (front matter): không được dùng thẻ "
                               "YAML như !!python/object/apply:os.system") for line in found), found
    found = check_never_raises(plan=with_value(PLAN, ("title",), Raw("&a Kế hoạch")))
    assert any(line.startswith("content/plans/2022.yml:2: Kế hoạch: không được dùng neo và bí danh của YAML")
               for line in found), found
    found = check_never_raises(plan=with_value(PLAN, ("deadlines",), Raw(
        "\n  units_report: 2022-11-10\n  units_report: 2022-11-11\n  department_report: 2022-11-15")))
    assert any("(deadlines.units_report): được ghi hai lần (lần đầu ở dòng" in line for line in found), found
