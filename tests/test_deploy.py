"""What deploy/ ships: a git hook that installs what each push to main locks and publishes it, a
timer (systemd, or cron) that publishes when something falls due, all pointing at the folder nginx
serves, and the install script (from the lock files, only what changed)."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from cchc.deploy.publish import Store
from conftest import PROJECT, post, site_config

# This module's fixtures that build a site or start a program: their tests are marked `site`.
SITE_FIXTURES = {"repository", "sources"}

DEPLOY = PROJECT / "deploy"
HOOK = DEPLOY / "git/post-receive"
INSTALL = DEPLOY / "install.sh"
# Stands in for deploy/install.sh in the pushed repository: says where it ran, fails on demand.
STUB_INSTALL = """#!/bin/sh
echo "install: ran in $(pwd)" >&2
[ ! -e install-fails ]
"""
DEST = "/srv/cchc/www"
SOURCES = "/srv/cchc/src"


def git(*args: str, cwd: Path, env: dict | None = None) -> subprocess.CompletedProcess:
    return subprocess.run(["git", *args], cwd=cwd, env=env, capture_output=True, text=True, timeout=600)


@pytest.fixture
def repository(tmp_path):
    """A bare repository with the hook installed, a clone of it to push from, and the folders
    the hook publishes from and into."""
    if shutil.which("git") is None:
        pytest.skip("git is not installed")
    bare, clone, work, dest = (tmp_path / name for name in ("repo.git", "clone", "src", "www"))
    assert git("init", "--bare", "--quiet", "--initial-branch=main", str(bare), cwd=tmp_path).returncode == 0
    shutil.copy(HOOK, bare / "hooks/post-receive")
    work.mkdir()
    assert git("clone", "--quiet", str(bare), str(clone), cwd=tmp_path).returncode == 0
    # The department's repository: its configuration, content and publishing scripts.
    (clone / "mkdocs.yml").write_text(site_config(clone, as_of="2022-01-01"), encoding="utf-8")
    (clone / "content/plans").mkdir(parents=True)
    shutil.copy(PROJECT / "content/plans/2022.yml", clone / "content/plans/2022.yml")
    (clone / "deploy/nginx").mkdir(parents=True)
    (clone / "deploy/install.sh").write_text(STUB_INSTALL, encoding="utf-8")
    # The conf nginx serves: publishing checks each release against its CSP.
    shutil.copy(PROJECT / "deploy/nginx/cchc.conf", clone / "deploy/nginx/cchc.conf")
    env = {**os.environ, "CCHC_WORK_TREE": str(work), "CCHC_DEST": str(dest), "CCHC_COMMAND": str(Path(sys.executable).parent / "cchc"),
           "SOURCE_DATE_EPOCH": "1646362800",  # 2022-03-04 10:00 in Vietnam
           "GIT_AUTHOR_NAME": "Biên tập", "GIT_AUTHOR_EMAIL": "bt@example.gov.vn",
           "GIT_COMMITTER_NAME": "Biên tập", "GIT_COMMITTER_EMAIL": "bt@example.gov.vn"}
    env.pop("CCHC_AS_OF", None)

    def push(files: dict[str, str | None], branch: str = "main") -> subprocess.CompletedProcess:
        for rel, text in files.items():
            if text is None:
                (clone / rel).unlink()
            else:
                (clone / rel).parent.mkdir(parents=True, exist_ok=True)
                (clone / rel).write_text(text, encoding="utf-8")
        assert git("add", "-A", cwd=clone, env=env).returncode == 0
        assert git("commit", "--quiet", "-m", "content", cwd=clone, env=env).returncode == 0
        return git("push", "--quiet", "origin", f"HEAD:{branch}", cwd=clone, env=env)

    return push, work, dest


def test_a_push_to_main_publishes_it(repository):
    push, work, dest = repository
    pushed = push({"content/news/2022/a.md": post(title="Tin một", date="2022-03-01")})
    assert pushed.returncode == 0, pushed.stderr
    assert "đã đăng bản phát hành" in pushed.stderr  # the hook's output reaches the pusher
    assert (dest / "current/tin-tuc/2022/tin-mot/index.html").is_file()
    assert (work / "content/news/2022/a.md").is_file()


def test_a_push_is_installed_in_the_work_tree_before_it_is_published(repository):
    push, work, dest = repository
    pushed = push({"content/news/2022/a.md": post(title="Tin một", date="2022-03-01")})
    assert pushed.returncode == 0, pushed.stderr
    installed = pushed.stderr.index(f"install: ran in {work}")
    assert installed < pushed.stderr.index("đã đăng bản phát hành")


def test_a_push_whose_install_fails_is_not_published(repository):
    push, work, dest = repository
    push({"content/news/2022/a.md": post(title="Tin một", date="2022-03-01")})
    live = Store(dest).current_id()
    pushed = push({"content/news/2022/b.md": post(title="Tin hai", date="2022-03-02"), "install-fails": ""})
    assert "cchc: CHƯA ĐĂNG; cài các gói theo bản khoá không thành công" in pushed.stderr
    assert "đã đăng bản phát hành" not in pushed.stderr
    assert Store(dest).current_id() == live


def test_a_deleted_file_leaves_the_work_tree_and_the_site(repository):
    push, work, dest = repository
    push({"content/news/2022/a.md": post(title="Tin một", date="2022-03-01"),
          "content/news/2022/b.md": post(title="Tin hai", date="2022-03-02")})
    assert (dest / "current/tin-tuc/2022/tin-hai/index.html").is_file()
    pushed = push({"content/news/2022/b.md": None})
    assert pushed.returncode == 0, pushed.stderr
    assert not (work / "content/news/2022/b.md").exists()
    assert not (dest / "current/tin-tuc/2022/tin-hai").exists()
    assert (dest / "current/tin-tuc/2022/tin-mot/index.html").is_file()


def test_a_push_with_a_content_error_is_not_published(repository):
    push, work, dest = repository
    push({"content/news/2022/a.md": post(title="Tin một", date="2022-03-01")})
    live = Store(dest).current_id()
    pushed = push({"content/news/2022/hong.md": post(title="Tin hỏng", date="2022-13-45")})
    assert "CHƯA ĐĂNG" in pushed.stderr and "content/news/2022/hong.md:3: Ngày đăng (date):" in pushed.stderr
    assert Store(dest).current_id() == live


def test_a_push_to_another_branch_publishes_nothing(repository):
    push, work, dest = repository
    pushed = push({"content/news/2022/a.md": post(title="Tin một", date="2022-03-01")}, branch="nhap")
    assert pushed.returncode == 0, pushed.stderr
    assert not (dest / "current").exists() and not (work / "content").exists()


def _unit(name: str) -> dict[str, str]:
    """key=value lines of a systemd unit file."""
    text = (DEPLOY / "systemd" / name).read_text(encoding="utf-8")
    return dict(line.split("=", 1) for line in text.splitlines() if "=" in line and not line.startswith("#"))


def test_the_timer_runs_the_publish_service_every_minute():
    timer, service = _unit("cchc-publish.timer"), _unit("cchc-publish.service")
    assert timer["Unit"] == "cchc-publish.service" and timer["OnCalendar"] == "*-*-* *:*:00"
    assert timer["Persistent"] == "true"
    assert service["Type"] == "oneshot"
    assert service["ExecStart"] == f"{SOURCES}/.venv/bin/cchc publish {DEST}"
    assert service["WorkingDirectory"] == SOURCES and service["ReadWritePaths"] == DEST


def test_cron_the_hook_and_nginx_use_the_same_folders():
    cron = [line for line in (DEPLOY / "cron/cchc-publish").read_text(encoding="utf-8").splitlines()
            if line and not line.startswith("#")]
    assert len(cron) == 1 and cron[0].startswith("* * * * * cchc cd /srv/cchc/src && ")
    assert f".venv/bin/cchc publish {DEST} " in cron[0]
    hook = HOOK.read_text(encoding="utf-8")
    assert f"CCHC_WORK_TREE:-{SOURCES}" in hook and f"CCHC_DEST:-{DEST}" in hook
    aliases = re.findall(r"^\s*alias (\S+);", (DEPLOY / "nginx/cchc.conf").read_text(encoding="utf-8"), re.M)
    # The site from the live link; the editors' status page from beside it (cchc publish writes both).
    assert aliases == [f"{DEST}/current/", f"{DEST}/trang-thai/"]


@pytest.mark.site
@pytest.mark.skipif(shutil.which("systemd-analyze") is None, reason="systemd-analyze is not installed")
def test_the_systemd_units_parse(tmp_path):
    """systemd's own parser reads both units without a syntax error (the paths need not exist here)."""
    for name in ("cchc-publish.service", "cchc-publish.timer"):
        shutil.copy(DEPLOY / "systemd" / name, tmp_path / name)
    done = subprocess.run(["systemd-analyze", "verify", "--man=no", str(tmp_path / "cchc-publish.timer")],
                          capture_output=True, text=True, timeout=60)
    syntax = [line for line in done.stderr.splitlines()
              if re.search(r"Unknown (key|section)|Failed to parse|Invalid|bad unit file setting", line)]
    assert syntax == [], done.stderr


