"""News posts: the front-matter contract, validation against the year's plan, the model."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Mapping
from pathlib import PurePosixPath

from ..problems import Problem, did_you_mean
from ..text import PAGE_SEGMENT, slugify
from .checker import Checker, describe
from .fields import IMAGE_TYPES, MAX_SLUG, NEWS_FIELDS, names
from .plan import Plan
from .plan_years import PlanYears
from .source import SourceDoc

NEWS_DIR = "content/news"
NEWS_URL = "tin-tuc"
ALLOWED_KEYS = names(NEWS_FIELDS)
# The fields shown as plain text (title, summary, unit, image_alt): no markup, a length limit.
_PLAIN = tuple(f for f in NEWS_FIELDS if f.plain)
_TOPICS = next(f for f in NEWS_FIELDS if f.name == "topics")


@dataclass(frozen=True)
class NewsPost:
    """A news post as published: every field checked, text in NFC, date in Vietnam time."""

    source: str
    title: str
    date: datetime
    topics: tuple[str, ...]
    summary: str
    slug: str
    body: str
    unit: str | None = None
    image: str | None = None
    image_alt: str = ""
    draft: bool = False
    url_field: str = "slug"  # the field the URL comes from (slug; without it, the file name)
    url_line: int = 1
    image_bytes: int = 0
    channel: str | None = None      # a programme slot: the plan quota it counts toward
    forms: tuple[str, ...] = ()     # plan forms (section III) this post reports on

    @property
    def year(self) -> int:
        return self.date.year

    @property
    def url(self) -> str:
        """Site-relative URL of the post's page, with a trailing slash."""
        return f"{NEWS_URL}/{self.year}/{self.slug}/"

    @property
    def image_url(self) -> str | None:
        """Site-relative URL of the post's image, published beside the post's folder."""
        if not self.image:
            return None
        rel = PurePosixPath(self.source).parent.joinpath(self.image).relative_to(NEWS_DIR)
        return f"{NEWS_URL}/{rel}"


IMAGE_ALT_MISSING = ("bài có ảnh (image) nhưng thiếu mô tả ảnh; thêm một câu ngắn tả nội dung ảnh cho người "
                     "khiếm thị, ví dụ 'image_alt: Quang cảnh hội nghị'")


def check_post(doc: SourceDoc, plans: dict[int, Plan],
               file_sizes: Mapping[str, int]) -> tuple[NewsPost | None, list[Problem]]:
    """Validate a news post's front matter against the plan of its year; ``file_sizes`` maps
    the content files beside it to their sizes in bytes."""
    check = Checker(doc, NEWS_FIELDS)
    meta = doc.meta
    check.unknown_fields(ALLOWED_KEYS)
    draft = check.flag("draft")
    # A draft is work in progress: its summary and topics may still be empty.
    text = {f.name: check.plain_text(f, f.required_in(draft)) for f in _PLAIN}
    title, summary, unit, image_alt = text["title"], text["summary"], text["unit"] or None, text["image_alt"]

    when, year = check.date_in_year_folder(NEWS_DIR)
    # A year whose plan is not written yet is checked against the most recent earlier plan; a
    # plan file with errors is reported on its own, and its year's topics wait for it.
    broken = year in getattr(plans, "broken", ())
    plan = PlanYears(plans).reference(year) if year and not broken else None
    topics = check.topics(meta.get("topics"), plan, year, required=_TOPICS.required_in(draft))
    channel, forms = _read_plan_links(check, meta, plan)

    # The address is fixed when the post is created: its file name (which `cchc new` and the
    # CMS write once), or `slug`. Never the title: a title edit must not move a published page.
    if title and not slugify(title):
        check.add("title", f"cần có chữ hoặc số; đang ghi {title!r}")
    slug = meta.get("slug")
    if slug is None:
        slug = slugify(PurePosixPath(doc.path).stem)
        if not slug:
            check.add("slug", f"tên tệp {PurePosixPath(doc.path).name!r} không có chữ hay số để làm địa chỉ "
                              f"trang; đổi tên tệp (chữ thường không dấu, nối bằng '-') hoặc thêm trường slug")
    elif not isinstance(slug, str) or slug != slugify(slug) or not slug:
        check.add("slug", f"đang ghi {slug!r}; ghi chữ thường không dấu, các từ nối bằng dấu gạch ngang, "
                          f"như {slugify(str(slug)) or 'tin-moi'!r}")
    elif len(slug) > MAX_SLUG:
        check.add("slug", f"dài {len(slug)} ký tự, tối đa {MAX_SLUG} (địa chỉ trang là tên một thư mục); "
                          "viết ngắn hơn")
    if slug == PAGE_SEGMENT:
        # tin-tuc/<year>/trang/2/ is page 2 of the year's archive (cchc.site.pagination).
        found = f"đang ghi {slug!r}" if "slug" in meta else f"tên tệp {PurePosixPath(doc.path).name!r} cho địa chỉ này"
        check.add("slug", f"địa chỉ tin-tuc/<năm>/{PAGE_SEGMENT}/ dành cho các trang của danh sách tin; {found}; "
                          f"ghi một slug khác, như 'slug: {PAGE_SEGMENT}-tin-moi'")

    image = meta.get("image")
    if image is not None and check.file_beside(
            "image", image, IMAGE_TYPES, file_sizes, inside="tên tệp ảnh trong thư mục của bài",
            expected=f"tên tệp ảnh đặt cùng thư mục với bài ({', '.join(IMAGE_TYPES)})") is None:
        image = None
    if image is not None and not image_alt and not draft and not check.problems_at(("image_alt",)):
        # Without it a screen reader says only "image" (WCAG 1.1.1): a picture is published with its words.
        # Said at the picture's line, where the description goes.
        check.problems.append(Problem(doc.path, doc.line("image"), "image_alt", IMAGE_ALT_MISSING))
    if check.problems:
        return None, check.problems
    url_field = "slug"
    image_bytes = file_sizes[PurePosixPath(doc.path).parent.joinpath(image).as_posix()] if image else 0
    return NewsPost(doc.path, title, when, topics, summary, slug, doc.body, unit, image,
                    image_alt, draft, url_field, doc.line(url_field), image_bytes, channel, forms), []


def _read_plan_links(check: Checker, meta: dict, plan: Plan | None) -> tuple[str | None, tuple[str, ...]]:
    """The post's `channel` (a programme quota) and `form` (plan forms it fulfils)."""
    channel = meta.get("channel")
    forms = meta.get("form")
    if plan is None:
        return (str(channel) if channel else None), ()
    channels = [q.id for f in plan.forms for q in f.quotas if q.counted_by == "channel"]
    if channel is not None and channel not in channels:
        check.add("channel", f"không có chuyên mục {channel!r} trong kế hoạch {plan.year}"
                             f"{did_you_mean(str(channel), channels)}; ghi một trong: {', '.join(channels)}")
        channel = None
    if forms is None:
        return channel, ()
    if isinstance(forms, str):
        forms = [part.strip() for part in forms.split(",")]
    if not isinstance(forms, list):
        check.add("form", f"đang ghi {describe(forms)}; ghi mã hình thức như III.4, hoặc danh sách các mã")
        return channel, ()
    known = [f.id for f in plan.forms]
    for form_id in forms:
        if str(form_id) not in known:
            check.add("form", f"không có hình thức {form_id!r} trong kế hoạch {plan.year}"
                              f"{did_you_mean(str(form_id), known)}; ghi một trong: {', '.join(known)}")
    return channel, tuple(dict.fromkeys(str(f) for f in forms))
