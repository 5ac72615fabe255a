"""Bulletin issues (bản tin): the front-matter contract, validation, the model and the loader.

An issue is ``content/bulletins/<year>/<name>.md``: its front matter names the issue's number in
the year, its date, title, the PDF beside it, an optional cover image, the plan topics it covers
and its contents, each article optionally linked to a news post by file or by page URL."""

from __future__ import annotations

import difflib
import posixpath
import re
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path, PurePosixPath
from typing import Callable, Iterable, Mapping

from ..dates import DateError, parse_when
from ..problems import Problem
from . import source
from .checker import HTML_MESSAGE, Checker, first_wins, too_long, unknown_message
from .fields import BULLETIN_FIELDS, COVER_TYPES, MARKUP, MAX_ISSUE_NUMBER, PDF_TYPES, names
from .news import NEWS_DIR, NEWS_URL, NewsPost
from .plan import Plan
from .plan_years import PlanYears
from .source import SourceDoc

BULLETIN_DIR = "content/bulletins"
BULLETIN_URL = "ban-tin"
_FIELD = {f.name: f for f in BULLETIN_FIELDS}
ALLOWED_KEYS = names(BULLETIN_FIELDS)
ENTRY_KEYS = _FIELD["contents"].keys
_ENTRY_TITLE = _FIELD["contents"].part("title")
ATTACHMENT_TYPES = PDF_TYPES + COVER_TYPES
_BULLETIN_PATH = re.compile(r"^content/bulletins/\d{4}/[^/]+\.md$")
_POST_REF_EXAMPLE = (f"tệp bài viết như {NEWS_DIR}/2022/hoi-nghi.md, hoặc địa chỉ trang của bài "
                     f"như /{NEWS_URL}/2022/hoi-nghi/")


@dataclass(frozen=True)
class ContentsEntry:
    """One article of an issue; ``post`` and ``url`` are set when it links to a news post."""

    title: str
    post: str | None = None  # source of the linked post, e.g. content/news/2022/a.md
    url: str | None = None   # site-relative URL of that post's page


@dataclass(frozen=True)
class Bulletin:
    """A bulletin issue as published: every field checked, date in Vietnam time."""

    source: str
    number: int
    date: datetime  # None only in a draft without a date yet
    title: str
    pdf: str        # source path of the PDF, beside the issue's .md file ("" in a draft without one)
    pdf_bytes: int  # size of the PDF file
    topics: tuple[str, ...]
    contents: tuple[ContentsEntry, ...]
    cover: str | None = None  # source path of the cover image
    body: str = ""            # the editor's introduction, Markdown
    # Work in progress: never published; its date, PDF, topics and contents may still be empty.
    draft: bool = False

    @property
    def year(self) -> int:
        return self.date.year

    @property
    def url(self) -> str:
        """Site-relative URL of the issue's page, with a trailing slash."""
        return f"{BULLETIN_URL}/{self.year}/so-{self.number}/"

    @property
    def label(self) -> str:
        """How people name the issue: "Bản tin số 2/2022"."""
        return f"Bản tin số {self.number}/{self.year}"

    @property
    def pdf_url(self) -> str:
        """Site-relative URL of the PDF."""
        return attachment_url(self.pdf)

    @property
    def cover_url(self) -> str | None:
        """Site-relative URL of the cover image, if the issue has one."""
        return attachment_url(self.cover) if self.cover else None

    @property
    def files(self) -> tuple[str, ...]:
        """The content files published with the issue: its PDF and its cover."""
        return tuple(f for f in (self.pdf, self.cover) if f)

    def lists(self, post_source: str) -> bool:
        """Whether the issue's contents link to the news post read from ``post_source``."""
        return any(entry.post == post_source for entry in self.contents)


def attachment_url(path: str) -> str:
    """Where a file under content/bulletins/ is published: the same path under ban-tin/."""
    return f"{BULLETIN_URL}/{PurePosixPath(path).relative_to(BULLETIN_DIR)}"


@dataclass(frozen=True)
class NewsIndex:
    """The news posts an issue's contents may link to, found by source file or by page URL."""

    by_source: Mapping[str, NewsPost]
    by_url: Mapping[str, NewsPost]
    # News files that exist but did not load: their own problems are reported already, so a
    # link to one is not reported a second time.
    unreadable: frozenset[str] = frozenset()

    @classmethod
    def of(cls, posts: Iterable[NewsPost], news_files: Iterable[str] = ()) -> NewsIndex:
        """Index every loaded post (drafts and scheduled ones too); ``news_files`` lists the
        .md files found under content/news, loaded or not."""
        by_source = {p.source: p for p in posts}
        by_url = {p.url: p for p in sorted(by_source.values(), key=lambda p: p.source, reverse=True)}
        unreadable = frozenset(f for f in news_files if f.endswith(".md") and f not in by_source)
        return cls(by_source, by_url, unreadable)


