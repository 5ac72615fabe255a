"""Measure the site search at scale: Material's lunr index against Pagefind, on synthetic sites.

    python scripts/bench_search.py                       # 1,000 and 10,000 pages
    python scripts/bench_search.py --pages 2000 --keep /tmp/bench

For each size it writes that many synthetic Vietnamese pages (procedures and news, with codes,
dates and document numbers), builds them with MkDocs + Material and this project's theme
overrides, with Material's `search` plugin switched on so that its lunr index is written too,
then runs Pagefind over the same output exactly as the build hook does (cchc.search). It prints:

- lunr: search_index.json, raw and gzip, as built and with its text folded (what a variant of
  Material's search with diacritic folding would ship). Material fetches it whole on page load.
- Pagefind: the bundle on disk (files, bytes), the indexing time and peak memory;
- what a visitor downloads, measured in headless Chromium (system /usr/bin/chromium) against
  the site served on 127.0.0.1: a fresh browser opens a page, then types one query in the
  header box, either pasted at once or typed key by key (every key starts a search). Bytes are
  counted raw and as a server that gzips JS/CSS/JSON would send them (Pagefind's index files
  are gzip already).

It prints numbers and asserts nothing: timings vary from machine to machine.
"""

from __future__ import annotations

import argparse
import functools
import gzip
import http.server
import json
import random
import re
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from urllib.parse import urlsplit

PROJECT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(PROJECT))

from cchc.search import BUNDLE_DIR, INDEX_CHUNK_SIZE, INDEXED_WORDS  # noqa: E402
from cchc.text import fold  # noqa: E402

QUERIES = ["thu tuc hanh chinh", "dang ky", "hoa", "quang ngai", "1.014393", "thủ tục hành chính"]
SITE_PATH = "/cchc/"
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]
TYPING_DELAY_MS = 200  # slower than the box's 150 ms debounce: every key starts a search

# --- synthetic content -----------------------------------------------------------------------

CONTENT = PROJECT / "content"
_FRONT_MATTER = re.compile(r"\A---\n.*?\n---\n", re.S)
_MARKUP = re.compile(r"[#*_`|>\[\]]+|\(https?://[^)]*\)|\{[^}]*\}")


class Chain:
    """A word-bigram Markov chain over this project's own content: synthetic pages then have
    the word frequencies, syllables and diacritics of real CCHC text, with new combinations."""

    def __init__(self, texts: list[str]):
        self.next: dict[str, list[str]] = {}
        self.starts: list[str] = []
        for text in texts:
            words = _MARKUP.sub(" ", text).split()
            for i, word in enumerate(words):
                if i == 0 or words[i - 1].endswith((".", ":", ";")):
                    self.starts.append(word)
                if i + 1 < len(words):
                    self.next.setdefault(word, []).append(words[i + 1])

    def sentence(self, rng: random.Random, limit: int = 40) -> str:
        words = [rng.choice(self.starts)]
        while len(words) < limit and not words[-1].endswith(".") and words[-1] in self.next:
            words.append(rng.choice(self.next[words[-1]]))
        return " ".join(words).rstrip(",;:") + ("" if words[-1].endswith(".") else ".")

    def paragraph(self, rng: random.Random) -> str:
        return " ".join(self.sentence(rng) for _ in range(rng.randint(2, 4)))


def load_chains() -> tuple[Chain, Chain, list[str]]:
    """Chains for news and for procedures, and the real titles, from content/."""
    news, procedures, titles = [], [], []
    for path in sorted(CONTENT.rglob("*.md")):
        text = path.read_text(encoding="utf-8")
        titles += re.findall(r"^(?:title|name): (.+)$", text, re.M)
        (procedures if "procedures" in path.parts else news).append(_FRONT_MATTER.sub("", text))
    for path in sorted(CONTENT.rglob("*.yml")):
        news.append(path.read_text(encoding="utf-8"))
    return Chain(news), Chain(procedures or news), titles


PROCEDURE_PARTS = ["a. Trình tự thực hiện", "b. Cách thức thực hiện", "c. Thành phần, số lượng hồ sơ",
                   "d. Thời hạn giải quyết", "đ. Đối tượng thực hiện", "e. Cơ quan thực hiện", "g. Kết quả",
                   "h. Lệ phí", "i. Tên mẫu đơn, mẫu tờ khai", "k. Yêu cầu, điều kiện", "l. Căn cứ pháp lý"]


