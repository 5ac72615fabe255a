"""The command line of ``python scripts/bench.py``: measure each size asked for, print each
one's numbers, then the Markdown table; ``--mkdocs ...`` is one timed MkDocs run (stages)."""

from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
from datetime import datetime
from pathlib import Path

from .common import plain_config
from .corpus import write_corpus
from .plain import write_plain_docs
from .preview import measure_preview
from .report import Result, machine, markdown_table, print_result
from .stages import first_query_bytes, instrumented, mkdocs_build, output_size, run_checker

DESCRIPTION = "Benchmark the build at scale, stage by stage, against plain Material on the same pages."


def parser() -> argparse.ArgumentParser:
    """The options of scripts/bench.py."""
    parser = argparse.ArgumentParser(prog="bench.py", description=DESCRIPTION)
    parser.add_argument("--news", type=int, nargs="+", default=[1000, 4000, 10000],
                        help="numbers of news posts, one site each (default: 1000 4000 10000)")
    parser.add_argument("--procedures", type=int, default=200, help="procedure records (default: 200)")
    parser.add_argument("--bulletins", type=int, default=18, help="bulletin issues (default: 18, six a year)")
    parser.add_argument("--years", type=int, default=3, help="plan years the content spans (default: 3)")
    parser.add_argument("--preview-at", type=int, nargs="+", default=[1000, 4000],
                        help="measure the preview (cchc serve) at these numbers of posts, if among --news "
                             "(default: 1000 4000); 0: never")
    parser.add_argument("--edits", type=int, default=3,
                        help="saves measured for each kind of text edit (default: 3)")
    parser.add_argument("--no-browser", action="store_true", help="skip the first-query measurement in Chromium")
    parser.add_argument("--no-material-search", dest="material_search", action="store_false",
                        help="skip the plain build with Material's search plugin (lunr)")
    parser.add_argument("--crowded", type=int, default=0,
                        help="this many more posts in the last year, beside --news (issue 32: 2000, to see "
                             "that no page grows past 60 KB gzip in a busy year)")
    parser.add_argument("--repeat", type=int, default=1,
                        help="build ours and plain this many times each, alternately, and keep the fastest")
    parser.add_argument("--keep", type=Path, help="work in this folder and keep the sites")
    parser.add_argument("--markdown", type=Path, help="also write the results table (Markdown) to this file")
    return parser


def _builds(root: Path, plain: Path, folder: Path, repeat: int, news: int):
    """Our build and the plain one, ``repeat`` times each, alternated so that a busy moment
    weighs on both alike; the fastest of each."""
    ours_runs, plain_runs = [], []
    for _ in range(repeat):
        ours_runs.append(mkdocs_build(root, folder / "site"))
        if ours_runs[-1].returncode != 0:
            print(ours_runs[-1].log[-5000:], file=sys.stderr)
            raise SystemExit(f"the build of {news} posts failed (exit {ours_runs[-1].returncode}); see the log above")
        plain_runs.append(mkdocs_build(plain, folder / "site-plain", strict=False))
        if plain_runs[-1].returncode != 0:
            print(plain_runs[-1].log[-5000:], file=sys.stderr)
            raise SystemExit("the plain Material build failed")
    return (min(runs, key=lambda run: run.wall) for runs in (ours_runs, plain_runs))


def measure(news: int, args: argparse.Namespace, workdir: Path, preview: bool) -> Result:
    """Write, build and measure one size."""
    from .search_cost import index_with_peak_memory
    from cchc.search import INDEX_CHUNK_SIZE

    folder = workdir / f"news-{news}"
    if folder.exists():
        shutil.rmtree(folder)
    root, plain = folder / "ours", folder / "plain"
    root.mkdir(parents=True)
    print(f"[{news:,} posts] writing the corpus...", file=sys.stderr, flush=True)
    corpus = write_corpus(root, news, args.procedures, args.bulletins, args.years if news >= 60 * args.years else 1,
                          crowded=args.crowded)
    plain.mkdir()
    plain_pages = write_plain_docs(corpus, plain, search=False)
    print(f"[{news:,} posts] checker, build, plain build...", file=sys.stderr, flush=True)
    checker = min((run_checker(root) for _ in range(args.repeat)), key=lambda run: run[0])
    ours, plain_run = _builds(root, plain, folder, args.repeat, news)
    lunr = None
    if args.material_search:
        (plain / "mkdocs.yml").write_text(plain_config(search=True), encoding="utf-8")
        lunr = mkdocs_build(plain, folder / "site-lunr", strict=False)
    size = output_size(folder / "site")
    # Pagefind's peak memory, from a run of its own: the build's child processes start as forks
    # of the MkDocs process, so their peak is never below the build's own.
    size["indexed_pages"], _, size["pagefind_peak_mb"] = index_with_peak_memory(folder / "site", INDEX_CHUNK_SIZE)
    query = first_query_bytes(folder / "site", corpus.sample_url) if not args.no_browser else "not measured (--no-browser)"
    result = Result(corpus, ours, plain_run, plain_pages, lunr, checker, size, query)
    if preview:
        print(f"[{news:,} posts] preview...", file=sys.stderr, flush=True)
        result.preview = measure_preview(corpus, args.edits)
    if not args.keep:
        shutil.rmtree(folder, ignore_errors=True)
    return result


def main(argv: list[str] | None = None) -> int:
    """Measure each size asked for and print the results; ``--mkdocs ...`` is one timed MkDocs run."""
    argv = sys.argv[1:] if argv is None else argv
    if argv[:1] == ["--mkdocs"]:
        return instrumented(argv[1:])
    args = parser().parse_args(argv)
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
