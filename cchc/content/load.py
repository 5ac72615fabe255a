"""Loading the whole content tree into a Site: gather everything first, report every problem."""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from datetime import datetime
from functools import cached_property
from pathlib import Path

from ..dates import vn_date
from ..problems import Problem
from . import source
from .bulletins import BULLETIN_DIR, Bulletin, NewsIndex, load_bulletins
from .cache import LoadCache
from .checker import first_wins, labelled
from .citations import Citations
from .document_check import load_documents, with_status
from .documents import DOCUMENTS_DIR, Document
from .fields import BULLETIN_FIELDS, DOCUMENT_FIELDS, NEWS_FIELDS, PLAN_FIELDS, PROCEDURE_FIELDS
from .files import DEFAULT_MAX_FILE_MB, DEFAULT_MAX_PDF_MB, MB, published_file_problems
from .links import link_problems
from .news import NEWS_DIR, NewsPost, check_post
from .plan import PLAN_DIR, Plan, load_plans
from .plan_years import PlanYears
from .procedure_catalogue import as_of as procedures_as_of
from .procedure_catalogue import load_procedures
from .procedures import PROCEDURES_DIR, Procedure
from .redirects import Redirects, read_redirects

# Files that may sit beside posts and are published as they are.
ATTACHMENT_TYPES = (".jpg", ".jpeg", ".png", ".webp", ".gif", ".svg", ".pdf", ".doc", ".docx",
                    ".xls", ".xlsx", ".odt", ".ods")
CONTENT_DIR = "content"
_POST_PATH = re.compile(r"^content/news/\d{4}/[^/]+\.md$")


def topic_ancestry(topic_id: str) -> list[str]:
    """The id and every id above it: "II.2.1.a" -> ["II.2.1.a", "II.2.1", "II.2"]."""
    parts = topic_id.split(".")
    return [".".join(parts[:n]) for n in range(len(parts), 1, -1)]


@dataclass(frozen=True)
class Site:
    """Everything the build publishes, and what it holds back, as of ``build_time``."""

    build_time: datetime
    plans: dict[int, Plan]
    posts: tuple[NewsPost, ...]          # published, newest first
    drafts: tuple[NewsPost, ...] = ()
    scheduled: tuple[NewsPost, ...] = ()
    assets: tuple[str, ...] = ()         # non-Markdown files published as they are
    problems: tuple[Problem, ...] = field(default_factory=tuple)
    bulletins: tuple[Bulletin, ...] = ()              # published issues, newest first
    scheduled_bulletins: tuple[Bulletin, ...] = ()    # dated after the build time
    unused_bulletin_files: tuple[str, ...] = ()       # PDFs, covers no issue uses: not published
    procedures: tuple[Procedure, ...] = ()            # by name; abolished ones too: never unpublished
    procedure_files: tuple[str, ...] = ()             # form templates beside the procedures
    bulletin_drafts: tuple[Bulletin, ...] = ()        # not published, by file
    procedure_drafts: tuple[Procedure, ...] = ()      # not published, by name
    documents: tuple[Document, ...] = ()              # the register: published, newest signed first
    document_drafts: tuple[Document, ...] = ()        # not published
    scheduled_documents: tuple[Document, ...] = ()    # posted after the build time
    unused_document_files: tuple[str, ...] = ()       # files no document names: not published
    redirects: Redirects = Redirects()                # moved addresses (content/redirects.yml)

    def posts_of_topic(self, year: int, topic_id: str) -> list[NewsPost]:
        """Published posts of ``year`` that list ``topic_id`` or one of its points, newest first."""
        return list(self._posts_by_topic.get((year, topic_id), ()))

    @cached_property
    def citations(self) -> Citations:
        """Which posts and procedures name which documents of the register."""
        return Citations.of(self.documents, self.posts, self.procedures)

    @cached_property
    def plan_years(self) -> PlanYears:
        """The plans side by side: the plan each year is checked against, topic pages by id."""
        return PlanYears(self.plans)

    def posts_on(self, topic_id: str) -> list[NewsPost]:
        """Published posts of every year that list ``topic_id`` or one of its points, newest first."""
        return [p for year in self.years for p in self._posts_by_topic.get((year, topic_id), ())]

    @property
    def years(self) -> list[int]:
        """Years that have published posts, newest first."""
        return list(self._years)

    # Every listing page, feed and embed asks for these: scanning all posts each time made the
    # build quadratic in the number of posts (1,000 news pages x 10,000 posts at 10,000 posts).
    @cached_property
    def _posts_by_topic(self) -> dict[tuple[int, str], tuple[NewsPost, ...]]:
        index: dict[tuple[int, str], dict[str, NewsPost]] = {}
        for post in self.posts:
            for topic_id in post.topics:
                # A post on II.2.1.a is also a post on II.2.1 and II.2: a topic page lists its points'.
                for ancestor in topic_ancestry(topic_id):
                    index.setdefault((post.year, ancestor), {})[post.source] = post
        return {key: tuple(posts.values()) for key, posts in index.items()}

    @cached_property
    def _years(self) -> tuple[int, ...]:
        return tuple(sorted({p.year for p in self.posts}, reverse=True))


