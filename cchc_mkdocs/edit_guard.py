"""The local editor's gate: what the browser may ask of Decap's local backend (decap-server).

decap-server (file-system mode) reads, writes and deletes any file under the folder it is started
in, answers any Host and any page on localhost. ``cchc edit`` therefore starts it on a Unix socket
in a private folder (no browser reaches it) and puts this guard on 127.0.0.1:<cms port>. The guard
answers only

- requests whose ``Host`` is its own address and port (a DNS-rebinding page sends its own name),
- from the preview's origin (``Origin``, sent by the browser on every cross-origin request),
- naming only paths an editor may change: the content folders of the CMS's collections, entries
  (``.md``) and their media (pictures, PDFs, forms) there; no dotfile, no symbolic link, no ``..``;

and, before a save or a deletion reaches the disk, it keeps the file's lines for every field the
editor did not change (cchc.site.cms_save: Decap rewrites and folds the whole front matter), and
runs the checker on the content as it would
be and refuses the change when that adds a problem (a duplicate code, a broken ``replaced_by``
chain, a PDF that is not one), with the checker's lines. Everything else is refused in Vietnamese.
"""

from __future__ import annotations

import base64
import binascii
import http.client
import http.server
import json
import os
import shutil
import socket
import tempfile
import threading
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import Iterable, Mapping

from cchc.config import Options
from cchc.content.fields import COVER_TYPES, IMAGE_TYPES, PDF_TYPES
from cchc.content.files import MB
from cchc.content.load import load_site
from cchc.content.procedures import FORM_TYPES
from cchc.dates import build_time
from cchc.site.cms import EDITABLE_FOLDERS
from cchc.site.cms_save import keep_unchanged

API_PATH = "/api/v1"
ENTRY_TYPES = (".md",)
MEDIA_TYPES = tuple(dict.fromkeys((*IMAGE_TYPES, *PDF_TYPES, *COVER_TYPES, *FORM_TYPES)))
# A picture or a PDF sent as base64 in JSON: a third larger than the file.
MAX_BODY = 200 * MB
MAX_PATH = 400
# What the CMS asks in file-system mode; the editorial workflow's actions need git and are refused.
READ_ACTIONS = ("info", "entriesByFolder", "entriesByFiles", "getEntry", "getMedia", "getMediaFile",
                "getDeployPreview")
WRITE_ACTIONS = ("persistEntry", "persistMedia", "deleteFile", "deleteFiles")


class Refused(Exception):
    """A request the guard does not pass on: its HTTP status and the Vietnamese reason."""

    def __init__(self, status: int, message: str):
        super().__init__(message)
        self.status = status
        self.message = message


# --- Which paths -------------------------------------------------------------------------------

def path_refusal(value: object, kind: str) -> str | None:
    """Why ``value`` is not a path the editor may reach, or None. ``kind``: "folder" (a content
    folder or one below it), "entry" (a .md file in one), "media" (a picture, PDF or form in one)."""
    if not isinstance(value, str) or not value or len(value) > MAX_PATH:
        return f"đường dẫn không hợp lệ: {value!r}"
    if "\\" in value or "\x00" in value or value.startswith("/") or ":" in value.split("/")[0]:
        return f"đường dẫn {value!r} không phải đường dẫn tương đối trong dự án"
    parts = value.split("/")
    if any(part in ("", ".", "..") for part in parts):
        return f"đường dẫn {value!r} có '..', '.' hoặc '//'"
    if any(part.startswith(".") for part in parts):
        return f"đường dẫn {value!r} chỉ đến tệp hoặc thư mục ẩn (bắt đầu bằng dấu chấm)"
    folder = next((f for f in EDITABLE_FOLDERS if value == f or value.startswith(f + "/")), None)
    if folder is None:
        return (f"{value!r} nằm ngoài các thư mục nội dung mà giao diện quản trị được sửa "
                f"({', '.join(EDITABLE_FOLDERS)})")
    if kind == "folder":
        return None
    if value == folder:
        return f"{value!r} là một thư mục, không phải một tệp"
    types = ENTRY_TYPES if kind == "entry" else MEDIA_TYPES
    if not value.lower().endswith(types):
        what = "bài, thủ tục hay bản tin" if kind == "entry" else "ảnh, PDF hay mẫu đơn"
        return f"{value!r} không phải tệp {what} ({', '.join(types)})"
    return None


