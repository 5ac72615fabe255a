"""Publishing: build a release beside the live one, check it, then switch the live link at once.

Layout of a publishing folder DEST (the web server serves DEST/current):

    DEST/current               symlink -> releases/<id> (replaced atomically, never edited)
    DEST/releases/<id>/        one complete built site per release, kept for rollback
    DEST/releases/<id>.json    what it was built from: input digest, build moment, tree digest
    DEST/paused                present after a rollback: automatic publishing waits for --resume
    DEST/.lock                 one publish at a time (a timer and a git hook may overlap)

Only what publishing made is taken for a release: a folder (not a link) under releases/ with a
release's name and its record beside it, owned by the user who publishes; a link or anything
else planted there is never switched to nor deleted. DEST itself must be a folder of that user,
outside the project, its content and any release (check_destination).

A release is built as of the publication moment (cchc.content.schedule), so with the same sources and
no scheduled moment passed, a new build is the same tree and nothing new is published. The
generator is run as a subprocess: this module does not import MkDocs.
"""

from __future__ import annotations

import fcntl
import hashlib
import json
import os
import re
import shutil
import stat
import subprocess
import sys
import time
from contextlib import contextmanager
from dataclasses import asdict, dataclass
from datetime import datetime
from importlib import metadata
from pathlib import Path
from typing import Callable, Iterator, Sequence

from ..content.load import load_site
from ..content.redirects import ADDRESS_LIST, REDIRECTS_FILE
from ..content.schedule import moments, next_due, next_scheduled_line, publication_epoch
from ..dates import VIETNAM, vn_moment
from ..site.cms import DECAP_DIST, DECAP_SCRIPT, PROJECT
from ..writing import replace_file

# What a build reads from the project: a change in any of these may change the site. So may an
# upgrade (inputs_digest): of what is installed, not of the lock files, since the build runs with
# what is installed, and a lock pulled but not yet installed must not pass for it.
INPUTS = ("mkdocs.yml", "content", "docs", "overrides", "hooks", "cchc")
GENERATORS = {
    "mkdocs": ["-m", "mkdocs", "build", "--strict"],
    # ProperDocs reads mkdocs.yml when given it explicitly (it looks for properdocs.yml first).
    "properdocs": ["-m", "properdocs", "build", "--strict", "-f", "mkdocs.yml"],
}
DEFAULT_KEEP = 5
_INCOMING = ".incoming-"
# A release's name: its UTC publish time, the start of its tree digest, a counter if needed (new_id).
RELEASE_ID = re.compile(r"^[0-9]{8}T[0-9]{6}Z-[0-9a-f]{10}(?:-[0-9]+)?$")


class PublishError(Exception):
    """Publishing was refused: the message says which step failed and what it printed."""


@dataclass(frozen=True)
class Release:
    """One built site under DEST/releases and what it was built from."""

    id: str
    tree: str          # sha256 of every file's path and bytes in the built site
    inputs: str        # sha256 of the sources and generator versions it was built from
    epoch: int         # SOURCE_DATE_EPOCH of its build (the publication moment)
    next_due: int      # when time alone would change the site next (cchc.schedule.next_due)
    generator: str

    def describe(self) -> str:
        moment = vn_moment(datetime.fromtimestamp(self.epoch, VIETNAM))
        return f"bản phát hành {self.id} (dựng tính đến {moment}, giờ Việt Nam)"


@dataclass(frozen=True)
class Outcome:
    """What a publish did: 'published', 'unchanged' or 'paused', with a line for the operator."""

    action: str
    message: str
    release: Release | None = None


def _digest_file(digest, root: Path, path: Path) -> None:
    rel = path.relative_to(root).as_posix()
    if path.is_symlink():
        digest.update(b"L" + rel.encode() + b"\0" + os.readlink(path).encode() + b"\0")
    else:
        data = path.read_bytes()
        digest.update(b"F" + rel.encode() + b"\0" + str(len(data)).encode() + b"\0" + data)


