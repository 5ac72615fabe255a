"""Installs are reproducible: requirements/ pins every package, with hashes, inside pyproject's
ranges, and publishing notices when what is installed changes."""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path

import pytest
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name
from packaging.version import Version

from cchc.deploy.publish import cms_bundle_manifest, inputs_digest, installed_versions
from conftest import PROJECT

LOCKS = PROJECT / "requirements"
PYPROJECT = tomllib.loads((PROJECT / "pyproject.toml").read_text(encoding="utf-8"))
RUNTIME = [Requirement(line) for line in PYPROJECT["project"]["dependencies"]]
TESTING = [Requirement(line) for line in PYPROJECT["project"]["optional-dependencies"]["test"]]
PIN = re.compile(r"(?P<name>[A-Za-z0-9][A-Za-z0-9._-]*)==(?P<version>\S+)")
HASH = re.compile(r"--hash=sha256:[0-9a-f]{64}")


@dataclass(frozen=True)
class Pin:
    version: str
    hashes: tuple[str, ...]


def pins(name: str) -> dict[str, Pin]:
    """The requirements of a lock file, by canonical name: each `name==version` and its hashes."""
    text = (LOCKS / name).read_text(encoding="utf-8").replace("\\\n", " ")
    found = {}
    for line in text.splitlines():
        line = line.split("#", 1)[0].strip()
        if not line:
            continue
        pin = PIN.fullmatch(line.split()[0])
        assert pin, f"{name}: not an exact pin: {line!r}"
        found[canonicalize_name(pin["name"])] = Pin(pin["version"], tuple(HASH.findall(line)))
    return found


@pytest.mark.parametrize("lock, wanted", [("lock.txt", RUNTIME), ("lock-test.txt", RUNTIME + TESTING)],
                         ids=["build", "test"])
def test_every_dependency_of_pyproject_is_pinned_inside_its_range(lock, wanted):
    pinned = pins(lock)
    for requirement in wanted:
        pin = pinned.get(canonicalize_name(requirement.name))
        assert pin, f"{lock}: {requirement.name} is not pinned"
        assert requirement.specifier.contains(Version(pin.version), prereleases=True), \
            f"{lock}: {requirement.name}=={pin.version} is outside pyproject's {requirement.specifier}"


@pytest.mark.parametrize("lock", ["lock.txt", "lock-test.txt"])
def test_every_pinned_package_has_a_hash(lock):
    unhashed = [name for name, pin in pins(lock).items() if not pin.hashes]
    assert unhashed == []


def test_the_test_lock_installs_a_build_s_packages_as_production_does():
    build, test = pins("lock.txt"), pins("lock-test.txt")
    assert {name: test.get(name) for name in build} == build


def test_the_build_lock_holds_no_test_tool():
    assert {canonicalize_name(r.name) for r in TESTING} & set(pins("lock.txt")) == set()


@pytest.mark.parametrize("lock, extra", [("lock.txt", ""), ("lock-test.txt", "--extra test -c requirements/lock.txt ")])
def test_each_lock_names_the_command_that_made_it(lock, extra):
    header = (LOCKS / lock).read_text(encoding="utf-8").split("\n", 3)[:3]
    assert header[1] == ("#    uv pip compile --no-config pyproject.toml " + extra + "--generate-hashes "
                         "--python-version 3.11 --python-platform x86_64-manylinux_2_28 -o requirements/" + lock)


def test_publishing_sees_the_version_of_every_installed_package_of_a_build():
    installed = set(installed_versions())
    for name in pins("lock.txt"):
        assert f"{name}=={metadata.version(name)}" in installed


def test_an_upgraded_package_is_a_change_to_publish(tmp_path):
    (tmp_path / "content").mkdir()
    before = inputs_digest(tmp_path, installed=["nh3==0.3.8", "pyyaml==6.0.4"])
    assert inputs_digest(tmp_path, installed=["nh3==0.3.8", "pyyaml==6.0.4"]) == before
    assert inputs_digest(tmp_path, installed=["nh3==0.3.9", "pyyaml==6.0.4"]) != before


def _cms_bundle(root: Path, version: str) -> None:
    dist = root / "node_modules/decap-cms/dist"
    dist.mkdir(parents=True, exist_ok=True)
    (dist / "decap-cms.js").write_text("/* the bundle */\n", encoding="utf-8")
    (dist.parent / "package.json").write_text(f'{{"name": "decap-cms", "version": "{version}"}}\n',
                                              encoding="utf-8")


def test_an_upgraded_cms_bundle_is_a_change_to_publish(tmp_path):
    _cms_bundle(tmp_path, "3.16.3")
    before = inputs_digest(tmp_path, installed=[])
    assert b'"3.16.3"' in cms_bundle_manifest(tmp_path)
    _cms_bundle(tmp_path, "3.17.0")
    assert inputs_digest(tmp_path, installed=[]) != before