def _files_under(root: Path, rel_dir: str) -> list[str]:
    folder = root / rel_dir
    if not folder.is_dir() or folder.is_symlink():
        return []
    # os.walk, not Path.rglob: a third of the time at 10,000 posts. Hidden files and folders
    # (.git, editors' backups) are not content.
    found: list[str] = []
    for current, folders, names in os.walk(folder):
        folders[:] = [name for name in folders if not name.startswith(".")]
        at = Path(current).relative_to(root).as_posix()
        # A link is never read (source.symlink_problems reports it); os.walk does not enter
        # linked folders.
        found += [f"{at}/{name}" for name in names
                  if not name.startswith(".") and not os.path.islink(os.path.join(current, name))
                  and os.path.isfile(os.path.join(current, name))]
    return sorted(found)


def load_site(root: Path, build_time: datetime,
              max_pdf_bytes: int = DEFAULT_MAX_PDF_MB * MB, cache: LoadCache | None = None,
              max_file_bytes: int = DEFAULT_MAX_FILE_MB * MB, docs_dir: Path | None = None) -> Site:
    """Read plans, news and bulletins under ``root``; every file is published, held back or
    reported (a PDF over ``max_pdf_bytes``, another file over ``max_file_bytes`` too). With a
    ``cache`` (the preview's), what is unchanged since the last load is not read nor checked again.
    Links in what is published must lead to a published file or to one of ``docs_dir`` (the
    hand-written pages)."""
    read, check, procedures_under = ((cache.read, cache.check_post, cache.load_procedures) if cache is not None
                                     else (source.read, check_post, load_procedures))
    problems = source.symlink_problems(root, CONTENT_DIR)
    if problems and (root / CONTENT_DIR).is_symlink():
        return Site(build_time=build_time, plans={}, posts=(), problems=tuple(problems))
    plans, found = load_plans(root)
    problems += found
    problems += PlanYears(plans).problems()
    files = _files_under(root, NEWS_DIR)
    posts, found = _load_posts(root, files, plans, read, check)
    problems += found
    problems += _duplicate_urls(posts)
    # After the posts: an issue's contents may link to them.
    bulletins, unused, found = load_bulletins(root, _files_under(root, BULLETIN_DIR), plans,
                                              NewsIndex.of(posts, files), build_time, read)
    problems += found
    procedures, procedure_files, found = procedures_under(root)
    problems += found
    problems += _announced_drafts(procedures, build_time)
    register, register_files, found = _register(root, plans, build_time, read)
    problems += found
    redirects, found = read_redirects(root)
    problems += found
    # Files published as they are must be what their names say (cchc.content.files).
    assets = [f for f in files if f.lower().endswith(ATTACHMENT_TYPES)]
    published_files = [*assets, *(f for b in bulletins for f in b.files), *procedure_files, *register_files]
    problems += published_file_problems(root, published_files, max_pdf_bytes, max_file_bytes)

    if cache is not None:
        cache.end_load()
    published = [p for p in posts if not p.draft and p.date <= build_time]
    on_site_bulletins = [b for b in bulletins if not b.draft and b.date <= build_time]
    on_site_procedures = [p for p in procedures if not p.draft]
    problems += _link_problems(root, read, docs_dir, (published, on_site_bulletins, on_site_procedures),
                               (posts, bulletins, procedures), assets, procedure_files, register)
    published.sort(key=lambda p: (p.date, p.source), reverse=True)
    return Site(
        build_time=build_time,
        plans=plans,
        posts=tuple(published),
        drafts=tuple(p for p in posts if p.draft),
        scheduled=tuple(p for p in posts if not p.draft and p.date > build_time),
        assets=tuple(assets),
        problems=tuple(sorted(_labelled(problems))),
        bulletins=tuple(on_site_bulletins),
        scheduled_bulletins=tuple(b for b in bulletins if not b.draft and b.date > build_time),
        unused_bulletin_files=tuple(unused),
        # As of the build day: a decision dated later is shown as upcoming, not yet in force.
        procedures=tuple(procedures_as_of(on_site_procedures, build_time.date())),
        procedure_files=tuple(procedure_files),
        bulletin_drafts=tuple(b for b in bulletins if b.draft),
        procedure_drafts=tuple(p for p in procedures if p.draft),
        **register,
        redirects=redirects,
    )


