"""Links in editors' Markdown to files of the section, checked when content is loaded.

MkDocs resolves a relative link from the folder of the file it is written in, and with
``validation: links`` in mkdocs.yml a link that leads nowhere stops the strict build, in
English, after the checker has said "no errors". Checked here, the checker, the preview and the
build stop at the same link with the same Vietnamese line. What only rendering can see (an
anchor that no heading gives) MkDocs still finds; cchc_mkdocs.link_warnings puts it in these words.

Only what the build publishes is a target: a published post, issue, procedure or document of
the register (its ``.md``), a file published beside them, or a hand-written page or asset of
``docs/``. Targets are looked up in those lists; a file is read again only to give a wrong link's line.
"""

from __future__ import annotations

import posixpath
import re
from dataclasses import dataclass
from typing import Callable, Iterable, Iterator
from urllib.parse import unquote, urlsplit

from markdown.util import BLOCK_LEVEL_ELEMENTS

from ..problems import Problem

FIELD = "body"
# HTML comments, and a block element's raw HTML that starts a line (up to its closing tag, or to the
# end when it has none), which Python-Markdown passes on as they are; then code spans within a
# paragraph, and indented code. What they hold is text, not a link. (mkdocs.yml has no fenced-code
# extension: three backticks open a code span like one.)
_RAW = re.compile(r"<!--.*?-->|^ {0,3}<(" + "|".join(BLOCK_LEVEL_ELEMENTS) + r")\b.*?(?:</\1\s*>|\Z)",
                  re.MULTILINE | re.DOTALL | re.IGNORECASE)
_LIST_ITEM = re.compile(r"^ {0,3}(?:[*+-]|\d+[.)])[ \t]")
_PARAGRAPH = re.compile(r"(?:[^\n]|\n(?![ \t]*\n))+")
_CODE_SPAN = re.compile(r"(?<!`)(`+)(?!`)(.+?)(?<!`)\1(?!`)", re.DOTALL)
# Link text: no blank line, one level of brackets inside (a picture in a link: [![bìa](a.jpg)](b.pdf)).
_TEXT = r"(?:[^\[\]\n]|\n(?![ \t]*\n)|\[(?:[^\[\]\n]|\n(?![ \t]*\n))*\])*"
# [text](target "title") and ![alt](target): everything up to the closing parenthesis, with
# balanced parentheses inside (Python-Markdown reads `a_(b).pdf` and `mẫu đơn.docx` whole).
_INLINE = re.compile(r"(?<!\\)!?\[(" + _TEXT + r")\]\(((?:[^()\n]|\([^()\n]*\))*)\)")
_QUOTED = r"(?:\"[^\"\n]*\"|'[^'\n]*')"  # a link's title
_TITLE = re.compile(r"^(.*?)[ \t]*" + _QUOTED + "$", re.DOTALL)
# [id]: target "title", a reference definition: nothing but a title may follow the target.
_REFERENCE = re.compile(r"^ {0,3}\[([^\[\]\n]+)\]:[ \t]*(<[^>\n]*>|\S+)[ \t]*" + _QUOTED + r"?[ \t]*$", re.MULTILINE)
# Where a definition is used: [text][id], [id][] or [id].
_REFERENCE_USE = re.compile(r"(?<!\\)\[(" + _TEXT + r")\](?:[ \t]?\[([^\[\]\n]*)\])?(?!\()")
_ESCAPED = re.compile(r"\\([!\"#$%&'()*+,\-./:;<=>?@\[\\\]^_`{|}~])")
ADDRESS_HINT = "hoặc ghi đủ địa chỉ trang, bắt đầu bằng https://"


@dataclass(frozen=True)
class Link:
    """A link or picture as written in a body: its target and its line in the body (1: the first)."""

    target: str
    line: int


def _blank(match: re.Match) -> str:
    """The matched text as spaces, its newlines kept: lines counted after it stay right."""
    return re.sub(r"[^\n]", " ", match.group(0))


