"""The report: one size's numbers as a block of text, and all sizes as the Markdown table of
dev/benchmark.md. ``Result`` holds what was measured at one size and derives the stages a
reader compares (the core's, page generation, search preparation, the rest of MkDocs)."""

from __future__ import annotations

import os
import platform
import statistics
from dataclasses import dataclass, field
from pathlib import Path

from .common import PREVIEW_COMMAND
from .corpus import Corpus
from .stages import Run


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
        """Seconds (or CPU seconds) of a stage of our build, as the build names them
        (``timer.stage`` in cchc/build.py and hooks/cchc_hooks.py)."""
        return self.ours.stats.get("stage_cpu" if cpu else "seconds", {}).get(name, 0.0)

    def core(self, cpu: bool = False) -> float:
        """Load + validate + feeds + coverage, in the build."""
        return sum(self.stage(name, cpu) for name in ("load", "feeds", "coverage"))

    def page_generation(self, cpu: bool = False) -> float:
        """Listing pages (made when the build loads) and every page's Markdown (made when read)."""
        return self.stage("build_load", cpu) - self.core(cpu) + self.stage("page_sources", cpu)

    def finishing_here(self, cpu: bool = False) -> float:
        """Finishing pages in the build's process: the HTML allow-list, marking what Pagefind
        indexes and the search fields of the pages not handed to the process beside (all of
        them on a small site), handing the others over, and for Pagefind beside the build,
        writing what it indexes and checking each rendered page against it."""
        return sum(self.stage(name, cpu) for name in ("finish_here", "finish_requests", "search_pages"))

    @property
    def finisher(self) -> dict:
        """The process that finishes pages beside Markdown rendering: its CPU s and peak MB."""
        return self.ours.stats.get("finisher") or {}

    def mkdocs_rest(self, cpu: bool = False) -> float:
        """What is left of the build: MkDocs, Python-Markdown and Material's templates."""
        ours = sum(self.stage(name, cpu) for name in ("build_load", "page_sources", "finish_wait"))
        pagefind = 0.0 if cpu else self.stage("pagefind")  # Pagefind's CPU is its own process's
        return self.stage("build", cpu) - ours - self.finishing_here(cpu) - pagefind

    @property
    def pages(self) -> int:
        """Pages MkDocs rendered."""
        return self.ours.stats.get("counts", {}).get("pages_built", 0)

    @property
    def plain_pages_built(self) -> int:
        """Pages plain Material rendered."""
        return self.plain.stats.get("counts", {}).get("pages_built", 0)

    @property
    def without_pagefind(self) -> float:
        """Wall seconds of the build less Pagefind's."""
        return self.ours.wall - self.stage("pagefind")

    @property
    def memory_ratio(self) -> float:
        """Peak RSS of our MkDocs process over plain Material's."""
        return self.ours.stats.get("maxrss_mb", 0) / max(self.plain.stats.get("maxrss_mb", 0), 1)

    def stage_rows(self) -> list[tuple[str, float, float]]:
        """(label, wall s, CPU s) of each stage of our build, in the order they are printed."""
        return [("load + validate", self.stage("load"), self.stage("load", True)),
                ("page generation", self.page_generation(), self.page_generation(True)),
                ("feeds", self.stage("feeds"), self.stage("feeds", True)),
                ("coverage (plan check)", self.stage("coverage"), self.stage("coverage", True)),
                ("load+validate+feeds+coverage", self.core(), self.core(True)),
                ("finishing pages, here", self.finishing_here(), self.finishing_here(True)),
                ("finishing pages, beside", self.stage("finish_wait"), self.finisher.get("cpu", 0.0)),
                ("MkDocs + Material (the rest)", self.mkdocs_rest(), self.mkdocs_rest(True)),
                ("Pagefind", self.stage("pagefind"), self.ours.stats.get("children_cpu", 0))]

    def per_page_ms(self, seconds: float, plain: bool = False) -> float:
        """``seconds`` of a stage per page built, in ms: a stage growing faster than the site
        costs more per page at each size."""
        pages = self.plain_pages_built if plain else self.pages
        return seconds * 1000 / pages if pages else 0.0

    def served(self, kind: str | None = None) -> list[float]:
        """Seconds from save to page served, of the preview's saves of ``kind`` (None: all)."""
        return [x["served"] for x in self.preview.get("samples", []) if kind is None or x["kind"] == kind]


