"""The plan check and its reports: ``coverage`` decides which topics, forms and quotas of a
year's plan are done, pending or overdue; ``report`` makes the plan's pages, its JSON and its
chart, ``dashboard`` the rows those pages show, ``report_docx`` and ``report_csv`` the files to
download; ``scaffold`` drafts next year's plan. The plan model itself is content
(``cchc.content.plan``); the pages are rendered with ``cchc.site``'s renderer."""
