"""The year's communication plan as data: topics (section II), forms (III), deadlines (V).

The plan file is one nested YAML document read node by node, so that every problem has its
line: the reader (``_PlanReader``) follows the file section by section and fills the model.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from ..dates import DateError, parse_day
from ..problems import Problem
from ..text import slugify
from .checker import flag_message, unknown_message
from .source import YamlLoader, YamlRefused, compose, decode

import yaml

PLAN_DIR = "content/plans"
_PLAN_FILE = re.compile(r"^(\d{4})\.ya?ml$", re.ASCII)
_PLAN_KEYS = {"year", "title", "issuer", "based_on", "topics", "forms", "deadlines",
              "number", "signed", "draft"}
_TOPIC_KEYS = {"id", "name", "slug", "title", "documents"}
_FORM_KEYS = {"id", "title", "lead", "partners", "window", "quotas"}
_QUOTA_KEYS = {"id", "title", "target", "counted_by"}
# What fills a quota: published bulletins, or news posts whose `channel` is the quota's id.
QUOTA_SOURCES = ("channel", "bulletins")
_DEADLINE_KEYS = {"units_report", "department_report"}
_WINDOW = re.compile(r"^(all-year|Q[1-4](-Q[1-4])?|\d{4}-\d{2}-\d{2}\.\.\d{4}-\d{2}-\d{2})$")


@dataclass(frozen=True)
class PlanTopic:
    """A content topic of section II, e.g. II.2.3 "Cải cách thủ tục hành chính"."""

    id: str
    name: str
    title: str
    slug: str
    parent: str | None
    documents: tuple[str, ...] = ()
    line: int = field(default=1, compare=False)  # where it is defined in the plan file


@dataclass(frozen=True)
class Quota:
    """A counted target inside a form, e.g. 6 bulletins a year."""

    id: str
    title: str
    target: int
    counted_by: str = "channel"
    line: int = field(default=1, compare=False)


@dataclass(frozen=True)
class PlanForm:
    """A form of section III: who leads it, when, and any quotas."""

    id: str
    title: str
    lead: tuple[str, ...]
    partners: tuple[str, ...]
    start: date
    end: date
    quotas: tuple[Quota, ...] = ()
    window: str = "all-year"
    line: int = field(default=1, compare=False)


@dataclass(frozen=True)
class Plan:
    """One year's plan."""

    year: int
    title: str
    issuer: str
    path: str
    topics: tuple[PlanTopic, ...]
    forms: tuple[PlanForm, ...]
    units_report: date
    department_report: date
    # The plan's own number and signing date; empty until the editor fills them in.
    number: str = ""
    signed: date | None = None
    # A draft plan (made by `cchc new plan`, not signed yet): its check is reported, never
    # fails a build, until the editor removes `draft: true`.
    draft: bool = False
    lines: tuple[tuple[str, int], ...] = field(default=(), compare=False)  # key -> line

    def line(self, key: str) -> int:
        """The line of a top-level key in the plan file, 1 if it is absent."""
        return dict(self.lines).get(key, 1)

    def topic(self, topic_id: str) -> PlanTopic | None:
        """The topic with this id, or None."""
        return next((t for t in self.topics if t.id == topic_id), None)

    @property
    def topic_ids(self) -> list[str]:
        return [t.id for t in self.topics]


def window_days(window: str, year: int) -> tuple[date, date]:
    """First and last day of a window: 'all-year', 'Q2', 'Q1-Q2' or '2022-05-01..2022-05-31'."""
    if ".." in window:
        first_day, _, last_day = window.partition("..")
        return date.fromisoformat(first_day), date.fromisoformat(last_day)
    if window == "all-year":
        return date(year, 1, 1), date(year, 12, 31)
    first, _, last = window.partition("-")
    q1, q2 = int(first[1]), int((last or first)[1])
    end_month = q2 * 3
    end = date(year + (end_month == 12), 1 if end_month == 12 else end_month + 1, 1)
    return date(year, q1 * 3 - 2, 1), date.fromordinal(end.toordinal() - 1)


