"""Fuzzing the importer: portal records and decision annexes mutated at random, against an empty
site and against one that already holds the records. Whatever the input, an import either
writes valid records or is refused with ImportRefused (file, record, field): never another
exception, never a file written outside content/ nor left half-written.

Hypothesis draws the mutations; the shapes found by hand in issue 29 (numbers JSON allows but
no record holds, deep nesting, lone surrogates, a cell at XFD1048576, a missing shared string)
are among what it draws from.
"""

from __future__ import annotations

import copy
import json
import re
import shutil
import tempfile
import zipfile
from datetime import date
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings, strategies as st
from openpyxl import Workbook

from conftest import fuzz_examples

from cchc.content.procedure_catalogue import load_procedures
from cchc.content.procedure_import import DecisionInfo, ImportRefused, plan_import, read_inputs, write_changes

PROJECT = Path(__file__).resolve().parents[1]
FIXTURES = PROJECT / "tests/fixtures/portal"
RECORD = json.loads((FIXTURES / "khai-bao-x-quang.json").read_text(encoding="utf-8"))
DECISION = DecisionInfo("949/QĐ-UBND", date(2022, 5, 10))
FUZZ = settings(max_examples=fuzz_examples(80), deadline=None, suppress_health_check=[HealthCheck.too_slow])


def _paths(value: object, here: tuple = ()) -> list[tuple]:
    """Every place in the fixture record a value can be put: keys and list items, at any depth."""
    found = [here] if here else []
    if isinstance(value, dict):
        for key, item in value.items():
            found += _paths(item, (*here, key))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            found += _paths(item, (*here, index))
    return found


PLACES = _paths(RECORD)
# Raw JSON texts Python's json.dumps would never write, put in place of a value.
RAW = ["NaN", "Infinity", "-Infinity", "1e400", "-1e400", "9" * 5000, "0." + "1" * 3000, "[" * 5000 + "]" * 5000,
       '"\\ud800"', '{"\\udfff": 1}', "1E+999999", "-0", "123456789012345678901234567890"]
TEXTS = st.sampled_from(["", " ", "²", "٣", "../../etc/passwd", "a/b", "\x00", "<script>x</script>", "=1+1",
                         "Bước 1", "1.999001", "949/QĐ-UBND", "x" * 3000, "Đ" * 300, "\u202e", "- a\n- b"])
SCALARS = (st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False, allow_infinity=False)
           | st.text(max_size=30) | TEXTS)
VALUES = st.recursive(SCALARS, lambda inner: st.lists(inner, max_size=3)
                      | st.dictionaries(st.text(max_size=8) | st.sampled_from(["name", "code", "amount"]),
                                        inner, max_size=3), max_leaves=12)
MUTATION = st.tuples(st.sampled_from(PLACES), st.one_of(VALUES.map(lambda v: ("value", v)),
                                                        st.sampled_from(RAW).map(lambda r: ("raw", r))))


def _mutated(mutations: list) -> str:
    """The fixture record with each mutation applied, as JSON text (raw texts spliced in)."""
    data = copy.deepcopy(RECORD)
    raws = {}
    for place, (how, value) in mutations:
        parent = data
        for step in place[:-1]:
            try:
                parent = parent[step]
            except (KeyError, IndexError, TypeError):
                break
        else:
            if isinstance(parent, (dict, list)):
                try:
                    parent[place[-1]] = value if how == "value" else f"@RAW{len(raws)}@"
                except (IndexError, TypeError):
                    continue
                if how == "raw":
                    raws[f'"@RAW{len(raws)}@"'] = value
    text = json.dumps(data, ensure_ascii=False)
    for marker, raw in raws.items():
        text = text.replace(marker, raw)
    return text


@pytest.fixture(scope="module")
def holding(tmp_path_factory) -> Path:
    """A site that already holds the fixture's records (so the merge with old records runs);
    each example works on a copy."""
    root = tmp_path_factory.mktemp("holding") / "site"
    (root / "content").mkdir(parents=True)
    records, rows = read_inputs(sorted(FIXTURES.glob("*.json")))
    write_changes(root, plan_import(root, records, rows, DECISION, date(2022, 6, 1), "01 bộ"))
    return root


