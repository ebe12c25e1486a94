"""The production command of the README starts and serves: gunicorn with the repo's config."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _serve(tmp_path, env: dict[str, str], paths: list[str]) -> tuple[list[tuple[int, bytes]], str, str]:
    """Start gunicorn with the repo's config, GET each path, stop it; (answers, stdout, stderr)."""
    port = _free_port()
    env = {
        **{
            k: v
            for k, v in os.environ.items()
            if k not in {"DEBUG", "REDIS_URL", "DATABASE_REPLICA_URL", "GUNICORN_ACCESS_LOG", "LOG_FORMAT"}
        },
        "SECRET_KEY": "x" * 50,
        "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}",
        "GUNICORN_BIND": f"127.0.0.1:{port}",
        "WEB_CONCURRENCY": "1",
        "SECURE_SSL_REDIRECT": "0",
        "ALLOWED_HOSTS": "127.0.0.1",
        **env,
    }
    gunicorn = Path(sys.executable).with_name("gunicorn")
    server = subprocess.Popen(
        [str(gunicorn), "-c", "gunicorn.conf.py"],
        cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )
    answers = []
    try:
        deadline = time.monotonic() + 30
        for path in paths:
            while True:
                try:
                    with urllib.request.urlopen(f"http://127.0.0.1:{port}{path}", timeout=5) as response:
                        answers.append((response.status, response.read()))
                    break
                except urllib.error.HTTPError as exc:
                    answers.append((exc.code, exc.read()))
                    break
                except OSError:
                    if time.monotonic() > deadline or server.poll() is not None:
                        raise
                    time.sleep(0.2)
    finally:
        server.terminate()
        out, err = server.communicate(timeout=30)
    return answers, out, err


def _json_lines(text: str) -> list[dict]:
    return [json.loads(line) for line in text.splitlines() if line.startswith("{")]


def test_gunicorn_serves_health_with_json_logs(tmp_path):
    answers, out, err = _serve(
        tmp_path, {"LOG_FORMAT": "json", "GUNICORN_ACCESS_LOG": "-"}, ["/healthz"]
    )
    status, body = answers[0]
    assert status == 200 and json.loads(body)["status"] == "ok"
    access = [e for e in _json_lines(out) if e.get("logger") == "gunicorn.access"]
    assert any(e["path"] == "/healthz" and e["status"] == 200 for e in access)
    boot = _json_lines(err)
    assert any("Booting worker" in e["message"] for e in boot)


def test_json_logs_have_one_line_per_request_when_the_access_log_is_unset(tmp_path):
    """README: gunicorn's access log is off unless GUNICORN_ACCESS_LOG is set; Django's request log
    is then the only line a request leaves."""
    paths = ["/healthz", "/robots.txt", "/robots.txt?n=2", "/robots.txt?n=3"]
    answers, out, err = _serve(tmp_path, {"LOG_FORMAT": "json"}, paths)
    assert [status for status, _ in answers] == [200, 200, 200, 200]
    lines = [line for line in (out + err).splitlines() if "/robots.txt" in line]
    assert len(lines) == 3, lines
    assert all(json.loads(line)["logger"] == "factcheck.requests" for line in lines)
