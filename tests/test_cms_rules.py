"""The form's own checks say what the checker says (issue 30, point 2).

Each invalid value is given to the checker, in a file, and to the form's check (the real
cchc/site/cms_widgets.js, run in Node with the rules config.yml carries): the form refuses it
with the very message the checker prints for it, and lets the valid ones through.
"""

from __future__ import annotations

import json
import shutil
import subprocess

import pytest
import yaml

from cchc.content.bulletins import NewsIndex, check_bulletin
from cchc.content.news import check_post
from cchc.content.plan import load_plans
from cchc.content.source import parse
from cchc.site.cms_rules import form_rules
from conftest import PROJECT

pytestmark = pytest.mark.site  # runs Node

WIDGETS = PROJECT / "cchc/site/cms_widgets.js"
POST, BULLETIN = "content/news/2022/vi-du.md", "content/bulletins/2022/02.md"
GOOD_POST = {"title": "Hội nghị", "date": "2022-03-21", "topics": ["II.1"], "summary": "Tóm tắt."}
GOOD_BULLETIN = {"number": 2, "date": "2022-04-28", "title": "Bản tin số 2", "pdf": "ban-tin.pdf",
                 "topics": ["II.1"], "contents": ["Bài"]}
FILES = {"content/news/2022/anh.png": 10, "content/bulletins/2022/ban-tin.pdf": 10}

# A stand-in for Decap: the widgets our script registers, and a field's check called as Decap calls it.
_NODE = r"""
const fs = require("fs");
const registered = {};
const widget = () => ({control: {}, preview: null, schema: {}});
global.CMS = {getWidget: widget, registerWidget: (name, control) => { registered[name] = control; },
              registerEventListener() {}, registerPreviewTemplate() {}, registerPreviewStyle() {}};
global.createClass = spec => spec;
global.h = () => null;
eval(fs.readFileSync(process.argv[1], "utf8"));
const cases = JSON.parse(fs.readFileSync(0, "utf8"));
const said = cases.map(c => {
  const spec = registered[c.widget];
  const field = {get: key => key === "cchc_rules" ? {toJS: () => c.rules} : undefined};
  const entry = {get: key => ({path: c.path, newRecord: c.newRecord})[key], getIn: keys => c.data[keys[1]]};
  const control = Object.assign({}, spec, {props: {field, value: c.value, entry}, heads: {}});
  const verdict = spec.isValid.call(control);
  return verdict === true ? null : verdict.error.message;
});
process.stdout.write(JSON.stringify(said));
"""


@pytest.fixture(scope="module")
def plans():
    loaded, problems = load_plans(PROJECT)
    assert problems == []
    return loaded


def checker_says(plans, path: str, front: dict, field: str) -> str | None:
    doc, problems = parse("---\n" + yaml.safe_dump(front, allow_unicode=True, sort_keys=False, width=10**6) + "---\n",
                          path)
    assert doc is not None and not problems, problems
    if path.startswith("content/news"):
        problems = check_post(doc, plans, FILES)[1]
    else:
        problems = check_bulletin(doc, plans, FILES, NewsIndex.of([]))[1]
    return next((p.message for p in problems if p.field == field), None)


# (kind, field, widget, value, other values of the entry, the entry's path or None when new)
CASES = [
    ("news", "title", "string", "Thông báo <b>quan trọng</b>", {}, None),
    ("news", "title", "string", "Tiêu đề " + "x" * 250, {}, None),
    ("news", "title", "string", "", {}, None),
    ("news", "title", "string", "Hội nghị tổng kết < 5 năm", {}, None),
    ("news", "summary", "text", "Tóm tắt <script>alert(1)</script>", {}, None),
    ("news", "summary", "text", "Tóm   tắt\n" + "y " * 400, {}, None),
    ("news", "summary", "text", "Tóm tắt hội nghị.", {}, None),
    ("news", "topics", "select", [], {}, None),
    ("news", "topics", "select", ["II.5"], {}, None),
    ("news", "date", "datetime", "2023-05-10 08:30", {}, POST),
    ("news", "date", "datetime", "2022-05-10 08:30", {}, POST),
    ("news", "date", "datetime", "2023-05-10 08:30", {}, None),
    ("news", "image", "image", "anh.txt", {}, None),
    ("news", "image", "image", "anh.png", {}, None),
    ("news", "image_alt", "string", "", {"image": "anh.png"}, None),
    ("news", "image_alt", "string", "", {}, None),
    ("news", "image_alt", "string", "Ảnh <img src=x onerror=alert(1)>", {"image": "anh.png"}, None),
    ("bulletin", "title", "string", "<i>Bản tin</i>", {}, None),
    ("bulletin", "pdf", "file", "ban-tin.docx", {}, None),
    ("bulletin", "date", "datetime", "2021-12-30", {}, BULLETIN),
]


def test_the_form_refuses_each_value_in_the_checkers_words_and_passes_the_good_ones(plans):
    if shutil.which("node") is None:
        pytest.skip("needs Node")
    rules = form_rules(plans, 2022)
    payload, expected = [], []
    for kind, field, widget, value, others, path in CASES:
        good, file = (GOOD_POST, POST) if kind == "news" else (GOOD_BULLETIN, BULLETIN)
        front = {**good, **others, field: value}
        if field == "image_alt" and value == "":
            del front["image_alt"]
        if field == "image":
            front["image_alt"] = "Ảnh"
        expected.append(checker_says(plans, file, front, field))
        payload.append({"widget": widget, "rules": rules[kind].get(field, []), "value": value,
                        "path": path, "newRecord": path is None, "data": others})
    done = subprocess.run(["node", "-e", _NODE, str(WIDGETS)], input=json.dumps(payload), capture_output=True,
                          text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    shown = json.loads(done.stdout)
    # A new entry is saved in the folder of its date's year: the form has nothing to refuse there.
    expected[CASES.index(("news", "date", "datetime", "2023-05-10 08:30", {}, None))] = None
    assert [(case[1], case[3], said) for case, said in zip(CASES, shown)] == \
           [(case[1], case[3], said) for case, said in zip(CASES, expected)]
    refused = [said for said in expected if said]
    assert len(refused) >= 12 and all(refused)
