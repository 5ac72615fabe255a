"""The preview server behind scripts/serve.py (see its docstring for what a save does).

- server: MkDocs' livereload server, watching with inotify, rendering a waiting page before
  serving it, and showing content problems on every page;
- site: the MkDocs build kept in memory and brought up to date after each save, lending each
  build the core's caches (cchc.content.cache, cchc.site.render_cache) so that a rebuild parses,
  checks and renders only what changed;
- waiting: the pages a save changed, rendered when asked for or by a worker thread;
- outputs: what a rebuild reports, and removing outputs whose source is gone.
"""
