"""News posts: the front-matter contract, validation against the year's plan, the model."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime
from typing import Mapping
from pathlib import PurePosixPath

from ..dates import DateError, parse_when
from .plan import Plan
from .plan_years import PlanYears
from ..problems import Problem, did_you_mean
from .source import SourceDoc
from ..text import slugify

NEWS_DIR = "content/news"
NEWS_URL = "tin-tuc"
REQUIRED_KEYS = ("title", "date", "topics", "summary")
OPTIONAL_KEYS = ("image", "image_alt", "unit", "slug", "draft", "channel", "form")
ALLOWED_KEYS = REQUIRED_KEYS + OPTIONAL_KEYS
MAX_TITLE = 200
MAX_SUMMARY = 600
# Titles and summaries are shown as plain text in lists, feeds and <title>: no markup.
_MARKUP = re.compile(r"<\s*[a-zA-Z/!?]")
_IMAGE_TYPES = (".jpg", ".jpeg", ".png", ".webp", ".gif", ".svg")


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
    url_field: str = "title"  # the field the URL comes from: slug if given, else title
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


class FieldChecker:
    """Validates one SourceDoc; every problem is kept, none stops the others."""

    def __init__(self, doc: SourceDoc):
        self.doc = doc
        self.problems: list[Problem] = []

    def add(self, key: str, message: str) -> None:
        self.problems.append(Problem(self.doc.path, self.doc.line(key), key, message))

    def text(self, key: str, limit: int, required: bool = True) -> str:
        value = self.doc.meta.get(key)
        if value is None or (isinstance(value, str) and not value.strip()):
            if required:
                self.add(key, "missing or empty; expected text" if key in self.doc.meta else
                         f"missing; add a line '{key}: ...' to the front matter")
            return ""
        if not isinstance(value, (str, int, float)) or isinstance(value, bool):
            self.add(key, f"expected text, found {type(value).__name__} {value!r}")
            return ""
        text = " ".join(str(value).split())
        if _MARKUP.search(text):
            self.add(key, "HTML is not allowed here; write plain text")
        if len(text) > limit:
            self.add(key, f"too long: {len(text)} characters, at most {limit}")
        return text


def check_post(doc: SourceDoc, plans: dict[int, Plan],
               file_sizes: Mapping[str, int]) -> tuple[NewsPost | None, list[Problem]]:
    """Validate a news post's front matter against the plan of its year; ``file_sizes`` maps
    the content files beside it to their sizes in bytes."""
    check = FieldChecker(doc)
    meta = doc.meta
    for key in meta:
        if key not in ALLOWED_KEYS:
            check.add(key, f"unknown field{did_you_mean(key, list(ALLOWED_KEYS))}; "
                           f"expected one of {', '.join(ALLOWED_KEYS)}")
    draft = meta.get("draft", False)
    if not isinstance(draft, bool):
        check.add("draft", f"expected true or false, found {draft!r}")
        draft = False
    # A draft is work in progress: its summary and topics may still be empty.
    title = check.text("title", MAX_TITLE)
    summary = check.text("summary", MAX_SUMMARY, required=not draft)
    unit = check.text("unit", MAX_TITLE, required=False) or None

    when, year = read_date_in_year_folder(check, NEWS_DIR)
    # A year whose plan is not written yet is checked against the most recent earlier plan; a
    # plan file with errors is reported on its own, and its year's topics wait for it.
    broken = year in getattr(plans, "broken", ())
    plan = PlanYears(plans).reference(year) if year and not broken else None
    topics = read_topics(check, meta.get("topics"), plan, year, required=not draft)
    channel, forms = _read_plan_links(check, meta, plan)

    slug = meta.get("slug")
    if slug is None:
        slug = slugify(title)
        if title and not slug:
            check.add("title", "no letters or digits to make a URL from; add a 'slug' field")
    elif not isinstance(slug, str) or slug != slugify(slug) or not slug:
        check.add("slug", f"expected lower-case ASCII words joined by '-', like "
                          f"{slugify(str(slug)) or 'tin-moi'!r}, found {slug!r}")

    image = meta.get("image")
    image_alt = check.text("image_alt", MAX_TITLE, required=False)
    if image is not None:
        if not isinstance(image, str) or not image.lower().endswith(_IMAGE_TYPES):
            check.add("image", f"expected a picture file beside the post ({', '.join(_IMAGE_TYPES)}), "
                               f"found {image!r}")
            image = None
        else:
            target = PurePosixPath(doc.path).parent.joinpath(image).as_posix()
            if ".." in PurePosixPath(image).parts or image.startswith("/") or "://" in image:
                check.add("image", f"expected a path inside the post's folder, found {image!r}")
                image = None
            elif target not in file_sizes:
                check.add("image", f"file not found: {target}")
                image = None
    if check.problems:
        return None, check.problems
    url_field = "slug" if "slug" in meta else "title"
    image_bytes = file_sizes[PurePosixPath(doc.path).parent.joinpath(image).as_posix()] if image else 0
    return NewsPost(doc.path, title, when, topics, summary, slug, doc.body, unit, image,
                    image_alt, draft, url_field, doc.line(url_field), image_bytes, channel, forms), []


def read_date_in_year_folder(check: FieldChecker, folder_root: str,
                             required: bool = True) -> tuple[datetime | None, int | None]:
    """The file's `date` (Vietnam time) and the plan year it belongs to; the date must fall in
    the year of the file's folder (``<folder_root>/<year>/``). When the date cannot be read,
    the folder's year still says which plan applies, so topic mistakes are reported too."""
    meta = check.doc.meta
    when = None
    if meta.get("date") in (None, "") and not required:
        pass
    elif "date" not in meta:
        check.add("date", "missing; add a line like 'date: 2022-03-03'")
    else:
        try:
            when = parse_when(meta["date"])
        except DateError as error:
            check.add("date", str(error))
    folder_year = PurePosixPath(check.doc.path).parent.name
    if when is not None and folder_year.isdigit() and int(folder_year) != when.year:
        check.add("date", f"the date {when.date()} is in {when.year}, but the file is in the "
                          f"{folder_year} folder; move the file to {folder_root}/{when.year}/ or fix the date")
    year = when.year if when else (int(folder_year) if folder_year.isdigit() else None)
    return when, year


