"""nginx serves only a release's own files (issue 29, finding 10): no dotfile that reached a
release, no symlink below the live link, and the CMS's config.yml only when the settings say so.

A small release is laid out as publishing lays it out (DEST/current -> releases/<id>), with
files planted in it; Debian's nginx serves it with the conf made from the shipped template.
"""

from __future__ import annotations

import http.client
import os
import shutil
import subprocess
from pathlib import Path

import pytest

from browser import require
from cchc.deploy import nginx_conf
from conftest import CCHC, PROJECT
from nginx_server import Nginx, available

SITE_URL = "https://skhcn.quangngai.gov.vn/cchc/"
NO_CODE = nginx_conf.InlineCode((), (), (), ())


def release(dest: Path, outside: Path) -> Path:
    """DEST with one release holding pages, and the files an attacker would plant in it."""
    files = {
        "index.html": "<!doctype html><title>Trang chủ</title>",
        "404.html": "<!doctype html><title>Không có trang này</title>",
        "tin-tuc/index.html": "<!doctype html><title>Tin tức</title>",
        "quan-tri/index.html": "<!doctype html><title>Quản trị</title>",
        "quan-tri/config.yml": "backend:\n  name: gitlab\n  repo: skhcn/cchc\n  app_id: bi-mat\n",
        "nhung/index.html": "<!doctype html><title>Nhúng</title>",
        ".env": "SECRET=1",
        ".git/config": "[remote]",
        "tin-tuc/.an.pdf": "%PDF-1.4",
        "quan-tri/.env": "SECRET=2",
        "nhung/.htpasswd": "x:y",
    }
    folder = dest / "releases/20220306T020000Z-0123456789"
    for rel, text in files.items():
        (folder / rel).parent.mkdir(parents=True, exist_ok=True)
        (folder / rel).write_text(text, encoding="utf-8")
    outside.mkdir()
    (outside / "passwd").write_text("root:x:0:0", encoding="utf-8")
    (folder / "mat-khau.txt").symlink_to(outside / "passwd")
    (folder / "ngoai").symlink_to(outside, target_is_directory=True)
    (folder / "trang-chu.html").symlink_to(folder / "index.html")  # even a link inside the release
    (dest / "current").symlink_to("releases/20220306T020000Z-0123456789")
    return dest / "current"


def serve(tmp_path: Path, name: str, public_cms_config: bool) -> Nginx:
    require(available(), "no nginx at /usr/sbin/nginx (apt-get install nginx-light)")
    live = release(tmp_path / name / "www", tmp_path / name / "outside")
    template = (PROJECT / nginx_conf.TEMPLATE).read_text(encoding="utf-8")
    conf = tmp_path / name / "cchc.conf"
    conf.write_text(nginx_conf.render(template, site_url=SITE_URL, code=NO_CODE, origin="https://cong.example.vn",
                                      live=str(live), public_cms_config=public_cms_config), encoding="utf-8")
    return Nginx(conf, tmp_path / name / "prefix")


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    running = serve(tmp_path_factory.mktemp("nginx-hostile"), "private", public_cms_config=False)
    yield running
    running.stop()


def get(server: Nginx, path: str) -> tuple[int, bytes]:
    connection = http.client.HTTPConnection("127.0.0.1", server.port, timeout=30)
    connection.request("GET", "/cchc/" + path)
    answer = connection.getresponse()
    body = answer.read()
    connection.close()
    return answer.status, body


def test_the_release_is_served_through_the_live_link(server):
    assert get(server, "") == (200, b"<!doctype html><title>Trang ch\xe1\xbb\xa7</title>")
    assert get(server, "tin-tuc/")[0] == 200


@pytest.mark.parametrize("path", [".env", ".git/config", "tin-tuc/.an.pdf", "quan-tri/.env", "nhung/.htpasswd",
                                  "%2eenv", ".git/", "tin-tuc/../.env"])
def test_no_dotfile_is_served_wherever_it_is(server, path):
    status, body = get(server, path)
    assert status == 404, path
    assert b"SECRET" not in body and b"[remote]" not in body and b"%PDF" not in body


@pytest.mark.parametrize("path", ["mat-khau.txt", "ngoai/passwd", "trang-chu.html"])
def test_no_symlink_below_the_live_link_is_followed(server, path):
    status, body = get(server, path)
    assert status in (403, 404), path
    assert b"root:x" not in body


def test_the_cms_config_is_not_public_unless_the_settings_say_so(server, tmp_path):
    assert get(server, "quan-tri/config.yml")[0] == 404
    assert get(server, "quan-tri/")[0] == 200
    public = serve(tmp_path, "public", public_cms_config=True)
    try:
        status, body = get(public, "quan-tri/config.yml")
        assert status == 200 and b"app_id: bi-mat" in body
        assert get(public, "quan-tri/.env")[0] == 404
    finally:
        public.stop()


def test_the_shipped_conf_keeps_the_cms_config_private_as_mkdocs_yml_says():
    shipped = (PROJECT / "deploy/nginx/cchc.conf").read_text(encoding="utf-8")
    assert "return 404;  # Not public: extra.cchc.cms.public_config is not true." in shipped
    assert "disable_symlinks on from=/srv/cchc/www/current;" in shipped
    assert os.path.basename(nginx_conf.DEFAULT_LIVE) == "current"


@pytest.mark.site
@pytest.mark.parametrize("written, served", [(None, False), ("false", False), ("true", True)])
def test_cchc_nginx_conf_serves_the_cms_config_only_when_mkdocs_yml_says_so(tmp_path, written, served):
    (tmp_path / "deploy/nginx").mkdir(parents=True)
    shutil.copy(PROJECT / nginx_conf.TEMPLATE, tmp_path / nginx_conf.TEMPLATE)
    (tmp_path / "docs").mkdir()
    (tmp_path / "site").mkdir()
    setting = f"      public_config: {written}\n" if written else ""
    (tmp_path / "mkdocs.yml").write_text(f"site_name: CCHC\nsite_url: {SITE_URL}\nextra:\n  cchc:\n    cms:\n"
                                         f"      backend: gitlab\n{setting}", encoding="utf-8")
    done = subprocess.run([*CCHC, "nginx-conf", "--root", str(tmp_path), "--site", str(tmp_path / "site"),
                           "-o", str(tmp_path / "cchc.conf")], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    conf = (tmp_path / "cchc.conf").read_text(encoding="utf-8")
    assert ("return 404;  # Not public" in conf) is not served
    assert ("# Served: extra.cchc.cms.public_config is true." in conf) is served
