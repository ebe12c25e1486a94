"""The lock files pin, with hashes, every dependency pyproject.toml declares: an install from
them (`make install`) is complete and reproducible. `make lock` regenerates them."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def name(requirement: str) -> str:
    return re.split(r"[\[<>=!~; ]", requirement, maxsplit=1)[0].lower().replace("_", "-")


def pinned(lock: Path) -> dict[str, list[str]]:
    """Package -> its hashes, for every `name==version` entry of a pip-compile lock file."""
    entries: dict[str, list[str]] = {}
    current = None
    for line in lock.read_text().splitlines():
        match = re.match(r"^([A-Za-z0-9_.-]+)==\S+", line)
        if match:
            current = match.group(1).lower().replace("_", "-")
            entries[current] = []
        elif current and (hash_ := re.search(r"--hash=sha256:([0-9a-f]{64})", line)):
            entries[current].append(hash_.group(1))
    return entries


@pytest.mark.parametrize(("lock", "groups"), [("requirements.lock", ()), ("requirements-dev.lock", ("dev",))])
def test_every_declared_dependency_is_pinned_with_hashes(lock, groups):
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    declared = list(project["dependencies"])
    for group in groups:
        declared += project["optional-dependencies"][group]
    entries = pinned(ROOT / lock)
    missing = sorted({name(r) for r in declared} - set(entries))
    assert not missing, f"{lock} lacks {missing}: run `make lock`"
    assert all(entries.values()), f"{lock} has entries without hashes: run `make lock`"


def test_make_install_installs_from_the_lock():
    makefile = (ROOT / "Makefile").read_text()
    assert "--require-hashes -r requirements-dev.lock" in makefile
    assert "--no-deps" in makefile
