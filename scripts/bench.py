"""Benchmark the build at scale, stage by stage, against plain Material on the same pages.

    python scripts/bench.py                                    # 1,000, 4,000 and 10,000 news posts
    python scripts/bench.py --news 4000 --procedures 200 --bulletins 18
    python scripts/bench.py --news 30 --procedures 5 --bulletins 2 --years 1   # a quick try

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
- output size, and the bytes a browser fetches for a first search query (scripts/bench_search.py);
- the same Markdown pages (every page the build renders, as the hooks hand them to MkDocs)
  built as plain Material pages: a docs folder, a minimal mkdocs.yml with theme material, the
  same Markdown extensions and nav, no hooks, no overrides; optionally with Material's search;
- at one size, `mkdocs serve` (with and without --dirty): seconds from saving one post to its
  page being served rebuilt.

It prints numbers and asserts nothing: timings vary from machine to machine.
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
import urllib.request
import zlib
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from pathlib import Path

PROJECT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(PROJECT))
sys.path.insert(0, str(PROJECT / "scripts"))

import yaml  # noqa: E402

from cchc.text import slugify  # noqa: E402

# 2023-01-01 00:00 in Vietnam: the build's moment; every synthetic year is over, so the plan
# check judges each plan whole (nothing pending) and every item must be done.
EPOCH = "1672506000"
LAST_YEAR = 2022
SITE_URL = "https://skhcn.quangngai.gov.vn/cchc/"
FIRST_QUERY = "thu tuc hanh chinh"
STATS_MARK = "@@bench "
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
    """The project's mkdocs.yml with its relative paths (docs, overrides, hooks) made absolute,
    so that a site in another folder builds with the project's real configuration (the same
    idea as tests/conftest.py's site_config)."""
    text = (PROJECT / "mkdocs.yml").read_text(encoding="utf-8")
    text = text.replace("docs_dir: docs", f"docs_dir: {PROJECT / 'docs'}")
    text = text.replace("custom_dir: overrides", f"custom_dir: {PROJECT / 'overrides'}")
    text = text.replace("- hooks/", f"- {PROJECT / 'hooks'}/")
    for key, value in extra.items():
        text, count = re.subn(rf"^(\s+{key}:) .*$", rf"\1 {value}", text, flags=re.M)
        if count != 1:
            raise ValueError(f"no setting {key} in mkdocs.yml")
    return text


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
    draft: bool


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
                published.setdefault(year, []).append(_Post(rel, title, day, draft))

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
                      f'<svg xmlns="http://www.w3.org/2000/svg" width="210" height="297">'
                      f'<rect width="210" height="297" fill="#0b4a8b"/></svg>\n')
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
        code = f"{1 + i % 2}.{4000 + i:06d}.000.00.00.H48"
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
    from cchc.build import Build, options_from
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

    # The hooks look these names up at call time, so the wrapped ones are the ones called.
    core_build.load_site = timed("load", core_build.load_site)
    core_build.feed_files = timed("feeds", core_build.feed_files)
    core_build.embed_files = timed("feeds", core_build.embed_files)
    core_build.coverages = timed("coverage", core_build.coverages)
    core_build.Build.load = timed("build_load", core_build.Build.load)
    core_build.Build.page_source = timed("page_sources", core_build.Build.page_source)
    core_build.Build.page_html = timed("sanitize", core_build.Build.page_html)
    search.limit_indexed_text = timed("search_prep", search.limit_indexed_text)
    search.search_meta = timed("search_meta", search.search_meta)
    search.index_site = timed("pagefind", search.index_site)
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
    except SystemExit as error:
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

    @property
    def stage(self) -> dict[str, float]:
        return self.stats.get("seconds", {})


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


# --- preview: mkdocs serve -------------------------------------------------------------------

def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class _Server:
    """`mkdocs serve` of a folder, started by us on a free localhost port; its log, timestamped."""

    def __init__(self, folder: Path, dirty: bool):
        self.port = _free_port()
        command = [sys.executable, __file__, "--mkdocs", "serve", "-a", f"127.0.0.1:{self.port}"] \
            + (["--dirty"] if dirty else [])
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
        return f"http://127.0.0.1:{self.port}/cchc/{path}"

    def stop(self) -> None:
        # Ctrl-C, as an editor stops it: MkDocs removes its temp folder.
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGINT)
            try:
                self.process.wait(30)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()


def _get(url: str) -> str:
    with urllib.request.urlopen(url, timeout=600) as response:
        return response.read().decode("utf-8")