def _walk(top: Path) -> list[Path]:
    if top.is_symlink() or top.is_file():
        return [top]
    found = []
    for folder, dirs, files in os.walk(top):
        dirs[:] = sorted(d for d in dirs if d != "__pycache__")
        found += [Path(folder) / name for name in sorted(files) if not name.endswith(".pyc")]
        # os.walk does not descend into symlinked folders: list them as links.
        found += [Path(folder) / d for d in dirs if (Path(folder) / d).is_symlink()]
    return sorted(found)


def tree_digest(top: Path) -> str:
    """sha256 over every file under ``top``: its relative path and its bytes, nothing left out."""
    digest = hashlib.sha256()
    top = top.resolve()  # DEST/current is a link: hash the release it points at
    for path in _walk(top):
        _digest_file(digest, top, path)
    return digest.hexdigest()


def installed_versions() -> list[str]:
    """``name==version`` of every Python package this interpreter sees (the build runs in it)."""
    named = ((d.metadata["Name"], d.version) for d in metadata.distributions())
    return sorted({f"{re.sub(r'[-_.]+', '-', name).lower()}=={version}" for name, version in named if name})


def cms_bundle_manifest(root: Path) -> bytes:
    """The package.json of the Decap CMS a build of ``root`` copies (from the first of ``root``
    and the project holding it, as cchc.site.cms.admin_output does), or b'' when there is none."""
    for base in (root, PROJECT):
        if (base / DECAP_DIST / DECAP_SCRIPT).is_file():
            manifest = base / DECAP_DIST.parent / "package.json"
            return manifest.read_bytes() if manifest.is_file() else b""
    return b""


def inputs_digest(root: Path, content_root: Path | None = None, *,
                  installed: Sequence[str] | None = None) -> str:
    """sha256 of what a build of ``root`` reads: its sources (content/ under ``content_root``,
    where extra.cchc.content_dir puts it; by default ``root``), the installed packages
    (``installed``, by default installed_versions()) and the CMS bundle's manifest."""
    digest = hashlib.sha256()
    for name in INPUTS:
        top = (content_root or root) if name == "content" else root
        if (top / name).exists() or (top / name).is_symlink():
            for path in _walk(top / name):
                _digest_file(digest, top, path)
    for package in installed_versions() if installed is None else installed:
        digest.update(f"P{package}\0".encode())
    manifest = cms_bundle_manifest(root)
    digest.update(b"N" + str(len(manifest)).encode() + b"\0" + manifest)
    return digest.hexdigest()


def check_destination(dest: str | Path, keep_out: Sequence[Path] = ()) -> Path:
    """The publishing folder ``dest``, resolved, once checked; PublishError, in Vietnamese and
    naming it, when it is empty, the root folder, inside one of ``keep_out`` (the project, the
    content), inside a release, not a folder, or another user's folder."""
    if not str(dest).strip():
        raise PublishError("thư mục phát hành đang trống; ghi đường dẫn của nó, như /srv/cchc/www")
    path = Path(dest).resolve()  # links followed once, here: what is checked is what is written
    if path == Path(path.anchor):
        raise PublishError(f"không phát hành vào {path}: đó là thư mục gốc của máy; ghi một thư mục "
                           "riêng cho trang, như /srv/cchc/www")
    for folder in keep_out:
        folder = Path(folder).resolve()
        if path == folder or folder in path.parents:
            raise PublishError(f"không phát hành vào {path}: thư mục này nằm trong {folder} (mã nguồn hoặc "
                               "nội dung của trang); ghi một thư mục bên ngoài, như /srv/cchc/www")
    for folder in (path, *path.parents):
        if folder.parent.name == "releases" and (RELEASE_ID.match(folder.name) or folder.name.startswith(_INCOMING)) \
                or folder.name == "releases" and (folder.parent / "current").is_symlink():
            raise PublishError(f"không phát hành vào {path}: thư mục này nằm trong một bản phát hành "
                               f"({folder}); ghi thư mục phát hành, nơi có current và releases/")
    try:
        info = os.stat(path)
    except FileNotFoundError:
        if not path.parent.is_dir():
            raise PublishError(f"không phát hành vào {path}: chưa có thư mục {path.parent}; tạo nó trước") from None
        return path  # made by the first publish, owned by whoever publishes
    if not stat.S_ISDIR(info.st_mode):
        raise PublishError(f"không phát hành vào {path}: đó không phải là một thư mục")
    if info.st_uid != os.geteuid():
        raise PublishError(f"không phát hành vào {path}: thư mục này thuộc người dùng khác (uid {info.st_uid}); "
                           "chạy bằng người dùng sở hữu nó, hoặc ghi thư mục của mình")
    return path


