"""Reading one content file: bytes to NFC text, YAML front matter with line numbers, body.

The YAML loader's safety rules (no anchors, aliases or tags, no lone "=" or "<<", no number
too long to convert, no key written twice, no bidi control, a depth limit) are here, with the
reading they guard.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

import yaml

from ..problems import Problem
from ..text import nfc

_FRONT_MATTER = re.compile(r"\A---[ \t]*\n(?P<yaml>.*?\n)?(?:---|\.\.\.)[ \t]*(?:\n|\Z)", re.DOTALL)


# libyaml's parser is about 10 times faster than the pure-Python one; the marks (line numbers)
# and the resolvers (implicit tags, in Python in both) are the same. Pure Python if not built.
_SafeLoader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class YamlLoader(_SafeLoader):
    """Safe YAML without implicit timestamps: dates stay text so we can report bad ones."""


class _PyYamlLoader(yaml.SafeLoader):
    """The pure-Python parser, only to describe an error: its messages say what it found."""


YamlLoader.yaml_implicit_resolvers = _PyYamlLoader.yaml_implicit_resolvers = {
    first: [(tag, rx) for tag, rx in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}
# A lone "=" or "<<" unquoted: YAML 1.1 reads them as a value key and a merge key, which no
# constructor takes as a value, while YAML 1.2 (Decap CMS, other tools) reads them as text. A
# file must mean one thing to every reader: they are refused (``_refuse_what_content_never_needs``)
# with the way to write them as text, as anchors and tags are.
SPECIAL_SCALARS = {"tag:yaml.org,2002:value": "=", "tag:yaml.org,2002:merge": "<<"}
_NUMBER_TAGS = ("tag:yaml.org,2002:int", "tag:yaml.org,2002:float")
# Longer than any number a field holds (a fee of 16.000.000 đồng is 8 digits); converting a
# number of more than 4,300 digits raises in Python, so the length is checked before.
MAX_NUMBER_CHARS = 30


# Embedding and override controls (LRE, RLE, PDF, LRO, RLO) and isolates (LRI, RLI, FSI, PDI):
# in a fee or a code they make the text show in another order than it is read ("Trojan Source").
BIDI_CONTROLS = re.compile("[\u202a-\u202e\u2066-\u2069]")
# What a file cannot hold as it is (libyaml refuses it, _compose_described says so) but a quoted
# value can write as an escape ("\\x0b", "\\u0000"): control characters, surrogates, U+FFFE and
# U+FFFF. No text needs them, and XML (feeds, sitemap, .docx) cannot hold them.
UNWRITABLE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x84\x86-\x9f\ud800-\udfff\ufffe\uffff]")
# Each with what to call it and why it is refused.
_INVISIBLE = [(BIDI_CONTROLS, ("ký tự ẩn điều khiển hướng chữ", "ký tự này đảo hoặc đổi thứ tự hiển thị của chữ")),
              (UNWRITABLE, ("ký tự ẩn", "thường dính vào khi chép từ PDF hoặc Word, ở đây được viết dưới dạng mã thoát"))]
# Where an anchor (&a), an alias (*a) or a tag (!!str) can start: at a node, after a space, a
# bracket or a comma. "KH&CN" in a title cannot be one, so it costs no second parse.
_MAYBE_NODE_PROPERTY = re.compile(r"(?:^|[\s\[{,])[&*!]", re.MULTILINE)
# Deeper than any real front matter or plan; a guard against "[[[[...]]]]" exhausting the stack.
MAX_DEPTH = 20


class YamlRefused(yaml.MarkedYAMLError):
    """YAML that parses but that content may not use: anchors and aliases, tags, a lone "=" or
    "<<", a number longer than MAX_NUMBER_CHARS, a key written twice or that is not a word, a bidi
    control, nesting deeper than MAX_DEPTH. ``line`` is the
    1-based line in the file, ``field`` names the key where it is known."""

    def __init__(self, message: str, line: int, field: str = ""):
        super().__init__(problem=message)
        self.line = line
        self.field = field


def compose(text: str, first_line: int = 1) -> yaml.Node | None:
    """Parse YAML into nodes (with line marks) fast; raise yaml.MarkedYAMLError as the
    pure-Python parser words it ("expected ',' or ']', but got ':'"), clearer than libyaml's,
    and YamlRefused for what content may not use. ``first_line`` is the file's line number of
    the text's first line, for the lines YamlRefused names."""
    try:
        node = yaml.compose(text, Loader=YamlLoader)
    except (yaml.MarkedYAMLError, yaml.reader.ReaderError):
        node = _compose_described(text)
    # Composing is linear even for an alias bomb (an alias is a shared node); anything that
    # then walked or constructed the nodes would expand it, so aliases are refused first.
    if _MAYBE_NODE_PROPERTY.search(text):
        _refuse_anchors_and_tags(text, first_line)
    if node is not None:
        _refuse_what_content_never_needs(node, first_line)
    return node


