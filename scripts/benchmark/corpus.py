"""The synthetic site: Vietnamese news posts (with diacritics, realistic front matter, topics,
units, channel and ``form:`` posts, a few pictures and drafts), bulletin issues with their PDFs,
one plan a year that this content satisfies (so the plan check is green), and the procedure
records (``procedures``). The text comes from made_up's generator, fed with the project's
own content, so words and sentence lengths look like the real ones."""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from pathlib import Path

import yaml

from cchc.text import slugify

from .common import LAST_YEAR, PROJECT, project_config
from .made_up import Chain, pdf, png, quoted, title
from .procedures import write_procedures

MIN_POSTS_A_YEAR = 20  # the plan's 19 leaf topics, one post each, and its forms
UNITS = [
    "Văn phòng Sở",
    "Phòng Kế hoạch - Tài chính",
    "Phòng Quản lý khoa học",
    "Phòng Quản lý công nghệ và Thị trường công nghệ",
    "Chi cục Tiêu chuẩn Đo lường Chất lượng",
    "Trung tâm Ứng dụng và Dịch vụ khoa học và Công nghệ",
    "Thanh tra Sở",
]
CHANNELS = {"radio": "trên sóng phát thanh", "tv": "trên sóng truyền hình", "newspaper": "trên Báo Quảng Ngãi"}
HEADINGS = ["Kết quả đạt được", "Một số khó khăn, vướng mắc", "Nhiệm vụ trọng tâm thời gian tới",
            "Đánh giá chung", "Đề xuất, kiến nghị", "Tổ chức thực hiện"]
# The forms of the plan that need a post naming them, and a month inside each one's window.
FORM_MONTHS = (("III.4", 5), ("III.5", 3), ("III.6", 11), ("III.1", 1), ("III.2", 2))


@dataclass
class Corpus:
    """What was written, and what the measurements need to know about it."""

    root: Path
    years: list[int]
    news: int = 0
    drafts: int = 0
    procedures: int = 0
    bulletins: int = 0
    markdown_bytes: int = 0
    sample_post: str = ""           # a published post's file, edited in the preview test
    sample_url: str = ""            # and its page
    files: int = 0

    def write(self, rel: str, data: str | bytes) -> None:
        """Write one file of the site, counting it (and its bytes, if it is Markdown)."""
        path = self.root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(data, bytes):
            path.write_bytes(data)
        else:
            path.write_text(data, encoding="utf-8")
            self.markdown_bytes += len(data.encode()) if rel.endswith(".md") else 0
        self.files += 1


@dataclass
class _Post:
    path: str
    title: str
    day: datetime


@dataclass
class _Writing:
    """The state of writing one corpus: its text generators, the random numbers, what is published."""

    corpus: Corpus
    rng: random.Random
    news_chain: object
    titles: list[str]
    published: dict[int, list[_Post]] = field(default_factory=dict)


def _body(chain, rng: random.Random, post_number: int) -> str:
    """A news post's Markdown: paragraphs, sometimes a heading (anchors with đ), a list, a table."""
    parts = [chain.paragraph(rng) for _ in range(rng.randint(3, 6))]
    if rng.random() < 0.5:
        parts.insert(rng.randint(1, len(parts)), f"## {rng.choice(HEADINGS)}")
    if rng.random() < 0.3:
        parts.append("\n".join(f"- {chain.sentence(rng, 14)}" for _ in range(rng.randint(2, 5))))
    if rng.random() < 0.1:
        rows = "\n".join(f"| {UNITS[i % len(UNITS)]} | {rng.randint(5, 400)} | {rng.randint(80, 100)}% |"
                         for i in range(rng.randint(2, 5)))
        parts.append(f"| Đơn vị | Số hồ sơ | Đúng hạn |\n| --- | ---: | ---: |\n{rows}")
    if rng.random() < 0.05:
        parts.append(f'!!! note "Lưu ý"\n    {chain.sentence(rng, 20)}')
    if post_number % 97 == 0:
        parts.append("Chi tiết xem tại [Cổng Dịch vụ công quốc gia](https://dichvucong.gov.vn/).")
    return "\n\n".join(parts) + "\n"


def _plan(year: int, quotas: dict[str, int]) -> dict:
    """The project's 2022 plan, moved to ``year``, with the quotas this corpus fills."""
    def move(value):
        if isinstance(value, str):
            return value.replace("2022", str(year))
        if isinstance(value, list):
            return [move(v) for v in value]
        if isinstance(value, dict):
            return {k: move(v) for k, v in value.items()}
        return value

    plan = move(yaml.safe_load((PROJECT / "content/plans/2022.yml").read_text(encoding="utf-8")))
    plan["year"] = year
    plan["deadlines"] = {"units_report": date(year, 11, 10), "department_report": date(year, 11, 15)}
    for form in plan["forms"]:
        if form.get("quotas"):
            kept = [dict(q, target=quotas[q["id"]]) for q in form["quotas"] if quotas.get(q["id"], 0) > 0]
            if kept:
                form["quotas"] = kept
            else:
                form.pop("quotas")
    return plan


