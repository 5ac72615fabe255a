"""deploy/git/pre-receive: main never receives content the checker refuses (issue 30).

A save from the CMS through a git server is a push to main; one that the build would refuse used
to become a commit that stopped every later publish. The hook checks the pushed commit as a whole,
so what only the whole content tells (a procedure code used twice) is refused too, with the
checker's lines, and main stays where it was.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import PROJECT, post, site_config

SITE_FIXTURES = {"repository"}  # runs git and cchc check

HOOK = PROJECT / "deploy/git/pre-receive"
PROCEDURES = "content/procedures/chuyen-giao-cong-nghe"


def git(*args: str, cwd: Path, env: dict | None = None) -> subprocess.CompletedProcess:
    return subprocess.run(["git", *args], cwd=cwd, env=env, capture_output=True, text=True, timeout=600)


@pytest.fixture
def repository(tmp_path):
    """A bare repository with the hook, and a clone of the department's repository to push from."""
    if shutil.which("git") is None:
        pytest.skip("git is not installed")
    bare, clone = tmp_path / "repo.git", tmp_path / "clone"
    assert git("init", "--bare", "--quiet", "--initial-branch=main", str(bare), cwd=tmp_path).returncode == 0
    shutil.copy(HOOK, bare / "hooks/pre-receive")
    assert git("clone", "--quiet", str(bare), str(clone), cwd=tmp_path).returncode == 0
    (clone / "mkdocs.yml").write_text(site_config(clone, as_of="2022-01-01"), encoding="utf-8")
    (clone / "content/plans").mkdir(parents=True)
    shutil.copy(PROJECT / "content/plans/2022.yml", clone / "content/plans/2022.yml")
    shutil.copytree(PROJECT / PROCEDURES, clone / PROCEDURES)
    env = {**os.environ, "CCHC_COMMAND": str(Path(sys.executable).parent / "cchc"),
           "SOURCE_DATE_EPOCH": "1646362800",
           "GIT_AUTHOR_NAME": "Biên tập", "GIT_AUTHOR_EMAIL": "bt@example.gov.vn",
           "GIT_COMMITTER_NAME": "Biên tập", "GIT_COMMITTER_EMAIL": "bt@example.gov.vn"}
    env.pop("CCHC_AS_OF", None)

    def push(files: dict[str, str]) -> subprocess.CompletedProcess:
        for rel, text in files.items():
            (clone / rel).parent.mkdir(parents=True, exist_ok=True)
            (clone / rel).write_text(text, encoding="utf-8")
        assert git("add", "-A", cwd=clone, env=env).returncode == 0
        assert git("commit", "--quiet", "-m", "content", cwd=clone, env=env).returncode == 0
        return git("push", "--quiet", "origin", "HEAD:main", cwd=clone, env=env)

    def main() -> str:
        return git("rev-parse", "--verify", "--quiet", "main", cwd=bare).stdout.strip()

    return push, main, clone


def test_a_push_the_checker_accepts_reaches_main(repository):
    push, main, _ = repository
    pushed = push({"content/news/2022/a.md": post(title="Tin một", date="2022-03-01")})
    assert pushed.returncode == 0, pushed.stderr
    assert main() != ""


def test_a_push_with_markup_in_a_title_is_refused_with_the_checkers_line(repository):
    push, main, _ = repository
    push({"content/news/2022/a.md": post(title="Tin một", date="2022-03-01")})
    before = main()
    pushed = push({"content/news/2022/b.md": post(title="Thông báo <b>quan trọng</b>", date="2022-03-02")})
    assert pushed.returncode != 0
    assert "content/news/2022/b.md:2: Tiêu đề (title):" in pushed.stderr
    assert "KHÔNG nhận lần đẩy lên nhánh main" in pushed.stderr
    assert main() == before


def test_a_procedure_code_used_twice_is_refused_though_each_file_alone_is_valid(repository):
    push, main, clone = repository
    push({"content/news/2022/a.md": post(title="Tin một", date="2022-03-01")})
    before = main()
    existing = sorted((clone / PROCEDURES).glob("*.md"))[0]
    pushed = push({f"{PROCEDURES}/ban-sao.md": existing.read_text(encoding="utf-8")})
    assert pushed.returncode != 0
    assert any(line.startswith(f"remote: {PROCEDURES}/") for line in pushed.stderr.splitlines()), pushed.stderr
    assert main() == before
