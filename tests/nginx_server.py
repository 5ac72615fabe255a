"""A real nginx (Debian's) for the tests: deploy/nginx/cchc.conf served on 127.0.0.1, not as a daemon.

nginx runs in the foreground as the test's own user, with a temporary prefix holding its conf,
pid, logs and temp folders, on a free port; ``stop()`` ends it (by its own process id).
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import time
from pathlib import Path

NGINX = shutil.which("nginx") or "/usr/sbin/nginx"
MIME_TYPES = Path("/etc/nginx/mime.types")

_MAIN_CONF = """\
{user}
pid {prefix}/nginx.pid;
worker_processes 1;
events {{ worker_connections 64; }}
http {{
    include {mime_types};
    default_type application/octet-stream;
    access_log off;
    error_log {prefix}/error.log warn;
    client_body_temp_path {prefix}/tmp/body;
    proxy_temp_path {prefix}/tmp/proxy;
    fastcgi_temp_path {prefix}/tmp/fastcgi;
    uwsgi_temp_path {prefix}/tmp/uwsgi;
    scgi_temp_path {prefix}/tmp/scgi;
    server {{
        listen 127.0.0.1:{port};
        server_name localhost;
        include {section};
    }}
}}
"""


def available() -> bool:
    """Whether nginx and its MIME types (package nginx-light or nginx) are installed."""
    return Path(NGINX).exists() and MIME_TYPES.exists()


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class Nginx:
    """nginx serving ``section`` (a conf to include in a server block) from a temporary prefix."""

    def __init__(self, section: Path, prefix: Path):
        self.prefix = prefix
        (prefix / "tmp").mkdir(parents=True, exist_ok=True)
        self.port = free_port()
        self.conf = prefix / "nginx.conf"
        # Started by root, nginx's workers would run as nobody, who cannot read pytest's private
        # temp folders; started by anyone else they run as that user.
        user = "user root root;" if os.geteuid() == 0 else ""
        self.conf.write_text(_MAIN_CONF.format(user=user, prefix=prefix, port=self.port, section=section,
                                               mime_types=MIME_TYPES), encoding="utf-8")
        test = subprocess.run([NGINX, "-t", "-p", str(prefix), "-e", str(prefix / "error.log"), "-c", str(self.conf)],
                              capture_output=True, text=True)
        if test.returncode:
            raise RuntimeError(f"nginx -t refused the conf:\n{test.stderr}")
        self.process = subprocess.Popen(
            [NGINX, "-p", str(prefix), "-e", str(prefix / "error.log"), "-c", str(self.conf), "-g", "daemon off;"],
            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        self._wait_until_listening()

    def _wait_until_listening(self) -> None:
        deadline = time.monotonic() + 15
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"nginx exited: {self.process.stderr.read().decode()}")
            try:
                socket.create_connection(("127.0.0.1", self.port), timeout=0.5).close()
                return
            except OSError:
                time.sleep(0.05)
        self.stop()
        raise RuntimeError("nginx did not listen within 15 s")

    @property
    def origin(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def errors(self) -> str:
        log = self.prefix / "error.log"
        return log.read_text(encoding="utf-8", errors="replace") if log.exists() else ""

    def stop(self) -> None:
        """Stop nginx (SIGTERM: fast shutdown) and wait for it."""
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        self.process.stderr.close()
