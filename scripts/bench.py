"""Benchmark the build at scale, stage by stage, against plain Material on the same pages.

    python scripts/bench.py                          # 1,000, 4,000 and 10,000 news posts (~15 min)
    python scripts/bench.py --news 4000 --procedures 200 --bulletins 18
    python scripts/bench.py --news 30 --procedures 5 --bulletins 2   # a quick try

For each number of news posts it writes a synthetic site into a temp folder: Vietnamese posts
(with diacritics, realistic front matter, topics, units, channel and `form:` posts, a few
pictures and drafts), procedure records with form templates, bulletin issues with their PDFs,
and one plan a year that this content satisfies, so the plan check is green. Then it measures:

- the core's stages inside one real `mkdocs build --strict` with the project's configuration
  (mkdocs.yml, theme overrides, hooks): load + validate, page generation, feeds, coverage
  (the plan check), HTML allow-list, search preparation, Pagefind; the rest is MkDocs/Material;
- the whole build (wall clock, as an editor waits for it), pages per second, peak memory (RSS)
  of the MkDocs process and of Pagefind;
- the content checker (scripts/check.py), wall clock;
- output size, and the bytes a browser fetches for a first search query, for each of the six
  queries of issue 7 pasted and typed (scripts/bench_search.py);
- the same Markdown pages (every page the build renders, as the hooks hand them to MkDocs)
  built as plain Material pages, in the same run: a docs folder and the project's mkdocs.yml
  without what is ours (hooks, theme overrides, extra CSS), so the same theme settings,
  Markdown extensions, nav and validation; optionally also with Material's search plugin;
- at 1,000 and 4,000 posts (--preview-at), the README's preview command (scripts/serve.py) on a
  free localhost port: seconds from saving a file to its page being served rebuilt, for edits of
  a post's, a procedure's and a bulletin's text, a post's title, a new post and its deletion.

Wall-clock seconds are what an editor waits; CPU seconds are printed beside them because they
hardly change when other programs share the cores. It prints numbers and asserts nothing.
"""

from __future__ import annotations

import argparse
import collections
import functools
import json
import os
import platform
import random
import re
import shutil
import signal
import socket
import statistics
import struct
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request
import zlib
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from pathlib import Path

PROJECT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(PROJECT))
sys.path.insert(0, str(PROJECT / "scripts"))

import yaml  # noqa: E402

from cchc.build import relocated_config  # noqa: E402
from cchc.search import INDEX_CHUNK_SIZE  # noqa: E402
from cchc.text import slugify  # noqa: E402

# 2023-01-01 00:00 in Vietnam: the build's moment; every synthetic year is over, so the plan
# check judges each plan whole (nothing pending) and every item must be done.
EPOCH = "1672506000"
LAST_YEAR = 2022
SITE_URL = "https://skhcn.quangngai.gov.vn/cchc/"
STATS_MARK = "@@bench "
MIN_POSTS_A_YEAR = 20  # the plan's 19 leaf topics, one post each, and its forms
PREVIEW_COMMAND = "`python scripts/serve.py`"  # the README's preview command
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
PROCEDURE_FIELDS = ["An toàn bức xạ và hạt nhân", "Chuyển giao công nghệ", "Hoạt động khoa học và công nghệ",
                    "Tiêu chuẩn đo lường chất lượng", "Sở hữu trí tuệ", "Năng lượng nguyên tử"]
PROCEDURE_ACTIONS = ["Cấp giấy chứng nhận đăng ký", "Cấp lại giấy phép", "Gia hạn giấy phép", "Đăng ký",
                     "Sửa đổi, bổ sung giấy chứng nhận", "Thẩm định", "Đánh giá, công nhận", "Khai báo"]
HEADINGS = ["Kết quả đạt được", "Một số khó khăn, vướng mắc", "Nhiệm vụ trọng tâm thời gian tới",
            "Đánh giá chung", "Đề xuất, kiến nghị", "Tổ chức thực hiện"]


# --- the project's configuration -------------------------------------------------------------

def project_config(**extra: str) -> str:
    """The project's mkdocs.yml, its paths made absolute (the same as the test sites use)."""
    return relocated_config(PROJECT, **extra)


def plain_config(search: bool) -> str:
    """mkdocs.yml for the plain Material build: the project's own settings (site, theme, Markdown
    extensions, nav, validation) without what is ours: no hooks, no theme overrides, no extra
    CSS; no plugins, or Material's search plugin."""
    text = (PROJECT / "mkdocs.yml").read_text(encoding="utf-8")
    text, hooks = re.subn(r"^hooks:\n(?:\s+- .*\n)+", "", text, flags=re.M)
    text, overrides = re.subn(r"^\s+custom_dir: .*\n", "", text, flags=re.M)
    text, css = re.subn(r"^extra_css:\n(?:\s+- .*\n)+", "", text, flags=re.M)
    text, plugins = re.subn(r"^plugins: .*$", f"plugins: {'[search]' if search else '[]'}", text, flags=re.M)
    if (hooks, overrides, css, plugins) != (1, 1, 1, 1):
        raise ValueError("mkdocs.yml changed shape: update plain_config in scripts/bench.py")
    return text


def build_environ() -> dict[str, str]:
    """The environment of every build: a fixed build moment, the plan check as of that day."""
    environ = {**os.environ, "SOURCE_DATE_EPOCH": EPOCH, "NO_MKDOCS_2_WARNING": "1",
               "PYTHONPATH": os.pathsep.join(filter(None, [str(PROJECT), os.environ.get("PYTHONPATH")]))}
    environ.pop("CCHC_AS_OF", None)
    return environ


# --- the synthetic corpus --------------------------------------------------------------------

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


@dataclass
class _Post:
    path: str
    title: str
    day: datetime


def _png(seed: int) -> bytes:
    """A small valid PNG (16 x 9, one colour): pictures beside a few posts."""
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
    colour = bytes([(seed * 37) % 256, (seed * 91) % 256, 120])
    rows = b"".join(b"\x00" + colour * 16 for _ in range(9))
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", 16, 9, 8, 2, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(rows)) + chunk(b"IEND", b""))


def _pdf(title: str) -> bytes:
    """A one-page PDF that names the issue (the bulletins' PDFs)."""
    text = title.encode("ascii", "replace")
    return (b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
            b"2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n"
            b"3 0 obj<</Type/Page/MediaBox[0 0 595 842]/Parent 2 0 R/Title(" + text + b")>>endobj\n"
            b"trailer<</Root 1 0 R>>\n%%EOF\n")


