"""Archive-scale synthetic data for the benchmarks, loaded into PostgreSQL with COPY.

At scale 1.0: 10,000 speakers (with aliases), 1,000,000 claims, 2,000,000 appearances in
50,000 sources, 100,000 published verdicts (plus retracted, draft and in-review ones) with
evidence links, authors and corrections, and tags on a third of the claims.

The data is shaped like a real archive, because plans and timings depend on it:
- speakers follow a Zipf law (the top speaker makes ~6% of all claims, a few make tens of
  thousands, most make a handful), so scorecards and speaker filters meet real skew;
- claim text is built from word lists with numbers, percentages and years, so full-text
  search and trigram matching see realistic selectivity; 2% of claims are reworded
  duplicates of earlier ones and half of all appearances repeat an earlier claim, some of
  them reworded, which is what claim matching has to find;
- every source's text really contains its appearance sentences at their offsets.

Every row satisfies the database constraints (appearance end = start + len(sentence), one
published verdict per claim, published verdicts carry a rating and a date, ...): foreign
keys are dropped during the load and re-added afterwards, which validates every row in one
pass; check and unique constraints stay in force throughout.

Secondary indexes and foreign keys of the loaded tables are dropped before the COPY and
recreated afterwards from the exact definitions read back from the catalog (and the schema is
compared before and after): building a GIN index once over a million rows is several times
faster than maintaining it row by row, and the result is the same index.

Claims are written by `claims.services.claims_load` (COPY in batches, clamped scores, their
wording indexed for matching: vectors and tsvectors), on Django's own connection and in the
caller's transaction; everything else with COPY here. No history rows are written
(`history=False`): django-simple-history records who changed what through the product, and
this data was never edited by anyone. The benchmarked pages and endpoints do not read history
tables.
"""

from __future__ import annotations

import array
import bisect
import hashlib
import io
import itertools
import random
import re
import tempfile
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

import psycopg
from django.db import connection

from bench import claim_shapes as claim_shapes_module
from claims.models import Speaker
from claims.search import verdict_search_document
from claims.services import ClaimDraft, claims_load, normalize_name
from claims.workflow import CLAIM_STATUS_FOLLOWING_VERDICT

# Tables this loader fills, parents before children.
LOADED_TABLES = [
    "claims_tag",
    "claims_speaker",
    "claims_speakeralias",
    "claims_claim",
    "claims_claimembedding",
    "claims_claimwords",
    "claims_claim_tags",
    "sources_source",
    "claims_appearance",
    "claims_verdict",
    "claims_verdict_authors",
    "claims_evidencelink",
    "claims_correction",
]

# Loaded tables whose primary key is the claim's (no sequence of their own).
KEYED_BY_CLAIM = {"claims_claimembedding", "claims_claimwords"}

FULL_SCALE = {
    "speakers": 10_000,
    "claims": 1_000_000,
    "appearances": 2_000_000,
    "sources": 50_000,
    "published": 100_000,
}

EPOCH = datetime(2021, 1, 1, tzinfo=UTC)
SPAN_SECONDS = int((datetime(2026, 10, 1, tzinfo=UTC) - EPOCH).total_seconds())
BENCH_USER_PREFIX = "bench-"


