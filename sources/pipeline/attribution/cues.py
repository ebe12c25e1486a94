"""Speech cues and the source found before or after them ("Peskov said", "said Peskov", "according to ...")."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TypedDict

from .kinds import is_collective, organisation_kind, speaker_kind
from .lexicon import (
    AUX,
    CLAIM_NOUNS,
    CLAIM_VERBS,
    CUES,
    DAYS,
    DETERMINERS,
    FUNCTION_WORDS,
    HONORIFICS,
    LISTENER_CUES,
    NAMING_VERBS,
    ORG_CONNECTIVES,
    PARTICIPLE_CUES,
    PARTICLES,
    PASSIVE,
    PRONOUNS,
    ROLE_WORDS,
    TIME_WORDS,
    TITLE_CAPS,
)
from .registry import Entity, Registry
from .result import PERSON, Attribution
from .tokens import (
    Tok,
    capitalised,
    clean_name,
    is_initial,
    name_tokens_ok,
    role_back,
    run_back,
    span_text,
    split_name,
)


@dataclass(frozen=True, slots=True)
class Found:
    """The source a cue points at: its tokens as written, and the title and role words around it."""

    mention: list[Tok]
    title: list[Tok] = field(default_factory=list)
    role: list[Tok] = field(default_factory=list)


@dataclass(frozen=True, slots=True)
class SentenceContext:
    """What building an attribution for one sentence needs to know about the article."""

    text: str
    index: int  # of the sentence
    toks: list[Tok]
    registry: Registry
    salient: list[tuple[int, Entity]]  # (offset, person) of the people the story was about so far
    quotes: tuple[int, ...]  # quotations (not scare quotes or titles) in the sentence


class _Common(TypedDict):
    """The fields every attribution `make` builds shares."""

    sentence: int
    mention: str
    cue: str
    kind: str
    quotes: tuple[int, ...]
    mention_start: int
    mention_end: int


def make(ctx: SentenceContext, found: Found, *, cue: str, at: int) -> Attribution | None:
    """Build the attribution of `ctx`'s sentence to the source `found` near a cue at offset `at`."""
    kind = "quote" if ctx.quotes else "reported"
    if not found.mention:
        return None
    text = ctx.text
    mention = span_text(text, found.mention)
    low = mention.lower()
    base = _Common(
        sentence=ctx.index, mention=mention, cue=cue, kind=kind, quotes=ctx.quotes,
        mention_start=found.mention[0].start, mention_end=found.mention[-1].end,
    )
    if low in PRONOUNS:
        entity = None
        if low in ("he", "she"):
            before = [e for p, e in ctx.salient if p <= at]
            entity = before[-1] if before else None
        if entity is None:
            return Attribution(speaker="", role="", **base)
        return Attribution(speaker=entity.name, role=entity.role, speaker_kind=entity.kind, **base)
    words = [t.text for t in found.mention]
    if is_collective(words):
        # "Critics said", "U.S. officials warned": a described source, never a speaker.
        return Attribution(speaker="", role="", **base)
    named = [t for t in found.mention if capitalised(t) or t.text in PARTICLES or t.text in HONORIFICS]
    org = _organisation(found.mention)
    if org:
        org_name = span_text(text, org)
        known = ctx.registry.lookup(org_name, org[0].start)
        if known is not None and known.kind != PERSON and known.name.lower().endswith(org_name.lower()):
            org_name = known.name  # "the Federation", introduced as the Home Builders Federation
        return Attribution(speaker=org_name, role="", speaker_kind=speaker_kind(org_name.split()), **base)
    title, name = split_name(named)
    if not name_tokens_ok(name) or not name[0].text[0].isupper():
        return Attribution(speaker="", role="", **base)
    full = clean_name(text, name)
    kind_of = speaker_kind(full.split())
    title = [t for t in title if t.text not in HONORIFICS]
    role = span_text(text, found.role + title) if (found.role or title) else ""
    entity = ctx.registry.lookup(full, found.mention[0].start)
    if entity is not None and (len(name) == 1 or entity.name.lower() == full.lower()):
        return Attribution(speaker=entity.name, role=role or entity.role, speaker_kind=entity.kind, **base)
    return Attribution(speaker=full, role=role, speaker_kind=kind_of, **base)