def ratio(a: float, b: float) -> str:
    """a / b, two decimals; a dash when b is nothing."""
    return f"{a / b:.2f}" if b else "–"


def print_result(r: Result) -> None:
    """The numbers of one size, as a block of text."""
    print(f"\n== {r.corpus.news:,} news posts ({r.corpus.drafts} drafts), {r.corpus.procedures} procedures, "
          f"{r.corpus.bulletins} bulletins, {len(r.corpus.years)} plan year(s); {mb(r.corpus.markdown_bytes)} of "
          f"Markdown; {r.pages:,} pages built ==")
    print("stages of the build            wall s    CPU s   CPU ms per page built")
    for label, wall, cpu in r.stage_rows():
        print(f"  {label:<28} {wall:8.2f} {cpu:8.2f} {r.per_page_ms(cpu):8.2f}")
    print(f"  {'plain Material, whole build':<28} {r.plain.wall:8.2f} {r.plain.stats.get('cpu', 0):8.2f} "
          f"{r.per_page_ms(r.plain.stats.get('cpu', 0), plain=True):8.2f}")
    print("  (target: load+validate+feeds+coverage <= 2 s at 10,000 posts)")
    _print_whole_build(r)
    seconds, code, line = r.checker
    print(f"checker: cchc check {seconds:.2f} s wall, exit {code} (target <= 3 s): {line}")
    print(f"output: {r.size['files']:,} files, {mb(r.size['bytes'])}; {r.size['html']:,} HTML, "
          f"{r.size['indexed_pages']:,} of them indexed for search; "
          f"search bundle {mb(r.size['search_bytes'])}; largest page {r.size['largest_page_gzip'] / 1024:,.1f} KB "
          f"gzip ({r.size['largest_page']})")
    _print_search(r.query)
    if r.preview:
        _print_preview(r)


def _print_whole_build(r: Result) -> None:
    ours_cpu, plain_cpu = r.ours.stats.get("cpu", 0), r.plain.stats.get("cpu", 0)
    print("whole build                    wall s    CPU s   pages/s")
    print(f"  ours, mkdocs build --strict  {r.ours.wall:8.2f} {ours_cpu + r.ours.stats.get('children_cpu', 0):8.2f} "
          f"{r.pages / r.ours.wall:8.0f}   exit {r.ours.returncode}")
    print(f"  ours without Pagefind        {r.without_pagefind:8.2f} {ours_cpu:8.2f} {r.pages / r.without_pagefind:8.0f}")
    print(f"  plain Material, same pages   {r.plain.wall:8.2f} {plain_cpu:8.2f} {r.plain_pages_built / r.plain.wall:8.0f}   "
          f"({r.plain_pages_built:,} pages)")
    if r.lunr:
        print(f"  plain Material + its search  {r.lunr.wall:8.2f} {r.lunr.stats.get('cpu', 0):8.2f}")
    print(f"  ratio ours / plain: {ratio(r.ours.wall, r.plain.wall)}; without Pagefind "
          f"{ratio(r.without_pagefind, r.plain.wall)} (CPU {ratio(ours_cpu, plain_cpu)})"
          + (f"; ours / plain with Material's search {ratio(r.ours.wall, r.lunr.wall)}" if r.lunr else "")
          + " (target <= 1.15)")
    print(f"peak memory (RSS): MkDocs process {r.ours.stats.get('maxrss_mb', 0):,.0f} MB, plain Material "
          f"{r.plain.stats.get('maxrss_mb', 0):,.0f} MB, ratio {r.memory_ratio:.2f} (target <= 1.3); Pagefind "
          f"{r.size['pagefind_peak_mb']:,.0f} MB (its own process, run again alone); the finishing process "
          + (f"{r.finisher['maxrss_mb']:,.0f} MB (ends before the templates)" if r.finisher.get("maxrss_mb")
             else "not started"))


