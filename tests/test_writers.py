"""The writers' rule (issue 29): `cchc new`, like the importer and publishing, never writes through
a symlink nor outside content/, and a refusal is a Vietnamese line naming the path."""

from __future__ import annotations

import os
import shutil
import subprocess
from datetime import datetime
from pathlib import Path

import pytest

from cchc.dates import VIETNAM
from conftest import CCHC, PROJECT, site_config

JUNE_2022 = str(int(datetime(2022, 6, 15, 8, 0, tzinfo=VIETNAM).timestamp()))


@pytest.fixture
def root(tmp_path) -> Path:
    root = tmp_path / "site-src"
    (root / "content/plans").mkdir(parents=True)
    shutil.copy(PROJECT / "content/plans/2022.yml", root / "content/plans/2022.yml")
    (root / "mkdocs.yml").write_text(site_config(root), encoding="utf-8")
    return root


def new(root: Path, *args: str) -> subprocess.CompletedProcess:
    env = {**{k: v for k, v in os.environ.items() if k != "CCHC_AS_OF"}, "SOURCE_DATE_EPOCH": JUNE_2022}
    return subprocess.run([*CCHC, "new", "--root", str(root), *args], env=env, capture_output=True, text=True,
                          timeout=120)


@pytest.mark.site
def test_new_refuses_a_folder_that_is_a_link_and_writes_nothing_through_it(root, tmp_path):
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (root / "content/news").mkdir()
    (root / "content/news/2022").symlink_to(elsewhere, target_is_directory=True)
    done = new(root, "news", "Tin qua liên kết")
    assert done.returncode == 1 and "Traceback" not in done.stderr
    assert done.stderr.startswith("Không tạo tệp: content/news/2022/tin-qua-lien-ket.md:1: đích ghi: đi qua "
                                  "content/news/2022, là một liên kết tượng trưng (symlink)")
    assert list(elsewhere.iterdir()) == []


@pytest.mark.site
def test_new_refuses_a_dangling_link_at_the_file_it_would_write(root, tmp_path):
    (root / "content/news/2022").mkdir(parents=True)
    target = tmp_path / "planted.md"
    (root / "content/news/2022/tin-moi.md").symlink_to(target)
    done = new(root, "news", "Tin mới")
    assert done.returncode == 1 and "Traceback" not in done.stderr
    assert "content/news/2022/tin-moi.md" in done.stderr and not target.exists()
