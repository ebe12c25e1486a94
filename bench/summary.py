"""The figures against their targets, one row per measurement, for summary.json and the README."""

from __future__ import annotations

from typing import Any


def _row(group: str, name: str, m: dict[str, Any]) -> dict[str, Any]:
    row: dict[str, Any] = {"group": group, "measurement": name, "p50_ms": m.get("p50_ms"), "p95_ms": m.get("p95_ms")}
    target = m.get("target_p95_ms")
    if target is not None and m.get("p95_ms") is not None:
        row["target_p95_ms"] = target
        row["met"] = m["p95_ms"] <= target
    for key in ("spread_p50_ms", "queries", "raw_p95_ms", "ours_over_raw", "default_p95_ms", "default_over_ours"):
        if key in m:
            row[key] = m[key]
    if "ours_over_raw" in m:
        row["ratio_raw_met"] = m["ours_over_raw"] <= 3
    if "default_over_ours" in m:
        row["ratio_default_met"] = m["default_over_ours"] >= 3
    return row


def summary_table(results: dict[str, dict]) -> list[dict[str, Any]]:
    rows = []
    matching = results.get("matching", {}).get("matching")
    if matching and "p95_ms" in matching:
        rows.append(_row("matching", f"near-duplicate of a new sentence ({matching['implementation']})", matching))
    for group in ("admin", "api", "public"):
        data = results.get(group, {}).get(group, {})
        for name, m in data.items():
            if isinstance(m, dict) and "p95_ms" in m:
                rows.append(_row(group, name, m))
    for key, label in (("throughput_before", " (before: earlier code, same database)"), ("throughput", "")):
        for name, m in results.get("throughput", {}).get(key, {}).items():
            if isinstance(m, dict) and "requests_per_second" in m:
                rows.append({
                    "group": "throughput", "measurement": name + label, "requests_per_second": m["requests_per_second"],
                    "errors": m["errors"], "met": m["errors"] == 0,
                })
    load = results.get("bench_load")
    if load:
        rows.append({
            "group": "load", "measurement": f"bench_load --scale {load['scale']}",
            "seconds": load["seconds"]["total"], "target_seconds": 600, "met": load["seconds"]["total"] <= 600,
        })
    ingest = results.get("ingest")
    if ingest:
        rows.append({"group": "ingest", "measurement": "see ingest.json", "figures": _ingest_figures(ingest)})
    return rows


def _ingest_figures(ingest: dict) -> dict:
    """The ingestion bench's headline numbers: articles/s and peak memory per database and phase."""
    figures = {}
    for run in ingest.get("runs", []):
        label = f"{run.get('database')} {run.get('phase')}"
        figures[f"{label} articles/s"] = run.get("articles_per_second")
        figures[f"{label} peak MB"] = run.get("peak_rss_mb")
    return figures


def _fmt(value: Any) -> str:
    if value is None:
        return "–"
    if isinstance(value, float):
        return f"{value:,.1f}"
    return str(value)


def _spread(row: dict[str, Any]) -> str:
    spread = row.get("spread_p50_ms")
    return f"{spread[0]:,.1f}–{spread[1]:,.1f}" if spread else "–"


def markdown(summary: dict[str, Any]) -> str:
    """The README's table: figures against targets, ratios against the floor and the baseline."""
    lines = [
        "| Surface | Measurement | p50 ms | p50 of the runs | p95 ms | Target p95 | Met | Queries | ours/raw (≤3×) | default/ours (≥3×) |",
        "|---|---|---:|---:|---:|---:|---|---:|---:|---:|",
    ]
    other = []
    for row in summary["table"]:
        if "p95_ms" in row:
            met = {True: "yes", False: "**no**"}.get(row.get("met"), "–")
            lines.append(
                f"| {row['group']} | {row['measurement']} | {_fmt(row['p50_ms'])} | {_spread(row)} | {_fmt(row['p95_ms'])} | "
                f"{_fmt(row.get('target_p95_ms'))} | {met} | {_fmt(row.get('queries'))} | "
                f"{_fmt(row.get('ours_over_raw'))} | {_fmt(row.get('default_over_ours'))} |"
            )
        else:
            other.append(row)
    for row in other:
        if row["group"] == "throughput":
            lines.append(f"\n- Throughput, {row['measurement']}: **{row['requests_per_second']:,.0f} req/s**, {row['errors']} errors")
        elif row["group"] == "load":
            lines.append(f"\n- {row['measurement']}: **{row['seconds']:.0f} s** (target 600 s)")
        elif row["group"] == "ingest":
            figures = ", ".join(f"{k} {_fmt(v)}" for k, v in row["figures"].items())
            lines.append(
                f"\n- Ingestion (bench/results/ingest.json, the ingestion engineer's bench; targets 100 "
                f"articles/s first ingest, 1,000 re-ingest): {figures}"
            )
    return "\n".join(lines) + "\n"
