"""Timing one build stage by stage, and what else is measured about a built site.

``instrumented`` runs inside a child process (``bench.py --mkdocs build ...``): it lends each
build a timer (lent through cchc_mkdocs.events; the build tells it every stage), runs MkDocs' own
command line, and prints one ``@@bench {json}`` line on stderr per build. ``mkdocs_build``
starts that process and reads the line back; ``run_checker`` times `cchc check`;
``output_size`` and ``first_query_bytes`` measure the written site and the bytes of a first
search query.
"""

from __future__ import annotations

import collections
import functools
import gzip
import json
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

from cchc.timing import StageTimer

from .common import SCRIPT, STATS_MARK, build_environ


class _Timers(StageTimer):
    """Wall and CPU seconds and runs per stage, for the build under way: the timer lent to the
    build (cchc.timing; lent through cchc_mkdocs.events), which tells it each stage as it runs."""

    def __init__(self):
        self.seconds: dict[str, float] = collections.defaultdict(float)
        self.cpu: dict[str, float] = collections.defaultdict(float)
        self.counts: dict[str, int] = collections.defaultdict(int)
        self.finisher: dict[str, float] = {}  # CPU s and peak MB of cchc.finishing's process

    def clear(self) -> None:
        for values in (self.seconds, self.cpu, self.counts, self.finisher):
            values.clear()

    def stage(self, name: str) -> "_Run":
        return _Run(self, name)

    def record(self, name: str, figures: dict) -> None:
        if name == "finisher":
            self.finisher.update(figures)

    def timed(self, name, function):
        """``function``, its calls added to stage ``name``: for MkDocs' own functions, which
        tell no timer."""
        @functools.wraps(function)
        def wrapper(*args, **kwargs):
            with self.stage(name):
                return function(*args, **kwargs)
        return wrapper


class _Run:
    """One run of a stage: its seconds added to the stage's when it ends."""

    __slots__ = ("timers", "name", "started", "started_cpu")

    def __init__(self, timers: _Timers, name: str):
        self.timers, self.name = timers, name

    def __enter__(self):
        self.started, self.started_cpu = time.perf_counter(), time.process_time()

    def __exit__(self, *exc):
        timers = self.timers
        timers.seconds[self.name] += time.perf_counter() - self.started
        timers.cpu[self.name] += time.process_time() - self.started_cpu
        timers.counts[self.name] += 1


def _time_mkdocs(timers: _Timers) -> None:
    """Time MkDocs' Markdown rendering and its writing of each page (the rest of the stages are
    told by the build itself, through the timer it is lent)."""
    import mkdocs.commands.build as mkdocs_build
    import mkdocs.structure.pages as mkdocs_pages

    mkdocs_pages.Page.render = timers.timed("markdown", mkdocs_pages.Page.render)
    mkdocs_build._build_page = timers.timed("pages_built", mkdocs_build._build_page)


def _lend(config, timers: _Timers) -> None:
    """Lend the timer to the builds of ``config`` (cchc_mkdocs.events.SiteEvents.lend; plain
    Material's build has no hooks: only MkDocs' stages are timed). tests/test_bench.py checks
    that our build reports every stage the report needs."""
    from cchc_mkdocs.events import Tools, site_events

    try:
        events = site_events(config)
    except LookupError:  # plain Material
        return
    events.lend(Tools(timer=timers))


def _measured(build, timers: _Timers):
    """MkDocs' build function, lending the timer and printing the stats line after each build."""
    import resource

    def measured_build(config, *args, **kwargs):
        timers.clear()
        _lend(config, timers)
        started, started_cpu = time.perf_counter(), time.process_time()
        try:
            build(config, *args, **kwargs)
        finally:
            timers.cpu["build"] = time.process_time() - started_cpu
            me, children = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
            stats = {"seconds": dict(timers.seconds, build=time.perf_counter() - started),
                     "counts": dict(timers.counts), "stage_cpu": dict(timers.cpu),
                     "finisher": dict(timers.finisher),
                     "maxrss_mb": me.ru_maxrss / 1024, "children_maxrss_mb": children.ru_maxrss / 1024,
                     # CPU seconds of the whole process (start-up too) and of Pagefind: the same
                     # work costs the same CPU when other programs compete for the cores.
                     "cpu": me.ru_utime + me.ru_stime, "children_cpu": children.ru_utime + children.ru_stime}
            print(STATS_MARK + json.dumps(stats), file=sys.stderr, flush=True)
    return measured_build


