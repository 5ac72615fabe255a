"""The site's settings (``extra.cchc`` in mkdocs.yml): one schema, one check, one typed result.

The schema is made of MkDocs' own ``Config`` classes and config options, each option with a
Vietnamese message for the editor or admin who mistyped it. ``read_settings`` is the one check:
the build (``cchc_mkdocs.events``), ``cchc check``, publishing, the preview and the CMS all get
their settings, or the same list of problems, from it. Every problem names mkdocs.yml, the line
of the key and the key, like ``mkdocs.yml:57: page_size: …``; none raises a traceback.

It is long because each kind of value has its own small option class with its Vietnamese words;
apart, the options, the schema and the reading would only import each other.
"""

from __future__ import annotations

import contextlib
import logging
import os
import re
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any, Iterator, Mapping

import yaml
from mkdocs.config import base
from mkdocs.config import config_options as c
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import Abort, ConfigurationError

from cchc.config import CONTENT_DIR, Contact, Options, ReportDetails, content_folder, option_problems
from cchc.dates import DateError, parse_day
from cchc.deploy.nginx_conf import ConfError, git_origin, portal_origin
from cchc.deploy.status import MailSettings
from cchc.problems import Problem, did_you_mean
from cchc.site.cms import BACKENDS, DEFAULT_PROXY_PORT, CmsSettings
from cchc.text import nfc

CONFIG = "mkdocs.yml"
SECTION = ("extra", "cchc")


class SettingError(base.ValidationError):
    """A wrong value, with the Vietnamese words the admin reads; ``problems`` for a section."""

    def __init__(self, message: str, problems: list[tuple[tuple[str, ...], str]] | None = None):
        super().__init__(message)
        self.problems = problems or []


def _shown(value: object) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        return repr(value)
    if isinstance(value, (list, tuple)):
        return "một danh sách"
    if isinstance(value, dict):
        return "các dòng 'khóa: giá trị'"
    return repr(value)


# --- Options: each kind of value with its Vietnamese message --------------------------------

class Whole(c.BaseConfigOption[int]):
    """A whole number between ``low`` and ``high``."""

    def __init__(self, default: int, low: int, high: int):
        super().__init__()
        self.default, self.low, self.high = default, low, high

    def run_validation(self, value: object) -> int:
        if value is None:
            return self.default
        if isinstance(value, bool) or not isinstance(value, int) or not self.low <= value <= self.high:
            raise SettingError(f"cần một số nguyên từ {self.low} đến {self.high}, như {self.default}; "
                               f"đang ghi {_shown(value)}")
        return value


class Flag(c.BaseConfigOption[bool]):
    """true or false, written without quotes: the text "false" would read as on."""

    def __init__(self, default: bool = False):
        super().__init__()
        self.default = default

    def run_validation(self, value: object) -> bool:
        if value is None:
            return self.default
        if not isinstance(value, bool):
            quoted = " (bỏ dấu nháy)" if isinstance(value, str) and value.strip().lower() in ("true", "false") else ""
            raise SettingError(f"cần true hoặc false{quoted}; đang ghi {_shown(value)}")
        return value


class OneOf(c.BaseConfigOption[str]):
    """One of a few words, each with what it means."""

    def __init__(self, choices: Mapping[str, str], default: str):
        super().__init__()
        self.choices, self.default = dict(choices), default

    def run_validation(self, value: object) -> str:
        if value in (None, ""):
            return self.default
        if not isinstance(value, str) or value not in self.choices:
            listed = "; ".join(f"{k} ({meaning})" for k, meaning in self.choices.items())
            hint = did_you_mean(value, list(self.choices)) if isinstance(value, str) else ""
            raise SettingError(f"cần một trong: {listed}; đang ghi {_shown(value)}{hint}")
        return value


class Day(c.BaseConfigOption[date | None]):
    """A calendar day like 2022-11-10, or empty."""

    def run_validation(self, value: object) -> date | None:
        if value in (None, ""):
            return None
        try:
            return parse_day(value)
        except DateError:
            raise SettingError(f"cần một ngày dạng năm-tháng-ngày, như 2022-11-10, hoặc để trống; "
                               f"đang ghi {_shown(value)}") from None