def post_reference(ref: str, near: str) -> tuple[str, str] | None:
    """Read a contents link: ("file", source path) or ("url", site-relative URL), or None.

    A file is given from the project root (content/news/2022/a.md) or relative to the issue's
    folder (../../news/2022/a.md); a URL is the page's path on the site (/tin-tuc/2022/a/).
    """
    ref = ref.strip()
    if not ref or "://" in ref or ref.startswith("//") or "?" in ref or "#" in ref:
        return None
    if ref.endswith(".md"):
        if ref.startswith("content/"):
            return "file", posixpath.normpath(ref)
        if ref.startswith("/"):
            return None
        return "file", posixpath.normpath(posixpath.join(posixpath.dirname(near), ref))
    path = ref.strip("/").removesuffix("index.html").strip("/")
    if not path.startswith(NEWS_URL + "/"):
        return None
    return "url", path + "/"


def check_bulletin(doc: SourceDoc, plans: dict[int, Plan], file_sizes: Mapping[str, int],
                   news: NewsIndex, build_time: datetime | None = None) -> tuple[Bulletin | None, list[Problem]]:
    """Validate an issue's front matter: its plan topics, its files and its links to posts.

    ``file_sizes`` maps the files under content/bulletins to their sizes in bytes. With a
    ``build_time``, an issue published by then may link only to posts published by then.
    """
    check = Checker(doc, BULLETIN_FIELDS)
    meta = doc.meta
    check.unknown_fields(ALLOWED_KEYS)
    draft = check.flag("draft")
    # A draft is work in progress: only what it already says is checked.
    need = {f.name: f.required and not draft for f in BULLETIN_FIELDS}
    title = check.plain_text(_FIELD["title"], required=need["title"])
    number = _read_number(check, meta, required=need["number"])

    when, year = check.date_in_year_folder(BULLETIN_DIR, required=need["date"])
    # A year whose plan is not written yet is checked against the most recent earlier plan; a
    # plan file with errors is reported on its own, and its issues' topics wait for it.
    broken = year in getattr(plans, "broken", ())
    plan = PlanYears(plans).reference(year) if year and not broken else None
    topics = check.topics(meta.get("topics"), plan, year, required=need["topics"])

    pdf = _read_file(check, "pdf", PDF_TYPES, file_sizes, required=need["pdf"])
    if pdf and file_sizes[pdf] == 0:
        check.add("pdf", f"tệp {pdf} rỗng (0 byte); hãy xuất lại tệp PDF")
    cover = _read_file(check, "cover", COVER_TYPES, file_sizes, required=need["cover"])

    published = build_time is None or (not draft and when is not None and when <= build_time)
    contents = _read_contents(check, news, build_time if published else None, required=need["contents"])

    if check.problems:
        return None, check.problems
    return Bulletin(doc.path, number, when, title, pdf or "", file_sizes[pdf] if pdf else 0, topics,
                    contents, cover, doc.body, draft), []


def _read_number(check: Checker, meta: dict, required: bool = True) -> int:
    value = meta.get("number")
    if value is None:
        if not required:
            return 0
        missing = "còn trống; ghi" if "number" in meta else "chưa có; thêm dòng ghi"
        check.add("number", f"{missing} số thứ tự của bản tin trong năm, như 'number: 2'")
        return 0
    # YAML reads 08 and 09 as text (not octal): accept digits written either way (a few: the
    # number is checked before it is converted).
    if isinstance(value, str) and value.strip().isascii() and value.strip().isdigit() and len(value.strip()) <= 9:
        value = int(value.strip())
    if isinstance(value, bool) or not isinstance(value, int) or value < 1:
        check.add("number", f"đang ghi {value!r}; ghi số nguyên từ 1 trở lên, như 'number: 2'")
        return 0
    if value > MAX_ISSUE_NUMBER:
        # The number names the issue's folder (ban-tin/<year>/so-<number>/).
        check.add("number", f"số bản tin {value} quá lớn: số thứ tự của bản tin trong năm, từ 1 đến "
                            f"{MAX_ISSUE_NUMBER}, như 'number: 2'")
        return 0
    return value


