"""Content: reading the files editors write and turning them into checked records. ``source``
reads one file (bytes to NFC text, YAML front matter with line numbers), one module per kind of
content holds its front-matter contract, validation, model and loader (``news``, ``bulletins``,
``procedures``, ``plan``), ``load`` gathers the whole tree into a ``Site`` and reports every
problem at once, and the rest serve the same records (``files``: published files are what
their names say; ``plan_years``: which plan checks which year; ``schedule``: when scheduled
posts fall due; ``skeletons`` and ``procedure_import``: new files for editors). It imports
nothing from the other parts of cchc except the helpers at the top (text, dates, problems)."""
