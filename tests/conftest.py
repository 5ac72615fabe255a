"""Test harness: build small sites end to end with the project's real configuration."""

from __future__ import annotations

import functools
import json
import os
import re
import shutil
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

PROJECT = Path(__file__).resolve().parents[1]
# The `cchc` command as this interpreter runs it (the console script's own module).
CCHC = [sys.executable, "-m", "cchc_mkdocs.cli"]
# The commands the tests used to run as scripts/<name>: name -> `cchc` command.
COMMAND_OF = {"check.py": "check", "coverage.py": "coverage", "publish.py": "publish", "new.py": "new",
              "import_procedures.py": "import", "nginx_conf.py": "nginx-conf", "edit.py": "edit", "serve.py": "serve"}
# 2023-01-01 00:00 in Vietnam: every 2022 sample post is in the past.
EPOCH_2023 = "1672506000"


def _keep_compiled_templates() -> None:
    """MkDocs' theme environment (Material's templates) keeps its compiled templates for the
    session, as cchc's own environment does in every process (cchc.site.pages.CompiledTemplates):
    the suite's in-process builds compile each template once. A template whose source changes is
    compiled again (Jinja checks its checksum), so what is built is the same."""
    import mkdocs.theme

    from cchc.site.pages import CompiledTemplates

    cache = CompiledTemplates()
    get_env = mkdocs.theme.Theme.get_env

    @functools.wraps(get_env)
    def cached_env(*args, **kwargs):
        env = get_env(*args, **kwargs)
        env.bytecode_cache = cache
        return env

    mkdocs.theme.Theme.get_env = cached_env


_keep_compiled_templates()


@dataclass
class Built:
    """The outcome of one `mkdocs build`: exit code, log and the output folder."""

    returncode: int
    log: str
    site: Path

    def page(self, url: str) -> BeautifulSoup:
        """The parsed HTML of the page at site-relative ``url`` (a directory URL)."""
        path = self.site / url.strip("/") / "index.html" if not url.endswith(".html") else self.site / url
        return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")

    def article(self, url: str) -> BeautifulSoup:
        """The page's main content, without theme chrome."""
        return self.page(url).select_one("article.md-content__inner")

    def log_lines(self, level: str) -> list[str]:
        """Log messages at ``level`` (ERROR, WARNING, INFO), without the level prefix."""
        pattern = re.compile(rf"^{level}\s+-\s+(?:cchc: )?(.*)$")
        return [m.group(1) for line in self.log.splitlines() if (m := pattern.match(line))]


def site_config(root: Path, *, config: dict | None = None, **settings: object) -> str:
    """A mkdocs.yml for a site at ``root`` with its own configuration file, as an editor's
    project has (for the command-line tools, `mkdocs build` or `serve` run there): the project's
    mkdocs.yml through MkDocs' ``INHERIT``, with its docs, theme overrides and hooks, and this
    folder's content/. ``config`` replaces top-level keys (like site_url), ``settings`` keys of
    ``extra.cchc``; a dict value is merged into the project's (``report={"number": ...}``)."""
    lines = ["# A test site: the project's configuration, with the content/ beside this file.",
             f"INHERIT: {json.dumps(str(PROJECT / 'mkdocs.yml'))}",
             f"docs_dir: {json.dumps(str(PROJECT / 'docs'))}",
             f"theme: {json.dumps({'custom_dir': str(PROJECT / 'overrides')})}",
             f"hooks: {json.dumps([str(PROJECT / 'hooks/cchc_hooks.py')])}"]
    lines += [f"{key}: {json.dumps(value, ensure_ascii=False)}" for key, value in (config or {}).items()]
    if settings:
        lines.append(f"extra: {json.dumps({'cchc': settings}, ensure_ascii=False)}")
    return "\n".join(lines) + "\n"