def _import_or_refuse(root: Path, *inputs: Path) -> None:
    """Import ``inputs``; refused is fine; what is written must be valid records under content/."""
    before = {p for p in root.rglob("*")}
    try:
        records, rows = read_inputs(list(inputs))
        changes = plan_import(root, records, rows, DECISION, date(2022, 6, 1), "01 bộ")
        write_changes(root, changes)
    except ImportRefused as refused:
        assert refused.problems
        assert {p for p in root.rglob("*")} == before  # nothing written
        return
    for change in changes:
        assert change.path.startswith("content/procedures/") and ".." not in change.path
    _, _, problems = load_procedures(root)
    assert problems == []
    assert not [p for p in root.rglob(".*")]  # no temporary file left


@given(mutations=st.lists(MUTATION, min_size=1, max_size=4), existing=st.booleans())
@FUZZ
def test_a_mutated_portal_record_is_imported_or_refused(holding, mutations, existing):
    with tempfile.TemporaryDirectory() as folder:
        folder = Path(folder)
        root = folder / "site"
        if existing:
            shutil.copytree(holding, root)
        record = folder / "record.json"
        record.write_text(_mutated(mutations), encoding="utf-8", errors="surrogatepass")
        _import_or_refuse(root, record)


# Annexes.

CELLS = (st.none() | st.integers(min_value=-10 ** 15, max_value=10 ** 15) | st.floats(allow_nan=False)
         | st.booleans() | st.dates() | st.text(alphabet=st.characters(blacklist_categories=("Cs", "Cc")), max_size=20)
         | st.sampled_from(["1.999001", "2.999009", "Mới", "Bãi bỏ", "Sửa đổi", "Thay thế", "Mã thủ tục",
                            "Tên thủ tục", "I. Thủ tục bị bãi bỏ", "=HYPERLINK(\"x\")", "x" * 500]))
HEADER = ["STT", "Mã thủ tục", "Tên thủ tục hành chính", "Lĩnh vực", "Cấp thực hiện", "Cơ quan thực hiện",
          "Tình trạng"]
CELL_REF = st.builds(lambda col, row: f"{col}{row}", st.sampled_from(["A", "B", "Z", "AZ", "XFD"]),
                     st.sampled_from([1, 2, 3, 5001, 1048576]))


def _xml_mutations() -> st.SearchStrategy:
    """Edits of a workbook's XML parts: cell addresses, shared string pointers, dimensions, broken XML."""
    return st.lists(st.one_of(
        CELL_REF.map(lambda ref: ("xl/worksheets/sheet1.xml", rb'r="B2"', f'r="{ref}"'.encode())),
        CELL_REF.map(lambda ref: ("xl/worksheets/sheet1.xml", rb'<dimension ref="[^"]*"', f'<dimension ref="A1:{ref}"'.encode())),
        st.integers(min_value=-1, max_value=10 ** 6).map(  # a pointer to a shared string there is not
            lambda n: ("xl/worksheets/sheet1.xml", rb't="inlineStr"><is><t>[^<]*</t></is>', f't="s"><v>{n}</v>'.encode())),
        st.sampled_from([b"", b"<", b"<c", b"\xff\xfe"]).map(lambda data: ("xl/worksheets/sheet1.xml", rb"<sheetData>", data)),
        st.sampled_from([b"", b"<workbook/>"]).map(lambda data: ("xl/workbook.xml", rb"(?s).*", data)),
    ), max_size=3)


@given(rows=st.lists(st.lists(CELLS, max_size=9), max_size=10), header=st.booleans(), edits=_xml_mutations())
@FUZZ
def test_a_random_or_damaged_annex_is_read_or_refused(rows, header, edits):
    with tempfile.TemporaryDirectory() as folder:
        folder = Path(folder)
        book = Workbook()
        sheet = book.active
        if header:
            sheet.append(HEADER)
        for row in rows:
            sheet.append(row)
        plain = folder / "plain.xlsx"
        book.save(plain)
        annex = folder / "phu-luc.xlsx"
        with zipfile.ZipFile(plain) as old, zipfile.ZipFile(annex, "w", zipfile.ZIP_DEFLATED) as new:
            for info in old.infolist():
                data = old.read(info.filename)
                for part, pattern, replacement in edits:
                    if part == info.filename:
                        data = re.sub(pattern, lambda _: replacement, data, count=1)
                new.writestr(info.filename, data)
        _import_or_refuse(folder / "site", annex)


def test_the_fuzzed_shapes_include_those_issue_29_found_by_hand():
    """The strategies draw from the hand-found shapes: a regression stays in reach."""
    assert {"NaN", "Infinity", "1e400", "9" * 5000} <= set(RAW) and any(r.startswith("[" * 1000) for r in RAW)
    assert ("executionMethods", 0, "submissionMethod") in PLACES
    assert ("executionCases", 0, "profileComponents", 0, "originalQty") in PLACES
