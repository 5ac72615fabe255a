"""The README and the developers' notes in dev/ say what the code does today.

The README is the front door (what it is, the two commands, the layout, one route through the
code, links); the architecture, decisions, runbooks and the benchmark live in dev/. A doc goes
stale when the code moves under it: these tests fail when a doc names a command, a function or
a file that no longer exists, or a link that leads nowhere.
"""

from __future__ import annotations

import importlib
import re
from pathlib import Path

import pytest

from cchc_mkdocs.cli import COMMANDS
from conftest import PROJECT

README = PROJECT / "README.md"
DOCS = [README, *sorted((PROJECT / "dev").glob("*.md"))]
CURRENT_DOCS = [doc for doc in DOCS if doc.name != "benchmark.md"]
README_MAX_LINES = 150

_FENCED = re.compile(r"^```[^\n]*\n(.*?)^```", re.DOTALL | re.MULTILINE)
_SPAN = re.compile(r"`([^`\n]+)`")
_LINK = re.compile(r"\[[^\]]+\]\(([^)\s]+)\)")
_COMMAND = re.compile(r"(?:^|[\s/;(&|])cchc ([a-z][\w-]*)")
_DOTTED = re.compile(r"(?<![\w./-])(cchc(?:_mkdocs)?(?:\.[A-Za-z_]\w*)+)")
# Files of the code, which refactors move; named in docs as `cchc/build.py`, `hooks/...`.
_CODE_PATH = re.compile(r"^(?:cchc|cchc_mkdocs|hooks|scripts|tests|overrides)/[\w./-]+$")


def _code(doc: Path) -> list[str]:
    """The text of every fenced block and every inline code span of a Markdown file."""
    text = doc.read_text(encoding="utf-8")
    blocks = _FENCED.findall(text)
    return blocks + _SPAN.findall(_FENCED.sub("", text))


def _heading_ids(doc: Path) -> set[str]:
    """The anchors GitHub gives a file's headings: lower case, punctuation dropped, spaces as -."""
    ids = set()
    for line in doc.read_text(encoding="utf-8").splitlines():
        if line.startswith("#"):
            words = re.sub(r"[^\w\- ]", "", line.lstrip("#").strip().lower())
            ids.add(words.replace(" ", "-"))
    return ids


def _resolves(name: str) -> bool:
    """True when a dotted name is a module, or an attribute (at any depth) of one."""
    parts = name.split(".")
    for cut in range(len(parts), 0, -1):
        try:
            target = importlib.import_module(".".join(parts[:cut]))
        except ImportError:
            continue
        for attribute in parts[cut:]:
            if not hasattr(target, attribute):
                return False
            target = getattr(target, attribute)
        return True
    return False


def _ids(docs):
    return [doc.relative_to(PROJECT).as_posix() for doc in docs]


def test_the_readme_is_the_front_door_of_at_most_150_lines():
    lines = README.read_text(encoding="utf-8").count("\n")
    assert lines <= README_MAX_LINES, (
        f"README.md has {lines} lines; move details into dev/ (architecture, decisions, operations, security)")


def test_the_readme_test_command_is_the_one_ci_runs():
    ci = (PROJECT / ".ci" / "run").read_text(encoding="utf-8").splitlines()
    marker = ci.index("# The README's test command.")
    ci_command = next(line for line in ci[marker + 1:] if line.strip())
    readme_tests = [block.strip() for block in _FENCED.findall(README.read_text(encoding="utf-8"))
                    if "pytest" in block]
    assert len(readme_tests) == 1, readme_tests
    assert readme_tests[0].split("&&")[-1].strip() == ci_command.split("&&")[-1].strip()


def test_the_readme_first_command_needs_only_python_and_pip():
    first = _FENCED.findall(README.read_text(encoding="utf-8"))[0].strip()
    assert first.startswith("python3 -m venv .venv && . .venv/bin/activate && python -m pip install -e . && ")
    assert first.endswith("&& cchc serve")


@pytest.mark.parametrize("doc", DOCS, ids=_ids(DOCS))
def test_every_cchc_command_a_doc_names_exists(doc):
    named = {command for code in _code(doc) for command in _COMMAND.findall(code)}
    assert named - set(COMMANDS) == set(), f"{doc.name} names commands `cchc --help` does not list"


@pytest.mark.parametrize("doc", DOCS, ids=_ids(DOCS))
def test_every_module_and_function_a_doc_names_exists(doc):
    named = {name for code in _code(doc) for name in _DOTTED.findall(code)}
    assert sorted(name for name in named if not _resolves(name)) == []


# dev/benchmark.md is a dated report: it names the code as it was when the benchmark ran.
@pytest.mark.parametrize("doc", CURRENT_DOCS, ids=_ids(CURRENT_DOCS))
def test_every_file_of_the_code_a_doc_names_exists(doc):
    named = {span.strip() for span in _SPAN.findall(doc.read_text(encoding="utf-8"))}
    missing = sorted(path for path in named if _CODE_PATH.match(path) and not (PROJECT / path).exists())
    assert missing == []


@pytest.mark.parametrize("doc", DOCS, ids=_ids(DOCS))
def test_every_link_of_a_doc_leads_somewhere(doc):
    broken = []
    for target in _LINK.findall(doc.read_text(encoding="utf-8")):
        if re.match(r"^[a-z]+:", target):
            continue  # another site: not checked offline
        path, _, anchor = target.partition("#")
        linked = (doc.parent / path).resolve() if path else doc
        if not linked.exists():
            broken.append(target)
        elif anchor and linked.suffix == ".md" and anchor not in _heading_ids(linked):
            broken.append(target)
    assert broken == []
