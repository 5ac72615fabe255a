"""What every part of the benchmark shares: paths, the build's moment, its environment and the
configurations of the two sites built, written as small mkdocs.yml files that inherit the
project's own (MkDocs' ``INHERIT``), so MkDocs itself reads and merges the project's settings."""

from __future__ import annotations

import os
from pathlib import Path

import yaml

PROJECT = Path(__file__).resolve().parents[2]
SCRIPT = PROJECT / "scripts/bench.py"  # the command; ``bench.py --mkdocs ...`` is one timed build
# 2023-01-01 00:00 in Vietnam: the build's moment; every synthetic year is over, so the plan
# check judges each plan whole (nothing pending) and every item must be done.
EPOCH = "1672506000"
LAST_YEAR = 2022
STATS_MARK = "@@bench "
PREVIEW_COMMAND = "`cchc serve`"  # the README's preview command


def build_environ() -> dict[str, str]:
    """The environment of every build: a fixed build moment, the plan check as of that day."""
    environ = {**os.environ, "SOURCE_DATE_EPOCH": EPOCH, "NO_MKDOCS_2_WARNING": "1",
               "PYTHONPATH": os.pathsep.join(filter(None, [str(PROJECT), os.environ.get("PYTHONPATH")]))}
    environ.pop("CCHC_AS_OF", None)
    return environ


def _inheriting(**settings: object) -> str:
    """A mkdocs.yml that takes the project's and replaces ``settings`` (MkDocs merges mappings
    key by key and replaces lists); paths are absolute, since a relative one is read from the
    folder of the file that inherits."""
    return yaml.safe_dump({"INHERIT": str(PROJECT / "mkdocs.yml"), **settings}, allow_unicode=True,
                          sort_keys=False)


def project_config() -> str:
    """mkdocs.yml of a synthetic site: the project's, with its hand-written pages, theme
    overrides and hooks taken from the project (the content is the site's own)."""
    return _inheriting(docs_dir=str(PROJECT / "docs"), theme={"custom_dir": str(PROJECT / "overrides")},
                       hooks=[str(PROJECT / "hooks/cchc_hooks.py")])


def plain_config(search: bool) -> str:
    """mkdocs.yml for the plain Material build: the project's own settings (site, theme, Markdown
    extensions, nav, validation) without what is ours: no hooks, no theme overrides, no extra
    CSS; no plugins, or Material's search plugin. Its docs folder is beside it, and so is
    PLAIN_THEME, an empty folder: the inherited theme keeps a custom_dir, which holds nothing."""
    return _inheriting(docs_dir="docs", theme={"custom_dir": PLAIN_THEME}, hooks=[], extra_css=[],
                       plugins=["search"] if search else [])


PLAIN_THEME = "no-overrides"


def load_settings(config_file: Path):
    """A site's configuration as MkDocs builds it (``mkdocs.config.load_config``)."""
    from mkdocs.config import load_config

    return load_config(config_file=str(config_file))