def link_refusal(root: Path, value: str) -> str | None:
    """Why ``value`` under ``root`` cannot be used on disk: a symbolic link on its way, or
    something other than a file or folder where it ends; None when it is fine or does not exist."""
    at = root
    for part in PurePosixPath(value).parts:
        at = at / part
        if at.is_symlink():
            return f"{value!r} đi qua liên kết tượng trưng (symlink) {at.relative_to(root).as_posix()!r}"
        if not at.exists():
            return None
    if not (at.is_file() or at.is_dir()):
        return f"{value!r} không phải tệp thường"
    return None


def request_paths(action: str, params: Mapping) -> list[tuple[object, str]]:
    """Every path ``action`` names in ``params``, with what it must be (see path_refusal)."""
    def items(key: str) -> list:
        value = params.get(key)
        return value if isinstance(value, list) else ([] if value is None else [value])

    def data_files() -> list[tuple[object, str]]:
        found = []
        for file in [*items("dataFiles"), *items("entry")]:
            file = file if isinstance(file, Mapping) else {"path": file}
            found.append((file.get("path"), "entry"))
            if "newPath" in file:
                found.append((file.get("newPath"), "entry"))
        return found

    if action in ("info", "getDeployPreview"):
        return []
    if action == "entriesByFolder":
        return [(params.get("folder"), "folder")]
    if action == "entriesByFiles":
        return [((f.get("path") if isinstance(f, Mapping) else f), "entry") for f in items("files")]
    if action == "getEntry":
        return [(params.get("path"), "entry")]
    if action == "getMedia":
        return [(params.get("mediaFolder"), "folder")]
    if action == "getMediaFile":
        return [(params.get("path"), "media")]
    if action == "persistEntry":
        assets = [((a.get("path") if isinstance(a, Mapping) else a), "media") for a in items("assets")]
        return data_files() + assets
    if action == "persistMedia":
        asset = params.get("asset")
        return [((asset.get("path") if isinstance(asset, Mapping) else asset), "media")]
    if action == "deleteFile":
        return [(params.get("path"), "any")]
    if action == "deleteFiles":
        return [(p, "any") for p in items("paths")]
    raise Refused(403, f"thao tác {action!r} không được phép trong trình soạn thảo trên máy")


def refuse_paths(root: Path, action: str, params: Mapping) -> None:
    """Raise Refused when ``action`` names a path the editor may not reach."""
    for value, kind in request_paths(action, params):
        reason = (path_refusal(value, "entry") and path_refusal(value, "media")) if kind == "any" \
            else path_refusal(value, kind)
        reason = reason or link_refusal(root, value)
        if reason:
            raise Refused(403, f"Không thực hiện: {reason}.")
    files = [*(params.get("dataFiles") or []), params.get("entry")] if action == "persistEntry" else []
    if any(isinstance(f, Mapping) and f.get("newPath") not in (None, f.get("path")) for f in files):
        # decap-server would move the entry and every file of its folder with it.
        raise Refused(403, "Không thực hiện: giao diện quản trị không chuyển tệp sang chỗ khác (địa chỉ "
                           "trang đã đăng không đổi); đổi tên tệp bằng git nếu thật cần.")


# --- The content as it would be ----------------------------------------------------------------

def planned_changes(action: str, params: Mapping) -> tuple[dict[str, bytes], list[str]]:
    """(files written: path -> bytes, files deleted) by a write ``action``."""
    def decoded(asset: Mapping) -> bytes:
        try:
            return base64.b64decode(str(asset.get("content", "")), validate=True)
        except (binascii.Error, ValueError):
            raise Refused(422, f"Không lưu: nội dung tệp {asset.get('path')!r} không đọc được.") from None

    writes: dict[str, bytes] = {}
    if action == "persistEntry":
        files = params.get("dataFiles") or [params.get("entry")]
        for file in files:
            if isinstance(file, Mapping) and isinstance(file.get("raw"), str):
                writes[file["path"]] = file["raw"].encode("utf-8")
        for asset in params.get("assets") or []:
            if isinstance(asset, Mapping):
                writes[asset["path"]] = decoded(asset)
        return writes, []
    if action == "persistMedia":
        asset = params.get("asset") or {}
        return {asset["path"]: decoded(asset)}, []
    if action == "deleteFile":
        return {}, [params["path"]]
    if action == "deleteFiles":
        return {}, list(params["paths"])
    return {}, []


def keep_unchanged_lines(root: Path, params: dict) -> None:
    """Each entry saved over a file keeps that file's lines for the fields not changed
    (cchc.site.cms_save): editing one field changes its lines only."""
    files = params.get("dataFiles") or [params.get("entry")]
    for file in files:
        if not isinstance(file, dict) or not isinstance(file.get("raw"), str):
            continue
        target = root / file["path"]
        if target.is_file():
            try:
                old = target.read_text(encoding="utf-8")
            except (OSError, UnicodeDecodeError):
                continue
            file["raw"] = keep_unchanged(old.replace("\r\n", "\n"), file["raw"])


