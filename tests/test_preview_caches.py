"""What the preview keeps between rebuilds (scripts/preview/caches.py) is let go when no rebuild
uses it any more: a long editing session does not keep every deleted file or saved version."""

import sys

import cchc.content.load as content_load
from cchc.content import source as content_source
from conftest import PROJECT, post

from cchc_mkdocs.preview.caches import CheckedPosts, ReadCache


def test_files_not_read_since_the_last_rebuild_are_forgotten(tmp_path, monkeypatch):
    monkeypatch.setattr(content_source, "read", content_source.read)  # put back after the test
    folder = tmp_path / "content/news/2022"
    folder.mkdir(parents=True)
    for name in ("a", "b"):
        (folder / f"{name}.md").write_text(post(title=f"Tin {name}"), encoding="utf-8")
    cache = ReadCache()
    cache.install()
    for name in ("a", "b"):
        content_source.read(tmp_path, f"content/news/2022/{name}.md")
    cache.next_build()
    (folder / "b.md").unlink()
    first = content_source.read(tmp_path, "content/news/2022/a.md")
    assert content_source.read(tmp_path, "content/news/2022/a.md") is first  # still remembered
    cache.next_build()
    assert [rel for _, rel in cache.entries] == ["content/news/2022/a.md"]
    assert cache.front_matter(tmp_path, "content/news/2022/a.md") is not None
    assert cache.front_matter(tmp_path, "content/news/2022/b.md") is None


def test_posts_not_checked_since_the_last_rebuild_are_forgotten(monkeypatch):
    calls = []
    monkeypatch.setattr(content_load, "check_post", lambda doc, plans, sizes: calls.append(doc) or (doc, []))
    checked = CheckedPosts()
    checked.install()
    old, new, plans = content_source.SourceDoc("a.md", {}, {}, "", 1), content_source.SourceDoc("a.md", {}, {}, "x", 1), {}
    content_load.check_post(old, plans, {})
    content_load.check_post(old, plans, {})
    assert calls == [old]  # the second check was remembered
    checked.next_build()
    content_load.check_post(new, plans, {})  # the file was saved: a new document
    checked.next_build()
    assert [hit[0] for hit in checked.kept.values()] == [new]