def measure_preview(corpus: Corpus, dirty: bool, edits: int = 3) -> dict:
    """Seconds from saving one post to its page being served rebuilt, under `mkdocs serve`."""
    server = _Server(corpus.root, dirty)
    try:
        started = time.perf_counter()
        if not server.wait_for("Serving on", 0, 1200):
            return {"error": "mkdocs serve did not start:\n" + "\n".join(l for _, l in server.lines[-20:])}
        first = time.perf_counter() - started
        _get(server.url(corpus.sample_url))
        path = corpus.root / corpus.sample_post
        original = path.read_text(encoding="utf-8")
        samples = []
        for edit in range(edits):
            time.sleep(1.5)  # let the watcher settle after the last build
            marker = f"Đoạn kiểm tra xem trước số {edit} {time.time_ns()}"
            saved = time.perf_counter()
            path.write_text(original + f"\n{marker}\n", encoding="utf-8")
            while marker not in _get(server.url(corpus.sample_url)):
                time.sleep(0.05)
            served = time.perf_counter() - saved
            detected = server.wait_for("Detected file changes", saved, 5)
            reloaded = server.wait_for("Reloading browsers", saved, 600)
            stats = [json.loads(line[len(STATS_MARK):]) for t, line in server.lines
                     if t >= saved and line.startswith(STATS_MARK)]
            samples.append({"served": served, "detected": detected[0] - saved if detected else None,
                            "reloaded": reloaded[0] - saved if reloaded else None,
                            "stage": stats[-1]["seconds"] if stats else {}})
        path.write_text(original, encoding="utf-8")
        return {"first_build": first, "samples": samples}
    finally:
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
    """Bytes a fresh browser fetches for one search query on ``page`` (bench_search's measure)."""
    try:
        from bench_search import browser_bytes
        rows = browser_bytes(site, [FIRST_QUERY], page_path=page)
    except Exception as error:  # no browser on this machine: say so, measure the rest
        return f"not measured ({type(error).__name__}: {str(error).splitlines()[0] if str(error) else ''})"
    return next(row for row in rows if row["mode"] == "pasted")


# --- the report ------------------------------------------------------------------------------

def mb(n: float) -> str:
    return f"{n / 1024 / 1024:,.1f} MB"


def kb(n: float) -> str:
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

    @property
    def core(self) -> float:
        """Load + validate + feeds + coverage, in the build."""
        s = self.ours.stage
        return s.get("load", 0) + s.get("feeds", 0) + s.get("coverage", 0)

    @property
    def page_generation(self) -> float:
        s = self.ours.stage
        return s.get("build_load", 0) - self.core + s.get("page_sources", 0)

    @property
    def pagefind(self) -> float:
        return self.ours.stage.get("pagefind", 0)


