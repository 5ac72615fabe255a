"""Pages' content finished in a process beside the build (cchc.finishing): the same site, byte
for byte, as when the build's own process finishes every page, whether the process does its
part, cannot start, or dies half-way; and the editors' HTML goes through the allow-list there."""

import time
from pathlib import Path

import pytest

from cchc import finishing
from cchc.finishing import Finisher, PageRequest, finish_page
from cchc.search import beside
from conftest import post, run_build

pytestmark = pytest.mark.site  # every test here builds a site or starts a program

HOSTILE = ('<script>alert(1)</script>\n\n[trang](javascript:alert(2))\n\n'
           '<img src="x.png" onerror="alert(3)" alt="ảnh">\n\nĐăng ký đất đai tại bộ phận một cửa.\n')


def _files(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.fixture
def site(make_site):
    posts = {f"content/news/2022/tin-{n:02d}.md": post(title=f"Đăng ký đất đai số {n}", date=f"2022-03-{n:02d}",
                                                        body=HOSTILE if n % 3 == 0 else f"Nội dung tin {n}.")
             for n in range(1, 26)}
    return make_site(posts)


def _build(root: Path, out: Path, monkeypatch, *, beside_from: int, python: str | None = None) -> tuple[str, list]:
    """Build ``root`` into ``out``; the log, and for each Finisher started, the pages it gave back."""
    given: list = []
    take, close = Finisher.take, Finisher.close

    def counted(self):
        for batch in take(self):
            given.append(len(batch))
            yield batch

    def close_once_all_sent(self):
        # Every full batch reaches the process before the build finishes the rest itself: how
        # many pages the process finishes does not depend on the machine's speed.
        while self.unsent and self.process.poll() is None:
            time.sleep(0.005)
        return close(self)
    with monkeypatch.context() as patch:
        # On one file system Pagefind finds the pages' files in one order: the bundles compare.
        patch.setattr(beside, "IN_MEMORY", out.parent)
        patch.setattr(finishing, "BESIDE_FROM", beside_from)
        patch.setattr(finishing, "BATCH", 2)  # a small site: batches of 32 would rarely be sent
        patch.setattr(Finisher, "take", counted)
        patch.setattr(Finisher, "close", close_once_all_sent)
        if python:
            patch.setattr(finishing, "PYTHON", python)
        built = run_build(root, site_dir=out)
    assert built.returncode == 0, built.log
    assert "indexed the finished site again" not in built.log
    return built.log, given


def test_the_site_finished_beside_the_build_is_the_site_finished_in_it(site, tmp_path, monkeypatch):
    _, none = _build(site, tmp_path / "here" / "site", monkeypatch, beside_from=10**9)
    assert none == []
    log, given = _build(site, tmp_path / "beside" / "site", monkeypatch, beside_from=0)
    assert sum(given) > 10  # the process finished pages (the last few are finished here)
    here, there = _files(tmp_path / "here" / "site"), _files(tmp_path / "beside" / "site")
    assert here == there
    page = there["tin-tuc/2022/dang-ky-dat-dai-so-3/index.html"].decode()
    assert "Đăng ký đất đai tại bộ phận một cửa" in page
    assert "alert(" not in page and "onerror" not in page and "javascript:" not in page


@pytest.mark.parametrize("python", ["missing", "dies"])
def test_a_process_that_cannot_start_or_dies_leaves_the_build_to_finish_every_page(site, tmp_path, monkeypatch,
                                                                                  python):
    _build(site, tmp_path / "here" / "site", monkeypatch, beside_from=10**9)
    if python == "missing":
        command = str(tmp_path / "no-such-python")
    else:  # reads a little of the first batch and exits
        command = tmp_path / "dies"
        command.write_text("#!/bin/sh\nhead -c 100 > /dev/null\nexit 3\n", encoding="utf-8")
        command.chmod(0o755)
    log, given = _build(site, tmp_path / "beside" / "site", monkeypatch, beside_from=0, python=str(command))
    assert sum(given) == 0
    if python == "missing":
        assert "pages are finished in the build's process: the second one did not start" in log
    else:
        assert "the process finishing pages beside the build failed (exit code 3)" in log
        assert "page(s) it did not finish were finished in the build's process" in log
    assert _files(tmp_path / "here" / "site") == _files(tmp_path / "beside" / "site")


def _request(n: int, html: str, sanitize: bool = True) -> PageRequest:
    return PageRequest(f"p{n}/index.html", html, sanitize, "", 50, None, f"Đề mục {n}", "CCHC", True)


def test_the_process_gives_back_each_page_as_finish_page_makes_it(tmp_path):
    requests = [_request(n, f"<p>Đoạn {n} <b onclick='x()'>đậm</b></p><script>x()</script>", sanitize=n % 2 == 0)
                for n in range(70)]
    finisher = Finisher(tmp_path)
    for request in requests:
        finisher.submit(request)
    got: dict = {}
    deadline = time.monotonic() + 60
    while not got and time.monotonic() < deadline:  # the first batch comes back while we go on
        got.update(pair for batch in finisher.take() for pair in batch)
        time.sleep(0.01)
    assert got
    unsent = finisher.close()
    assert finisher.wait() is None
    got.update(pair for batch in finisher.take() for pair in batch)
    got.update((request.dest_uri, finish_page(request, tmp_path)) for request in unsent)
    assert got == {r.dest_uri: finish_page(r) for r in requests}
    assert "onclick" not in got["p0/index.html"].html and "<script>" not in got["p0/index.html"].html
    assert "<script>" in got["p1/index.html"].html  # generated pages are not sanitized: they are escaped
    assert finisher.stats["cpu"] > 0 and finisher.process.returncode == 0
    assert sorted(p.parent.name for p in tmp_path.rglob("index.html")) == sorted(f"p{n}" for n in range(70))


def test_a_batch_is_sent_once_its_pages_reach_batch_chars_not_only_at_32_pages(tmp_path):
    # A listing page can be megabytes of HTML: 32 of them made messages of tens of MB, copied on
    # both sides of the pipe.
    finisher = Finisher(tmp_path)
    try:
        large = "<p>" + "đ" * (finishing.BATCH_CHARS // 2) + "</p>"
        finisher.submit(_request(0, large))
        assert len(finisher.batch) == 1
        finisher.submit(_request(1, large))
        assert finisher.batch == []  # the two reached the limit: sent
        finisher.submit(_request(2, "<p>nhỏ</p>"))
        assert len(finisher.batch) == 1
        deadline = time.monotonic() + 60
        while finisher.unsent and time.monotonic() < deadline:  # the thread sends the full batch
            time.sleep(0.005)
        unsent = finisher.close()
        assert finisher.wait() is None
        back = {dest for batch in finisher.take() for dest, _ in batch}
        assert {"p0/index.html", "p1/index.html"} <= back and [r.dest_uri for r in unsent] == ["p2/index.html"]
    finally:
        finisher.discard()
