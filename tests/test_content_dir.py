"""The content folder setting, extra.cchc.content_dir: where the build reads content/ from.

The default is content/ beside mkdocs.yml; the test suite points the project's configuration at
sites in temporary folders with it. It is configuration, not content, but what it names is read
like content/ at its default place: a symbolic link there is refused, never followed.
"""

from __future__ import annotations

import json
import os
import subprocess
from pathlib import Path

from cchc.config import content_folder
from conftest import post, run_build, CCHC, COMMAND_OF


def test_by_default_the_content_folder_is_beside_mkdocs_yml_even_before_it_exists(tmp_path):
    assert content_folder(None, tmp_path) == (tmp_path / "content", [])
    assert content_folder("", tmp_path) == (tmp_path / "content", [])


def test_a_relative_folder_is_read_from_mkdocs_yml_s_folder_and_an_absolute_one_as_it_is(tmp_path):
    (tmp_path / "a/content").mkdir(parents=True)
    (tmp_path / "b/content").mkdir(parents=True)
    assert content_folder("a/content", tmp_path) == (tmp_path / "a/content", [])
    assert content_folder(str(tmp_path / "b/content"), tmp_path / "a") == (tmp_path / "b/content", [])
    assert content_folder("../b/content", tmp_path / "a") == (tmp_path / "b/content", [])


def test_a_folder_not_named_content_is_one_problem_at_mkdocs_yml(tmp_path):
    (tmp_path / "noi-dung").mkdir()
    _, problems = content_folder("noi-dung", tmp_path)
    assert [str(p) for p in problems] == [
        "mkdocs.yml:1: content_dir: cần một thư mục tên content (đường dẫn trong thông báo và giữa các tệp "
        "bắt đầu bằng content/); đang ghi 'noi-dung'; đổi tên thư mục hoặc để trống content_dir"]


def test_a_missing_folder_and_a_value_that_is_not_a_path_are_each_one_problem(tmp_path):
    _, missing = content_folder("khac/content", tmp_path)
    assert [(p.path, p.line, p.field) for p in missing] == [("mkdocs.yml", 1, "content_dir")]
    assert missing[0].message.startswith("không có thư mục này: 'khac/content'")
    _, wrong = content_folder(["content"], tmp_path)
    assert [str(p) for p in wrong] == ["mkdocs.yml:1: content_dir: cần đường dẫn của một thư mục tên content; "
                                       "đang ghi ['content']"]


def test_a_link_at_the_configured_folder_is_kept_as_a_link_not_resolved(tmp_path):
    (tmp_path / "real/content").mkdir(parents=True)
    (tmp_path / "site").mkdir()
    os.symlink(tmp_path / "real/content", tmp_path / "site/content")
    folder, problems = content_folder("site/content", tmp_path)
    assert problems == [] and folder == tmp_path / "site/content" and folder.is_symlink()


# Whole builds: the project's mkdocs.yml with the setting (run_build without a site mkdocs.yml).

def test_a_build_reads_the_configured_folder_and_publishes_from_it(make_site):
    built = run_build(make_site({"content/news/2022/a.md": post(title="Tin ở thư mục cấu hình")}))
    assert built.returncode == 0, built.log
    assert built.article("tin-tuc/2022/tin-o-thu-muc-cau-hinh/").h1.get_text(strip=True) == "Tin ở thư mục cấu hình"


def test_a_wrong_setting_stops_the_build_with_its_line_and_no_traceback(make_site):
    root = make_site({"content/news/2022/a.md": post()})
    built = run_build(root, content_dir=str(root / "noi-dung"))
    assert built.returncode == 1 and "Traceback" not in built.log
    assert (": content_dir: cần một thư mục tên content (đường dẫn trong thông báo và giữa các tệp bắt đầu "
            "bằng content/); đang ghi " + repr(str(root / "noi-dung"))) in built.log
    assert not (built.site / "index.html").exists()


