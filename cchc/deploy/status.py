"""What the editors are told after each publish attempt: a status page and, optionally, an email.

The page is written beside the releases, DEST/trang-thai/index.html (never inside a release:
a failed attempt leaves the live release as it was), and served under the editors' interface
at quan-tri/trang-thai/ (deploy/nginx/cchc.conf.template), not indexed. It says in Vietnamese
what is live and since when, what the last attempt did, what failed and where (each problem as
``tệp:dòng: trường: …``), when the next scheduled post goes out, and the plan's overdue items.
DEST/trang-thai/status.json keeps the last attempt, so that a failure is emailed once, not on
every run of the timer, and a run that changes nothing does not load the content again.
"""

from __future__ import annotations

import json
import os
import re
import smtplib
from dataclasses import asdict, dataclass, field
from datetime import date, datetime, timezone
from email.message import EmailMessage
from pathlib import Path
from typing import Callable

from ..content.load import Site, load_site
from ..content.schedule import upcoming
from ..dates import VIETNAM
from ..plan.report import coverages
from ..site.pages import template_environment
from .nginx_conf import STATUS_DIR
from .publish import Store

PAGE = "index.html"
RECORD = "status.json"
# A line of a check or a build that names a place: path:line: …
_PROBLEM = re.compile(r"^(?:(?:ERROR|WARNING|INFO)\s+-\s+)?(?:cchc: )?(\S+?:\d+: .+)$")
_RELEASE_TIME = re.compile(r"^(\d{8}T\d{6}Z)")

# What an attempt did, as the page's heading says it.
HEADINGS = {
    "published": "Đã đăng bản mới",
    "unchanged": "Không có gì mới để đăng",
    "paused": "Việc đăng đang tạm dừng",
    "refused": "Đăng không thành công: trang vẫn giữ bản cũ",
}


@dataclass(frozen=True)
class MailSettings:
    """Where the email about an attempt goes (extra.cchc.publish_mail), through the machine's
    mail server."""

    to: str
    sender: str = "cchc@localhost"
    host: str = "localhost"
    port: int = 25


@dataclass(frozen=True)
class Attempt:
    """One publish attempt as the editors read it; times are epoch seconds."""

    action: str                     # published, unchanged, paused or refused
    at: float                       # when it ran
    message: str                    # the operator's line, or the refusal with what was printed
    live: str | None = None         # the live release's id
    live_since: float | None = None  # when the live release was published
    next_scheduled: str | None = None  # "ngày … lúc …: content/news/…", or None
    overdue: tuple[str, ...] = ()   # the plan's overdue items, one line each
    problems: tuple[str, ...] = field(default=())  # the refusal's lines that name a place

    @property
    def failed(self) -> bool:
        return self.action == "refused"


def problem_lines(output: str) -> tuple[str, ...]:
    """The lines of a refusal that name a file and a line (``tệp:dòng: trường: …``), once each."""
    found = [m.group(1).strip() for line in output.splitlines() if (m := _PROBLEM.match(line.strip()))]
    return tuple(dict.fromkeys(found))


def release_time(release_id: str | None) -> float | None:
    """When a release was published: its id starts with that moment in UTC (cchc.deploy.publish)."""
    found = _RELEASE_TIME.match(release_id or "")
    if not found:
        return None
    return datetime.strptime(found.group(1), "%Y%m%dT%H%M%SZ").replace(tzinfo=timezone.utc).timestamp()


def vn_moment(epoch: float | None) -> str:
    """``ngày 05/3/2022 lúc 08:00`` in Vietnam time (the project's date style), or a dash."""
    if epoch is None:
        return "—"
    moment = datetime.fromtimestamp(epoch, VIETNAM)
    month = f"{moment.month:02d}" if moment.month <= 2 else str(moment.month)
    return f"ngày {moment.day:02d}/{month}/{moment.year} lúc {moment:%H:%M}"


def status_page(attempt: Attempt) -> str:
    """The status page's HTML (autoescaped: every line may come from an editor's file)."""
    template = template_environment().get_template("publish_status.html")
    return template.render(attempt=attempt, heading=HEADINGS.get(attempt.action, attempt.action),
                           at=vn_moment(attempt.at), live_since=vn_moment(attempt.live_since))


def previous(dest: Path) -> Attempt | None:
    """The last attempt recorded under ``dest``, or None."""
    try:
        data = json.loads((dest / STATUS_DIR / RECORD).read_text(encoding="utf-8"))
        data["overdue"], data["problems"] = tuple(data["overdue"]), tuple(data["problems"])
        return Attempt(**data)
    except (OSError, ValueError, TypeError, KeyError):
        return None


