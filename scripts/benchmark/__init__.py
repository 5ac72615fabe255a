"""The build benchmark (``python scripts/bench.py``), in the parts a reader looks for.

``common`` holds what every part shares: the project's paths, the build's fixed moment and
environment, and the configurations of the two sites built (ours, which inherits the project's
mkdocs.yml through MkDocs' own ``INHERIT``, and plain Material on the same pages).
``corpus`` and ``procedures`` write the synthetic site (``made_up``: its pictures, PDFs,
titles and text); ``plain`` turns it into the plain docs
folder; ``stages`` times one instrumented ``mkdocs build`` stage by stage (in a child process),
the checker, the output and the first search query (``search_cost``: a visitor's bytes in a
browser, Pagefind's peak memory); ``preview`` drives ``cchc serve`` and
times saves; ``report`` prints one size's numbers and the Markdown table for dev/benchmark.md;
``cli`` is the command line and measures each size. It prints numbers and asserts nothing.
"""
