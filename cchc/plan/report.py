"""The plan report: items from the site, the JSON for other tools, the chart, the terminal table."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import date

import jinja2

from ..content.load import Site
from ..dates import vn_date
from ..site.pages import GeneratedPage, PageRenderer, template_environment
from ..site.render_cache import Later
from ..text import sort_key
from .coverage import STATUS_LABELS, Coverage, Item, coverage_report
from .dashboard import download_names, form_rows, status_counts, status_labels, topic_rows, year_downloads

REPORT_URL = "ke-hoach"
# The plan's form that publishing a document of the register carries out.
DOCUMENTS_FORM = "III.2"
MONTHS = range(1, 13)
# Each topic group gets a fill pattern as well as a colour, so the chart reads without colour.
_GROUP_STYLES = [("#0b4a8b", "solid"), ("#8a1c00", "stripes"), ("#1d6b2f", "dots"), ("#5b3a8c", "grid")]


def coverage_items(site: Site) -> list[Item]:
    """Every published news post, bulletin and document, as the plan check counts them."""
    items = [Item("news", p.source, p.url, p.title, p.date.date(), p.unit, p.topics, p.forms, p.channel)
             for p in site.posts]
    items += [Item("bulletin", b.source, b.url, b.label + ": " + b.title, b.date.date(), None, b.topics)
              for b in getattr(site, "bulletins", ())]
    # Putting a document in the register carries out the form that orders it (III.2: "đăng tải
    # công khai ... các văn bản liên quan đến CCHC"), in the year it is put on the site.
    items += [Item("document", d.source, d.url, d.title, d.listed.date(), None, d.topics, (DOCUMENTS_FORM,))
              for d in getattr(site, "documents", ())]
    return items


def coverages(site: Site, as_of: date) -> list[Coverage]:
    """The check of every plan of the site, newest year first."""
    items = coverage_items(site)
    return [coverage_report(site.plans[year], items, as_of) for year in sorted(site.plans, reverse=True)]


@dataclass(frozen=True)
class PlanYear:
    """One line of the index of years: a plan year with its check, or a year that has content
    but no plan yet (``coverage`` None; its topics were checked against ``reference``)."""

    year: int
    coverage: Coverage | None
    posts: int
    bulletins: int
    reference: int | None = None   # the plan year standing in for a year without a plan

    @property
    def counts(self) -> dict[str, int]:
        """How many mandated topics, forms and quotas are done, pending and overdue."""
        if self.coverage is None:
            return {}
        return status_counts(topic_rows(self.coverage) + form_rows(self.coverage))


def plan_years(site: Site, checks: list[Coverage]) -> list[PlanYear]:
    """Every plan year and every year with published content but no plan, newest first."""
    by_year = {c.plan.year: c for c in checks}
    posts = Counter(p.year for p in site.posts)
    bulletins = Counter(b.year for b in getattr(site, "bulletins", ()))
    years = sorted({*by_year, *posts, *bulletins}, reverse=True)
    out = []
    for year in years:
        reference = site.plan_years.reference(year) if year not in by_year else None
        out.append(PlanYear(year, by_year.get(year), posts.get(year, 0), bulletins.get(year, 0),
                            reference.year if reference else None))
    return out


def no_plan_line(row: PlanYear) -> str:
    """A year without a plan, said for a terminal (Vietnamese, like the report)."""
    checked = (f"mã chủ đề được kiểm tra theo kế hoạch năm {row.reference}" if row.reference
               else "mã chủ đề chưa được kiểm tra (không có kế hoạch năm trước)")
    return (f"Năm {row.year}: chưa có kế hoạch (content/plans/{row.year}.yml); đã đăng {row.posts} "
            f"tin bài, {row.bulletins} bản tin; {checked}.")


def report_url(year: int) -> str:
    return f"{REPORT_URL}/{year}/"


def _item_json(item: Item, site_url: str) -> dict:
    return {"kind": item.kind, "title": item.title, "date": item.day.isoformat(),
            "url": site_url.rstrip("/") + "/" + item.url, "source": item.source, "unit": item.unit}


def coverage_json(coverage: Coverage, site_url: str) -> dict:
    """The report's facts as plain data, for coverage.json."""
    plan = coverage.plan
    findings = coverage.findings()
    return {
        "plan": {"year": plan.year, "title": plan.title, "file": plan.path,
                 "units_report": plan.units_report.isoformat(),
                 "department_report": plan.department_report.isoformat(),
                 "number": plan.number or None, "signed": plan.signed.isoformat() if plan.signed else None,
                 "draft": plan.draft},
        "as_of": coverage.as_of.isoformat(),
        "summary": dict(Counter(f.status for f in findings), items=len(coverage.items)),
        "topics": [{"id": t.topic.id, "name": t.topic.name, "title": t.topic.title,
                    "parent": t.topic.parent, "mandated": t.mandated, "status": t.status,
                    "items": [_item_json(i, site_url) for i in t.items]} for t in coverage.topics],
        "forms": [{"id": f.form.id, "title": f.form.title, "lead": list(f.form.lead),
                   "partners": list(f.form.partners),
                   "window": {"start": f.form.start.isoformat(), "end": f.form.end.isoformat()},
                   "status": f.status, "items": [_item_json(i, site_url) for i in f.items],
                   "outside_window": [_item_json(i, site_url) for i in f.outside],
                   "quotas": [{"id": q.quota.id, "title": q.quota.title, "target": q.quota.target,
                               "done": q.done, "expected": q.expected, "status": q.status,
                               "items": [_item_json(i, site_url) for i in q.items]} for q in f.quotas]}
                  for f in coverage.forms],
        "units": [{"unit": u.unit, "items": u.items, "forms_led": list(u.forms)} for u in unit_summary(coverage)],
        "findings": [{"status": f.status, "id": f.id, "title": f.title, "message": f.message} for f in findings],
    }


