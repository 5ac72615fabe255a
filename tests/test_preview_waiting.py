"""The preview's waiting pages (scripts/preview/waiting.py): a request never reads a page the
worker is writing."""

import sys
import threading

from conftest import PROJECT

from cchc_mkdocs.preview.waiting import Waiting


def test_a_request_for_the_page_the_worker_is_writing_waits_for_the_whole_page(tmp_path):
    page = tmp_path / "index.html"
    page.write_text("<html>trang cũ</html>", encoding="utf-8")
    started, proceed = threading.Event(), threading.Event()

    def render():  # as MkDocs writes a file: truncated first, then written
        with open(page, "w", encoding="utf-8") as file:
            started.set()
            proceed.wait(10)
            file.write("<html>trang mới</html>")

    waiting = Waiting(threading.Lock())
    waiting.add(str(page), render)
    worker = threading.Thread(target=waiting.run_all, daemon=True)
    worker.start()
    waiting.wake()
    assert started.wait(10)  # the worker took the page and is writing it
    assert str(page) not in waiting

    seen = []
    request = threading.Thread(target=lambda: seen.append((waiting.run(str(page)), page.read_text(encoding="utf-8"))))
    request.start()
    request.join(0.3)
    assert request.is_alive()  # it waits for the worker, rather than reading an empty file
    proceed.set()
    request.join(10)
    assert seen == [(False, "<html>trang mới</html>")]
    # A page no one is writing is served at once.
    assert waiting.run(str(tmp_path / "other.html")) is False
    waiting.close()
    worker.join(10)
    assert not worker.is_alive()