def _link_or_copy(source: str, target: str) -> None:
    # A hard link costs nothing; the changed files are replaced, never written through.
    try:
        os.link(source, target)
    except OSError:
        shutil.copy2(source, target)


def new_problems(root: Path, writes: Mapping[str, bytes], deletes: Iterable[str],
                 max_pdf_mb: float = Options.max_pdf_mb) -> list[str]:
    """The checker's lines that the content under ``root`` would have after ``writes`` and
    ``deletes`` and does not have now: what this save would break, in the whole content."""
    now = build_time()
    limit = int(max_pdf_mb * MB)
    # Links may lead to the hand-written pages, as in the build: the copy's links are checked against root's.
    docs = root / "docs"
    before = {str(p) for p in load_site(root, now, max_pdf_bytes=limit, docs_dir=docs).problems}
    with tempfile.TemporaryDirectory(prefix="cchc-save-") as folder:
        copy = Path(folder)
        if (root / "content").is_dir():
            shutil.copytree(root / "content", copy / "content", symlinks=True, copy_function=_link_or_copy)
        for rel in [*deletes, *writes]:
            target = copy / rel
            if target.is_file() or target.is_symlink():
                target.unlink()
        for rel, data in writes.items():
            target = copy / rel
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(data)
        after = [str(p) for p in load_site(copy, now, max_pdf_bytes=limit, docs_dir=docs).problems]
    return [line for line in after if line not in before]


# --- The server ---------------------------------------------------------------------------------

@dataclass(frozen=True)
class GuardSettings:
    """What the guard lets through: its own port, the preview's origin, the project, the backend."""

    port: int
    origin: str           # like http://127.0.0.1:8000
    root: Path            # the folder decap-server writes under
    backend_socket: str   # decap-server's Unix socket
    max_pdf_mb: float = Options.max_pdf_mb

    @property
    def host(self) -> str:
        return f"127.0.0.1:{self.port}"


class _UnixConnection(http.client.HTTPConnection):
    def __init__(self, path: str, timeout: float = 120):
        super().__init__("localhost", timeout=timeout)
        self._socket_path = path

    def connect(self) -> None:
        sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        sock.settimeout(self.timeout)
        sock.connect(self._socket_path)
        self.sock = sock


def _filtered(action: str, root: Path, payload: bytes) -> bytes:
    """A listing without what the editor may not read (a link planted among the posts)."""
    if action not in ("entriesByFolder", "entriesByFiles", "getMedia"):
        return payload
    try:
        items = json.loads(payload)
    except ValueError:
        return payload
    if not isinstance(items, list):
        return payload
    kind = "media" if action == "getMedia" else "entry"

    def allowed(item: object) -> bool:
        if not isinstance(item, Mapping):
            return False
        path = item.get("path") if kind == "media" else (item.get("file") or {}).get("path")
        return path_refusal(path, kind) is None and link_refusal(root, path) is None

    return json.dumps([item for item in items if allowed(item)]).encode("utf-8")


