"""`manage.py ingest` when the database dies mid-run: the summary so far, every article not
ingested by name, a non-zero exit, and no traceback.

The database is real and really dies: a throwaway PostgreSQL cluster of the test's own (initdb
on a free port), stopped with `pg_ctl stop -m immediate` while the command is between chunks.
"""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
FILES = 300  # about five chunks of 64 articles
PG_BIN = Path("/usr/lib/postgresql/15/bin")


def _tool(name: str) -> str:
    found = shutil.which(name) or (str(PG_BIN / name) if (PG_BIN / name).exists() else None)
    if found is None:
        pytest.fail(f"{name} (PostgreSQL server binaries) is needed for this fault test")
    return found


def _as_postgres(cmd: list[str]) -> list[str]:
    # The server refuses to run as root.
    return ["runuser", "-u", "postgres", "--", *cmd] if os.geteuid() == 0 else cmd


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def doomed_database():
    """A PostgreSQL cluster of this test alone; yields (DATABASE_URL, stop)."""
    # Outside pytest's private tmp folder: the server runs as the postgres user.
    home = Path(tempfile.mkdtemp(prefix="fc-doomed-db-"))
    if os.geteuid() == 0:
        shutil.chown(home, "postgres")
    data, port = home / "data", _free_port()
    subprocess.run(
        _as_postgres([_tool("initdb"), "-D", str(data), "-A", "trust", "-U", "postgres", "--no-sync"]),
        check=True, capture_output=True,
    )
    options = f"-p {port} -k {home} -c listen_addresses=127.0.0.1 -c fsync=off -c full_page_writes=off"
    pg_ctl = _tool("pg_ctl")
    subprocess.run(
        _as_postgres([pg_ctl, "-D", str(data), "-o", options, "-l", str(home / "log"), "-w", "start"]),
        check=True, capture_output=True,
    )

    def stop():
        subprocess.run(_as_postgres([pg_ctl, "-D", str(data), "-m", "immediate", "-w", "stop"]), capture_output=True)

    try:
        subprocess.run(
            [_tool("createdb"), "-h", "127.0.0.1", "-p", str(port), "-U", "postgres", "fc_doomed"],
            check=True, capture_output=True,
        )
        yield f"postgres://postgres@127.0.0.1:{port}/fc_doomed", stop
    finally:
        stop()
        shutil.rmtree(home, ignore_errors=True)


def _manage(url: str, *args: str, **popen) -> subprocess.Popen:
    env = {
        **{k: v for k, v in os.environ.items() if k not in {"DATABASE_REPLICA_URL", "REDIS_URL"}},
        "DATABASE_URL": url,
        "FACTCHECK_INSECURE_DEV_KEY": "1",
        "DATABASE_CONNECT_TIMEOUT": "2",
    }
    return subprocess.Popen(
        [sys.executable, "manage.py", *args], cwd=ROOT, env=env,
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, **popen,
    )


def _sources(url: str) -> int:
    import psycopg

    try:
        with psycopg.connect(url.replace("postgres://", "postgresql://"), connect_timeout=2) as conn:
            return conn.execute("SELECT count(*) FROM sources_source").fetchone()[0]
    except psycopg.OperationalError:
        return 0


def test_ingest_reports_what_it_did_and_what_it_did_not_when_the_database_dies(doomed_database, tmp_path):
    url, stop = doomed_database
    migrate = _manage(url, "migrate", "--noinput", "-v0")
    out, err = migrate.communicate(timeout=300)
    assert migrate.returncode == 0, err
    folder = tmp_path / "articles"
    folder.mkdir()
    for n in range(FILES):
        (folder / f"article-{n:03d}.txt").write_text(
            f"The mayor said the city planted {1000 + n} trees in {2000 + n % 25}. "
            f"Critics said only {n + 3} percent of them survived the summer."
        )

    ingest = _manage(url, "ingest", str(folder), "--no-progress")
    try:
        deadline = time.monotonic() + 120
        while _sources(url) == 0:
            assert ingest.poll() is None, ingest.communicate()
            assert time.monotonic() < deadline, "no chunk was written in time"
            time.sleep(0.05)
        # Between two chunks: freeze the command, kill the database, let the command go on.
        ingest.send_signal(signal.SIGSTOP)
        written = _sources(url)
        stop()
        ingest.send_signal(signal.SIGCONT)
        out, err = ingest.communicate(timeout=120)
    finally:
        if ingest.poll() is None:
            ingest.kill()

    assert ingest.returncode != 0
    assert "Traceback" not in err, err
    not_ingested = [line.removeprefix("not ingested: ") for line in err.splitlines() if line.startswith("not ingested: ")]
    assert not_ingested, err
    assert 0 < written < FILES
    # Every file is accounted for: written before the crash, or named as not ingested.
    assert len(not_ingested) >= FILES - written
    assert all(name.startswith(str(folder)) or name.startswith("article-") for name in not_ingested)
    assert f"{written} sources created" in out, out
    assert f"{len(not_ingested)} not ingested" in out
    assert "database went away" in err
