"""Publishing tells the editors: after every attempt a status page under quan-tri/trang-thai/
(DEST/trang-thai/) says in Vietnamese what is live and since when, what failed and where, the
next scheduled post and the plan's overdue items; with extra.cchc.publish_mail an email goes
through the machine's mail server (here a local SMTP server the test starts). A failed attempt
leaves the live release as it was. Overdue plan items warn; they do not stop publishing."""

from __future__ import annotations

import email
import email.policy
import os
import subprocess
from datetime import datetime
from pathlib import Path

import pytest
from aiosmtpd.controller import Controller
from bs4 import BeautifulSoup

from cchc.dates import VIETNAM
from cchc.deploy.publish import Store
from cchc.deploy.status import Attempt, problem_lines, status_page, worth_mailing
from conftest import CCHC, PROJECT, post, site_config
from nginx_server import free_port

pytestmark = pytest.mark.site


def epoch(text: str) -> int:
    return int(datetime.fromisoformat(text).replace(tzinfo=VIETNAM).timestamp())


def publish(root: Path, dest: Path, at: str, *args: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "SOURCE_DATE_EPOCH": str(epoch(at)), "NO_MKDOCS_2_WARNING": "1"}
    env.pop("CCHC_AS_OF", None)
    # The shipped nginx conf: publishing checks each release's inline code against its CSP.
    conf = PROJECT / "deploy/nginx/cchc.conf"
    return subprocess.run([*CCHC, "publish", str(dest), "--root", str(root), "--nginx-conf", str(conf), *args],
                          env=env, capture_output=True, text=True, timeout=600)


def status(dest: Path) -> BeautifulSoup:
    return BeautifulSoup((dest / "trang-thai/index.html").read_text(encoding="utf-8"), "html.parser")


class Inbox:
    """An SMTP server's handler that keeps every message it is given."""

    def __init__(self) -> None:
        self.messages: list[email.message.EmailMessage] = []

    async def handle_DATA(self, server, session, envelope):
        self.messages.append(email.message_from_bytes(envelope.content, policy=email.policy.default))
        return "250 Message accepted"


@pytest.fixture
def inbox():
    """A local SMTP server on a free port: (its inbox, its port)."""
    handler, port = Inbox(), free_port()
    controller = Controller(handler, hostname="127.0.0.1", port=port)
    controller.start()
    yield handler, port
    controller.stop()


@pytest.fixture
def mailed_site(make_site, inbox):
    """A site that emails the unit's secretary after each publish, through the local server."""
    _, port = inbox
    root = make_site({"content/news/2022/da-dang.md": post(title="Tin đã đăng", date="2022-03-01"),
                      "content/news/2022/hen-gio.md": post(title="Tin hẹn giờ", date="'2022-03-20 08:00'")},
                     as_of="2022-01-01")
    (root / "mkdocs.yml").write_text(site_config(root, as_of="2022-01-01", publish_mail={
        "to": "van-thu@skhcn.example.gov.vn", "host": "127.0.0.1", "port": port}), encoding="utf-8")
    return root


def test_a_publish_that_fails_on_a_bad_post_keeps_the_site_tells_where_and_emails(mailed_site, inbox, tmp_path):
    """Acceptance: the live site stays as it was; the status page names the file and line in
    Vietnamese; the email in the test's mail server says the same."""
    messages, _ = inbox
    dest = tmp_path / "www"
    first = publish(mailed_site, dest, "2022-03-06 09:00")
    assert first.returncode == 0, first.stderr
    live = Store(dest).current_id()
    page = status(dest)
    assert page.select_one("#ket-qua").get_text(strip=True) == "Đã đăng bản mới"
    assert page.select_one("#ban-dang-chay").get_text(" ", strip=True).startswith(live)
    assert page.select_one("#hen-gio").get_text(strip=True) == (
        "ngày 20/3/2022 lúc 08:00: content/news/2022/hen-gio.md")
    assert page.select_one('meta[name="robots"]')["content"] == "noindex, nofollow"
    assert [m["Subject"] for m in messages.messages] == ["[CCHC] Đã đăng bản mới"]

    (mailed_site / "content/news/2022/hong.md").write_text(post(date="2022-13-45"), encoding="utf-8")
    refused = publish(mailed_site, dest, "2022-03-06 09:05")
    assert refused.returncode == 1
    assert Store(dest).current_id() == live and Store(dest).ids() == [live]
    page = status(dest)
    assert page.select_one("#ket-qua").get_text(strip=True) == "Đăng không thành công: trang vẫn giữ bản cũ"
    errors = [li.get_text(strip=True) for li in page.select("#loi li")]
    assert errors and all(line.startswith("content/news/2022/hong.md:3: Ngày đăng (date):") for line in errors)
    assert page.select_one("#ban-dang-chay").get_text(" ", strip=True).startswith(live)
    mail = messages.messages[-1]
    assert mail["Subject"] == "[CCHC] Đăng không thành công: trang vẫn giữ bản cũ"
    assert mail["To"] == "van-thu@skhcn.example.gov.vn"
    body = mail.get_content()
    assert "Trang đang chạy vẫn là bản cũ." in body and "content/news/2022/hong.md:3: Ngày đăng (date):" in body
    assert "https://skhcn.quangngai.gov.vn/cchc/quan-tri/trang-thai/" in body

    # The timer tries again a minute later: the same failure is not emailed twice.
    again = publish(mailed_site, dest, "2022-03-06 09:06")
    assert again.returncode == 1 and len(messages.messages) == 2