class Text(c.BaseConfigOption[str | None]):
    """One line of text (several with ``lines``), or empty; spaces folded, NFC."""

    def __init__(self, default: str | None = None, lines: bool = False):
        super().__init__()
        self.default, self.lines = default, lines

    def run_validation(self, value: object) -> str | None:
        if value in (None, ""):
            return self.default
        if not isinstance(value, str):
            raise SettingError(f"cần một dòng chữ; đang ghi {_shown(value)}; đặt giá trị trong dấu nháy")
        if self.lines:
            return nfc("\n".join(" ".join(line.split()) for line in value.strip().splitlines()))
        return nfc(" ".join(value.split()))


class Lines(c.BaseConfigOption[tuple]):
    """A list of lines of text."""

    def run_validation(self, value: object) -> tuple[str, ...]:
        if value in (None, "", []):
            return ()
        if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
            raise SettingError(f"cần một danh sách, mỗi dòng bắt đầu bằng '- ' và là một dòng chữ; "
                               f"đang ghi {_shown(value)}")
        return tuple(nfc(" ".join(v.split())) for v in value)


class Megabytes(c.BaseConfigOption[float]):
    """A size in MB greater than 0."""

    def __init__(self, default: float):
        super().__init__()
        self.default = default

    def run_validation(self, value: object) -> float:
        if value is None:
            return float(self.default)
        if isinstance(value, bool) or not isinstance(value, (int, float)) or not 0 < value <= 10_000:
            raise SettingError(f"cần một dung lượng tính bằng MB, lớn hơn 0, như 20; đang ghi {_shown(value)}")
        return float(value)


class Origin(c.BaseConfigOption[str | None]):
    """An origin like https://portal.example.gov.vn (scheme, host, port; no path), or empty."""

    def run_validation(self, value: object) -> str | None:
        if value in (None, ""):
            return None
        try:
            return portal_origin(value, "")
        except ConfError:
            raise SettingError(f"cần một địa chỉ gốc như https://portal.example.gov.vn (giao thức, tên "
                               f"miền chữ thường, cổng nếu có; không có đường dẫn); đang ghi {_shown(value)}") from None


class GitServer(c.BaseConfigOption[str | None]):
    """The git server's address like https://git.example.gov.vn, or empty."""

    def run_validation(self, value: object) -> str | None:
        if value in (None, ""):
            return None
        try:
            git_origin(value)
        except ConfError:
            raise SettingError(f"cần địa chỉ máy chủ git như https://git.example.gov.vn (giao thức, tên "
                               f"miền chữ thường, cổng và đường dẫn nếu có); đang ghi {_shown(value)}") from None
        return value.strip().rstrip("/")


class Section(c.BaseConfigOption[Any]):
    """``key: value`` lines of their own schema; every problem inside is listed with its key."""

    def __init__(self, schema: type[base.Config]):
        super().__init__()
        self.schema = schema
        self.default = None

    def run_validation(self, value: object) -> base.Config:
        section = self.schema()
        if value in (None, ""):
            value = {}
        if not isinstance(value, dict):
            names = ", ".join(name for name, _ in self.schema._schema)
            raise SettingError(f"cần các dòng 'khóa: giá trị' ({names}); đang ghi {_shown(value)}")
        section.load_dict(value)
        problems = check_section(section)
        if problems:
            raise SettingError("", problems)
        return section


# --- The schema -----------------------------------------------------------------------------

class ReportSchema(base.Config):
    """``extra.cchc.report``: the unit on the report (.docx); what is empty prints a placeholder."""

    parent = Text()
    unit = Text()
    number = Text()
    place = Text()
    signer_title = Text(lines=True)
    signer_name = Text()
    recipients = Lines()


class CmsSchema(base.Config):
    """``extra.cchc.cms``: the git server the editors' interface commits to in production."""

    backend = OneOf({name: f"máy chủ {name.capitalize()}" for name in BACKENDS}, default="gitlab")
    base_url = GitServer()
    repo = Text()
    app_id = Text()
    branch = Text(default="main")
    # /quan-tri/config.yml names the git server, repository and app id: nginx serves it only
    # when this is true (cchc nginx-conf), for a department whose editors use the interface there.
    public_config = Flag(default=False)


class Address(c.BaseConfigOption[str | None]):
    """A web address starting with https://, or empty."""

    def run_validation(self, value: object) -> str | None:
        if value in (None, ""):
            return None
        if not isinstance(value, str) or not re.match(r"^https://[^\s<>\"']+$", value.strip()):
            raise SettingError(f"cần một địa chỉ trang bắt đầu bằng https://; đang ghi {_shown(value)}")
        return value.strip()