def _organisation(mention: list[Tok]) -> list[Tok]:
    """The tokens of an organisation's name in a mention ("the Office for National Statistics")."""
    toks = list(mention)
    while toks and toks[0].text.lower() in DETERMINERS:
        toks = toks[1:]
    if toks and all(capitalised(t) or t.text in ORG_CONNECTIVES for t in toks) and organisation_kind([t.text for t in toks]):
        return toks
    return []


def source_before(text: str, toks: list[Tok], i: int) -> Found | None:
    """Tokens of the source standing before the cue at `i`: (mention, title, role)."""
    j = i - 1
    while j >= 0 and not toks[j].quoted:
        low = toks[j].text.lower()
        # Adverbs between source and cue: "she famously said", "Trump falsely claimed".
        if low in AUX or low in TIME_WORDS or low.endswith("ly") and len(low) > 4 and low.isalpha() and low not in ("family", "ally", "rally"):
            j -= 1
        elif j >= 1 and toks[j].text in DAYS and toks[j - 1].text.lower() in ("on", "last", "this"):
            j -= 2  # "Trump on Monday repeated ..."
        else:
            break
    if j < 0 or toks[j].quoted:
        return None
    if toks[j].text == ")":
        # "Rep. Earl Blumenauer (D-Ore.) said": the parenthetical is a label, not the source.
        k = j
        while k > 0 and j - k < 10 and toks[k].text != "(":
            k -= 1
        if toks[k].text == "(" and k > 0:
            return source_before(text, toks, k)
        return None
    tok = toks[j]
    low = tok.text.lower()
    if low in PASSIVE:
        return None
    if low in PRONOUNS:
        return Found([tok])
    if low == "who" and j >= 2 and toks[j - 1].text == ",":
        # "... central bank governor Elvira Nabiullina, who said": the name before the comma.
        return source_before(text, toks, j - 1)
    if tok.text == ",":
        # "Starmer, who is hosting a summit, said": the name stands before the earlier comma.
        k = j - 1
        while k >= 0 and j - k < 40 and toks[k].text != "," and not toks[k].quoted:
            k -= 1
        if k <= 0 or toks[k].text != "," or j - k < 2:
            return source_before(text, toks, j) if j > 0 and toks[j - 1].text == ")" else None
        appos = toks[k + 1 : j]
        if all(capitalised(t) or t.text in PARTICLES or is_initial(t.text) for t in appos):
            # "his wife, Gabriela Lazar, wrote": the appositive is the name.
            title, _name = split_name(appos)
            return Found(appos, title, toks[role_back(toks, k) : k])
        before = toks[k - 1]
        if not (capitalised(before) or before.text.lower() in PRONOUNS or before.text[0].islower()):
            return None
        found = source_before(text, toks, k)
        if found is None:
            return None
        if (
            not found.role
            and appos[0].text.lower() in ("the", "a", "an")
            and any(t.text.lower() in ROLE_WORDS for t in appos)
        ):
            return Found(found.mention, found.title, appos[1:])
        return found
    if capitalised(tok) or tok.text in HONORIFICS:
        start = run_back(toks, j)
        run = toks[start : j + 1]
        title, _name = split_name(run)
        role_start = role_back(toks, start)
        return Found(run, title, toks[role_start:start])
    if low in ("and", "but") and j > 0 and toks[j - 1].text != ",":
        # "Trump has made his wealth a centerpiece ... and has boasted", "Mrs. Clinton shook
        # her head and said": the subject the sentence opens with.
        for c in range(j - 1, max(0, j - 40), -1):
            # "Suu Kyi, 70, said it was too early but added": the subject of the first cue.
            if toks[c].text in CUES and not toks[c].quoted:
                return source_before(text, toks, c)
        if j > 40 or any(t.quoted for t in toks[:j]):
            return None  # bounded: a sentence's opening subject is near its cue
        if toks[0].text.lower() in ("he", "she"):
            return Found([toks[0]])
        return leading_subject(toks)
    if tok.text[0].islower() and tok.text.isalpha():
        # A description: "a spokesman", "federal prosecutors", "Trump's campaign manager".
        k = j
        while k - 1 >= 0 and j - k < 5 and not toks[k - 1].quoted:
            prev = toks[k - 1]
            low_prev = prev.text.lower()
            if low_prev in DETERMINERS or low_prev.endswith("'s"):
                start = k - 1
                # "a spokesman for the embassy": take the head noun phrase in front too.
                if start >= 2 and toks[start - 1].text.lower() in ("for", "of", "at", "from", "with"):
                    m = start - 2
                    while m >= 0 and start - m < 6 and toks[m].text.isalpha() and not toks[m].quoted:
                        if toks[m].text.lower() in DETERMINERS:
                            start = m
                            break
                        if toks[m].text.lower() in FUNCTION_WORDS:
                            break
                        m -= 1
                    else:
                        if m < 0:
                            start = 0
                return Found(toks[start : j + 1])
            if (prev.text.isalpha() or is_initial(prev.text)) and low_prev not in FUNCTION_WORDS and (
                prev.text[0].islower() or capitalised(prev)
            ):
                k -= 1
                continue
            break
        if low in FUNCTION_WORDS:
            return None
        if k == 0 or toks[k - 1].quoted or toks[k - 1].text in {",", '"', ":", ";"}:
            return Found(toks[k : j + 1])
    return None