def test_an_overdue_plan_item_does_not_stop_publishing_by_default(make_site, tmp_path):
    """Acceptance: on 2022-12-01 the small site leaves most of the 2022 plan overdue; it is
    published all the same, and the status page lists the overdue items."""
    root = make_site({"content/news/2022/da-dang.md": post(title="Tin đã đăng", date="2022-03-01")},
                     as_of="2022-12-01")
    dest = tmp_path / "www"
    done = publish(root, dest, "2022-12-01 09:00")
    assert done.returncode == 0, done.stderr
    assert Store(dest).current_id() is not None
    overdue = [li.get_text(strip=True) for li in status(dest).select("#qua-han li")]
    assert overdue and all(line.startswith("content/plans/2022.yml:") for line in overdue)


def test_overdue_block_keeps_the_old_behaviour(make_site, tmp_path):
    root = make_site({"content/news/2022/da-dang.md": post(title="Tin đã đăng", date="2022-03-01")},
                     as_of="2022-12-01", overdue="block")
    dest = tmp_path / "www"
    refused = publish(root, dest, "2022-12-01 09:00")
    assert refused.returncode == 1 and Store(dest).current_id() is None
    errors = [li.get_text(strip=True) for li in status(dest).select("#loi li")]
    assert errors and all(line.startswith("content/plans/2022.yml:") for line in errors)


def test_a_release_that_drops_a_live_address_says_which_redirect_to_write(make_site, tmp_path):
    """A deleted post may go; a renamed one should leave a redirect: the status page asks."""
    root = make_site({"content/news/2022/a.md": post(title="Tin", date="2022-03-01", slug=None)},
                     as_of="2022-01-01")
    dest = tmp_path / "www"
    assert publish(root, dest, "2022-03-06 09:00").returncode == 0
    (root / "content/news/2022/a.md").rename(root / "content/news/2022/b.md")
    done = publish(root, dest, "2022-03-06 09:05")
    assert done.returncode == 0, done.stderr
    line = ("content/redirects.yml:1: tin-tuc/2022/a/: địa chỉ này đang có trên trang nhưng bản mới không còn "
            "trang nào ở đó (tệp đã đổi tên, đổi slug hay bị xoá?); nếu trang đã chuyển, thêm vào "
            "content/redirects.yml dòng 'tin-tuc/2022/a/: <địa chỉ mới>' để địa chỉ cũ chuyển hướng")
    assert [li.get_text(strip=True) for li in status(dest).select("#chu-y li")] == [line]
    (root / "content/redirects.yml").write_text("tin-tuc/2022/a/: tin-tuc/2022/b/\n", encoding="utf-8")
    again = publish(root, dest, "2022-03-06 09:10")
    assert again.returncode == 0, again.stderr
    assert (dest / "current/tin-tuc/2022/a/index.html").is_file()
    assert not status(dest).select("#chu-y li")


# The parts, without publishing.

def test_the_refusal_lines_that_name_a_place_are_the_status_pages_list():
    output = ("the content check (cchc check) failed (exit code 1); nothing was published:\n"
              "content/news/2022/hong.md:3: date: ngày không có thật\n"
              "ERROR    -  cchc: content/plans/2022.yml:5: II.5: overdue: ISO\n"
              "Có 1 lỗi; sửa từng dòng ở trên")
    assert problem_lines(output) == ("content/news/2022/hong.md:3: date: ngày không có thật",
                                     "content/plans/2022.yml:5: II.5: overdue: ISO")


def test_the_status_page_escapes_what_an_editor_wrote():
    page = status_page(Attempt("refused", 0, "x", problems=("content/news/2022/a.md:2: title: <script>x</script>",)))
    assert "<script>x" not in page and "&lt;script&gt;x" in page


def test_only_a_new_release_or_a_new_failure_is_emailed():
    failed = Attempt("refused", 0, "a")
    assert worth_mailing(Attempt("published", 0, "p"), failed)
    assert worth_mailing(failed, None) and worth_mailing(failed, Attempt("published", 0, "p"))
    assert not worth_mailing(Attempt("refused", 60, "a"), failed)
    assert worth_mailing(Attempt("refused", 60, "b"), failed)
    assert not worth_mailing(Attempt("unchanged", 60, "u"), failed)