class _PlanReader:
    """Turns one plan file's YAML into a Plan, collecting every problem on the way."""

    def __init__(self, path: str, year: int):
        self.path = path
        self.year = year
        self.problems: list[Problem] = []

    def problem(self, node: yaml.Node | None, field: str, message: str) -> None:
        line = node.start_mark.line + 1 if node is not None else 1
        self.problems.append(Problem(self.path, line, field, message))

    def mapping(self, node: yaml.Node, where: str, allowed: set[str]) -> dict[str, tuple]:
        """Key -> (value, value node) of a mapping node, reporting unknown keys."""
        if not isinstance(node, yaml.MappingNode):
            self.problem(node, where, "expected 'key: value' lines")
            return {}
        out: dict[str, tuple] = {}
        for key_node, value_node in node.value:
            key = str(key_node.value)  # source.compose refuses keys that are not plain words
            if key not in allowed:
                self.problem(key_node, f"{where}.{key}" if where else key,
                             unknown_message(key, sorted(allowed), word="key"))
                continue
            out[key] = (YamlLoader("").construct_object(value_node, deep=True), value_node)
        return out

    def text(self, entry: dict, key: str, where: str, node: yaml.Node, required: bool = True) -> str:
        value = entry.get(key, (None, None))[0]
        if isinstance(value, str) and value.strip():
            return " ".join(value.split())
        if required:
            self.problem(entry.get(key, (None, node))[1], f"{where}.{key}",
                         f"expected non-empty text, found {value!r}")
        return ""

    def names(self, entry: dict, key: str, where: str) -> tuple[str, ...]:
        """A text or a list of texts (unit names, documents); anything else is a problem."""
        value, node = entry.get(key, (None, None))
        if value is None:
            return ()
        if isinstance(value, str):
            value = [value]
        if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
            self.problem(node, f"{where}.{key}", f"expected a name or a list of names, like "
                         f"[Văn phòng Sở], found {value!r}")
            return ()
        return tuple(" ".join(v.split()) for v in value)

    def read(self, root: yaml.Node) -> Plan | None:
        top = self.mapping(root, "", _PLAN_KEYS)
        year_value, year_node = top.get("year", (None, root))
        if year_value != self.year:
            self.problem(year_node, "year", f"expected {self.year}, the year in the file name, "
                         f"found {year_value!r}")
        topics = self.read_topics(top.get("topics", (None, root))[1])
        forms = self.read_forms(top.get("forms", (None, root))[1])
        deadlines = self.read_deadlines(top.get("deadlines", (None, root))[1])
        number, signed, draft = self.read_signature(top)
        if self.problems:
            return None
        lines = tuple((key, node.start_mark.line + 1) for key, (_, node) in top.items())
        return Plan(self.year, self.text(top, "title", "plan", root), self.text(top, "issuer", "plan", root, False),
                    self.path, topics, forms, deadlines["units_report"], deadlines["department_report"],
                    number, signed, draft, lines)

    def read_signature(self, top: dict) -> tuple[str, date | None, bool]:
        """The plan's `number`, `signed` date and `draft` flag; empty number and date are allowed
        (a plan not signed yet), the checker notes them (cchc.content.plan_years.plan_notes)."""
        number, number_node = top.get("number", (None, None))
        if number is not None and not isinstance(number, str):
            self.problem(number_node, "number", f"expected the plan's number as text like "
                         f"'number: <số>/KH-SKHCN', or nothing until it is signed, found {number!r}")
            number = None
        signed, signed_node = top.get("signed", (None, None))
        if signed not in (None, ""):
            try:
                signed = parse_day(signed)
            except DateError as error:
                self.problem(signed_node, "signed", str(error))
                signed = None
            else:
                if signed.year not in (self.year - 1, self.year):
                    self.problem(signed_node, "signed", f"expected a date in {self.year - 1} or "
                                 f"{self.year}, the plan's year, found {signed}")
                    signed = None
        else:
            signed = None
        draft, draft_node = top.get("draft", (False, None))
        if not isinstance(draft, bool):
            self.problem(draft_node, "draft", flag_message(draft))
            draft = False
        return " ".join((number or "").split()), signed, draft

    def read_topics(self, node: yaml.Node) -> tuple[PlanTopic, ...]:
        if not isinstance(node, yaml.SequenceNode) or not node.value:
            self.problem(node, "topics", "expected a list of topics with id, name and title")
            return ()
        topics: dict[str, PlanTopic] = {}
        slugs: dict[str, str] = {}
        for item in node.value:
            entry = self.mapping(item, "topics", _TOPIC_KEYS)
            topic_id = self.text(entry, "id", "topics", item)
            if not topic_id:
                continue
            where = f"topics[{topic_id}]"
            if topic_id in topics:
                self.problem(entry["id"][1], f"{where}.id", "duplicate topic id; ids must be unique")
                continue
            if not re.fullmatch(r"[IVX]+\.\d+(\.[0-9a-z]+)*", topic_id):
                self.problem(entry["id"][1], f"{where}.id",
                             f"expected an id in the plan's numbering like II.2 or II.2.1.a, found {topic_id!r}")
            name = self.text(entry, "name", where, item)
            title = self.text(entry, "title", where, item)
            slug = entry.get("slug", (None, None))[0]
            if slug is None or slug == "":
                slug = slugify(name)
            elif not isinstance(slug, str) or slug != slugify(slug):
                self.problem(entry["slug"][1], f"{where}.slug",
                             f"expected lower-case ASCII words joined by '-', found {slug!r}")
                slug = slugify(name)
            if slug in slugs:
                self.problem(item, f"{where}.slug", f"slug {slug!r} is already used by {slugs[slug]}")
            slugs[slug] = topic_id
            parent = topic_id.rsplit(".", 1)[0]
            topics[topic_id] = PlanTopic(topic_id, name, title, slug,
                                         parent if parent in topics else None,
                                         self.names(entry, "documents", where), item.start_mark.line + 1)
        return tuple(topics.values())

    def read_forms(self, node: yaml.Node) -> tuple[PlanForm, ...]:
        if node is None or isinstance(node, yaml.MappingNode) and not node.value:
            return ()
        if not isinstance(node, yaml.SequenceNode):
            self.problem(node, "forms", "expected a list of forms")
            return ()
        forms: dict[str, PlanForm] = {}
        for item in node.value:
            entry = self.mapping(item, "forms", _FORM_KEYS)
            form_id = self.text(entry, "id", "forms", item)
            if not form_id:
                continue
            where = f"forms[{form_id}]"
            if form_id in forms:
                self.problem(entry["id"][1], f"{where}.id", "duplicate form id; ids must be unique")
                continue
            window, window_node = entry.get("window", ("all-year", item))
            if not isinstance(window, str) or not _WINDOW.match(window):
                self.problem(window_node, f"{where}.window",
                             "expected all-year, a quarter like Q2, a range like Q1-Q2 or dates like "
                             f"{self.year}-05-01..{self.year}-05-31, found {window!r}")
                window = "all-year"
            try:
                start, end = window_days(window, self.year)
            except ValueError as error:
                self.problem(window_node, f"{where}.window", f"invalid date in {window!r}: {error}")
                start, end = window_days("all-year", self.year)
            if start > end:
                self.problem(window_node, f"{where}.window", f"the window {window} ends before it starts")
            elif start.year != self.year or end.year != self.year:
                self.problem(window_node, f"{where}.window",
                             f"the window {window} is not inside {self.year}, the plan's year")
            quotas = self.read_quotas(entry.get("quotas", ([], None))[1], where)
            forms[form_id] = PlanForm(form_id, self.text(entry, "title", where, item),
                                      self.names(entry, "lead", where), self.names(entry, "partners", where),
                                      start, end, quotas, window, item.start_mark.line + 1)
        return tuple(forms.values())

    def read_quotas(self, node: yaml.Node | None, where: str) -> tuple[Quota, ...]:
        if node is None:
            return ()
        if not isinstance(node, yaml.SequenceNode):
            self.problem(node, f"{where}.quotas", "expected a list of quotas with id, title and target")
            return ()
        quotas: list[Quota] = []
        for item in node.value:
            entry = self.mapping(item, f"{where}.quotas", _QUOTA_KEYS)
            quota_id = self.text(entry, "id", f"{where}.quotas", item)
            target = entry.get("target", (None, item))[0]
            if not isinstance(target, int) or isinstance(target, bool) or target < 1:
                self.problem(entry.get("target", (None, item))[1], f"{where}.quotas[{quota_id}].target",
                             f"expected a whole number of at least 1, found {target!r}")
                continue
            if any(q.id == quota_id for q in quotas):
                self.problem(item, f"{where}.quotas[{quota_id}].id", "duplicate quota id")
                continue
            counted_by, counted_node = entry.get("counted_by", ("channel", item))
            if counted_by not in QUOTA_SOURCES:
                self.problem(counted_node, f"{where}.quotas[{quota_id}].counted_by",
                             f"expected one of {', '.join(QUOTA_SOURCES)}, found {counted_by!r}")
            quotas.append(Quota(quota_id, self.text(entry, "title", f"{where}.quotas[{quota_id}]", item),
                                target, counted_by, item.start_mark.line + 1))
        return tuple(quotas)

    def read_deadlines(self, node: yaml.Node | None) -> dict[str, date]:
        entry = self.mapping(node, "deadlines", _DEADLINE_KEYS) if node is not None else {}
        out: dict[str, date] = {}
        for key in sorted(_DEADLINE_KEYS):
            value, value_node = entry.get(key, (None, node))
            try:
                day = parse_day(value)
            except DateError as error:
                self.problem(value_node, f"deadlines.{key}", str(error))
                continue
            if day.year not in (self.year, self.year + 1):
                self.problem(value_node, f"deadlines.{key}",
                             f"expected a date in {self.year} (or early {self.year + 1}), found {day}")
            out[key] = day
        return out