def _print_search(query: dict | str) -> None:
    if not isinstance(query, dict):
        print(f"first search query: {query}")
        return
    for row in query["all"]:
        print(f"first search query {row['query']!r}, {row['mode']}: {kb(row['query_gzip'])} gzip "
              f"({kb(row['query_raw'])} raw, {row['query_requests']} requests), "
              + (f"{row['results']} results shown" if row["finished"] else
                 "timed out before results were shown: a lower bound"))
    print(f"largest first query: {query['query']!r}, {query['mode']}, {kb(query['query_gzip'])} gzip; "
          f"on page open {kb(query['open_gzip'])} gzip, {kb(query['open_index_bytes'])} of it index")


def _print_preview(r: Result) -> None:
    command = PREVIEW_COMMAND.strip("`")
    if "error" in r.preview:
        print(f"preview ({command}): {r.preview['error']}")
        return
    print(f"preview ({command}): first build {r.preview['first_build']:.1f} s "
          f"(search index included); save -> page served rebuilt:")
    for kind in dict.fromkeys(x["kind"] for x in r.preview["samples"]):
        served, last = r.served(kind), [x for x in r.preview["samples"] if x["kind"] == kind][-1]
        print(f"  {kind:<15} median {statistics.median(served):5.2f} s, worst {max(served):5.2f} s "
              f"({', '.join(f'{x:.2f}' for x in served)}); the last: {last['rebuild']} rebuild "
              f"{last['seconds']:.2f} s, {last['pages_rendered']} page(s) rendered, "
              f"{last.get('pages_waiting', 0)} after the reload"
              + (f" ({last['stages']})" if last["stages"] else ""))
    served = r.served()
    print(f"  all saves       median {statistics.median(served):5.2f} s, worst {max(served):5.2f} s (target <= 1 s)")


def markdown_table(results: list[Result]) -> str:
    """The results as a Markdown table, one column per size (for dev/benchmark.md)."""
    rows = _build_rows(results) + _per_page_rows(results) + _site_rows(results) + _preview_rows(results)
    lines = ["| News posts | " + " | ".join(f"{r.corpus.news:,}" for r in results) + " |",
             "| --- |" + " ---: |" * len(results)]
    lines += [f"| {label} | " + " | ".join(values) + " |" for label, values in rows]
    return "\n".join(lines)


Rows = list[tuple[str, list[str]]]


def _both(wall: float, cpu: float) -> str:
    return f"{wall:.2f} ({cpu:.2f})"


def _build_rows(results: list[Result]) -> Rows:
    stages = {label: [_both(wall, cpu) for r in results for lbl, wall, cpu in r.stage_rows() if lbl == label]
              for label, _, _ in results[0].stage_rows()} if results else {}
    rows = [("Pages built", [f"{r.pages:,}" for r in results]),
            ("Load + validate, s (CPU s)", stages.get("load + validate", [])),
            ("Page generation", stages.get("page generation", [])),
            ("Feeds", stages.get("feeds", [])),
            ("Coverage (the plan check)", stages.get("coverage (plan check)", [])),
            ("**Load + validate + feeds + coverage** (≤ 2 s at 10,000)",
             [f"**{v}**" for v in stages.get("load+validate+feeds+coverage", [])]),
            ("Finishing pages (HTML allow-list, search marks and fields, Pagefind's parts) in the build's process",
             stages.get("finishing pages, here", [])),
            ("… in a process beside Markdown rendering: waited for (CPU s: its whole run)",
             stages.get("finishing pages, beside", [])),
            ("MkDocs + Material (rest of the build)", stages.get("MkDocs + Material (the rest)", [])),
            ("Pagefind: waited for after the build (CPU s: its whole run, beside the build)", stages.get("Pagefind", [])),
            ("**Whole `mkdocs build --strict`**", [f"**{r.ours.wall:.1f}**" for r in results]),
            ("… without the wait for Pagefind", [f"{r.without_pagefind:.1f}" for r in results]),
            ("Plain Material, same pages", [f"{r.plain.wall:.1f}" for r in results])]
    lunr = all(r.lunr for r in results)
    if lunr:
        rows.append(("Plain Material + its search plugin", [f"{r.lunr.wall:.1f}" for r in results]))
    rows += [("**Ratio ours / plain** (≤ 1.15)", [f"**{ratio(r.ours.wall, r.plain.wall)}**" for r in results]),
             ("Ratio without Pagefind / plain (CPU)", [
                 f"{ratio(r.without_pagefind, r.plain.wall)} "
                 f"({ratio(r.ours.stats.get('cpu', 0), r.plain.stats.get('cpu', 0))})" for r in results])]
    if lunr:
        rows.append(("Ratio ours / plain with its search", [ratio(r.ours.wall, r.lunr.wall) for r in results]))
    rows.append(("Pages per second, ours / plain",
                 [f"{r.pages / r.ours.wall:.0f} / {r.plain_pages_built / r.plain.wall:.0f}" for r in results]))
    return rows