def source_after(text: str, toks: list[Tok], i: int) -> Found | None:
    """Tokens of the source following a cue ("said Peskov", "according to a spokesman")."""
    j = i + 1
    if j < len(toks) and toks[j].text.lower() in DETERMINERS:
        j += 1
        if j < len(toks) and toks[j].text[0].islower() and toks[j].text.lower() not in ROLE_WORDS:
            # "said the woman, who ...", "asked a longtime adviser to both Clintons"
            k = j
            while k < len(toks) and k - j < 8 and toks[k].text not in {",", ".", ";", ":", '"', "("} and not toks[k].quoted and toks[k].text.lower() not in ("who", "which", "that", "as"):
                k += 1
            return Found(toks[i + 1 : k])
    start = j
    while j < len(toks) and j - start < 10 and not toks[j].quoted:
        t = toks[j]
        low = t.text.lower()
        lower_word = t.text.isalpha() and t.text[0].islower() and low not in FUNCTION_WORDS and low not in CUES
        after_title = j > start and (toks[j - 1].text in TITLE_CAPS or toks[j - 1].text.lower() in ROLE_WORDS)
        # "according to the Bank of England": "of" joins the words of one name.
        joins = low in ORG_CONNECTIVES and j > start and capitalised(toks[j - 1]) and j + 1 < len(toks) and capitalised(toks[j + 1])
        if capitalised(t) or t.text in HONORIFICS or low in ROLE_WORDS or lower_word or (low == "of" and after_title) or low in PARTICLES or joins:
            j += 1
            if t.text.endswith(".") and not is_initial(t.text) and t.text not in HONORIFICS and t.text not in TITLE_CAPS:
                break
        else:
            break
    while j > start and toks[j - 1].text.lower() == "of":
        j -= 1
    if j == start:
        return None
    seg = toks[start:j]
    org = _organisation(seg)
    if org:
        return Found(toks[i + 1 : j] if seg[0].start > toks[i + 1].start else seg)
    caps_end = len(seg)
    while caps_end > 0 and not (capitalised(seg[caps_end - 1]) or seg[caps_end - 1].text in HONORIFICS):
        caps_end -= 1
    first_cap = caps_end
    while first_cap > 0 and (capitalised(seg[first_cap - 1]) or seg[first_cap - 1].text in HONORIFICS):
        first_cap -= 1
    if first_cap == caps_end:
        # No name: a description ("a spokesman for the campaign").
        if any(t.text.lower() in ROLE_WORDS for t in seg):
            return Found(toks[i + 1 : j])
        return None
    seg = seg[:caps_end]
    run = seg[first_cap:]
    title, _name = split_name(run)
    return Found(run, title, seg[:first_cap])