class Store:
    """The publishing folder DEST: its releases, the live link and the pause flag."""

    def __init__(self, dest: Path):
        self.dest = dest
        self.releases_dir = dest / "releases"
        self.live = dest / "current"
        self.pause_flag = dest / "paused"

    @contextmanager
    def locked(self) -> Iterator[None]:
        """Hold DEST's lock: a second publish waits until the first has finished."""
        self.dest.mkdir(exist_ok=True)
        if self.releases_dir.is_symlink():
            raise PublishError(f"{self.releases_dir} là một liên kết tượng trưng (symlink), không phải thư mục "
                               "publish tạo ra; xóa liên kết đó rồi chạy lại")
        self.releases_dir.mkdir(exist_ok=True)
        # O_NOFOLLOW: a link planted as .lock is refused, never followed (and nothing is truncated).
        try:
            fd = os.open(self.dest / ".lock", os.O_WRONLY | os.O_CREAT | os.O_NOFOLLOW, 0o644)
        except OSError as error:
            raise PublishError(f"không mở được {self.dest / '.lock'} ({error.strerror}); nếu đó là một liên kết "
                               "tượng trưng, xóa nó rồi chạy lại") from None
        try:
            fcntl.flock(fd, fcntl.LOCK_EX)
            try:
                yield
            finally:
                fcntl.flock(fd, fcntl.LOCK_UN)
        finally:
            os.close(fd)

    def _made_here(self, name: str) -> bool:
        """Whether releases/<name> is a release publishing made: a real folder (not a link) with a
        release's name, its record a real file beside it, both owned by this user."""
        if not RELEASE_ID.match(name):
            return False
        try:
            folder = os.lstat(self.releases_dir / name)
            record = os.lstat(self.releases_dir / f"{name}.json")
        except OSError:
            return False
        mine = os.geteuid()
        return (stat.S_ISDIR(folder.st_mode) and stat.S_ISREG(record.st_mode)
                and folder.st_uid == mine and record.st_uid == mine)

    def ids(self) -> list[str]:
        """Release ids, oldest first (an id starts with its UTC publish time); only releases
        publishing made (``_made_here``): a link planted in releases/ is not one."""
        if self.releases_dir.is_symlink() or not self.releases_dir.is_dir():
            return []
        return sorted(p.name for p in self.releases_dir.iterdir() if self._made_here(p.name))

    def release(self, release_id: str) -> Release:
        path = self.releases_dir / f"{release_id}.json"
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
            return Release(**data)
        except (OSError, ValueError, TypeError) as error:
            raise PublishError(f"{path}: không đọc được bản ghi của bản phát hành ({error}); "
                               "xóa bản phát hành đó rồi chạy lại") from None

    def current_id(self) -> str | None:
        """The live release's id, or None before the first publish."""
        if not self.live.is_symlink():
            return None
        return Path(os.readlink(self.live)).name

    def current(self) -> Release | None:
        release_id = self.current_id()
        return self.release(release_id) if release_id in self.ids() else None

    def record(self, release: Release) -> None:
        """Write (or rewrite) a release's record atomically."""
        replace_file(self.releases_dir / f"{release.id}.json",
                     (json.dumps(asdict(release), indent=1) + "\n").encode("utf-8"))

    def pause(self, text: str) -> None:
        """Set the pause flag (a link planted under its name is replaced, never followed)."""
        replace_file(self.pause_flag, text.encode("utf-8"))

    def switch(self, release_id: str) -> None:
        """Point DEST/current at a release in one step: a new link under a temporary name,
        then rename(2) over the old one, so a visitor sees the old site or the new, never none."""
        if not (self.releases_dir / release_id).is_dir() or (self.releases_dir / release_id).is_symlink():
            raise PublishError(f"{self.releases_dir / release_id} không phải là một bản phát hành; không chuyển")
        temporary = self.dest / f".current.{os.getpid()}"
        if temporary.is_symlink() or temporary.exists():
            temporary.unlink()
        os.symlink(f"releases/{release_id}", temporary)
        os.replace(temporary, self.live)

    def incoming(self) -> Path:
        """A fresh folder to build into, beside the releases (same file system: rename is atomic)."""
        for stale in self.releases_dir.glob(f"{_INCOMING}*"):
            if stale.is_symlink() or not stale.is_dir():
                stale.unlink()  # a link is removed itself, never followed
            else:
                shutil.rmtree(stale, ignore_errors=True)  # left by a build that was killed
        return self.releases_dir / f"{_INCOMING}{os.getpid()}"

    def new_id(self, now: float, tree: str) -> str:
        base = time.strftime("%Y%m%dT%H%M%SZ", time.gmtime(now)) + f"-{tree[:10]}"
        release_id, n = base, 1
        while (self.releases_dir / release_id).exists():
            n += 1
            release_id = f"{base}-{n}"
        return release_id

    def prune(self, keep: int) -> list[str]:
        """Delete all but the newest ``keep`` releases; the live one is always kept."""
        ids = self.ids()
        live = self.current_id()
        doomed = [i for i in ids[:-keep] if i != live] if keep > 0 else [i for i in ids if i != live]
        for release_id in doomed:
            if not self._made_here(release_id):
                continue  # changed since it was listed: leave it
            shutil.rmtree(self.releases_dir / release_id)
            (self.releases_dir / f"{release_id}.json").unlink()
        return doomed


