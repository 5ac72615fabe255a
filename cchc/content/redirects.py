"""Moved addresses: ``content/redirects.yml``, each old address of a page with the one it moved to.

A published address never moves on its own: a post's address is its file name (or its `slug`),
never its title, so a title edit changes nothing. When an editor does rename a file, re-slug a
post or a topic or renumber a bulletin, the old address is written here, one line each, oldest
first, and keeps working: the build writes a redirect page there (cchc.build), the nginx conf
answers it with a 301 (cchc.deploy.nginx_conf), and the feeds keep the item's first address as
its id (cchc.syndication). When a release drops a live address not listed here, the publishing
status page names it and the line to write (cchc.deploy.publish, cchc.deploy.status).

    # địa chỉ cũ: địa chỉ mới
    tin-tuc/2022/ten-cu/: tin-tuc/2022/ten-moi/
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import yaml

from ..problems import Problem
from .source import YamlRefused, compose, decode

REDIRECTS_FILE = "content/redirects.yml"
# The list of addresses a built site must keep serving, written into every build.
ADDRESS_LIST = "quan-tri/dia-chi.txt"
# A site-relative page address: lower-case ASCII words and digits, each segment ending in '/'.
_ADDRESS = re.compile(r"^(?:[a-z0-9](?:[a-z0-9._-]*[a-z0-9])?/)+$")
_EXAMPLE = "tin-tuc/2022/ten-cu/: tin-tuc/2022/ten-moi/"


@dataclass(frozen=True)
class Redirect:
    """An old address and the page it leads to now (``new``: the end of any chain)."""

    old: str
    new: str
    line: int


@dataclass(frozen=True)
class Redirects:
    """Every moved address of the site, in the order of content/redirects.yml."""

    items: tuple[Redirect, ...] = ()

    def first_address(self, url: str) -> str:
        """The address a page was first published at: its feed id. ``url`` may carry a #part."""
        path, mark, anchor = url.partition("#")
        first = next((r.old for r in self.items if r.new == path), path)
        return first + mark + anchor

    def moved_to(self, url: str) -> str | None:
        """Where the page that was at ``url`` is now, or None when it did not move."""
        return next((r.new for r in self.items if r.old == url), None)


def read_redirects(root: Path) -> tuple[Redirects, list[Problem]]:
    """content/redirects.yml under ``root`` (none: no moved address), or every problem in it."""
    path = root / REDIRECTS_FILE
    if not path.is_file() or path.is_symlink():
        return Redirects(), []
    text, problems = decode(path.read_bytes(), REDIRECTS_FILE)
    if text is None:
        return Redirects(), problems
    try:
        node = compose(text)
    except YamlRefused as error:
        return Redirects(), [Problem(REDIRECTS_FILE, error.line, error.field or "redirects", str(error.problem))]
    except yaml.MarkedYAMLError as error:
        line = error.problem_mark.line + 1 if error.problem_mark else 1
        return Redirects(), [Problem(REDIRECTS_FILE, line, "redirects",
                                    f"không đọc được YAML ({error.problem}); mỗi dòng ghi "
                                    f"'địa chỉ cũ: địa chỉ mới', như {_EXAMPLE}")]
    if node is None:
        return Redirects(), []
    if not isinstance(node, yaml.MappingNode):
        return Redirects(), [Problem(REDIRECTS_FILE, node.start_mark.line + 1, "redirects",
                                     f"cần các dòng 'địa chỉ cũ: địa chỉ mới', như {_EXAMPLE}")]
    pairs: list[tuple[str, str, int]] = []
    for key, value in node.value:
        line = key.start_mark.line + 1
        old = key.value if isinstance(key, yaml.ScalarNode) else ""
        new = value.value if isinstance(value, yaml.ScalarNode) else ""
        bad = [(which, address) for which, address in (("cũ", old), ("mới", new))
               if not _ADDRESS.match(address.lstrip("/"))]
        for which, address in bad:
            problems.append(Problem(REDIRECTS_FILE, line, old or "redirects",
                                    f"địa chỉ {which} {address!r} không phải địa chỉ một trang của mục; ghi "
                                    f"như trên thanh địa chỉ, sau /cchc/, chữ thường, kết thúc bằng '/', "
                                    f"như {_EXAMPLE}"))
        if not bad:
            pairs.append((old.lstrip("/"), new.lstrip("/"), line))
    return _resolved(pairs, problems)


def _resolved(pairs: list[tuple[str, str, int]], problems: list[Problem]) -> tuple[Redirects, list[Problem]]:
    """Chains (a -> b, b -> c) followed to their end; a loop is a problem."""
    target = {old: new for old, new, _ in pairs}
    items = []
    for old, new, line in pairs:
        seen = [old]
        while new in target and new not in seen:
            seen.append(new)
            new = target[new]
        if new in seen:
            problems.append(Problem(REDIRECTS_FILE, line, old, f"các dòng chuyển hướng thành vòng tròn "
                                    f"({' -> '.join([*seen, new])}); địa chỉ mới phải là một trang có thật"))
            continue
        items.append(Redirect(old, new, line))
    return Redirects(tuple(items)), problems


def shadowing_problems(redirects: Redirects, served: set[str]) -> list[Problem]:
    """An old address that a page still uses: the redirect would hide that page."""
    return [Problem(REDIRECTS_FILE, item.line, item.old, "địa chỉ cũ này vẫn là địa chỉ của một trang; "
                    "xoá dòng này, hoặc đổi địa chỉ của trang đó")
            for item in redirects.items if item.old in served]


def redirect_problems(redirects: Redirects, served: set[str]) -> list[Problem]:
    """An old address that a page still uses, or a new one that no page has: the redirect
    would hide a page, or lead nowhere. ``served``: every page address of the build."""
    problems = shadowing_problems(redirects, served)
    for item in redirects.items:
        if item.old not in served and item.new not in served:
            problems.append(Problem(REDIRECTS_FILE, item.line, item.old,
                                    f"địa chỉ mới {item.new} không có trang nào; ghi địa chỉ trang hiện "
                                    f"tại của mục (tên tệp hoặc slug của bài), như {_EXAMPLE}"))
    return problems


def redirect_notes(redirects: Redirects) -> list[str]:
    """What the checker says of each moved address (Vietnamese)."""
    return [f"{REDIRECTS_FILE}:{r.line}: {r.old}: địa chỉ cũ sẽ chuyển hướng đến {r.new}; "
            f"bản tin RSS giữ mã của mục (địa chỉ đầu tiên)" for r in redirects.items]