def print_result(r: Result) -> None:
    s = r.ours.stage
    pages = r.ours.stats.get("counts", {}).get("pages_built", 0)
    mkdocs_only = r.ours.wall - r.pagefind
    print(f"\n== {r.corpus.news:,} news posts ({r.corpus.drafts} drafts), {r.corpus.procedures} procedures, "
          f"{r.corpus.bulletins} bulletins, {len(r.corpus.years)} plan year(s); {mb(r.corpus.markdown_bytes)} of "
          f"Markdown; {pages:,} pages built ==")
    print("core stages in the build (s):")
    print(f"  load + validate      {s.get('load', 0):8.2f}")
    print(f"  page generation      {r.page_generation:8.2f}   (listings {s.get('build_load', 0) - r.core:.2f} "
          f"+ page sources {s.get('page_sources', 0):.2f})")
    print(f"  feeds                {s.get('feeds', 0):8.2f}")
    print(f"  coverage             {s.get('coverage', 0):8.2f}")
    print(f"  load+feeds+coverage  {r.core:8.2f}   (target <= 2 s at 10,000 posts)")
    print(f"  HTML allow-list      {s.get('sanitize', 0):8.2f}")
    print(f"  search preparation   {s.get('search_prep', 0) + s.get('search_meta', 0):8.2f}   "
          f"(limit_indexed_text {s.get('search_prep', 0):.2f} + search_meta {s.get('search_meta', 0):.2f})")
    print(f"  Pagefind             {r.pagefind:8.2f}")
    ours_total = sum(s.get(k, 0) for k in ("build_load", "page_sources", "sanitize", "search_prep", "search_meta"))
    print(f"  MkDocs + Material    {s.get('build', 0) - ours_total - r.pagefind:8.2f}   (the rest of the build)")
    print("whole build (wall clock, s):")
    print(f"  mkdocs build --strict            {r.ours.wall:8.2f}   {pages / r.ours.wall:6.0f} pages/s   "
          f"exit {r.ours.returncode}")
    print(f"    without Pagefind               {mkdocs_only:8.2f}   {pages / mkdocs_only:6.0f} pages/s")
    plain_pages = r.plain.stats.get("counts", {}).get("pages_built", 0)
    print(f"  plain Material, same pages       {r.plain.wall:8.2f}   {plain_pages / r.plain.wall:6.0f} pages/s   "
          f"({plain_pages:,} pages)")
    if r.lunr:
        print(f"  plain Material + its search      {r.lunr.wall:8.2f}")
    print(f"  ratio ours / plain               {r.ours.wall / r.plain.wall:8.2f}   "
          f"without Pagefind {mkdocs_only / r.plain.wall:.2f}   (target <= 1.15)")
    if r.lunr:
        print(f"  ratio ours / plain with search   {r.ours.wall / r.lunr.wall:8.2f}")
    mem, plain_mem = r.ours.stats.get("maxrss_mb", 0), r.plain.stats.get("maxrss_mb", 0)
    print("peak memory (RSS):")
    print(f"  MkDocs process {mem:,.0f} MB; Pagefind {r.ours.stats.get('children_maxrss_mb', 0):,.0f} MB; "
          f"plain Material {plain_mem:,.0f} MB; ratio {mem / plain_mem if plain_mem else 0:.2f} (target <= 1.3)")
    seconds, code, line = r.checker
    print(f"checker: scripts/check.py {seconds:.2f} s wall, exit {code} ({line}) (target <= 3 s)")
    print(f"output: {r.size['files']:,} files, {mb(r.size['bytes'])}; {r.size['html']:,} HTML; "
          f"search bundle {mb(r.size['search_bytes'])}")
    if isinstance(r.query, dict):
        print(f"first search query {FIRST_QUERY!r}: {kb(r.query['query_gzip'])} gzip "
              f"({kb(r.query['query_raw'])} raw, {r.query['query_requests']} requests; "
              f"on page open {kb(r.query['open_gzip'])} gzip of which index {kb(r.query['open_index_bytes'])}); "
              f"{r.query['results']} results shown")
    else:
        print(f"first search query {FIRST_QUERY!r}: {r.query}")
    for mode, preview in r.preview.items():
        if "error" in preview:
            print(f"preview ({mode}): {preview['error']}")
            continue
        samples = preview["samples"]
        served = [x["served"] for x in samples]
        last = samples[-1]
        stage = last["stage"]
        print(f"preview (mkdocs serve{' --dirty' if mode == 'dirty' else ''}): first build "
              f"{preview['first_build']:.1f} s; save -> page served rebuilt: median "
              f"{statistics.median(served):.2f} s (each: {', '.join(f'{x:.2f}' for x in served)}); "
              f"of the last: change seen after {last['detected'] or 0:.2f} s, build "
              f"{stage.get('build', 0):.2f} s (load {stage.get('load', 0):.2f}, "
              f"pages built {stage.get('pages_built', 0):.2f}, Pagefind {stage.get('pagefind', 0):.2f})")