def _compose_described(text: str) -> yaml.Node | None:
    # Only after libyaml failed: the pure-Python parser counts characters, not bytes.
    try:
        return yaml.compose(text, Loader=_PyYamlLoader)
    except RecursionError:
        # libyaml stops at 1,000 levels of brackets; the pure-Python parser recurses into them.
        raise yaml.MarkedYAMLError(problem=f"lồng nhau quá {MAX_DEPTH} cấp (ngoặc trong ngoặc), nội dung "
                                           "không bao giờ cần như vậy; hãy viết lại cho phẳng") from None
    except yaml.reader.ReaderError as error:
        # A control character pasted from a PDF: give it a line like every other YAML error.
        line = text[: error.position].count("\n")
        code = ord(error.character) if isinstance(error.character, str) else error.character
        raise yaml.MarkedYAMLError(
            problem=f"có ký tự ẩn U+{code:04X}, không được dùng (thường dính vào khi chép từ PDF "
                    "hoặc Word); hãy xoá ký tự này",
            problem_mark=yaml.Mark("", error.position, line, 0, None, None)) from None


def twice(first: int) -> str:
    """What an editor reads about a key written a second time."""
    return f"được ghi hai lần (lần đầu ở dòng {first}); giữ một lần"


# PyYAML's words for what it could not read, said for an editor; first match wins.
_YAML_PROBLEMS = (
    ("mapping values are not allowed", "có dấu ': ' ở chỗ không được có (chữ có ': ' cần đặt trong ngoặc kép)"),
    ("could not find expected ':'", "thiếu dấu ':' sau tên trường, hoặc một dòng bị ngắt giữa chừng"),
    ("'\\t'", "có ký tự tab; thụt dòng bằng dấu cách"),
    ("expected <block end>", "thụt dòng không đều"),
    ("expected ',' or ']'", "danh sách trong ngoặc vuông chưa đóng đúng (thiếu ']' hoặc dấu phẩy)"),
    ("expected ',' or '}'", "nhóm trong ngoặc nhọn chưa đóng đúng (thiếu '}' hoặc dấu phẩy)"),
    ("end of stream", "ngoặc kép hoặc ngoặc chưa được đóng"),
    ("escape character", "trong ngoặc kép có mã thoát sai (dấu \\ trước một chữ); dùng ngoặc đơn, hoặc viết "
                         "\\\\ thay cho \\"),
    ("block sequence entries are not allowed", "dòng '- ' ở chỗ không được có; kiểm tra thụt dòng"),
    ("cannot start any token", "có ký tự không được đứng đầu giá trị (như @ hoặc `); đặt giá trị trong ngoặc kép"),
)


def yaml_message(error: yaml.MarkedYAMLError) -> str:
    """What an editor reads about YAML that cannot be read: PyYAML's words said in Vietnamese, or
    our own refusal (a control character, too deep a nesting), which already says what to do."""
    detail = error.problem or error.context or ""
    if not detail.isascii():
        return detail
    said = next((said for words, said in _YAML_PROBLEMS if words in detail), "sai cú pháp YAML")
    return f"không đọc được: {said}; kiểm tra thụt dòng, và đặt trong ngoặc kép chữ có ': '"


