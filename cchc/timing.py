"""The stages of a build, told to whoever times them: the build's default timer does nothing.

A tool that measures the build (scripts/benchmark) passes its own timer to ``cchc.build.Build``;
the build says which stage runs (``with timer.stage("feeds"): ...``) and the adapter does the
same for what it runs itself (finishing pages, Pagefind). Nothing in the core is replaced to
time it.
"""

from __future__ import annotations

from contextlib import AbstractContextManager, nullcontext

_NOTHING = nullcontext()


class StageTimer:
    """Told each stage of a build as it runs, and the figures a stage reports; this one keeps
    nothing (a build's default). Stages may nest: the loading of the content is in the build's
    load, for instance."""

    def stage(self, name: str) -> AbstractContextManager:
        """A context around one run of stage ``name``."""
        return _NOTHING

    def record(self, name: str, figures: dict) -> None:
        """Figures a stage measured itself (``finisher``: the CPU seconds and peak memory of
        the process finishing pages)."""


NO_TIMER = StageTimer()
