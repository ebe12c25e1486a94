"""Loopback load test: gunicorn (2 workers) on PostgreSQL under 32 concurrent partner clients.

    .venv/bin/python bench/load_test.py                      # 60 s, 32 clients, 2 workers
    .venv/bin/python bench/load_test.py --duration 20 --clients 8

It creates (and afterwards drops) its own PostgreSQL database, migrates it, loads published
fact-checks and a partner key through the product's services, starts gunicorn with
`gunicorn.conf.py` and production settings (DEBUG off, a random SECRET_KEY, HTTPS announced
by `X-Forwarded-Proto` as a TLS-terminating proxy would), then runs the clients: a mix of
partner reads (fact-check list and detail, ClaimReview, speakers), searches (`claims:search`
and `?q=`) and tip submissions. Afterwards every accepted tip is looked up in the database.

Passes when there were no errors (every response 2xx) and every accepted tip is stored.
Results go to bench/results/load.json.
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import platform
import random
import secrets
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter, defaultdict
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import quote, urlsplit

import psycopg

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
WORDS = ["budget", "deficit", "inflation", "minister", "election", "turnout", "hospital", "waiting", "list", "border", "crossings", "wages", "pension", "tax", "rate", "tariff", "exports", "imports", "housing", "rent", "crime", "police", "schools", "teachers", "energy", "prices", "gas", "wind", "solar", "emissions", "railway", "airport", "subsidy", "farmers", "drought", "river", "vaccine", "clinic", "nurses", "doctors", "unemployment", "growth", "debt", "bonds", "bank", "interest", "mortgage"]
SEARCHES = ["budget", "inflation", "hospital", "wages", "energy", "crime", "housing", "tariff"]

SEED = '''
import django, json, sys
django.setup()
from claims import services
from claims.models import Rating
from claims.roles import roles_setup, FACT_CHECKER, EDITOR
from django.contrib.auth import get_user_model
from partners.models import Partner
from partners.services import partner_key_create

n = int(sys.argv[1])
roles = roles_setup()
User = get_user_model()
checker = User.objects.create_user("load-checker", password=None, is_staff=True)
checker.groups.add(roles[FACT_CHECKER]); checker = User.objects.get(pk=checker.pk)
editor = User.objects.create_user("load-editor", password=None, is_staff=True)
editor.groups.add(roles[EDITOR]); editor = User.objects.get(pk=editor.pk)
ratings = list(Rating.objects.all())
words = sys.argv[2].split()
ids, speakers = [], []
for i in range(max(1, n // 10)):
    speakers.append(services.speaker_create(name=f"Speaker {i} {words[i % len(words)].title()}"))
for i in range(n):
    topic = [words[(i * 7 + k) % len(words)] for k in range(6)]
    claim = services.claim_create(
        text=f"The {topic[0]} {topic[1]} rose {i % 90 + 5} percent while {topic[2]} {topic[3]} fell, claim {i}.",
        speaker=speakers[i % len(speakers)], score=0.6,
    )
    services.claims_apply(claims=[claim], action="accept", user=checker)  # drafting needs an accepted claim
    verdict = services.verdict_create(
        claim=claim, headline=f"Claim {i} on {topic[0]} and {topic[2]} checked", user=checker,
        rating=ratings[i % len(ratings)], summary=f"The {topic[4]} figures do not support it.",
    )
    services.evidence_add(claim=claim, url=f"https://stats.example/{i}", user=checker, stance="refutes")
    services.verdict_submit(verdict=verdict, user=checker)
    ids.append(services.verdict_publish(verdict=verdict, editor=editor).pk)
partner = Partner.objects.create(name="Load Partner", contact_email="load@partner.example")
_, key = partner_key_create(partner=partner, name="load")
print(json.dumps({"key": key, "ids": ids, "speakers": [s.slug for s in speakers]}))
'''


def admin_url(url: str) -> str:
    parts = urlsplit(url)
    return parts._replace(path="/postgres").geturl()


def recreate_database(url: str) -> None:
    name = urlsplit(url).path.lstrip("/")
    with psycopg.connect(admin_url(url), autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{name}"')


def drop_database(url: str) -> None:
    name = urlsplit(url).path.lstrip("/")
    with psycopg.connect(admin_url(url), autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def server_env(args, url: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in {"DEBUG", "FACTCHECK_INSECURE_DEV_KEY", "SECURE_SSL_REDIRECT"}}
    env.update(
        DATABASE_URL=url,
        DATABASE_CONN_MAX_AGE="60",
        SECRET_KEY=secrets.token_urlsafe(50),
        ALLOWED_HOSTS="127.0.0.1",
        WEB_CONCURRENCY=str(args.workers),
        GUNICORN_BIND=f"127.0.0.1:{args.port}",
        LOG_LEVEL="WARNING",
        # The load comes from one key: lift the per-key limits so throttling is not measured.
        FACTCHECK_API_RATE="100000000/hour",
        FACTCHECK_API_TIP_RATE="100000000/hour",
        FACTCHECK_WEBHOOK_ALLOW_PRIVATE="0",
    )
    if args.redis_url:
        env.update(REDIS_URL=args.redis_url, CACHE_KEY_PREFIX=f"loadtest-{secrets.token_hex(4)}")
    else:
        env.pop("REDIS_URL", None)
    return env


def wait_ready(port: int, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
            conn.request("GET", "/healthz", headers={"X-Forwarded-Proto": "https"})
            if conn.getresponse().status == 200:
                return
        except OSError:
            pass
        time.sleep(0.3)
    raise SystemExit("gunicorn did not become healthy")


class Client(threading.Thread):
    def __init__(self, number: int, args, seed: dict, stop_at: float, results: dict):
        super().__init__(daemon=True)
        self.rng = random.Random(number)
        self.number = number
        self.args = args
        self.seed = seed
        self.stop_at = stop_at
        self.results = results
        self.headers = {
            "Authorization": f"Api-Key {seed['key']}",
            "X-Forwarded-Proto": "https",
            "Accept": "application/json",
        }

    def pick(self) -> tuple[str, str, str, bytes | None]:
        roll = self.rng.random()
        ids, speakers = self.seed["ids"], self.seed["speakers"]
        if roll < 0.50:
            kind = "read"
            path = self.rng.choice(
                [
                    "/api/v1/fact-checks/?page_size=20",
                    f"/api/v1/fact-checks/{self.rng.choice(ids)}/",
                    f"/api/v1/fact-checks/{self.rng.choice(ids)}/claimreview/",
                    "/api/v1/claimreview/",
                    f"/api/v1/speakers/{self.rng.choice(speakers)}/",
                    "/api/v1/ratings/",
                ]
            )
            return kind, "GET", path, None
        if roll < 0.85:
            word = self.rng.choice(SEARCHES)
            path = self.rng.choice(
                [f"/api/v1/claims:search?query={quote(word)}", f"/api/v1/fact-checks/?q={quote(word)}"]
            )
            return "search", "GET", path, None
        words = " ".join(self.rng.choice(WORDS) for _ in range(12))
        text = f"Tip {self.number}-{self.rng.getrandbits(48):x}: {words} cost {self.rng.randint(2, 999)} million."
        return "tip", "POST", "/api/v1/tips/", json.dumps({"text": text}).encode()

    def run(self):
        conn = http.client.HTTPConnection("127.0.0.1", self.args.port, timeout=30)
        while time.monotonic() < self.stop_at:
            kind, method, path, body = self.pick()
            headers = dict(self.headers)
            if body is not None:
                headers["Content-Type"] = "application/json"
            started = time.perf_counter()
            try:
                conn.request(method, path, body=body, headers=headers)
                response = conn.getresponse()
                payload = response.read()
                status = response.status
                if response.getheader("Connection", "").lower() == "close":
                    conn.close()
            except (OSError, http.client.HTTPException) as exc:
                conn.close()
                conn = http.client.HTTPConnection("127.0.0.1", self.args.port, timeout=30)
                status, payload = f"exception {type(exc).__name__}", b""
            elapsed = time.perf_counter() - started
            with self.results["lock"]:
                self.results["latency"][kind].append(elapsed)
                self.results["status"][(kind, status)] += 1
                if kind == "tip" and status in (200, 201):
                    self.results["tips"].append((json.loads(body)["text"], json.loads(payload)))
                elif not (isinstance(status, int) and 200 <= status < 300):
                    self.results["errors"].append(f"{method} {path}: {status} {payload[:200]!r}")
        conn.close()


def verify_tips(url: str, tips: list) -> dict:
    ids = [result["claim_id"] for _text, result in tips]
    with psycopg.connect(url) as conn:
        rows = dict(conn.execute("SELECT id, text FROM claims_claim WHERE id = ANY(%s)", [ids]).fetchall())
    missing = [result["claim_id"] for _text, result in tips if result["claim_id"] not in rows]
    wrong_text = [
        result["claim_id"]
        for text, result in tips
        if not result["matched"] and result["claim_id"] in rows and rows[result["claim_id"]] != text
    ]
    return {
        "accepted": len(tips),
        "created": sum(not r["matched"] for _t, r in tips),
        "matched_existing": sum(bool(r["matched"]) for _t, r in tips),
        "missing": len(missing),
        "text_differs": len(wrong_text),
    }


def percentile(values: list[float], q: float) -> float:
    if not values:
        return 0.0
    return statistics.quantiles(values, n=100, method="inclusive")[int(q) - 1] if len(values) > 1 else values[0]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--duration", type=float, default=60)
    parser.add_argument("--clients", type=int, default=32)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--port", type=int, default=8121)
    parser.add_argument("--factchecks", type=int, default=300)
    parser.add_argument(
        "--database-url",
        default=os.environ.get("LOAD_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/factcheck_load"),
        help="A database this run may drop and create.",
    )
    parser.add_argument("--redis-url", default="", help="Shared cache for the workers (e.g. redis://127.0.0.1:6379/9).")
    parser.add_argument("--keep-database", action="store_true")
    parser.add_argument("--output", default=str(ROOT / "bench" / "results" / "load.json"))
    args = parser.parse_args()

    url = args.database_url
    recreate_database(url)
    env = server_env(args, url)
    print(f"migrating {url} ...", flush=True)
    subprocess.run([PYTHON, "manage.py", "migrate", "--noinput", "-v0"], cwd=ROOT, env=env, check=True)
    print(f"loading {args.factchecks} published fact-checks ...", flush=True)
    seeded = subprocess.run(
        [PYTHON, "-c", SEED, str(args.factchecks), " ".join(WORDS)],
        cwd=ROOT, env={**env, "DJANGO_SETTINGS_MODULE": "factcheck.settings"}, check=True, capture_output=True, text=True,
    )
    seed = json.loads(seeded.stdout.strip().splitlines()[-1])

    log_path = Path(tempfile.gettempdir()) / "factcheck-load-server.log"
    log = log_path.open("w")
    server = subprocess.Popen(
        [PYTHON, "-m", "gunicorn", "-c", "gunicorn.conf.py"],
        cwd=ROOT, env=env, start_new_session=True, stdout=log, stderr=subprocess.STDOUT,
    )
    try:
        wait_ready(args.port)
        print(f"{args.clients} clients for {args.duration:.0f} s against {args.workers} gunicorn workers ...", flush=True)
        results = {"lock": threading.Lock(), "latency": defaultdict(list), "status": Counter(), "tips": [], "errors": []}
        stop_at = time.monotonic() + args.duration
        clients = [Client(n, args, seed, stop_at, results) for n in range(args.clients)]
        load_before = os.getloadavg()[0]
        started = time.monotonic()
        for client in clients:
            client.start()
        for client in clients:
            client.join()
        elapsed = time.monotonic() - started
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=30)
        log.close()

    tips = verify_tips(url, results["tips"])
    total = sum(results["status"].values())
    report = {
        "benchmark": "load_test",
        "when": datetime.now(UTC).isoformat(timespec="seconds"),
        "machine": f"{platform.node()} ({os.cpu_count()} cores, {platform.machine()}, Python {platform.python_version()})",
        # The machine is shared: its 1-minute load average before the run puts the figures in context.
        "load_average_before": round(load_before, 2),
        "setup": {
            "server": f"gunicorn, {args.workers} sync workers, loopback",
            "database": "PostgreSQL",
            "cache": "Redis" if args.redis_url else "local memory per worker",
            "clients": args.clients,
            "duration_s": args.duration,
            "published_factchecks": args.factchecks,
            "mix": "50% partner reads, 35% searches, 15% tips",
        },
        "requests": total,
        "throughput_rps": round(total / elapsed, 1),
        "errors": len(results["errors"]),
        "error_samples": results["errors"][:10],
        "by_kind": {
            kind: {
                "requests": len(values),
                "p50_ms": round(percentile(values, 50) * 1000, 1),
                "p95_ms": round(percentile(values, 95) * 1000, 1),
                "p99_ms": round(percentile(values, 99) * 1000, 1),
            }
            for kind, values in sorted(results["latency"].items())
        },
        "statuses": {f"{kind} {status}": n for (kind, status), n in sorted(results["status"].items(), key=str)},
        "tips": tips,
    }
    report["passed"] = report["errors"] == 0 and tips["missing"] == 0 and tips["text_differs"] == 0 and total > 0
    Path(args.output).parent.mkdir(parents=True, exist_ok=True)
    Path(args.output).write_text(json.dumps(report, indent=2) + "\n")
    print(json.dumps({k: report[k] for k in ("requests", "throughput_rps", "errors", "by_kind", "tips", "passed")}, indent=2))
    if not report["passed"]:
        print(f"server log: {log_path}")
    if not args.keep_database:
        drop_database(url)
    return 0 if report["passed"] else 1


if __name__ == "__main__":
    sys.exit(main())