def lost_addresses(live: Path, new: Path) -> list[str]:
    """The addresses of the live release (its ADDRESS_LIST) that the new build neither serves
    nor redirects, each as a line saying what to add to content/redirects.yml. A live
    release without the list (built before it existed) loses nothing."""
    def listed(site: Path) -> set[str] | None:
        path = site / ADDRESS_LIST
        return set(path.read_text(encoding="utf-8").split()) if path.is_file() else None

    before = listed(live) if live.exists() else None
    after = listed(new)
    if before is None or after is None:
        return []
    return [f"{REDIRECTS_FILE}:1: {url}: địa chỉ này đang có trên trang nhưng bản mới không còn trang nào "
            f"ở đó (tệp đã đổi tên, đổi slug hay bị xoá?); nếu trang đã chuyển, thêm vào {REDIRECTS_FILE} "
            f"dòng '{url}: <địa chỉ mới>' để địa chỉ cũ chuyển hướng" for url in sorted(before - after)]


def _run(step: str, command: list[str], cwd: Path, env: dict[str, str]) -> str:
    done = subprocess.run(command, cwd=cwd, env=env, capture_output=True, text=True)
    output = (done.stdout + done.stderr).strip()
    if done.returncode != 0:
        raise PublishError(f"{step} không thành công (mã thoát {done.returncode}); chưa đăng gì, trang đang "
                           f"chạy giữ nguyên:\n{output}")
    return output


