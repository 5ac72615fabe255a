"""Publishing (scripts/publish.py): a checked release goes live in one step, nothing is published
twice, a scheduled post goes live once its moment has passed, and a rollback brings back the
previous release. Small sites are published into temporary folders, as of SOURCE_DATE_EPOCH."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from datetime import datetime
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from cchc.dates import VIETNAM
from cchc.deploy.publish import Store, tree_digest
from cchc.content.schedule import next_due, publication_epoch
from conftest import CCHC, post, run_build, site_config

PROJECT = Path(__file__).resolve().parents[1]
SCHEDULED = "content/news/2022/lich-dang.md"


def epoch(text: str) -> int:
    """The epoch of a Vietnam wall-clock time like '2022-03-05 07:59'."""
    return int(datetime.fromisoformat(text).replace(tzinfo=VIETNAM).timestamp())


def moment(text: str) -> datetime:
    return datetime.fromisoformat(text).replace(tzinfo=VIETNAM)


def publish(root: Path, dest: Path, at: str, *args: str) -> subprocess.CompletedProcess:
    """Run `cchc publish` for the site at ``root`` as of the Vietnam time ``at``, its releases
    checked against the project's nginx conf (a test site has none of its own)."""
    env = {**os.environ, "SOURCE_DATE_EPOCH": str(epoch(at)), "NO_MKDOCS_2_WARNING": "1"}
    env.pop("CCHC_AS_OF", None)
    if "--nginx-conf" not in args:
        args = (*args, "--nginx-conf", str(PROJECT / "deploy/nginx/cchc.conf"))
    return subprocess.run([*CCHC, "publish", str(dest), "--root", str(root), *args],
                          env=env, capture_output=True, text=True, timeout=600)


def live_titles(dest: Path) -> set[str]:
    """Titles of the news posts in the live site's news list."""
    page = BeautifulSoup((dest / "current/tin-tuc/index.html").read_text(encoding="utf-8"), "html.parser")
    return {a.get_text(strip=True) for a in page.select("article a[href]")
            if re.fullmatch(r"2022/[^/]+/", a["href"])}


@pytest.fixture
def scheduled_site(make_site):
    """A site with one post already out and one scheduled for 2022-03-05 08:00 (Vietnam time)."""
    return make_site({
        "content/news/2022/da-dang.md": post(title="Tin đã đăng", date="2022-03-01"),
        SCHEDULED: post(title="Tin hẹn giờ", date="'2022-03-05 08:00'"),
    }, as_of="2022-01-01")


# The publication moment: pure functions of the schedule and the clock.

def test_a_publish_builds_as_of_midnight_when_nothing_fell_due_today():
    dated = [moment("2022-03-01 00:00"), moment("2022-03-05 08:00")]
    assert publication_epoch(dated, epoch("2022-03-05 07:59")) == epoch("2022-03-05 00:00")
    assert publication_epoch(dated, epoch("2022-03-04 23:59")) == epoch("2022-03-04 00:00")


def test_a_publish_builds_as_of_the_last_scheduled_moment_passed_today():
    dated = [moment("2022-03-05 08:00"), moment("2022-03-05 10:30")]
    assert publication_epoch(dated, epoch("2022-03-05 08:00")) == epoch("2022-03-05 08:00")
    assert publication_epoch(dated, epoch("2022-03-05 09:15")) == epoch("2022-03-05 08:00")
    assert publication_epoch(dated, epoch("2022-03-05 11:00")) == epoch("2022-03-05 10:30")


def test_the_next_due_moment_is_the_next_scheduled_item_or_the_next_midnight():
    dated = [moment("2022-03-05 08:00")]
    assert next_due(dated, epoch("2022-03-05 07:00")) == epoch("2022-03-05 08:00")
    assert next_due(dated, epoch("2022-03-05 08:00")) == epoch("2022-03-06 00:00")
    assert next_due([], epoch("2022-03-05 23:59")) == epoch("2022-03-06 00:00")


# The build log names the next scheduled moment.

def test_the_build_log_names_the_next_scheduled_moment_in_vietnam_time(scheduled_site):
    built = run_build(scheduled_site, epoch=str(epoch("2022-03-05 07:59")))
    assert built.returncode == 0, built.log
    assert ("hẹn đăng tiếp theo: 08:00 ngày 05/3/2022 (giờ Việt Nam): content/news/2022/lich-dang.md; "
            "lần đăng từ thời điểm đó trở đi sẽ đưa lên trang") in built.log_lines("INFO")
    after = run_build(scheduled_site, epoch=str(epoch("2022-03-05 08:00")))
    assert not [line for line in after.log_lines("INFO") if line.startswith("hẹn đăng tiếp theo")]


# Publishing end to end.