class Email(c.BaseConfigOption[str | None]):
    """An email address, or empty (then ``default``)."""

    def __init__(self, default: str | None = None):
        super().__init__()
        self.default = default

    def run_validation(self, value: object) -> str | None:
        if value in (None, ""):
            return self.default
        if not isinstance(value, str) or not re.fullmatch(r"[^@\s<>\"',;]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*", value.strip()):
            raise SettingError(f"cần một địa chỉ thư điện tử như vanphong@example.gov.vn; đang ghi {_shown(value)}")
        return value.strip()


class ContactSchema(base.Config):
    """``extra.cchc.contact``: the unit's contact, one-stop desk and feedback channels (footer, /lien-he/)."""

    unit = Text(default=Contact.unit)
    address = Text()
    hours = Text()
    phone = Text()
    email = Email()
    one_stop = Text()
    one_stop_address = Text()
    one_stop_hours = Text()
    one_stop_phone = Text()
    feedback_portal = Address()
    feedback_email = Email()
    feedback_phone = Text()


class MailSchema(base.Config):
    """``extra.cchc.publish_mail``: who is emailed after a publish attempt, and through which server."""

    to = Email()
    sender = Email(default=MailSettings.sender)
    host = Text(default=MailSettings.host)
    port = Whole(default=MailSettings.port, low=1, high=65535)


class CchcSchema(base.Config):
    """``extra.cchc`` in mkdocs.yml."""

    content_dir = Text()
    page_size = Whole(default=Options.page_size, low=1, high=1000)
    archive_page_size = Whole(default=Options.archive_page_size, low=1, high=1000)
    home_latest = Whole(default=Options.home_latest, low=1, high=100)
    as_of = Day()
    pending_fails = Flag(default=False)
    samples = OneOf({"info": "liệt kê thủ tục mẫu trong nhật ký", "error": "dừng bản dựng khi còn thủ tục mẫu"},
                    default="info")
    overdue = OneOf({"warn": "mục kế hoạch quá hạn chỉ được cảnh báo, việc đăng vẫn tiếp tục",
                     "block": "mục kế hoạch quá hạn dừng bản dựng và việc đăng"}, default="warn")
    portal_origin = Origin()
    report = Section(ReportSchema)
    max_pdf_mb = Megabytes(default=Options.max_pdf_mb)
    max_file_mb = Megabytes(default=Options.max_file_mb)
    cms = Section(CmsSchema)
    contact = Section(ContactSchema)
    publish_mail = Section(MailSchema)


def check_section(section: base.Config) -> list[tuple[tuple[str, ...], str]]:
    """Every problem of a loaded section as (key path, message): each option is validated (MkDocs
    stops at the first), and a key the schema does not have is named with the nearest one."""
    problems: list[tuple[tuple[str, ...], str]] = []
    names = [name for name, _ in section._schema]
    for name, option in section._schema:
        try:
            section[name] = option.validate(section.get(name))
        except SettingError as error:
            if error.problems:
                problems += [((name, *path), message) for path, message in error.problems]
            else:
                problems.append(((name,), str(error)))
    for key in section.keys() - set(names):
        problems.append(((str(key),), f"không có thiết lập này{did_you_mean(str(key), names)}; "
                                      f"các thiết lập: {', '.join(names)}"))
    return problems


# --- The result -----------------------------------------------------------------------------

@dataclass(frozen=True)
class Settings:
    """Everything the build and the tools read from mkdocs.yml, checked."""

    config: MkDocsConfig
    root: Path            # the folder of mkdocs.yml
    content_root: Path    # the folder whose content/ is read (its parent: paths read content/…)
    options: Options
    cms: CmsSettings
    portal_origin: str | None
    mail: MailSettings | None = None  # extra.cchc.publish_mail: the email after a publish attempt

    @property
    def content_dir(self) -> Path:
        return self.content_root / CONTENT_DIR