def write_status(dest: Path, attempt: Attempt) -> Path:
    """Write DEST/trang-thai/index.html and its record, each replaced in one step."""
    folder = dest / STATUS_DIR
    folder.mkdir(parents=True, exist_ok=True)
    for name, text in ((RECORD, json.dumps(asdict(attempt), ensure_ascii=False, indent=1) + "\n"),
                       (PAGE, status_page(attempt))):
        temporary = folder / f".{name}.{os.getpid()}"
        temporary.write_text(text, encoding="utf-8")
        os.replace(temporary, folder / name)
    return folder / PAGE


def worth_mailing(attempt: Attempt, before: Attempt | None) -> bool:
    """A new release, or a failure unlike the last one: a timer that fails every minute on the
    same problem sends one email, not one a minute."""
    if attempt.action == "published":
        return True
    if attempt.failed:
        return before is None or not before.failed or before.message != attempt.message
    return False


def mail_text(attempt: Attempt, status_url: str) -> EmailMessage:
    """The email about an attempt, in Vietnamese, plain text."""
    message = EmailMessage()
    message["Subject"] = f"[CCHC] {HEADINGS.get(attempt.action, attempt.action)}"
    lines = [f"{HEADINGS.get(attempt.action, attempt.action)} ({vn_moment(attempt.at)}).", ""]
    if attempt.failed:
        lines += ["Trang đang chạy vẫn là bản cũ. Lỗi cần sửa (tệp:dòng: trường: lỗi):", ""]
        lines += [f"  {line}" for line in attempt.problems] or [f"  {attempt.message}"]
        lines.append("")
    lines.append(f"Bản đang chạy: {attempt.live or 'chưa có'}, đăng {vn_moment(attempt.live_since)}.")
    if attempt.next_scheduled:
        lines.append(f"Bài hẹn giờ tiếp theo: {attempt.next_scheduled}.")
    if attempt.overdue:
        lines += ["", "Mục kế hoạch quá hạn (chỉ cảnh báo):", *(f"  {line}" for line in attempt.overdue)]
    if status_url:
        lines += ["", f"Trang trạng thái: {status_url}"]
    message.set_content("\n".join(lines) + "\n")
    return message


def send_mail(settings: MailSettings, attempt: Attempt, status_url: str = "",
              connect: Callable[[str, int], smtplib.SMTP] = smtplib.SMTP) -> None:
    """Send the email through the mail server of ``settings`` (OSError when it cannot be reached)."""
    message = mail_text(attempt, status_url)
    message["From"], message["To"] = settings.sender, settings.to
    with connect(settings.host, settings.port) as server:
        server.send_message(message)


def next_scheduled(site: Site) -> str | None:
    """The next scheduled post or bulletin, as the page says it: its moment and its file."""
    items = upcoming(site)
    if not items:
        return None
    first = items[0]
    more = sum(1 for item in items if item.when == first.when) - 1
    return f"{vn_moment(first.when.timestamp())}: {first.source}" + (f" và {more} mục khác cùng lúc" if more else "")


def record_attempt(dest: Path, action: str, message: str, *, now: float, content_root: Path,
                   as_of: date | None = None, mail: MailSettings | None = None, status_url: str = "",
                   say: Callable[[str], None] = print) -> Attempt:
    """Tell the editors what a publish attempt did: the status page under ``dest`` and, when
    ``mail`` is set and it is worth it, an email. The plan is checked as of ``as_of`` (the
    setting), else the attempt's day. A run that published nothing new reuses what
    the last attempt found in the content (its next scheduled post, overdue items)."""
    before = previous(dest)
    live = Store(dest).current_id()
    if action in ("unchanged", "paused") and before is not None:
        found = (before.next_scheduled, before.overdue)
    else:
        site = load_site(content_root, datetime.fromtimestamp(now, VIETNAM))
        day = as_of or datetime.fromtimestamp(now, VIETNAM).date()
        overdue = tuple(str(f) for c in coverages(site, day) if not c.plan.draft for f in c.overdue)
        found = (next_scheduled(site), overdue)
    attempt = Attempt(action, now, message, live, release_time(live), found[0], found[1],
                      problem_lines(message))
    write_status(dest, attempt)
    if mail is not None and worth_mailing(attempt, before):
        try:
            send_mail(mail, attempt, status_url)
        except (OSError, smtplib.SMTPException) as error:
            say(f"không gửi được thư báo đến {mail.to} qua {mail.host}:{mail.port}: {error}")
    return attempt
