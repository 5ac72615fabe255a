"""One description of each kind's fields (cchc/content/fields.py), and the CMS form made from it
refuses what the checker refuses.

Every field of every kind that an editor types into (a text input, a file name) is given
values, valid and not; for each, Node runs what Decap CMS runs: ``RegExp(pattern).test(value)``
with no flags (decap-cms-core, Widget.validatePattern; an empty value is only checked for being
required) and writes the value as Decap writes a file's front matter (the ``yaml`` package:
``createNode`` then ``toString``). That front matter, in an otherwise valid file, goes through
the checker. Whatever the checker refuses, the form must refuse too.

What the form refuses that the checker would take (the converse) is allowed, for these reasons:
a length counted before spaces are collapsed and in UTF-16 units (JavaScript's), not after; a
code or a slug with spaces around it; a text that YAML 1.1 would read as true/false or as a
number ("yes", "off", "1:20", "0b101", "1_000": the checker would take some as numbers, which
is not what the editor typed); a news title with no letter, where the post has its own slug. Lone surrogates
are not tried: a file written by the form cannot hold one.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from cchc.content import bulletins, fields, news
from cchc.content.bulletins import NewsIndex, check_bulletin
from cchc.content.document_check import check_document
from cchc.content.fields import BULLETIN_FIELDS, KINDS, NEWS_FIELDS, PROCEDURE_FIELDS, Field
from cchc.content.news import check_post
from cchc.content.plan import load_plans
from cchc.content.procedure_check import check_procedure
from cchc.content.procedure_import import IMPORTED_KEYS, KEY_ORDER
from cchc.content.source import decode, parse
from cchc.site.cms import cms_config, CmsSettings

# This module's fixtures that build a site or start a program: their tests are marked `site`.
SITE_FIXTURES = {"form_verdicts"}  # runs Node

PROJECT = Path(__file__).resolve().parents[1]
DECAP_CORE = PROJECT / "node_modules" / "decap-cms-core"

# An otherwise valid file of each kind, with where it lives; the field tried replaces its line.
VALID = {
    "news": ("content/news/2022/vi-du.md", {
        "title": "Hội nghị tổng kết", "date": "2022-03-21", "summary": "Tóm tắt.", "topics": "[II.1]"}),
    "procedure": ("content/procedures/an-toan-buc-xa/khai-bao.md", {
        "code": "1.004599", "name": "Khai báo thiết bị X-quang", "field": "An toàn bức xạ",
        "steps": "[Nộp phiếu khai báo.]", "submission": "[{channel: Trực tuyến}]",
        "dossier": "[{name: Phiếu khai báo, form: phieu.docx, originals: 1}]", "dossier_count": "01 bộ",
        "time_limit": "03 ngày làm việc", "applicants": "Tổ chức, cá nhân",
        "deciding_agency": "Sở Khoa học và Công nghệ",
        "announced": "{number: 441/QĐ-UBND, date: 2021-04-06, kind: amended}", "updated": "2022-06-15"}),
    "bulletin": ("content/bulletins/2022/02.md", {
        "number": "2", "date": "2022-04-28", "title": "Bản tin số 2", "pdf": "ban-tin.pdf",
        "topics": "[II.1]", "contents": "[Bài viết]"}),
    "document": ("content/documents/2022/34-kh-ubnd.md", {
        "number": "34/KH-UBND", "type": "Kế hoạch", "issuer": "UBND tỉnh", "date": "2022-03-03",
        "subject": "Tuyên truyền cải cách hành chính năm 2022", "file": "ban-tin.pdf"}),
}
# A field's value in a file of another field or kind: only the cross-field rules the form cannot
# see are met here (a replacement needs status: replaced and the decision that replaced).
CONTEXT = {("procedure", "replaced_by"): {
    "status": "replaced", "announced": "{number: 441/QĐ-UBND, date: 2021-04-06, kind: replaced}"},
    # A published document needs a file, its official address or no_file: true, which the form
    # cannot see together.
    ("document", "file"): {},
    # A published picture needs its description (checked by its own rule, cchc/site/cms_rules.py).
    ("news", "image"): {"image_alt": "Ảnh minh hoạ"}}

TEXT_VALUES = [
    "Hội nghị tổng kết công tác cải cách hành chính", "", " ", "\t \u3000", "\u0085", "<b>x</b>",
    "Thông báo <b>quan trọng</b> về lịch", "<script>alert(1)</script>", "a < b và c > d", "Dưới 5 < 7 ngày", "< /i>", "<!-- x -->",
    "<\u212a>", "x" * 199, "x" * 200, "x" * 201, "x" * 300, "x" * 401, "x" * 601, "x" * 3001,
    "a\x00b", "a\x07b", "a\x0bb", "a\x1bb", "a\x7fb", "a\x85b", "a\x9fb", "a\u202eb", "a\u2066b", "a\ufffeb",
    "dòng một\ndòng hai", "a\rb", "a\u2028b", "yes", "No", "ON", "off", "true", "null", "~", "=", "<<",
    "1:20", "0b101", "1_000", "- gạch đầu dòng", "# không phải ghi chú", "a: b", "'trích'", '"trích"',
    "@x", "`x`", "%x", "!x", "&x", "*x", "|", ">", "[II.1]", "{a: b}", "  lề  ", "Cơ quan A\u00a0B",
    "\U0001f600" * 150, "e\u0301" * 150,
]
SPECIAL_VALUES = {
    "slug": ["hoi-nghi", "hoi-nghi-2022", "trang", "trang-2", "Hoi-nghi", "hội-nghị", "hoi--nghi", "-hoi", "hoi nghi", "hoi_nghi", "x" * 300],
    "code": ["1.004512", "1.004512.H48", "1.004512.000.00.00.H48", "1.4512", "0.004512", "1.004512.H4",
             " 1.004512", "1.004512 ", "1.٠٠٤٥١٢", "TTHC-01"],
    "sets": ["01 bộ", "1", "5", "0", "00 bộ", "0 bộ", "-1", "+0", "-0 bộ", " 0 bộ", "007 bộ", "1.5", "Một bộ"],
    # A document's number and symbol, and an official address.
    "symbol": ["34/KH-UBND", "04-NQ/TU", "15/2014/QĐ-UBND", "34/kh-ubnd", "34 KH UBND", "1.004512", " 34/KH-UBND"],
    "url": ["https://vanban.chinhphu.vn/van-ban", "http://vanban.example.vn", "vanban.example.vn", "https://a b"],
    "file": ["anh.jpg", "ANH.JPG", "anh.txt", "phieu.docx", "ban-tin.pdf", "bia.svg", "BIA.PNG", "ban-tin.pdf.exe"],
}
# Every file name tried is there, beside each kind's file: whether a file exists is not the form's.
FILES = {f"{path.rpartition('/')[0]}/{name}": 10 for path, _ in VALID.values() for name in SPECIAL_VALUES["file"]}


def _tried() -> list[tuple[str, Field, str]]:
    """(kind, field, value) for every field the editor types into, and the values for it."""
    cases = []
    for kind, kind_fields in KINDS.items():
        for field in kind_fields:
            if field.form_pattern is None and field.widget not in ("string", "text"):
                continue
            values = SPECIAL_VALUES.get(field.type, []) + TEXT_VALUES
            if field.type == "file":
                values = SPECIAL_VALUES["file"] + [""]
            cases += [(kind, field, value) for value in values]
    return cases


CASES = _tried()

_NODE = r"""
const path = require("path");
const yaml = require(require.resolve("yaml", {paths: [process.argv[1]]}));
const cases = JSON.parse(require("fs").readFileSync(0, "utf8"));
const isEmpty = value => value === null || value === undefined || value.length === 0;
console.log(JSON.stringify(cases.map(({name, value, pattern, required}) => {
  // decap-cms-core Widget.validatePresence, then validatePattern: RegExp(pattern[0]).test(value)
  const refused = isEmpty(value) ? required : Boolean(pattern) && !RegExp(pattern).test(value);
  const doc = new yaml.Document();
  doc.contents = yaml.createNode({[name]: value});
  return {refused, yaml: doc.toString()};
})));
"""


@pytest.fixture(scope="module")
def plans():
    loaded, problems = load_plans(PROJECT)
    assert problems == []
    return loaded


@pytest.fixture(scope="module")
def form_verdicts():
    """What the CMS does with each case: refuses it, or writes it as this YAML."""
    if shutil.which("node") is None or not DECAP_CORE.is_dir():
        pytest.skip("needs Node and node_modules (npm ci)")
    payload = [{"name": field.name, "value": value, "required": field.required,
                "pattern": field.form_pattern[0] if field.form_pattern else None}
               for _, field, value in CASES]
    done = subprocess.run(["node", "-e", _NODE, str(DECAP_CORE)], input=json.dumps(payload),
                          capture_output=True, text=True, encoding="utf-8", check=True, timeout=60)
    return json.loads(done.stdout)


def checker_refuses(kind: str, name: str, written: str | None, plans) -> list[str]:
    """The checker's problems for a valid file of ``kind`` whose field ``name`` is ``written``
    (a front-matter line as the CMS writes it), or left out when None."""
    path, valid = VALID[kind]
    valid = {**valid, **CONTEXT.get((kind, name), {})}
    lines = [f"{key}: {value}" for key, value in valid.items() if key != name]
    if written is not None:
        lines.append(written.rstrip("\n"))
    text, problems = decode(("---\n" + "\n".join(lines) + "\n---\n").encode("utf-8"), path)
    if text is not None:
        doc, problems = parse(text, path)
        if doc is not None and not problems:
            if kind == "news":
                problems = check_post(doc, plans, FILES)[1]
            elif kind == "procedure":
                problems = check_procedure(doc, set(FILES))[1]
            elif kind == "document":
                problems = check_document(doc, plans, FILES)[1]
            else:
                problems = check_bulletin(doc, plans, FILES, NewsIndex.of([]))[1]
    return [str(p) for p in problems]


def test_the_form_refuses_every_value_the_checker_refuses(form_verdicts, plans):
    let_through = []
    for (kind, field, value), verdict in zip(CASES, form_verdicts):
        if value == "" and (kind, field.name) in CONTEXT:
            continue  # needed only with the other fields' values (status: replaced)
        # Decap leaves an empty optional field out of the file (omit_empty_optional_fields).
        written = None if value == "" and not field.required else verdict["yaml"]
        problems = checker_refuses(kind, field.name, written, plans)
        if problems and not verdict["refused"]:
            let_through.append(f"{kind}.{field.name} = {value!r}: {problems[0]}")
    assert let_through == []


def test_the_form_takes_what_editors_write(form_verdicts):
    # The converse's exceptions are listed in this module's docstring; ordinary text is not one.
    ordinary = {"Hội nghị tổng kết công tác cải cách hành chính", "hoi-nghi", "1.004512.H48", "01 bộ",
                "anh.jpg", "ANH.JPG", "phieu.docx", "ban-tin.pdf", "bia.svg", "Dưới 5 < 7 ngày", "x" * 199}
    refused = [f"{kind}.{field.name} = {value!r}" for (kind, field, value), verdict in zip(CASES, form_verdicts)
               if value in ordinary and verdict["refused"]
               and not (field.type == "file" and not value.lower().endswith(field.types))
               and not (field.type in ("code", "slug", "sets", "symbol", "url") and value not in SPECIAL_VALUES[field.type])
               and not (field.limit and len(value) > field.limit)]
    assert refused == []


@pytest.mark.parametrize("value", ["<b>x</b>", "Thông báo <b>quan trọng</b> về lịch", "x" * 300, " ", "a\x0bb"])
def test_a_title_the_build_refuses_is_refused_by_the_form(form_verdicts, value):
    verdicts = [v["refused"] for (kind, field, tried), v in zip(CASES, form_verdicts)
                if field.name == "title" and tried == value]
    assert verdicts and all(verdicts)


def test_the_checker_knows_the_fields_the_description_lists():
    assert news.ALLOWED_KEYS == tuple(f.name for f in NEWS_FIELDS)
    assert bulletins.ALLOWED_KEYS == tuple(f.name for f in BULLETIN_FIELDS)
    assert KEY_ORDER == tuple(f.name for f in PROCEDURE_FIELDS)
    assert set(IMPORTED_KEYS) < set(KEY_ORDER)


@pytest.mark.parametrize("kind_fields", KINDS.values(), ids=KINDS.keys())
def test_every_field_has_a_label_a_hint_and_an_example_of_itself(kind_fields):
    for field in kind_fields:
        assert field.label and field.hint and field.example.startswith(f"{field.name}:"), field.name
        assert all(part.label for part in field.parts), field.name


def test_the_form_has_the_description_s_label_hint_required_flag_and_pattern(plans):
    from cchc.content.load import load_site
    from cchc.dates import build_time
    site = load_site(PROJECT, build_time())
    collections = {c["name"]: c for c in cms_config(site, CmsSettings(), "https://x.vn/")["collections"]}
    for name, kind_fields in (("tin-tuc", NEWS_FIELDS), ("thu-tuc", PROCEDURE_FIELDS), ("ban-tin", BULLETIN_FIELDS)):
        inputs = collections[name]["fields"][:-1]  # the body last
        assert [i["name"] for i in inputs] == [f.name for f in kind_fields]
        for spec, field in zip(inputs, kind_fields):
            # The form's own explanation where the guide's speaks of writing the file by hand.
            assert (spec["label"], spec["hint"], spec["required"]) == (field.label, field.form_hint or field.hint,
                                                                       field.required)
            assert spec.get("pattern") == (list(field.form_pattern) if field.form_pattern else None)


def test_a_pattern_message_is_vietnamese_and_says_the_limit():
    title = next(f for f in NEWS_FIELDS if f.name == "title")
    assert title.form_pattern[1] == ("Tối đa 200 ký tự, một dòng, không dùng thẻ HTML "
                                     "(dấu < liền trước chữ cái), có chữ hoặc số.")
    assert fields.MAX_TITLE == title.limit


@pytest.mark.parametrize("value", ["=", "<<"])
def test_a_value_yaml_1_1_reserves_is_refused_by_the_checker_and_the_form(value):
    # The form would write these unquoted, and YAML 1.1 reads them as a value key and a merge
    # key, YAML 1.2 as text: the checker refuses them at their line, and so does the form.
    doc, problems = parse(f"---\ntitle: {value}\n---\n", "content/news/2022/a.md")
    assert doc is None and [(p.line, p.field) for p in problems] == [(2, "title")]
    assert re.fullmatch(fields._YAML_1_1, value)