# Stand-ins for the venv's python and for npm: they log their arguments (npm ci also makes
# node_modules afresh, as the real one does); the python fails while a file "pip-fails" exists.
FAKE_PYTHON = """#!/bin/sh
[ ! -e pip-fails ] || exit 1
echo "python $*" >>install.log
"""
FAKE_NPM = """#!/bin/sh
echo "npm $*" >>install.log
rm -rf node_modules && mkdir node_modules
"""
PIP_STEPS = ["python -m pip install --require-hashes -r requirements/lock.txt", "python -m pip install --no-deps -e ."]
NPM_STEPS = ["npm ci --ignore-scripts --omit=dev --no-audit --no-fund"]


@pytest.fixture
def sources(tmp_path):
    """A source folder with the lock files and a venv, and a function that runs deploy/install.sh
    in it and returns what it ran since the last call."""
    src, bin_dir = tmp_path / "src", tmp_path / "bin"
    for path, text in {"requirements/lock.txt": "nh3==0.3.8 --hash=sha256:" + "0" * 64 + "\n",
                       "pyproject.toml": "[project]\nname = 'x'\n", "package-lock.json": '{"v": 1}\n',
                       ".venv/bin/python": FAKE_PYTHON}.items():
        (src / path).parent.mkdir(parents=True, exist_ok=True)
        (src / path).write_text(text, encoding="utf-8")
    bin_dir.mkdir()
    (bin_dir / "npm").write_text(FAKE_NPM, encoding="utf-8")
    for fake in (src / ".venv/bin/python", bin_dir / "npm"):
        fake.chmod(0o755)
    env = {**os.environ, "PATH": f"{bin_dir}{os.pathsep}{os.environ['PATH']}"}
    seen = []

    def install(succeeds: bool = True) -> list[str]:
        done = subprocess.run(["sh", str(INSTALL)], cwd=src, env=env, capture_output=True, text=True, timeout=60)
        assert (done.returncode == 0) == succeeds, done.stderr
        log = (src / "install.log").read_text(encoding="utf-8").splitlines() if (src / "install.log").exists() else []
        new = log[len(seen):]
        seen[:] = log
        return new

    return src, install


def test_install_takes_the_packages_from_the_lock_and_the_cms_bundle_from_npm(sources):
    src, install = sources
    assert install() == PIP_STEPS + NPM_STEPS
    assert install() == []  # nothing changed: nothing installed


def test_install_runs_again_only_for_the_lock_that_changed(sources):
    src, install = sources
    install()
    (src / "package-lock.json").write_text('{"v": 2}\n', encoding="utf-8")
    assert install() == NPM_STEPS
    (src / "requirements/lock.txt").write_text("nh3==0.3.9 --hash=sha256:" + "1" * 64 + "\n", encoding="utf-8")
    assert install() == PIP_STEPS
    (src / "pyproject.toml").write_text("[project]\nname = 'x'\nversion = '2'\n", encoding="utf-8")
    assert install() == PIP_STEPS  # a new console script or package data needs the project again


def test_a_failed_install_is_tried_again_next_time(sources):
    src, install = sources
    (src / "pip-fails").touch()
    assert install(succeeds=False) == []
    (src / "pip-fails").unlink()
    assert install() == PIP_STEPS + NPM_STEPS
