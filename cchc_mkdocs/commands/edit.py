"""Write in the browser on this machine: the live preview and the editors' interface together.

    cchc edit                  # preview at http://127.0.0.1:8000/cchc/,
                               # editor at http://127.0.0.1:8000/cchc/quan-tri/
    cchc edit --port 8001 --cms-port 8082

Starts the preview (cchc serve) and Decap CMS's local backend (decap-server, from `npm ci`), both bound
to 127.0.0.1 only: nobody else on the network can reach them. The editor's interface saves
each entry as a file under content/ of this checkout (decap-server's file-system mode: no
login, no commit); the preview rebuilds when it is saved. Check and commit as usual:
`cchc check`, then git. Ctrl+C (or SIGTERM) stops both.
"""

from __future__ import annotations

import argparse
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

HOST = "127.0.0.1"
DECAP_SERVER = Path("node_modules/decap-server/dist/index.js")


def backend_command(project: Path) -> list[str]:
    """The command that runs decap-server from the project's node_modules."""
    node = shutil.which("node") or shutil.which("nodejs")
    script = project / DECAP_SERVER
    if node is None or not script.is_file():
        raise SystemExit(f"Thiếu {DECAP_SERVER} hoặc node: chạy `npm ci` trong {project} trước "
                         "(cần cài Node.js và npm)")
    return [node, str(script)]


def backend_environment(content_root: Path, port: int) -> dict[str, str]:
    """decap-server's settings: this port on 127.0.0.1 only, files written under ``content_root``."""
    return {**os.environ, "PORT": str(port), "BIND_HOST": HOST, "MODE": "fs",
            "GIT_REPO_DIRECTORY": str(content_root), "LOG_LEVEL": "warn"}


def start_backend(content_root: Path, port: int, log=None, project: Path | None = None) -> subprocess.Popen:
    """Start decap-server for ``content_root`` on 127.0.0.1:``port``; the caller stops it."""
    return subprocess.Popen(backend_command(project or content_root), env=backend_environment(content_root, port),
                            stdout=log, stderr=subprocess.STDOUT if log else None)


def _stop(signum, frame) -> None:
    raise KeyboardInterrupt


def arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--port", type=int, default=8000, help="cổng của trang xem trước (mặc định 8000)")
    parser.add_argument("--cms-port", type=int, default=8081,
                        help="cổng của phần lưu tệp cho giao diện quản trị (mặc định 8081)")
    parser.add_argument("--root", type=Path, default=Path.cwd(), help=argparse.SUPPRESS)


def run(args: argparse.Namespace) -> int:
    root = args.root.resolve()
    # Stopped by `kill` as by Ctrl+C: both servers are stopped too, none is left running.
    signal.signal(signal.SIGTERM, _stop)
    backend = start_backend(root, args.cms_port)
    # The build writes the local backend's address into /quan-tri/config.yml.
    environ = {**os.environ, "CCHC_CMS_PORT": str(args.cms_port)}
    # The README's preview (cchc serve): a save shows in the browser in a fraction of a second.
    preview = subprocess.Popen([sys.executable, "-m", "cchc_mkdocs.cli", "serve", "-a", f"{HOST}:{args.port}"],
                               cwd=root, env=environ)
    print(f"Trình soạn thảo: http://{HOST}:{args.port}/cchc/quan-tri/ (Ctrl+C để dừng)", flush=True)
    try:
        while backend.poll() is None and preview.poll() is None:
            time.sleep(0.5)
    except KeyboardInterrupt:
        pass
    finally:
        for process in (preview, backend):
            if process.poll() is None:
                process.terminate()
        for process in (preview, backend):
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                process.kill()
    return 0 if backend.returncode in (0, None, -15) and preview.returncode in (0, None, -15) else 1
