"""Timing helpers shared by the benchmarks: percentiles, query capture, result files."""

from __future__ import annotations

import json
import os
import platform
import re
import statistics
import subprocess
import time
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

RESULTS_DIR = Path(__file__).resolve().parent / "results"


def percentiles(samples_ms: list[float]) -> dict[str, float]:
    cuts = statistics.quantiles(samples_ms, n=100, method="inclusive")
    return {
        "p50_ms": round(cuts[49], 2),
        "p95_ms": round(cuts[94], 2),
        "mean_ms": round(statistics.fmean(samples_ms), 2),
        "min_ms": round(min(samples_ms), 2),
        "max_ms": round(max(samples_ms), 2),
    }


def time_calls(call: Callable[[int], Any], *, requests: int, warmup: int) -> dict[str, Any]:
    """Call `call(i)` `warmup` times untimed, then `requests` times timed (i varies the input)."""
    for i in range(warmup):
        call(i)
    samples = []
    for i in range(requests):
        started = time.perf_counter()
        call(warmup + i)
        samples.append((time.perf_counter() - started) * 1000)
    return {"requests": requests, "warmup": warmup, **percentiles(samples)}


_FULL_COUNT = re.compile(r"SELECT COUNT\(\*\) AS \"__count\" FROM \"(\w+)\"\s*$", re.IGNORECASE)


def query_profile(run: Callable[[], Any]) -> dict[str, Any]:
    """Run once and describe its SQL: how many queries, any COUNT(*) and any unfiltered COUNT(*)."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as ctx:
        run()
    sql = [q["sql"] for q in ctx.captured_queries]
    counts = [s for s in sql if "COUNT(" in s.upper()]
    return {
        "queries": len(sql),
        "count_queries": len(counts),
        "full_table_counts": [s for s in counts if _FULL_COUNT.search(s)],
    }


def machine() -> dict[str, Any]:
    from django.db import connection

    with connection.cursor() as cur:
        cur.execute("SHOW server_version")
        pg_version = cur.fetchone()[0]
        cur.execute("SHOW shared_buffers")
        shared_buffers = cur.fetchone()[0]
    mem_kb = 0
    with open("/proc/meminfo") as meminfo:
        for line in meminfo:
            if line.startswith("MemTotal:"):
                mem_kb = int(line.split()[1])
    try:
        commit = subprocess.run(
            ["git", "rev-parse", "--short", "HEAD"], capture_output=True, text=True, check=True,
            cwd=Path(__file__).resolve().parent,
        ).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        commit = ""
    return {
        "date": datetime.now(UTC).isoformat(timespec="seconds"),
        "nproc": os.cpu_count(),
        "ram_gb": round(mem_kb / 1024 / 1024, 1),
        "cpu": platform.processor() or platform.machine(),
        "python": platform.python_version(),
        "postgresql": pg_version,
        "shared_buffers": shared_buffers,
        "commit": commit,
    }


def write_result(name: str, payload: dict[str, Any]) -> Path:
    RESULTS_DIR.mkdir(parents=True, exist_ok=True)
    path = RESULTS_DIR / f"{name}.json"
    path.write_text(json.dumps(payload, indent=2, default=str) + "\n")
    return path


def verdict(value: float, target: float, *, at_most: bool = True) -> str:
    ok = value <= target if at_most else value >= target
    return "met" if ok else "NOT met"


def load_average() -> list[float]:
    return [round(x, 2) for x in os.getloadavg()]


def median_run(runs: list[Any]) -> Any:
    """Combine repeated runs of one group: every measurement (a dict with `p50_ms`, or with
    `requests_per_second`) becomes the record of its median run — so the ratios quoted beside it
    were measured in one and the same run — plus the figure of every run and their spread."""
    first = runs[0]
    if not isinstance(first, dict):
        return first
    key = "p50_ms" if "p50_ms" in first else "requests_per_second" if "requests_per_second" in first else None
    if key is not None:
        values = [run[key] for run in runs]
        ordered = sorted(range(len(runs)), key=lambda i: values[i])
        chosen = dict(runs[ordered[len(ordered) // 2]])
        chosen[f"runs_{key}"] = values
        chosen[f"spread_{key}"] = [min(values), max(values)]
        if key == "p50_ms":
            chosen["runs_p95_ms"] = [run["p95_ms"] for run in runs]
        return chosen
    return {name: median_run([run[name] for run in runs if name in run]) for name in first}