def _per_page_rows(results: list[Result]) -> Rows:
    """Each stage's CPU ms per page built, and plain Material's whole build."""
    if not results:
        return []
    rows = [(f"CPU ms per page built: {label}", [f"{r.per_page_ms(cpu):.2f}" for r in results
                                                 for lbl, _, cpu in r.stage_rows() if lbl == label])
            for label, _, _ in results[0].stage_rows()]
    rows.append(("CPU ms per page built: plain Material, whole build",
                 [f"{r.per_page_ms(r.plain.stats.get('cpu', 0), plain=True):.2f}" for r in results]))
    return rows


def _site_rows(results: list[Result]) -> Rows:
    return [
        ("Peak RSS of MkDocs, ours / plain (MB)", [
            f"{r.ours.stats.get('maxrss_mb', 0):,.0f} / {r.plain.stats.get('maxrss_mb', 0):,.0f}" for r in results]),
        ("**Memory ratio** (≤ 1.3)", [f"**{r.memory_ratio:.2f}**" for r in results]),
        ("Peak RSS of the finishing process, ended before the templates (MB)", [
            f"{r.finisher['maxrss_mb']:,.0f}" if r.finisher.get("maxrss_mb") else "–" for r in results]),
        ("Peak RSS of Pagefind, run alone (MB)", [f"{r.size['pagefind_peak_mb']:,.0f}" for r in results]),
        ("Pages indexed for search", [f"{r.size['indexed_pages']:,}" for r in results]),
        ("**Checker, `cchc check`** (≤ 3 s)", [f"**{r.checker[0]:.2f}**" for r in results]),
        ("Output: files / MB", [f"{r.size['files']:,} / {r.size['bytes'] / 1024 / 1024:,.0f}" for r in results]),
        ("Search bundle (MB)", [f"{r.size['search_bytes'] / 1024 / 1024:,.1f}" for r in results]),
        ("Largest HTML page, KB gzip (≤ 60)", [f"{r.size['largest_page_gzip'] / 1024:,.1f} ({r.size['largest_page']})"
                                              for r in results]),
        ("Largest first search query: KB fetched, gzip (≤ 300)", [
            f"{r.query['query_gzip'] / 1024:,.0f} (“{r.query['query']}”, {r.query['mode']})"
            if isinstance(r.query, dict) else "–" for r in results])]


def _median_worst(served: list[float], bold: bool = False) -> str:
    if not served:
        return "–"
    text = f"{statistics.median(served):.2f} / {max(served):.2f}"
    return f"**{text}**" if bold else text


def _preview_rows(results: list[Result]) -> Rows:
    if not any("samples" in r.preview for r in results):
        return []
    kinds = list(dict.fromkeys(x["kind"] for r in results for x in r.preview.get("samples", [])))
    rows = [(f"Preview, {kind}: save → page served, median / worst s", [_median_worst(r.served(kind)) for r in results])
            for kind in kinds]
    rows.append((f"**Preview**, every save above, {PREVIEW_COMMAND}: median / worst (≤ 1 s)",
                 [_median_worst(r.served(), bold=True) for r in results]))
    return rows


def machine() -> str:
    """One line about the machine the numbers come from."""
    import markdown
    import material
    import mkdocs
    import yaml

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
    return (f"{os.cpu_count()} cores ({cpu}), {memory:.0f} GB RAM, {platform.system()} {platform.release()}; "
            f"Python {platform.python_version()}, MkDocs {mkdocs.__version__}, Material {material.__version__}, "
            f"Python-Markdown {markdown.__version__}, PyYAML {yaml.__version__} "
            f"(libyaml {'yes' if yaml.__with_libyaml__ else 'no'})")
