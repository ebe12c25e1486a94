"""Ingestion benchmark: 10,000 generated news-length articles, first ingest then re-ingest.

    python bench/ingest_bench.py                 # SQLite and PostgreSQL, 10,000 articles
    python bench/ingest_bench.py --db sqlite --articles 2000

Each (database, phase) runs in its own process so peak memory (max RSS) is per phase. The
articles are written as .txt files and ingested through `paths_ingest`, the code path of
`manage.py ingest`. PostgreSQL uses the database named by --pg-db (dropped and recreated).
Results go to bench/results/ingest.json.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import random
import resource
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
RESULTS = ROOT / "bench" / "results" / "ingest.json"

FIRST = "Amara Olena Jonas Mateo Priya Lars Ines Tomasz Yuki Farah Diego Leila Sven Nadia Rafael Hana".split()
LAST = "Okafor Kowalski Lindqvist Moreau Haddad Tanaka Brennan Vargas Novak Osei Rahman Keller Duarte Ivanova".split()
ROLES = ["Finance Minister", "central bank governor", "opposition leader", "Health Minister", "Mayor",
         "chief executive", "Senator", "Foreign Minister", "trade union leader", "Energy Minister"]
PLACES = ["Portugal", "Kenya", "Chile", "Poland", "Vietnam", "Canada", "Ghana", "Norway", "Peru", "Greece",
          "Morocco", "Finland", "Ireland", "Colombia", "Malaysia", "Romania"]
INDICATORS = ["unemployment", "inflation", "the budget deficit", "public debt", "housing starts",
              "industrial output", "retail sales", "exports", "electricity prices", "wheat production"]
AGENCIES = ["the national statistics office", "the central bank", "the finance ministry", "the IMF",
            "the World Bank", "Eurostat", "the labour ministry"]
OPINIONS = [
    "This is the most important reform in a generation",
    "We will not let families pay for this crisis",
    "Nobody believed we could do it, and we did it",
    "The government has lost touch with ordinary people",
    "I think the worst is behind us",
    "These numbers speak for themselves",
    "We need to be careful not to declare victory too early",
    "It is a disgrace that it took this long",
]


NOUNS = """harbour railway clinic tariff pension subsidy drought vaccine refinery border factory
pipeline reservoir curriculum mortgage warehouse vineyard airport bridge orchestra satellite
ferry quarry bakery cathedral fishery stadium textile copper lithium cobalt timber coffee cocoa
rice dairy shipyard tunnel highway hospital prison library museum embassy court parliament
council ministry agency union cooperative festival census ballot referendum treaty pact
ceasefire mission patrol convoy blockade audit lawsuit verdict inquiry scandal""".split()
ADJECTIVES = """northern southern coastal rural urban disputed landmark delayed costly ambitious
controversial temporary permanent regional federal municipal private public emergency
long-awaited record-breaking cross-border state-owned low-carbon""".split()
VERBS = """expand close rebuild privatise audit subsidise relocate modernise suspend approve
block review fund tax regulate inspect""".split()


def _phrase(rng: random.Random) -> str:
    return f"the {rng.choice(ADJECTIVES)} {rng.choice(NOUNS)} {rng.choice(['near', 'in', 'outside', 'beyond'])} {rng.choice(PLACES)}"


def article(rng: random.Random, n: int) -> str:
    place = rng.choice(PLACES)
    speakers = [(f"{rng.choice(FIRST)} {rng.choice(LAST)}", rng.choice(ROLES)) for _ in range(3)]
    paragraphs = []
    for k in range(12):
        name, role = speakers[k % 3]
        surname = name.split()[-1]
        indicator = rng.choice(INDICATORS)
        value = round(rng.uniform(0.5, 25), 1)
        year = rng.randint(1990, 2024)
        month = rng.choice(["January", "March", "May", "July", "September", "November"])
        title = role[0].upper() + role[1:]
        sentences = [
            f"{place}'s {indicator} {rng.choice(['rose', 'fell', 'climbed', 'dropped'])} to {value} percent "
            f"in {month} as work on {_phrase(rng)} stalled, according to {rng.choice(AGENCIES)}.",
            f"{title} {name} said on {rng.choice(['Monday', 'Tuesday', 'Friday'])} that the plan to "
            f"{rng.choice(VERBS)} {_phrase(rng)} was the {rng.choice(['biggest', 'smallest'])} since {year}.",
            f"\"{rng.choice(OPINIONS)},\" {surname} told reporters at {_phrase(rng)} after meeting "
            f"{rng.randint(2, 40)} officials.",
            f"\"{rng.choice(OPINIONS)}. We will {rng.choice(VERBS)} {_phrase(rng)},\" {rng.choice(['he', 'she'])} added.",
            f"The {rng.choice(['plan', 'bill', 'programme', 'package'])} to {rng.choice(VERBS)} {_phrase(rng)} "
            f"will cost {rng.randint(2, 90)} billion over {rng.randint(2, 10)} years.",
            f"In {year}, {_phrase(rng)} was {rng.choice(['closed', 'opened', 'sold', 'flooded'])} after "
            f"{rng.randint(3, 900)} {rng.choice(['workers', 'residents', 'students'])} {rng.choice(['protested', 'signed a petition', 'went on strike'])}.",
        ]
        paragraphs.append(" ".join(rng.sample(sentences, rng.randint(2, 3))))
        if k == 4:
            paragraphs.append("ADVERTISEMENT")
    return "\n".join(paragraphs)


def generate(folder: Path, count: int, seed: int = 20250301) -> int:
    rng = random.Random(seed)
    total = 0
    texts = []
    for n in range(count):
        # One article in twenty is a syndicated copy of an earlier one with a new last line.
        if n > 50 and rng.random() < 0.05:
            text = rng.choice(texts) + f"\nThis story was distributed by partner {n}."
        else:
            text = article(rng, n)
        texts.append(text)
        (folder / f"{n:05d}.txt").write_text(text, encoding="utf-8")
        total += len(text)
    return total


def worker(phase: str, folder: str) -> dict:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "factcheck.settings")
    os.environ.setdefault("FACTCHECK_INSECURE_DEV_KEY", "1")
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    from claims.models import Appearance, Claim
    from sources.checkworthiness.scoring import get_scorer
    from sources.models import Source
    from sources.services import paths_ingest

    if phase == "first":
        call_command("migrate", verbosity=0)
    get_scorer().score(["Warm the model up."])  # loading the model file is not ingestion
    baseline = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    load_before = [round(x, 2) for x in os.getloadavg()]
    start = time.perf_counter()
    batch = paths_ingest([folder])
    seconds = time.perf_counter() - start
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return {
        "database": connection.vendor,
        "phase": phase,
        "articles": batch.files_read,
        "seconds": round(seconds, 2),
        "articles_per_second": round(batch.files_read / seconds, 1),
        "peak_rss_mb": round(peak / 1024, 1),
        # Other work on the machine: figures taken at a load above the core count are noise.
        "load_average_before": load_before,
        "load_average_after": [round(x, 2) for x in os.getloadavg()],
        "rss_before_ingest_mb": round(baseline / 1024, 1),
        "sources_created": batch.sources_created,
        "sources_unchanged": batch.sources_unchanged,
        "candidates_created": batch.candidates_created,
        "appearances_added": batch.appearances_added,
        "errors": len(batch.errors),
        "rows_after": {"sources": Source.objects.count(), "claims": Claim.objects.count(),
                       "appearances": Appearance.objects.count()},
    }


def run(db: str, folder: Path, pg_db: str) -> list[dict]:
    env = dict(os.environ, FACTCHECK_INSECURE_DEV_KEY="1")
    tmp = None
    if db == "sqlite":
        handle, tmp = tempfile.mkstemp(suffix=".sqlite3")
        os.close(handle)
        env["DATABASE_URL"] = f"sqlite:///{tmp}"
    else:
        for sql in (f"DROP DATABASE IF EXISTS {pg_db}", f"CREATE DATABASE {pg_db}"):
            subprocess.run(["psql", "-h", "127.0.0.1", "-U", "postgres", "-qc", sql], check=True)
        env["DATABASE_URL"] = f"postgres://postgres@127.0.0.1:5432/{pg_db}"
    out = []
    try:
        for phase in ("first", "again"):
            proc = subprocess.run(
                [sys.executable, __file__, "--worker", phase, str(folder)],
                env=env, check=True, capture_output=True, text=True, cwd=ROOT,
            )
            result = json.loads(proc.stdout.strip().splitlines()[-1])
            print(json.dumps(result), flush=True)
            out.append(result)
    finally:
        if tmp is not None:
            os.unlink(tmp)
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--articles", type=int, default=10_000)
    parser.add_argument("--db", choices=["sqlite", "postgres", "both"], default="both")
    parser.add_argument("--pg-db", default="fc_ingest_bench")
    parser.add_argument("--worker", nargs=2, metavar=("PHASE", "FOLDER"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.worker:
        print(json.dumps(worker(*args.worker)))
        return
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        chars = generate(folder, args.articles)
        print(f"generated {args.articles} articles, {chars / args.articles:.0f} characters on average", flush=True)
        runs = []
        for db in (["sqlite", "postgres"] if args.db == "both" else [args.db]):
            runs.extend(run(db, folder, args.pg_db))
    commit = subprocess.run(["git", "rev-parse", "--short", "HEAD"], capture_output=True, text=True, cwd=ROOT)
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(json.dumps({
        "benchmark": "ingest",
        "measured_at": datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
        "commit": commit.stdout.strip(),
        "machine": {"cpus": os.cpu_count(), "python": platform.python_version(),
                    "load_average_at_end": [round(x, 2) for x in os.getloadavg()]},
        "articles": args.articles,
        "average_characters": round(chars / args.articles),
        "targets": {"first_ingest_articles_per_second": 100, "reingest_articles_per_second": 1000},
        "runs": runs,
    }, indent=2) + "\n")
    print(f"wrote {RESULTS.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