def publish(root: Path, dest: Path, *, keep: int = DEFAULT_KEEP, force: bool = False,
            now: float | None = None, generator: str = "mkdocs", python: str = sys.executable,
            check_command: list[str] | None = None, site_checks: Callable[[Path], list[str]] | None = None,
            say: Callable[[str], None] = print, content_root: Path | None = None) -> Outcome:
    """Build ``root`` into a new release under ``dest`` and make it live, unless nothing changed.
    ``content_root`` holds the content/ the build reads (extra.cchc.content_dir; default ``root``).

    Refuses (PublishError) when ``check_command`` (the content check), the strict build or
    ``site_checks`` (the problems it finds in a built folder) fails; the live site is then untouched.
    """
    dest = check_destination(dest, [root, (content_root or root) / "content"])
    store = Store(dest)
    now = time.time() if now is None else now
    with store.locked():
        paused = _paused(store)
        if paused:
            return paused
        current = store.current()
        inputs = inputs_digest(root, content_root)
        if not force and current and current.inputs == inputs and now < current.next_due:
            return Outcome("unchanged", f"không có gì thay đổi so với {current.describe()}; không đăng gì",
                           current)
        site = load_site(content_root or root, datetime.fromtimestamp(now, VIETNAM))
        dated = moments(site)
        epoch, due = publication_epoch(dated, now), next_due(dated, now)
        upcoming = next_scheduled_line(site)
        if upcoming:
            say(upcoming)
        if not force and current and current.inputs == inputs and current.epoch == epoch:
            store.record(Release(**{**asdict(current), "next_due": due}))
            return Outcome("unchanged", f"không có gì thay đổi so với {current.describe()}; không đăng gì",
                           current)
        env = {**os.environ, "SOURCE_DATE_EPOCH": str(epoch), "NO_MKDOCS_2_WARNING": "1"}
        env.pop("CCHC_AS_OF", None)  # the plan check runs as of the publication moment
        if check_command:
            _run("Việc kiểm tra nội dung (cchc check)", check_command, root, env)
        out = store.incoming()
        try:
            _run(f"Việc dựng trang ({generator} build --strict)", [python, *GENERATORS[generator], "-d", str(out)],
                 root, env)
            problems = site_checks(out) if site_checks else []
            if problems:
                raise PublishError("Trang vừa dựng không qua được các bước kiểm tra; chưa đăng gì, trang đang "
                                   "chạy giữ nguyên:\n"
                                   + "\n".join(problems))
            # A deleted post may go (tests/test_deploy.py); a renamed one should leave a redirect:
            # which it was, only the editor knows, so the status page asks (cchc.deploy.status).
            lost = lost_addresses(store.live, out)
            tree = tree_digest(out)
            if current and current.tree == tree:
                store.record(Release(**{**asdict(current), "inputs": inputs, "epoch": epoch, "next_due": due}))
                return Outcome("unchanged", f"bản vừa dựng giống hệt {current.describe()} đang chạy; "
                                            "không đăng gì", current)
            release = Release(store.new_id(now, tree), tree, inputs, epoch, due, generator)
            os.rename(out, store.releases_dir / release.id)
        finally:
            if out.exists():
                shutil.rmtree(out)
        store.record(release)
        store.switch(release.id)
        removed = store.prune(keep)
        note = f"; đã xoá {len(removed)} bản phát hành cũ" if removed else ""
        note += "".join(f"\n{line}" for line in lost)
        return Outcome("published", f"đã đăng {release.describe()}{note}", release)


def _paused(store: Store) -> Outcome | None:
    """Why nothing may be published into ``store`` now: paused after a rollback (an Outcome), or
    a live folder that is not the link publishing switches (PublishError); None when ready."""
    if store.live.exists() and not store.live.is_symlink():
        raise PublishError(f"{store.live} là một thư mục thật, không phải liên kết mà việc đăng chuyển "
                           "đổi; hãy dời thư mục đó đi (hoặc đăng vào thư mục phát hành khác) rồi chạy lại")
    if store.pause_flag.exists():
        return Outcome("paused", f"việc đăng đang tạm dừng sau khi quay lại bản trước ({store.pause_flag}); "
                                 "chạy cchc publish THƯ_MỤC --resume để đăng tiếp")
    return None


def rollback(dest: Path) -> Outcome:
    """Make the release before the live one live again, and pause automatic publishing."""
    store = Store(check_destination(dest))
    with store.locked():
        ids = store.ids()
        live = store.current_id()
        earlier = [i for i in ids if live is None or i < live]
        if not earlier:
            raise PublishError(f"trong {store.releases_dir} không có bản phát hành nào trước "
                               f"{live or 'bản đang chạy'}; không có bản nào để quay lại")
        target = earlier[-1]
        store.switch(target)
        store.pause(f"rolled back from {live} to {target}\n")
        return Outcome("rolled back", f"đã quay lại {store.release(target).describe()} (trước đó là {live}); "
                                      "việc đăng tự động tạm dừng cho đến khi chạy cchc publish THƯ_MỤC --resume",
                       store.release(target))


def resume(dest: Path) -> None:
    """Let publishing go on after a rollback."""
    Store(check_destination(dest)).pause_flag.unlink(missing_ok=True)
