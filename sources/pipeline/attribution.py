"""Step 4: attribute quotations and reported speech to speakers.

Works on tokens outside quotation marks: a speech cue ("said", "told", "according to")
anchors the search, the capitalised run next to it is split into a title ("Kremlin press
secretary", "U.K. Prime Minister") and a name. A first pass over the article registers every
full name it introduces, so a later "Peskov said" resolves to "Dmitry Peskov" with his role,
and "he told the BBC" resolves to the most recent named speaker or sentence subject. Every
step is a bounded look around a token, so the whole step is linear in the text.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Sequence
from dataclasses import dataclass
from typing import NamedTuple

from .quotes import Quote
from .sentences import Sentence


@dataclass(frozen=True, slots=True)
class Attribution:
    sentence: int  # index into the sentences
    speaker: str  # the resolved full name; "" when the source is not a named person ("he" unresolved, "a spokesman")
    mention: str  # the source as written in this sentence ("he", "Peskov", "a spokesman")
    role: str  # title seen in the text for this speaker ("Kremlin press secretary")
    cue: str  # "said", "told", "according to", ...
    kind: str  # "quote" (the sentence carries a quotation) or "reported"
    mention_start: int  # absolute offsets of the mention, -1 when inherited from a neighbour
    mention_end: int
    quotes: tuple[int, ...] = ()  # indices of the quotations overlapping this sentence

    @property
    def surname(self) -> str:
        return self.speaker.split()[-1] if self.speaker else ""


@dataclass(slots=True)
class _Entity:
    name: str
    role: str = ""


_CUES = frozenset(
    """said says say told tells added adds noted notes stated explained explains wrote writes
    asked asks insisted insists warned warns claimed declared continued replied replies
    acknowledged acknowledges recalled recalls suggested suggests conceded concedes announced
    announces argued argues predicted predicts tweeted maintained maintains countered counters
    contended contends observed remarked urged urges vowed vows promised promises testified
    stressed stresses emphasized emphasised emphasizes admitted admits boasted boasts complained
    complains joked quipped cautioned cautions alleged alleges exclaimed mused lamented laments
    reiterated reiterates affirmed confirmed confirms denied denies responded responds
    recounted commented comments proclaimed proclaims retorted assured assures pointed
    charged charges opined scoffed yelled shouted screamed whispered answered answers reported
    reports read reads chanted interjected continues agrees""".split()
)
_PARTICIPLE_CUES = frozenset(
    """saying adding noting stating telling arguing insisting warning claiming explaining
    writing declaring calling""".split()
)
# Their object is the listener ("told AFP"), never the speaker.
_LISTENER_CUES = frozenset("told tells asked asks urged urges assured assures".split())
_AUX = frozenset(
    """also has have had would will could may might later then previously reportedly once
    repeatedly recently further again publicly privately earlier frequently often simply flatly
    quietly bluntly angrily only just has already even never always first""".split()
)
_PASSIVE = frozenset("was were been being be is are get got".split())
_PRONOUNS = frozenset("he she they i we".split())
_DETERMINERS = frozenset("the a an another one two three several some many his her their its our".split())
_CAP_STOP = frozenset(
    """The A An But And In On At For If When While After Before He She It They We I You This That
    Those These There His Her Their Its Our As So Yet Or Also Still Meanwhile However Then Now
    Monday Tuesday Wednesday Thursday Friday Saturday Sunday Today Yesterday Tonight According
    Asked Speaking Like With Without From To Of By Despite Although Though Because Since Until
    Even Not No Yes What Why How Who Where Which Mr Mrs Ms Here There Tuesday's Sunday's
    Last Next Earlier Later During Under Over Among Instead Indeed Thus Still Once Whether""".split()
)
_HONORIFICS = frozenset("Mr. Mrs. Ms. Mx. Dr. Prof. Mr Mrs Ms Dr Sir Dame Lord Lady Rev.".split())
_TITLE_CAPS = frozenset(
    """President Vice Prime Minister Secretary Senator Sen. Rep. Representative Gov. Governor Mayor
    Chancellor Chairman Chairwoman Chair Director General Gen. Lt. Col. Sgt. Capt. Adm. Admiral
    Judge Justice Chief Executive CEO Spokesman Spokeswoman Spokesperson Press Ambassador
    Attorney Commissioner Leader Mr. Mrs. Ms. Dr. Prof. Professor Rev. Sir Dame Lord Lady King
    Queen Prince Princess Pope Foreign Defense Defence Finance Health Interior Home Deputy
    Acting Former Senior Sheriff Officer Councillor Councilman Congressman Congresswoman
    Candidate Nominee State Treasury Commerce Labor Labour Energy Education Justice Homeland
    Security National Adviser Advisor Minority Majority House Senate Speaker Emeritus Coach
    Manager Editor Founder Chief-of-Staff Staff Cardinal Bishop Archbishop Rabbi Imam
    President-elect Sen Rep Gov Gen Lt Col Capt Dr Prof Director-General Secretary-General
    Premier Marshal Superintendent Inspector Detective Constable Corporal Sergeant Captain
    Colonel Major Lieutenant Commander Chairperson Economist Analyst Mx.""".split()
)
_ROLE_WORDS = frozenset(
    """president vice prime minister secretary senator representative governor mayor chancellor
    chairman chairwoman chair director general judge justice chief executive spokesman
    spokeswoman spokesperson press ambassador attorney commissioner leader professor foreign
    defense defence finance deputy acting former senior sheriff officer official officials
    adviser advisor aide aides analyst economist strategist pollster candidate nominee campaign
    manager lawyer diplomat envoy head founder chief-of-staff staff member members lawmaker
    lawmakers legislator spokesmen spokespeople representative researcher scientist expert
    experts author editor correspondent reporter commentator host anchor columnist activist
    advocate organizer chairperson owner partner president-elect congressman congresswoman
    state national security house white party co-founder ceo cfo coo secretary-general
    director-general policy communications political press-secretary operative consultant
    economist""".split()
)
_FUNCTION_WORDS = frozenset(
    """when if who which that as and or but then also to of in on at for with by from after before
    while because so not it this there what why how where whom whose""".split()
)
# Words before a quotation that mark a label or a scare quote, not speech.
_SCARE_INTROS = frozenset(
    """called calling dubbed dubbing named titled labelled labeled branded branding termed
    nicknamed describing described known so-called""".split()
)
# A run ending in one of these names an organisation: "Finance Department" is not Mr. Department.
_ORG_WORDS = frozenset(
    """Department Ministry Institute Bank Party Committee Agency Office Council University
    Association Bureau Commission Court Organization Organisation Times Post News Journal
    Service Administration Foundation Center Centre Board Authority Fund Union Group Agency
    Corporation Company Inc. Ltd. Institution Academy Federation League Network Campaign
    Kremlin Pentagon Congress Senate House Parliament Government Police Army Navy Embassy""".split()
)
_PARTICLES = frozenset("de van von bin al da la le del der di du dos ibn el".split())
_TOKEN = re.compile(r"\w+(?:['\-.]\w+)*\.?|[^\w\s]")


class _Tok(NamedTuple):
    start: int
    end: int
    text: str
    quoted: bool

    @property
    def bare(self) -> str:
        return self.text.rstrip(".") if not _is_initial(self.text) else self.text


def _is_initial(text: str) -> bool:
    return len(text) <= 6 and "." in text and text.replace(".", "").isupper()


def _capitalised(tok: _Tok) -> bool:
    t = tok.text
    if tok.quoted or not t[0].isupper():
        return False
    return t.rstrip(".") not in _CAP_STOP


def _tokens(text: str, sentence: Sentence, quote_spans: Sequence[tuple[int, int]], ends: Sequence[int]) -> list[_Tok]:
    out = []
    base = sentence.start
    # First quotation ending after the sentence starts (bisect keeps this linear overall).
    qi = bisect_right(ends, base)
    n = len(quote_spans)
    for match in _TOKEN.finditer(sentence.text):
        start = base + match.start()
        while qi < n and quote_spans[qi][1] <= start:
            qi += 1
        quoted = qi < n and quote_spans[qi][0] <= start
        out.append(_Tok(start, base + match.end(), match.group(), quoted))
    return out


def _split_name(run: list[_Tok]) -> tuple[list[_Tok], list[_Tok]]:
    """Split a capitalised run into (title tokens, name tokens)."""
    if run and run[-1].text.rstrip(".") in _ORG_WORDS:
        return [], run
    i = len(run)
    while i > 0 and run[i - 1].text not in _TITLE_CAPS and run[i - 1].bare not in _TITLE_CAPS:
        i -= 1
    name = run[i:]
    # "Mr." kept off the name; a possessive or a lone all-caps acronym is no person.
    return run[:i], name


def _run_back(toks: list[_Tok], j: int) -> int:
    """Index of the first token of the capitalised run ending at `j` (inclusive)."""
    i = j
    while i - 1 >= 0 and i > j - 8:
        prev = toks[i - 1]
        if _capitalised(prev) or (prev.text in _HONORIFICS and not prev.quoted) or prev.text in _PARTICLES and i - 2 >= 0 and _capitalised(toks[i - 2]):
            i -= 1
        else:
            break
    return i


def _role_back(toks: list[_Tok], i: int) -> int:
    """Extend a title backwards over lowercase role words ("Kremlin press secretary")."""
    k = i
    while k - 1 >= 0 and k > i - 8:
        prev = toks[k - 1]
        low = prev.text.lower()
        if prev.quoted:
            break
        if low in _ROLE_WORDS or low.endswith("'s") and _capitalised(prev) or _capitalised(prev) and k < i and toks[k].text.lower() in _ROLE_WORDS or low == "of" and k < i and k - 2 >= 0 and (
            toks[k - 2].text.lower() in _ROLE_WORDS or toks[k - 2].text in _TITLE_CAPS
        ):
            k -= 1
        else:
            break
    return k


def _text(text: str, toks: list[_Tok]) -> str:
    return text[toks[0].start : toks[-1].end].rstrip(".,") if toks else ""


class _Registry:
    """Full names introduced by the article, looked up by full name or surname."""

    def __init__(self) -> None:
        self.by_key: dict[str, list[tuple[int, _Entity]]] = {}

    def add(self, pos: int, name: str, role: str) -> _Entity:
        entity = self.lookup(name, pos)
        if entity is None or entity.name.lower() != name.lower() and len(name.split()) > len(entity.name.split()):
            entity = _Entity(name, role)
        elif role and not entity.role:
            entity.role = role
        for key in {name.lower(), name.split()[-1].lower()}:
            self.by_key.setdefault(key, []).append((pos, entity))
        return entity

    def lookup(self, name: str, pos: int) -> _Entity | None:
        entries = self.by_key.get(name.lower()) or self.by_key.get(name.split()[-1].lower())
        if not entries:
            return None
        before = [e for p, e in entries if p <= pos]
        return (before or [entries[0][1]])[-1]


def _name_tokens_ok(name: list[_Tok]) -> bool:
    if not name or len(name) > 5:
        return False
    last = name[-1].text
    return not (last.endswith("'s") or last.endswith("'"))


def _clean_name(text: str, name: list[_Tok]) -> str:
    toks = [t for t in name if t.text not in _HONORIFICS]
    return _text(text, toks or name)


def attribute(text: str, sentences: Sequence[Sentence], quotes: Sequence[Quote]) -> list[Attribution | None]:
    """One attribution (or None) per sentence: who says or is reported as saying it."""
    spans = [(q.start, q.end) for q in quotes]
    ends = [q.end for q in quotes]
    toks_by_sentence = [_tokens(text, s, spans, ends) for s in sentences]
    registry = _Registry()
    persons: set[int] = set()  # id() of entities known to be people (named with a title or speaking)
    for toks in toks_by_sentence:
        j = 0
        while j < len(toks):
            if not _capitalised(toks[j]):
                j += 1
                continue
            k = j
            while k + 1 < len(toks) and (_capitalised(toks[k + 1]) or toks[k + 1].text in _HONORIFICS) and k - j < 7:
                k += 1
            run = toks[j : k + 1]
            title, name = _split_name(run)
            if name and name[-1].text.endswith("'s") and len(name) <= 5:
                # "President Donald Trump's overhaul" introduces Donald Trump all the same.
                name = [*name[:-1], _Tok(name[-1].start, name[-1].end - 2, name[-1].text[:-2], False)]
            if _name_tokens_ok(name) and (len(name) >= 2 or title):
                role_start = _role_back(toks, j)
                role = _text(text, toks[role_start:j] + title)
                entity = registry.add(toks[j].start, _clean_name(text, name), role)
                if title or role or len(name) >= 2:
                    persons.add(id(entity))
            j = k + 1

    quote_index = _quote_index(sentences, quotes)
    salient: list[tuple[int, _Entity]] = []
    results: list[Attribution | None] = []
    for index, (sentence, toks) in enumerate(zip(sentences, toks_by_sentence, strict=True)):
        found = _explicit(text, index, toks, registry, salient, quote_index[index])
        subject = _subject(text, toks, registry, persons)
        if found is not None and found.speaker and _is_person(found.speaker, found.role):
            entity = registry.lookup(found.speaker, found.mention_start) or _Entity(found.speaker, found.role)
            salient.append((sentence.start, entity))
        elif subject is not None:
            salient.append((sentence.start, subject))
        results.append(found)
    _inherit(results, sentences, quotes, quote_index, text)
    # Last resort for a quotation standing alone: the person the story was just about.
    paragraph_of = {s.start: s.paragraph for s in sentences}
    for i, sentence in enumerate(sentences):
        if results[i] is not None or not sentence.text.startswith('"') or not quote_index[i]:
            continue
        recent = [
            e for p, e in salient if p < sentence.start and sentence.paragraph - paragraph_of.get(p, -9) <= 2
        ]
        if recent:
            entity = recent[-1]
            results[i] = Attribution(i, entity.name, "", entity.role, "", "quote", -1, -1, quote_index[i])
    return results


def _is_person(name: str, role: str) -> bool:
    """Whether "he"/"she" can refer to this speaker: not an organisation."""
    words = name.split()
    return bool(words) and words[-1].rstrip(".") not in _ORG_WORDS and (len(words) >= 2 or bool(role) or words[0] not in _ORG_WORDS)


def _quote_index(sentences: Sequence[Sentence], quotes: Sequence[Quote]) -> list[tuple[int, ...]]:
    """For each sentence, the indices of the quotations that overlap it (two-pointer walk)."""
    out: list[tuple[int, ...]] = []
    first = 0
    for s in sentences:
        while first < len(quotes) and quotes[first].end <= s.start:
            first += 1
        hits = []
        q = first
        while q < len(quotes) and quotes[q].start < s.end:
            if quotes[q].end > s.start:
                hits.append(q)
            q += 1
        out.append(tuple(hits))
    return out


def _subject(text: str, toks: list[_Tok], registry: _Registry, persons: set[int]) -> _Entity | None:
    """The person a sentence opens with ("Zelensky had resisted ...")."""
    if not toks or not _capitalised(toks[0]):
        return None
    k = 0
    while k + 1 < len(toks) and _capitalised(toks[k + 1]) and k < 6:
        k += 1
    _title, name = _split_name(toks[: k + 1])
    if not _name_tokens_ok(name):
        return None
    entity = registry.lookup(_clean_name(text, name), toks[0].start)
    return entity if entity is not None and id(entity) in persons else None


def _make(text, index, registry, salient, toks, cue_tok, cue, mention_toks, title_toks, role_toks, quotes) -> Attribution | None:
    """Build an attribution from the tokens found around a cue."""
    kind = "quote" if quotes else "reported"
    if not mention_toks:
        return None
    mention = _text(text, mention_toks)
    low = mention.lower()
    m_start, m_end = mention_toks[0].start, mention_toks[-1].end
    if low in _PRONOUNS:
        speaker, role = "", ""
        if low in ("he", "she"):
            before = [e for p, e in salient if p <= cue_tok.start]
            if before:
                speaker, role = before[-1].name, before[-1].role
        return Attribution(index, speaker, mention, role, cue, kind, m_start, m_end, quotes)
    name = [t for t in mention_toks if _capitalised(t) or t.text in _PARTICLES or t.text in _HONORIFICS]
    title, name = _split_name(name)
    if not _name_tokens_ok(name) or not name[0].text[0].isupper():
        return Attribution(index, "", mention, "", cue, kind, m_start, m_end, quotes)
    full = _clean_name(text, name)
    title = [t for t in title if t.text not in _HONORIFICS]
    role = _text(text, role_toks + title) if (role_toks or title) else ""
    entity = registry.lookup(full, m_start)
    if entity is not None and (len(name) == 1 or entity.name.lower() == full.lower()):
        return Attribution(index, entity.name, mention, role or entity.role, cue, kind, m_start, m_end, quotes)
    return Attribution(index, full, mention, role, cue, kind, m_start, m_end, quotes)


def _source_before(text: str, toks: list[_Tok], i: int) -> tuple[list[_Tok], list[_Tok], list[_Tok]] | None:
    """Tokens of the source standing before the cue at `i`: (mention, title, role)."""
    j = i - 1
    while j >= 0 and toks[j].text.lower() in _AUX and not toks[j].quoted:
        j -= 1
    if j < 0 or toks[j].quoted:
        return None
    if toks[j].text == ")":
        # "Rep. Earl Blumenauer (D-Ore.) said": the parenthetical is a label, not the source.
        k = j
        while k > 0 and j - k < 10 and toks[k].text != "(":
            k -= 1
        if toks[k].text == "(" and k > 0:
            return _source_before(text, toks, k)
        return None
    tok = toks[j]
    low = tok.text.lower()
    if low in _PASSIVE:
        return None
    if low in _PRONOUNS:
        return [tok], [], []
    if tok.text == ",":
        # "Starmer, who is hosting a summit, said": the name stands before the earlier comma.
        k = j - 1
        while k >= 0 and j - k < 40 and toks[k].text != "," and not toks[k].quoted:
            k -= 1
        if k <= 0 or toks[k].text != "," or j - k < 2:
            return _source_before(text, toks, j) if j > 0 and toks[j - 1].text == ")" else None
        appos = toks[k + 1 : j]
        if all(_capitalised(t) or t.text in _PARTICLES or _is_initial(t.text) for t in appos):
            # "his wife, Gabriela Lazar, wrote": the appositive is the name.
            title, _name = _split_name(appos)
            return appos, title, toks[_role_back(toks, k) : k]
        before = toks[k - 1]
        if not (_capitalised(before) or before.text.lower() in _PRONOUNS or before.text[0].islower()):
            return None
        found = _source_before(text, toks, k)
        if found is None:
            return None
        mention, title, role = found
        if (
            not role
            and appos[0].text.lower() in ("the", "a", "an")
            and any(t.text.lower() in _ROLE_WORDS for t in appos)
        ):
            role = appos[1:]
        return mention, title, role
    if _capitalised(tok) or tok.text in _HONORIFICS:
        start = _run_back(toks, j)
        run = toks[start : j + 1]
        title, _name = _split_name(run)
        role_start = _role_back(toks, start)
        return run, title, toks[role_start:start]
    if tok.text[0].islower() and tok.text.isalpha():
        # A description: "a spokesman", "federal prosecutors", "Trump's campaign manager".
        k = j
        while k - 1 >= 0 and j - k < 5 and not toks[k - 1].quoted:
            prev = toks[k - 1]
            low_prev = prev.text.lower()
            if low_prev in _DETERMINERS or low_prev.endswith("'s"):
                start = k - 1
                # "a spokesman for the embassy": take the head noun phrase in front too.
                if start >= 2 and toks[start - 1].text.lower() in ("for", "of", "at", "from", "with"):
                    m = start - 2
                    while m >= 0 and start - m < 6 and toks[m].text.isalpha() and not toks[m].quoted:
                        if toks[m].text.lower() in _DETERMINERS:
                            start = m
                            break
                        if toks[m].text.lower() in _FUNCTION_WORDS:
                            break
                        m -= 1
                    else:
                        if m < 0:
                            start = 0
                return toks[start : j + 1], [], []
            if prev.text.isalpha() and low_prev not in _FUNCTION_WORDS and (
                prev.text[0].islower() or _capitalised(prev)
            ):
                k -= 1
                continue
            break
        if low in _FUNCTION_WORDS:
            return None
        if k == 0 or toks[k - 1].quoted or toks[k - 1].text in {",", '"', ":", ";"}:
            return toks[k : j + 1], [], []
    return None


def _source_after(text: str, toks: list[_Tok], i: int) -> tuple[list[_Tok], list[_Tok], list[_Tok]] | None:
    """Tokens of the source following a cue ("said Peskov", "according to a spokesman")."""
    j = i + 1
    if j < len(toks) and toks[j].text.lower() in _DETERMINERS:
        j += 1
        if j < len(toks) and toks[j].text[0].islower() and toks[j].text.lower() not in _ROLE_WORDS:
            # "said the woman, who ...", "asked a longtime adviser to both Clintons"
            k = j
            while k < len(toks) and k - j < 8 and toks[k].text not in {",", ".", ";", ":", '"', "("} and not toks[k].quoted and toks[k].text.lower() not in ("who", "which", "that", "as"):
                k += 1
            return toks[i + 1 : k], [], []
    start = j
    while j < len(toks) and j - start < 10 and not toks[j].quoted:
        t = toks[j]
        low = t.text.lower()
        lower_word = t.text.isalpha() and t.text[0].islower() and low not in _FUNCTION_WORDS and low not in _CUES
        after_title = j > start and (toks[j - 1].text in _TITLE_CAPS or toks[j - 1].text.lower() in _ROLE_WORDS)
        if _capitalised(t) or t.text in _HONORIFICS or low in _ROLE_WORDS or lower_word or (low == "of" and after_title) or low in _PARTICLES:
            j += 1
            if t.text.endswith(".") and not _is_initial(t.text) and t.text not in _HONORIFICS and t.text not in _TITLE_CAPS:
                break
        else:
            break
    while j > start and toks[j - 1].text.lower() == "of":
        j -= 1
    if j == start:
        return None
    seg = toks[start:j]
    caps_end = len(seg)
    while caps_end > 0 and not (_capitalised(seg[caps_end - 1]) or seg[caps_end - 1].text in _HONORIFICS):
        caps_end -= 1
    first_cap = caps_end
    while first_cap > 0 and (_capitalised(seg[first_cap - 1]) or seg[first_cap - 1].text in _HONORIFICS):
        first_cap -= 1
    if first_cap == caps_end:
        # No name: a description ("a spokesman for the campaign").
        if any(t.text.lower() in _ROLE_WORDS for t in seg):
            return toks[i + 1 : j], [], []
        return None
    seg = seg[:caps_end]
    run = seg[first_cap:]
    title, _name = _split_name(run)
    return run, title, seg[:first_cap]


def _explicit(text, index, toks, registry, salient, quotes) -> Attribution | None:
    candidates: list[tuple[int, Attribution]] = []
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
            found = _source_after(text, toks, i + 1)
        elif word in _CUES:
            cue = word
            found = _source_before(text, toks, i)
            if found is None and low not in _LISTENER_CUES and (
                i == 0 or toks[i - 1].quoted or toks[i - 1].text in ',"'
            ):
                found = _source_after(text, toks, i)
                if found is not None and found[0][0].text.lower() in ("that", "to"):
                    found = None
        if cue is None or found is None:
            continue
        mention, title, role = found
        attribution = _make(text, index, registry, salient, toks, tok, cue, mention, title, role, quotes)
        if attribution is not None:
            candidates.append((tok.start, attribution))
    if not candidates and quotes:
        found = _after_quote(text, toks) or _introducing_subject(toks)
        if found is not None:
            mention, title, role = found
            cue_tok = mention[0]
            attribution = _make(text, index, registry, salient, toks, cue_tok, "", mention, title, role, quotes)
            if attribution is not None:
                return attribution
    if not candidates:
        for i, tok in enumerate(toks):
            if not tok.quoted and tok.text.rstrip(".") in _PARTICIPLE_CUES and i > 0 and toks[i - 1].text == ",":
                subject = _leading_subject(toks)
                if subject:
                    mention, title, role = subject
                    attribution = _make(text, index, registry, salient, toks, tok, tok.text, mention, title, role, quotes)
                    if attribution is not None:
                        return attribution
        return None
    if not quotes or len(candidates) == 1:
        return candidates[0][1]
    # Several cues: the one closest to a quotation speaks it.
    first_quote_end = next((t.end for i, t in enumerate(toks) if t.quoted and (i + 1 == len(toks) or not toks[i + 1].quoted)), 0)
    return min(candidates, key=lambda c: abs(c[0] - first_quote_end))[1]


def _leading_subject(toks: list[_Tok]):
    i = 0
    if toks and toks[0].text in ("The", "A", "An"):
        i = 1
    if i >= len(toks) or not _capitalised(toks[i]):
        return None
    k = i
    while k + 1 < len(toks) and _capitalised(toks[k + 1]) and k - i < 6:
        k += 1
    run = toks[i : k + 1]
    title, _name = _split_name(run)
    return run, title, []


def _inherit(results: list[Attribution | None], sentences, quotes, quote_index, text) -> None:
    """Give quoted sentences without a cue the speaker of the quotation they continue."""
    n = len(sentences)
    # A quotation spanning several sentences has one speaker.
    by_quote: dict[int, Attribution] = {}
    for i, found in enumerate(results):
        if found is not None and found.kind == "quote":
            for q in quote_index[i]:
                by_quote.setdefault(q, found)
    for i in range(n):
        if results[i] is not None or not quote_index[i]:
            continue
        for q in quote_index[i]:
            if q in by_quote:
                results[i] = _inherited(by_quote[q], i, quote_index[i])
                break
    for i in range(n):
        if results[i] is not None or not quote_index[i]:
            continue
        sentence = sentences[i]
        if not sentence.text.startswith('"'):
            continue
        donor = None
        if i > 0 and sentences[i - 1].paragraph == sentence.paragraph and _is_quote_attr(results[i - 1]):
            donor = results[i - 1]
        elif i + 1 < n and sentences[i + 1].paragraph == sentence.paragraph and _is_quote_attr(results[i + 1]) and sentences[i + 1].text.startswith('"'):
            donor = results[i + 1]
        elif i > 0 and sentences[i - 1].paragraph == sentence.paragraph - 1 and results[i - 1] is not None:
            # A paragraph that is only a quotation continues the speaker of the one before.
            donor = results[i - 1]
        if donor is None:
            # Wire style: a quote left open at a paragraph's end goes on in the next paragraph,
            # which may carry the attribution ("... salaries.\n"Those who say otherwise," he said).
            j = i
            while j + 1 < n and sentences[j + 1].paragraph == sentence.paragraph:
                j += 1
            last = quotes[quote_index[j][-1]] if quote_index[j] else None
            if (
                last is not None
                and not last.closed
                and j + 1 < n
                and sentences[j + 1].text.startswith('"')
                and _is_quote_attr(results[j + 1])
            ):
                donor = results[j + 1]
        if donor is not None:
            results[i] = _inherited(donor, i, quote_index[i])
            for q in quote_index[i]:
                by_quote.setdefault(q, results[i])
    for i in range(n):
        if results[i] is None and quote_index[i]:
            donor = next((by_quote[q] for q in quote_index[i] if q in by_quote), None)
            if donor is not None:
                results[i] = _inherited(donor, i, quote_index[i])


def _is_quote_attr(found: Attribution | None) -> bool:
    return found is not None and found.kind == "quote"


def _inherited(donor: Attribution, index: int, quotes: tuple[int, ...]) -> Attribution:
    return Attribution(index, donor.speaker, donor.mention, donor.role, donor.cue, "quote", -1, -1, quotes)


def _after_quote(text: str, toks: list[_Tok]):
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
            while k < len(toks) and (_capitalised(toks[k]) or toks[k].text in _HONORIFICS) and k - j < 7:
                k += 1
            run = toks[j + 1 : k]
            if run:
                title, name = _split_name(run)
                if _name_tokens_ok(name):
                    return run, title, []
            return None
        first = toks[j]
        if first.text.lower() in _PRONOUNS and j + 1 < len(toks) and toks[j + 1].text[0].islower():
            return [first], [], []
        if _capitalised(first):
            k = j
            while k + 1 < len(toks) and (_capitalised(toks[k + 1]) or toks[k + 1].text in _PARTICLES) and k - j < 6:
                k += 1
            if k + 1 < len(toks) and toks[k + 1].text[0].islower() and toks[k + 1].text.rstrip(".").isalpha():
                run = toks[j : k + 1]
                title, _name = _split_name(run)
                return run, title, []
        if first.text.isalpha() and first.text[0].islower() and first.text.lower() not in _FUNCTION_WORDS:
            # '"This is fantastic!" beamed Donald Hartley': an unlisted verb, then the name.
            k = j + 1
            while k < len(toks) and (_capitalised(toks[k]) or toks[k].text in _HONORIFICS) and k - j < 7:
                k += 1
            run = toks[j + 1 : k]
            if run:
                title, name = _split_name(run)
                if _name_tokens_ok(name):
                    return run, title, []
        return None
    return None


def _introducing_subject(toks: list[_Tok]):
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
    while k >= 0 and steps < 3 and toks[k].text.isalpha() and toks[k].text[0].islower() and toks[k].text.lower() not in _FUNCTION_WORDS:
        k -= 1
        steps += 1
    if steps and k >= 0 and not toks[k].quoted:
        if toks[k].text.lower() in ("he", "she"):
            return [toks[k]], [], []
        if _capitalised(toks[k]):
            start = _run_back(toks, k)
            run = toks[start : k + 1]
            title, name = _split_name(run)
            if _name_tokens_ok(name):
                return run, title, toks[_role_back(toks, start) : start]
    best = None
    for p in range(first_quoted):
        if p and toks[p - 1].text not in {",", "-", "\u2014", ":", ";"}:
            continue
        tok = toks[p]
        if tok.text.lower() in _PRONOUNS and tok.text.lower() not in ("i", "we"):
            best = [tok], [], []
            continue
        if tok.text.lower() in ("the", "a", "an") and p + 1 < first_quoted:
            k = p + 1
            while k < first_quoted - 1 and k - p < 6 and (toks[k].text[0].isupper() or toks[k].text[0].isdigit()):
                k += 1
            if k > p + 1 and toks[k].text[0].islower():
                k -= 1  # "The Kremlin celebrated": the name ends before the verb
            if k > p and toks[k].text.isalpha() and toks[k].text.lower() not in _FUNCTION_WORDS:
                best = toks[p : k + 1], [], []
                continue
        if _capitalised(tok) or tok.text in _HONORIFICS:
            k = p
            while k + 1 < first_quoted and (_capitalised(toks[k + 1]) or toks[k + 1].text in _PARTICLES) and k - p < 6:
                k += 1
            run = toks[p : k + 1]
            title, name = _split_name(run)
            nxt = toks[k + 1].text if k + 1 < first_quoted else ""
            if _name_tokens_ok(name) and nxt and (nxt[0].islower() or nxt in {",", "(", ":"}):
                best = run, title, toks[_role_back(toks, p) : p]
    return best