def read_settings(config: MkDocsConfig, environ: Mapping[str, str] | None = None) -> tuple[Settings | None, list[Problem]]:
    """The checked settings of a loaded MkDocs configuration and every problem in them; None when
    they cannot be read. Settings with problems (a site_url feeds cannot use) still come back:
    the build goes on to check the content and reports both (Build.load)."""
    environ = os.environ if environ is None else environ
    path = Path(config.config_file_path or CONFIG)
    lines = key_lines(path)
    raw = config.extra.get("cchc") if isinstance(config.extra, Mapping) else None
    schema = CchcSchema()
    problems: list[Problem] = []
    if raw not in (None, "") and not isinstance(raw, dict):
        problems.append(_problem(lines, (), "cần các dòng 'khóa: giá trị' dưới extra.cchc; đang ghi " + _shown(raw)))
        raw = {}
    schema.load_dict(dict(raw or {}))
    problems += [_problem(lines, key, message) for key, message in check_section(schema)]
    root = path.resolve().parent
    content, folder_problems = content_folder(schema["content_dir"] if not problems else None, root)
    problems += [Problem(CONFIG, lines.get(("content_dir",), lines.get((), 1)), p.field, p.message)
                 for p in folder_problems]
    as_of, port = schema["as_of"], DEFAULT_PROXY_PORT
    if environ.get("CCHC_AS_OF"):
        try:
            as_of = parse_day(environ["CCHC_AS_OF"])
        except DateError:
            problems.append(Problem("CCHC_AS_OF", 1, "as_of", f"cần một ngày dạng năm-tháng-ngày, như 2022-11-10; "
                                                             f"đang ghi {environ['CCHC_AS_OF']!r}"))
    port_text = environ.get("CCHC_CMS_PORT", "").strip()
    if port_text:
        if port_text.isdigit() and 0 < int(port_text) < 65536:
            port = int(port_text)
        else:
            problems.append(Problem("CCHC_CMS_PORT", 1, "CCHC_CMS_PORT",
                                    f"cần một số cổng như 8081; đang ghi {port_text!r}"))
    # `cchc edit` gives the preview's address: the CMS's "view" links open the page being edited there.
    preview_url = environ.get("CCHC_PREVIEW_URL", "").strip()
    if preview_url and not preview_url.startswith("http://127.0.0.1:"):
        problems.append(Problem("CCHC_PREVIEW_URL", 1, "CCHC_PREVIEW_URL",
                                f"cần địa chỉ trang xem trước như http://127.0.0.1:8000/cchc/; đang ghi {preview_url!r}"))
    if problems:
        return None, sorted(_renamed(p, path.name) for p in problems)
    report, cms = schema["report"], schema["cms"]
    options = Options(site_name=config.site_name, site_url=config.site_url or "",
                      page_size=schema["page_size"], archive_page_size=schema["archive_page_size"],
                      home_latest=schema["home_latest"], as_of=as_of,
                      pending_fails=schema["pending_fails"], samples=schema["samples"],
                      overdue=schema["overdue"],
                      report=ReportDetails(**{name: report[name] for name, _ in ReportSchema._schema}),
                      max_pdf_mb=schema["max_pdf_mb"], max_file_mb=schema["max_file_mb"],
                      contact=Contact(**{name: schema["contact"][name] for name, _ in ContactSchema._schema}))
    # A site_url feeds cannot use stops the build once the content is checked too (Build.load),
    # so that the build and the checker list the same problems.
    problems = [_renamed(Problem(CONFIG, lines.get(("/", "site_url"), 1), p.field, p.message), path.name)
                for p in option_problems(options)]
    cms_settings = CmsSettings(cms["backend"], cms["base_url"] or "", cms["repo"] or "", cms["app_id"] or "",
                               cms["branch"], port, preview_url, cms["public_config"])
    mail = schema["publish_mail"]
    mail_settings = (MailSettings(mail["to"], mail["sender"], mail["host"], mail["port"])
                     if mail is not None and mail["to"] else None)
    return Settings(config, root, content.parent, options, cms_settings, schema["portal_origin"],
                    mail_settings), problems


def _problem(lines: dict[tuple[str, ...], int], key: tuple[str, ...], message: str, where: str = CONFIG) -> Problem:
    """A problem at the line of ``key`` (or of the nearest key above it that is written)."""
    line = next((lines[key[:depth]] for depth in range(len(key), -1, -1) if key[:depth] in lines), 1)
    return Problem(where, line, ".".join(key) or "extra.cchc", message)