def _refuse_anchors_and_tags(text: str, first_line: int) -> None:
    # Editors never need them: an alias repeats a value (and nests into a bomb), a tag
    # (!!python/object, !!binary, !!set) makes a value of a type no field expects.
    for event in yaml.parse(text, Loader=YamlLoader):
        if isinstance(event, yaml.AliasEvent) or getattr(event, "anchor", None):
            raise YamlRefused(
                "không được dùng neo và bí danh của YAML (&tên, *tên); hãy viết đầy đủ từng giá trị "
                "(chữ bắt đầu bằng & hoặc * thì đặt trong ngoặc kép)",
                event.start_mark.line + first_line)
        if getattr(event, "tag", None) and not (isinstance(event, yaml.ScalarEvent) and event.implicit[0]):
            raise YamlRefused(
                f"không được dùng thẻ YAML như {event.tag.replace('tag:yaml.org,2002:', '!!')}; chỉ ghi "
                "giá trị (chữ bắt đầu bằng ! thì đặt trong ngoặc kép)",
                event.start_mark.line + first_line)


def _line_of(node: yaml.ScalarNode, index: int, first_line: int) -> int:
    """The file's line of the value's character at ``index``. Only a literal block (``|``) keeps
    the file's line breaks; elsewhere an escape (\\n) or folding makes or joins lines, so the line
    where the value starts is given."""
    if node.style == "|":
        return node.start_mark.line + 1 + first_line + node.value[:index].count("\n")
    return node.start_mark.line + first_line


def _refuse_what_content_never_needs(root: yaml.Node, first_line: int) -> None:
    """Raise YamlRefused for the first key written twice in any mapping, a key that is not a word,
    a bidi control in any value, or too deep a nesting."""
    stack: list[tuple[yaml.Node, str, int]] = [(root, "", 0)]
    while stack:
        node, where, depth = stack.pop()
        if depth > MAX_DEPTH:
            raise YamlRefused(f"lồng nhau quá {MAX_DEPTH} cấp, nội dung không bao giờ cần như vậy; "
                              "hãy viết lại cho phẳng",
                              node.start_mark.line + first_line, where or "")
        if isinstance(node, yaml.ScalarNode):
            line = node.start_mark.line + first_line
            if node.tag in SPECIAL_SCALARS:
                raise YamlRefused(f"'{node.value}' đứng một mình không dùng được: YAML 1.1 đọc nó là một "
                                  f"khoá đặc biệt, không phải chữ; nếu là chữ, đặt trong ngoặc kép: "
                                  f"\"{node.value}\"", line, where)
            if node.tag in _NUMBER_TAGS and len(node.value) > MAX_NUMBER_CHARS:
                raise YamlRefused(f"một số dài {len(node.value)} ký tự, dài hơn mọi trường cần (tối đa "
                                  f"{MAX_NUMBER_CHARS}); nếu là chữ, đặt trong ngoặc kép", line, where)
            for pattern, what in _INVISIBLE:
                found = pattern.search(node.value)
                if found:
                    raise YamlRefused(f"có {what[0]} U+{ord(found.group()):04X}, không được dùng "
                                      f"({what[1]}); hãy xoá ký tự này",
                                      _line_of(node, found.start(), first_line), where)
        elif isinstance(node, yaml.SequenceNode):
            stack += [(item, f"{where}[{index + 1}]", depth + 1) for index, item in enumerate(node.value)]
        elif isinstance(node, yaml.MappingNode):
            seen: dict[str, int] = {}
            for key_node, value_node in node.value:
                line = key_node.start_mark.line + first_line
                if not isinstance(key_node, yaml.ScalarNode):
                    raise YamlRefused("tên trường phải là một từ, theo sau là dấu ':', không phải danh "
                                      "sách hay nhóm trường (dòng bắt đầu bằng '? ' mở một nhóm)", line, where)
                key = key_node.value
                field = f"{where}.{key}" if where else key
                if key in seen:
                    raise YamlRefused(twice(seen[key]), line, field)
                seen[key] = line
                stack.append((key_node, field, depth + 1))
                stack.append((value_node, field, depth + 1))


