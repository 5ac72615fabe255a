"""Work done by a fork of the build (cchc.forked): the same result as in the build's process,
and the build's process does it itself where forking is unsafe or the fork fails."""

import os
import threading
from pathlib import Path

from cchc import forked
from cchc.forked import Forked
from cchc.search import beside
from conftest import post, run_build


def test_the_fork_gives_back_what_it_made(monkeypatch):
    monkeypatch.setattr(forked, "may_fork", lambda: True)
    parent = os.getpid()
    made = Forked(lambda: {"pid": os.getpid(), "data": [b"\x00" * 100_000, "Đăng ký"]})
    assert made.pid is not None
    value = made.result()
    assert value["pid"] != parent and value["data"] == [b"\x00" * 100_000, "Đăng ký"]
    assert made.stats["cpu"] >= 0 and made.stats["own_mb"] > 0


def test_a_fork_that_fails_leaves_the_work_to_the_build(monkeypatch):
    monkeypatch.setattr(forked, "may_fork", lambda: True)
    parent = os.getpid()

    def make():
        if os.getpid() != parent:
            raise RuntimeError("the fork fails")
        return "made here"
    made = Forked(make)
    assert made.pid is not None
    assert made.result() == "made here" and made.stats == {}


def test_a_process_with_threads_is_not_forked():
    stop = threading.Event()
    thread = threading.Thread(target=stop.wait)
    thread.start()
    try:
        assert not forked.may_fork()
        made = Forked(os.getpid)
        assert made.pid is None and made.result() == os.getpid()
    finally:
        stop.set()
        thread.join()


def _files(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def test_the_reports_made_by_a_fork_are_the_reports_made_in_the_build(make_site, tmp_path, monkeypatch):
    root = make_site({f"content/news/2022/tin-{n}.md": post(title=f"Tin {n}", date=f"2022-02-{n:02d}")
                      for n in range(1, 8)})
    forks = []
    result = Forked.result

    def recorded(self):
        forks.append(self.pid)
        return result(self)
    monkeypatch.setattr(Forked, "result", recorded)
    monkeypatch.setattr(beside, "IN_MEMORY", tmp_path)  # one file system: the search bundles compare
    monkeypatch.setattr(forked, "may_fork", lambda: False)
    here = run_build(root, site_dir=tmp_path / "here")
    monkeypatch.setattr(forked, "may_fork", lambda: True)
    forked_build = run_build(root, site_dir=tmp_path / "beside")
    assert here.returncode == 0 and forked_build.returncode == 0, here.log + forked_build.log
    assert forks[0] is None and forks[1] is not None
    here_files, beside_files = _files(here.site), _files(forked_build.site)
    assert here_files == beside_files
    assert any(name.endswith(".docx") for name in beside_files)