def _renamed(problem: Problem, name: str) -> Problem:
    """The problem at the configuration file's own name (a test site's or a second mkdocs.yml)."""
    return Problem(name, problem.line, problem.field, problem.message) if problem.path == CONFIG else problem


def key_lines(path: Path) -> dict[tuple[str, ...], int]:
    """The line of each key under ``extra.cchc`` in mkdocs.yml, by its path below it (() is the
    line of ``cchc:`` itself), and of each top-level key as ("/", key). Empty when the file
    cannot be read as YAML."""
    try:
        node = yaml.compose(path.read_text(encoding="utf-8"), Loader=yaml.SafeLoader)
    except (OSError, UnicodeError, yaml.YAMLError):
        return {}
    found: dict[tuple[str, ...], int] = {}

    def walk(node: yaml.Node, here: tuple[str, ...]) -> None:
        if not isinstance(node, yaml.MappingNode):
            return
        for key, value in node.value:
            if isinstance(key, yaml.ScalarNode):
                path = (*here, key.value)
                found.setdefault(path, key.start_mark.line + 1)
                walk(value, path)

    walk(node, ())
    lines = {key[2:]: line for key, line in found.items() if key[:2] == SECTION}
    lines.update({("/", key[0]): line for key, line in found.items() if len(key) == 1})
    return lines


# --- mkdocs.yml as MkDocs loads it ------------------------------------------------------------

_CONFIG_VALUE = re.compile(r"^Config value '([^']+)': (.*)$", re.S)
_UNKNOWN = re.compile(r"^Unrecognised configuration name: (.+)$")


def load_mkdocs(root: Path) -> tuple[MkDocsConfig | None, list[Problem]]:
    """``root/mkdocs.yml`` loaded by MkDocs' own ``load_config``, strict as the build is; (None,
    []) when there is none. What MkDocs refuses is a problem at the line of the setting."""
    from mkdocs.config import load_config

    path = root / CONFIG
    if not path.is_file():
        return None, []
    with _config_log() as records:
        try:
            return load_config(config_file=str(path), strict=True), []
        except Abort:  # a setting is wrong: MkDocs logged each one
            return None, [_mkdocs_problem(path, record.getMessage()) for record in records]
        except ConfigurationError as error:  # not YAML at all
            cause = error.__context__
            mark = getattr(cause, "problem_mark", None)
            message = f"không đọc được YAML: {cause}" if cause is not None else str(error)
            return None, [Problem(CONFIG, mark.line + 1 if mark else 1, "config", message)]
        except (ValueError, TypeError) as error:  # YAML read a value it cannot make, like 2022-13-01
            return None, [Problem(CONFIG, 1, "config", f"có giá trị không đọc được ({error}); "
                                                     f"kiểm tra các ngày dạng năm-tháng-ngày")]


def _mkdocs_problem(path: Path, message: str) -> Problem:
    """MkDocs' "Config value 'theme': …" log line as a problem at the setting's line."""
    found = _CONFIG_VALUE.match(message)
    if not found:
        return Problem(CONFIG, 1, "config", message)
    key, text = found.groups()
    unknown = _UNKNOWN.match(text)
    if unknown:
        names = [name for name, _ in MkDocsConfig._schema]
        text = f"MkDocs không có thiết lập này{did_you_mean(key, names)}"
    return Problem(CONFIG, key_lines(path).get(("/", key), 1), key, text)


@contextlib.contextmanager
def _config_log() -> Iterator[list[logging.LogRecord]]:
    """The warnings and errors MkDocs logs while it loads the configuration, kept (not printed)."""
    records: list[logging.LogRecord] = []
    handler = logging.Handler(logging.WARNING)
    handler.emit = records.append  # type: ignore[method-assign]
    logger = logging.getLogger("mkdocs.config")
    propagate = logger.propagate
    logger.addHandler(handler)
    logger.propagate = False
    try:
        yield records
    finally:
        logger.removeHandler(handler)
        logger.propagate = propagate


def project_settings(root: Path, environ: Mapping[str, str] | None = None) -> tuple[Settings | None, list[Problem]]:
    """The settings of ``root/mkdocs.yml`` as the build reads them, or None and every problem
    a build would report; (None, []) when there is no mkdocs.yml (a bare content folder)."""
    config, problems = load_mkdocs(root)
    if config is None:
        return None, problems
    return read_settings(config, environ)
