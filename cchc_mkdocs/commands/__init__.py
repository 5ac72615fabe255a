"""The commands of `cchc` (cchc_mkdocs.cli): each module has arguments(parser) and run(args)."""