def test_a_scheduled_post_goes_live_when_published_at_or_after_its_moment(scheduled_site, tmp_path):
    dest = tmp_path / "www"
    before = publish(scheduled_site, dest, "2022-03-05 07:59")
    assert before.returncode == 0, before.stderr
    assert "hẹn đăng tiếp theo: 08:00 ngày 05/3/2022" in before.stdout
    assert live_titles(dest) == {"Tin đã đăng"}
    first = Store(dest).current()
    assert first.epoch == epoch("2022-03-05 00:00") and first.next_due == epoch("2022-03-05 08:00")

    still = publish(scheduled_site, dest, "2022-03-05 07:59")
    assert "không đăng gì" in still.stdout and Store(dest).current_id() == first.id

    after = publish(scheduled_site, dest, "2022-03-05 08:01")
    assert after.returncode == 0, after.stderr
    assert after.stdout.strip().splitlines()[-1].startswith("đã đăng bản phát hành ")
    assert live_titles(dest) == {"Tin đã đăng", "Tin hẹn giờ"}
    assert Store(dest).ids() == [first.id, Store(dest).current_id()]


def test_publishing_again_with_nothing_changed_publishes_nothing(scheduled_site, tmp_path):
    dest = tmp_path / "www"
    assert publish(scheduled_site, dest, "2022-03-06 09:00").returncode == 0
    live = Store(dest).current()
    assert live.tree == tree_digest(dest / "current")
    again = publish(scheduled_site, dest, "2022-03-06 17:00")
    assert again.returncode == 0 and "không có gì thay đổi" in again.stdout
    # Forced to build, the same sources make the same tree, byte for byte: still nothing new.
    forced = publish(scheduled_site, dest, "2022-03-06 18:00", "--force")
    assert forced.returncode == 0 and "bản vừa dựng giống hệt bản phát hành" in forced.stdout
    assert Store(dest).ids() == [live.id]


def test_a_change_in_the_content_publishes_a_new_release(scheduled_site, tmp_path):
    dest = tmp_path / "www"
    assert publish(scheduled_site, dest, "2022-03-06 09:00").returncode == 0
    (scheduled_site / "content/news/2022/moi.md").write_text(post(title="Tin mới", date="2022-03-06"),
                                                             encoding="utf-8")
    changed = publish(scheduled_site, dest, "2022-03-06 09:05")
    assert changed.returncode == 0, changed.stderr
    assert "Tin mới" in live_titles(dest) and len(Store(dest).ids()) == 2


def test_a_content_error_refuses_to_publish_and_leaves_the_live_site_alone(scheduled_site, tmp_path):
    dest = tmp_path / "www"
    assert publish(scheduled_site, dest, "2022-03-06 09:00").returncode == 0
    live = Store(dest).current_id()
    (scheduled_site / "content/news/2022/hong.md").write_text(post(date="2022-13-45"), encoding="utf-8")
    refused = publish(scheduled_site, dest, "2022-03-06 09:05")
    assert refused.returncode == 1
    assert "Việc kiểm tra nội dung (cchc check) không thành công" in refused.stderr
    assert "content/news/2022/hong.md:3: Ngày đăng (date):" in refused.stderr
    assert Store(dest).current_id() == live and Store(dest).ids() == [live]
    assert not list((dest / "releases").glob(".incoming-*"))


def test_a_failing_strict_build_refuses_to_publish(scheduled_site, tmp_path):
    dest = tmp_path / "www"
    # The content is valid, but the 2022 plan is overdue on 2022-12-01 and the unit chose
    # `overdue: block`: the strict build fails.
    (scheduled_site / "mkdocs.yml").write_text(site_config(scheduled_site, as_of="2022-12-01", overdue="block"),
                                               encoding="utf-8")
    refused = publish(scheduled_site, dest, "2022-12-01 09:00")
    assert refused.returncode == 1
    assert "Việc dựng trang (mkdocs build --strict) không thành công" in refused.stderr
    assert "quá hạn" in refused.stderr
    assert Store(dest).current_id() is None and Store(dest).ids() == []


def test_rollback_returns_to_the_previous_release_and_pauses_publishing(scheduled_site, tmp_path):
    dest = tmp_path / "www"
    assert publish(scheduled_site, dest, "2022-03-05 07:00").returncode == 0
    first = Store(dest).current_id()
    assert publish(scheduled_site, dest, "2022-03-05 09:00").returncode == 0
    second = Store(dest).current_id()
    assert second != first

    back = publish(scheduled_site, dest, "2022-03-05 09:01", "--rollback")
    assert back.returncode == 0 and f"đã quay lại bản phát hành {first}" in back.stdout
    assert Store(dest).current_id() == first and live_titles(dest) == {"Tin đã đăng"}
    # A timer must not undo the rollback a minute later.
    paused = publish(scheduled_site, dest, "2022-03-05 09:02")
    assert "việc đăng đang tạm dừng" in paused.stdout and Store(dest).current_id() == first
    resumed = publish(scheduled_site, dest, "2022-03-05 09:03", "--resume")
    assert resumed.returncode == 0 and "đã đăng bản phát hành" in resumed.stdout
    assert live_titles(dest) == {"Tin đã đăng", "Tin hẹn giờ"}