@dataclass(frozen=True)
class UnitSummary:
    """What one unit published and which forms it leads."""

    unit: str
    items: int
    forms: tuple[str, ...]


def unit_summary(coverage: Coverage) -> list[UnitSummary]:
    """One row per unit: items published under its name and forms it leads, by unit name."""
    counts = Counter(i.unit for i in coverage.items if i.unit)
    led: dict[str, list[str]] = {}
    for form in coverage.forms:
        for unit in form.form.lead:
            led.setdefault(unit, []).append(form.form.id)
    units = sorted(set(counts) | set(led), key=sort_key)
    return [UnitSummary(u, counts.get(u, 0), tuple(led.get(u, ()))) for u in units]


def topic_groups(coverage: Coverage) -> list[tuple[str, str]]:
    """(id, name) of the plan's top-level topics, the chart's groups."""
    return [(t.topic.id, t.topic.name) for t in coverage.topics if t.topic.parent is None]


def monthly_counts(coverage: Coverage) -> dict[str, list[int]]:
    """Group id -> items published in each month (an item counts once per group it touches)."""
    counts = {gid: [0] * 12 for gid, _ in topic_groups(coverage)}
    for item in coverage.items:
        for gid in {g for g in counts for t in item.topics if t == g or t.startswith(g + ".")}:
            counts[gid][item.day.month - 1] += 1
    return counts