def run_build(root: Path, *, strict: bool = True, epoch: str = EPOCH_2023, env: dict | None = None,
              as_of: str | None = "2022-01-01", site_dir: Path | None = None, **settings: object) -> Built:
    """Build the site whose content is in ``root``/content, as `mkdocs build` would, and return
    what it did.

    The build runs in this process (MkDocs' own load_config and build, as `mkdocs build` calls
    them), with the environment, folder and log of a command line run: a second Python for each
    of the suite's many builds cost more than the build itself. Its configuration is
    ``root``/mkdocs.yml when the site has one (site_config), else the project's mkdocs.yml with
    ``extra.cchc.content_dir`` naming ``root``/content and ``settings`` in ``extra.cchc``.
    Small test sites cover little of the 2022 plan, so by default the plan check runs as of its
    first day, when nothing is overdue yet; ``as_of=None`` checks as of the build time.
    The site is written to ``site_dir``, by default ``root``/site.
    """
    import io
    import logging
    import traceback

    from mkdocs.commands.build import build
    from mkdocs.config import load_config
    from mkdocs.exceptions import Abort, ConfigurationError

    out = site_dir or root / "site"
    environ = {"SOURCE_DATE_EPOCH": epoch, "NO_MKDOCS_2_WARNING": "1", **(env or {})}
    saved_env, saved_cwd = dict(os.environ), os.getcwd()
    os.environ.update(environ)
    os.environ.pop("CCHC_AS_OF", None) if as_of is None else os.environ.setdefault("CCHC_AS_OF", as_of)
    log, logger = io.StringIO(), logging.getLogger("mkdocs")
    handler = logging.StreamHandler(log)
    handler.setFormatter(logging.Formatter("%(levelname)-8s-  %(message)s"))
    level, propagate = logger.level, logger.propagate
    logger.addHandler(handler)
    logger.setLevel(logging.INFO)
    logger.propagate = False
    returncode = 0
    try:
        os.chdir(root)
        own = root / "mkdocs.yml"
        config = load_config(config_file=str(own if own.exists() else PROJECT / "mkdocs.yml"),
                             site_dir=str(out), strict=strict)
        if not own.exists():
            config.extra["cchc"] = {**(config.extra.get("cchc") or {}), "content_dir": str(root / "content")}
        cchc = config.extra.get("cchc") or {}
        # A dict setting is merged into the configured one (cms={"repo": ...}), as INHERIT does.
        config.extra["cchc"] = {**cchc, **{key: {**cchc[key], **value} if isinstance(value, dict)
                                           and isinstance(cchc.get(key), dict) else value
                                           for key, value in settings.items()}}
        build(config)
    except (Abort, ConfigurationError) as error:
        log.write(f"{error}\n")
        returncode = 1
    except Exception:  # what the command line would print before exiting with 1
        log.write(traceback.format_exc())
        returncode = 1
    finally:
        os.chdir(saved_cwd)
        os.environ.clear()
        os.environ.update(saved_env)
        logger.removeHandler(handler)
        logger.setLevel(level)
        logger.propagate = propagate
    return Built(returncode, log.getvalue(), out)


@pytest.fixture
def make_site(tmp_path):
    """Make a site in a temp folder from ``{path: text or bytes}``; the 2022 plan is included.
    With ``own_config`` or ``settings`` (keys of extra.cchc) the site has its own mkdocs.yml
    (site_config), as an editor's project has for the command-line tools; without, it has only
    content/ and run_build points the project's configuration at it."""

    def make(files: dict[str, str | bytes], *, plan: bool = True, own_config: bool = False,
             **settings: object) -> Path:
        root = tmp_path / "site-src"
        (root / "content").mkdir(parents=True, exist_ok=True)
        if own_config or settings:
            (root / "mkdocs.yml").write_text(site_config(root, **settings), encoding="utf-8")
        if plan:
            (root / "content/plans").mkdir(parents=True, exist_ok=True)
            shutil.copy(PROJECT / "content/plans/2022.yml", root / "content/plans/2022.yml")
        for rel, data in files.items():
            path = root / rel
            path.parent.mkdir(parents=True, exist_ok=True)
            if isinstance(data, bytes):
                path.write_bytes(data)
            else:
                path.write_text(data, encoding="utf-8")
        return root

    return make


