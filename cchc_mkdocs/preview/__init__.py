"""The preview server behind scripts/serve.py (see its docstring for what a save does).

- caches: what a rebuild keeps from the last one while its inputs are equal (parsed files,
  checked posts, pages' Markdown, plan years' reports, procedures);
- server: MkDocs' livereload server, watching with inotify, rendering a waiting page before
  serving it, and showing content problems on every page;
- site: the MkDocs build kept in memory and brought up to date after each save;
- waiting: the pages a save changed, rendered when asked for or by a worker thread;
- outputs: what a rebuild reports, and removing outputs whose source is gone.
"""
