"""Pages' content finished by a worker process beside the build (cchc.finishing): the same site,
byte for byte, as when the build's own process finishes every page, also when the worker dies;
and the editors' HTML goes through the allow-list there."""

import concurrent.futures
import os
import signal
from pathlib import Path

import pytest

from cchc import finishing
from concurrent.futures.process import BrokenProcessPool
from cchc.finishing import Finisher, PageRequest, finish_page
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


def test_the_site_finished_beside_the_build_is_the_site_finished_in_it(site, tmp_path, monkeypatch):
    here = run_build(site, site_dir=tmp_path / "here")
    assert here.returncode == 0, here.log
    with monkeypatch.context() as patch:
        patch.setattr(finishing, "BESIDE_FROM", 0)
        patch.setattr(finishing, "BATCH", 2)  # a small site: batches of 32 would rarely be sent
        beside = run_build(site, site_dir=tmp_path / "beside")
    assert beside.returncode == 0, beside.log
    assert _files(here.site) == _files(beside.site)
    page = _files(beside.site)["tin-tuc/2022/dang-ky-dat-dai-so-3/index.html"].decode()
    assert "Đăng ký đất đai tại bộ phận một cửa" in page
    assert "alert(" not in page and "onerror" not in page and "javascript:" not in page


def _request(n: int, html: str, sanitize: bool = True) -> PageRequest:
    return PageRequest(f"p{n}/index.html", html, sanitize, "", 50, None, f"Đề mục {n}")


REQUESTS = [_request(n, f"<p>Đoạn {n} <b onclick='x()'>đậm</b></p><script>x()</script>", sanitize=n % 2 == 0)
            for n in range(70)]


def _finish_all(finisher: Finisher) -> dict:
    """Every request through the finisher, as the build hands them over and takes them back."""
    got: dict = {}
    for request in REQUESTS:
        finisher.submit(request)
        got.update(finisher.take())
    got.update(finisher.close())
    return got


def test_the_worker_gives_back_each_page_as_finish_page_makes_it():
    finisher = Finisher()
    got = _finish_all(finisher)
    assert got == {r.dest_uri: finish_page(r) for r in REQUESTS}
    assert finisher.failed is None
    assert "onclick" not in got["p0/index.html"].html and "<script>" not in got["p0/index.html"].html
    assert "<script>" in got["p1/index.html"].html  # generated pages are not sanitized: they are escaped


def test_when_the_worker_dies_the_build_finishes_every_page_itself():
    finisher = Finisher()
    os.kill(finisher.executor.submit(os.getpid).result(), signal.SIGKILL)
    concurrent.futures.wait([finisher.executor.submit(os.getpid)])  # the pool has seen it
    got = _finish_all(finisher)
    assert got == {r.dest_uri: finish_page(r) for r in REQUESTS}
    assert isinstance(finisher.failed, BrokenProcessPool)


def test_a_batch_is_sent_once_its_pages_reach_batch_chars_not_only_at_32_pages():
    # A listing page can be megabytes of HTML: 32 of them made messages of tens of MB, copied on
    # both sides of the pipe.
    finisher = Finisher()
    try:
        large = "<p>" + "đ" * (finishing.BATCH_CHARS // 2) + "</p>"
        finisher.submit(_request(0, large))
        assert len(finisher.batch) == 1 and not finisher.sent
        finisher.submit(_request(1, large))
        assert finisher.batch == [] and len(finisher.sent) == 1  # the two reached the limit: sent
        finisher.submit(_request(2, "<p>nhỏ</p>"))
        assert len(finisher.batch) == 1
    finally:
        finisher.discard()
