"""The form's own checks, in the checker's words (issue 30): what the CMS refuses before saving.

For each field of a post or a bulletin that the form can check, a rule for the editors'
interface (cchc/site/cms_widgets.js runs them at the field) and the message the checker prints
for that mistake. The messages are not written here: each is taken from the checker, run on a
sample entry with that one mistake, so the form says what `cchc check` would say. A part that
depends on the value (the length found, the year of the date, the file named) becomes a
placeholder: ``%{n}``, ``%{date}``, ``%{year}``, ``%{folder}``, ``%{value}``.

Rules, as the script reads them (``cchc_rules`` of a field in config.yml):

- ``{"missing": true}``: an empty value;
- ``{"refuse": <JavaScript regular expression>}``: a value it finds something in (markup);
- ``{"longer_than": n}``: a value longer than n characters once its spaces are collapsed;
- ``{"year_folder": true}``: a date whose year is not the year folder of an entry already saved;
- ``{"with": <field>}``: empty while the other field of the entry is set (a picture's description);
- ``{"types": [...]}``: a file name of another type;
- ``{"starts": "%PDF-", "suffix": ".pdf"}``: an uploaded file of that name not starting so.
"""

from __future__ import annotations

import json
from typing import Mapping

from ..content.bulletins import BULLETIN_DIR, NewsIndex, check_bulletin
from ..content.fields import BULLETIN_FIELDS, MARKUP, MAX_TEXT, NEWS_FIELDS, Field
from ..content.files import PDF_MAGIC, attachment_problems
from ..content.news import NEWS_DIR, check_post
from ..content.plan import Plan
from ..content.source import parse

Rules = dict[str, list[dict]]
_WRONG_FILE = "sai-loai.txt"


def _front(values: Mapping[str, object]) -> str:
    # JSON is YAML: every sample value is written quoted, as it is.
    return "".join(f"{key}: {json.dumps(value, ensure_ascii=False)}\n" for key, value in values.items())


class _Samples:
    """Entries of one kind with one mistake each, and what the checker says about them."""

    def __init__(self, kind: str, plans: dict[int, Plan], year: int):
        self.kind, self.plans, self.year = kind, plans, year
        plan = plans.get(year)
        topic = plan.topics[0].id if plan and plan.topics else "II.1"
        if kind == "news":
            self.path = f"{NEWS_DIR}/{year}/vi-du.md"
            self.good = {"title": "Hội nghị tổng kết", "date": f"{year}-03-21", "topics": [topic],
                         "summary": "Tóm tắt."}
        else:
            self.path = f"{BULLETIN_DIR}/{year}/02.md"
            self.good = {"number": 2, "date": f"{year}-04-28", "title": "Bản tin số 2", "pdf": "ban-tin.pdf",
                         "topics": [topic], "contents": ["Bài viết"]}
        folder = self.path.rsplit("/", 1)[0]
        self.files = {f"{folder}/ban-tin.pdf": 1000, f"{folder}/anh.png": 1000}

    def message(self, field: str, **changes: object) -> str | None:
        """What the checker says about ``field`` in the good sample with ``changes``."""
        values = {**self.good, **changes}
        doc, problems = parse(f"---\n{_front({k: v for k, v in values.items() if v is not None})}---\n", self.path)
        if doc is not None and not problems:
            if self.kind == "news":
                problems = check_post(doc, self.plans, self.files)[1]
            else:
                problems = check_bulletin(doc, self.plans, self.files, NewsIndex.of([]))[1]
        return next((p.message for p in problems if p.field == field), None)


def _text_rules(samples: _Samples, field: Field) -> list[dict]:
    rules = []
    if field.required and (said := samples.message(field.name, **{field.name: ""})):
        rules.append({"missing": True, "message": said})
    if field.plain and (said := samples.message(field.name, **{field.name: "Tin <b>quan trọng</b>"})):
        rules.append({"refuse": MARKUP.pattern, "message": said})
    limit = field.limit or MAX_TEXT
    if said := samples.message(field.name, **{field.name: "a" * (limit + 1)}):
        rules.append({"longer_than": limit, "message": said.replace(str(limit + 1), "%{n}")})
    return rules


def _date_rules(samples: _Samples) -> list[dict]:
    year = samples.year
    other = f"{year + 1}-05-10"
    said = samples.message("date", date=other)
    if said is None:
        return []
    template = said.replace(other, "%{date}").replace(str(year + 1), "%{year}").replace(str(year), "%{folder}")
    return [{"year_folder": True, "message": template}]


def _file_rules(samples: _Samples, field: Field) -> list[dict]:
    rules = []
    if said := samples.message(field.name, **{field.name: _WRONG_FILE}):
        rules.append({"types": list(field.types), "message": said.replace(_WRONG_FILE, "%{value}")})
    if ".pdf" in field.types:
        refused = attachment_problems(b"<html", 5, "x.pdf", 10**9)
        if refused:
            rules.append({"starts": PDF_MAGIC.decode("ascii"), "suffix": ".pdf", "message": refused[0].message})
    return rules


def _rules(samples: _Samples, fields: tuple[Field, ...]) -> Rules:
    found: Rules = {}
    for field in fields:
        rules: list[dict] = []
        if field.widget in ("string", "text") and field.type == "text":
            rules = _text_rules(samples, field)
        elif field.type == "when":
            rules = _date_rules(samples)
        elif field.type == "topics" and (said := samples.message("topics", topics=[])):
            rules = [{"missing": True, "message": said}]
        elif field.type == "file" and field.types:
            rules = _file_rules(samples, field)
        if field.name == "image_alt":
            said = samples.message("image_alt", image="anh.png", image_alt=None)
            rules = ([{"with": "image", "message": said}] if said else []) + rules
        if rules:
            found[field.name] = rules
    return found


def form_rules(plans: dict[int, Plan], year: int) -> dict[str, Rules]:
    """The rules of each collection's fields (news, bulletin), with the checker's messages for the
    plans of ``year``."""
    return {"news": _rules(_Samples("news", plans, year), NEWS_FIELDS),
            "bulletin": _rules(_Samples("bulletin", plans, year), BULLETIN_FIELDS)}
