"""What the plan's dashboard page shows: one row per topic, form and quota, counts by status,
and the files to download beside it (the unit's report as .docx, the evidence as CSV)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

from ..config import Options
from ..dates import vn_date
from ..content.plan import Plan, PlanTopic
from .coverage import DONE, OVERDUE, PENDING, STATUS_LABELS, Coverage, Item
from .report_csv import evidence_csv
from .report_docx import docx_report


# A draft plan is not signed: its dates bind no one yet, so what is past them is shown to
# citizens as not done, never as overdue (the build's log and coverage.json keep the status).
DRAFT_LABELS = {**STATUS_LABELS, OVERDUE: "Chưa thực hiện"}


def status_labels(plan: Plan) -> dict[str, str]:
    """The words the plan's page shows for each status."""
    return DRAFT_LABELS if plan.draft else STATUS_LABELS


@dataclass(frozen=True)
class DashboardRow:
    """One compact row: a plan item, its status, what counts for it and the latest of those."""

    id: str
    name: str
    status: str
    count: int
    evidence: tuple[Item, ...]   # oldest first, as the check lists them
    depth: int = 0               # 0 for a topic or form, 1 for a point under it or a quota
    counted: bool = True         # False for a parent topic: its points are counted instead
    url: str | None = None       # the topic's page, where its posts are listed
    target: int | None = None    # a quota's target, and what a steady pace gives by now
    expected: int | None = None
    outside: tuple[Item, ...] = ()  # posts naming a form but dated outside its window
    detail: str = ""             # a form's window and units, shown when the row unfolds
    sums_up: str = ""            # for a row counted by the rows under it: which ones

    @property
    def latest(self) -> Item | None:
        return self.evidence[-1] if self.evidence else None

    @property
    def percent(self) -> int:
        """How much of a quota is done, 0-100 (100 for a row without a target)."""
        if not self.target:
            return 100
        return min(100, 100 * self.count // self.target)


@dataclass(frozen=True)
class Download:
    """A file published beside the report page."""

    name: str       # file name, in the report's folder
    label: str      # what it is, in Vietnamese
    kind: str       # the format, as a reader knows it
    data: bytes

    @property
    def size(self) -> str:
        """Its size for a link text: "46 KB"."""
        return f"{max(1, round(len(self.data) / 1024))} KB"


def topic_rows(coverage: Coverage, topic_url: Callable[[PlanTopic], str] | None = None) -> list[DashboardRow]:
    """Section II: every topic in plan order; a parent's row sums up its points. With
    ``topic_url`` (cchc.site.pages.topic_url among the site's plans), each row links its topic's page."""
    return [DashboardRow(t.topic.id, t.topic.name, t.status, len(t.items), t.items if t.mandated else (),
                         depth=t.topic.id.count(".") - 1, counted=t.mandated,
                         url=topic_url(t.topic) if topic_url else None,
                         sums_up="" if t.mandated else "các điểm bên dưới")
            for t in coverage.topics]


def form_rows(coverage: Coverage) -> list[DashboardRow]:
    """Section III: every form, each followed by its quotas."""
    rows = []
    for entry in coverage.forms:
        form = entry.form
        detail = f"Thời gian thực hiện: {vn_date(form.start)} - {vn_date(form.end)}"
        detail += f"; chủ trì: {'; '.join(form.lead)}" if form.lead else ""
        detail += f"; phối hợp: {'; '.join(form.partners)}" if form.partners else ""
        count = len(entry.items) + sum(q.done for q in entry.quotas)
        rows.append(DashboardRow(form.id, form.title, entry.status, count, entry.items,
                                 counted=not entry.quotas, outside=entry.outside, detail=detail + ".",
                                 sums_up="các chỉ tiêu bên dưới" if entry.quotas else ""))
        rows += [DashboardRow(f"{entry.form.id}/{q.quota.id}", q.quota.title, q.status, q.done, q.items,
                              depth=1, target=q.quota.target, expected=q.expected)
                 for q in entry.quotas]
    return rows


def status_counts(rows: list[DashboardRow]) -> dict[str, int]:
    """How many counted rows (mandated topics, forms without quotas, quotas) have each status."""
    counts = {DONE: 0, PENDING: 0, OVERDUE: 0}
    for row in rows:
        if row.counted:
            counts[row.status] += 1
    return counts


def year_downloads(coverage: Coverage, options: Options) -> list[Download]:
    """The report as .docx and the evidence as CSV for one plan year, as of the check's day."""
    docx, csv = download_names(coverage.plan.year)
    return [
        Download(docx, "Báo cáo kết quả thực hiện kế hoạch", "Word (.docx)",
                 docx_report(coverage, options.report, options.site_url)),
        Download(csv, "Danh sách tin bài minh chứng", "CSV (UTF-8)", evidence_csv(coverage, options.site_url)),
    ]


def download_names(year: int) -> tuple[str, str]:
    """The names of a plan year's downloads (year_downloads), in its order."""
    return f"bao-cao-tuyen-truyen-cchc-{year}.docx", f"minh-chung-tuyen-truyen-cchc-{year}.csv"
