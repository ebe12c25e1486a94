"""The first run, as `make run PORT=8101` does it, in a fresh copy of the project: quiet (no
warning on any step) and correct (every absolute URL names the port served).

The steps are read from `make -n run PORT=8101` (a dry run: nothing is installed), and every
`manage.py` step except the servers is executed in the copy with its own new SQLite file.
"""

from __future__ import annotations

import json
import os
import shlex
import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
PASSED_THROUGH = ("PATH", "HOME", "LANG")
NOISE = ("warning", "W040", "AXES: BEGIN", "html_clean", "Traceback")

pytestmark = pytest.mark.skipif(shutil.which("make") is None, reason="make is not installed")


def _make_steps(port: int) -> list[str]:
    dry = subprocess.run(
        ["make", "-n", "run", f"PORT={port}"], cwd=ROOT, capture_output=True, text=True, timeout=60, check=True
    )
    return [line.rstrip("\\ ").strip() for line in dry.stdout.splitlines()]


@pytest.fixture(scope="module")
def fresh_copy(tmp_path_factory) -> Path:
    copy = tmp_path_factory.mktemp("first-run") / "factcheck"
    shutil.copytree(
        ROOT, copy, symlinks=True,
        ignore=shutil.ignore_patterns(".venv", ".git", "db.sqlite3*", "test-artifacts", "uploads", "staticfiles", "__pycache__"),
    )
    (copy / ".venv").symlink_to((ROOT / ".venv").resolve())
    return copy


def _run(command: str, cwd: Path) -> subprocess.CompletedProcess:
    # Only what a new user's shell has: not the test run's DATABASE_URL or settings overrides.
    env = {k: os.environ[k] for k in PASSED_THROUGH if k in os.environ}
    return subprocess.run(
        ["bash", "-c", command], cwd=cwd, env=env, capture_output=True, text=True, timeout=300
    )


def test_make_run_derives_the_site_url_from_host_and_port():
    steps = [s for s in _make_steps(8101) if "manage.py" in s]
    assert steps and all("FACTCHECK_SITE_URL=http://127.0.0.1:8101" in s for s in steps), steps
    assert any(s.endswith("runserver 127.0.0.1:8101") for s in steps)


def test_first_run_is_quiet_and_every_absolute_url_names_the_port(fresh_copy):
    steps = [
        s for s in _make_steps(8101)
        if "manage.py" in s and "runserver" not in s and "db_worker" not in s
    ]
    assert [shlex.split(s)[-2 if s.endswith("/") else -1] for s in steps]  # migrate, ingest, demo users
    for step in steps:
        result = _run(step, fresh_copy)
        output = result.stdout + result.stderr
        assert result.returncode == 0, (step, output)
        noisy = [line for line in output.splitlines() if any(n.lower() in line.lower() for n in NOISE)]
        assert not noisy, (step, noisy)
    assert (fresh_copy / "db.sqlite3").exists()

    env_prefix = steps[0].split(".venv/bin/python")[0]
    probe = _run(f"{env_prefix} .venv/bin/python manage.py shell < tests/factcheck/first_run_probe.py", fresh_copy)
    assert probe.returncode == 0, probe.stdout + probe.stderr
    found = json.loads(probe.stdout.split("PROBE ", 1)[1])
    for name, page in found.items():
        assert page["status"] in (200, 201), (name, page)
        assert page["urls"], f"{name}: no absolute URL found"
        wrong = [u for u in page["urls"] if u != "http://127.0.0.1:8101" and not u.startswith("http://127.0.0.1:8101/")]
        assert not wrong, (name, wrong)


def test_install_says_what_it_is_doing():
    dry = subprocess.run(
        ["make", "-n", "-B", "install"], cwd=ROOT, capture_output=True, text=True, timeout=60, check=True
    ).stdout
    pip = next(line for line in dry.splitlines() if "pip install" in line)
    assert "--quiet" not in pip and " -q " not in pip  # pip's own progress is shown
    assert "installing the locked dependencies" in dry