def test_a_configured_folder_that_is_a_link_is_refused_like_content_at_its_default_place(make_site, tmp_path):
    secret = tmp_path / "elsewhere/content"
    (secret / "news/2022").mkdir(parents=True)
    (secret / "news/2022/a.md").write_text(post(title="Tin bí mật"), encoding="utf-8")
    linked = tmp_path / "linked"
    linked.mkdir()
    os.symlink(secret, linked / "content")
    built = run_build(make_site({}), content_dir=str(linked / "content"))
    assert built.returncode == 1 and "Traceback" not in built.log
    errors = built.log_lines("ERROR")
    assert any(line.startswith("content:1: Tệp: là liên kết tượng trưng (symbolic link) tới một thư mục") and
               "liên kết không bao giờ được đọc hay đăng: hãy đặt chính thư mục đó vào đây thay cho liên kết"
               in line for line in errors), errors
    assert not (built.site / "tin-tuc/2022").exists()


# The command-line tools read content/ where the build does.

def _tool(name: str, *args: str, root: Path) -> subprocess.CompletedProcess:
    import sys

    from conftest import EPOCH_2023, PROJECT
    environ = {key: value for key, value in os.environ.items() if key != "CCHC_AS_OF"}
    environ["SOURCE_DATE_EPOCH"] = EPOCH_2023
    return subprocess.run([*CCHC, COMMAND_OF[name], "--root", str(root), *args],
                          env=environ, capture_output=True, text=True, timeout=120)


def _configured_elsewhere(make_site, tmp_path) -> tuple[Path, Path]:
    """A site whose mkdocs.yml names a content folder elsewhere, holding one broken post, and a
    clean content/ beside mkdocs.yml that the build does not read."""
    shared = tmp_path / "shared/content"
    root = make_site({"content/news/2022/dung.md": post(title="Tin ở thư mục mặc định")},
                     content_dir=str(shared))
    (shared / "news/2022").mkdir(parents=True)
    (shared / "plans").mkdir()
    (shared / "plans/2022.yml").write_bytes((root / "content/plans/2022.yml").read_bytes())
    (shared / "news/2022/sai.md").write_text(post(date="2021-03-03"), encoding="utf-8")
    return root, shared


def test_the_checker_reads_the_configured_content_folder(make_site, tmp_path):
    root, _ = _configured_elsewhere(make_site, tmp_path)
    done = _tool("check.py", root=root)
    assert done.returncode == 1, done.stdout + done.stderr
    assert "content/news/2022/sai.md:3: Ngày đăng (date): ngày 2021-03-03 thuộc năm 2021" in done.stdout
    assert "dung.md" not in done.stdout + done.stderr


def test_the_plan_report_reads_the_configured_content_folder(make_site, tmp_path):
    root, shared = _configured_elsewhere(make_site, tmp_path)
    (shared / "news/2022/sai.md").write_text(post(title="Tin ở thư mục cấu hình"), encoding="utf-8")
    done = _tool("coverage.py", "--year", "2022", "--as-of", "2022-03-10", "--json", root=root)
    titles = [i["title"] for t in json.loads(done.stdout)["topics"] for i in t["items"]]
    assert "Tin ở thư mục cấu hình" in titles and "Tin ở thư mục mặc định" not in titles


def test_publishing_notices_a_change_in_the_configured_content_folder(make_site, tmp_path):
    from cchc.deploy.publish import inputs_digest

    root, shared = _configured_elsewhere(make_site, tmp_path)
    before = inputs_digest(root, shared.parent)
    assert inputs_digest(root) != before  # content/ beside mkdocs.yml is another folder
    (shared / "news/2022/sai.md").write_text(post(title="Tin đã sửa"), encoding="utf-8")
    assert inputs_digest(root, shared.parent) != before
    (root / "content/news/2022/dung.md").write_text(post(title="Không được đọc"), encoding="utf-8")
    after = inputs_digest(root, shared.parent)
    (root / "content/news/2022/dung.md").write_text(post(title="Vẫn không được đọc"), encoding="utf-8")
    assert inputs_digest(root, shared.parent) == after