def read_topics(check: FieldChecker, value: object, plan: Plan | None, year: int | None,
                required: bool = True) -> tuple[str, ...]:
    """The `topics` ids, each checked against ``plan`` (the plan of ``year``, or the one standing
    in for it; None: not checked); a string may list them with commas."""
    if value is None or value == [] or value == "":
        if not required:
            return ()
        check.add("topics", "missing or empty; list at least one topic id of the year's plan, "
                            "like 'topics: [II.2.3]'")
        return ()
    if isinstance(value, str):
        value = [part.strip() for part in value.split(",")]
    if not isinstance(value, list) or not all(isinstance(v, (str, int, float)) for v in value):
        check.add("topics", f"expected a list of topic ids like [II.1, II.2.3], found {value!r}")
        return ()
    ids = [str(v).strip() for v in value]
    if year is None or plan is None:
        # No plan for the year and none before it: nothing to check the ids against (the build
        # says so once per year, cchc.plan_years.PlanYears.notes).
        return tuple(dict.fromkeys(ids))
    known = plan.topic_ids
    stand_in = f" (no plan for {year} yet)" if plan.year != year else ""
    for topic_id in ids:
        if topic_id not in known:
            check.add("topics", f"unknown topic {topic_id!r} in the {plan.year} plan{stand_in}"
                                f"{did_you_mean(topic_id, known)}; valid ids: {', '.join(known)}")
    seen = set()
    for topic_id in ids:
        if topic_id in seen:
            check.add("topics", f"topic {topic_id!r} is listed twice")
        seen.add(topic_id)
    return tuple(dict.fromkeys(ids))


def _read_plan_links(check: FieldChecker, meta: dict, plan: Plan | None) -> tuple[str | None, tuple[str, ...]]:
    """The post's `channel` (a programme quota) and `form` (plan forms it fulfils)."""
    channel = meta.get("channel")
    forms = meta.get("form")
    if plan is None:
        return (str(channel) if channel else None), ()
    channels = [q.id for f in plan.forms for q in f.quotas if q.counted_by == "channel"]
    if channel is not None and channel not in channels:
        check.add("channel", f"unknown channel {channel!r} in the {plan.year} plan"
                             f"{did_you_mean(str(channel), channels)}; expected one of {', '.join(channels)}")
        channel = None
    if forms is None:
        return channel, ()
    if isinstance(forms, str):
        forms = [part.strip() for part in forms.split(",")]
    if not isinstance(forms, list):
        check.add("form", f"expected a form id like III.4 or a list of them, found {forms!r}")
        return channel, ()
    known = [f.id for f in plan.forms]
    for form_id in forms:
        if str(form_id) not in known:
            check.add("form", f"unknown form {form_id!r} in the {plan.year} plan"
                              f"{did_you_mean(str(form_id), known)}; expected one of {', '.join(known)}")
    return channel, tuple(dict.fromkeys(str(f) for f in forms))
