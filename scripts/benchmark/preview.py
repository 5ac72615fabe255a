"""The preview: the README's preview command (`cchc serve`) on a synthetic site, on a free
localhost port, and the seconds from saving a file to its page being served rebuilt, for edits of
a post's, a procedure's and a bulletin's text, a post's title, a new post and its deletion."""

from __future__ import annotations

import re
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path
from typing import Callable

from .common import build_environ, load_settings
from .corpus import Corpus

from cchc_mkdocs.preview.outputs import KINDS, REBUILT
from cchc_mkdocs.preview.server import SERVING

# cchc_mkdocs.preview.outputs.RebuildReport as the terminal shows it.
_REBUILT = re.compile(REBUILT + r"(.+?) trong ([\d.]+) giây: (\d+) trang đã dựng, \d+ tệp đã xoá"
                      r"(?:, (\d+) trang dựng sau)?(?: \(các bước: ([^()]*)\))?$")
_KIND = {said: kind for kind, said in KINDS.items()}
# A save: (kind, file, page, change), change(text, marker) the file's new text (None: delete it).
Edit = tuple[str, Path, str, Callable[[str, str], "str | None"]]


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class Server:
    """The README's preview command (`cchc serve`) in a folder, started by us on a free
    localhost port; its log, timestamped."""

    def __init__(self, folder: Path):
        self.port = _free_port()
        command = [sys.executable, "-m", "cchc_mkdocs.cli", "serve", "-a", f"127.0.0.1:{self.port}"]
        self.process = subprocess.Popen(command, cwd=folder, env=build_environ(), stdout=subprocess.DEVNULL,
                                        stderr=subprocess.PIPE, text=True)
        self.lines: list[tuple[float, str]] = []
        self._lock = threading.Condition()
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self) -> None:
        for line in self.process.stderr:
            with self._lock:
                self.lines.append((time.perf_counter(), line.rstrip("\n")))
                self._lock.notify_all()

    def wait_for(self, text: str, after: float, timeout: float) -> tuple[float, str] | None:
        """The first log line containing ``text`` logged after ``after``, waiting up to ``timeout``."""
        deadline = time.perf_counter() + timeout
        with self._lock:
            while True:
                found = next(((t, line) for t, line in self.lines if t >= after and text in line), None)
                if found or self.process.poll() is not None or time.perf_counter() > deadline:
                    return found
                self._lock.wait(0.2)

    def url(self, path: str) -> str:
        """The served address of a site-relative page."""
        return f"http://127.0.0.1:{self.port}/cchc/{path}"

    def last_lines(self) -> str:
        """The end of its log, for a message."""
        return " / ".join(line for _, line in self.lines[-5:])

    def stop(self) -> None:
        """Stop the server we started (Ctrl-C, as an editor stops it: it removes its temp folder)."""
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGINT)
            try:
                self.process.wait(30)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()


def _get(url: str) -> str | None:
    """The page at ``url``, or None if it is not found."""
    try:
        with urllib.request.urlopen(url, timeout=600) as response:
            return response.read().decode("utf-8")
    except urllib.error.HTTPError as error:
        if error.code == 404:
            return None
        raise