def _read_file(check: Checker, key: str, types: tuple[str, ...], file_sizes: Mapping[str, int],
               required: bool) -> str | None:
    """The source path of a file named in ``key``, checked to exist beside the issue."""
    value = check.doc.meta.get(key)
    if value is None or value == "":
        if required:
            check.add(key, f"chưa có; thêm dòng như '{key}: ban-tin-so-1-2022.pdf' ghi tên tệp đặt "
                           "cùng thư mục với bản tin")
        return None
    folder = PurePosixPath(check.doc.path).parent

    def not_found(target: str) -> str:
        hint = _near_miss(target, [f for f in file_sizes if f.lower().endswith(types)],
                          lambda found: posixpath.relpath(found, folder.as_posix()))
        return f"{hint}; đặt tệp vào {PurePosixPath(target).parent}/ cùng bản tin, hoặc sửa tên tệp"

    return check.file_beside(key, value, types, file_sizes, expected=f"tên tệp có đuôi {', '.join(types)}",
                             inside="tên tệp trong thư mục của bản tin", not_found=not_found)


def _near_miss(wanted: str, candidates: Iterable[str], shown: Callable[[str], str] = str) -> str:
    """A " (có phải là 'x'?)" hint for a path or URL, likened by its last part without the
    extension, among those in the same folder: a shared folder or ".pdf" is no likeness."""
    def split(path: str) -> tuple[str, str]:
        folder, name = posixpath.split(path.rstrip("/"))
        return folder, posixpath.splitext(name)[0]

    folder, stem = split(wanted)
    by_stem: dict[str, str] = {}
    for candidate in sorted(candidates):
        where, name = split(candidate)
        if where == folder:
            by_stem.setdefault(name, candidate)
    close = difflib.get_close_matches(stem, list(by_stem), n=1, cutoff=0.6)
    return f" (có phải là {shown(by_stem[close[0]])!r}?)" if close else ""


def _read_contents(check: Checker, news: NewsIndex, build_time: datetime | None,
                   required: bool = True) -> tuple[ContentsEntry, ...]:
    doc = check.doc
    value = doc.meta.get("contents")
    if value is None or value == []:
        if not required:
            return ()
        check.add("contents", "còn trống; liệt kê các bài của số bản tin, mỗi bài một dòng '- title: ...', "
                              "bài đã đăng trên trang thì thêm 'post: <tệp hoặc địa chỉ bài>' bên dưới")
        return ()
    if not isinstance(value, list):
        check.add("contents", f"đang ghi {value!r}; ghi danh sách các bài, mỗi bài một dòng '- title: ...'")
        return ()
    entries: list[ContentsEntry] = []
    seen: dict[str, int] = {}
    for index, item in enumerate(value):
        # Editors count articles from 1; the line points at the entry, or at its field.
        def add(key: str | None, message: str) -> None:
            check.add(("contents", index) + ((key,) if key else ()), message)

        if isinstance(item, (str, int, float)) and not isinstance(item, bool):
            item = {"title": item}
        if not isinstance(item, dict):
            add(None, f"đang ghi {item!r}; ghi tiêu đề bài, hoặc hai dòng 'title:' và 'post:'")
            continue
        unknown = [key for key in item if key not in ENTRY_KEYS]
        for key in unknown:
            # "- Hỏi đáp: thủ tục" is a title to the editor but a field to YAML.
            quote = (f' (tiêu đề có \': \' thì đặt trong ngoặc kép: - "{key}: {item[key]}")'
                     if len(item) == 1 and isinstance(item[key], str) else "")
            add(str(key), unknown_message(str(key), ENTRY_KEYS) + quote)
        post = _read_post(item.get("post"), add, doc.path, news, build_time)
        if post is not None and post.source in seen:
            add("post", f"bài {post.source} đã có ở mục {seen[post.source]}; bỏ một mục")
        elif post is not None:
            seen[post.source] = index + 1
        title = _entry_title(item.get("title"), add)
        if not title and post is not None:
            title = post.title
        if not title and "post" not in item and "title" not in item and not unknown:
            add(None, "còn trống; ghi tiêu đề bài, hoặc hai dòng 'title:' và 'post:'")
        entries.append(ContentsEntry(title, post.source if post else None, post.url if post else None))
    return tuple(entries)


def _entry_title(value: object, add: Callable[[str | None, str], None]) -> str:
    if value is None:
        return ""
    if isinstance(value, bool) or not isinstance(value, (str, int, float)) or not str(value).strip():
        add("title", f"đang ghi {value!r}; ghi tiêu đề bài bằng chữ")
        return ""
    text = " ".join(str(value).split())
    if MARKUP.search(text):
        add("title", HTML_MESSAGE)
    if len(text) > _ENTRY_TITLE.limit:
        add("title", too_long(len(text), _ENTRY_TITLE.limit))
    return text