def _without_indented_code(text: str) -> str:
    """``text`` with its indented code blocks blanked: lines indented by four spaces or a tab at
    the start or after a blank line, unless the block before is a list item (they continue it)."""
    lines = text.split("\n")
    after_blank, in_list, in_code = True, False, False
    for number, line in enumerate(lines):
        blank = not line.strip()
        indented = line.startswith(("    ", "\t"))
        if in_code and (indented or blank):
            lines[number] = " " * len(line)
            continue
        in_code = after_blank and not in_list and indented and not blank
        if in_code:
            lines[number] = " " * len(line)
            continue
        if not blank:
            in_list = bool(_LIST_ITEM.match(line)) or (in_list and not after_blank) or (in_list and indented)
        after_blank = blank
    return "\n".join(lines)


def _inline(text: str, offset: int = 0) -> Iterator[tuple[int, str]]:
    """(position, target) of each inline link and picture, and of a picture inside a link's text."""
    for found in _INLINE.finditer(text):
        yield offset + found.start(2), _inline_target(found.group(2))
        yield from _inline(found.group(1), offset + found.start(1))


def _inline_target(written: str) -> str:
    written = written.strip()
    if written.startswith("<") and ">" in written:
        return _unwrapped(written)
    titled = _TITLE.match(written)
    return _unwrapped(titled.group(1) if titled and titled.group(1) else written)


def _unwrapped(target: str) -> str:
    """A target as Python-Markdown reads it: out of its <...>, its backslash escapes undone."""
    if target.startswith("<") and ">" in target:
        target = target[1:target.index(">")]
    return _ESCAPED.sub(r"\1", target).strip()


def _key(label: str) -> str:
    return " ".join(label.split()).lower()


def links_in(body: str) -> Iterator[Link]:
    """Every link and picture target Python-Markdown would make of ``body``, outside code and raw
    HTML blocks, in order; a reference definition counts where it is used."""
    if "](" not in body and "]:" not in body:
        return
    # Indented code first: what the other passes blank would look indented.
    text = _RAW.sub(_blank, _without_indented_code(body))
    # Definitions are read before code spans, as Python-Markdown reads them (a block, not inline).
    definitions = list(_REFERENCE.finditer(text))
    rest = _REFERENCE.sub(_blank, text) if definitions else text
    rest = _PARAGRAPH.sub(lambda paragraph: _CODE_SPAN.sub(_blank, paragraph.group(0)), rest)
    found = list(_inline(rest))
    if definitions:
        used = {_key(use.group(2) or use.group(1)) for use in _REFERENCE_USE.finditer(rest)}
        found += [(d.start(2), _unwrapped(d.group(2))) for d in definitions if _key(d.group(1)) in used]
    for start, target in sorted(found):
        yield Link(target, text.count("\n", 0, start) + 1)


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


def unreadable_message(target: str) -> str:
    return (f"liên kết {target!r} có ký tự không đọc được như một địa chỉ; gõ lại liên kết, {ADDRESS_HINT} "
            "hoặc đường dẫn tới tệp như '../2022/ten-bai.md'")


def anchor_message(target: str, page: str = "") -> str:
    where = f"trang {page}" if page else "trang này"
    return (f"liên kết {target!r} trỏ tới một mục (#…) không có trong {where}; ghi đúng tên mục như ở liên kết "
            "¶ cạnh tiêu đề mục đó, hoặc bỏ phần #…")


def resolve(source: str, path: str) -> str:
    """The source path a relative link's path leads to from the file at ``source``, as MkDocs
    finds it (the folder of the file, then the path; '..' may leave content/)."""
    return posixpath.normpath(posixpath.join(posixpath.dirname(source), unquote(path)).lstrip("/"))


def link_problem(source: str, target: str, published: set[str], unpublished: set[str]) -> str | None:
    """What is wrong with ``target`` written in the file at ``source`` (a message), or None; the
    cases in MkDocs' order (mkdocs.structure.pages)."""
    try:
        scheme, netloc, path, _, _ = urlsplit(target)
    except ValueError:
        return unreadable_message(target)
    if scheme or netloc:
        return None  # another site, an email address, a telephone number
    if target.startswith(("/", "\\")):
        return absolute_message(target)
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
