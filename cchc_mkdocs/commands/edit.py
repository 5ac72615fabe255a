"""Write in the browser on this machine: the live preview and the editors' interface together.

    cchc edit                  # preview at http://127.0.0.1:8000/cchc/,
                               # editor at http://127.0.0.1:8000/cchc/quan-tri/
    cchc edit --port 8001 --cms-port 8082

Starts the preview (cchc serve, on 127.0.0.1 only) and Decap CMS's local backend: decap-server
(from `npm ci`, file-system mode: no login, no commit) on a Unix socket only this user can open,
behind a guard on 127.0.0.1:<cms port> (cchc_mkdocs/edit_guard.py) that answers only the
preview's page and only about the content folders (content/news, content/procedures,
content/bulletins: entries and their pictures, PDFs and forms), and refuses a save that would
add a problem to the content, with the checker's lines. The preview rebuilds when an entry is
saved. Check and commit as usual: `cchc check`, then git. Ctrl+C (or SIGTERM) stops both.
"""

from __future__ import annotations

import argparse
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from urllib.parse import urlsplit

from ..edit_guard import GuardServer, GuardSettings

HOST = "127.0.0.1"
DECAP_SERVER = Path("node_modules/decap-server/dist/index.js")
# Makes decap-server listen on a Unix socket instead of a TCP port (see the file).
SOCKET_PRELOAD = Path(__file__).resolve().parents[1] / "decap_socket.cjs"
START_SECONDS = 30


class BackendError(Exception):
    """decap-server could not be started; the message says why, in Vietnamese."""


def backend_command(project: Path) -> list[str]:
    """The command that runs decap-server from the project's node_modules, on a Unix socket."""
    node = shutil.which("node") or shutil.which("nodejs")
    script = project / DECAP_SERVER
    if node is None or not script.is_file():
        raise BackendError(f"thiếu {DECAP_SERVER} hoặc node: chạy `npm ci` trong {project} trước "
                           "(cần Node.js và npm)")
    return [node, "--require", str(SOCKET_PRELOAD), str(script)]


def backend_environment(content_root: Path, socket_path: str) -> dict[str, str]:
    """decap-server's settings: files under ``content_root``, listening on ``socket_path`` only."""
    environ = {k: v for k, v in os.environ.items() if k not in ("PORT", "BIND_HOST", "ORIGIN")}
    return {**environ, "CCHC_DECAP_SOCKET": socket_path, "MODE": "fs",
            "GIT_REPO_DIRECTORY": str(content_root), "LOG_LEVEL": "warn"}


def accepts(socket_path: str) -> bool:
    """Whether a server listens on the Unix socket ``socket_path``: the file appears when the
    server binds it, a moment before it listens (a first request then was refused: a 502)."""
    with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as probe:
        try:
            probe.connect(socket_path)
        except OSError:
            return False
    return True