def split(total: int, parts: int) -> list[int]:
    """``total`` in ``parts`` near-equal whole numbers, the larger first."""
    return [total // parts + (1 if i < total % parts else 0) for i in range(parts)]


def _strings(value) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, list):
        return [s for v in value for s in _strings(v)]
    if isinstance(value, dict):
        return [s for v in value.values() for s in _strings(v)]
    return []


def project_texts(folder: str) -> tuple[list[str], list[str]]:
    """Every text an editor wrote under content/<folder>: front-matter strings and bodies; and titles."""
    texts, titles = [], []
    for path in sorted((PROJECT / "content" / folder).rglob("*.md")):
        _, front, body = path.read_text(encoding="utf-8").split("---", 2)
        meta = yaml.load(front, Loader=yaml.BaseLoader)
        titles += _strings(meta.get("title") or meta.get("name"))
        texts += [s for s in _strings(meta) if len(s.split()) > 4] + [body]
    return texts, titles


def write_corpus(root: Path, news: int, procedures: int, bulletins: int, years: int, seed: int = 9,
                 crowded: int = 0) -> Corpus:
    """Write a synthetic site under ``root``: content, plans and mkdocs.yml; ``crowded`` more
    posts in the last year (a busy year: its archive and topic lists are the longest)."""

    rng = random.Random(seed)
    news_texts, titles = project_texts("news")
    bulletin_texts, _ = project_texts("bulletins")
    procedure_texts, _ = project_texts("procedures")
    corpus = Corpus(root, list(range(LAST_YEAR - years + 1, LAST_YEAR + 1)))
    writing = _Writing(corpus, rng, Chain(news_texts + bulletin_texts), titles)
    root.mkdir(parents=True, exist_ok=True)
    (root / "mkdocs.yml").write_text(project_config(), encoding="utf-8")
    bulletins_by_year = dict(zip(corpus.years, split(bulletins, years)))
    counts = split(news, years)
    counts[-1] += crowded
    for year, count in zip(corpus.years, counts):
        if count < MIN_POSTS_A_YEAR:
            raise ValueError(f"{count} news posts in {year}: at least {MIN_POSTS_A_YEAR} a year are "
                             "needed to cover every topic of its plan; give more --news or fewer --years")
        ids, leaves, per_channel = _write_plan(corpus, year, count, bulletins_by_year[year])
        _write_posts(writing, year, count, ids, leaves, per_channel)
        _write_bulletins(writing, year, bulletins_by_year[year], ids)
    last = writing.published[corpus.years[-1]]
    sample = last[len(last) // 2]
    corpus.sample_post = sample.path
    corpus.sample_url = f"tin-tuc/{sample.day.year}/{Path(sample.path).stem}/"
    write_procedures(corpus.write, procedures, Chain(procedure_texts), rng)
    corpus.procedures = procedures
    return corpus


def _write_plan(corpus: Corpus, year: int, count: int, bulletins: int) -> tuple[list[str], list[str], int]:
    """The year's plan; returns its topic ids, the leaf topics and each channel's quota."""
    # Each channel's quota: 12 a year (one a month) when there are enough posts.
    per_channel = min(12, count // 6)
    plan = _plan(year, {"bulletin": bulletins, **{c: per_channel for c in CHANNELS}})
    corpus.write(f"content/plans/{year}.yml", yaml.safe_dump(plan, allow_unicode=True, sort_keys=False, width=100))
    ids = [t["id"] for t in plan["topics"]]
    leaves = [i for i in ids if not any(o.startswith(i + ".") for o in ids)]
    return ids, leaves, per_channel


def _post_days(rng: random.Random, year: int, count: int, channel_slots: int) -> tuple[list[datetime], dict[int, str]]:
    """The posts' dates through the year, and which posts name a form (dated inside its window)."""
    start = datetime(year, 1, 1, 7, 30)
    days = sorted(start + timedelta(minutes=rng.randrange(0, 365 * 24 * 60 - 600)) for _ in range(count))
    form_of: dict[int, str] = {}
    others = count - channel_slots
    for k, (form, month) in enumerate(FORM_MONTHS):
        index = (k * 7919 + year) % others
        while index in form_of:
            index = (index + 1) % others
        form_of[index] = form
        days[index] = days[index].replace(month=month, day=min(days[index].day, 28))
    return days, form_of


def _write_posts(writing: _Writing, year: int, count: int, ids: list[str], leaves: list[str],
                 per_channel: int) -> None:
    """The year's news posts: every leaf topic covered, each form named, each channel's quota met."""
    rng, chain = writing.rng, writing.news_chain
    channel_slots = [(c, m) for c in CHANNELS for m in range(1, per_channel + 1)]
    days, form_of = _post_days(rng, year, count, len(channel_slots))
    used: set[str] = set()
    for i, day in enumerate(days):
        channel = None
        if i >= count - len(channel_slots):
            channel, month = channel_slots[count - 1 - i]
            day = datetime(year, month, rng.randint(1, 28), 9, 0)
            heading = (f"Chuyên mục Khoa học và Công nghệ {CHANNELS[channel]} tháng {month}/{year}: "
                       f"{title(chain, rng, 12)}")[:190]
        else:
            heading = rng.choice(writing.titles) if rng.random() < 0.05 else title(chain, rng)
        heading, slug = _unique(heading, used)
        topics = [leaves[i % len(leaves)]] if i < len(leaves) else rng.sample(ids, rng.randint(1, 3))
        draft = i >= len(leaves) and channel is None and i not in form_of and rng.random() < 0.01
        fields = [f"title: {quoted(heading)}",
                  f"date: {day:%Y-%m-%d}" + (f" {day:%H:%M}" if rng.random() < 0.6 else ""),
                  f"topics: [{', '.join(topics)}]",
                  f"summary: {quoted(chain.sentence(rng, 35).replace('<', ''))}",
                  f"unit: {quoted(rng.choice(UNITS))}"]
        if slugify(heading) != slug or rng.random() < 0.03:
            fields.append(f"slug: {slug}")
        if channel:
            fields.append(f"channel: {channel}")
        if i in form_of:
            fields.append(f"form: {form_of[i]}")
        if draft:
            fields.append("draft: true")
        rel = f"content/news/{year}/{slug}.md"
        if rng.random() < 0.03:
            fields += [f"image: {slug}.png", f"image_alt: {quoted(heading[:80])}"]
            writing.corpus.write(f"content/news/{year}/{slug}.png", png(i))
        writing.corpus.write(rel, "---\n" + "\n".join(fields) + "\n---\n\n" + _body(chain, rng, i))
        writing.corpus.news += 1
        writing.corpus.drafts += draft
        if not draft:
            writing.published.setdefault(year, []).append(_Post(rel, heading, day))


def _unique(heading: str, used: set[str]) -> tuple[str, str]:
    """The title and a slug no other post of the year has ("(đợt 2)" added when it repeats)."""
    slug = slugify(heading)[:80].strip("-") or "tin"
    round_ = 1
    while slug in used:
        round_ += 1
        slug = f"{slugify(heading)[:80].strip('-')}-dot-{round_}"
    if round_ > 1:
        heading = f"{heading} (đợt {round_})"
    used.add(slug)
    return heading, slug


def _write_bulletins(writing: _Writing, year: int, count: int, ids: list[str]) -> None:
    """Bulletins: evenly through the year, each listing two earlier posts and one other article."""
    rng, chain, corpus = writing.rng, writing.news_chain, writing.corpus
    for number in range(1, count + 1):
        day = date(year, 1, 1) + timedelta(days=int(364 * number / (count + 1)))
        earlier = [p for p in writing.published.get(year, []) if p.day.date() <= day]
        chosen = rng.sample(earlier, min(2, len(earlier)))
        stem = f"ban-tin-cchc-so-{number:02d}-{year}"
        heading = title(chain, rng, 14)
        contents = [f"  - title: {quoted(p.title)}\n    post: {p.path}" for p in chosen]
        contents.append(f"  - {quoted(title(chain, rng, 16))}")
        cover = number % 2 == 1
        corpus.write(f"content/bulletins/{year}/{stem}.pdf", pdf(f"Ban tin so {number}/{year}"))
        if cover:
            corpus.write(f"content/bulletins/{year}/{stem}.svg",
                         '<svg xmlns="http://www.w3.org/2000/svg" width="210" height="297">'
                         '<rect width="210" height="297" fill="#0b4a8b"/></svg>\n')
        corpus.write(f"content/bulletins/{year}/{number:02d}.md", "\n".join([
            "---", f"number: {number}", f"date: {day.isoformat()}", f"title: {quoted(heading)}",
            f"pdf: {stem}.pdf", *([f"cover: {stem}.svg"] if cover else []),
            f"topics: [{', '.join(rng.sample(ids, 3))}]", "contents:", *contents, "---", "",
            chain.paragraph(rng), ""]))
        corpus.bulletins += 1
