"""Links in editors' Markdown to files of the section, checked when content is loaded.

MkDocs resolves a relative link from the folder of the file it is written in, and with
``validation: links`` in mkdocs.yml a link that leads nowhere stops the strict build, in
English, after the checker has said "no errors". Checked here, the checker, the preview and the
build stop at the same link with the same Vietnamese line. What only rendering can see (an
anchor that no heading gives) MkDocs still finds; cchc_mkdocs.events puts it in these words.

Only what the build publishes is a target: a published post, issue, procedure or document of
the register (its ``.md``), a file published beside them, or a hand-written page or asset of
``docs/``. Nothing is read to check a link: targets are looked up in those lists.
"""

from __future__ import annotations

import posixpath
import re
from dataclasses import dataclass
from typing import Callable, Iterable, Iterator
from urllib.parse import unquote, urlsplit

from ..problems import Problem

FIELD = "body"
# A fenced code block, a code span or an HTML comment: what they hold is text, not a link.
_CODE = re.compile(r"^ {0,3}(`{3,}|~{3,})[^\n]*\n.*?(?:^ {0,3}\1[^\n]*$|\Z)|(`+)(?!`).+?(?<!`)\2(?!`)|<!--.*?(?:-->|\Z)",
                   re.MULTILINE | re.DOTALL)
# [text](target "title") and ![alt](target): the target in <...>, or up to a space or the closing
# parenthesis, with balanced parentheses inside (Python-Markdown reads `a_(b).pdf` whole).
_INLINE = re.compile(r"!?\[[^\]\n]*\]\(\s*(<[^>\n]*>|(?:[^()\s]|\([^()\s]*\))+)")
# [id]: target, a reference definition at the start of a line.
_REFERENCE = re.compile(r"^ {0,3}\[[^\]\n]+\]:[ \t]*(<[^>\n]*>|\S+)", re.MULTILINE)
_SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:")
ADDRESS_HINT = "hoặc ghi đủ địa chỉ trang, bắt đầu bằng https://"


@dataclass(frozen=True)
class Link:
    """A link or picture as written in a body: its target and its line in the body (1: the first)."""

    target: str
    line: int


def links_in(body: str) -> Iterator[Link]:
    """Every link and picture target written in ``body`` outside code, in order."""
    if "](" not in body and "]:" not in body:
        return
    # Code is blanked, its newlines kept, so that a line counted after it stays right.
    text = _CODE.sub(lambda m: re.sub(r"[^\n]", " ", m.group(0)), body)
    found = [(m.start(1), m.group(1)) for pattern in (_INLINE, _REFERENCE) for m in pattern.finditer(text)]
    for start, target in sorted(found):
        yield Link(target[1:-1].strip() if target.startswith("<") else target, text.count("\n", 0, start) + 1)


def absolute_message(target: str) -> str:
    return (f"liên kết {target!r} bắt đầu bằng '/', nên bản dựng không kiểm tra được nó dẫn tới đâu; ghi đường "
            f"dẫn tính từ thư mục của tệp này (như 'ten-tep.pdf' hoặc '../2022/ten-bai.md'), {ADDRESS_HINT}")


def folder_message(target: str) -> str:
    return (f"liên kết {target!r} trỏ tới một thư mục hay một địa chỉ, không phải một tệp; trỏ tới tệp .md của "
            f"bài hay tệp đính kèm (như '../2022/ten-bai.md'), {ADDRESS_HINT}")


def missing_message(target: str, resolved: str, suggestion: str = "") -> str:
    where = f" (tìm ở {resolved!r})" if resolved and resolved != target else ""
    hint = f" (có phải là {suggestion!r}?)" if suggestion else ""
    return (f"liên kết {target!r} không dẫn tới tệp nào của chuyên mục{where}{hint}; sửa đường dẫn, tính từ "
            f"thư mục của tệp này (như 'ten-tep.pdf' hoặc '../2022/ten-bai.md'), {ADDRESS_HINT}")


def unpublished_message(target: str, resolved: str) -> str:
    return (f"liên kết {target!r} dẫn tới {resolved}, chưa được đăng (bản nháp hoặc chưa tới ngày đăng); "
            "bỏ liên kết, hoặc đăng tệp đó trước")


def anchor_message(target: str, page: str = "") -> str:
    where = f"trang {page}" if page else "trang này"
    return (f"liên kết {target!r} trỏ tới một mục (#…) không có trong {where}; ghi đúng tên mục như ở liên kết "
            "¶ cạnh tiêu đề mục đó, hoặc bỏ phần #…")


def resolve(source: str, path: str) -> str:
    """The source path a relative link's path leads to from the file at ``source``, as MkDocs
    finds it (the folder of the file, then the path; '..' may leave content/)."""
    return posixpath.normpath(posixpath.join(posixpath.dirname(source), unquote(path)).lstrip("/"))


def link_problem(source: str, target: str, published: set[str], unpublished: set[str]) -> str | None:
    """What is wrong with ``target`` written in the file at ``source`` (a message), or None."""
    if not target or _SCHEME.match(target) or target.startswith("//"):
        return None  # another site, an email address, a telephone number
    if target.startswith(("/", "\\")):
        return absolute_message(target)
    path = urlsplit(target).path
    if not path:
        return None  # #a-heading of this page: MkDocs checks it once the page is rendered
    resolved = resolve(source, path)
    if resolved in published:
        return None
    if resolved in unpublished:
        return unpublished_message(target, resolved)
    if not posixpath.splitext(path)[1]:
        return folder_message(target)
    return missing_message(target, resolved)


def link_problems(bodies: Iterable[tuple[str, str]], published: set[str], unpublished: set[str],
                  body_line: Callable[[str], int]) -> list[Problem]:
    """A problem for every link that leads nowhere in each (source, body); ``body_line(source)``
    is the line of the file where its body starts (asked only when a link is wrong)."""
    problems = []
    for source, body in bodies:
        for link in links_in(body):
            message = link_problem(source, link.target, published, unpublished)
            if message is not None:
                problems.append(Problem(source, body_line(source) + link.line - 1, FIELD, message))
    return problems