@dataclass(frozen=True)
class SourceDoc:
    """A content file as read: front matter values, the line of each key, the Markdown body."""

    path: str
    meta: dict
    lines: dict[str, int] = field(default_factory=dict)
    body: str = ""
    body_line: int = 1
    # (key, index or sub-key, ...) -> line, at every depth: a problem deep in a record (the form
    # of a procedure's third dossier component) points at its own line.
    path_lines: dict[tuple, int] = field(default_factory=dict)
    # The same paths -> each plain value as written: YAML reads `1.004510` as the number 1.00451.
    written: dict[tuple, str] = field(default_factory=dict)

    def line(self, key: str) -> int:
        """Line of ``key`` in the file, or of the front matter's start when it is absent."""
        return self.lines.get(key, 1)

    def line_at(self, *path: str | int) -> int:
        """Line of the value at ``path`` (keys and 0-based indexes), else of its nearest parent."""
        for end in range(len(path), 0, -1):
            if path[:end] in self.path_lines:
                return self.path_lines[path[:end]]
        return 1


def decode(raw: bytes, path: str) -> tuple[str | None, list[Problem]]:
    """Bytes to text: UTF-8 (a BOM is dropped), LF line endings, NFC."""
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as error:
        line = raw[: error.start].count(b"\n") + 1
        bad = raw[error.start : error.start + 1].hex().upper()
        return None, [Problem(path, line, "encoding",
                              f"tệp không lưu theo bảng mã UTF-8 (không đọc được byte 0x{bad}); "
                              "hãy lưu lại tệp theo UTF-8 trong trình soạn thảo")]
    text = text.removeprefix("\ufeff").replace("\r\n", "\n").replace("\r", "\n")
    return nfc(text), []


def parse(text: str, path: str) -> tuple[SourceDoc | None, list[Problem]]:
    """Split front matter from body and read the YAML, keeping each key's line number."""
    match = _FRONT_MATTER.match(text)
    if not match:
        return None, [Problem(path, 1, "front matter",
                              "chưa có; tệp phải bắt đầu bằng một dòng '---', tiếp theo là các "
                              "trường, rồi một dòng '---' đóng lại")]
    source = match.group("yaml") or ""
    try:
        node = compose(source, first_line=2)  # line 1 is the opening '---'
    except YamlRefused as error:
        return None, [Problem(path, error.line, error.field or "front matter", error.problem)]
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        line = (mark.line + 2) if mark else 1  # +1 for 0-based, +1 for the opening '---'
        return None, [Problem(path, line, "front matter", yaml_message(error))]
    if node is None:
        node = yaml.MappingNode("tag:yaml.org,2002:map", [])
    if not isinstance(node, yaml.MappingNode):
        return None, [Problem(path, 2, "front matter",
                              "đang ghi một giá trị đơn; ghi các dòng 'trường: giá trị'")]
    loader = YamlLoader("")
    meta: dict = {}
    lines: dict[str, int] = {}
    path_lines: dict[tuple, int] = {}
    written: dict[tuple, str] = {}
    problems: list[Problem] = []
    for key_node, value_node in node.value:
        key = str(loader.construct_object(key_node, deep=True))
        line = key_node.start_mark.line + 2
        if key in meta:
            problems.append(Problem(path, line, key, twice(lines[key])))
            continue
        meta[key] = loader.construct_object(value_node, deep=True)
        lines[key] = line
        path_lines[(key,)] = line
        _map_nodes(value_node, (key,), path_lines, written)
    body_line = text[: match.end()].count("\n") + 1
    return SourceDoc(path, meta, lines, text[match.end():], body_line,
                     path_lines, written), problems


