"""Requests per second under wrk against gunicorn with 2 workers, bounded in time; 0 errors.

The server runs with the production settings (DEBUG off) and the public page cache off
(FACTCHECK_PUBLIC_CACHE_SECONDS=0); wrk rotates over hundreds of different fact-checks and
several filters, so the figures are those of requests that reach the database.
"""

from __future__ import annotations

import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from django.urls import NoReverseMatch, reverse

from bench.public import published_slugs

ROOT = Path(__file__).resolve().parent.parent
LUA = """
local paths = {{{paths}}}
local i = 0
request = function()
  i = i + 1
  return wrk.format("GET", paths[(i % #paths) + 1], {{{headers}}})
end
"""


def _wait_for(port: int, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        with socket.socket() as sock:
            if sock.connect_ex(("127.0.0.1", port)) == 0:
                return
        time.sleep(0.2)
    raise RuntimeError(f"gunicorn did not listen on {port} within {timeout}s")


def _parse(output: str) -> dict[str, Any]:
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1))
    total = int(re.search(r"(\d+) requests in", output).group(1))
    non_2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    sockets = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", output)
    latency = dict(re.findall(r"^\s+(50|90|99)%\s+([\d.]+\w+)", output, re.MULTILINE))
    errors = (int(non_2xx.group(1)) if non_2xx else 0) + (sum(map(int, sockets.groups())) if sockets else 0)
    return {"requests_per_second": rps, "requests": total, "errors": errors, "latency": latency}


def _run_wrk(port: int, paths: list[str], headers: dict[str, str], seconds: int, connections: int) -> dict:
    lua_paths = ", ".join(f'"{p}"' for p in paths)
    lua_headers = ", ".join(f'["{k}"] = "{v}"' for k, v in headers.items())
    with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as script:
        script.write(LUA.format(paths=lua_paths, headers=lua_headers))
    try:
        output = subprocess.run(
            # --timeout: a response slower than wrk's default 2 s would count as an error
            # although the server answered it; latencies are reported beside the rate.
            ["wrk", "-t2", f"-c{connections}", f"-d{seconds}s", "--timeout", "10s", "--latency", "-s", script.name,
             f"http://127.0.0.1:{port}"],
            capture_output=True, text=True, check=True, timeout=seconds + 60,
        ).stdout
    finally:
        os.unlink(script.name)
    return {"seconds": seconds, "connections": connections, "paths": len(paths), **_parse(output), "wrk": output}


def bench_throughput(
    *, database_url: str, seconds: int, port: int, connections: int = 4, before: Path | None = None
) -> dict[str, Any]:
    """wrk against this checkout's code; with `before` (another checkout, e.g. the commit before a
    round of work, on the same database), against that code too, in the same run."""
    if shutil.which("wrk") is None:
        return {"throughput": {"missing": "wrk is not installed (apt-get install -y wrk)"}}
    runs: list[tuple[str, list[str], dict[str, str]]] = []
    slugs = published_slugs(500, seed=3)
    try:
        from bench.api import _ids, partner_key

        key = partner_key()
        ids = _ids()[:500]
        base = reverse("api:factcheck-list")
        api_headers = {"Authorization": f"Api-Key {key}"}
        runs.append(("API fact-check list (page of 50)", [
            f"{base}?page_size=50", f"{base}?page_size=50&rating=false", f"{base}?page_size=50&language=es",
            f"{base}?page_size=50&rating=true", f"{base}?page_size=50&published_before=2024-01-01",
        ], api_headers))
        runs.append(("API fact-check detail", [reverse("api:factcheck-detail", kwargs={"id_or_slug": pk}) for pk in ids], api_headers))
    except NoReverseMatch:
        pass
    runs.append(("public fact-check page", [reverse("claims:factcheck_detail", kwargs={"slug": s}) for s in slugs], {}))
    out = {"throughput": _serve_and_load(ROOT, runs, database_url, seconds, port, connections)}
    if before is not None:
        out["throughput_before"] = {
            "code": str(before), **_serve_and_load(before, runs, database_url, seconds, port, connections)
        }
    return out


def _serve_and_load(
    root: Path, runs: list[tuple[str, list[str], dict[str, str]]], database_url: str, seconds: int, port: int,
    connections: int,
) -> dict[str, Any]:
    env = {
        **os.environ,
        "DATABASE_URL": database_url,
        "DATABASE_CONN_MAX_AGE": "600",
        "FACTCHECK_PUBLIC_CACHE_SECONDS": "0",
    }
    # `python -m` puts the working directory first on sys.path: the server runs `root`'s code.
    server = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "factcheck.wsgi", "-w", "2", "-b", f"127.0.0.1:{port}",
         "--log-level", "warning"],
        cwd=root, env=env, start_new_session=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )
    results: dict[str, Any] = {
        "server": f"gunicorn, 2 sync workers, 127.0.0.1:{port}",
        "client": f"wrk -t2 -c{connections} --timeout 10s (two connections per worker)",
    }
    try:
        _wait_for(port)
        for label, paths, headers in runs:
            _run_wrk(port, paths[:50], headers, 3, connections)  # warm-up
            results[label] = _run_wrk(port, paths, headers, seconds, connections)
            print(f"   {label}: {results[label]['requests_per_second']} req/s, {results[label]['errors']} errors", flush=True)
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=30)
    return results
