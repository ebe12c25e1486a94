#!/usr/bin/env python
"""The same measurements at several archive sizes, side by side: which costs stay flat and which grow.

    python bench/scaling.py 10k=bench/results/scale_10k 100k=bench/results/scale_100k 1M=bench/results

Reads each folder's <group>.json written by `bench/run.py --results-dir` and prints one markdown
row per measurement found in every folder: p50 / p95 at each size, and for API rows the ratio
to the raw-SQL floor measured in the same run.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

GROUPS = ("matching", "api", "public", "admin")


def measurements(folder: Path) -> dict[tuple[str, str], dict]:
    found: dict[tuple[str, str], dict] = {}
    for group in GROUPS:
        path = folder / f"{group}.json"
        if not path.exists():
            continue
        data = json.loads(path.read_text()).get(group, {})
        if "p50_ms" in data:  # one measurement for the whole group (matching)
            found[(group, "claim_match lookup")] = data
        for name, m in data.items():
            if isinstance(m, dict) and "p50_ms" in m:
                found[(group, name)] = m
    return found


def table(sizes: list[tuple[str, Path]]) -> str:
    by_size = [(label, measurements(folder)) for label, folder in sizes]
    keys = [k for k in by_size[-1][1] if all(k in found for _label, found in by_size)]
    head = "| Surface | Measurement | " + " | ".join(f"{label} p50 / p95 ms" for label, _f in by_size)
    head += " | " + " | ".join(f"{label} ours/raw" for label, _f in by_size) + " |"
    lines = [head, "|---|---|" + "---:|" * (2 * len(by_size))]
    for group, name in keys:
        cells = [f"{found[(group, name)]['p50_ms']:.1f} / {found[(group, name)]['p95_ms']:.1f}" for _l, found in by_size]
        ratios = [
            f"{found[(group, name)]['ours_over_raw']:.1f}" if "ours_over_raw" in found[(group, name)] else "–"
            for _l, found in by_size
        ]
        lines.append(f"| {group} | {name} | " + " | ".join(cells) + " | " + " | ".join(ratios) + " |")
    return "\n".join(lines) + "\n"


def main(argv: list[str]) -> int:
    if not argv or any("=" not in a for a in argv):
        print(__doc__, file=sys.stderr)
        return 2
    print(table([(a.split("=", 1)[0], Path(a.split("=", 1)[1])) for a in argv]), end="")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
