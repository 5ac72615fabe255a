"""Checks on a built site for the test suite: reproducibility and HTML validity.

The link and self-containment checks are the package's own (cchc/deploy/linkcheck.py: the publish
script runs them before a release goes live); they are re-exported here so tests use one module.
Each check reads only the output folder and returns the problems it found, one line each; an
empty list means the site passes. The browser checks (accessibility, mobile width, requests made
at run time) are in ``tests/browser.py``.
"""

from __future__ import annotations

import json
import subprocess
from pathlib import Path
from urllib.parse import unquote, urlsplit

from cchc.deploy.linkcheck import LinkReport, broken_links, check_links, external_resources  # noqa: F401


# The Nu Html Checker's message for `autocomplete` on Material's own hidden checkboxes
# (`__drawer`, `__search` in material/templates/base.html). It is on every page and is not
# ours to change: Material keeps it so Firefox does not restore the toggles' state.
NU_MATERIAL_AUTOCOMPLETE = (
    "Attribute “autocomplete” is only allowed when the input type is “color”, “date”, "
    "“datetime-local”, “email”, “hidden”, “month”, “number”, “password”, “range”, “search”, "
    "“tel”, “text”, “time”, “url”, or “week”."
)
# Nu messages that are not errors of ours, matched exactly; each with the reason it is allowed.
NU_ALLOWED = {NU_MATERIAL_AUTOCOMPLETE: "Material's own toggles (material/templates/base.html)"}
# Files per Nu run: keeps the command line short at 10,000 pages.
_NU_BATCH = 400


def _files(root: Path) -> dict[str, Path]:
    return {p.relative_to(root).as_posix(): p for p in root.rglob("*") if p.is_file()}


def differences(first: Path, second: Path) -> list[str]:
    """Every file that differs between two builds: missing from one, or with other bytes."""
    a, b = _files(first), _files(second)
    problems = [f"{rel}: expected in both builds, found only in {first if rel in a else second}"
                for rel in sorted(a.keys() ^ b.keys())]
    for rel in sorted(a.keys() & b.keys()):
        left, right = a[rel].read_bytes(), b[rel].read_bytes()
        if left != right:
            at = next((i for i, (x, y) in enumerate(zip(left, right)) if x != y), min(len(left), len(right)))
            problems.append(f"{rel}: expected the same bytes, found {len(left)} and {len(right)} bytes "
                            f"differing from byte {at}: {left[at:at + 40]!r} / {right[at:at + 40]!r}")
    return problems


def compared_files(root: Path) -> int:
    """How many files a comparison of ``root`` with another build reads."""
    return len(_files(root))


def html_errors(files: list[Path], *, jar: Path, root: Path, java: str = "java",
                allowed: dict[str, str] = NU_ALLOWED) -> list[str]:
    """Errors the Nu Html Checker (vnu.jar) finds in ``files``, less the ``allowed`` messages.

    Each line is ``<file relative to root>:<line>: <message>``; a file Nu cannot read is an error too.
    """
    problems: list[str] = []
    by_path = {str(path.resolve()): path for path in files}
    for start in range(0, len(files), _NU_BATCH):
        batch = [str(path) for path in files[start:start + _NU_BATCH]]
        done = subprocess.run([java, "-jar", str(jar), "--errors-only", "--format", "json", *batch],
                              capture_output=True, text=True, timeout=900)
        try:
            messages = json.loads(done.stderr or done.stdout)["messages"]
        except (ValueError, KeyError):
            raise RuntimeError(f"vnu.jar did not report in JSON (exit {done.returncode}): "
                               f"{(done.stderr or done.stdout)[:500]}") from None
        for message in messages:
            if message.get("message") in allowed:
                continue
            path = by_path.get(unquote(urlsplit(message.get("url", "")).path))
            where = path.relative_to(root).as_posix() if path else message.get("url", "?")
            problems.append(f"{where}:{message.get('lastLine', '?')}: {message.get('type')}: {message.get('message')}")
    return problems