def instrumented(argv: list[str]) -> int:
    """Run MkDocs (``argv`` as for the mkdocs command) with the core's stages timed.

    After each build, one line `@@bench {json}` on stderr: seconds per stage, pages built,
    peak memory of this process and of its children (Pagefind).
    """
    import mkdocs.commands.build as mkdocs_build
    import mkdocs.commands.serve as mkdocs_serve
    from mkdocs.__main__ import cli

    timers = _Timers()
    _time_mkdocs(timers)
    mkdocs_build.build = mkdocs_serve.build = _measured(mkdocs_build.build, timers)
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


def stats_lines(log: str) -> list[dict]:
    """The stats of each build in a log of ``instrumented``."""
    return [json.loads(line[len(STATS_MARK):]) for line in log.splitlines() if line.startswith(STATS_MARK)]


def mkdocs_build(folder: Path, site: Path, strict: bool = True) -> Run:
    """`mkdocs build` in ``folder`` in a fresh process, timed from start to exit."""
    command = [sys.executable, str(SCRIPT), "--mkdocs", "build", "-d", str(site)] + (["--strict"] if strict else [])
    started = time.perf_counter()
    done = subprocess.run(command, cwd=folder, env=build_environ(), capture_output=True, text=True)
    wall = time.perf_counter() - started
    log = done.stdout + done.stderr
    stats = stats_lines(log)
    return Run(wall, stats[-1] if stats else {}, log, done.returncode)


def run_checker(root: Path) -> tuple[float, int, str]:
    """`cchc check` on the content under ``root``: wall seconds, exit code, last line."""
    started = time.perf_counter()
    done = subprocess.run([sys.executable, "-m", "cchc_mkdocs.cli", "check", "--root", str(root)],
                          env=build_environ(), capture_output=True, text=True)
    lines = (done.stdout + done.stderr).strip().splitlines()
    return time.perf_counter() - started, done.returncode, lines[-1] if lines else ""


def output_size(site: Path) -> dict:
    """Files and bytes of the built site, and of the Pagefind bundle inside it; the largest
    HTML page, gzipped as nginx sends it (its bytes and its address)."""
    from cchc.search import BUNDLE_DIR

    files = [p for p in site.rglob("*") if p.is_file()]
    bundle = [p for p in files if p.relative_to(site).parts[0] == BUNDLE_DIR]
    pages = [p for p in files if p.suffix == ".html"]
    # Level 5, as deploy/nginx/cchc.conf sends pages.
    largest = max(((len(gzip.compress(p.read_bytes(), 5)), p) for p in pages), default=(0, site))
    return {"files": len(files), "bytes": sum(p.stat().st_size for p in files),
            "html": sum(1 for p in files if p.suffix == ".html"),
            "search_bytes": sum(p.stat().st_size for p in bundle),
            "largest_page_gzip": largest[0], "largest_page": largest[1].relative_to(site).as_posix()}


def first_query_bytes(site: Path, page: str) -> dict | str:
    """Bytes a fresh browser fetches for a first search query on ``page``, for each of the
    issue's queries, pasted and typed (search_cost's measure): the largest, with all of them."""
    try:
        from .search_cost import QUERIES, browser_bytes
        rows = browser_bytes(site, QUERIES, page_path=page)
    except Exception as error:  # no browser on this machine: say so, measure the rest
        return f"not measured ({type(error).__name__}: {str(error).splitlines()[0] if str(error) else ''})"
    return {**max(rows, key=lambda row: row["query_gzip"]), "all": rows}