def markdown_table(results: list[Result]) -> str:
    """The results as a Markdown table, one column per size (for docs/benchmark.md)."""
    heads = [f"{r.corpus.news:,}" for r in results]
    rows: list[tuple[str, list[str]]] = []

    def row(label: str, values) -> None:
        rows.append((label, list(values)))

    row("Pages built", (f"{r.ours.stats.get('counts', {}).get('pages_built', 0):,}" for r in results))
    row("Load + validate (s)", (f"{r.ours.stage.get('load', 0):.2f}" for r in results))
    row("Page generation (s)", (f"{r.page_generation:.2f}" for r in results))
    row("Feeds (s)", (f"{r.ours.stage.get('feeds', 0):.2f}" for r in results))
    row("Coverage, the plan check (s)", (f"{r.ours.stage.get('coverage', 0):.2f}" for r in results))
    row("**Load + validate + feeds + coverage (s)**", (f"**{r.core:.2f}**" for r in results))
    row("HTML allow-list (s)", (f"{r.ours.stage.get('sanitize', 0):.2f}" for r in results))
    row("Search preparation in pages (s)",
        (f"{r.ours.stage.get('search_prep', 0) + r.ours.stage.get('search_meta', 0):.2f}" for r in results))
    row("Pagefind indexing (s)", (f"{r.pagefind:.2f}" for r in results))
    row("**Whole `mkdocs build --strict` (s)**", (f"**{r.ours.wall:.2f}**" for r in results))
    row("… without Pagefind (s)", (f"{r.ours.wall - r.pagefind:.2f}" for r in results))
    row("Plain Material, same pages (s)", (f"{r.plain.wall:.2f}" for r in results))
    if all(r.lunr for r in results):
        row("Plain Material + its search plugin (s)", (f"{r.lunr.wall:.2f}" for r in results))
    row("**Ratio ours / plain**", (f"**{r.ours.wall / r.plain.wall:.2f}**" for r in results))
    row("Ratio without Pagefind / plain", (f"{(r.ours.wall - r.pagefind) / r.plain.wall:.2f}" for r in results))
    row("Pages per second (ours / plain)", (
        f"{r.ours.stats.get('counts', {}).get('pages_built', 0) / r.ours.wall:.0f} / "
        f"{r.plain.stats.get('counts', {}).get('pages_built', 0) / r.plain.wall:.0f}" for r in results))
    row("Peak RSS, MkDocs process (MB)", (f"{r.ours.stats.get('maxrss_mb', 0):,.0f}" for r in results))
    row("Peak RSS, plain Material (MB)", (f"{r.plain.stats.get('maxrss_mb', 0):,.0f}" for r in results))
    row("**Memory ratio ours / plain**", (
        f"**{r.ours.stats.get('maxrss_mb', 0) / max(r.plain.stats.get('maxrss_mb', 1), 1):.2f}**" for r in results))
    row("Peak RSS, Pagefind (MB)", (f"{r.ours.stats.get('children_maxrss_mb', 0):,.0f}" for r in results))
    row("**Checker, scripts/check.py (s)**", (f"**{r.checker[0]:.2f}**" for r in results))
    row("Output (files / MB)", (f"{r.size['files']:,} / {r.size['bytes'] / 1024 / 1024:,.0f}" for r in results))
    row("Search bundle (MB)", (f"{r.size['search_bytes'] / 1024 / 1024:,.1f}" for r in results))
    row(f"First query “{FIRST_QUERY}”, gzip (KB)", (
        f"{r.query['query_gzip'] / 1024:,.0f}" if isinstance(r.query, dict) else "–" for r in results))
    for mode in ("clean", "dirty"):
        if any(mode in r.preview and "samples" in r.preview[mode] for r in results):
            row(f"Preview, save → page rebuilt, `serve{' --dirty' if mode == 'dirty' else ''}` (s)", (
                f"{statistics.median(x['served'] for x in r.preview[mode]['samples']):.1f}"
                if mode in r.preview and "samples" in r.preview[mode] else "–" for r in results))
    lines = ["| News posts | " + " | ".join(heads) + " |", "| --- |" + " ---: |" * len(heads)]
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
    checker = run_checker(root)
    ours = mkdocs_build(root, folder / "site")
    if ours.returncode != 0:
        print(ours.log[-5000:], file=sys.stderr)
        raise SystemExit(f"the build of {news} posts failed (exit {ours.returncode}); see the log above")
    plain_run = mkdocs_build(plain, folder / "site-plain", strict=False)
    if plain_run.returncode != 0:
        print(plain_run.log[-5000:], file=sys.stderr)
        raise SystemExit("the plain Material build failed")
    lunr = None
    if args.material_search:
        (plain / "mkdocs.yml").write_text(plain_config(search=True), encoding="utf-8")
        lunr = mkdocs_build(plain, folder / "site-lunr", strict=False)
    size = output_size(folder / "site")
    query = first_query_bytes(folder / "site", corpus.sample_url) if not args.no_browser else "not measured (--no-browser)"
    result = Result(corpus, ours, plain_run, plain_pages, lunr, checker, size, query)
    if preview:
        for mode in ("clean", "dirty"):
            print(f"[{news:,} posts] mkdocs serve{' --dirty' if mode == 'dirty' else ''}...", file=sys.stderr, flush=True)
            result.preview[mode] = measure_preview(corpus, dirty=mode == "dirty", edits=args.edits)
    if not args.keep:
        shutil.rmtree(folder, ignore_errors=True)
    return result


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if argv[:1] == ["--mkdocs"]:
        return _instrumented(argv[1:])
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--news", type=int, nargs="+", default=[1000, 4000, 10000],
                        help="numbers of news posts, one site each (default: 1000 4000 10000)")
    parser.add_argument("--procedures", type=int, default=200, help="procedure records (default: 200)")
    parser.add_argument("--bulletins", type=int, default=18, help="bulletin issues (default: 18, six a year)")
    parser.add_argument("--years", type=int, default=3, help="plan years the content spans (default: 3)")
    parser.add_argument("--preview-at", type=int, default=4000,
                        help="measure `mkdocs serve` at this number of posts, if it is among --news; 0: never")
    parser.add_argument("--edits", type=int, default=3, help="saves measured per preview mode (default: 3)")
    parser.add_argument("--no-browser", action="store_true", help="skip the first-query measurement in Chromium")
    parser.add_argument("--material-search", action="store_true",
                        help="also build the plain pages with Material's search plugin (lunr)")
    parser.add_argument("--keep", type=Path, help="work in this folder and keep the sites")
    parser.add_argument("--markdown", type=Path, help="also write the results table (Markdown) to this file")
    args = parser.parse_args(argv)
    workdir = args.keep or Path(tempfile.mkdtemp(prefix="bench-build-"))
    started = datetime.now()
    print(f"machine: {machine()}")
    print(f"command: python scripts/bench.py {' '.join(argv)}".rstrip())
    results = []
    try:
        for news in args.news:
            result = measure(news, args, workdir, preview=news == args.preview_at)
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
