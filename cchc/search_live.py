"""Pagefind fed page by page while the site is rendered, instead of run over the finished site.

Pagefind's service mode (`pagefind --service`, what its Python API drives) indexes HTML it is
sent on stdin in its own process, so indexing runs on the second core while MkDocs renders the
next pages; after the last page only writing the bundle is left. The index is the same as the
command line's over the finished site (same pages, same paths, same options: tests/test_search_live.py).

Pagefind's own Python client is not used: it reads one response every 0.1 s (a sleep in its
polling loop), ten pages a second. This client writes requests from a thread and reads
responses from another; both speak the service's protocol: base64 of a JSON message, then ",".
"""

from __future__ import annotations

import base64
import json
import os
import queue
import subprocess
import threading
from pathlib import Path

from .search import _CHUNK_SIZE_VARIABLE, BUNDLE_DIR, INDEX_CHUNK_SIZE, LANGUAGE, IndexReport, SearchIndexError

# Requests waiting to be written: rendering waits when Pagefind is this far behind, so the
# build never holds more than a few pages' HTML for it.
_QUEUE_PAGES = 32


def _executable() -> Path | None:
    # The binary packages of pagefind[extended] (what pagefind.service.get_executable tries
    # first), without importing Pagefind's asyncio client into the build.
    for name in ("pagefind_bin_extended", "pagefind_bin"):
        try:
            module = __import__(name)
        except ImportError:
            continue
        return Path(module.get_executable())
    return None


def indexed_pages(bundle: Path) -> int:
    """Pages in a written bundle, as its entry file counts them (0 if it cannot be read)."""
    try:
        entry = json.loads((bundle / "pagefind-entry.json").read_text(encoding="utf-8"))
        return sum(int(language.get("page_count", 0)) for language in entry.get("languages", {}).values())
    except (OSError, ValueError, AttributeError, TypeError):
        return 0


class LiveIndex:
    """One Pagefind index of the site in ``site_dir``, fed with each page's final HTML."""

    def __init__(self, site_dir: Path, *, chunk_size: int | None = INDEX_CHUNK_SIZE):
        self.site_dir = Path(site_dir)
        executable = _executable()
        if executable is None:
            raise SearchIndexError("search: Pagefind is not installed in this Python; "
                                   "install the project again with `pip install -e .`")
        env = {**os.environ}
        env.pop(_CHUNK_SIZE_VARIABLE, None)
        if chunk_size:
            env[_CHUNK_SIZE_VARIABLE] = str(chunk_size)
        self.site_dir.mkdir(parents=True, exist_ok=True)
        try:
            # cwd: a page's path is read relative to it, as the command line reads the site's.
            self._process = subprocess.Popen([str(executable), "--service"], cwd=self.site_dir, env=env,
                                             stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                             stderr=subprocess.DEVNULL)
        except OSError as error:
            raise SearchIndexError(f"search: could not start Pagefind ({error}); "
                                   "install the project again with `pip install -e .`") from None
        self._requests: queue.Queue[bytes | None] = queue.Queue(_QUEUE_PAGES)
        self._responses: dict[int, dict] = {}
        self._arrived = threading.Condition()
        self._next_id = 0
        self._errors: list[str] = []
        self._added = 0     # pages sent
        self._answered = 0  # pages Pagefind has answered for
        self._writer = threading.Thread(target=self._write, daemon=True)
        self._reader = threading.Thread(target=self._read, daemon=True)
        self._writer.start()
        self._reader.start()
        created = self._wait(self._send({"type": "NewIndex", "config": {"force_language": LANGUAGE}}))
        self._index_id = created.get("index_id")
        if self._index_id is None:
            self.abort()
            raise SearchIndexError(f"search: Pagefind did not create an index: {created}")

    def add(self, path: str, html: str) -> None:
        """Index the page written at ``path`` (relative to the site, like tin-tuc/2022/a/index.html)."""
        self._added += 1
        self._send({"type": "AddFile", "index_id": self._index_id, "file_path": path, "url": None,
                    "file_contents": html}, track=False)

    def finish(self) -> IndexReport:
        """Write the bundle to ``<site>/pagefind/`` once every page is indexed, and stop Pagefind.

        Every page's answer is waited for first (Pagefind handles requests concurrently). The
        bundle's files are then asked for and written here: when Pagefind wrote them itself
        (WriteFiles), its answer could come before pagefind-entry.json was on disk, and a build
        found no index."""
        bundle = self.site_dir / BUNDLE_DIR
        try:
            with self._arrived:
                self._arrived.wait_for(lambda: self._answered >= self._added or self._process.poll() is not None)
            answer = self._wait(self._send({"type": "GetFiles", "index_id": self._index_id}))
        finally:
            self.abort()
        files = answer.pop("files", None)
        if self._errors or answer.get("type") != "GetFiles" or not isinstance(files, list):
            raise SearchIndexError("search: Pagefind failed: " + " / ".join(
                self._errors[:5] or [str(answer.get("message") or answer.get("type"))]))
        root = bundle.resolve()
        while files:
            file = files.pop()
            target = (bundle / str(file.get("path", ""))).resolve()
            if not target.is_relative_to(root) or target == root:
                raise SearchIndexError(f"search: Pagefind named a file outside its bundle: {file.get('path')!r}")
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(base64.b64decode(file.get("content", "")))
        return IndexReport(pages=indexed_pages(bundle), bundle=bundle)

    def abort(self) -> None:
        """Stop Pagefind (a failed build leaves no process behind)."""
        if self._process.poll() is None:
            try:
                self._requests.put(None, timeout=5)
            except queue.Full:
                pass
            self._writer.join(5)
            self._process.terminate()
        self._process.wait()

    # --- the protocol ---

    def _send(self, payload: dict, track: bool = True) -> int:
        self._next_id += 1
        message = {"message_id": self._next_id, "payload": payload}
        if track:
            with self._arrived:
                self._responses[self._next_id] = {}
        self._requests.put(base64.b64encode(json.dumps(message).encode("utf-8")) + b",")
        return self._next_id

    def _wait(self, message_id: int) -> dict:
        with self._arrived:
            self._arrived.wait_for(lambda: self._responses.get(message_id) or self._process.poll() is not None)
            return self._responses.pop(message_id, {}) or {"type": "Error", "message": "Pagefind stopped"}

    def _write(self) -> None:
        stream = self._process.stdin
        while (request := self._requests.get()) is not None:
            try:
                stream.write(request)
                if self._requests.empty():
                    stream.flush()
            except (BrokenPipeError, ValueError):
                self._errors.append("Pagefind stopped reading")
                return
        try:
            stream.close()
        except BrokenPipeError:
            pass

    def _read(self) -> None:
        buffer = bytearray()
        stream = self._process.stdout
        while chunk := stream.read1(1 << 16):
            scan = len(buffer)
            buffer += chunk
            while (end := buffer.find(b",", scan)) >= 0:
                raw = bytes(buffer[:end])
                del buffer[:end + 1]
                scan = 0
                self._answer(raw)
        with self._arrived:
            self._arrived.notify_all()

    def _answer(self, raw: bytes) -> None:
        try:
            decoded = base64.b64decode(raw)
            del raw  # the bundle comes as one message of megabytes: keep one copy at a time
            response = json.loads(decoded)
        except ValueError:
            return
        payload = (response or {}).get("payload") or {}
        if payload.get("type") == "Error":
            self._errors.append(str(payload.get("message")))
        with self._arrived:
            if response.get("message_id") in self._responses:
                self._responses[response["message_id"]] = payload
            else:  # a page's answer: indexed, or an error
                self._answered += 1
            self._arrived.notify_all()
