"""What the preview's terminal says to the editor who runs `cchc serve`: Vietnamese, its own lines
and MkDocs' livereload server's, which a filter puts in Vietnamese."""

from __future__ import annotations

import logging
import re

import pytest

from cchc_mkdocs.preview.outputs import KINDS, STAGES, RebuildReport
from cchc_mkdocs.preview.server import SERVING, LiveReloadMessages
from support.vietnamese import english_words


@pytest.mark.parametrize("report", [RebuildReport(kind, rendered=1, waiting=6, seconds=0.4,
                                                  stages={name: 0.1 for name in STAGES})
                                    for kind in KINDS] + [RebuildReport("full", failed=True)])
def test_a_rebuilds_line_is_vietnamese(report):
    said = str(report)
    assert english_words(said) == [], said
    # The words of the English line it replaced, which english_words alone does not know.
    assert not re.search(r"\b(preview|rebuild|rendered|deleted|page|pages|output|render|full|body|fix)\b", said), said
    assert said.startswith("bản xem trước: ") and "giây" in said


@pytest.mark.parametrize(("said", "starts"), [
    ("[14:05:02] Serving on http://127.0.0.1:8000/cchc/", "[14:05:02] " + SERVING + "http://127.0.0.1:8000/cchc/"),
    ("[14:05:02] Serving on http://127.0.0.1:8000/cchc/ and opening it in a browser", "[14:05:02] " + SERVING),
    ("[14:05:02] Watching paths for changes: 'content', 'docs'", "[14:05:02] Theo dõi thay đổi trong: 'content'"),
    ("[14:05:03] Detected file changes", "[14:05:03] Có tệp vừa thay đổi"),
    ("[14:05:03] Reloading browsers", "[14:05:03] Tải lại trang"),
    ("[14:05:03] Browser connected: http://127.0.0.1:8000/cchc/", "[14:05:03] Trình duyệt đang mở http://"),
    ("An error happened during the rebuild. The server will appear stuck until build errors are resolved.",
     "Dựng lại không thành công"),
])
def test_the_livereload_servers_lines_are_said_in_vietnamese(said, starts):
    record = logging.LogRecord("mkdocs.livereload", logging.INFO, __file__, 1, said, (), None)
    assert LiveReloadMessages().filter(record)
    assert record.getMessage().startswith(starts) and english_words(record.getMessage()) == [], record.getMessage()


def test_a_line_the_filter_does_not_know_passes_unchanged():
    record = logging.LogRecord("mkdocs.livereload", logging.INFO, __file__, 1, "Something %s", ("new",), None)
    assert LiveReloadMessages().filter(record) and record.getMessage() == "Something new"
