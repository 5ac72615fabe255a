"""Content: reading the files editors write and turning them into checked records. ``source``
reads one file (bytes to NFC text, YAML front matter with line numbers); one module per kind of
content holds its front-matter contract and model (``news``, ``bulletins``, ``procedures``,
``plan``), all checked with one validation kit (``checker``), procedures in three steps (one
record in ``procedure_check``, rules across records and loading in ``procedure_catalogue``);
``load`` gathers the whole tree into a ``Site`` and reports every problem at once, through a
``cache`` when a long-running tool lends one (the preview: what is unchanged is not read nor
checked again). The rest
serve the same records: ``files`` (published files are what their names say), ``plan_years``
(which plan checks which year), ``schedule`` (when scheduled posts fall due), ``skeletons`` and
the procedures' import (``procedure_import`` over the readers ``procedure_portal`` and
``procedure_annex``). It imports nothing from the other parts of cchc but the helpers at the top."""