@pytest.fixture(scope="session")
def shipped(tmp_path_factory) -> Built:
    """The shipped site, built once with --strict from the repository's own content (in this
    process; tests/test_site_checks.py builds it again with the command line and compares)."""
    return run_build(PROJECT, site_dir=tmp_path_factory.mktemp("shipped") / "site", as_of=None)


@pytest.fixture(scope="session")
def imported_site(tmp_path_factory) -> Built:
    """A site whose procedures come from the importer (tests/fixtures/portal: a dossier per case,
    fees per way), built once with --strict and the production setting ``samples: error``; the
    procedure tests read it, the browser tests serve it."""
    from datetime import date

    from cchc.content.procedure_import import DecisionInfo, plan_import, read_inputs, write_changes

    root = tmp_path_factory.mktemp("imported") / "site-src"
    (root / "content/plans").mkdir(parents=True)
    shutil.copy(PROJECT / "content/plans/2022.yml", root / "content/plans/2022.yml")
    records, rows = read_inputs(sorted((PROJECT / "tests/fixtures/portal").glob("*.json")))
    write_changes(root, plan_import(root, records, rows, DecisionInfo("949/QĐ-UBND", date(2022, 5, 10)),
                                    date(2022, 6, 1), "01 bộ"))
    return run_build(root, samples="error")


@pytest.fixture(scope="session")
def browser():
    """One headless Chromium for the whole session (tests/browser.py); missing, it fails in CI."""
    from playwright.sync_api import sync_playwright

    from browser import CHROMIUM, CHROMIUM_ARGS, require_chromium

    require_chromium()
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield launched
        launched.close()


def post(title: str = "Tin thử nghiệm", date: str = "2022-03-03", topics: str = "[II.1]",
         summary: str = "Tóm tắt tin thử nghiệm.", body: str = "Nội dung tin.", **more: str) -> str:
    """A news post's text with the given front-matter values (already YAML-formatted).

    Like every shipped post, it carries as ``slug`` (last) the address its title gives, unless
    ``slug`` is given (``slug=None``: none, the address is then the file name)."""
    from cchc.text import slugify

    slug = more.pop("slug", slugify(title))
    lines = [f"title: {title}", f"date: {date}", f"topics: {topics}", f"summary: {summary}"]
    lines += [f"{key}: {value}" for key, value in more.items()]
    lines += [f"slug: {slug}"] if slug else []
    return "---\n" + "\n".join(lines) + "\n---\n\n" + body + "\n"


# The fast inner loop, `python -m pytest -m "not site"`, leaves out every test marked `site`:
# those that build a site, start a browser, a server or another program. They are marked where
# they are written, never guessed from their code: a module of such tests says so at its top
# (`pytestmark = pytest.mark.site`), a single test with `@pytest.mark.site`; and a test that uses
# a fixture that builds or launches, directly or through another fixture, is marked here. Those
# fixtures are named in SITE_FIXTURES: conftest's below, a module's own in that module.
SITE_FIXTURES = {"make_site", "shipped", "imported_site", "browser"}

# Fuzz tests run their full number of examples in the whole suite (CI) and a fifth of it in the
# fast loop, which a developer runs after each change and which must stay quick (README).
_RUN = {"fast_loop": False}


def pytest_configure(config):
    _RUN["fast_loop"] = "not site" in (config.option.markexpr or "")


def fuzz_examples(full: int) -> int:
    """How many examples a fuzz test of ``full`` examples tries in this run."""
    return max(20, full // 5) if _RUN["fast_loop"] else full


def pytest_collection_modifyitems(config, items):
    for item in items:
        declared = SITE_FIXTURES | set(getattr(getattr(item, "module", None), "SITE_FIXTURES", ()))
        if declared & set(item.fixturenames):
            item.add_marker(pytest.mark.site)