def explicit(ctx: SentenceContext) -> Attribution | None:
    """The attribution a speech cue in the sentence makes, if any."""
    text, toks, quotes = ctx.text, ctx.toks, ctx.quotes
    candidates: list[tuple[int, Attribution, int]] = []  # (cue offset, attribution, cue index)
    n = len(toks)
    for i, tok in enumerate(toks):
        if tok.quoted:
            continue
        word = tok.text.rstrip(".")
        low = word.lower()
        cue = None
        found = None
        if low == "according" and i + 1 < n and toks[i + 1].text.lower() == "to":
            cue = "according to"
            found = source_after(text, toks, i + 1)
        elif low in CLAIM_VERBS and _claim_phrase(toks, i):
            # "Donald Trump repeated his claim that ...": the phrase is the cue.
            cue = span_text(text, toks[i : i + 3])
            found = source_before(text, toks, i)
        elif low in ("issued", "released", "issues", "releases") and any(
            t.text.lower() in ("statement", "statements") for t in toks[i + 1 : i + 4]
        ):
            # "Trump issued the following statement:" introduces the quotation that follows.
            cue = span_text(text, toks[i : i + 1])
            found = source_before(text, toks, i)
        elif low == "put" and i + 1 < n and toks[i + 1].text.lower() == "it":
            # 'As Akhil Amar ... put it, "..."'
            cue = "put it"
            found = source_before(text, toks, i)
        elif low in NAMING_VERBS and any(t.quoted for t in toks[i + 1 : i + 8]):
            # 'Trump called the system "rigged"': the words are his, reported, not a quotation.
            cue = word
            found = source_before(text, toks, i)
        elif word in CUES:
            cue = word
            found = source_before(text, toks, i)
            if found is None and low not in LISTENER_CUES and (
                i == 0 or toks[i - 1].quoted or toks[i - 1].text in ',"'
            ):
                found = source_after(text, toks, i)
                if found is not None and found.mention[0].text.lower() in ("that", "to"):
                    found = None
        if cue is None or found is None:
            continue
        attribution = make(ctx, found, cue=cue, at=tok.start)
        if attribution is not None:
            candidates.append((tok.start, attribution, i))
    if not candidates and quotes:
        found = after_quote(text, toks) or introducing_subject(toks)
        if found is not None:
            attribution = make(ctx, found, cue="", at=found.mention[0].start)
            if attribution is not None:
                return attribution
    if not candidates:
        for i, tok in enumerate(toks):
            if not tok.quoted and tok.text.rstrip(".") in PARTICIPLE_CUES and i > 0 and toks[i - 1].text == ",":
                subject = leading_subject(toks)
                if subject:
                    attribution = make(ctx, subject, cue=tok.text, at=tok.start)
                    if attribution is not None:
                        return attribution
        return None
    if not quotes or len(candidates) == 1:
        return candidates[0][1]
    # A named source whose "that"-clause holds the quotation speaks it: in "Rayner promised
    # that the government would build "1.5 million homes", a target analysts said was
    # unrealistic", the analysts did not say the quoted words.
    first_quote_start = next((t.start for t in toks if t.quoted), 0)
    framing = [c for c in candidates if c[1].speaker and c[0] < first_quote_start and _introduces_that(toks, c[2])]
    framing_at = {c[2] for c in framing}
    if framing and all(not c[1].speaker for c in candidates if c[2] not in framing_at):
        return framing[-1][1]
    # Several cues: the one closest to a quotation speaks it.
    first_quote_end = next((t.end for i, t in enumerate(toks) if t.quoted and (i + 1 == len(toks) or not toks[i + 1].quoted)), 0)
    return min(candidates, key=lambda c: abs(c[0] - first_quote_end))[1]


