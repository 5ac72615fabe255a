"""Core of the CCHC publishing system: content in, models, pages, feeds and reports out.

Nothing here imports MkDocs; the hooks in ``hooks/`` adapt this package to a MkDocs build.
"""
