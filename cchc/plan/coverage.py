"""The plan check: which mandated topics, forms and quotas are done, pending or overdue."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from ..content.plan import Plan, PlanForm, PlanTopic, Quota
from ..dates import vn_date
from ..problems import Problem

DONE, PENDING, OVERDUE = "done", "pending", "overdue"
STATUS_LABELS = {DONE: "Đã thực hiện", PENDING: "Chưa đến hạn", OVERDUE: "Quá hạn"}


@dataclass(frozen=True)
class Item:
    """A published piece of content as the plan check sees it."""

    kind: str                   # "news", "bulletin" or "document"
    source: str
    url: str
    title: str
    day: date                   # the day it was published, in Vietnam
    unit: str | None = None
    topics: tuple[str, ...] = ()
    forms: tuple[str, ...] = ()
    channel: str | None = None


@dataclass(frozen=True)
class TopicStatus:
    """A topic of section II: the items that cover it and its status as of the check."""

    topic: PlanTopic
    status: str
    items: tuple[Item, ...]
    mandated: bool              # leaves are mandated; a parent's status follows its leaves


@dataclass(frozen=True)
class QuotaStatus:
    """A counted target: what is done, what the plan expects by now, and the status."""

    quota: Quota
    done: int
    expected: int
    status: str
    items: tuple[Item, ...]


@dataclass(frozen=True)
class FormStatus:
    """A form of section III: items inside its window, its quotas and its status."""

    form: PlanForm
    status: str
    items: tuple[Item, ...]
    quotas: tuple[QuotaStatus, ...]
    outside: tuple[Item, ...]   # items that name the form but are dated outside its window


@dataclass(frozen=True)
class Finding:
    """One thing that is pending or overdue, said the way an editor needs to read it."""

    status: str
    path: str
    line: int
    id: str
    title: str
    message: str
    message_vi: str = ""  # the same, for the public report page

    def __str__(self) -> str:
        return (f"{self.path}:{self.line}: {self.id}: {STATUS_LABELS[self.status].lower()}: {self.title}: "
                f"{self.message}")


@dataclass(frozen=True)
class Coverage:
    """The whole check of one plan as of one day."""

    plan: Plan
    as_of: date
    topics: tuple[TopicStatus, ...]
    forms: tuple[FormStatus, ...]
    items: tuple[Item, ...]

    def findings(self) -> list[Finding]:
        """Every overdue or pending mandated topic, form and quota."""
        out: list[Finding] = []
        deadline = vn_date(self.plan.units_report)
        for entry in self.topics:
            if entry.mandated and entry.status != DONE:
                when = "đã qua" if entry.status == OVERDUE else "là"
                out.append(Finding(entry.status, self.plan.path, entry.topic.line, entry.topic.id,
                                   entry.topic.name, f"chưa có tin bài hay bản tin nào năm {self.plan.year} "
                                   f"đã đăng thuộc chủ đề này, hạn báo cáo của các đơn vị {when} ngày "
                                   f"{deadline}; đăng tin bài có 'topics: [{entry.topic.id}]'",
                                   f"chưa có tin bài, bản tin nào năm {self.plan.year}; hạn báo cáo "
                                   f"ngày {deadline}"))
        for entry in self.forms:
            window = f"{vn_date(entry.form.start)} - {vn_date(entry.form.end)}"
            if entry.quotas:
                for quota in entry.quotas:
                    if quota.status != DONE:
                        out.append(Finding(quota.status, self.plan.path, quota.quota.line,
                                           f"{entry.form.id}/{quota.quota.id}", quota.quota.title,
                                           f"đã đăng {quota.done}/{quota.quota.target}, cần đạt "
                                           f"{quota.expected} đến ngày {vn_date(self.as_of)}; "
                                           f"{_quota_hint(quota.quota)}; thời gian thực hiện {window}",
                                           f"đã đăng {quota.done}/{quota.quota.target}, cần đạt "
                                           f"{quota.expected} đến ngày {vn_date(self.as_of)}; thời gian "
                                           f"thực hiện {window}"))
            elif entry.status != DONE:
                out.append(Finding(entry.status, self.plan.path, entry.form.line, entry.form.id,
                                   entry.form.title, f"chưa có tin bài nào có 'form: {entry.form.id}' với "
                                   f"ngày đăng trong thời gian thực hiện {window}",
                                   f"chưa có tin bài trong thời gian thực hiện {window}"))
        return out

    @property
    def overdue(self) -> list[Finding]:
        return [f for f in self.findings() if f.status == OVERDUE]

    @property
    def pending(self) -> list[Finding]:
        return [f for f in self.findings() if f.status == PENDING]


def _quota_hint(quota: Quota) -> str:
    if quota.counted_by == "bulletins":
        return "mỗi bản tin đã đăng được tính một"
    return f"mỗi tin bài có 'channel: {quota.id}' được tính một"


def expected_by(target: int, start: date, end: date, as_of: date) -> int:
    """How many of ``target`` a steady pace over [start, end] has produced by ``as_of``."""
    if as_of < start:
        return 0
    if as_of >= end:
        return target
    elapsed = (as_of - start).days + 1
    return target * elapsed // ((end - start).days + 1)


def coverage_report(plan: Plan, items: list[Item], as_of: date) -> Coverage:
    """Check ``plan`` against the published ``items`` as of the day ``as_of``."""
    published = tuple(sorted((i for i in items if i.day.year == plan.year and i.day <= as_of),
                             key=lambda i: (i.day, i.url)))
    topics = _topic_statuses(plan, published, as_of)
    forms = tuple(_form_status(form, published, as_of) for form in plan.forms)
    return Coverage(plan, as_of, topics, forms, published)


def _topic_statuses(plan: Plan, items: tuple[Item, ...], as_of: date) -> tuple[TopicStatus, ...]:
    ids = [t.id for t in plan.topics]
    under = lambda parent: [i for i in ids if i == parent or i.startswith(parent + ".")]
    late = as_of > plan.units_report
    out = []
    for topic in plan.topics:
        family = under(topic.id)
        covering = tuple(i for i in items if any(t in family for t in i.topics))
        leaves = [i for i in family if not any(o.startswith(i + ".") for o in ids)]
        covered = all(any(leaf in i.topics for i in items) for leaf in leaves)
        status = DONE if covered else (OVERDUE if late else PENDING)
        out.append(TopicStatus(topic, status, covering, mandated=leaves == [topic.id]))
    return tuple(out)


def _form_status(form: PlanForm, items: tuple[Item, ...], as_of: date) -> FormStatus:
    inside = lambda i: form.start <= i.day <= form.end
    naming = [i for i in items if form.id in i.forms]
    quotas = tuple(_quota_status(form, q, items, as_of) for q in form.quotas)
    if quotas:
        status = OVERDUE if any(q.status == OVERDUE for q in quotas) else (
            DONE if all(q.status == DONE for q in quotas) else PENDING)
    else:
        status = DONE if any(inside(i) for i in naming) else (OVERDUE if as_of > form.end else PENDING)
    return FormStatus(form, status, tuple(i for i in naming if inside(i)), quotas,
                      tuple(i for i in naming if not inside(i)))


def _quota_status(form: PlanForm, quota: Quota, items: tuple[Item, ...], as_of: date) -> QuotaStatus:
    if quota.counted_by == "bulletins":
        counted = tuple(i for i in items if i.kind == "bulletin")
    else:
        counted = tuple(i for i in items if i.channel == quota.id)
    counted = tuple(i for i in counted if form.start <= i.day <= form.end)
    done = len(counted)
    expected = expected_by(quota.target, form.start, form.end, as_of)
    if done >= quota.target:
        status = DONE
    else:
        status = OVERDUE if as_of > form.end else PENDING
    return QuotaStatus(quota, done, expected, status, counted)


def overdue_warnings(checks: list[Coverage]) -> list[str]:
    """What the build log, the checker and the publishing status say about overdue items when
    they only warn (extra.cchc.overdue: warn): a Vietnamese line per plan, then each item."""
    lines: list[str] = []
    for check in checks:
        if check.overdue:
            lines.append(str(Problem(
                check.plan.path, check.plan.line("year"), "plan",
                f"quá hạn: năm {check.plan.year} có {len(check.overdue)} mục quá hạn tính đến ngày "
                f"{vn_date(check.as_of)}; chỉ là cảnh báo, trang vẫn được đăng (extra.cchc.overdue: block để "
                f"dừng việc đăng); xem ke-hoach/{check.plan.year}/")))
            lines += [str(finding) for finding in check.overdue]
    return lines