def _quoted(text: str) -> str:
    # JSON is YAML: any title or summary is safe in the front matter.
    return json.dumps(text, ensure_ascii=False)


def _title(chain, rng: random.Random, words: int = 20) -> str:
    text = chain.sentence(rng, words).rstrip(".").replace("<", "").replace(">", "").strip()
    text = text[:160].rsplit(" ", 1)[0] if len(text) > 160 else text
    return text if slugify(text) else "Tin hoạt động cải cách hành chính"


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


def _plan(year: int, quotas: dict[str, int]) -> str:
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
    return yaml.safe_dump(plan, allow_unicode=True, sort_keys=False, width=100)


def _split(total: int, parts: int) -> list[int]:
    return [total // parts + (1 if i < total % parts else 0) for i in range(parts)]


def _texts(folder: str) -> tuple[list[str], list[str]]:
    """Every text an editor wrote under content/<folder>: front-matter strings and bodies; and titles."""
    texts, titles = [], []

    def strings(value) -> list[str]:
        if isinstance(value, str):
            return [value]
        if isinstance(value, list):
            return [s for v in value for s in strings(v)]
        if isinstance(value, dict):
            return [s for v in value.values() for s in strings(v)]
        return []

    for path in sorted((PROJECT / "content" / folder).rglob("*.md")):
        _, front, body = path.read_text(encoding="utf-8").split("---", 2)
        meta = yaml.load(front, Loader=yaml.BaseLoader)
        titles += strings(meta.get("title") or meta.get("name"))
        texts += [s for s in strings(meta) if len(s.split()) > 4] + [body]
    return texts, titles


def write_corpus(root: Path, news: int, procedures: int, bulletins: int, years: int, seed: int = 9) -> Corpus:
    """Write a synthetic site under ``root``: content, plans and mkdocs.yml."""
    from bench_search import Chain  # the search benchmark's Vietnamese text generator

    rng = random.Random(seed)
    news_texts, titles = _texts("news")
    bulletin_texts, _ = _texts("bulletins")
    procedure_texts, _ = _texts("procedures")
    news_chain, procedure_chain = Chain(news_texts + bulletin_texts), Chain(procedure_texts)
    corpus = Corpus(root, list(range(LAST_YEAR - years + 1, LAST_YEAR + 1)))
    (root / "mkdocs.yml").write_text(project_config(), encoding="utf-8")
    content = root / "content"
    published: dict[int, list[_Post]] = {}

    def write(rel: str, data: str | bytes) -> None:
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(data, bytes):
            path.write_bytes(data)
        else:
            path.write_text(data, encoding="utf-8")
            corpus.markdown_bytes += len(data.encode()) if rel.endswith(".md") else 0
        corpus.files += 1

    bulletins_by_year = dict(zip(corpus.years, _split(bulletins, years)))
    for year, count in zip(corpus.years, _split(news, years)):
        if count < MIN_POSTS_A_YEAR:
            raise ValueError(f"{count} news posts in {year}: at least {MIN_POSTS_A_YEAR} a year are "
                             "needed to cover every topic of its plan; give more --news or fewer --years")
        # Each channel's quota: 12 a year (one a month) when there are enough posts.
        per_channel = min(12, count // 6)
        write(f"content/plans/{year}.yml", _plan(year, {"bulletin": bulletins_by_year[year],
                                                        **{c: per_channel for c in CHANNELS}}))
        plan = yaml.safe_load((content / f"plans/{year}.yml").read_text(encoding="utf-8"))
        ids = [t["id"] for t in plan["topics"]]
        leaves = [i for i in ids if not any(o.startswith(i + ".") for o in ids)]
        start = datetime(year, 1, 1, 7, 30)
        days = sorted(start + timedelta(minutes=rng.randrange(0, 365 * 24 * 60 - 600)) for _ in range(count))
        # Each form needs a post that names it, dated inside its window (III.4: Q2, III.6: Q4...).
        channel_slots = [(c, m) for c in CHANNELS for m in range(1, per_channel + 1)]
        form_of: dict[int, str] = {}
        others = count - len(channel_slots)
        for k, (form, month) in enumerate((("III.4", 5), ("III.5", 3), ("III.6", 11), ("III.1", 1), ("III.2", 2))):
            index = (k * 7919 + year) % others
            while index in form_of:
                index = (index + 1) % others
            form_of[index] = form
            days[index] = days[index].replace(month=month, day=min(days[index].day, 28))
        used: set[str] = set()
        for i, day in enumerate(days):
            channel = None
            if i >= count - len(channel_slots):
                channel, month = channel_slots[count - 1 - i]
                day = datetime(year, month, rng.randint(1, 28), 9, 0)
                title = (f"Chuyên mục Khoa học và Công nghệ {CHANNELS[channel]} tháng {month}/{year}: "
                         f"{_title(news_chain, rng, 12)}")[:190]
            else:
                title = rng.choice(titles) if rng.random() < 0.05 else _title(news_chain, rng)
            slug = slugify(title)[:80].strip("-") or "tin"
            round_ = 1
            while slug in used:
                round_ += 1
                slug = f"{slugify(title)[:80].strip('-')}-dot-{round_}"
            if round_ > 1:
                title = f"{title} (đợt {round_})"
            used.add(slug)
            topics = [leaves[i % len(leaves)]] if i < len(leaves) else rng.sample(ids, rng.randint(1, 3))
            draft = i >= len(leaves) and channel is None and i not in form_of and rng.random() < 0.01
            fields = [f"title: {_quoted(title)}",
                      f"date: {day:%Y-%m-%d}" + (f" {day:%H:%M}" if rng.random() < 0.6 else ""),
                      f"topics: [{', '.join(topics)}]",
                      f"summary: {_quoted(news_chain.sentence(rng, 35).replace('<', ''))}",
                      f"unit: {_quoted(rng.choice(UNITS))}"]
            if slugify(title) != slug or rng.random() < 0.03:
                fields.append(f"slug: {slug}")
            if channel:
                fields.append(f"channel: {channel}")
            if i in form_of:
                fields.append(f"form: {form_of[i]}")
            if draft:
                fields.append("draft: true")
            rel = f"content/news/{year}/{slug}.md"
            if rng.random() < 0.03:
                fields += [f"image: {slug}.png", f"image_alt: {_quoted(title[:80])}"]
                write(f"content/news/{year}/{slug}.png", _png(i))
            write(rel, "---\n" + "\n".join(fields) + "\n---\n\n" + _body(news_chain, rng, i))
            corpus.news += 1
            corpus.drafts += draft
            if not draft:
                published.setdefault(year, []).append(_Post(rel, title, day))

        # Bulletins: evenly through the year, each listing two earlier posts and one other article.
        for number in range(1, bulletins_by_year[year] + 1):
            day = date(year, 1, 1) + timedelta(days=int(364 * number / (bulletins_by_year[year] + 1)))
            earlier = [p for p in published.get(year, []) if p.day.date() <= day]
            chosen = rng.sample(earlier, min(2, len(earlier)))
            stem = f"ban-tin-cchc-so-{number:02d}-{year}"
            title = _title(news_chain, rng, 14)
            contents = [f"  - title: {_quoted(p.title)}\n    post: {p.path}" for p in chosen]
            contents.append(f"  - {_quoted(_title(news_chain, rng, 16))}")
            cover = number % 2 == 1
            write(f"content/bulletins/{year}/{stem}.pdf", _pdf(f"Ban tin so {number}/{year}"))
            if cover:
                write(f"content/bulletins/{year}/{stem}.svg",
                      '<svg xmlns="http://www.w3.org/2000/svg" width="210" height="297">'
                      '<rect width="210" height="297" fill="#0b4a8b"/></svg>\n')
            write(f"content/bulletins/{year}/{number:02d}.md", "\n".join([
                "---", f"number: {number}", f"date: {day.isoformat()}", f"title: {_quoted(title)}",
                f"pdf: {stem}.pdf", *([f"cover: {stem}.svg"] if cover else []),
                f"topics: [{', '.join(rng.sample(ids, 3))}]", "contents:", *contents, "---", "",
                news_chain.paragraph(rng), ""]))
            corpus.bulletins += 1

    sample = published[corpus.years[-1]][len(published[corpus.years[-1]]) // 2]
    corpus.sample_post = sample.path
    corpus.sample_url = f"tin-tuc/{sample.day.year}/{Path(sample.path).stem}/"
    _write_procedures(write, procedures, procedure_chain, rng)
    corpus.procedures = procedures
    return corpus


def _write_procedures(write, count: int, chain, rng: random.Random) -> None:
    """``count`` procedure records in folders by field, a form template in each folder; one in
    twenty abolished, one in twenty replaced by the record after it."""
    form = next(PROJECT.glob("content/procedures/*/*.docx")).read_bytes()
    for i in range(count):
        field = PROCEDURE_FIELDS[i % len(PROCEDURE_FIELDS)]
        folder = f"content/procedures/{slugify(field)}"
        if i < len(PROCEDURE_FIELDS):
            write(f"{folder}/don-de-nghi.docx", form)
        # The first has the code issue 7 searches for; the others are made up.
        code = "1.014393.000.00.00.H48" if i == 0 else f"{1 + i % 2}.{4000 + i:06d}.000.00.00.H48"
        announced = date(2016 + i % 6, 1 + i % 12, 1 + i % 28)
        status = "abolished" if i % 20 == 7 else ("replaced" if i % 20 == 13 and i + 1 < count else "active")
        decisions = [("new", announced)]
        if status != "active":
            decisions.append((status, announced + timedelta(days=200)))
        name = f"{PROCEDURE_ACTIONS[i % len(PROCEDURE_ACTIONS)]} {_title(chain, rng, 14).lower()}"
        steps = "\n".join(f"  - {_quoted(chain.sentence(rng, 25))}" for _ in range(rng.randint(2, 5)))
        dossier = "\n".join(
            f"  - name: {_quoted(_title(chain, rng, 10))}\n    {'originals' if k % 2 == 0 else 'copies'}: 1"
            + (f"\n    form: don-de-nghi.docx\n    form_name: {_quoted('Đơn đề nghị ' + name[:60])}" if k == 0 else "")
            for k in range(rng.randint(2, 5)))
        fee = f"{rng.randint(1, 16)}.000.000 đồng" if i % 3 == 0 else None
        lines = [
            "---", f"code: {code}", f"name: {_quoted(name)}", f"field: {field}", "level: Cấp tỉnh",
            f"online: {rng.choice(['toàn trình', 'một phần'])}", "steps:", steps,
            "submission:", "  - channel: Trực tiếp", "  - channel: Dịch vụ bưu chính", "  - channel: Trực tuyến",
            "dossier:", dossier, "dossier_count: 01 bộ",
            f"time_limit: {rng.randint(5, 30)} ngày làm việc kể từ ngày nhận đủ hồ sơ hợp lệ",
            "applicants: Tổ chức, cá nhân", "deciding_agency: Sở Khoa học và Công nghệ tỉnh Quảng Ngãi",
            "submit_at: Trung tâm Phục vụ hành chính công tỉnh Quảng Ngãi", f"result: {_quoted(_title(chain, rng, 8))}",
            *([f"fees: {fee}"] if fee else []),
            "legal_basis:", "  - number: 51/2013/QH13", "    summary: Luật Khoa học và Công nghệ",
            "    date: 2013-06-18", "    issuer: Quốc hội",
            "announced:", *[f"  - number: {100 + i}/QĐ-UBND\n    date: {d.isoformat()}\n    kind: {kind}\n"
                            f"    issuer: Chủ tịch Ủy ban nhân dân tỉnh Quảng Ngãi" for kind, d in decisions],
            f"updated: {(decisions[-1][1] + timedelta(days=10)).isoformat()}",
            *([f"status: {status}"] if status != "active" else []),
            *([f"replaced_by: {1 + (i + 1) % 2}.{4000 + i + 1:06d}"] if status == "replaced" else []),
            "---", "", chain.paragraph(rng) if i % 4 == 0 else "", ""]
        write(f"{folder}/{slugify(name)[:70].strip('-')}-{i}.md", "\n".join(lines))


def write_plain_docs(corpus: Corpus, plain: Path, search: bool) -> int:
    """The pages of the real build, as the hooks hand them to MkDocs, as a plain docs folder.

    Every Markdown page (posts, procedures, bulletins, generated listings), the files published
    beside them and the project's hand-written docs; returns the number of Markdown pages.
    """
    from cchc.build import Build
    from cchc.config import options_from
    from cchc.dates import build_time

    environ = build_environ()
    config = yaml.load((PROJECT / "mkdocs.yml").read_text(encoding="utf-8"), Loader=_IgnoreTags)
    build = Build(corpus.root, options_from(config["extra"].get("cchc"), config["site_name"], SITE_URL,
                                            environ), build_time(environ))
    build.load()
    docs = plain / "docs"
    shutil.copytree(PROJECT / "docs", docs)
    pages = len(list((PROJECT / "docs").rglob("*.md")))
    for source in build.files:
        if source.src_uri.endswith(".md"):
            target = docs / (source.dest_uri.removesuffix(".html") + ".md")
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(build.page_source(source.src_uri), encoding="utf-8")
            pages += 1
        else:
            target = docs / source.dest_uri
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(corpus.root / source.src_uri, target)
    for page in build.pages:
        target = docs / page.src_uri
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(page.content, encoding="utf-8")
        pages += 1
    (plain / "mkdocs.yml").write_text(plain_config(search), encoding="utf-8")
    return pages


class _IgnoreTags(yaml.SafeLoader):
    """Reads mkdocs.yml for its settings; `!!python/name:` values are kept as text."""


_IgnoreTags.add_multi_constructor("tag:yaml.org,2002:python/", lambda loader, suffix, node: suffix)


# --- one instrumented MkDocs run (in a child process) ----------------------------------------

def _instrumented(argv: list[str]) -> int:
    """Run MkDocs (``argv`` as for the mkdocs command) with the core's stages timed.

    After each build, one line `@@bench {json}` on stderr: seconds per stage, pages built,
    peak memory of this process and of its children (Pagefind).
    """
    import resource

    import cchc.build as core_build
    import cchc.search as search
    import mkdocs.commands.build as mkdocs_build
    import mkdocs.commands.serve as mkdocs_serve
    import mkdocs.structure.pages as mkdocs_pages
    from mkdocs.__main__ import cli

    seconds: dict[str, float] = collections.defaultdict(float)
    cpu: dict[str, float] = collections.defaultdict(float)
    counts: dict[str, int] = collections.defaultdict(int)

    def timed(name, function):
        @functools.wraps(function)
        def wrapper(*args, **kwargs):
            started, started_cpu = time.perf_counter(), time.process_time()
            try:
                return function(*args, **kwargs)
            finally:
                seconds[name] += time.perf_counter() - started
                cpu[name] += time.process_time() - started_cpu
                counts[name] += 1
        return wrapper

    # Names are looked up at call time, so the wrapped ones are the ones called; each is wrapped
    # where the caller finds it (a module that imported it, or the module it comes from).
    stages = [(core_build, "load_site", "load"), (core_build, "feed_files", "feeds"),
              (core_build, "embed_files", "feeds"), (core_build, "coverages", "coverage"),
              (core_build.Build, "load", "build_load"), (core_build.Build, "page_source", "page_sources"),
              (core_build, "sanitize_html", "sanitize"), (core_build, "limit_indexed_text", "search_prep"),
              (search, "limit_indexed_text", "search_prep"), (search, "search_meta", "search_meta"),
              (search, "index_site", "pagefind"), (mkdocs_pages.Page, "render", "markdown")]
    for owner, name, stage in stages:
        if hasattr(owner, name):
            setattr(owner, name, timed(stage, getattr(owner, name)))
    mkdocs_build._build_page = timed("pages_built", mkdocs_build._build_page)
    build = mkdocs_build.build

    def measured_build(*args, **kwargs):
        seconds.clear()
        cpu.clear()
        counts.clear()
        started, started_cpu = time.perf_counter(), time.process_time()
        try:
            build(*args, **kwargs)
        finally:
            cpu["build"] = time.process_time() - started_cpu
            me, children = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
            stats = {"seconds": dict(seconds, build=time.perf_counter() - started), "counts": dict(counts),
                     "stage_cpu": dict(cpu),
                     "maxrss_mb": me.ru_maxrss / 1024, "children_maxrss_mb": children.ru_maxrss / 1024,
                     # CPU seconds of the whole process (start-up too) and of Pagefind: the same
                     # work costs the same CPU when other programs compete for the cores.
                     "cpu": me.ru_utime + me.ru_stime, "children_cpu": children.ru_utime + children.ru_stime}
            print(STATS_MARK + json.dumps(stats), file=sys.stderr, flush=True)

    mkdocs_build.build = mkdocs_serve.build = measured_build
    try:
        cli.main(args=argv, prog_name="mkdocs", standalone_mode=False)
    except SystemExit as error:  # MkDocs' Abort: "Aborted with 2 errors in strict mode!"
        if not isinstance(error.code, int):
            print(error.code, file=sys.stderr)
        return error.code if isinstance(error.code, int) else 1
    except Exception as error:  # a failed build: the log above says why
        print(f"build failed: {error}", file=sys.stderr)
        return 1
    return 0


@dataclass
class Run:
    """One MkDocs build: wall seconds, its stats line, the log."""

    wall: float
    stats: dict
    log: str
    returncode: int


def _stats_lines(log: str) -> list[dict]:
    return [json.loads(line[len(STATS_MARK):]) for line in log.splitlines() if line.startswith(STATS_MARK)]


def mkdocs_build(folder: Path, site: Path, strict: bool = True) -> Run:
    """`mkdocs build` in ``folder`` in a fresh process, timed from start to exit."""
    command = [sys.executable, __file__, "--mkdocs", "build", "-d", str(site)] + (["--strict"] if strict else [])
    started = time.perf_counter()
    done = subprocess.run(command, cwd=folder, env=build_environ(), capture_output=True, text=True)
    wall = time.perf_counter() - started
    log = done.stdout + done.stderr
    stats = _stats_lines(log)
    return Run(wall, stats[-1] if stats else {}, log, done.returncode)


def run_checker(root: Path) -> tuple[float, int, str]:
    """scripts/check.py on the content under ``root``: wall seconds, exit code, last line."""
    started = time.perf_counter()
    done = subprocess.run([sys.executable, str(PROJECT / "scripts/check.py"), "--root", str(root)],
                          env=build_environ(), capture_output=True, text=True)
    lines = (done.stdout + done.stderr).strip().splitlines()
    return time.perf_counter() - started, done.returncode, lines[-1] if lines else ""


# --- preview: scripts/serve.py ---------------------------------------------------------------

def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class _Server:
    """The README's preview command (scripts/serve.py) in a folder, started by us on a free
    localhost port; its log, timestamped."""

    def __init__(self, folder: Path):
        self.port = _free_port()
        command = [sys.executable, str(PROJECT / "scripts/serve.py"), "-a", f"127.0.0.1:{self.port}"]
        self.process = subprocess.Popen(command, cwd=folder, env=build_environ(), stdout=subprocess.DEVNULL,
                                        stderr=subprocess.PIPE, text=True)
        self.lines: list[tuple[float, str]] = []
        self._lock = threading.Condition()
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self) -> None:
        for line in self.process.stderr:
            with self._lock:
                self.lines.append((time.perf_counter(), line.rstrip("\n")))
                self._lock.notify_all()

    def wait_for(self, text: str, after: float, timeout: float) -> tuple[float, str] | None:
        """The first log line containing ``text`` logged after ``after``, waiting up to ``timeout``."""
        deadline = time.perf_counter() + timeout
        with self._lock:
            while True:
                found = next(((t, line) for t, line in self.lines if t >= after and text in line), None)
                if found or self.process.poll() is not None or time.perf_counter() > deadline:
                    return found
                self._lock.wait(0.2)

    def url(self, path: str) -> str:
        """The served address of a site-relative page."""
        return f"http://127.0.0.1:{self.port}/cchc/{path}"

    def stop(self) -> None:
        """Stop the server we started (Ctrl-C, as an editor stops it: it removes its temp folder)."""
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGINT)
            try:
                self.process.wait(30)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()


def _get(url: str) -> str | None:
    """The page at ``url``, or None if it is not found."""
    try:
        with urllib.request.urlopen(url, timeout=600) as response:
            return response.read().decode("utf-8")
    except urllib.error.HTTPError as error:
        if error.code == 404:
            return None
        raise


_REBUILT = re.compile(r"preview: (\w+) rebuild in ([\d.]+) s: (\d+) page\(s\) rendered, \d+ output\(s\) deleted(?: \(([^()]*)\))?$")


def _edits(corpus: Corpus, edits: int) -> list[tuple[str, Path, str, callable]]:
    """The saves measured: (kind, file, page, change) where change(text, marker) is the file's new
    text (None: delete it), and the page shows the marker once rebuilt (or is gone)."""
    from cchc.build import Build
    from cchc.config import options_from
    from cchc.dates import build_time

    environ = build_environ()
    build = Build(corpus.root, options_from(None, "bench", SITE_URL, environ), build_time(environ))
    site = build.load()
    procedure = site.procedures[len(site.procedures) // 2]
    bulletin = site.bulletins[len(site.bulletins) // 2]
    post = corpus.root / corpus.sample_post
    new_post = post.with_name("tin-moi-xem-truoc.md")
    new_url = f"{corpus.sample_url.rsplit('/', 2)[0]}/tin-moi-xem-truoc/"

    def append(text, marker):
        return text + f"\n\n{marker}\n"

    def retitle(text, marker):  # the URL stays: the slug is kept (or given, if it came from the title)
        slug = "" if re.search(r"^slug: ", text, flags=re.M) else f"\nslug: {Path(corpus.sample_post).stem}"
        return re.sub(r"^title: .*$", f"title: \"Tin {marker}\"{slug}", text, count=1, flags=re.M)

    def create(text, marker):
        text = re.sub(r"^slug: .*\n", "", text, flags=re.M)
        return re.sub(r"^title: .*$", f"title: \"Tin mới {marker}\"\nslug: tin-moi-xem-truoc", text,
                      count=1, flags=re.M)

    return ([("post text", post, corpus.sample_url, append)] * edits
            + [("procedure text", corpus.root / procedure.source, procedure.url, append)] * edits
            + [("bulletin text", corpus.root / bulletin.source, bulletin.url, append)] * edits
            + [("post title", post, corpus.sample_url, retitle),
               ("new post", new_post, new_url, lambda text, marker: create(post.read_text(encoding="utf-8"), marker)),
               ("deleted post", new_post, new_url, lambda text, marker: None)])


def measure_preview(corpus: Corpus, edits: int = 3) -> dict:
    """Seconds from saving a file to its page being served rebuilt, with the README's preview
    command: edits of a post's, a procedure's and a bulletin's text, a post's title (its
    listings change), a new post and its deletion."""
    server = _Server(corpus.root)
    originals: dict[Path, str | None] = {}
    try:
        started = time.perf_counter()
        if not server.wait_for("Serving on", 0, 1200):
            return {"error": "the preview did not start: " + " / ".join(line for _, line in server.lines[-5:])}
        first = time.perf_counter() - started
        samples = []
        for number, (kind, path, page, change) in enumerate(_edits(corpus, edits)):
            if path not in originals:
                originals[path] = path.read_text(encoding="utf-8") if path.exists() else None
            _get(server.url(page))
            time.sleep(1.0)  # let the watcher settle after the last build
            marker = f"Đoạn kiểm tra xem trước số {number} {time.time_ns()}"
            text = change(originals[path] or "", marker)
            saved = time.perf_counter()
            if text is None:
                path.unlink()
            else:
                path.write_text(text, encoding="utf-8")
            # A request waits while the server rebuilds, so the page is asked for until it shows the change.
            while True:
                served_page = _get(server.url(page))
                if (served_page is None) if text is None else (served_page is not None and marker in served_page):
                    break
                if server.process.poll() is not None or time.perf_counter() - saved > 600:
                    return {"error": f"{kind}: the page was not rebuilt: "
                            + " / ".join(line for _, line in server.lines[-5:]), "samples": samples}
                time.sleep(0.02)
            served = time.perf_counter() - saved
            rebuilt = server.wait_for("rebuild in", saved, 60)
            found = _REBUILT.search(rebuilt[1]) if rebuilt else None
            samples.append({"kind": kind, "served": served, "rebuild": found.group(1) if found else "?",
                            "seconds": float(found.group(2)) if found else 0.0,
                            "pages_rendered": int(found.group(3)) if found else 0,
                            "stages": found.group(4) or "" if found else ""})
            print(f"  preview, {kind}: {served:.2f} s ({rebuilt[1].split('preview: ')[-1] if rebuilt else '?'})",
                  file=sys.stderr, flush=True)
            if kind in ("post text", "procedure text", "bulletin text") and samples[-1]["rebuild"] == "?":
                break
        return {"first_build": first, "samples": samples}
    finally:
        for path, text in originals.items():
            if text is None:
                path.unlink(missing_ok=True)
            else:
                path.write_text(text, encoding="utf-8")
        server.stop()


# --- search and output size ------------------------------------------------------------------

def output_size(site: Path) -> dict[str, int]:
    """Files and bytes of the built site, and of the Pagefind bundle inside it."""
    from cchc.search import BUNDLE_DIR

    files = [p for p in site.rglob("*") if p.is_file()]
    bundle = [p for p in files if p.relative_to(site).parts[0] == BUNDLE_DIR]
    return {"files": len(files), "bytes": sum(p.stat().st_size for p in files),
            "html": sum(1 for p in files if p.suffix == ".html"),
            "search_bytes": sum(p.stat().st_size for p in bundle)}


def first_query_bytes(site: Path, page: str) -> dict | str:
    """Bytes a fresh browser fetches for a first search query on ``page``, for each of the
    issue's queries, pasted and typed (bench_search's measure): the largest, with all of them."""
    try:
        from bench_search import QUERIES, browser_bytes
        rows = browser_bytes(site, QUERIES, page_path=page)
    except Exception as error:  # no browser on this machine: say so, measure the rest
        return f"not measured ({type(error).__name__}: {str(error).splitlines()[0] if str(error) else ''})"
    return {**max(rows, key=lambda row: row["query_gzip"]), "all": rows}


# --- the report ------------------------------------------------------------------------------

def mb(n: float) -> str:
    """Bytes as megabytes, one decimal."""
    return f"{n / 1024 / 1024:,.1f} MB"


def kb(n: float) -> str:
    """Bytes as whole kilobytes."""
    return f"{n / 1024:,.0f} KB"


@dataclass
class Result:
    """Everything measured at one size."""

    corpus: Corpus
    ours: Run
    plain: Run
    plain_pages: int
    lunr: Run | None
    checker: tuple[float, int, str]
    size: dict
    query: dict | str
    preview: dict = field(default_factory=dict)

    def stage(self, name: str, cpu: bool = False) -> float:
        """Seconds (or CPU seconds) of a stage of our build; see _instrumented for the names."""
        return self.ours.stats.get("stage_cpu" if cpu else "seconds", {}).get(name, 0.0)

    def core(self, cpu: bool = False) -> float:
        """Load + validate + feeds + coverage, in the build."""
        return sum(self.stage(name, cpu) for name in ("load", "feeds", "coverage"))

    def page_generation(self, cpu: bool = False) -> float:
        """Listing pages (made when the build loads) and every page's Markdown (made when read)."""
        return self.stage("build_load", cpu) - self.core(cpu) + self.stage("page_sources", cpu)

    def search_preparation(self, cpu: bool = False) -> float:
        """Marking what Pagefind indexes, and each page's search metadata."""
        return self.stage("search_prep", cpu) + self.stage("search_meta", cpu)

    def mkdocs_rest(self, cpu: bool = False) -> float:
        """What is left of the build: MkDocs, Python-Markdown and Material's templates."""
        ours = sum(self.stage(name, cpu) for name in ("build_load", "page_sources", "sanitize"))
        pagefind = 0.0 if cpu else self.stage("pagefind")  # Pagefind's CPU is its own process's
        return self.stage("build", cpu) - ours - self.search_preparation(cpu) - pagefind

    @property
    def pages(self) -> int:
        """Pages MkDocs rendered."""
        return self.ours.stats.get("counts", {}).get("pages_built", 0)

    @property
    def without_pagefind(self) -> float:
        """Wall seconds of the build less Pagefind's."""
        return self.ours.wall - self.stage("pagefind")

    @property
    def memory_ratio(self) -> float:
        """Peak RSS of our MkDocs process over plain Material's."""
        return self.ours.stats.get("maxrss_mb", 0) / max(self.plain.stats.get("maxrss_mb", 0), 1)


def _ratio(a: float, b: float) -> str:
    return f"{a / b:.2f}" if b else "–"


def print_result(r: Result) -> None:
    """The numbers of one size, as a block of text."""
    plain_pages = r.plain.stats.get("counts", {}).get("pages_built", 0)
    ours_cpu, plain_cpu = r.ours.stats.get("cpu", 0), r.plain.stats.get("cpu", 0)
    print(f"\n== {r.corpus.news:,} news posts ({r.corpus.drafts} drafts), {r.corpus.procedures} procedures, "
          f"{r.corpus.bulletins} bulletins, {len(r.corpus.years)} plan year(s); {mb(r.corpus.markdown_bytes)} of "
          f"Markdown; {r.pages:,} pages built ==")
    print("stages of the build            wall s    CPU s")
    rows = [("load + validate", r.stage("load"), r.stage("load", True)),
            ("page generation", r.page_generation(), r.page_generation(True)),
            ("feeds", r.stage("feeds"), r.stage("feeds", True)),
            ("coverage (plan check)", r.stage("coverage"), r.stage("coverage", True)),
            ("load+validate+feeds+coverage", r.core(), r.core(True)),
            ("HTML allow-list", r.stage("sanitize"), r.stage("sanitize", True)),
            ("search preparation", r.search_preparation(), r.search_preparation(True)),
            ("MkDocs + Material (the rest)", r.mkdocs_rest(), r.mkdocs_rest(True)),
            ("Pagefind", r.stage("pagefind"), r.ours.stats.get("children_cpu", 0))]
    for label, wall, cpu in rows:
        print(f"  {label:<28} {wall:8.2f} {cpu:8.2f}")
    print("  (target: load+validate+feeds+coverage <= 2 s at 10,000 posts)")
    print("whole build                    wall s    CPU s   pages/s")
    print(f"  ours, mkdocs build --strict  {r.ours.wall:8.2f} {ours_cpu + r.ours.stats.get('children_cpu', 0):8.2f} "
          f"{r.pages / r.ours.wall:8.0f}   exit {r.ours.returncode}")
    print(f"  ours without Pagefind        {r.without_pagefind:8.2f} {ours_cpu:8.2f} {r.pages / r.without_pagefind:8.0f}")
    print(f"  plain Material, same pages   {r.plain.wall:8.2f} {plain_cpu:8.2f} {plain_pages / r.plain.wall:8.0f}   "
          f"({plain_pages:,} pages)")
    if r.lunr:
        print(f"  plain Material + its search  {r.lunr.wall:8.2f} {r.lunr.stats.get('cpu', 0):8.2f}")
    print(f"  ratio ours / plain: {_ratio(r.ours.wall, r.plain.wall)}; without Pagefind "
          f"{_ratio(r.without_pagefind, r.plain.wall)} (CPU {_ratio(ours_cpu, plain_cpu)})"
          + (f"; ours / plain with Material's search {_ratio(r.ours.wall, r.lunr.wall)}" if r.lunr else "")
          + " (target <= 1.15)")
    print(f"peak memory (RSS): MkDocs process {r.ours.stats.get('maxrss_mb', 0):,.0f} MB, plain Material "
          f"{r.plain.stats.get('maxrss_mb', 0):,.0f} MB, ratio {r.memory_ratio:.2f} (target <= 1.3); Pagefind "
          f"{r.size['pagefind_peak_mb']:,.0f} MB (its own process, run again alone)")
    seconds, code, line = r.checker
    print(f"checker: scripts/check.py {seconds:.2f} s wall, exit {code} (target <= 3 s): {line}")
    print(f"output: {r.size['files']:,} files, {mb(r.size['bytes'])}; {r.size['html']:,} HTML, "
          f"{r.size['indexed_pages']:,} of them indexed for search; "
          f"search bundle {mb(r.size['search_bytes'])}")
    if isinstance(r.query, dict):
        for row in r.query["all"]:
            print(f"first search query {row['query']!r}, {row['mode']}: {kb(row['query_gzip'])} gzip "
                  f"({kb(row['query_raw'])} raw, {row['query_requests']} requests), "
                  + (f"{row['results']} results shown" if row["finished"] else
                     "timed out before results were shown: a lower bound"))
        print(f"largest first query: {r.query['query']!r}, {r.query['mode']}, {kb(r.query['query_gzip'])} gzip; "
              f"on page open {kb(r.query['open_gzip'])} gzip, {kb(r.query['open_index_bytes'])} of it index")
    else:
        print(f"first search query: {r.query}")
    if r.preview:
        preview = r.preview
        if "error" in preview:
            print(f"preview ({PREVIEW_COMMAND.strip('`')}): {preview['error']}")
        else:
            print(f"preview ({PREVIEW_COMMAND.strip('`')}): first build {preview['first_build']:.1f} s "
                  f"(search index included); save -> page served rebuilt:")
            for kind in dict.fromkeys(x["kind"] for x in preview["samples"]):
                rows = [x for x in preview["samples"] if x["kind"] == kind]
                served = [x["served"] for x in rows]
                last = rows[-1]
                print(f"  {kind:<15} median {statistics.median(served):5.2f} s, worst {max(served):5.2f} s "
                      f"({', '.join(f'{x:.2f}' for x in served)}); the last: {last['rebuild']} rebuild "
                      f"{last['seconds']:.2f} s, {last['pages_rendered']} page(s) rendered"
                      + (f" ({last['stages']})" if last["stages"] else ""))
            served = [x["served"] for x in preview["samples"]]
            print(f"  all saves       median {statistics.median(served):5.2f} s, worst {max(served):5.2f} s (target <= 2 s)")


def markdown_table(results: list[Result]) -> str:
    """The results as a Markdown table, one column per size (for dev/benchmark.md)."""
    rows: list[tuple[str, list[str]]] = []

    def row(label: str, values) -> None:
        rows.append((label, list(values)))

    def both(wall: float, cpu: float) -> str:
        return f"{wall:.2f} ({cpu:.2f})"

    row("Pages built", (f"{r.pages:,}" for r in results))
    row("Load + validate, s (CPU s)", (both(r.stage("load"), r.stage("load", True)) for r in results))
    row("Page generation", (both(r.page_generation(), r.page_generation(True)) for r in results))
    row("Feeds", (both(r.stage("feeds"), r.stage("feeds", True)) for r in results))
    row("Coverage (the plan check)", (both(r.stage("coverage"), r.stage("coverage", True)) for r in results))
    row("**Load + validate + feeds + coverage** (≤ 2 s at 10,000)", (f"**{both(r.core(), r.core(True))}**" for r in results))
    row("HTML allow-list (nh3)", (both(r.stage("sanitize"), r.stage("sanitize", True)) for r in results))
    row("Search preparation in pages", (both(r.search_preparation(), r.search_preparation(True)) for r in results))
    row("MkDocs + Material (rest of the build)", (both(r.mkdocs_rest(), r.mkdocs_rest(True)) for r in results))
    row("Pagefind indexing (its own process)",
        (both(r.stage("pagefind"), r.ours.stats.get("children_cpu", 0)) for r in results))
    row("**Whole `mkdocs build --strict`**", (f"**{r.ours.wall:.1f}**" for r in results))
    row("… without Pagefind", (f"{r.without_pagefind:.1f}" for r in results))
    row("Plain Material, same pages", (f"{r.plain.wall:.1f}" for r in results))
    if all(r.lunr for r in results):
        row("Plain Material + its search plugin", (f"{r.lunr.wall:.1f}" for r in results))
    row("**Ratio ours / plain** (≤ 1.15)", (f"**{_ratio(r.ours.wall, r.plain.wall)}**" for r in results))
    row("Ratio without Pagefind / plain (CPU)", (
        f"{_ratio(r.without_pagefind, r.plain.wall)} ({_ratio(r.ours.stats.get('cpu', 0), r.plain.stats.get('cpu', 0))})"
        for r in results))
    if all(r.lunr for r in results):
        row("Ratio ours / plain with its search", (_ratio(r.ours.wall, r.lunr.wall) for r in results))
    row("Pages per second, ours / plain", (
        f"{r.pages / r.ours.wall:.0f} / {r.plain.stats.get('counts', {}).get('pages_built', 0) / r.plain.wall:.0f}"
        for r in results))
    row("Peak RSS of MkDocs, ours / plain (MB)", (
        f"{r.ours.stats.get('maxrss_mb', 0):,.0f} / {r.plain.stats.get('maxrss_mb', 0):,.0f}" for r in results))
    row("**Memory ratio** (≤ 1.3)", (f"**{r.memory_ratio:.2f}**" for r in results))
    row("Peak RSS of Pagefind, run alone (MB)", (f"{r.size['pagefind_peak_mb']:,.0f}" for r in results))
    row("Pages indexed for search", (f"{r.size['indexed_pages']:,}" for r in results))
    row("**Checker, `scripts/check.py`** (≤ 3 s)", (f"**{r.checker[0]:.2f}**" for r in results))
    row("Output: files / MB", (f"{r.size['files']:,} / {r.size['bytes'] / 1024 / 1024:,.0f}" for r in results))
    row("Search bundle (MB)", (f"{r.size['search_bytes'] / 1024 / 1024:,.1f}" for r in results))
    row("Largest first search query: KB fetched, gzip (≤ 300)", (
        f"{r.query['query_gzip'] / 1024:,.0f} (“{r.query['query']}”, {r.query['mode']})"
        if isinstance(r.query, dict) else "–" for r in results))
    if any("samples" in r.preview for r in results):
        kinds = list(dict.fromkeys(x["kind"] for r in results for x in r.preview.get("samples", [])))
        for kind in kinds:
            row(f"Preview, {kind}: save → page served, median / worst s", (
                "{:.2f} / {:.2f}".format(statistics.median(served), max(served))
                if (served := [x["served"] for x in r.preview.get("samples", []) if x["kind"] == kind]) else "–"
                for r in results))
        row(f"**Preview**, every save above, {PREVIEW_COMMAND}: median / worst (≤ 2 s)", (
            "**{:.2f} / {:.2f}**".format(statistics.median(served), max(served))
            if (served := [x["served"] for x in r.preview.get("samples", [])]) else "–" for r in results))
    lines = ["| News posts | " + " | ".join(f"{r.corpus.news:,}" for r in results) + " |",
             "| --- |" + " ---: |" * len(results)]
    lines += [f"| {label} | " + " | ".join(values) + " |" for label, values in rows]
    return "\n".join(lines)


def machine() -> str:
    """One line about the machine the numbers come from."""
    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
        memory = next(int(l.split()[1]) for l in Path("/proc/meminfo").read_text().splitlines()
                      if l.startswith("MemTotal")) / 1024 / 1024
    except (OSError, StopIteration):
        memory = 0
    import markdown
    import material
    import mkdocs
    return (f"{os.cpu_count()} cores ({cpu}), {memory:.0f} GB RAM, {platform.system()} {platform.release()}; "
            f"Python {platform.python_version()}, MkDocs {mkdocs.__version__}, Material {material.__version__}, "
            f"Python-Markdown {markdown.__version__}, PyYAML {yaml.__version__} "
            f"(libyaml {'yes' if yaml.__with_libyaml__ else 'no'})")


# --- main ------------------------------------------------------------------------------------

def measure(news: int, args: argparse.Namespace, workdir: Path, preview: bool) -> Result:
    """Write, build and measure one size."""
    folder = workdir / f"news-{news}"
    if folder.exists():
        shutil.rmtree(folder)
    root = folder / "ours"
    root.mkdir(parents=True)
    print(f"[{news:,} posts] writing the corpus...", file=sys.stderr, flush=True)
    corpus = write_corpus(root, news, args.procedures, args.bulletins, args.years if news >= 60 * args.years else 1)
    plain = folder / "plain"
    plain.mkdir()
    plain_pages = write_plain_docs(corpus, plain, search=False)
    print(f"[{news:,} posts] checker, build, plain build...", file=sys.stderr, flush=True)
    checker = min((run_checker(root) for _ in range(args.repeat)), key=lambda run: run[0])
    ours_runs, plain_runs = [], []
    for _ in range(args.repeat):  # alternated, so that a busy moment weighs on both alike
        ours_runs.append(mkdocs_build(root, folder / "site"))
        if ours_runs[-1].returncode != 0:
            print(ours_runs[-1].log[-5000:], file=sys.stderr)
            raise SystemExit(f"the build of {news} posts failed (exit {ours_runs[-1].returncode}); see the log above")
        plain_runs.append(mkdocs_build(plain, folder / "site-plain", strict=False))
        if plain_runs[-1].returncode != 0:
            print(plain_runs[-1].log[-5000:], file=sys.stderr)
            raise SystemExit("the plain Material build failed")
    ours, plain_run = (min(runs, key=lambda run: run.wall) for runs in (ours_runs, plain_runs))
    lunr = None
    if args.material_search:
        (plain / "mkdocs.yml").write_text(plain_config(search=True), encoding="utf-8")
        lunr = mkdocs_build(plain, folder / "site-lunr", strict=False)
    size = output_size(folder / "site")
    # Pagefind's peak memory, from a run of its own: the build's child processes start as forks
    # of the MkDocs process, so their peak is never below the build's own.
    from bench_search import index_with_peak_memory
    size["indexed_pages"], _, size["pagefind_peak_mb"] = index_with_peak_memory(folder / "site", INDEX_CHUNK_SIZE)
    query = first_query_bytes(folder / "site", corpus.sample_url) if not args.no_browser else "not measured (--no-browser)"
    result = Result(corpus, ours, plain_run, plain_pages, lunr, checker, size, query)
    if preview:
        print(f"[{news:,} posts] preview...", file=sys.stderr, flush=True)
        result.preview = measure_preview(corpus, edits=args.edits)
    if not args.keep:
        shutil.rmtree(folder, ignore_errors=True)
    return result


def main(argv: list[str] | None = None) -> int:
    """Measure each size asked for and print the results; ``--mkdocs ...`` is one timed MkDocs run."""
    argv = sys.argv[1:] if argv is None else argv
    if argv[:1] == ["--mkdocs"]:
        return _instrumented(argv[1:])
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--news", type=int, nargs="+", default=[1000, 4000, 10000],
                        help="numbers of news posts, one site each (default: 1000 4000 10000)")
    parser.add_argument("--procedures", type=int, default=200, help="procedure records (default: 200)")
    parser.add_argument("--bulletins", type=int, default=18, help="bulletin issues (default: 18, six a year)")
    parser.add_argument("--years", type=int, default=3, help="plan years the content spans (default: 3)")
    parser.add_argument("--preview-at", type=int, nargs="+", default=[1000, 4000],
                        help="measure the preview (scripts/serve.py) at these numbers of posts, if among --news "
                             "(default: 1000 4000); 0: never")
    parser.add_argument("--edits", type=int, default=3,
                        help="saves measured for each kind of text edit (default: 3)")
    parser.add_argument("--no-browser", action="store_true", help="skip the first-query measurement in Chromium")
    parser.add_argument("--no-material-search", dest="material_search", action="store_false",
                        help="skip the plain build with Material's search plugin (lunr)")
    parser.add_argument("--repeat", type=int, default=1,
                        help="build ours and plain this many times each, alternately, and keep the fastest")
    parser.add_argument("--keep", type=Path, help="work in this folder and keep the sites")
    parser.add_argument("--markdown", type=Path, help="also write the results table (Markdown) to this file")
    args = parser.parse_args(argv)
    workdir = args.keep or Path(tempfile.mkdtemp(prefix="bench-build-"))
    started = datetime.now()
    print(f"date: {started:%Y-%m-%d %H:%M}")
    print(f"machine: {machine()}")
    print(f"command: python scripts/bench.py {' '.join(argv)}".rstrip())
    results = []
    try:
        for news in args.news:
            result = measure(news, args, workdir, preview=news in args.preview_at)
            print_result(result)
            results.append(result)
    finally:
        if not args.keep:
            shutil.rmtree(workdir, ignore_errors=True)
    table = markdown_table(results)
    print("\n" + table)
    if args.markdown:
        args.markdown.write_text(f"<!-- {started:%Y-%m-%d}; {machine()} -->\n{table}\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
