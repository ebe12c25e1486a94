"""What a fact-checker would check in a claim, read from its text: numbers with their units and
scale, years and months, named entities, negation, the direction of comparisons and changes,
and the speaker of a quoted claim. Pure functions, no database.

Two wordings are the same checkable claim only if every slot agrees. A slot that both texts
fill with different values (18 percent / 12 percent, Lopez / Olsen, rose / fell) is a
*conflict*: the pair is never merged and never suggested. A slot only one text fills (one
names the year, the other does not) is a *gap*: the pair may be suggested to a curator but is
not merged automatically.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

NUMBER_WORDS = {
    "zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
    "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13,
    "fourteen": 14, "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18,
    "nineteen": 19, "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60,
    "seventy": 70, "eighty": 80, "ninety": 90,
}
ORDINALS = {
    "first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5, "sixth": 6, "seventh": 7,
    "eighth": 8, "ninth": 9, "tenth": 10, "eleventh": 11, "twelfth": 12, "fifteenth": 15,
    "twentieth": 20, "thirtieth": 30, "fiftieth": 50, "hundredth": 100,
}
_SCALE = {
    "hundred": 1e2, "thousand": 1e3, "k": 1e3, "million": 1e6, "m": 1e6, "mn": 1e6, "mln": 1e6,
    "billion": 1e9, "bn": 1e9, "b": 1e9, "trillion": 1e12, "tn": 1e12, "trn": 1e12,
}
_CURRENCY_SIGN = {"$": "USD", "£": "GBP", "€": "EUR", "¥": "JPY"}
_CURRENCY_WORD = {
    "dollar": "USD", "dollars": "USD", "usd": "USD", "pound": "GBP", "pounds": "GBP",
    "sterling": "GBP", "gbp": "GBP", "euro": "EUR", "euros": "EUR", "eur": "EUR",
    "yen": "JPY", "rupees": "INR", "rubles": "RUB", "roubles": "RUB",
}
_MONTHS = {
    m: i + 1
    for i, names in enumerate(
        [("january", "jan"), ("february", "feb"), ("march", "mar"), ("april", "apr"), ("may",),
         ("june", "jun"), ("july", "jul"), ("august", "aug"), ("september", "sep", "sept"),
         ("october", "oct"), ("november", "nov"), ("december", "dec")]
    )
    for m in names
}
# "May" and "March" are also ordinary words: they count as months only beside a day or year.
_AMBIGUOUS_MONTHS = {"may", "mar", "march", "jan", "dec", "oct", "sep", "aug", "jun"}

# Each flips what is asserted; "voted against" and "opposed" deny what "voted for" affirms.
_NEGATIONS = {
    "not", "no", "never", "nothing", "none", "nobody", "neither", "nor", "cannot", "nowhere",
    "noone", "against", "opposed", "opposes", "oppose", "opposing",
}
_UP = {
    "rose", "rise", "rises", "risen", "rising", "increase", "increased", "increases", "increasing",
    "grew", "grow", "grows", "grown", "growing", "higher", "more", "greater", "larger", "bigger",
    "above", "gain", "gained", "gains", "doubled", "tripled", "surged", "soared", "climbed",
    "jumped", "raised", "raise", "raises", "boosted", "expanded", "most", "highest", "exceeds",
    "exceeded", "up", "added", "created", "over", "largest", "biggest", "best",
}
_DOWN = {
    "fell", "fall", "falls", "fallen", "falling", "decrease", "decreased", "decreases",
    "decreasing", "declined", "decline", "declines", "dropped", "drop", "drops", "shrank",
    "shrunk", "shrink", "less", "fewer", "lower", "smaller", "below", "lost", "loss", "losses",
    "halved", "plunged", "slashed", "cut", "cuts", "reduced", "reduce", "least", "lowest",
    "down", "under", "eliminated", "destroyed", "smallest", "worst",
}
# Capitalised words that name no one: sentence openers, titles, days and reporting verbs.
_NOT_ENTITIES = {
    "a", "an", "the", "this", "that", "these", "those", "it", "its", "he", "she", "they", "we",
    "i", "you", "his", "her", "their", "our", "my", "your", "in", "on", "at", "of", "for", "by",
    "to", "from", "with", "and", "or", "but", "if", "as", "so", "since", "after", "before",
    "when", "while", "because", "under", "over", "during", "there", "here", "what", "who",
    "says", "said", "say", "claims", "claimed", "according", "statement", "tweet", "post",
    "president", "senator", "sen", "rep", "representative", "governor", "gov", "mayor", "mr",
    "mrs", "ms", "dr", "prime", "minister", "secretary", "vice", "chancellor", "former",
    "candidate", "congressman", "congresswoman", "speaker", "leader", "chairman", "chief",
    "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday",
    "no", "not", "now", "all", "every", "some", "more", "most", "less", "only", "just", "also",
    "yes", "new", "last", "first", "next", "one", "two", "three", "many", "nearly", "almost",
    "about", "than", "up", "down", "is", "are", "was", "were", "has", "have",
    "had", "will", "would", "can", "could", "should", "may", "might", "do", "does", "did",
    "breaking", "photo", "video", "image", "shows", "viral", "people",
}
# Different names of one place or body; a demonym stands for its country.
_ALIASES = {
    "us": "united states", "u s": "united states", "usa": "united states", "u s a": "united states",
    "america": "united states", "american": "united states", "americans": "united states",
    "united states of america": "united states", "uk": "united kingdom", "u k": "united kingdom",
    "britain": "united kingdom", "great britain": "united kingdom", "british": "united kingdom",
    "eu": "european union", "e u": "european union", "un": "united nations", "u n": "united nations",
    "ukrainian": "ukraine", "ukrainians": "ukraine", "russian": "russia", "russians": "russia",
    "chinese": "china", "mexican": "mexico", "mexicans": "mexico", "canadian": "canada",
    "german": "germany", "french": "france", "israeli": "israel", "iranian": "iran",
    "indian": "india", "european": "europe", "obamacare": "affordable care act",
    "aca": "affordable care act", "gop": "republican", "republicans": "republican",
    "democrats": "democrat", "democratic": "democrat", "dems": "democrat",
    "fed": "federal reserve", "nhs": "national health service", "texan": "texas",
    "californian": "california", "floridian": "florida", "floridians": "florida",
    "nigerian": "nigeria", "nigerians": "nigeria", "indians": "india", "dutch": "netherlands",
    "holland": "netherlands", "swedish": "sweden", "swede": "sweden", "swedes": "sweden",
    "scottish": "scotland", "scots": "scotland", "irish": "ireland", "japanese": "japan",
    "brazilian": "brazil", "australian": "australia", "australians": "australia",
    "nyc": "new york city", "nz": "new zealand", "boe": "bank of england",
    "ecb": "european central bank", "va": "veterans affairs", "who": "world health organization",
    "irs": "internal revenue service", "internal revenue service": "internal revenue service",
}
_REPORTING = (
    r"says|said|claims|claimed|stated|states|tweeted|argues|argued|wrote|writes|posted|insists|"
    r"insisted|asserts|asserted|told|tells|declared|declares|suggests|suggested|falsely\s+claims|"
    r"falsely\s+claimed|falsely\s+said"
)
_SPEAKER_PREFIX = re.compile(
    rf"^\s*(?:(?:president|senator|sen\.|rep\.|gov\.|governor|former\s+president|mayor|"
    rf"prime\s+minister)\s+)?(?P<name>(?:[A-Z][\w'.-]+\s+){{0,3}}[A-Z][\w'.-]+)\s+(?:{_REPORTING})\b[,:]?\s*(?:that\s+)?"
)
_SPEAKER_SUFFIX = re.compile(
    rf",\s*(?:according\s+to\s+(?P<name2>[^,]{{1,60}}?)|(?P<name>[^,]{{1,60}}?)\s+(?:{_REPORTING}|say|allege|alleges|alleged|found|show|shows))"
    rf"(?:\s+(?:of|at|on|about|in)\s+[^,]{{1,40}})?\s*[.!?]?\s*$"
)
_NUMBER_TOKEN = re.compile(
    r"(?P<sign>[$£€¥])?\s?(?P<num>\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?)"
    r"(?P<suffix>%|bn|mn|mln|tn|trn|k|m|b|st|nd|rd|th)?(?![\w])",
    re.IGNORECASE,
)
_WORD = re.compile(r"[^\W_]+(?:['’][^\W_]+)?|[$£€¥%]")
_CAP_RUN = re.compile(r"(?<![\w.'’])(?:[A-Z][\w'’.&-]*|U\.S\.|U\.K\.)(?:\s+(?:of\s+the\s+|of\s+|de\s+|for\s+)?(?:[A-Z][\w'’.&-]*))*")


@dataclass(frozen=True)
class Quantity:
    value: float
    unit: str = ""  # "%", "USD", "GBP", ..., "" for a bare count

    def __str__(self) -> str:
        value = f"{self.value:,.6g}"
        if self.unit == "%":
            return f"{value}%"
        if self.unit == "th":
            return f"{value}th"
        return f"{self.unit} {value}".strip()


@dataclass(frozen=True)
class Slots:
    quantities: tuple[Quantity, ...] = ()
    years: frozenset[int] = frozenset()
    months: frozenset[int] = frozenset()
    entities: tuple[frozenset[str], ...] = ()  # each entity as its set of name words
    negated: bool = False
    directions: frozenset[str] = frozenset()  # {"up", "down"}
    speaker: str = ""  # normalised name, when the claim is attributed


@dataclass(frozen=True)
class Comparison:
    conflicts: tuple[str, ...] = ()
    gaps: tuple[str, ...] = ()

    @property
    def same(self) -> bool:
        return not self.conflicts and not self.gaps


def _fold(text: str) -> str:
    text = unicodedata.normalize("NFKC", text).replace("’", "'").replace("‘", "'")
    return text.replace("per cent", "percent").replace("per-cent", "percent")


def _name_words(name: str) -> frozenset[str]:
    words = re.findall(r"[^\W_]+", name.lower().replace("'s", "").replace("’s", ""))
    return frozenset(w for w in words if w not in _NOT_ENTITIES and w not in ("of", "the", "de", "for"))


def normalise_speaker(name: str) -> str:
    return " ".join(sorted(_name_words(name or "")))


def split_speaker(text: str) -> tuple[str, str]:
    """("Donald Trump", "John McCain has done nothing…") for "Donald Trump says John McCain…"
    and for "John McCain did nothing…, Donald Trump said." A source that names no one ("the
    report says") is cut from the claim but is no speaker."""
    m = _SPEAKER_PREFIX.match(text)
    if m:
        return m.group("name"), text[m.end():]
    m = _SPEAKER_SUFFIX.search(text)
    if m:
        name = (m.group("name") or m.group("name2")).strip(" \"'“”‘’")
        return (name if name[:1].isupper() else ""), text[: m.start()]
    return "", text


def _words_to_number(words: list[str], i: int) -> tuple[float, int] | None:
    """A spelled-out number starting at words[i] ("four", "twenty five", "a million"); returns
    (value, words used)."""
    total, current, j, seen = 0.0, 0.0, i, False
    while j < len(words):
        w = words[j]
        if w in NUMBER_WORDS:
            current += NUMBER_WORDS[w]
            seen = True
        elif w == "hundred" and seen:
            current = (current or 1) * 100
        elif w in ("thousand", "million", "billion", "trillion") and seen:
            total += (current or 1) * _SCALE[w]
            current = 0
        elif w == "and" and seen and j + 1 < len(words) and words[j + 1] in NUMBER_WORDS:
            pass
        else:
            break
        j += 1
    if not seen:
        return None
    return total + current, j - i


def _unit_after(words: list[str], j: int) -> tuple[str, float, int]:
    """(unit, scale, words used) for the words following a number."""
    scale, used = 1.0, 0
    if j < len(words) and words[j] in _SCALE and words[j] not in ("k", "m", "b"):
        scale, used = _SCALE[words[j]], 1
    k = j + used
    if k < len(words):
        w = words[k]
        if w in ("percent", "%", "pct"):
            return "%", scale, used + 1
        if w == "percentage" and k + 1 < len(words) and words[k + 1] in ("points", "point"):
            return "pp", scale, used + 2
        if w in _CURRENCY_WORD:
            return _CURRENCY_WORD[w], scale, used + 1
    return "", scale, used


def _quantities(text: str) -> tuple[list[Quantity], set[int]]:
    quantities: list[Quantity] = []
    years: set[int] = set()
    # Digits first, read off the text so "$1.2bn" and "12,000" keep their shape.
    spans = []
    for m in _NUMBER_TOKEN.finditer(text):
        raw = m.group("num").replace(",", "")
        try:
            value = float(raw)
        except ValueError:
            continue
        sign = m.group("sign")
        suffix = (m.group("suffix") or "").lower()
        unit = _CURRENCY_SIGN.get(sign, "") if sign else ""
        scale = 1.0
        if suffix == "%":
            unit = "%"
        elif suffix in ("st", "nd", "rd", "th"):
            unit = "th"
        elif suffix and (sign or suffix != "b"):
            # "300k", "1.5m jobs", "$2b": claims count people and money, not metres.
            scale = _SCALE[suffix]
        rest = _WORD.findall(_fold(text[m.end():m.end() + 40]).lower())
        extra_unit, extra_scale, _used = _unit_after(rest, 0)
        if not suffix:
            scale *= extra_scale
        if not unit:
            unit = extra_unit
        is_year = (
            not sign and not suffix and not unit and scale == 1.0 and "," not in m.group("num")
            and "." not in raw and 1800 <= value <= 2100 and len(raw) == 4
        )
        if is_year:
            years.add(int(value))
        else:
            quantities.append(Quantity(round(value * scale, 6), unit))
        spans.append((m.start(), m.end()))
    # Then spelled-out numbers ("four percent", "three million dollars").
    words = _WORD.findall(_fold(text).lower())
    i = 0
    while i < len(words):
        if words[i] in ORDINALS:
            quantities.append(Quantity(float(ORDINALS[words[i]]), "th"))
            i += 1
            continue
        if words[i] == "a" and i + 1 < len(words) and words[i + 1] in ("million", "billion", "trillion", "thousand", "hundred"):
            value, used = _SCALE[words[i + 1]], 2
        else:
            parsed = _words_to_number(words, i)
            if parsed is None:
                i += 1
                continue
            value, used = parsed
            # "one" alone is mostly a pronoun ("one of the"): only with a unit or scale.
            if used == 1 and words[i] == "one":
                unit, scale, more = _unit_after(words, i + 1)
                if not unit and scale == 1.0:
                    i += 1
                    continue
        unit, scale, more = _unit_after(words, i + used)
        sign_unit = ""
        if i > 0 and words[i - 1] in _CURRENCY_SIGN:
            sign_unit = _CURRENCY_SIGN[words[i - 1]]
        quantities.append(Quantity(round(value * scale, 6), unit or sign_unit))
        i += used + more
    return quantities, years


def _months(text: str) -> set[int]:
    words = _WORD.findall(_fold(text).lower())
    found = set()
    for i, w in enumerate(words):
        if w in _MONTHS:
            if w in _AMBIGUOUS_MONTHS:
                near = words[max(0, i - 1): i] + words[i + 1: i + 2]
                if not any(n.isdigit() for n in near):
                    continue
            found.add(_MONTHS[w])
    return found


def _entities(text: str) -> list[frozenset[str]]:
    found: list[frozenset[str]] = []
    for m in _CAP_RUN.finditer(_fold(text)):
        key = re.sub(r"'s\b", "", m.group(0).lower())
        words = re.sub(r"[^\w\s]", " ", key).split()
        # "The U.S." is "u s"; "President Joe Biden" is "joe biden".
        while words and (words[0] in _NOT_ENTITIES or words[0] in _MONTHS or words[0].isdigit()):
            words.pop(0)
        while words and words[-1] in ("of", "the", "for", "de"):
            words.pop()
        if not words:
            continue
        joined = " ".join(words)
        if joined in _ALIASES:
            found.append(frozenset(_ALIASES[joined].split()))
            continue
        words = [_ALIASES.get(w, w) for w in words if w not in _NOT_ENTITIES and not w.isdigit()]
        if words:
            found.append(frozenset(" ".join(words).split()))
    return found


# Pure and called for the same claim texts again and again (each lookup re-reads its
# candidates): remembered, as the results are immutable.
@lru_cache(maxsize=50_000)
def extract_slots(text: str, *, speaker: str = "") -> Slots:
    """The checkable slots of `text`. `speaker` is who the claim is attributed to, when known;
    otherwise an opening "X says …" names the speaker and is not read as part of the claim."""
    folded = _fold(text)
    prefix_speaker, body = split_speaker(folded)
    speaker = speaker or prefix_speaker
    quantities, years = _quantities(body)
    words = _WORD.findall(body.lower())
    negations = sum(1 for w in words if w in _NEGATIONS or w.endswith("n't") or w.endswith("n’t"))
    directions = set()
    for w in words:
        if w in _UP:
            directions.add("up")
        elif w in _DOWN:
            directions.add("down")
    return Slots(
        quantities=tuple(sorted(set(quantities), key=lambda q: (q.value, q.unit))),
        years=frozenset(years),
        months=frozenset(_months(body)),
        entities=tuple(_entities(body)),
        negated=negations % 2 == 1,
        directions=frozenset(directions),
        speaker=normalise_speaker(speaker),
    )


def _unmatched(mine, theirs, same) -> list:
    return [x for x in mine if not any(same(x, y) for y in theirs)]


def _same_quantity(a: Quantity, b: Quantity) -> bool:
    close = abs(a.value - b.value) <= 1e-9 * max(abs(a.value), abs(b.value), 1.0)
    return close and (a.unit == b.unit or not a.unit or not b.unit)


def _same_entity(a: frozenset[str], b: frozenset[str]) -> bool:
    # "McCain" is "John McCain"; "Trump administration" is about "Trump".
    return bool(a & b)


def _set_slot(name: str, a: frozenset, b: frozenset, show, conflicts: list, gaps: list) -> None:
    if a == b:
        return
    only_a, only_b = a - b, b - a
    if only_a and only_b:
        conflicts.append(f"{name}: {show(only_a)} vs {show(only_b)}")
    else:
        gaps.append(f"{name}: {show(only_a or only_b)} in one wording only")


def compare_slots(a: Slots, b: Slots) -> Comparison:
    """How two claims' slots differ, in words a curator reads ("number: 18% vs 12%")."""
    conflicts: list[str] = []
    gaps: list[str] = []
    qa = _unmatched(a.quantities, b.quantities, _same_quantity)
    qb = _unmatched(b.quantities, a.quantities, _same_quantity)
    if qa and qb:
        conflicts.append(f"number: {', '.join(map(str, qa))} vs {', '.join(map(str, qb))}")
    elif qa or qb:
        gaps.append(f"number: {', '.join(map(str, qa or qb))} in one wording only")
    _set_slot("year", a.years, b.years, lambda s: ", ".join(map(str, sorted(s))), conflicts, gaps)
    _set_slot("month", a.months, b.months, lambda s: ", ".join(map(str, sorted(s))), conflicts, gaps)
    # Whoever made the claim is its speaker slot, not a name in it ("…, Peskov said").
    speakers = [frozenset(x.speaker.split()) for x in (a, b) if x.speaker]
    ea = _unmatched(_unmatched(a.entities, speakers, _same_entity), b.entities, _same_entity)
    eb = _unmatched(_unmatched(b.entities, speakers, _same_entity), a.entities, _same_entity)
    names = lambda es: ", ".join(" ".join(sorted(e)) for e in es)  # noqa: E731
    if ea and eb:
        conflicts.append(f"name: {names(ea)} vs {names(eb)}")
    elif ea or eb:
        gaps.append(f"name: {names(ea or eb)} in one wording only")
    if a.negated != b.negated:
        conflicts.append("negation: one wording denies what the other asserts")
    if a.directions and b.directions and a.directions != b.directions:
        if not (a.directions & b.directions):
            conflicts.append(f"direction: {'/'.join(sorted(a.directions))} vs {'/'.join(sorted(b.directions))}")
        else:
            gaps.append("direction: one wording compares both ways")
    elif bool(a.directions) != bool(b.directions):
        gaps.append("direction: stated in one wording only")
    if a.speaker and b.speaker and not (set(a.speaker.split()) & set(b.speaker.split())):
        conflicts.append(f"speaker: {a.speaker} vs {b.speaker}")
    return Comparison(tuple(conflicts), tuple(gaps))