def _map_nodes(node: yaml.Node, at: tuple, lines: dict[tuple, int], written: dict[tuple, str],
               depth: int = 0) -> None:
    # Front matter is shallow; the depth limit only guards against recursive YAML aliases.
    if depth > 12:
        return
    if isinstance(node, yaml.ScalarNode):
        written[at] = node.value
    elif isinstance(node, yaml.SequenceNode):
        for index, item in enumerate(node.value):
            lines[at + (index,)] = item.start_mark.line + 2
            _map_nodes(item, at + (index,), lines, written, depth + 1)
    elif isinstance(node, yaml.MappingNode):
        for key_node, value_node in node.value:
            if isinstance(key_node, yaml.ScalarNode):
                key = at + (key_node.value,)
                lines.setdefault(key, key_node.start_mark.line + 2)
                _map_nodes(value_node, key, lines, written, depth + 1)


def read(root: Path, rel: str) -> tuple[SourceDoc | None, list[Problem]]:
    """Read ``root/rel`` into a SourceDoc, or return the problems that stop it being read."""
    text, problems = decode((root / rel).read_bytes(), rel)
    if text is None:
        return None, problems
    return parse(text, rel)


# What the loaders call to read a record: ``read`` above, or a cache's (cchc.content.cache).
Reader = Callable[[Path, str], "tuple[SourceDoc | None, list[Problem]]"]

def triage(files: list[str], pattern: "re.Pattern[str]", attachment_types: tuple[str, ...],
           stray: str, misplaced: str) -> tuple[list[str], list[Problem]]:
    """Split a content folder's files: the Markdown records at their place (``pattern``), and a
    problem for every file that is neither such a record nor an allowed attachment.

    ``stray`` starts the message for any other file ("không phải bài viết (.md) hay tệp đính kèm");
    ``misplaced`` is the message for a record elsewhere ("bài viết phải nằm ở ..., như ...").
    """
    records: list[str] = []
    problems: list[Problem] = []
    for rel in files:
        if not rel.endswith(".md"):
            if not rel.lower().endswith(attachment_types):
                problems.append(Problem(rel, 1, "file", f"{stray} ({', '.join(attachment_types)}); "
                                        "đổi tên hoặc xoá tệp"))
        elif not pattern.match(rel):
            problems.append(Problem(rel, 1, "file", f"{misplaced}; chuyển tệp vào thư mục năm của nó"))
        else:
            records.append(rel)
    return records, problems


def symlink_problems(root: Path, rel_dir: str) -> list[Problem]:
    """A problem for every symbolic link at or under ``root/rel_dir`` (files and folders).

    Git stores links, so a commit could publish any file of the machine that builds the site;
    nothing is read through a link, and the editor is told to put the file itself there.
    """
    top = root / rel_dir
    candidates = [top] if top.is_symlink() else []
    if not candidates and top.is_dir():
        for current, folders, names in os.walk(top):
            candidates += [Path(current, name) for name in (*folders, *names)
                           if os.path.islink(os.path.join(current, name))]
    problems = []
    for link in sorted(candidates):
        rel = link.relative_to(root).as_posix()
        try:
            target = link.resolve(strict=True)
            inside = target.is_relative_to((root / rel_dir.split("/")[0]).resolve())
        except (OSError, RuntimeError):  # a dangling or looping link
            target, inside = None, False
        kind = "thư mục" if target is not None and target.is_dir() else "tệp"
        where = f"trong {rel_dir.split('/')[0]}/" if inside else f"ngoài {rel_dir.split('/')[0]}/"
        what = (f"là liên kết tượng trưng (symbolic link) tới một {kind} {where}" if target is not None
                else "là liên kết tượng trưng (symbolic link) tới chỗ không còn tồn tại")
        problems.append(Problem(rel, 1, "file", f"{what}; liên kết không bao giờ được đọc hay đăng: "
                                f"hãy đặt chính {kind} đó vào đây thay cho liên kết"))
    return problems


def each_checked(root: Path, records: list[str], read: Reader, check) -> tuple[list, list[Problem]]:
    """The records read (``read``) and checked (``check(doc)``), the problems of both; a record
    that cannot be read, or reads with problems, is not checked."""
    items: list = []
    problems: list[Problem] = []
    for rel in records:
        doc, found = read(root, rel)
        problems += found
        if doc is None or found:
            continue
        item, found = check(doc)
        problems += found
        if item is not None:
            items.append(item)
    return items, problems
