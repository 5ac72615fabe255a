"""Next year's plan from the latest one: the same topics, forms, channels and quotas, every
date moved into the new year, the number and signing date left for the editor.

The text is made here as YAML with comments (``cchc new plan <year>`` checks it with the
build's own loader and writes it); it reads back through ``cchc.plan.load_plan``.
"""

from __future__ import annotations

import calendar
import re
import textwrap
from datetime import date

from ..content.plan import PLAN_DIR, Plan
from ..content.plan_years import PlanYears
from ..content.skeletons import Skeleton, yaml_text

_WIDTH = 96  # longest line written; longer text is folded


def move_day(day: date, years: int) -> date:
    """``day`` moved by whole ``years``; the last day of February stays the last day of
    February (29/2 becomes 28/2 in a common year, 28/2 becomes 29/2 in a leap year)."""
    year = day.year + years
    if day.month == 2 and day.day >= 28 and day.day == calendar.monthrange(day.year, 2)[1]:
        return date(year, 2, calendar.monthrange(year, 2)[1])
    return date(year, day.month, day.day)


def move_window(window: str, years: int) -> str:
    """A form's window in the new year: quarters and 'all-year' stay, dates move."""
    if ".." not in window:
        return window
    first, _, last = window.partition("..")
    return (f"{move_day(date.fromisoformat(first), years).isoformat()}.."
            f"{move_day(date.fromisoformat(last), years).isoformat()}")


def _retitle(text: str, old: int, new: int) -> str:
    # "năm 2022" in a title or a topic's wording names the plan's year; a document's own date
    # (ngày 24/01/2022) is a fact about that document and is kept.
    return re.sub(rf"(?i)\b(năm)\s+{old}\b", lambda m: f"{m.group(1)} {new}", text)


def _long(key: str, text: str, indent: str) -> list[str]:
    """``key: text``, folded over several lines (YAML's '>-') when it is long, as in the plans
    editors write by hand; the loader joins the lines with spaces again."""
    line = f"{indent}{key}: {yaml_text(text)}"
    if len(line) <= _WIDTH:
        return [line]
    return [f"{indent}{key}: >-", *textwrap.wrap(" ".join(text.split()), _WIDTH - len(indent) - 2,
                                                  initial_indent=indent + "  ", subsequent_indent=indent + "  ",
                                                  break_long_words=False, break_on_hyphens=False)]


def _list(key: str, values: tuple[str, ...], indent: str) -> list[str]:
    if not values:
        return []
    return [f"{indent}{key}:", *(f"{indent}  - {yaml_text(v)}" for v in values)]


def next_plan(plans: dict[int, Plan], year: int) -> Skeleton:
    """The plan of ``year`` made from the latest plan before it; raises LookupError if there
    is none."""
    source = PlanYears(plans).reference(year - 1)
    if source is None or source.year >= year:
        raise LookupError(year)
    years = year - source.year
    slugs = PlanYears(plans)
    old = source.year
    lines = [
        f"# Kế hoạch tuyên truyền cải cách hành chính năm {year}: bản nháp tạo bằng",
        f"# `cchc new plan {year}` từ {source.path}: cùng các chủ đề (mục II), hình thức,",
        f"# kênh và chỉ tiêu (mục III); mọi ngày đã chuyển sang năm {year}. Sửa cho đúng kế hoạch đã ký.",
        "# Giữ mã chủ đề (id) của năm trước cho chủ đề tiếp tục: trang và bản tin RSS của chủ đề giữ",
        "# nguyên địa chỉ; chủ đề bỏ đi thì xoá khỏi danh sách (trang cũ vẫn còn cho các bài đã đăng).",
        f"year: {year}",
        *_long("title", _retitle(source.title, old, year), ""),
    ]
    if source.issuer:
        lines.append(f"issuer: {yaml_text(source.issuer)}")
    lines += [
        "# Số và ngày ký của kế hoạch: điền khi kế hoạch được ký (ví dụ number: <số>/KH-SKHCN,",
        f"# signed: {year}-02-15), rồi xoá dòng 'draft: true'. Khi còn là bản nháp, tiến độ thực hiện",
        "# chỉ được báo ở mức thông tin, không làm dừng bản dựng.",
        "number:",
        "signed:",
        "draft: true",
        f"# Văn bản làm căn cứ của kế hoạch năm {year} (kế hoạch của UBND tỉnh, hướng dẫn của Sở",
        "# Thông tin và Truyền thông): ghi mỗi văn bản một dòng, bắt đầu bằng '  - '.",
        "based_on: []",
        "",
        "topics:",
    ]
    for topic in source.topics:
        lines += [f"  - id: {yaml_text(topic.id)}",
                  f"    name: {yaml_text(_retitle(topic.name, old, year))}",
                  f"    slug: {slugs.slug(topic.id) or topic.slug}",
                  *_long("title", _retitle(topic.title, old, year), "    "),
                  *_list("documents", topic.documents, "    ")]
    if source.forms:
        lines += ["", "forms:"]
    for form in source.forms:
        lines += [f"  - id: {yaml_text(form.id)}",
                  *_long("title", _retitle(form.title, old, year), "    "),
                  *_list("lead", form.lead, "    "),
                  *_list("partners", form.partners, "    "),
                  f"    window: {move_window(form.window, years)}"]
        if form.quotas:
            lines.append("    quotas:")
        for quota in form.quotas:
            lines += [f"      - id: {yaml_text(quota.id)}",
                      f"        title: {yaml_text(quota.title)}",
                      f"        target: {quota.target}",
                      f"        counted_by: {quota.counted_by}"]
    lines += ["", "deadlines:",
              f"  units_report: {move_day(source.units_report, years).isoformat()}",
              f"  department_report: {move_day(source.department_report, years).isoformat()}"]
    return Skeleton(f"{PLAN_DIR}/{year}.yml", "\n".join(lines) + "\n")
