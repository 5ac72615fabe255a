"""Every feed of the shipped site passes the W3C Feed Validation Service's own code, run locally
(../shared/tools/validate-feed beside the repository; it needs html5lib and lxml)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from lxml import etree

from browser import require
from conftest import PROJECT

pytestmark = pytest.mark.site  # every test here builds a site or starts a program

TOOL = Path("shared/tools/validate-feed")


def validator() -> Path | None:
    """validate-feed in ../shared/tools of the repository (or of a folder above a worktree)."""
    for folder in PROJECT.parents:
        if (folder / TOOL).is_file():
            return folder / TOOL
    return None


def validate(*feeds: Path) -> subprocess.CompletedProcess:
    tool = validator()
    require(tool is not None, f"no {TOOL} beside the repository (../{TOOL})")
    return subprocess.run([sys.executable, str(tool), *map(str, feeds)], capture_output=True, text=True, timeout=600)


def feeds_of(site: Path) -> list[Path]:
    """Every RSS or Atom document the site publishes."""
    found = []
    for path in sorted(site.rglob("*.xml")):
        root = etree.parse(str(path)).getroot()
        if root.tag in ("rss", "{http://www.w3.org/2005/Atom}feed"):
            found.append(path)
    return found


def test_every_feed_of_the_shipped_site_has_no_error(shipped):
    assert shipped.returncode == 0, shipped.log
    feeds = feeds_of(shipped.site)
    names = {p.relative_to(shipped.site).as_posix() for p in feeds}
    assert {"feed.xml", "atom.xml", "ban-tin/feed.xml", "thu-tuc-hanh-chinh/feed.xml", "van-ban/feed.xml"} <= names
    assert any(name.startswith("chu-de/") for name in names)
    done = validate(*feeds)
    summaries = [line for line in done.stdout.splitlines() if line.endswith("warning(s)")]
    assert len(summaries) == len(feeds), done.stdout + done.stderr
    failing = [line for line in summaries if not line.split(": ")[-1].startswith("0 error(s)")]
    assert failing == [], done.stdout
    assert done.returncode == 0, done.stdout + done.stderr


def test_the_validator_finds_errors_in_a_broken_feed(tmp_path):
    """The check can fail: a feed with a date that is not RFC 822 and no channel link is refused."""
    broken = tmp_path / "feed.xml"
    broken.write_text('<?xml version="1.0" encoding="utf-8"?>\n<rss version="2.0"><channel>'
                      "<title>Tin</title><description>Tin</description>"
                      "<item><title>A</title><pubDate>03/3/2022</pubDate></item></channel></rss>\n",
                      encoding="utf-8")
    done = validate(broken)
    assert done.returncode == 1
    assert "0 error(s)" not in done.stdout and "pubDate" in done.stdout