def procedure_page(rng: random.Random, chain: Chain, titles: list[str], code: str) -> str:
    """A procedure-like page: name, code and key facts first, then the lettered parts."""
    name = rng.choice(titles) if rng.random() < 0.3 else chain.sentence(rng, 18).rstrip(".")
    facts = (f"Thủ tục hành chính · Mã thủ tục {code}.000.00.00.H48\n\n"
             f"Thời hạn giải quyết: {rng.randint(3, 30)} ngày làm việc · Phí, lệ phí: "
             f"{rng.choice(['Không', f'{rng.randint(1, 16)}.000.000 đồng'])} · Cơ quan thực hiện: Sở Khoa học và "
             f"Công nghệ tỉnh Quảng Ngãi")
    parts = "\n\n".join(f"## {part}\n\n" + "\n\n".join(chain.paragraph(rng) for _ in range(rng.randint(1, 2)))
                         for part in PROCEDURE_PARTS)
    return f"# {name}\n\n{facts}\n\n{parts}\n"


def news_page(rng: random.Random, chain: Chain, titles: list[str]) -> str:
    """A news-like page: title, date and unit, a summary, then paragraphs."""
    title = rng.choice(titles) if rng.random() < 0.2 else chain.sentence(rng, 22).rstrip(".")
    meta = f"Ngày {rng.randint(1, 28):02d}/{rng.randint(1, 12)}/{rng.randint(2016, 2026)} · Văn phòng Sở"
    body = "\n\n".join(chain.paragraph(rng) for _ in range(rng.randint(4, 9)))
    return f"# {title}\n\n*{meta}*\n\n**{chain.sentence(rng)}**\n\n{body}\n"


def write_docs(docs: Path, pages: int, seed: int = 7) -> None:
    """Write ``pages`` synthetic pages into ``docs`` (30 % procedures, one with code 1.014393)."""
    rng = random.Random(seed)
    news_chain, procedure_chain, titles = load_chains()
    (docs / "assets").mkdir(parents=True)
    for asset in ("cchc-search.js", "cchc-search.css"):
        shutil.copy(PROJECT / "docs/assets" / asset, docs / "assets" / asset)
    (docs / "index.md").write_text("# Trang chủ\n\nTrang thử nghiệm tìm kiếm.\n", encoding="utf-8")
    for i in range(1, pages):
        if i % 10 < 3:
            code = "1.014393" if i == 1 else f"{rng.choice('123')}.{rng.randint(0, 14999):06d}"
            path, text = f"thu-tuc-hanh-chinh/{i:05d}.md", procedure_page(rng, procedure_chain, titles, code)
        else:
            path, text = f"tin-tuc/{i:05d}.md", news_page(rng, news_chain, titles)
        target = docs / path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8")


def build(root: Path, pages: int, indexed_words: int | None) -> tuple[Path, float]:
    """Build a synthetic site of ``pages`` pages in ``root``; return the output folder and seconds.

    Its hooks do what the project's hooks do for search: the page's search fields in page.meta,
    and the page's indexed part limited to ``indexed_words`` words (None: the whole page).
    """
    write_docs(root / "docs", pages)
    (root / "bench_hooks.py").write_text(
        "from cchc.search import META_KEY, page_search_fields, searchable_part\n\n\n"
        "def on_page_content(html, page, config, files):\n"
        f"    part = searchable_part(html, {indexed_words})\n"
        "    page.meta[META_KEY] = page_search_fields(page.title, part)\n"
        "    return part.html\n",
        encoding="utf-8")
    (root / "mkdocs.yml").write_text(f"""site_name: Thử nghiệm tìm kiếm
site_url: https://example.gov.vn{SITE_PATH}
theme:
  name: material
  language: vi
  custom_dir: {PROJECT / 'overrides'}
  font: false
plugins:
  - search
hooks:
  - bench_hooks.py
nav:
  - Trang chủ: index.md
validation:
  nav:
    omitted_files: ignore
""", encoding="utf-8")
    started = time.perf_counter()
    subprocess.run([sys.executable, "-m", "mkdocs", "build", "-q", "-d", str(root / "site")], cwd=root, check=True,
                   env={"NO_MKDOCS_2_WARNING": "1", "SOURCE_DATE_EPOCH": "1672506000", "PATH": "/usr/bin:/bin",
                        "PYTHONPATH": str(PROJECT)})
    return root / "site", time.perf_counter() - started


# --- measurements ----------------------------------------------------------------------------