class GuardHandler(http.server.BaseHTTPRequestHandler):
    """One request to the local backend: checked, then passed to decap-server or refused."""

    server: "GuardServer"
    protocol_version = "HTTP/1.1"

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002 (the base's name)
        pass

    def _send(self, status: int, body: bytes, cors: bool) -> None:
        self.send_response(status)
        self.send_header("Content-Type", "application/json; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.send_header("X-Content-Type-Options", "nosniff")
        self.send_header("Cache-Control", "no-store")
        self.send_header("Vary", "Origin")
        if cors:
            self.send_header("Access-Control-Allow-Origin", self.server.settings.origin)
        self.end_headers()
        self.wfile.write(body)

    def _refuse(self, refused: Refused, cors: bool) -> None:
        self._send(refused.status, json.dumps({"error": refused.message}, ensure_ascii=False).encode("utf-8"), cors)

    def _caller(self) -> None:
        """Refuse a request not meant for this guard or not from the preview's page."""
        settings = self.server.settings
        if self.headers.get("Host") != settings.host:
            raise Refused(403, f"Không thực hiện: yêu cầu gửi tới tên máy {self.headers.get('Host')!r}, "
                               f"không phải {settings.host}.")
        if self.headers.get("Origin") != settings.origin:
            raise Refused(403, f"Không thực hiện: yêu cầu đến từ {self.headers.get('Origin')!r}; trình soạn "
                               f"thảo chỉ nhận yêu cầu từ trang xem trước {settings.origin} (mở trang quản "
                               "trị theo địa chỉ cchc edit in ra).")
        if self.path != API_PATH:
            raise Refused(404, f"Không có địa chỉ {self.path!r}.")

    def do_OPTIONS(self) -> None:  # noqa: N802 (http.server's name)
        try:
            self._caller()
        except Refused as refused:
            self._refuse(refused, cors=False)
            return
        self.send_response(204)
        self.send_header("Access-Control-Allow-Origin", self.server.settings.origin)
        self.send_header("Access-Control-Allow-Methods", "POST")
        self.send_header("Access-Control-Allow-Headers", "Content-Type")
        self.send_header("Access-Control-Max-Age", "600")
        self.send_header("Vary", "Origin")
        self.send_header("Content-Length", "0")
        self.end_headers()

    def do_GET(self) -> None:  # noqa: N802
        self._refuse(Refused(405, "Không thực hiện: chỉ nhận yêu cầu POST."), cors=False)

    do_PUT = do_DELETE = do_PATCH = do_GET  # noqa: N815

    def do_POST(self) -> None:  # noqa: N802
        cors = False
        try:
            self._caller()
            cors = True
            request, action, params = self._request()
            refuse_paths(self.server.settings.root, action, params)
            if action == "persistEntry":
                keep_unchanged_lines(self.server.settings.root, params)
            body = json.dumps(request).encode("utf-8")
            if action in WRITE_ACTIONS:
                self._check_content(action, params)
            status, payload = self._forward(body)
            self._send(status, _filtered(action, self.server.settings.root, payload) if status == 200 else payload,
                       cors)
        except Refused as refused:
            self._refuse(refused, cors)

    def _request(self) -> tuple[dict, str, dict]:
        try:
            length = int(self.headers.get("Content-Length", ""))
        except ValueError:
            raise Refused(411, "Không thực hiện: thiếu độ dài yêu cầu.") from None
        if not 0 < length <= MAX_BODY:
            raise Refused(413, f"Không thực hiện: yêu cầu {length / MB:.1f} MB, quá giới hạn {MAX_BODY // MB} MB.")
        if not (self.headers.get("Content-Type") or "").startswith("application/json"):
            raise Refused(415, "Không thực hiện: yêu cầu phải là JSON.")
        body = self.rfile.read(length)
        try:
            request = json.loads(body)
        except ValueError:
            raise Refused(400, "Không thực hiện: yêu cầu không phải JSON hợp lệ.") from None
        if not isinstance(request, dict) or not isinstance(request.get("action"), str):
            raise Refused(400, "Không thực hiện: yêu cầu không có thao tác (action).")
        action, params = request["action"], request.get("params") or {}
        if action not in READ_ACTIONS + WRITE_ACTIONS:
            raise Refused(403, f"Không thực hiện: thao tác {action!r} không được phép trong trình soạn thảo trên máy.")
        if not isinstance(params, dict):
            raise Refused(400, "Không thực hiện: tham số (params) không hợp lệ.")
        return request, action, params

    def _check_content(self, action: str, params: Mapping) -> None:
        settings = self.server.settings
        writes, deletes = planned_changes(action, params)
        with self.server.saving:  # one save checked and written at a time
            problems = new_problems(settings.root, writes, deletes, settings.max_pdf_mb)
        if problems:
            raise Refused(422, "Chưa lưu: nội dung sẽ có lỗi sau khi lưu; sửa rồi lưu lại.\n" + "\n".join(problems))

    def _forward(self, body: bytes) -> tuple[int, bytes]:
        connection = _UnixConnection(self.server.settings.backend_socket)
        try:
            connection.request("POST", API_PATH, body, {"Content-Type": "application/json",
                                                        "Host": "127.0.0.1", "Origin": "http://127.0.0.1"})
            response = connection.getresponse()
            return response.status, response.read()
        except OSError:
            raise Refused(502, "Phần lưu tệp (decap-server) không trả lời; dừng cchc edit (Ctrl+C) và chạy lại.") from None
        finally:
            connection.close()


class GuardServer(http.server.ThreadingHTTPServer):
    """The guard on 127.0.0.1:``settings.port``."""

    daemon_threads = True

    def __init__(self, settings: GuardSettings):
        self.settings = settings
        self.saving = threading.Lock()
        super().__init__(("127.0.0.1", settings.port), GuardHandler)

    def handle_error(self, request, client_address) -> None:
        pass  # a closed tab breaks the pipe; nothing to tell