def _after_dateline(toks: list[Tok]) -> int:
    """Index of the first token after a wire dateline ("WASHINGTON —", "Washington (AFP) —")."""
    for k, tok in enumerate(toks[:12]):
        if tok.text in ("\u2014", "-", "--", "\u2013") and k > 0 and not tok.quoted:
            head = toks[0].text
            if head.isupper() and len(head) > 2 or toks[k - 1].text == ")":
                return k + 1
            return 0
    return 0


def _introduces_that(toks: list[Tok], i: int) -> bool:
    """Whether the cue at `toks[i]` is followed by "that" (within the phrase)."""
    return any(t.text.lower() == "that" and not t.quoted for t in toks[i + 1 : i + 5])


def _claim_phrase(toks: list[Tok], i: int) -> bool:
    """Whether `toks[i]` starts "repeated his claim that" / "renewed the warning that"."""
    if i + 3 >= len(toks):
        return False
    owner, noun, that = (t.text.lower() for t in toks[i + 1 : i + 4])
    return owner in ("his", "her", "their", "its", "the", "a") and noun in CLAIM_NOUNS and that == "that"


def leading_subject(toks: list[Tok]) -> Found | None:
    """The capitalised run a sentence opens with, after a dateline ("PARIS, Aug 31 (Reuters) -")."""
    i = _after_dateline(toks)
    if i < len(toks) and toks[i].text in ("The", "A", "An"):
        i += 1
    if i >= len(toks) or not capitalised(toks[i]):
        return None
    k = i
    while k + 1 < len(toks) and capitalised(toks[k + 1]) and k - i < 6:
        k += 1
    run = toks[i : k + 1]
    title, _name = split_name(run)
    return Found(run, title)



def after_quote(text: str, toks: list[Tok]) -> Found | None:
    """'"...," Hannity started.' -- a name and a verb right after a quotation ending in , ? !"""
    for i in range(1, len(toks) - 1):
        if not toks[i - 1].quoted or toks[i].quoted:
            continue
        end = toks[i - 1].end
        signed = toks[i].text in {"\u2014", "-"}
        if not signed and text[end - 2 : end] not in {',"', '?"', '!"'} and text[end - 1 : end + 1] != '",':
            continue
        j = i + 1 if toks[i].text in {'"', ","} else i
        if j >= len(toks):
            return None
        if toks[j].text in {"\u2014", "-"} and j + 1 < len(toks):
            # A pull quote signed with a dash: '"..." — Sonya Herridge'.
            k = j + 1
            while k < len(toks) and (capitalised(toks[k]) or toks[k].text in HONORIFICS) and k - j < 7:
                k += 1
            run = toks[j + 1 : k]
            if run:
                title, name = split_name(run)
                if name_tokens_ok(name):
                    return Found(run, title)
            return None
        first = toks[j]
        if first.text.lower() in PRONOUNS and j + 1 < len(toks) and toks[j + 1].text[0].islower():
            return Found([first])
        if first.text.lower() in ("the", "a", "an"):
            # '"What if ...?" the 43-year-old asked': a description, then a verb of speech.
            for k in range(j + 1, min(j + 6, len(toks))):
                if toks[k].text in CUES:
                    return Found(toks[j:k]) if k > j + 1 else None
                if not toks[k].text[0].isalnum() or toks[k].quoted:
                    break
        if capitalised(first):
            k = j
            while k + 1 < len(toks) and (capitalised(toks[k + 1]) or toks[k + 1].text in PARTICLES) and k - j < 6:
                k += 1
            if k + 1 < len(toks) and toks[k + 1].text[0].islower() and toks[k + 1].text.rstrip(".").isalpha():
                run = toks[j : k + 1]
                title, _name = split_name(run)
                return Found(run, title)
        if first.text.isalpha() and first.text[0].islower() and first.text.lower() not in FUNCTION_WORDS:
            # '"This is fantastic!" beamed Donald Hartley': an unlisted verb, then the name.
            k = j + 1
            while k < len(toks) and (capitalised(toks[k]) or toks[k].text in HONORIFICS) and k - j < 7:
                k += 1
            run = toks[j + 1 : k]
            if run:
                title, name = split_name(run)
                if name_tokens_ok(name):
                    return Found(run, title)
        return None
    return None


