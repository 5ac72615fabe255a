"""Where publishing may write (issue 29, findings 8 and 9): never an empty or root destination,
never inside the project, its content or a release, only a folder of the user who publishes;
never without the CSP check; and only the releases it made are rolled back to or pruned.
Every refusal is a Vietnamese sentence naming the path, with no traceback."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pytest

from cchc.deploy.publish import PublishError, Release, Store, check_destination
from conftest import CCHC, post

PROJECT = Path(__file__).resolve().parents[1]
LIVE_ID = "20220306T020000Z-bbbbbbbbbb"
PLANTED_ID = "20220301T020000Z-aaaaaaaaaa"


SITE_FIXTURES = {"project"}  # its tests run cchc publish


def cli(root: Path, *args: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "SOURCE_DATE_EPOCH": "1646532000", "NO_MKDOCS_2_WARNING": "1"}
    return subprocess.run([*CCHC, "publish", *args, "--root", str(root)], env=env, capture_output=True,
                          text=True, timeout=600)


def made_release(dest: Path, release_id: str) -> None:
    """A release as publishing leaves it: a folder with the site, its record beside it."""
    folder = dest / "releases" / release_id
    folder.mkdir(parents=True)
    (folder / "index.html").write_text("bản phát hành", encoding="utf-8")
    Store(dest).record(Release(release_id, "0" * 64, "1" * 64, 0, 0, "mkdocs"))


def planted_link(dest: Path, release_id: str, target: Path) -> None:
    """A symlink planted in releases/ under a release's name, with a record beside it."""
    (dest / "releases" / release_id).symlink_to(target, target_is_directory=True)
    Store(dest).record(Release(release_id, "0" * 64, "1" * 64, 0, 0, "mkdocs"))


@pytest.fixture
def project(tmp_path) -> Path:
    root = tmp_path / "project"
    (root / "content/news").mkdir(parents=True)
    return root


@pytest.fixture
def secret(tmp_path) -> Path:
    folder = tmp_path / "secret"
    folder.mkdir()
    (folder / "passwd").write_text("root:x:0:0", encoding="utf-8")
    return folder


# Finding 8: the destination.

@pytest.mark.parametrize("dest, expected", [
    ("", "publish: thư mục phát hành đang trống; ghi đường dẫn của nó, như /srv/cchc/www"),
    ("/", "publish: không phát hành vào /: đó là thư mục gốc của máy; ghi một thư mục riêng cho trang, "
          "như /srv/cchc/www"),
    ("{root}", "publish: không phát hành vào {root}: thư mục này nằm trong {root} (mã nguồn hoặc nội dung của "
               "trang); ghi một thư mục bên ngoài, như /srv/cchc/www"),
    ("{root}/content/news/www", "publish: không phát hành vào {root}/content/news/www: thư mục này nằm trong "
                                "{root} (mã nguồn hoặc nội dung của trang); ghi một thư mục bên ngoài, như "
                                "/srv/cchc/www"),
    ("/dev/null", "publish: không phát hành vào /dev/null: đó không phải là một thư mục"),
    ("{tmp}/khong-co/www", "publish: không phát hành vào {tmp}/khong-co/www: chưa có thư mục {tmp}/khong-co; "
                           "tạo nó trước"),
])
def test_a_dangerous_destination_is_refused_with_a_sentence_naming_it(project, tmp_path, dest, expected):
    before = sorted(project.rglob("*"))
    done = cli(project, dest.format(root=project, tmp=tmp_path), "--nginx-conf",
               str(PROJECT / "deploy/nginx/cchc.conf"))
    assert done.returncode == 1 and "Traceback" not in done.stderr
    assert done.stderr.strip() == expected.format(root=project, tmp=tmp_path)
    assert sorted(project.rglob("*")) == before
    assert not Path("/releases").exists() and not Path("/current").exists()


def test_a_destination_inside_a_release_is_refused(project, tmp_path):
    dest = tmp_path / "www"
    made_release(dest, LIVE_ID)
    Store(dest).switch(LIVE_ID)
    for inside in (dest / "current", dest / "current/tin-tuc", dest / "releases"):
        done = cli(project, str(inside), "--rollback")
        assert done.returncode == 1 and "Traceback" not in done.stderr
        assert "thư mục này nằm trong một bản phát hành" in done.stderr, inside
    assert sorted(p.name for p in (dest / "releases").iterdir()) == [LIVE_ID, f"{LIVE_ID}.json"]


def test_a_folder_of_another_user_is_refused(project, tmp_path):
    if os.geteuid() == 0:
        other = tmp_path / "cua-nguoi-khac"
        other.mkdir()
        os.chown(other, 65534, 65534)
    else:
        other = Path("/usr")
    with pytest.raises(PublishError, match="thư mục này thuộc người dùng khác"):
        check_destination(other)


