#!/usr/bin/env python
"""Run the performance benchmarks against a PostgreSQL database loaded by `bench_load`.

    python manage.py bench_load --scale 1.0 --database-url postgres://postgres@127.0.0.1:5432/fc_bench
    python bench/run.py --database-url postgres://postgres@127.0.0.1:5432/fc_bench

Each group writes bench/results/<group>.json; bench/results/summary.json combines them (with
the ingestion benchmark's bench/results/ingest.json when present) and the figures against
their targets. Every timing is p50/p95 over --requests requests after --warmup untimed ones,
through Django's test client (the full request/response cycle: middleware, auth, rendering)
on PostgreSQL, with caches disabled so the database work is measured, not a cache hit.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
GROUPS = ["explain", "matching", "admin", "api", "public", "throughput"]


def _configure(database_url: str) -> None:
    sys.path.insert(0, str(ROOT))
    os.environ["DATABASE_URL"] = database_url
    os.environ["DJANGO_SETTINGS_MODULE"] = "factcheck.settings"
    # Production settings (DEBUG off: no query log, compiled templates), but served over
    # plain HTTP on loopback, with rate limits out of the way of a load test.
    os.environ["DEBUG"] = "0"
    os.environ["FACTCHECK_INSECURE_DEV_KEY"] = "1"
    os.environ["ALLOWED_HOSTS"] = "testserver,127.0.0.1,localhost"
    os.environ["SECURE_SSL_REDIRECT"] = "0"
    os.environ["DATABASE_CONN_MAX_AGE"] = "600"
    for name in ("FACTCHECK_API_RATE", "FACTCHECK_API_ANONYMOUS_RATE"):
        os.environ[name] = "1000000000/hour"
    # One access-log line per request would flood the terminal (gunicorn's workers keep theirs).
    os.environ["LOG_REQUESTS"] = "0"
    import django

    django.setup()
    from django.core.management import call_command

    # DEBUG off serves hashed static files from the manifest, as in production; collect them
    # every run so the manifest follows the checkout.
    call_command("collectstatic", interactive=False, verbosity=0)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--database-url", required=True, help="postgres://... loaded by bench_load")
    parser.add_argument("--requests", type=int, default=200, help="timed requests per measurement (>= 200)")
    parser.add_argument("--warmup", type=int, default=20)
    parser.add_argument(
        "--baseline-requests", type=int, default=50,
        help="timed requests for the default-way baseline endpoints (each takes 0.1-2 s)",
    )
    parser.add_argument("--only", default=",".join(GROUPS), help=f"comma-separated groups of {GROUPS}")
    parser.add_argument(
        "--repeat", type=int, default=3,
        help="runs of each group; each figure is the median run's, with every run's and the spread",
    )
    parser.add_argument("--wrk-seconds", type=int, default=15, help="duration of each wrk run")
    parser.add_argument("--port", type=int, default=8110, help="gunicorn port for the throughput runs")
    parser.add_argument(
        "--before-checkout", type=Path,
        help="throughput: also serve this checkout's code (an earlier commit) on the same database",
    )
    parser.add_argument(
        "--results-dir", type=Path,
        help="write the JSON results here instead of bench/results (e.g. one folder per --scale)",
    )
    args = parser.parse_args(argv)
    if not args.database_url.startswith(("postgres://", "postgresql://")):
        parser.error("--database-url must be a postgres:// URL: the benchmarks measure PostgreSQL")
    groups = [g.strip() for g in args.only.split(",") if g.strip()]
    unknown = set(groups) - set(GROUPS)
    if unknown:
        parser.error(f"unknown groups: {sorted(unknown)}")
    _configure(args.database_url)

    from django.db import connection

    from bench import measure

    if args.results_dir:
        measure.RESULTS_DIR = args.results_dir.resolve()

    with connection.cursor() as cur:
        cur.execute("SELECT count(*) FROM claims_claim")
        claims = cur.fetchone()[0]
    if claims == 0:
        parser.error("the database holds no claims: run `manage.py bench_load` first")
    env = {"machine": measure.machine(), "claims": claims}
    print(f"{claims:,} claims; {env['machine']}", flush=True)

    for group in groups:
        started = time.monotonic()
        runs, loads = [], []
        for n in range(args.repeat if group != "explain" else 1):
            before = measure.load_average()
            print(f"== {group} run {n + 1}/{args.repeat}, load average {before}", flush=True)
            runs.append(_run_group(group, args))
            loads.append({"before": before, "after": measure.load_average()})
        result = measure.median_run(runs)
        result["env"] = env
        result["load_average"] = loads
        path = measure.write_result(group, result)
        print(f"   {time.monotonic() - started:.0f}s -> {path}", flush=True)
    summary = _summarise(env)
    measure.write_result("summary", summary)
    from bench.summary import markdown

    table = markdown(summary)
    (measure.RESULTS_DIR / "summary.md").write_text(table)
    print(table)
    return 0


def _run_group(group: str, args) -> dict:
    if group == "explain":
        from bench.explain import explain_all

        return explain_all()
    if group == "matching":
        from bench.matching import bench_matching

        return bench_matching(requests=args.requests, warmup=args.warmup)
    if group == "admin":
        from bench.admin import bench_admin

        return bench_admin(requests=args.requests, warmup=args.warmup)
    if group == "api":
        from bench.api import bench_api

        return bench_api(
            requests=args.requests, warmup=args.warmup, baseline_requests=args.baseline_requests,
            database_url=args.database_url,
        )
    if group == "public":
        from bench.public import bench_public

        return bench_public(requests=args.requests, warmup=args.warmup)
    if group == "throughput":
        from bench.throughput import bench_throughput

        return bench_throughput(
            database_url=args.database_url, seconds=args.wrk_seconds, port=args.port, before=args.before_checkout
        )
    raise ValueError(group)


def _summarise(env: dict) -> dict:
    from bench.measure import RESULTS_DIR
    from bench.summary import summary_table

    results = {}
    for path in sorted(RESULTS_DIR.glob("*.json")):
        if path.stem not in ("summary",):
            results[path.stem] = json.loads(path.read_text())
    return {"env": env, "table": summary_table(results), "ingest": results.get("ingest")}


if __name__ == "__main__":
    sys.exit(main())