def test_rollback_with_no_earlier_release_says_so(scheduled_site, tmp_path):
    dest = tmp_path / "www"
    assert publish(scheduled_site, dest, "2022-03-05 07:00").returncode == 0
    refused = publish(scheduled_site, dest, "2022-03-05 07:01", "--rollback")
    assert refused.returncode == 1 and "không có bản nào để quay lại" in refused.stderr


def test_only_the_newest_releases_are_kept(make_site, tmp_path):
    dest = tmp_path / "www"
    root = make_site({"content/news/2022/a.md": post(title="Tin 1", date="2022-03-01")}, as_of="2022-01-01")
    for day in range(2, 6):
        (root / f"content/news/2022/t{day}.md").write_text(post(title=f"Tin {day}", date=f"2022-03-0{day}"),
                                                           encoding="utf-8")
        assert publish(root, dest, f"2022-03-0{day} 10:00", "--keep", "2").returncode == 0
    store = Store(dest)
    assert len(store.ids()) == 2 and store.current_id() == store.ids()[-1]
    assert sorted(p.name for p in (dest / "releases").iterdir()) == sorted(
        [*store.ids(), *(f"{i}.json" for i in store.ids())])


def test_the_live_link_is_replaced_never_removed(scheduled_site, tmp_path):
    """The switch renames a new link over the old one (rename(2) is atomic), so DEST/current
    always resolves: before the switch to the old release, after it to the new one."""
    dest = tmp_path / "www"
    store = Store(dest)
    (dest / "releases/a").mkdir(parents=True)
    (dest / "releases/b").mkdir()
    store.switch("a")
    assert os.readlink(dest / "current") == "releases/a"
    store.switch("b")
    assert os.readlink(dest / "current") == "releases/b"
    assert sorted(p.name for p in dest.iterdir()) == ["current", "releases"]


def test_a_release_whose_inline_scripts_the_served_csp_would_block_is_refused(scheduled_site, tmp_path):
    """After a Material upgrade changes its inline scripts, publishing stops until the nginx conf
    is regenerated: a live site whose scripts the browser refuses would be broken."""
    stale = tmp_path / "stale.conf"
    stale.write_text("add_header Content-Security-Policy \"script-src 'self' "
                     "'sha256-AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA='\" always;\n", encoding="utf-8")
    dest = tmp_path / "www"
    refused = publish(scheduled_site, dest, "2022-03-06 09:00", "--nginx-conf", str(stale))
    assert refused.returncode == 1
    assert "Trang vừa dựng không qua được các bước kiểm tra" in refused.stderr
    assert f"không được Content-Security-Policy trong {stale} cho phép" in refused.stderr
    assert Store(dest).current_id() is None


def test_a_live_folder_that_is_not_a_link_is_never_replaced(scheduled_site, tmp_path):
    dest = tmp_path / "www"
    (dest / "current").mkdir(parents=True)
    (dest / "current/index.html").write_text("trang cũ", encoding="utf-8")
    refused = publish(scheduled_site, dest, "2022-03-06 09:00")
    assert refused.returncode == 1 and "là một thư mục thật, không phải liên kết" in refused.stderr
    assert (dest / "current/index.html").read_text(encoding="utf-8") == "trang cũ"


def test_a_change_in_a_content_folder_configured_elsewhere_publishes_a_new_release(make_site, tmp_path):
    # extra.cchc.content_dir: the build reads that folder, so publishing must watch it too.
    shared = tmp_path / "shared/content"
    (shared / "news/2022").mkdir(parents=True)
    (shared / "news/2022/da-dang.md").write_text(post(title="Tin đã đăng", date="2022-03-01"), encoding="utf-8")
    root = make_site({}, as_of="2022-01-01", content_dir=str(shared))
    shutil.copytree(root / "content/plans", shared / "plans")
    dest = tmp_path / "www"
    first = publish(root, dest, "2022-03-06 09:00")
    assert first.returncode == 0, first.stderr
    (shared / "news/2022/moi.md").write_text(post(title="Tin mới", date="2022-03-06"), encoding="utf-8")
    changed = publish(root, dest, "2022-03-06 09:05")
    assert changed.returncode == 0, changed.stderr
    assert {"Tin đã đăng", "Tin mới"} <= live_titles(dest) and len(Store(dest).ids()) == 2