def test_the_content_folder_is_refused_wherever_it_is(tmp_path):
    content = tmp_path / "shared/content"
    (content / "news").mkdir(parents=True)
    with pytest.raises(PublishError, match="nằm trong .*shared/content"):
        check_destination(content / "news", [tmp_path / "project", content])


def test_a_mistyped_nginx_conf_is_an_error_not_a_skipped_csp_check(project, tmp_path):
    dest = tmp_path / "www"
    typo = project / "deploy/nginx/cchc.cnf"
    done = cli(project, str(dest), "--nginx-conf", str(typo))
    assert done.returncode == 1 and "Traceback" not in done.stderr
    assert done.stderr.strip() == (f"publish: không có cấu hình nginx {typo}: việc kiểm tra CSP của bản phát hành "
                                   "cần nó; tạo bằng cchc nginx-conf, hoặc chỉ đúng tệp với --nginx-conf")
    assert not (dest / "releases").exists() or list((dest / "releases").iterdir()) == []


@pytest.mark.site
def test_a_site_is_not_published_with_a_mistyped_nginx_conf(make_site, tmp_path):
    """On a real site: without the conf, a release would go live unchecked."""
    root = make_site({"content/news/2022/a.md": post(title="Tin", date="2022-03-01")}, as_of="2022-01-01")
    dest = tmp_path / "www"
    done = cli(root, str(dest), "--nginx-conf", "deploy/nginx/cchc.cnf")
    assert done.returncode == 1 and "không có cấu hình nginx" in done.stderr
    assert Store(dest).current_id() is None and Store(dest).ids() == []


# Finding 9: only releases publishing made.

def test_a_symlink_planted_in_releases_is_never_rolled_back_to(project, tmp_path, secret):
    dest = tmp_path / "www"
    made_release(dest, LIVE_ID)
    Store(dest).switch(LIVE_ID)
    planted_link(dest, PLANTED_ID, secret)
    done = cli(project, str(dest), "--rollback")
    assert done.returncode == 1 and "Traceback" not in done.stderr
    assert "không có bản nào để quay lại" in done.stderr
    assert os.readlink(dest / "current") == f"releases/{LIVE_ID}"
    assert not (dest / "current/passwd").exists()


def test_pruning_passes_over_a_planted_symlink_and_leaves_it(tmp_path, secret):
    dest = tmp_path / "www"
    made_release(dest, "20220302T020000Z-cccccccccc")
    made_release(dest, LIVE_ID)
    planted_link(dest, PLANTED_ID, secret)
    store = Store(dest)
    store.switch(LIVE_ID)
    assert store.ids() == ["20220302T020000Z-cccccccccc", LIVE_ID]
    assert store.prune(1) == ["20220302T020000Z-cccccccccc"]
    assert (dest / "releases" / PLANTED_ID).is_symlink() and (secret / "passwd").exists()


def test_a_folder_not_named_as_a_release_is_not_one(tmp_path):
    dest = tmp_path / "www"
    made_release(dest, LIVE_ID)
    (dest / "releases/zzz").mkdir()
    Store(dest).record(Release("zzz", "0" * 64, "1" * 64, 0, 0, "mkdocs"))
    assert Store(dest).ids() == [LIVE_ID]


def test_a_lock_file_planted_as_a_link_is_refused_and_its_target_untouched(project, tmp_path):
    dest = tmp_path / "www"
    made_release(dest, LIVE_ID)
    victim = tmp_path / "victim.txt"
    victim.write_text("không được xóa", encoding="utf-8")
    (dest / ".lock").symlink_to(victim)
    done = cli(project, str(dest), "--rollback")
    assert done.returncode == 1 and "Traceback" not in done.stderr
    assert f"không mở được {dest / '.lock'}" in done.stderr
    assert victim.read_text(encoding="utf-8") == "không được xóa"


def test_the_pause_flag_replaces_a_planted_link_instead_of_writing_through_it(tmp_path):
    dest = tmp_path / "www"
    made_release(dest, "20220302T020000Z-cccccccccc")
    made_release(dest, LIVE_ID)
    Store(dest).switch(LIVE_ID)
    victim = tmp_path / "victim.txt"
    victim.write_text("giữ nguyên", encoding="utf-8")
    (dest / "paused").symlink_to(victim)
    from cchc.deploy.publish import rollback

    rollback(dest)
    assert victim.read_text(encoding="utf-8") == "giữ nguyên"
    assert not (dest / "paused").is_symlink() and "rolled back" in (dest / "paused").read_text(encoding="utf-8")