def gz(data: bytes) -> int:
    """Bytes as a gzip-ing server sends them; files that are gzip already are sent as they are."""
    return len(data) if data[:2] == b"\x1f\x8b" else len(gzip.compress(data, compresslevel=6, mtime=0))


def lunr_sizes(site: Path) -> dict[str, int]:
    """search_index.json raw and gzip, as built and with its text and titles folded."""
    raw = (site / "search/search_index.json").read_bytes()
    index = json.loads(raw)
    for doc in index["docs"]:
        doc["text"], doc["title"] = fold(doc["text"]), fold(doc["title"])
    folded = json.dumps(index, ensure_ascii=False, separators=(",", ":")).encode()
    worker = next((site / "assets/javascripts/workers").glob("search.*.min.js")).read_bytes()
    return {"raw": len(raw), "gzip": gz(raw), "folded_raw": len(folded), "folded_gzip": gz(folded),
            "worker_gzip": gz(worker)}


def bundle_size(site: Path) -> dict[str, int]:
    """Pagefind's bundle on disk: all files, and the index files alone (meta, index, fragments)."""
    files = [p for p in (site / BUNDLE_DIR).rglob("*") if p.is_file()]
    index = [p for p in files if p.suffix in (".pf_meta", ".pf_index", ".pf_fragment", ".pf_filter")]
    return {"files": len(files), "bytes": sum(p.stat().st_size for p in files),
            "index_files": len(index), "index_bytes": sum(p.stat().st_size for p in index)}


def serve(site: Path) -> http.server.ThreadingHTTPServer:
    """Serve ``site`` at http://127.0.0.1:<port>/cchc/ in a background thread."""
    prefix = SITE_PATH.rstrip("/")

    class Handler(http.server.SimpleHTTPRequestHandler):
        def translate_path(self, path):
            return super().translate_path(path[len(prefix):] if path.startswith(prefix + "/") else "/404")

        def log_message(self, *args):
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(Handler, directory=str(site)))
    server.handle_error = lambda request, address: None  # a closed browser tab breaks pipes
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


def served_file(site: Path, url: str) -> tuple[Path, bytes]:
    """The file the local server sent for ``url``, and its bytes (sizes come from disk, exactly)."""
    path = urlsplit(url).path[len(SITE_PATH):]
    target = site / path
    if target.is_dir() or not path:
        target = target / "index.html"
    return target, target.read_bytes() if target.is_file() else b""


def quiet(page, fetched: list[str], idle_ms: int = 800) -> None:
    """Wait until the page has fetched nothing new for ``idle_ms`` milliseconds."""
    count = -1
    while count != len(fetched):
        count = len(fetched)
        page.wait_for_timeout(idle_ms)


def browser_bytes(site: Path, queries: list[str], page_path: str = "tin-tuc/00005/") -> list[dict]:
    """For each query and typing mode, bytes fetched by a fresh browser: on page open, then for the query.

    ``page_path`` is the page opened first, site-relative (scripts/bench.py opens one of its posts).
    """
    from playwright.sync_api import TimeoutError as PlaywrightTimeout, sync_playwright

    server = serve(site)
    base = f"http://127.0.0.1:{server.server_port}{SITE_PATH}"
    rows = []
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        for query in queries:
            for mode in ("pasted", "typed"):
                context = browser.new_context()
                page = context.new_page()
                fetched: list[str] = []
                page.on("requestfinished", lambda request: fetched.append(request.url))
                page.goto(base + page_path)
                page.wait_for_load_state("networkidle")
                opened = list(fetched)
                box = page.locator(".cchc-search input")
                box.click()
                # A page busy searching a huge index can stop taking keys: the row then says
                # so, with what was fetched until then (a lower bound).
                finished = True
                try:
                    if mode == "pasted":
                        box.fill(query)
                    else:
                        box.press_sequentially(query, delay=TYPING_DELAY_MS)
                    page.locator(".pf-searchbox-result").first.wait_for(timeout=60_000)
                    quiet(page, fetched)
                except PlaywrightTimeout:
                    finished = False
                after = [served_file(site, url) for url in fetched[len(opened):]]
                before = [served_file(site, url) for url in opened]
                rows.append({
                    "query": query, "mode": mode,
                    "open_index_bytes": sum(len(data) for file, data in before if file.suffix.startswith(".pf_")),
                    "open_gzip": sum(gz(data) for _, data in before),
                    "query_requests": len(after),
                    "query_raw": sum(len(data) for _, data in after),
                    "query_gzip": sum(gz(data) for _, data in after),
                    "query_index_gzip": sum(gz(data) for file, data in after if file.suffix.startswith(".pf_")),
                    "results": page.locator(".pf-searchbox-result").count() if finished else None,
                    "finished": finished,
                })
                context.close()
        browser.close()
    server.shutdown()
    return rows


