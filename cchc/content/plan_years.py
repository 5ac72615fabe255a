"""Plans side by side, year after year: which plan a year's topics are checked against, one
stable page per topic id, and what the checker says about years and plans that are incomplete.

A year's plan is usually signed weeks into that year. Until it exists, posts of that year are
checked against the most recent earlier plan (topic ids carry over from year to year); once it
is added, coverage is computed per plan year from the posts dated in that year, so the same
posts count towards it with no edit.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property
from typing import Iterable

from ..problems import Problem
from .checker import field_title
from .fields import PLAN_FIELDS
from .plan import Plan, PlanTopic


@dataclass(frozen=True)
class TopicHome:
    """The one page and feed of a topic id across every plan: its URL never changes."""

    id: str
    slug: str              # from the oldest plan that defines the id
    topic: PlanTopic       # the newest definition: its current name and title
    years: tuple[int, ...]  # plan years that define the id, newest first


class PlanYears:
    """Every plan of the site, by year, and the questions asked across years."""

    def __init__(self, plans: dict[int, Plan]):
        self.plans = plans

    def reference(self, year: int) -> Plan | None:
        """The plan a year's topics are checked against: its own, else the most recent earlier
        one, else None (nothing to check against)."""
        if year in self.plans:
            return self.plans[year]
        earlier = [y for y in self.plans if y < year]
        return self.plans[max(earlier)] if earlier else None

    def topic(self, year: int, topic_id: str) -> PlanTopic | None:
        """How a topic id reads for content of ``year``: as the plan it was checked against
        defines it, else as the newest plan that has it, else None (an unchecked id)."""
        plan = self.reference(year)
        found = plan.topic(topic_id) if plan else None
        if found is None and topic_id in self.homes:
            found = self.homes[topic_id].topic
        return found

    @cached_property
    def homes(self) -> dict[str, TopicHome]:
        """Topic id -> its page; a topic dropped from a later plan keeps its page."""
        first: dict[str, tuple[int, PlanTopic]] = {}
        last: dict[str, PlanTopic] = {}
        years: dict[str, list[int]] = {}
        for year in sorted(self.plans):
            for topic in self.plans[year].topics:
                first.setdefault(topic.id, (year, topic))
                last[topic.id] = topic
                years.setdefault(topic.id, []).insert(0, year)
        return {tid: TopicHome(tid, topic.slug, last[tid], tuple(years[tid]))
                for tid, (_, topic) in first.items()}

    def slug(self, topic_id: str) -> str | None:
        home = self.homes.get(topic_id)
        return home.slug if home else None

    def problems(self) -> list[Problem]:
        """Two topic ids that would share one page: a later plan reuses the slug of an older
        plan's topic under another id."""
        owner: dict[str, tuple[str, int]] = {}
        out = []
        for year in sorted(self.plans):
            plan = self.plans[year]
            for topic in plan.topics:
                slug = self.homes[topic.id].slug
                if topic.slug == slug:
                    holder = owner.setdefault(slug, (topic.id, year))
                    if holder[0] != topic.id:
                        out.append(Problem(plan.path, topic.line, f"topics[{topic.id}].slug",
                                           f"trang chủ đề chu-de/{slug}/ thuộc chủ đề {holder[0]} từ kế hoạch "
                                           f"{holder[1]}; mỗi chủ đề giữ trang của nó theo mã: dùng mã "
                                           f"{holder[0]} nếu là cùng chủ đề, hoặc đặt 'slug' khác cho chủ đề này",
                                           field_title(PLAN_FIELDS, "topics.slug")))
        return out

    def notes(self, years: Iterable[int]) -> list[str]:
        """One info line per year that has content but no plan, and per plan that lacks its
        number or signing date, or gives a topic a slug that would move its page."""
        lines = []
        for year in sorted(set(years) - set(self.plans)):
            plan = self.reference(year)
            if plan is None:
                lines.append(f"năm {year} chưa có kế hoạch: chủ đề của bài chưa được đối chiếu "
                             "(chưa có kế hoạch nào của các năm trước)")
            else:
                lines.append(f"năm {year} chưa có kế hoạch: chủ đề của bài được đối chiếu với kế hoạch "
                             f"{plan.year}")
        for year in sorted(self.plans):
            lines += plan_notes(self.plans[year])
            for topic in self.plans[year].topics:
                slug = self.homes[topic.id].slug
                if topic.slug != slug:
                    lines.append(_note(self.plans[year].path, topic.line, f"topics[{topic.id}].slug",
                                       f"trang chủ đề vẫn ở chu-de/{slug}/ (địa chỉ từ kế hoạch "
                                       f"{min(self.homes[topic.id].years)}); '{topic.slug}' không được dùng"))
        return lines


def plan_notes(plan: Plan) -> list[str]:
    """What an editor still has to fill in a plan: its number and signing date."""
    lines = []
    when = "khi kế hoạch được ký, ghi" if plan.draft else "ghi"
    if not plan.number:
        lines.append(_note(plan.path, plan.line("number"), "number",
                           f"chưa có; {when} số kế hoạch, như 'number: <số>/KH-SKHCN'"))
    if plan.signed is None:
        lines.append(_note(plan.path, plan.line("signed"), "signed",
                           f"chưa có; {when} ngày ký, như 'signed: {plan.year}-02-15'"))
    return lines


def _note(path: str, line: int, key: str, message: str) -> str:
    return str(Problem(path, line, key, message, field_title(PLAN_FIELDS, key)))


def content_years(site) -> set[int]:
    """Years of every news post and bulletin the site has: published, scheduled and drafts."""
    records = [*site.posts, *site.drafts, *site.scheduled, *site.bulletins,
               *site.scheduled_bulletins, *site.bulletin_drafts]
    return {r.date.year for r in records if getattr(r, "date", None) is not None}