def load_plan(root: Path, rel: str) -> tuple[Plan | None, list[Problem]]:
    """Read and validate one plan file, ``content/plans/<year>.yml``."""
    match = _PLAN_FILE.match(Path(rel).name)
    if not match:
        return None, [Problem(rel, 1, "file name", "expected a plan file named after its year, like 2022.yml")]
    text, problems = decode((root / rel).read_bytes(), rel)
    if text is None:
        return None, problems
    try:
        node = compose(text, first_line=1)
    except YamlRefused as error:
        return None, [Problem(rel, error.line, error.field or "plan", error.problem)]
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        return None, [Problem(rel, mark.line + 1 if mark else 1, "plan",
                              f"invalid YAML: {error.problem or error.context}")]
    reader = _PlanReader(rel, int(match.group(1)))
    if node is None:
        reader.problem(None, "plan", "the file is empty")
        return None, reader.problems
    plan = reader.read(node)
    return plan, reader.problems


class Plans(dict):
    """Plans by year; ``broken`` holds the years whose plan file exists but has errors, so that
    checks against a year's plan stay quiet there instead of each saying "no plan"."""

    def __init__(self, *args, broken: frozenset[int] = frozenset(), **kwargs):
        super().__init__(*args, **kwargs)
        self.broken = broken


def load_plans(root: Path) -> tuple[Plans, list[Problem]]:
    """Every plan under ``content/plans``, by year."""
    plans: dict[int, Plan] = {}
    files: dict[int, str] = {}
    broken: set[int] = set()
    problems: list[Problem] = []
    folder = root / PLAN_DIR
    for path in sorted(folder.glob("*.y*ml")) if folder.is_dir() and not folder.is_symlink() else []:
        if path.is_symlink():
            continue  # reported by source.symlink_problems, never read
        rel = path.relative_to(root).as_posix()
        match = _PLAN_FILE.match(path.name)
        year = int(match.group(1)) if match else None
        if year is not None and year in files:
            problems.append(Problem(rel, 1, "file", f"a second plan for {year} (the first is "
                                    f"{files[year]}); keep one file per year"))
            continue
        if year is not None:
            files[year] = rel
        plan, found = load_plan(root, rel)
        problems += found
        if plan is not None:
            plans[plan.year] = plan
        elif year is not None:
            broken.add(year)
    return Plans(plans, broken=frozenset(broken)), problems