def chart_svg(coverage: Coverage, env: jinja2.Environment | None = None) -> str:
    """Grouped bars of items per month by topic group: inline SVG, patterns as well as colours.

    The geometry is computed here; the markup is the template plan_chart.svg (cchc.site)."""
    groups = topic_groups(coverage)
    counts = monthly_counts(coverage)
    top = max([max(v) for v in counts.values()] + [1])
    width, height, left, bottom, band = 720, 260, 36, 40, 55
    bar = (band - 10) / max(1, len(groups))
    scale = (height - bottom - 20) / top
    base = height - bottom
    gridlines = [{"y": f"{base - step * scale:.1f}", "label_y": f"{base - step * scale + 4:.1f}", "step": step}
                 for step in range(0, top + 1, max(1, top // 4))]
    months = []
    for month in MONTHS:
        x0 = left + 8 + (month - 1) * band
        bars = [{"x": f"{x0 + index * bar:.1f}", "y": f"{base - value * scale:.1f}", "width": f"{bar - 1:.1f}",
                 "height": f"{value * scale:.1f}", "pattern": index % len(_GROUP_STYLES), "group": gid,
                 "value": value}
                for index, (gid, _) in enumerate(groups) if (value := counts[gid][month - 1])]
        months.append({"month": month, "bars": bars, "label_x": f"{x0 + (band - 10) / 2:.1f}"})
    legend = [{"x": left + (index % 2) * 340, "y": height + 30 * (index // 2), "pattern": index % len(_GROUP_STYLES),
               "group": gid, "name": name} for index, (gid, name) in enumerate(groups)]
    template = (env or template_environment()).get_template("plan_chart.svg")
    return template.render(year=coverage.plan.year, width=width, left=left, base=base,
                           view_height=height + 30 * ((len(groups) + 1) // 2), styles=_GROUP_STYLES,
                           gridlines=gridlines, months=months, legend=legend)


def terminal_table(coverage: Coverage) -> str:
    """The report as plain text, for a unit to paste into its report."""
    plan = coverage.plan
    state = " (dự thảo, chưa ký: tiến độ chỉ để tham khảo)" if plan.draft else ""
    lines = [f"{plan.title}{state}", f"Tiến độ tính đến ngày {vn_date(coverage.as_of)} "
             f"(hạn báo cáo của các đơn vị: {vn_date(plan.units_report)})", "",
             "NỘI DUNG TUYÊN TRUYỀN (mục II)"]
    for entry in coverage.topics:
        indent = "  " * (entry.topic.id.count(".") - 1)
        lines.append(f"  {entry.topic.id:<10} {STATUS_LABELS[entry.status]:<14} {len(entry.items):>3} bài  "
                     f"{indent}{entry.topic.name}")
    lines += ["", "HÌNH THỨC TUYÊN TRUYỀN (mục III)"]
    for entry in coverage.forms:
        window = f"{vn_date(entry.form.start)}-{vn_date(entry.form.end)}"
        count = len(entry.items) + sum(q.done for q in entry.quotas)
        lines.append(f"  {entry.form.id:<10} {STATUS_LABELS[entry.status]:<14} {count:>3} bài  "
                     f"{entry.form.title} [{window}; chủ trì: {', '.join(entry.form.lead)}]")
        for quota in entry.quotas:
            lines.append(f"  {'':<10} {STATUS_LABELS[quota.status]:<14} {quota.done:>3}/{quota.quota.target:<3} "
                         f"{quota.quota.title} (cần đạt {quota.expected} đến ngày {vn_date(coverage.as_of)})")
    findings = coverage.findings()
    overdue = [f for f in findings if f.status == "overdue"]
    pending = [f for f in findings if f.status == "pending"]
    lines += ["", f"Quá hạn: {len(overdue)}   Chưa đến hạn: {len(pending)}"]
    lines += [f"  {f}" for f in overdue + pending]
    return "\n".join(lines)


def report_pages(renderer: PageRenderer, items: list[Coverage], site_url: str,
                 later: bool = False) -> tuple[list[GeneratedPage], list[tuple[str, bytes | Later]]]:
    """The report page of each plan year, an index of years, and each year's coverage.json.
    ``later``: each year's page's Markdown and files are Laters, made together when one of them
    is asked for (the preview, after the saved page is served)."""
    pages = [renderer.page(f"{REPORT_URL}/index.md", f"{REPORT_URL}/", "plan_index.html",
                            "Tiến độ thực hiện kế hoạch", "Tiến độ thực hiện kế hoạch tuyên truyền CCHC theo năm",
                            years=plan_years(renderer.site, items), labels=STATUS_LABELS,
                            report_url=report_url)]
    files = []
    for coverage in items:
        # A coverage is made from its plan, its day and the items it counts (coverage_report):
        # those are the key (hashing the statuses too cost a third of a preview's rebuild).
        key = (coverage.plan, coverage.as_of, coverage.items, renderer.options, site_url)
        made = renderer.made_from("year report", key, lambda coverage=coverage: Later(
            lambda: year_report(renderer, coverage, site_url)))
        if not later:
            page, year_files = made()
            pages.append(page)
            files += year_files
            continue
        year = coverage.plan.year
        pages.append(GeneratedPage(f"{REPORT_URL}/{year}/index.md", report_url(year), made.part(lambda r: r[0].content)))
        files += [(path, made.part(lambda r, i=i: r[1][i][1])) for i, path in enumerate(year_files_paths(year))]
    return pages, files


def year_files_paths(year: int) -> list[str]:
    """The paths of the files beside a plan year's report page (year_report), in its order."""
    return [f"{REPORT_URL}/{year}/{name}" for name in ("coverage.json", *download_names(year))]


def year_report(renderer: PageRenderer, coverage: Coverage, site_url: str) -> tuple[GeneratedPage, list[tuple[str, bytes]]]:
    """One plan year's report page and the files beside it (coverage.json, the .docx and CSV
    downloads); made from ``coverage``, the renderer's options and its plans alone (report_pages
    keeps them in a render cache while a year's coverage is unchanged)."""
    import json
    year = coverage.plan.year
    title = f"Tiến độ thực hiện Kế hoạch tuyên truyền CCHC năm {year}"
    topics, forms = topic_rows(coverage, renderer.topic_url), form_rows(coverage)
    downloads = year_downloads(coverage, renderer.options)
    page = renderer.page(
        f"{REPORT_URL}/{year}/index.md", report_url(year), "plan_report.html", title,
        f"Tiến độ thực hiện kế hoạch tuyên truyền cải cách hành chính năm {year}, tính đến ngày "
        f"{vn_date(coverage.as_of)}", coverage=coverage, labels=status_labels(coverage.plan),
        units=unit_summary(coverage), chart=chart_svg(coverage, renderer.env), months=monthly_counts(coverage),
        groups=topic_groups(coverage), findings=coverage.findings(),
        topic_rows=topics, form_rows=forms, counts=status_counts(topics + forms), downloads=downloads,
        # The dashboard's rows are its own contents list: the width goes to them.
        meta={"hide": ["toc"]})
    data = json.dumps(coverage_json(coverage, site_url), ensure_ascii=False, indent=2)
    # The same data, with no "<", ">" or "&" that a browser sniffing the file could take for
    # markup: JSON's \u escapes read back as the same characters.
    data = data.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
    # Kept as UTF-8 bytes, as it is written: about half the memory of the str (MBs at 10,000 posts).
    contents = [(data + "\n").encode("utf-8"), *(download.data for download in downloads)]
    return page, list(zip(year_files_paths(year), contents, strict=True))
