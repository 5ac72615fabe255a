"""Life after MkDocs 1.x: ProperDocs, the maintained MkDocs 1.x fork, builds the shipped site
from the same mkdocs.yml, hooks and theme, and the output is MkDocs' own byte for byte except
the generator tag in each page's head (dev/operations.md, "When the stack ends")."""

from __future__ import annotations

import os
import re
import subprocess
import sys

import pytest

from cchc.deploy.publish import Store
from conftest import EPOCH_2023, PROJECT, post, CCHC

pytestmark = pytest.mark.site  # every test here builds a site or starts a program

GENERATOR = re.compile(rb'\s*<meta name="generator" content="[^"]*">')


def test_properdocs_builds_the_shipped_site_as_mkdocs_does_but_for_the_generator_tag(shipped, tmp_path):
    assert shipped.returncode == 0, shipped.log
    out = tmp_path / "site"
    env = {**os.environ, "SOURCE_DATE_EPOCH": EPOCH_2023, "NO_MKDOCS_2_WARNING": "1"}
    done = subprocess.run([sys.executable, "-m", "properdocs", "build", "--strict", "-f", "mkdocs.yml", "-d", str(out)],
                          cwd=PROJECT, env=env, capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stdout + done.stderr

    ours = {p.relative_to(shipped.site).as_posix() for p in shipped.site.rglob("*") if p.is_file()}
    theirs = {p.relative_to(out).as_posix() for p in out.rglob("*") if p.is_file()}
    assert theirs == ours

    differing = [rel for rel in sorted(ours) if (out / rel).read_bytes() != (shipped.site / rel).read_bytes()]
    assert differing, "expected ProperDocs to name itself in the generator tag"
    assert all(rel.endswith(".html") for rel in differing), differing
    for rel in differing:
        mkdocs_page, properdocs_page = (shipped.site / rel).read_bytes(), (out / rel).read_bytes()
        assert b"ProperDocs" in GENERATOR.search(properdocs_page).group(0), rel
        assert GENERATOR.sub(b"", properdocs_page) == GENERATOR.sub(b"", mkdocs_page), rel


def test_publish_can_build_with_properdocs(make_site, tmp_path):
    root = make_site({"content/news/2022/a.md": post(title="Tin một", date="2022-03-01")}, as_of="2022-01-01")
    env = {**os.environ, "SOURCE_DATE_EPOCH": "1646362800", "NO_MKDOCS_2_WARNING": "1"}
    done = subprocess.run([*CCHC, "publish", str(tmp_path / "www"),
                           "--root", str(root), "--generator", "properdocs",
                           "--nginx-conf", str(PROJECT / "deploy/nginx/cchc.conf")],
                          env=env, capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stdout + done.stderr
    page = (tmp_path / "www/current/tin-tuc/2022/tin-mot/index.html").read_bytes()
    assert b"ProperDocs" in GENERATOR.search(page).group(0)
    assert Store(tmp_path / "www").current().generator == "properdocs"
