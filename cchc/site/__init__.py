"""Page generation: the Markdown and HTML of every page the build makes, rendered from the
Jinja templates in ``templates/`` with autoescaping. ``pages`` holds the renderer and the news,
topic and home pages; ``bulletin_pages`` and ``procedure_pages`` the pages of those kinds;
``guide`` the editors' guide and ``cms`` the editors' interface at /quan-tri/, both from the
description of the fields (``cchc.content.fields``); ``render_cache`` keeps what a renderer made
for the next build of a long-running tool (the preview). It reads the records of ``cchc.content`` only."""
