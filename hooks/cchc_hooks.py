"""The build's entry into the cchc core: MkDocs calls these events, cchc_mkdocs.events does the work.

MkDocs loads this file anew with each configuration it reads, so each has its own ``events``;
a tool that runs builds lends them what it has through ``events.lend`` (cchc_mkdocs.events).
"""

from cchc_mkdocs.events import SiteEvents

events = SiteEvents()

on_config = events.on_config
on_files = events.on_files
on_pre_page = events.on_pre_page
on_page_read_source = events.on_page_read_source
on_page_content = events.on_page_content
on_env = events.on_env
on_post_page = events.on_post_page
on_post_build = events.on_post_build
on_build_error = events.on_build_error
on_serve = events.on_serve
