"""The package's layout is its design: parts in layers, imports only going down.

Lowest first: the helpers every part may use (text, dates, problems, config, sanitize, timing,
writing); the
content and the search; page generation (site); what is made from pages and records (plan,
syndication); one build (build); deployment (deploy). A module imports from its own part or a
lower layer, never from a part beside it or above it, and nothing in cchc imports MkDocs.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from conftest import PROJECT

PACKAGE = PROJECT / "cchc"
LAYERS = [
    {"cchc", "text", "dates", "problems", "config", "sanitize", "timing", "writing"},
    {"content", "search"},
    {"site"},
    {"plan", "syndication", "finishing"},
    {"build"},
    {"deploy"},
]
HELPERS = LAYERS[0]
SUB_PACKAGES = ("content", "plan", "site", "syndication", "search", "deploy")


def _layer(part: str) -> int:
    layer = next((i for i, parts in enumerate(LAYERS) if part in parts), None)
    assert layer is not None, f"cchc.{part} is in no layer: move it into a part, or add it to LAYERS"
    return layer


def _module_name(path: Path) -> str:
    parts = path.relative_to(PROJECT).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _part(module: str) -> str:
    """cchc.content.news -> content; cchc.text -> text; cchc -> cchc."""
    names = module.split(".")
    return names[1] if len(names) > 1 else "cchc"


def _imports(path: Path, module: str | None = None) -> list[tuple[int, str]]:
    """(line, absolute module) of every import in the file, function-level ones included."""
    module = module or _module_name(path)
    package = module if path.name == "__init__.py" else module.rpartition(".")[0]
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found += [(node.lineno, alias.name) for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")[: len(package.split(".")) - node.level + 1]
                target = ".".join(base + ([node.module] if node.module else []))
            else:
                target = node.module or ""
            if node.module is None or target in ("cchc",) or target.count(".") == 1 and target.startswith("cchc."):
                # `from . import source` names modules: each is its own target
                found += [(node.lineno, f"{target}.{alias.name}") for alias in node.names]
            else:
                found.append((node.lineno, target))
    return found


MODULES = sorted(PACKAGE.rglob("*.py"))


def test_the_package_has_its_parts_as_sub_packages_each_saying_what_it_holds():
    for name in SUB_PACKAGES:
        init = PACKAGE / name / "__init__.py"
        docstring = ast.get_docstring(ast.parse(init.read_text(encoding="utf-8")))
        assert docstring and len(docstring.split()) >= 20, f"cchc/{name}/__init__.py: say what the part holds"
    assert {_part(_module_name(m)) for m in MODULES} <= set().union(*LAYERS), "a module outside every layer"


@pytest.mark.parametrize("path", MODULES, ids=lambda p: p.relative_to(PROJECT).as_posix())
def test_imports_only_go_down(path):
    here = _part(_module_name(path))
    wrong = []
    for line, target in _imports(path):
        if target.split(".")[0] in ("mkdocs", "material"):
            wrong.append(f"{line}: {target}: the core never imports MkDocs (hooks/ adapts it)")
        if not target.startswith("cchc.") and target != "cchc":
            continue
        there = _part(target)
        if there == here or there in HELPERS and here in HELPERS and _layer(here) == 0:
            continue
        if _layer(there) >= _layer(here):
            wrong.append(f"{line}: {target}: cchc.{here} (layer {_layer(here)}) may import only from "
                         f"lower layers, not cchc.{there} (layer {_layer(there)})")
    assert wrong == [], f"{path.relative_to(PROJECT)}:\n" + "\n".join(wrong)


def test_the_import_check_sees_a_part_importing_upward(tmp_path):
    # The check above cannot pass by missing imports: a content module importing a page is caught.
    probe = tmp_path / "probe.py"
    probe.write_text("from ..site.pages import PageRenderer\nfrom . import news\n", encoding="utf-8")
    targets = [target for _, target in _imports(probe, "cchc.content.probe")]
    assert targets == ["cchc.site.pages", "cchc.content.news"]
    assert _layer(_part("cchc.site.pages")) > _layer(_part("cchc.content.news"))


def test_no_test_helper_is_shipped_in_the_package():
    names = {path.stem for path in MODULES}
    assert not names & {"sitecheck", "conftest", "browser"}, names
    for path in MODULES:
        assert "pytest" not in {target.split(".")[0] for _, target in _imports(path)}, path


# A size a reader can take in: a function of about 60 lines.
LONG_FUNCTION = 65


# The build benchmark is a package of its own modules too; scripts/bench.py is its command.
BENCHMARK = sorted((PROJECT / "scripts/benchmark").rglob("*.py")) + [PROJECT / "scripts/bench.py"]
# The MkDocs adapter: the build's events, the settings, the preview server and the commands.
PREVIEW = sorted((PROJECT / "cchc_mkdocs").rglob("*.py"))


@pytest.mark.parametrize("path", MODULES + BENCHMARK + PREVIEW, ids=lambda p: p.relative_to(PROJECT).as_posix())
def test_no_function_is_long(path):
    tree = ast.parse(path.read_text(encoding="utf-8"))
    long = [f"{node.name} ({node.end_lineno - node.lineno + 1} lines)" for node in ast.walk(tree)
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef))
            and node.end_lineno - node.lineno + 1 > LONG_FUNCTION]
    assert long == [], f"{path.relative_to(PROJECT)}: split {', '.join(long)}"


# Tools plug into the core through its parameters (a cache, a timer), never by replacing what is
# in it: a replaced function is silently bypassed by the first caller that reaches it another way.
OUTSIDE = sorted(path for top in PROJECT.iterdir()
                 if top.name not in ("cchc", "tests", "node_modules", "build", "site") and not top.name.startswith(".")
                 for path in ([top] if top.suffix == ".py" else top.rglob("*.py") if top.is_dir() else []))


def _core_names(tree: ast.AST) -> set[str]:
    """Names a file binds to cchc or anything imported from it (modules, classes, functions),
    function-level imports too."""
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names |= {alias.asname or alias.name.split(".")[0] for alias in node.names
                      if alias.name == "cchc" or alias.name.startswith("cchc.")}
        elif isinstance(node, ast.ImportFrom) and not node.level and node.module \
                and (node.module == "cchc" or node.module.startswith("cchc.")):
            names |= {alias.asname or alias.name for alias in node.names}
    return names


def _root(node: ast.AST) -> str | None:
    while isinstance(node, ast.Attribute):
        node = node.value
    return node.id if isinstance(node, ast.Name) else None


def core_patches(source: str) -> list[str]:
    """Every place ``source`` replaces or removes something in cchc: an attribute assigned or
    deleted on a name bound to cchc, and any setattr() or delattr() (whose target cannot be
    told from the source) but on ``self``."""
    tree = ast.parse(source)
    core = _core_names(tree)
    found = []
    for node in ast.walk(tree):
        targets = []
        if isinstance(node, ast.Assign):
            targets = [t for target in node.targets for t in ast.walk(target)]
        elif isinstance(node, (ast.AugAssign, ast.AnnAssign, ast.Delete)):
            targets = [t for target in getattr(node, "targets", [getattr(node, "target", None)]) for t in ast.walk(target)]
        found += [f"{node.lineno}: {ast.unparse(t)}" for t in targets
                  if isinstance(t, ast.Attribute) and isinstance(t.ctx, (ast.Store, ast.Del)) and _root(t) in core]
        if isinstance(node, ast.Call) and node.args:
            called = ast.unparse(node.func)
            if called in ("setattr", "delattr") and _root(node.args[0]) != "self" \
                    or called == "object.__setattr__" and _root(node.args[0]) in core:
                found.append(f"{node.lineno}: {ast.unparse(node)}")
    return found


@pytest.mark.parametrize("path", OUTSIDE, ids=lambda p: p.relative_to(PROJECT).as_posix())
def test_nothing_outside_the_core_replaces_what_is_in_it(path):
    found = core_patches(path.read_text(encoding="utf-8"))
    assert found == [], (f"{path.relative_to(PROJECT)} changes the core from outside; give the core a "
                         "parameter (a cache, a timer) instead:\n" + "\n".join(found))


def test_the_patch_check_sees_every_way_a_tool_replaced_the_core():
    # What scripts/preview/caches.py and scripts/benchmark/stages.py did before the core took
    # a cache and a timer: each line is caught.
    probe = "\n".join([
        "import cchc.content.load as content_load",
        "from cchc.content import source as content_source",
        "from cchc.site.pages import PageRenderer",
        "def install(stages):",
        "    import cchc.plan.report as report",
        "    content_source.read = cached_read",
        "    PageRenderer.post_source = post_source",
        "    report.year_report = content_load.check_post = wrapped",
        "    content_load.Site.posts_on += ()",
        "    del PageRenderer.page",
        "    for owner, name in stages:",
        "        setattr(owner, name, wrapped)",
        "    object.__setattr__(PageRenderer, 'page', wrapped)",
        "    self_made.value = 1",            # a name of the tool's own: not the core's
        "    setattr(self, 'ok', 1)",
        "    object.__setattr__(record, 'body', body)",
    ])
    assert sorted(int(line.split(":")[0]) for line in core_patches(probe)) == [6, 7, 8, 8, 9, 10, 12, 13]