def _read_post(value: object, add: Callable[[str | None, str], None], near: str, news: NewsIndex,
               build_time: datetime | None) -> NewsPost | None:
    if value is None:
        return None
    ref = post_reference(value, near) if isinstance(value, str) else None
    if ref is None:
        add("post", f"đang ghi {value!r}; ghi {_POST_REF_EXAMPLE}")
        return None
    kind, key = ref
    post = (news.by_source if kind == "file" else news.by_url).get(key)
    if post is None:
        if kind == "file" and key in news.unreadable:
            return None
        if kind == "file":
            add("post", f"không có bài viết nào ở {key}{_near_miss(key, news.by_source)}; sửa lại đường "
                        "dẫn tệp bài")
        else:
            add("post", f"không có bài viết nào có địa chỉ trang /{key}"
                        f"{_near_miss(key, news.by_url, lambda url: '/' + url)}; sửa lại địa chỉ")
        return None
    if build_time is not None and post.draft:
        add("post", f"bài {post.source} là bản nháp nên trang của bài chưa được đăng; hãy đăng bài "
                    "hoặc bỏ liên kết")
        return None
    if build_time is not None and post.date > build_time:
        add("post", f"bài {post.source} hẹn đăng lúc {post.date.isoformat()}, sau thời điểm dựng trang "
                    f"{build_time.isoformat()}, nên trang của bài chưa được đăng; bỏ liên kết hoặc "
                    "lùi ngày của bản tin")
        return None
    return post


def load_bulletins(root: Path, files: list[str], plans: dict[int, Plan], news: NewsIndex,
                   build_time: datetime, read: source.Reader = source.read,
                   ) -> tuple[list[Bulletin], list[str], list[Problem]]:
    """Read every issue among ``files`` (paths under content/bulletins), each with ``read``.

    Returns the issues newest first, then the drafts (``draft`` set: the caller holds them
    back), the attachments no issue uses (a draft's own files count as used), and every problem
    found.
    """
    file_sizes = {rel: (root / rel).stat().st_size for rel in files}
    bulletins: list[Bulletin] = []
    numbered: list[tuple[tuple[int, int] | None, SourceDoc]] = []
    records, problems = source.triage(
        files, _BULLETIN_PATH, ATTACHMENT_TYPES, "không phải bản tin (.md), tệp PDF hay ảnh bìa của bản tin",
        f"bản tin phải nằm ở {BULLETIN_DIR}/<năm>/<tên>.md, như {BULLETIN_DIR}/2022/01.md")
    for rel in records:
        doc, found = read(root, rel)
        problems += found
        if doc is None or found:
            continue
        numbered.append((_issue_key(doc), doc))
        bulletin, found = check_bulletin(doc, plans, file_sizes, news, build_time)
        problems += found
        if bulletin is not None:
            bulletins.append(bulletin)
    problems += _duplicate_numbers(numbered)
    # A draft may have no date yet: it goes after the issues, by file.
    bulletins = (sorted((b for b in bulletins if not b.draft), key=lambda b: (b.date, b.number, b.source),
                        reverse=True)
                 + sorted((b for b in bulletins if b.draft), key=lambda b: b.source))
    used = {f for b in bulletins for f in b.files}
    unused = [f for f in files if f.lower().endswith(ATTACHMENT_TYPES) and f not in used]
    return bulletins, unused, problems


def _issue_key(doc: SourceDoc) -> tuple[int, int] | None:
    """(year, number) of an issue as far as they can be read, even if other fields are wrong."""
    number = _read_number(Checker(doc), doc.meta)
    try:
        year = parse_when(doc.meta.get("date")).year
    except DateError:
        folder = PurePosixPath(doc.path).parent.name
        year = int(folder) if folder.isdigit() else 0
    return (year, number) if number and year else None


def _duplicate_numbers(numbered: list[tuple[tuple[int, int] | None, SourceDoc]]) -> list[Problem]:
    # Checked on every readable issue, valid or not, so that one run reports everything.
    return [Problem(doc.path, doc.line("number"), "number",
                    f"số {key[1]} năm {key[0]} đã dùng cho {other.path}; mỗi số bản tin trong năm "
                    "cần một số riêng")
            for (key, doc), (_, other) in first_wins(sorted(numbered, key=lambda item: item[1].path),
                                                     key=lambda item: item[0])]
