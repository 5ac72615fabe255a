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
- the content checker (`cchc check`), wall clock;
- output size, and the bytes a browser fetches for a first search query, for each of the six
  queries of issue 7 pasted and typed (scripts/benchmark/search_cost.py);
- the same Markdown pages (every page the build renders, as the hooks hand them to MkDocs)
  built as plain Material pages, in the same run: a docs folder and the project's mkdocs.yml
  without what is ours (hooks, theme overrides, extra CSS), so the same theme settings,
  Markdown extensions, nav and validation; optionally also with Material's search plugin;
- at 1,000 and 4,000 posts (--preview-at), the README's preview command (`cchc serve`) on a
  free localhost port: seconds from saving a file to its page being served rebuilt, for edits of
  a post's, a procedure's and a bulletin's text, a post's title, a new post and its deletion.

Wall-clock seconds are what an editor waits; CPU seconds are printed beside them because they
hardly change when other programs share the cores. It prints numbers and asserts nothing.
The code is the package scripts/benchmark/ (corpus, stages, preview, report; its __init__ says
which part does what); this file is its command.
"""

import sys
from pathlib import Path

sys.path[:0] = [str(Path(__file__).resolve().parents[1]), str(Path(__file__).resolve().parent)]

from benchmark.cli import main  # noqa: E402

if __name__ == "__main__":
    sys.exit(main())