@dataclass(frozen=True)
class Sizes:
    speakers: int
    claims: int
    appearances: int
    sources: int
    published: int

    @classmethod
    def for_scale(cls, scale: float) -> Sizes:
        if scale <= 0:
            raise ValueError("scale must be positive")
        n = {key: max(1, round(value * scale)) for key, value in FULL_SCALE.items()}
        n["speakers"] = max(n["speakers"], 10)
        n["sources"] = max(n["sources"], 2)
        n["claims"] = max(n["claims"], 2 * n["sources"])
        n["appearances"] = max(n["appearances"], n["claims"])
        # Published, retracted and draft verdicts all need claims of their own.
        n["published"] = min(n["published"], n["claims"] // 4)
        return cls(**n)


# Word lists --------------------------------------------------------------------------------

FIRST_NAMES = (
    "James Mary Robert Patricia John Jennifer Michael Linda David Elizabeth William Barbara "
    "Richard Susan Joseph Jessica Thomas Sarah Charles Karen Daniel Nancy Matthew Lisa Anthony "
    "Betty Mark Margaret Donald Sandra Steven Ashley Paul Kimberly Andrew Emily Joshua Donna "
    "Kenneth Michelle Kevin Carol Brian Amanda George Melissa Timothy Deborah Ronald Stephanie "
    "Keir Rishi Emmanuel Olaf Giorgia Pedro Ursula Dmitry Sergei Volodymyr Narendra Jacinda "
    "Justin Anthony Kamala Marine Angela Boris Liz Theresa Nicola Humza Ana Lucia Mateo Sofia "
    "Hiroshi Yuki Wei Mei Ahmed Fatima Olumide Chiamaka Thabo Naledi Ingrid Lars Anders Freya "
    "Pierre Camille Hans Greta Piotr Agnieszka Jose Maria Luis Carmen Diego Valentina Raj Priya "
    "Arjun Ananya Kwame Ama Omar Layla Tomas Eva Nikos Eleni Marek Zofia Igor Olga Pablo Ines"
).split()
LAST_NAMES = (
    "Smith Johnson Williams Brown Jones Garcia Miller Davis Rodriguez Martinez Hernandez Lopez "
    "Gonzalez Wilson Anderson Thomas Taylor Moore Jackson Martin Lee Perez Thompson White Harris "
    "Sanchez Clark Ramirez Lewis Robinson Walker Young Allen King Wright Scott Torres Nguyen Hill "
    "Flores Green Adams Nelson Baker Hall Rivera Campbell Mitchell Carter Roberts Starmer Sunak "
    "Macron Scholz Meloni Sanchez Leyen Peskov Lavrov Zelensky Modi Ardern Trudeau Blinken Harris "
    "Pen Merkel Johnson Truss May Sturgeon Yousaf Tanaka Suzuki Wang Li Zhang Khan Ali Okafor "
    "Adeyemi Mokoena Dlamini Larsen Hansen Nielsen Dubois Moreau Schmidt Fischer Kowalski Nowak "
    "Silva Santos Oliveira Costa Pereira Fernandez Gomez Diaz Patel Sharma Gupta Mensah Boateng "
    "Haddad Mansour Novak Horvat Papadopoulos Ivanov Petrov Volkov Romero Alvarez Castillo Ortiz"
).split()
ROLES = [
    "Senator", "Prime Minister", "Member of Parliament", "Minister of Finance", "Health Minister",
    "Governor", "Mayor", "Opposition leader", "Press secretary", "Foreign Minister",
    "Party chair", "Chief executive", "Union leader", "Economist", "Campaign spokesperson",
    "Interior Minister", "Defence Secretary", "Congresswoman", "Congressman", "Activist",
]
PARTIES = [
    "Labour Party", "Conservative Party", "Democratic Party", "Republican Party", "Greens",
    "Liberal Democrats", "Social Democrats", "Christian Democrats", "Independent", "People's Party",
]
COUNTRIES = [
    "United Kingdom", "United States", "France", "Germany", "Italy", "Spain", "Russia",
    "Ukraine", "India", "Canada", "Brazil", "Nigeria", "South Africa", "Japan", "Poland",
]
PLACES = (
    COUNTRIES
    + "Ohio Texas Florida California Scotland Wales Bavaria Catalonia Lagos Mumbai Ontario "
    "Quebec Sicily Kyiv Moscow London Paris Berlin Madrid Chicago Manchester Glasgow".split()
)
REGIONS = ["Europe", "the world", "the G7", "the OECD", "Africa", "Asia", "the region", "the EU"]
SUBJECTS = [
    "unemployment", "inflation", "the national debt", "violent crime", "knife crime",
    "net migration", "child poverty", "household income", "energy prices", "petrol prices",
    "average rent", "real wages", "exports", "defence spending", "health spending",
    "carbon emissions", "hospital waiting times", "teacher pay", "the budget deficit",
    "food prices", "youth unemployment", "home ownership", "tax revenue", "public debt",
    "military aid", "gun deaths", "opioid overdoses", "infant mortality", "life expectancy",
    "student debt", "house prices", "the minimum wage", "foreign investment", "the trade deficit",
    "electricity bills", "NHS funding", "police numbers", "asylum applications", "GDP growth",
]
VERBS_UP = ["rose", "increased", "grew", "jumped", "soared", "climbed", "doubled", "went up"]
VERBS_DOWN = ["fell", "dropped", "declined", "plunged", "halved", "shrank", "went down", "sank"]
PARTICIPLES = ["risen", "fallen", "doubled", "halved", "grown", "collapsed", "gone up", "gone down"]
TIMES = [
    "since 2019", "last year", "in the past decade", "under this government", "in 2023",
    "since the pandemic", "over the last five years", "in the first quarter", "since 2010",
    "in just two years", "this year", "since the election", "in the last twelve months",
]
ACTORS = [
    "the government", "the opposition", "the president", "the prime minister", "our administration",
    "the previous government", "the European Union", "NATO", "the United Nations", "Congress",
    "Parliament", "the central bank", "the governor", "the mayor", "the Kremlin",
]
THINGS = [
    "new homes", "hospitals", "schools", "jobs", "police officers", "wind turbines", "miles of road",
    "tanks", "vaccine doses", "bridges", "nurses", "teachers", "prison places", "electric buses",
]
GROUPS = [
    "families", "workers", "pensioners", "students", "migrants", "veterans", "farmers", "nurses",
    "small businesses", "taxpayers", "children", "voters", "young people", "doctors", "renters",
]
POLICIES = [
    "the climate bill", "tax cuts", "a ban on fracking", "the trade deal", "sanctions",
    "rent controls", "the border wall", "universal healthcare", "the pension reform",
    "a ceasefire resolution", "free school meals", "the minimum wage increase", "nuclear power",
]
SECTORS = ["defence", "health", "education", "research", "foreign aid", "policing", "housing"]
TAILS = [
    ", according to official figures", ", and that is a fact", ", which is more than ever before",
    ", the highest level on record", ", the lowest level in a generation", ", and nobody talks about it",
    ", according to the statistics office", ", the worst record in " + "Europe",
]
FILLERS = [
    "The remarks came during a campaign visit on Tuesday.",
    "Officials did not respond to a request for comment.",
    "The figures were published by the national statistics office last month.",
    "Critics said the numbers left out important context.",
    "The debate continued late into the evening.",
    "Supporters cheered as the speech ended.",
    "Analysts have questioned the methodology behind the estimate.",
    "The claim was repeated in a television interview the following day.",
    "Opposition lawmakers called for an independent inquiry.",
    "The ministry later issued a clarification.",
]
REWORDINGS = ["As I said before, ", "Let me be clear: ", "The truth is that ", "Frankly, ", "Remember, "]
PUBLISHER_NAMES = [
    "Daily Ledger", "Morning Courier", "The Evening Standard-Bearer", "Capital Times", "Northern Echo",
    "Global Wire", "Metro Herald", "The Observer Review", "Public Radio News", "Channel Nine News",
    "Valley Gazette", "The Citizen", "Harbour Post", "National Tribune", "Coastal Chronicle",
    "Sunday Mirrorline", "Business Daily", "Policy Watch", "The Insider Weekly", "Continental Press",
]
TOPICS = [
    "Economy", "Immigration", "Health", "Crime", "Climate", "Energy", "Education", "Housing",
    "Elections", "Foreign policy", "Defence", "Ukraine", "Taxes", "Jobs", "Pensions", "Trade",
    "Transport", "Covid-19", "Social media", "Welfare", "Justice", "Environment", "Science",
    "Agriculture", "Technology", "Budget", "Inflation", "Poverty", "Gun policy", "Abortion",
    "Terrorism", "Borders", "Public spending", "Local government", "Europe", "Africa", "Asia",
    "Middle East", "Latin America", "Media", "Religion", "Sport", "Culture", "Labour market",
    "Childcare", "Disability", "Water", "Infrastructure", "Cybersecurity", "Artificial intelligence",
]
RATING_WEIGHTS = {  # slug -> share of verdicts; false claims dominate what gets checked
    "true": 8, "mostly-true": 10, "half-true": 16, "mostly-false": 18, "false": 30,
    "pants-on-fire": 6, "misleading": 9, "unproven": 3,
}
SCORE_REASONS = [
    ["statistic"], ["statistic", "comparison"], ["verifiable past event"], ["attributed assertion"],
    ["statistic", "attributed assertion"], ["comparison"], ["opinion"], ["question"], [],
]


def _pseudo_words(count: int, seed: int) -> list[str]:
    """Made-up proper nouns ("Velmora", "Castrevin"): news is full of rare names, and without
    them every sentence would share its trigrams with thousands of others."""
    rng = random.Random(seed)
    onsets = "b br c ch cr d dr f g gr h j k l m n p pr r s st t tr v w z".split()
    vowels = "a e i o u ai ea io ou".split()
    codas = ["", "", "n", "r", "l", "s", "m", "nd", "st", "rk", "x"]
    endings = ["", "", "a", "ia", "on", "ton", "burg", "ville", "ford", "stad", "ovo", "ena", "ham"]
    words: set[str] = set()
    while len(words) < count:
        word = "".join(rng.choice(onsets) + rng.choice(vowels) + rng.choice(codas) for _ in range(rng.randint(1, 3)))
        words.add((word + rng.choice(endings)).capitalize())
    return sorted(words)


TOWNS = _pseudo_words(6000, 1)
ORGANISATIONS = [
    f"{name} {kind}"
    for name, kind in zip(
        _pseudo_words(3000, 2),
        itertools.cycle(["Institute", "Foundation", "Group", "Council", "Trust", "Centre", "Agency", "Union"]),
        strict=False,
    )
]


def _place(rng: random.Random) -> str:
    return rng.choice(PLACES) if rng.random() < 0.4 else rng.choice(TOWNS)


def _pct(rng: random.Random) -> str:
    return f"{rng.randint(1, 95)}" if rng.random() < 0.6 else f"{rng.uniform(0.1, 60):.1f}"


def claim_sentence(rng: random.Random) -> str:
    """One check-worthy sentence, varied enough that FTS and trigram matching behave as on news."""
    c = rng.choice

    def place() -> str:
        return _place(rng)

    k = rng.randrange(12)
    if k == 0:
        s = f"{c(SUBJECTS)} in {place()} {c(VERBS_UP + VERBS_DOWN)} by {_pct(rng)} percent {c(TIMES)}"
    elif k == 1:
        s = f"{c(SUBJECTS)} {c(VERBS_UP + VERBS_DOWN)} to {_pct(rng)}% {c(TIMES)}, the {c(['highest', 'lowest'])} level in {rng.randint(2, 60)} years"
    elif k == 2:
        s = f"{c(ACTORS)} has built {rng.randint(2, 900)},000 {c(THINGS)} {c(TIMES)}"
    elif k == 3:
        s = f"more than {rng.randint(1, 40)} million {c(GROUPS)} in {place()} cannot afford {c(['heating', 'rent', 'food', 'childcare', 'medicine'])}"
    elif k == 4:
        s = f"{place()} spends {_pct(rng)} percent of its GDP on {c(SECTORS)}, {c(['more', 'less'])} than {place()}"
    elif k == 5:
        s = f"under {c(ACTORS)}, {c(SUBJECTS)} has {c(PARTICIPLES)} {c(TIMES)}"
    elif k == 6:
        s = f"{c(ACTORS)} voted {rng.randint(2, 60)} times against {c(POLICIES)}"
    elif k == 7:
        s = f"{place()} has the {c(['highest', 'lowest', 'fastest-growing'])} {c(SUBJECTS)} in {c(REGIONS)}"
    elif k == 8:
        s = f"every {c(['day', 'week', 'month', 'year'])}, {rng.randint(2, 9000):,} {c(GROUPS)} leave {place()}"
    elif k == 9:
        s = f"{_pct(rng)} percent of {c(GROUPS)} in {place()} support {c(POLICIES)}"
    elif k == 10:
        s = f"we have cut {c(SUBJECTS)} by {rng.randint(1, 300)} billion dollars {c(TIMES)}"
    else:
        s = f"{place()} received {rng.uniform(0.5, 120):.1f} billion euros in {c(['military aid', 'loans', 'grants', 'humanitarian aid'])} {c(TIMES)}"
    r = rng.random()
    if r < 0.3:
        s += c(TAILS)
    elif r < 0.6:
        s += f", according to the {c(ORGANISATIONS)}"
    return s[0].upper() + s[1:] + "."


def reworded(rng: random.Random, text: str) -> str:
    """A near-duplicate of `text`, the way a speaker repeats a claim in other words."""
    k = rng.randrange(3)
    if k == 0:
        return rng.choice(REWORDINGS) + text[0].lower() + text[1:]
    if k == 1:
        return re.sub(r"\d+", lambda m: str(int(m.group()) + rng.randint(1, 3)), text, count=1)
    return text[:-1] + rng.choice(TAILS) + "."


_SLUG_STRIP = re.compile(r"[^a-z0-9]+")


def slugify_ascii(value: str, max_length: int) -> str:
    return _SLUG_STRIP.sub("-", value.lower()).strip("-")[:max_length].strip("-")


# COPY helpers -----------------------------------------------------------------------------

_COPY_ESCAPES = str.maketrans({"\\": "\\\\", "\t": "\\t", "\n": "\\n", "\r": "\\r"})


def _field(value) -> str:
    if value is None:
        return "\\N"
    if isinstance(value, bool):
        return "t" if value else "f"
    if isinstance(value, datetime):
        return value.isoformat(sep=" ")
    return str(value).translate(_COPY_ESCAPES)


def _line(values: Iterable) -> str:
    return "\t".join(map(_field, values)) + "\n"


def _copy(cur: psycopg.Cursor, table: str, columns: list[str], rows: Iterable[Iterable], *, freeze: bool) -> int:
    """Stream `rows` into `table` with COPY, in chunks; returns the row count."""
    options = " (FREEZE)" if freeze else ""
    sql = f"COPY {table} ({', '.join(columns)}) FROM STDIN{options}"
    count = 0
    with cur.copy(sql) as copy:
        chunk: list[str] = []
        for row in rows:
            chunk.append(_line(row))
            if len(chunk) >= 5000:
                copy.write("".join(chunk).encode())
                count += len(chunk)
                chunk.clear()
        if chunk:
            copy.write("".join(chunk).encode())
            count += len(chunk)
    return count


def _copy_file(cur: psycopg.Cursor, table: str, columns: list[str], spool, *, freeze: bool) -> None:
    options = " (FREEZE)" if freeze else ""
    spool.seek(0)
    with cur.copy(f"COPY {table} ({', '.join(columns)}) FROM STDIN{options}") as copy:
        while block := spool.read(1 << 20):
            copy.write(block)


# Schema: drop secondary indexes and foreign keys during the load, restore them after ---------

_INDEXES_SQL = """
SELECT t.relname, ic.relname, pg_get_indexdef(i.indexrelid)
FROM pg_index i
JOIN pg_class t ON t.oid = i.indrelid
JOIN pg_class ic ON ic.oid = i.indexrelid
JOIN pg_namespace n ON n.oid = t.relnamespace AND n.nspname = current_schema()
WHERE t.relname = ANY(%s)
  AND NOT EXISTS (
    SELECT 1 FROM pg_constraint c
    WHERE c.conindid = i.indexrelid AND c.conrelid = i.indrelid AND c.contype IN ('p', 'u', 'x')
  )
ORDER BY 1, 2
"""
_FOREIGN_KEYS_SQL = """
SELECT t.relname, c.conname, pg_get_constraintdef(c.oid)
FROM pg_constraint c
JOIN pg_class t ON t.oid = c.conrelid
JOIN pg_namespace n ON n.oid = t.relnamespace AND n.nspname = current_schema()
WHERE c.contype = 'f' AND t.relname = ANY(%s)
ORDER BY 1, 2
"""
_ALL_CONSTRAINTS_SQL = """
SELECT t.relname, c.conname, pg_get_constraintdef(c.oid)
FROM pg_constraint c JOIN pg_class t ON t.oid = c.conrelid
JOIN pg_namespace n ON n.oid = t.relnamespace AND n.nspname = current_schema()
WHERE t.relname = ANY(%s) ORDER BY 1, 2
"""


_CASTS = re.compile(r"::[a-z ]+(\[\])?|[()\s]")


def _schema_snapshot(cur: psycopg.Cursor) -> tuple[list, list]:
    """Every index and constraint of the loaded tables. Casts are left out of the comparison:
    PostgreSQL deparses a re-created predicate with its casts spelled differently."""
    cur.execute(
        "SELECT t.relname, ic.relname, pg_get_indexdef(i.indexrelid) FROM pg_index i "
        "JOIN pg_class t ON t.oid = i.indrelid JOIN pg_class ic ON ic.oid = i.indexrelid "
        "JOIN pg_namespace n ON n.oid = t.relnamespace AND n.nspname = current_schema() "
        "WHERE t.relname = ANY(%s) ORDER BY 1, 2",
        [LOADED_TABLES],
    )
    indexes = [(t, name, _CASTS.sub("", d)) for t, name, d in cur.fetchall()]
    cur.execute(_ALL_CONSTRAINTS_SQL, [LOADED_TABLES])
    return indexes, [(t, name, _CASTS.sub("", d)) for t, name, d in cur.fetchall()]


def _drop_secondary(cur: psycopg.Cursor) -> tuple[list, list]:
    cur.execute(_INDEXES_SQL, [LOADED_TABLES])
    indexes = cur.fetchall()
    cur.execute(_FOREIGN_KEYS_SQL, [LOADED_TABLES])
    foreign_keys = cur.fetchall()
    for table, name, _ in foreign_keys:
        cur.execute(f'ALTER TABLE {table} DROP CONSTRAINT "{name}"')
    for _, name, _ in indexes:
        cur.execute(f'DROP INDEX "{name}"')
    return indexes, foreign_keys


def _restore_secondary(cur: psycopg.Cursor, indexes: list, foreign_keys: list, log: Callable[[str], None]) -> None:
    for _, name, definition in indexes:
        started = time.monotonic()
        cur.execute(definition)
        log(f"  index {name}: {time.monotonic() - started:.1f}s")
    for table, name, definition in foreign_keys:
        cur.execute(f'ALTER TABLE {table} ADD CONSTRAINT "{name}" {definition}')


# Generation -------------------------------------------------------------------------------


def _zipf_cum_weights(n: int, exponent: float) -> list[float]:
    return list(itertools.accumulate(1.0 / (rank**exponent) for rank in range(1, n + 1)))


def _moment(fraction: float) -> datetime:
    """A moment in the archive's five years; `fraction` 0..1 runs from oldest to newest."""
    return EPOCH + timedelta(seconds=int(SPAN_SECONDS * min(max(fraction, 0.0), 1.0)))


@dataclass
class _Users:
    fact_checkers: list[int]
    editors: list[int]


def _bench_users(cur: psycopg.Cursor) -> _Users:
    """Staff who authored, edited and were assigned the synthetic work (no usable password)."""
    now = datetime.now(UTC)
    names = [f"{BENCH_USER_PREFIX}fc-{i:02d}" for i in range(1, 21)] + [
        f"{BENCH_USER_PREFIX}ed-{i:02d}" for i in range(1, 6)
    ]
    for name in names:
        cur.execute(
            "INSERT INTO auth_user (password, is_superuser, username, first_name, last_name, email,"
            " is_staff, is_active, date_joined) VALUES ('!', false, %s, '', '', %s, true, true, %s)"
            " ON CONFLICT (username) DO NOTHING",
            [name, f"{name}@newsroom.test", now],
        )
    cur.execute("SELECT username, id FROM auth_user WHERE username = ANY(%s)", [names])
    ids = dict(cur.fetchall())
    return _Users(
        fact_checkers=[ids[n] for n in names if "-fc-" in n], editors=[ids[n] for n in names if "-ed-" in n]
    )


def load(
    conn: psycopg.Connection,
    *,
    scale: float = 1.0,
    seed: int = 20261124,
    reset: bool = False,
    log: Callable[[str], None] = print,
    claim_shapes: Path | None = None,
) -> dict:
    """Load synthetic data at `scale` into the (migrated) database behind `conn`.

    The caller runs this inside one transaction (Django's `atomic` or psycopg's
    `conn.transaction()`), so a failure leaves the database as it was. Refuses to load into
    tables that already hold rows unless `reset` is true (then they are truncated first).
    Returns the row counts and the time each step took. `claim_shapes` is a CheckThat!-style
    TSV whose check-worthy sentences become claim templates (bench/claim_shapes.py).
    """
    if conn is not connection.connection:
        # Claims are written by claims.services through Django's connection: one transaction.
        raise RuntimeError("load() needs Django's own connection (django.db.connection.connection).")
    sizes = Sizes.for_scale(scale)
    rng = random.Random(seed)
    timings: dict[str, float] = {}
    counts: dict[str, int] = {}
    started_all = time.monotonic()

    def step(name: str, started: float) -> None:
        timings[name] = round(time.monotonic() - started, 2)
        log(f"{name}: {timings[name]:.1f}s")

    with conn.cursor() as cur:
        cur.execute("SET LOCAL maintenance_work_mem = '512MB'")
        cur.execute("SET LOCAL synchronous_commit = off")
        cur.execute("SELECT EXISTS (SELECT 1 FROM claims_claim) OR EXISTS (SELECT 1 FROM sources_source)")
        if cur.fetchone()[0] and not reset:
            raise RuntimeError("The database already holds claims or sources; pass reset to replace them.")
        before = _schema_snapshot(cur)
        # Truncating (even empty tables) in this transaction lets COPY FREEZE write rows already
        # frozen and all-visible: no vacuum pass afterwards, index-only scans work at once.
        # CASCADE: tables of other apps that point at these (webhook deliveries, evidence
        # snapshots) cannot keep rows about claims and verdicts that are being replaced.
        cur.execute(f"TRUNCATE {', '.join(LOADED_TABLES)} RESTART IDENTITY CASCADE")
        t = time.monotonic()
        indexes, foreign_keys = _drop_secondary(cur)
        users = _bench_users(cur)
        cur.execute("SELECT slug, id FROM claims_rating")
        rating_ids = dict(cur.fetchall())
        step("prepare", t)

        t = time.monotonic()
        speaker_names, speaker_roles = _load_speakers(cur, rng, sizes, counts)
        tag_ids = _load_tags(cur, counts)
        step("speakers_tags", t)

        t = time.monotonic()
        plan = _plan_claims(rng, sizes)
        templates = claim_shapes_module.load_templates(claim_shapes) if claim_shapes else []
        counts["claim_templates"] = len(templates)
        make_sentence = claim_shapes_module.sentence_maker(templates, claim_sentence)
        claim_texts, claim_speakers = _load_claims(cur, rng, sizes, plan, users, counts, make_sentence)
        _load_claim_tags(cur, rng, sizes, tag_ids, counts)
        step("claims", t)

        t = time.monotonic()
        _load_sources_and_appearances(cur, rng, sizes, claim_texts, claim_speakers, speaker_names, speaker_roles, counts)
        step("sources_appearances", t)

        t = time.monotonic()
        _load_verdicts(cur, rng, plan, claim_texts, claim_speakers, speaker_names, users, rating_ids, counts)
        step("verdicts_evidence_corrections", t)

        t = time.monotonic()
        _restore_secondary(cur, indexes, foreign_keys, log)
        for table in LOADED_TABLES:
            if table in KEYED_BY_CLAIM:
                continue
            cur.execute(
                f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), COALESCE((SELECT max(id) FROM {table}), 0) + 1, false)"
            )
        after = _schema_snapshot(cur)
        if before != after:
            missing = (set(before[0]) ^ set(after[0])) | (set(before[1]) ^ set(after[1]))
            raise RuntimeError(f"The schema after the load differs from the schema before it: {sorted(missing)}")
        step("indexes_constraints", t)

        t = time.monotonic()
        cur.execute(f"ANALYZE {', '.join(LOADED_TABLES)}")
        step("analyze", t)
    timings["total"] = round(time.monotonic() - started_all, 2)
    return {"scale": scale, "seed": seed, "counts": counts, "seconds": timings}