def edits(corpus: Corpus, count: int) -> list[Edit]:
    """The saves measured, ``count`` of each kind of text edit, then a title, a new post, its deletion."""
    from cchc.build import Build
    from cchc.dates import build_time
    from cchc_mkdocs.settings import read_settings

    environ = build_environ()
    settings, _ = read_settings(load_settings(corpus.root / "mkdocs.yml"), environ)
    build = Build(corpus.root, settings.options, build_time(environ))
    site = build.load()
    procedure = site.procedures[len(site.procedures) // 2]
    bulletin = site.bulletins[len(site.bulletins) // 2]
    post = corpus.root / corpus.sample_post
    new_post = post.with_name("tin-moi-xem-truoc.md")
    new_url = f"{corpus.sample_url.rsplit('/', 2)[0]}/tin-moi-xem-truoc/"

    def append(text, marker):
        return text + f"\n\n{marker}\n"

    def retitle(text, marker):  # the URL stays: the slug is kept (or given, if it came from the title)
        slug = "" if re.search(r"^slug: ", text, flags=re.M) else f"\nslug: {Path(corpus.sample_post).stem}"
        return re.sub(r"^title: .*$", f"title: \"Tin {marker}\"{slug}", text, count=1, flags=re.M)

    def create(text, marker):
        text = re.sub(r"^slug: .*\n", "", post.read_text(encoding="utf-8"), flags=re.M)
        return re.sub(r"^title: .*$", f"title: \"Tin mới {marker}\"\nslug: tin-moi-xem-truoc", text,
                      count=1, flags=re.M)

    return ([("post text", post, corpus.sample_url, append)] * count
            + [("procedure text", corpus.root / procedure.source, procedure.url, append)] * count
            + [("bulletin text", corpus.root / bulletin.source, bulletin.url, append)] * count
            + [("post title", post, corpus.sample_url, retitle), ("new post", new_post, new_url, create),
               ("deleted post", new_post, new_url, lambda text, marker: None)])


def _save_and_wait(server: Server, edit: Edit, original: str | None, number: int) -> dict:
    """Save one edit and ask for its page until it is served rebuilt (or gone); the sample."""
    kind, path, page, change = edit
    _get(server.url(page))
    time.sleep(1.0)  # let the watcher settle after the last build
    marker = f"Đoạn kiểm tra xem trước số {number} {time.time_ns()}"
    text = change(original or "", marker)
    saved = time.perf_counter()
    if text is None:
        path.unlink()
    else:
        path.write_text(text, encoding="utf-8")
    # A request waits while the server rebuilds, so the page is asked for until it shows the change.
    while True:
        served_page = _get(server.url(page))
        if (served_page is None) if text is None else (served_page is not None and marker in served_page):
            break
        if server.process.poll() is not None or time.perf_counter() - saved > 600:
            return {"kind": kind, "error": f"{kind}: the page was not rebuilt: {server.last_lines()}"}
        time.sleep(0.02)
    served = time.perf_counter() - saved
    rebuilt = server.wait_for(REBUILT, saved, 60)
    found = _REBUILT.search(rebuilt[1]) if rebuilt else None
    print(f"  preview, {kind}: {served:.2f} s ({rebuilt[1].split(REBUILT)[-1] if rebuilt else '?'})",
          file=sys.stderr, flush=True)
    return {"kind": kind, "served": served, "rebuild": _KIND.get(found.group(1), "?") if found else "?",
            "seconds": float(found.group(2)) if found else 0.0,
            "pages_rendered": int(found.group(3)) if found else 0,
            # Changed pages rendered after the reload: when asked for, or by the preview's worker.
            "pages_waiting": int(found.group(4) or 0) if found else 0,
            "stages": found.group(5) or "" if found else ""}


def measure_preview(corpus: Corpus, edits_of_each: int = 3) -> dict:
    """Seconds from saving a file to its page being served rebuilt (see the module's docstring):
    {"first_build": s, "samples": [...]} or {"error": ...}. Every file edited is restored."""
    server = Server(corpus.root)
    originals: dict[Path, str | None] = {}
    try:
        started = time.perf_counter()
        if not server.wait_for(SERVING, 0, 1200):
            return {"error": "the preview did not start: " + server.last_lines()}
        first = time.perf_counter() - started
        samples = []
        for number, edit in enumerate(edits(corpus, edits_of_each)):
            path = edit[1]
            if path not in originals:
                originals[path] = path.read_text(encoding="utf-8") if path.exists() else None
            sample = _save_and_wait(server, edit, originals[path], number)
            if "error" in sample:
                return {"error": sample["error"], "samples": samples}
            samples.append(sample)
            if sample["kind"] in ("post text", "procedure text", "bulletin text") and sample["rebuild"] == "?":
                break
        return {"first_build": first, "samples": samples}
    finally:
        for path, text in originals.items():
            if text is None:
                path.unlink(missing_ok=True)
            else:
                path.write_text(text, encoding="utf-8")
        server.stop()