def index_with_peak_memory(site: Path, chunk_size: int | None) -> tuple[int, float, float]:
    """Index ``site`` as the build hook does, in a child process so that its peak memory is its own."""
    code = ("import resource, sys, time; from pathlib import Path; from cchc.search import index_site; "
            "t = time.perf_counter(); r = index_site(Path(sys.argv[1]), chunk_size=int(sys.argv[2]) or None); "
            "print(r.pages, time.perf_counter() - t, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)")
    done = subprocess.run([sys.executable, "-c", code, str(site), str(chunk_size or 0)], capture_output=True,
                          text=True, check=True, cwd=PROJECT)
    pages, seconds, maxrss_kb = done.stdout.split()
    return int(pages), float(seconds), int(maxrss_kb) / 1024


def kb(n: int) -> str:
    return f"{n / 1024:,.0f} KB" if n < 10 * 1024 * 1024 else f"{n / 1024 / 1024:,.1f} MB"


# (label, words indexed per page, index chunk size): what this project ships, and Pagefind as it comes.
CONFIGS = [("project settings", INDEXED_WORDS, INDEX_CHUNK_SIZE), ("whole pages, Pagefind defaults", None, None)]


def measure(pages: int, workdir: Path, browser: bool) -> None:
    """Build, index and measure one synthetic site size under each configuration."""
    for label, indexed_words, chunk_size in CONFIGS:
        root = workdir / f"site-{pages}-{indexed_words or 'all'}"
        if root.exists():
            shutil.rmtree(root)
        root.mkdir(parents=True)
        site, build_s = build(root, pages, indexed_words)
        words = sum(len(p.read_text(encoding="utf-8").split()) for p in (root / "docs").rglob("*.md"))
        print(f"\n== {pages:,} pages ({words:,} words of Markdown), {label}: "
              f"{f'first {indexed_words} words' if indexed_words else 'whole pages'} indexed, "
              f"chunks of {chunk_size or 'Pagefind default'}; MkDocs build {build_s:.0f} s ==")
        if label == CONFIGS[0][0]:
            lunr = lunr_sizes(site)
            print(f"lunr search_index.json (whole pages): {kb(lunr['raw'])} raw, {kb(lunr['gzip'])} gzip; "
                  f"folded {kb(lunr['folded_raw'])} raw, {kb(lunr['folded_gzip'])} gzip; "
                  f"+ worker {kb(lunr['worker_gzip'])} gzip; all of it fetched when a page opens")
        indexed, index_s, peak_mb = index_with_peak_memory(site, chunk_size)
        bundle = bundle_size(site)
        print(f"pagefind: {indexed:,} pages indexed in {index_s:.1f} s, peak memory {peak_mb:,.0f} MB; "
              f"bundle {bundle['files']:,} files, {kb(bundle['bytes'])}; index files "
              f"{bundle['index_files']:,}, {kb(bundle['index_bytes'])}")
        if not browser:
            continue
        print(f"{'query':<22} {'mode':<7} {'open: index':>11} {'open: all gz':>12} {'query: req':>10} "
              f"{'query: raw':>10} {'query: gz':>10} {'of it index':>11} {'results':>7}")
        for row in browser_bytes(site, QUERIES):
            print(f"{row['query']:<22} {row['mode']:<7} {kb(row['open_index_bytes']):>11} "
                  f"{kb(row['open_gzip']):>12} {row['query_requests']:>10} {kb(row['query_raw']):>10} "
                  f"{kb(row['query_gzip']):>10} {kb(row['query_index_gzip']):>11} "
                  f"{row['results'] if row['finished'] else 'timed out: at least':>7}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--pages", type=int, nargs="+", default=[1000, 10000])
    parser.add_argument("--keep", type=Path, help="build here and keep the sites (default: a temp folder)")
    parser.add_argument("--no-browser", action="store_true", help="skip the browser measurement")
    args = parser.parse_args()
    workdir = args.keep or Path(tempfile.mkdtemp(prefix="bench-search-"))
    try:
        for pages in args.pages:
            measure(pages, workdir, not args.no_browser)
    finally:
        if not args.keep:
            shutil.rmtree(workdir, ignore_errors=True)


if __name__ == "__main__":
    main()