def _load_speakers(cur, rng: random.Random, sizes: Sizes, counts: dict) -> tuple[list[str], list[str]]:
    combos = len(FIRST_NAMES) * len(LAST_NAMES)
    names: list[str] = []
    seen: set[str] = set()
    picks = rng.sample(range(combos), min(combos, sizes.speakers))
    initials = itertools.cycle("ABCDEFGHJKLMNPRSTW")
    i = 0
    while len(names) < sizes.speakers:
        pick = picks[i % len(picks)]
        first, last = FIRST_NAMES[pick // len(LAST_NAMES)], LAST_NAMES[pick % len(LAST_NAMES)]
        name = f"{first} {last}" if i < len(picks) else f"{first} {next(initials)}. {last}"
        i += 1
        if name not in seen:
            seen.add(name)
            names.append(name)
    roles = [rng.choice(ROLES) for _ in names]
    now = datetime.now(UTC)

    def speakers() -> Iterator[tuple]:
        slugs: set[str] = set()
        for sid, (name, role) in enumerate(zip(names, roles, strict=True), start=1):
            slug = slugify_ascii(name, 200)
            if slug in slugs:
                slug = f"{slug}-{sid}"
            slugs.add(slug)
            wikidata = f"Q{rng.randint(1, 120_000_000)}" if rng.random() < 0.4 else ""
            created = _moment(rng.random() * 0.5)
            yield (sid, name, slug, role, rng.choice(PARTIES), rng.choice(COUNTRIES), wikidata, sid <= 2000, created, now)

    counts["speakers"] = _copy(
        cur, "claims_speaker",
        ["id", "name", "slug", "role", "affiliation", "country", "wikidata_id", "reviewed", "created_at", "updated_at"],
        speakers(), freeze=True,
    )

    def aliases() -> Iterator[tuple]:
        used: set[str] = set()
        alias_id = itertools.count(1)
        for sid, (name, role) in enumerate(zip(names, roles, strict=True), start=1):
            surname = name.rsplit(" ", 1)[1]
            candidates = [name, f"{role} {name}"] + ([surname] if sid <= 300 else [])
            for alias in candidates:
                normalized = normalize_name(alias)
                if normalized and normalized not in used:
                    used.add(normalized)
                    yield (next(alias_id), sid, alias, normalized)

    counts["speaker_aliases"] = _copy(cur, "claims_speakeralias", ["id", "speaker_id", "name", "normalized"], aliases(), freeze=True)
    return names, roles


def _load_tags(cur, counts: dict) -> list[int]:
    rows = [(i, name, slugify_ascii(name, 80)) for i, name in enumerate(TOPICS, start=1)]
    counts["tags"] = _copy(cur, "claims_tag", ["id", "name", "slug"], rows, freeze=True)
    return [row[0] for row in rows]


@dataclass
class _ClaimPlan:
    status: bytearray  # index into STATUS_CODES per claim id (0 unused)
    duplicate_of: dict[int, int]
    published: list[int]
    retracted: list[int]
    drafts: list[tuple[int, str]]  # (claim id, verdict status)


STATUS_CODES = ["candidate", "accepted", "rejected", "in_research", "rated", "published", "duplicate"]
_S = {name: code for code, name in enumerate(STATUS_CODES)}


def _plan_claims(rng: random.Random, sizes: Sizes) -> _ClaimPlan:
    """Decide each claim's status, and which claims carry which verdicts."""
    n = sizes.claims
    status = bytearray(n + 1)
    # Open-ended curation states, drawn first; verdict-bearing claims are then carved out.
    for cid in range(1, n + 1):
        r = rng.random()
        status[cid] = (
            _S["candidate"] if r < 0.42 else _S["rejected"] if r < 0.88 else _S["accepted"] if r < 0.95 else _S["in_research"]
        )
    duplicate_of: dict[int, int] = {}
    for cid in rng.sample(range(2, n + 1), n // 50):
        status[cid] = _S["duplicate"]
        duplicate_of[cid] = rng.randint(1, cid - 1)
    pool = [cid for cid in range(1, n + 1) if status[cid] != _S["duplicate"]]
    n_retracted = max(1, sizes.published // 100)
    n_drafts = max(2, sizes.published // 20)
    chosen = rng.sample(pool, sizes.published + n_retracted + n_drafts)
    published = sorted(chosen[: sizes.published])
    retracted = sorted(chosen[sizes.published : sizes.published + n_retracted])
    drafts = [(cid, rng.choice(["draft", "in_review"])) for cid in sorted(chosen[sizes.published + n_retracted :])]
    for cid in published:
        status[cid] = _S[CLAIM_STATUS_FOLLOWING_VERDICT["published"]]
    for cid in retracted:
        status[cid] = _S[CLAIM_STATUS_FOLLOWING_VERDICT["retracted"]]
    for cid, verdict_status in drafts:
        status[cid] = _S[CLAIM_STATUS_FOLLOWING_VERDICT[verdict_status]]
    return _ClaimPlan(status, duplicate_of, published, retracted, drafts)


def _claim_moment(cid: int, n: int) -> datetime:
    return _moment(cid / n)


def _load_claims(
    cur, rng: random.Random, sizes: Sizes, plan: _ClaimPlan, users: _Users, counts: dict, make_sentence
):
    n = sizes.claims
    # Zipf over speakers (exponent 0.9): at full scale the top speaker makes ~64,000 claims,
    # the tenth ~8,000, the median a few dozen. 5% of claims have no identified speaker.
    cum = _zipf_cum_weights(sizes.speakers, 0.9)
    total = cum[-1]
    claim_speakers = array.array("l", [0]) * (n + 1)
    texts: list[str] = [""] * (n + 1)
    random_ = rng.random
    languages = ["en"] * 95 + ["es", "es", "fr", "fr", "de"]
    speakers = [None] + [Speaker(pk=sid) for sid in range(1, sizes.speakers + 1)]

    def drafts() -> Iterator[ClaimDraft]:
        for cid in range(1, n + 1):
            if random_() < 0.05:
                speaker = None
            else:
                speaker = bisect.bisect_left(cum, random_() * total) + 1
                claim_speakers[cid] = speaker
            duplicate_of = plan.duplicate_of.get(cid)
            text = reworded(rng, texts[duplicate_of]) if duplicate_of else make_sentence(rng)
            texts[cid] = text
            code = plan.status[cid]
            created = _claim_moment(cid, n) + timedelta(seconds=rng.randint(0, 3600))
            score = round(random_() ** 0.7, 4)
            assignee = rng.choice(users.fact_checkers) if code in (_S["accepted"], _S["in_research"], _S["rated"]) and random_() < 0.7 else None
            origin = "ingestion" if random_() < 0.9 else ("tip" if random_() < 0.5 else "manual")
            yield ClaimDraft(
                text=text,
                made_on=(created - timedelta(days=rng.randint(0, 3))).date(),
                status=STATUS_CODES[code],
                score=score,
                score_reasons=SCORE_REASONS[rng.randrange(len(SCORE_REASONS))],
                language=rng.choice(languages),
                origin=origin,
                created_at=created,
                updated_at=created + timedelta(hours=rng.randint(0, 240)),
                assignee_id=assignee,
                duplicate_of_id=duplicate_of,
                speaker=speakers[speaker] if speaker else None,
            )

    # Through the claims service, which also indexes the wording for matching; no history
    # rows (see the module docstring). Claim ids are the sequence's, from 1 after the TRUNCATE.
    counts["claims"] = claims_load(drafts=drafts(), change_reason="bench load", history=False)
    cur.execute("SELECT count(*), COALESCE(max(id), 0) FROM claims_claim")
    if cur.fetchone() != (n, n):
        raise RuntimeError("The loaded claims did not get ids 1 to n: appearances and verdicts would point elsewhere.")
    return texts, claim_speakers


def _load_claim_tags(cur, rng: random.Random, sizes: Sizes, tag_ids: list[int], counts: dict) -> None:
    cum = _zipf_cum_weights(len(tag_ids), 1.0)

    def rows() -> Iterator[tuple]:
        row_id = itertools.count(1)
        for cid in range(1, sizes.claims + 1):
            if rng.random() < 0.3:
                for tag in set(rng.choices(tag_ids, cum_weights=cum, k=rng.randint(1, 3))):
                    yield (next(row_id), cid, tag)

    counts["claim_tags"] = _copy(cur, "claims_claim_tags", ["id", "claim_id", "tag_id"], rows(), freeze=True)


def _load_sources_and_appearances(
    cur, rng: random.Random, sizes: Sizes, texts: list[str], claim_speakers, speaker_names: list[str],
    speaker_roles: list[str], counts: dict,
) -> None:
    """Sources are copied first; their appearances are spooled to a temporary file meanwhile
    (one connection runs one COPY at a time) and copied after."""
    with tempfile.TemporaryFile() as spool:
        writer = io.TextIOWrapper(spool, encoding="utf-8", newline="\n")
        _load_sources_spooling_appearances(
            cur, rng, sizes, texts, claim_speakers, speaker_names, speaker_roles, counts, writer
        )
        writer.flush()
        _copy_file(
            cur, "claims_appearance",
            ["id", "claim_id", "source_id", "sentence", "start", '"end"', "said_on", "speaker_mention",
             "speaker_role", "created_at"],
            spool, freeze=True,
        )
        writer.detach()


def _load_sources_spooling_appearances(
    cur, rng: random.Random, sizes: Sizes, texts: list[str], claim_speakers, speaker_names: list[str],
    speaker_roles: list[str], counts: dict, writer,
) -> None:
    """Each source introduces its share of new claims (every claim appears at least once) and
    repeats earlier ones, a third of them reworded; its text contains every sentence at its offsets."""
    n_claims, n_sources = sizes.claims, sizes.sources
    repeats_total = sizes.appearances - n_claims
    publishers = [(name, slugify_ascii(name, 60) + ".example") for name in PUBLISHER_NAMES]
    pub_cum = _zipf_cum_weights(len(publishers), 0.8)
    # A hot set of claims gets repeated again and again (talking points), the rest now and then.
    hot = max(1, n_claims // 100)
    appearance_id = itertools.count(1)

    def sources() -> Iterator[tuple]:
        next_claim = 1
        repeats_done = 0
        for sid in range(1, n_sources + 1):
            new_upto = n_claims * sid // n_sources
            repeats_upto = repeats_total * sid // n_sources
            picks = [(cid, False) for cid in range(next_claim, new_upto + 1)]
            next_claim = new_upto + 1
            known = max(1, new_upto)
            for _ in range(repeats_upto - repeats_done):
                if rng.random() < 0.5:
                    picks.append((rng.randint(1, min(hot, known)), True))
                else:
                    picks.append((rng.randint(1, known), True))
            repeats_done = repeats_upto
            rng.shuffle(picks)
            published = _claim_moment(new_upto, n_claims) - timedelta(hours=rng.randint(1, 48))
            ingested = published + timedelta(hours=rng.randint(1, 12))
            parts: list[str] = []
            offset = 0
            lines: list[str] = []
            for i, (cid, repeat) in enumerate(picks):
                if rng.random() < 0.5:
                    filler = rng.choice(FILLERS) + " "
                    parts.append(filler)
                    offset += len(filler)
                sentence = texts[cid]
                if repeat and rng.random() < 0.33:
                    sentence = reworded(rng, sentence)
                speaker = claim_speakers[cid]
                mention = speaker_names[speaker - 1] if speaker else ""
                role = speaker_roles[speaker - 1] if speaker else ""
                if mention and rng.random() < 0.4:
                    mention = mention.rsplit(" ", 1)[1]
                lines.append(_line((
                    next(appearance_id), cid, sid, sentence, offset, offset + len(sentence),
                    published.date(), mention, role, ingested,
                )))
                parts.append(sentence)
                offset += len(sentence)
                separator = "\n\n" if i % 3 == 2 else " "
                parts.append(separator)
                offset += len(separator)
            writer.write("".join(lines))
            text = "".join(parts).rstrip()
            name, domain = publishers[bisect.bisect_left(pub_cum, rng.random() * pub_cum[-1])]
            title = texts[picks[0][0]][:-1] if picks else f"Report {sid}"
            slug = slugify_ascii(title, 60)
            yield (
                sid, f"https://{domain}/{published:%Y/%m}/{slug}-{sid}", title[:500], name,
                f"{rng.choice(FIRST_NAMES)} {rng.choice(LAST_NAMES)}", published, "en", "article", text,
                hashlib.sha256(text.encode()).hexdigest(), ingested,
            )

    counts["sources"] = _copy(
        cur, "sources_source",
        ["id", "url", "title", "publisher", "author", "published_at", "language", "kind", "text", "fingerprint", "ingested_at"],
        sources(), freeze=True,
    )
    counts["appearances"] = next(appearance_id) - 1


def _load_verdicts(
    cur, rng: random.Random, plan: _ClaimPlan, texts: list[str], claim_speakers, speaker_names: list[str],
    users: _Users, rating_ids: dict[str, int], counts: dict,
) -> None:
    n = len(texts) - 1
    rating_slugs = [slug for slug in RATING_WEIGHTS if slug in rating_ids]
    rating_cum = list(itertools.accumulate(RATING_WEIGHTS[s] for s in rating_slugs))
    now = datetime.now(UTC)
    entries = (
        [(cid, "published") for cid in plan.published]
        + [(cid, "retracted") for cid in plan.retracted]
        + plan.drafts
    )
    entries.sort()
    verdicts: list[tuple] = []
    authors: list[tuple] = []
    evidence: list[tuple] = []
    corrections: list[tuple] = []
    for vid, (cid, status) in enumerate(entries, start=1):
        text = texts[cid]
        speaker = claim_speakers[cid]
        who = speaker_names[speaker - 1] if speaker else "A viral post"
        slug_ = rating_slugs[bisect.bisect_left(rating_cum, rng.random() * rating_cum[-1])]
        public = status in ("published", "retracted")
        rating = rating_ids[slug_] if public or rng.random() < 0.5 else None
        label = slug_.replace("-", " ")
        headline = f"{who}: “{text[:-1]}” is {label}"[:300]
        created = _claim_moment(cid, n) + timedelta(days=rng.randint(1, 10))
        published_at = created + timedelta(days=rng.randint(0, 5), hours=rng.randint(0, 23)) if public else None
        if published_at and published_at > now:
            published_at = now - timedelta(minutes=rng.randint(1, 600))
        retracted_at = published_at + timedelta(days=rng.randint(1, 30)) if status == "retracted" else None
        summary = (
            f"{who} said: “{text}” Official data shows a figure of {_pct(rng)} percent "
            f"{rng.choice(TIMES)}, so the claim is {label}."
        )
        body = "\n\n".join([
            f"**What was said.** {who} made the claim {rng.choice(TIMES)}: {text}",
            f"**The figures.** {claim_sentence(rng)} {claim_sentence(rng)} {rng.choice(FILLERS)}",
            f"**Our ruling.** {rng.choice(FILLERS)} We rate this claim {label}.",
        ])
        updated = max(filter(None, [created, published_at, retracted_at]))
        version = rng.randint(1, 4)
        editor = rng.choice(users.editors) if public else None
        slug = f"{slugify_ascii(headline, 300)}-{vid}"
        verdicts.append((
            vid, headline, slug, summary, body, status, published_at, retracted_at,
            "The figures we relied on were withdrawn by their publisher." if retracted_at else "",
            created, updated, version, cid, editor, rating,
            verdict_search_document(text, headline, summary) if public else "",
            # Publication events so far: publication plus the later edits `version` counts.
            version if public else 0,
        ))
        for user in rng.sample(users.fact_checkers, rng.randint(1, 2)):
            authors.append((len(authors) + 1, vid, user))
        if public:
            for k in range(rng.randint(1, 4)):
                url = f"https://stats.example/{rng.choice(['reports', 'data', 'releases'])}/{vid}-{k}"
                archived = f"https://archive.example/{published_at:%Y%m%d}/{url}" if rng.random() < 0.6 else ""
                evidence.append((
                    len(evidence) + 1, url, f"{rng.choice(SUBJECTS).capitalize()} statistics, {published_at:%B %Y}",
                    rng.choice(["National Statistics Office", "Eurostat", "OECD", "World Bank", "Census Bureau"]),
                    published_at.date(), archived, rng.choice(["supports", "refutes", "refutes", "context"]),
                    "", created, rng.choice(users.fact_checkers), cid, vid,
                ))
            if status == "published" and rng.random() < 0.03:
                corrections.append((
                    len(corrections) + 1, published_at + timedelta(days=rng.randint(1, 60)),
                    f"An earlier version of this fact-check gave the wrong year for the {rng.choice(SUBJECTS)} figure.",
                    rng.choice(users.editors), vid,
                ))
    counts["verdicts"] = _copy(
        cur, "claims_verdict",
        ["id", "headline", "slug", "summary", "body", "status", "published_at", "retracted_at", "retraction_note",
         "created_at", "updated_at", "version", "claim_id", "editor_id", "rating_id", "search_document",
         "revision"],
        verdicts, freeze=True,
    )
    counts["verdicts_published"] = len(plan.published)
    counts["verdict_authors"] = _copy(cur, "claims_verdict_authors", ["id", "verdict_id", "user_id"], authors, freeze=True)
    counts["evidence_links"] = _copy(
        cur, "claims_evidencelink",
        ["id", "url", "title", "publisher", "accessed_at", "archived_url", "stance", "note", "created_at",
         "added_by_id", "claim_id", "verdict_id"],
        evidence, freeze=True,
    )
    counts["corrections"] = _copy(
        cur, "claims_correction", ["id", "corrected_on", "note", "author_id", "verdict_id"], corrections, freeze=True
    )
