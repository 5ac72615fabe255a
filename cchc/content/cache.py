"""What loading may keep from one build to the next, when a long-running tool lends a cache.

A plain build keeps nothing: ``load_site`` reads and checks every file. The preview, which
loads the same content tree again after each save, creates one ``LoadCache`` and passes it to
every load (``load_site(..., cache=...)``): a save then parses one file and checks one post,
not 4,000.
"""

from __future__ import annotations

import os
from pathlib import Path

from ..problems import Problem
from . import news, procedure_catalogue, source
from .plan import Plan
from .procedures import PROCEDURES_DIR

Stamp = tuple[int, int, int]  # a file's modification time (ns), size and inode


def _stamp(path: str | Path) -> Stamp:
    info = os.stat(path)
    return info.st_mtime_ns, info.st_size, info.st_ino


class LoadCache:
    """Parsed files (by their stamp), checked posts (while their file and the plans are the
    same) and the procedures (while no file under content/procedures changed), for one content
    tree. Each load forgets what it did not use: files deleted, renamed or saved since.

    ``parsed``, ``checked`` and ``procedure_loads`` count the work done rather than found here.
    """

    def __init__(self) -> None:
        self.parsed = self.checked = self.procedure_loads = 0
        self._files: dict[tuple[str, str], tuple[Stamp, tuple]] = {}  # (root, rel) -> (stamp, read's result)
        self._files_used: set[tuple[str, str]] = set()
        # id(doc) -> (doc, the plans' generation, check_post's result); the doc is kept with it,
        # so its id is not reused by another document while the entry lives.
        self._posts: dict[int, tuple[source.SourceDoc, int, tuple]] = {}
        self._posts_used: set[int] = set()
        self._plans: tuple[object, tuple] | None = None  # (the plans object, a snapshot of their values)
        self._generation = 0
        self._procedures: tuple[tuple, tuple] | None = None  # (the folder's stamps, load_procedures' result)

    def read(self, root: Path, rel: str) -> tuple[source.SourceDoc | None, list[Problem]]:
        """``source.read``, parsed again only when the file's stamp changed (the same result
        object otherwise: check_post knows it by identity)."""
        try:
            stamp = _stamp(os.path.join(root, rel))  # not Path(root) / rel: 4,000 paths made each load
        except OSError:
            return source.read(root, rel)  # it says what is wrong with the file
        key = (str(root), rel)
        self._files_used.add(key)
        hit = self._files.get(key)
        if hit is not None and hit[0] == stamp:
            return hit[1]
        self.parsed += 1
        result = source.read(root, rel)
        self._files[key] = (stamp, result)
        return result

    def check_post(self, doc: source.SourceDoc, plans: dict[int, Plan],
                   file_sizes) -> tuple[news.NewsPost | None, list[Problem]]:
        """``news.check_post``, done again only for a new document (a file saved since) or
        after the plans changed. A post with a picture is checked every time: its check reads
        the picture."""
        if "image" in doc.meta:
            self.checked += 1
            return news.check_post(doc, plans, file_sizes)
        if self._plans is None or self._plans[0] is not plans:
            snapshot = (tuple(plans.items()), tuple(getattr(plans, "broken", ())))
            if self._plans is None or self._plans[1] != snapshot:
                self._generation += 1
            self._plans = (plans, snapshot)
        self._posts_used.add(id(doc))
        hit = self._posts.get(id(doc))
        if hit is not None and hit[0] is doc and hit[1] == self._generation:
            return hit[2]
        self.checked += 1
        result = news.check_post(doc, plans, file_sizes)
        self._posts[id(doc)] = (doc, self._generation, result)
        return result

    def load_procedures(self, root: Path):
        """``procedure_catalogue.load_procedures``, done again only when a file under
        content/procedures was added, removed or saved: a post's save does not check 200
        procedures again."""
        folder = Path(root) / PROCEDURES_DIR
        stamps = sorted((current, name, *_stamp(os.path.join(current, name)))
                        for current, _, names in os.walk(folder) for name in names)
        key = (str(root), tuple(stamps))
        if self._procedures is None or self._procedures[0] != key:
            self.procedure_loads += 1
            self._procedures = (key, procedure_catalogue.load_procedures(root, read=self.read))
        else:  # their parsed files are still in use (front_matter)
            self._files_used.update(k for k in self._files if k[0] == str(root)
                                    and k[1].startswith(PROCEDURES_DIR + "/"))
        return self._procedures[1]

    def front_matter(self, root: Path, rel: str) -> tuple[dict, dict] | None:
        """(meta, values as written) of the file as the last load read it; None if it was not
        read, or had problems."""
        hit = self._files.get((str(root), rel))
        doc = hit[1][0] if hit else None
        return (doc.meta, doc.written) if doc is not None and not hit[1][1] else None

    def end_load(self) -> None:
        """Forget the files and posts this load did not read: deleted, renamed or saved since
        (load_site calls it once it has read everything)."""
        self._files = {key: hit for key, hit in self._files.items() if key in self._files_used}
        self._posts = {key: hit for key, hit in self._posts.items() if key in self._posts_used}
        self._files_used, self._posts_used = set(), set()