class LocalBackend:
    """Decap's local backend as the editor's browser reaches it: decap-server on a Unix socket in
    a private folder, behind the guard on 127.0.0.1:``port`` (cchc_mkdocs/edit_guard.py), which
    answers only the page at ``origin`` and only about the content folders. A context manager:
    both are stopped on exit."""

    def __init__(self, root: Path, port: int, origin: str, *, log=None, project: Path | None = None,
                 max_pdf_mb: float | None = None):
        self.root, self.port, self.origin, self.log = root, port, origin, log
        self.project = project or root
        self.max_pdf_mb = max_pdf_mb
        self.process: subprocess.Popen | None = None
        self.guard: GuardServer | None = None
        self._folder: str | None = None

    def __enter__(self) -> LocalBackend:
        command = backend_command(self.project)
        # Only this user can open the folder, hence the socket; decap-server reads a .env file in
        # its working folder: it starts in this empty one.
        self._folder = tempfile.mkdtemp(prefix="cchc-edit-")
        socket_path = os.path.join(self._folder, "decap.sock")
        try:
            self.process = subprocess.Popen(command, env=backend_environment(self.root, socket_path),
                                            cwd=self._folder, stdout=self.log,
                                            stderr=subprocess.STDOUT if self.log else None)
            deadline = time.monotonic() + START_SECONDS
            while not accepts(socket_path):
                if self.process.poll() is not None or time.monotonic() > deadline:
                    raise BackendError(f"decap-server không khởi động được trong {START_SECONDS} giây "
                                       "(xem thông báo ở trên)")
                time.sleep(0.1)
            settings = GuardSettings(self.port, self.origin, self.root, socket_path)
            if self.max_pdf_mb is not None:
                settings = GuardSettings(self.port, self.origin, self.root, socket_path, self.max_pdf_mb)
            self.guard = GuardServer(settings)
        except BaseException:
            self.__exit__()
            raise
        threading.Thread(target=self.guard.serve_forever, daemon=True).start()
        return self

    def running(self) -> bool:
        return self.process is not None and self.process.poll() is None

    def __exit__(self, *exc: object) -> None:
        if self.guard is not None:
            self.guard.shutdown()
            self.guard.server_close()
            self.guard = None
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
        if self._folder is not None:
            shutil.rmtree(self._folder, ignore_errors=True)
            self._folder = None


def _stop(signum, frame) -> None:
    raise KeyboardInterrupt


def arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--port", type=int, default=8000, help="cổng của trang xem trước (mặc định 8000)")
    parser.add_argument("--cms-port", type=int, default=8081,
                        help="cổng của phần lưu tệp cho giao diện quản trị (mặc định 8081)")
    parser.add_argument("--root", type=Path, default=Path.cwd(), help=argparse.SUPPRESS)


def run(args: argparse.Namespace) -> int:
    from .check import project_settings

    root = args.root.resolve()
    options = project_settings(root)[0]
    # Stopped by `kill` as by Ctrl+C: both servers are stopped too, none is left running.
    signal.signal(signal.SIGTERM, _stop)
    origin = f"http://{HOST}:{args.port}"
    # The preview serves the site under site_url's path (/cchc/), as production does.
    site_path = urlsplit(options.site_url).path if options and options.site_url else "/"
    site_path = site_path if site_path.endswith("/") else site_path + "/"
    try:
        with LocalBackend(root, args.cms_port, origin,
                          max_pdf_mb=options.max_pdf_mb if options else None) as backend:
            return _edit(root, args.port, args.cms_port, origin, backend, site_path)
    except BackendError as error:
        print(f"cchc edit: {error}", file=sys.stderr)
        return 1


def _edit(root: Path, port: int, cms_port: int, origin: str, backend: LocalBackend, site_path: str) -> int:
    """Run the preview beside the local backend until either stops or the editor stops both."""
    # The build writes the local backend's address into /quan-tri/config.yml, and the preview's
    # as the site the CMS links to.
    environ = {**os.environ, "CCHC_CMS_PORT": str(cms_port), "CCHC_PREVIEW_URL": origin + site_path}
    # The README's preview (cchc serve): a save shows in the browser in a fraction of a second.
    preview = subprocess.Popen([sys.executable, "-m", "cchc_mkdocs.cli", "serve", "-a", f"{HOST}:{port}"],
                               cwd=root, env=environ)
    print(f"Trình soạn thảo: {origin}{site_path}quan-tri/ (Ctrl+C để dừng)", flush=True)
    try:
        while backend.running() and preview.poll() is None:
            time.sleep(0.5)
    except KeyboardInterrupt:
        pass
    finally:
        if preview.poll() is None:
            preview.terminate()
        try:
            preview.wait(timeout=10)
        except subprocess.TimeoutExpired:
            preview.kill()
    stopped = backend.process.poll() if backend.process else None
    return 0 if stopped in (0, None, -15) and preview.returncode in (0, None, -15) else 1