def introducing_subject(toks: list[Tok]) -> Found | None:
    """'Clinton proclaimed at a press conference: "..."' -- the subject of the clause introducing a quotation."""
    first_quoted = next((i for i, t in enumerate(toks) if t.quoted), None)
    if first_quoted is None or first_quoted < 2:
        return None
    intro = toks[first_quoted - 1]
    if intro.text == '"' and first_quoted >= 2:
        intro = toks[first_quoted - 2] if toks[first_quoted - 1].quoted else intro
    if intro.text not in {":", ","} and not (
        intro.text.isalpha() and intro.text[0].islower()
    ):
        return None
    # "... with Trump reportedly yelling: "..."": a name, adverbs and a verb right before.
    k = first_quoted - 2 if intro is toks[first_quoted - 1] or intro.text in {":", ","} else first_quoted - 1
    if intro.text not in {":", ","}:
        k = first_quoted - 1
    steps = 0
    while k >= 0 and steps < 3 and toks[k].text.isalpha() and toks[k].text[0].islower() and toks[k].text.lower() not in FUNCTION_WORDS:
        k -= 1
        steps += 1
    if steps and k >= 0 and not toks[k].quoted:
        if toks[k].text.lower() in ("he", "she"):
            return Found([toks[k]])
        if capitalised(toks[k]):
            start = run_back(toks, k)
            run = toks[start : k + 1]
            title, name = split_name(run)
            if name_tokens_ok(name):
                return Found(run, title, toks[role_back(toks, start) : start])
    best = None
    for p in range(first_quoted):
        if p and toks[p - 1].text not in {",", "-", "\u2014", ":", ";"}:
            continue
        tok = toks[p]
        if tok.text.lower() in PRONOUNS and tok.text.lower() not in ("i", "we"):
            best = Found([tok])
            continue
        if tok.text.lower() in ("the", "a", "an") and p + 1 < first_quoted:
            k = p + 1
            while k < first_quoted - 1 and k - p < 6 and (toks[k].text[0].isupper() or toks[k].text[0].isdigit()):
                k += 1
            if k > p + 1 and toks[k].text[0].islower():
                k -= 1  # "The Kremlin celebrated": the name ends before the verb
            if k > p and toks[k].text.isalpha() and toks[k].text.lower() not in FUNCTION_WORDS:
                best = Found(toks[p : k + 1])
                continue
        if capitalised(tok) or tok.text in HONORIFICS:
            k = p
            while k + 1 < first_quoted and (capitalised(toks[k + 1]) or toks[k + 1].text in PARTICLES) and k - p < 6:
                k += 1
            run = toks[p : k + 1]
            title, name = split_name(run)
            nxt = toks[k + 1].text if k + 1 < first_quoted else ""
            if name_tokens_ok(name) and nxt and (nxt[0].islower() or nxt in {",", "(", ":"}):
                best = Found(run, title, toks[role_back(toks, p) : p])
    return best