def _link_problems(root: Path, read: source.Reader, docs_dir: Path | None,
                   on_site: tuple[list[NewsPost], list[Bulletin], list[Procedure]],
                   every: tuple[list[NewsPost], list[Bulletin], list[Procedure]],
                   assets: list[str], procedure_files: list[str], register: dict) -> list[Problem]:
    """Links in the bodies of what is published (``on_site``: the posts, issues and procedures of
    ``every`` that are) that lead to no published file (cchc.content.links)."""
    published, on_site_bulletins, on_site_procedures = on_site
    posts, bulletins, procedures = every
    documents = register["documents"]
    records = [*published, *on_site_bulletins, *on_site_procedures, *documents]
    targets = {*(r.source for r in records), *assets, *procedure_files,
               *(f for b in on_site_bulletins for f in b.files), *(d.file for d in documents if d.file)}
    if docs_dir is not None and docs_dir.is_dir():
        targets |= {path.removeprefix(docs_dir.name + "/") for path in _files_under(docs_dir.parent, docs_dir.name)}
    held_back = {*(p.source for p in posts), *(b.source for b in bulletins), *(p.source for p in procedures),
                 *(d.source for d in register["document_drafts"]), *(d.source for d in register["scheduled_documents"])}

    def body_line(rel: str) -> int:
        doc, _ = read(root, rel)
        return doc.body_line if doc is not None else 1

    return link_problems(((r.source, r.body) for r in records), targets, held_back - targets, body_line)


def _load_posts(root: Path, files: list[str], plans, read, check) -> tuple[list[NewsPost], list[Problem]]:
    """The news posts among ``files`` (read and checked by ``read`` and ``check``), and the problems."""
    file_sizes = {rel: (root / rel).stat().st_size for rel in files}
    records, problems = source.triage(
        files, _POST_PATH, ATTACHMENT_TYPES, "không phải bài viết (.md) hay tệp đính kèm",
        "bài viết phải nằm ở content/news/<năm>/<tên>.md, như content/news/2022/hoi-nghi.md")
    posts, found = source.each_checked(root, records, read, lambda doc: check(doc, plans, file_sizes))
    return posts, problems + found


# Each kind's folder and its fields: a problem names its field by the form's label.
_KIND_FIELDS = ((NEWS_DIR + "/", NEWS_FIELDS), (BULLETIN_DIR + "/", BULLETIN_FIELDS),
                (PROCEDURES_DIR + "/", PROCEDURE_FIELDS), (PLAN_DIR + "/", PLAN_FIELDS),
                (DOCUMENTS_DIR + "/", DOCUMENT_FIELDS))


def _labelled(problems: list[Problem]) -> list[Problem]:
    """``problems`` with the Vietnamese label of each one's field, from its kind's fields."""
    return [next((labelled([p], fields)[0] for folder, fields in _KIND_FIELDS if p.path.startswith(folder)), p)
            for p in problems]


def _register(root: Path, plans: dict[int, Plan], build_time: datetime,
              read: source.Reader) -> tuple[dict, list[str], list[Problem]]:
    """The documents register as the Site's fields: those published by ``build_time`` with their
    status that day, the drafts, those posted later, the files no document names; the files the
    documents name (checked like every published file); and the problems."""
    files = _files_under(root, DOCUMENTS_DIR)
    documents, problems = load_documents(root, files, plans, build_time, read)
    used = [d.file for d in documents if d.file]
    on_site = [d for d in documents if not d.draft and d.listed <= build_time]
    return {
        # As of the build day, among what is published: a draft replacement replaces nothing yet.
        "documents": tuple(with_status(on_site, build_time.date())),
        "document_drafts": tuple(d for d in documents if d.draft),
        "scheduled_documents": tuple(d for d in documents if not d.draft and d.listed > build_time),
        "unused_document_files": tuple(f for f in files if not f.endswith(".md") and f not in used),
    }, used, problems


def _duplicate_urls(posts: list[NewsPost]) -> list[Problem]:
    return [Problem(post.source, post.url_line, post.url_field,
                    f"địa chỉ trang /{post.url} đã dùng cho {other.source}; đặt 'slug' khác cho "
                    "một trong hai bài")
            for post, other in first_wins(sorted(posts, key=lambda p: p.source), key=lambda p: p.url)]


def _announced_drafts(procedures, build_time: datetime) -> list[Problem]:
    # A procedure's page is never taken down: once a decision has announced it, it is public
    # law, and a draft flag (which holds a page back) would silently unpublish it.
    return [Problem(p.source, p.draft_line, "draft",
                    f"thủ tục đã được công bố theo quyết định {p.decisions[-1].number} ngày "
                    f"{vn_date(p.decisions[-1].date)} nên trang của thủ tục phải luôn được đăng; bỏ dòng "
                    "'draft: true' (muốn kết thúc thủ tục, thêm quyết định bãi bỏ hoặc thay thế nó)")
            for p in procedures if p.draft and p.decisions and p.decisions[-1].date <= build_time.date()]
