"""Quote attribution measured against PolNeAR (Newell et al., LREC 2018).

PolNeAR annotates every attribution in its articles as Source / Cue / Content spans in brat
standoff. We keep the attributions whose content is a direct quotation (the content is
wholly inside double quotation marks), run the pipeline over the raw article text and ask:

- recall: is the quotation found (one of our quotations covers the start of its content)?
- accuracy: is it attributed to the annotated source? Named sources ("Trump", "Kellyanne
  Conway") match on the full name or surname; pronoun and descriptive sources ("he", "a
  spokesman") match when our mention is the annotated one or our resolved name appears in it.
- precision: of the quotations our pipeline attributes to someone, how many lie inside the
  annotated content of some attribution (the stricter `precision_opening` asks that the
  quotation open one: it counts the second half of '"...," he said. "..."' as a miss).
- indirect: attributions whose content is reported speech (not a direct quotation) with a named
  source ("Trump repeated his claim that ..."): recall is the sentence holding the content being
  attributed at all, accuracy its being attributed to the annotated source. Reported both over
  every such attribution (PolNeAR also annotates beliefs, actions and headlines: "Trump largely
  eschewed politics") and over those whose annotated cue is a verb of speech.

When several annotators annotated one article, the first annotation file (sorted) is used.
The data is read from the path given; nothing is copied into the repository.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from sources.pipeline import analyse
from sources.pipeline.normalise import normalise

# Verbs of speech, by stem, written here apart from the pipeline's own cue list so that the
# annotation's cue decides which attributions are reported speech, not the code under test.
_SPEECH = """say said tell told add note state explain wrote write ask insist warn claim declar repl
    acknowledg recall suggest conced announc argu predict tweet maintain counter contend observ
    remark urg vow promis testif stress emphasi admit boast complain jok cautio alleg denie deny
    respon comment proclaim retort assur charg repeat reiterat affirm confirm insist pledg
    accus"""
# "call" (calling for action, calling someone names) and "blame" are left out: not utterances.
SPEECH_STEMS = tuple(_SPEECH.split())
_QUOTE_CHARS = "\"\u201c\u201d\u201e\u201f"
_NOT_NAMES = frozenset(
    ["he", "she", "they", "it", "i", "we", "you", "the", "a", "an", "his", "her", "their", "this", "that", "these", "those", "one", "some"]
)


@dataclass(slots=True)
class _Annotated:
    source: str
    content: str
    named: bool


@dataclass(slots=True)
class Counts:
    total: int = 0
    found: int = 0
    correct: int = 0

    def as_dict(self) -> dict:
        return {
            "quotes": self.total,
            "recall": round(self.found / self.total, 4) if self.total else None,
            "accuracy": round(self.correct / self.total, 4) if self.total else None,
        }


@dataclass(slots=True)
class _Totals:
    named: Counts = field(default_factory=Counts)
    other: Counts = field(default_factory=Counts)
    indirect: Counts = field(default_factory=Counts)  # named sources of indirect (unquoted) content
    indirect_speech: Counts = field(default_factory=Counts)  # ... whose cue is a verb of speech
    attributed: int = 0
    attributed_annotated: int = 0
    attributed_opening: int = 0  # the stricter count: the quotation opens an annotated content
    articles: int = 0
    errors: list[dict] = field(default_factory=list)


def _parse_ann(
    path: Path,
) -> Iterator[tuple[tuple[int, int, str], tuple[int, int, str] | None, tuple[int, int, str] | None]]:
    """(content, source, cue) spans of every attribution in a brat standoff file."""
    spans: dict[str, tuple[int, int, str]] = {}
    relations: list[dict[str, str]] = []
    for line in path.read_text(encoding="utf-8").splitlines():
        parts = line.split("\t")
        if line.startswith("T") and len(parts) >= 3:
            label_offsets = parts[1].split(" ")
            # Discontinuous spans ("0 5;9 12") are taken from their first start to last end.
            offsets = " ".join(label_offsets[1:]).replace(";", " ").split()
            spans[parts[0]] = (int(offsets[0]), int(offsets[-1]), parts[2])
        elif line.startswith("E") and len(parts) >= 2:
            relations.append(dict(arg.split(":", 1) for arg in parts[1].split() if ":" in arg))
    for relation in relations:
        content = spans.get(relation.get("Content", ""))
        if content is not None:
            yield content, spans.get(relation.get("Source", "")), spans.get(relation.get("Cue", ""))


def _is_direct(raw: str, start: int, end: int) -> bool:
    """The content is wholly a quotation: quote marks at (or just outside) both ends."""
    def marks(part: str) -> str:
        return part.replace("``", '"').replace("''", '"')

    inner = marks(raw[start:end]).strip()
    before = marks(raw[max(0, start - 3) : start]).strip()
    after = marks(raw[end : end + 4]).strip(" ,.")
    opens = inner[:1] in _QUOTE_CHARS or (before[-1:] in _QUOTE_CHARS)
    closes = inner.rstrip(",.")[-1:] in _QUOTE_CHARS or after[:1] in _QUOTE_CHARS
    if not (opens and closes):
        return False
    body = inner.strip(_QUOTE_CHARS + " ,.")
    # A content with a quotation inside plain reporting ("that X "keep it under wraps"") is not direct.
    return not any(c in body for c in _QUOTE_CHARS)


def _is_speech_cue(cue: str) -> bool:
    """A cue of speech ("said", "repeated his claim", "according to"), not of belief, action or
    perception ("believes", "criticized", "is calling for"), which PolNeAR annotates as well."""
    words = cue.lower().split()
    return bool(words) and (" ".join(words[:2]) == "according to" or any(w.startswith(SPEECH_STEMS) for w in words))


def _is_named(source: str) -> bool:
    words = re.findall(r"[\w'.-]+", source)
    return any(w[0].isupper() and w.lower() not in _NOT_NAMES for w in words)


def _core(text: str) -> str:
    return normalise(text).strip(_QUOTE_CHARS + " ,.'")


def _matches(annotated: _Annotated, speaker: str, mention: str) -> bool:
    source = annotated.source.lower()
    if annotated.named:
        name = speaker or mention
        if not name:
            return False
        parts = [p for p in re.split(r"\s+", name.lower()) if p]
        return name.lower() in source or parts[-1] in re.findall(r"[\w'.-]+", source)
    if mention and (mention.lower() in source or source in mention.lower()):
        return True
    return bool(speaker) and speaker.split()[-1].lower() in source


def _article(text_path: Path, ann_path: Path, totals: _Totals, keep_errors: int) -> None:
    raw = text_path.read_text(encoding="utf-8")
    analysis = analyse(raw)
    text = analysis.text
    annotated: list[tuple[int, _Annotated]] = []
    content_cores: list[str] = []
    content_spans: list[tuple[int, int]] = []  # annotated contents, as offsets into `text`
    indirect: list[tuple[int, bool, _Annotated]] = []  # reported speech with a named source
    for (c_start, c_end, _c_text), source, cue in _parse_ann(ann_path):
        core = _core(raw[c_start:c_end])
        if core:
            content_cores.append(core[:50])
            at = text.find(core[:50])
            if at >= 0:
                content_spans.append((at, at + len(core)))
        if source is None or not core:
            continue
        if not _is_direct(raw, c_start, c_end):
            source_text = raw[source[0] : source[1]]
            if _is_named(source_text) and text.find(core[:50]) >= 0:
                speech = cue is not None and _is_speech_cue(cue[2])
                indirect.append(
                    (text.find(core[:50]), speech, _Annotated(source=_core(source_text), content=core, named=True))
                )
            continue
        pos = text.find(core[:50])
        annotated.append(
            (pos, _Annotated(source=_core(raw[source[0] : source[1]]), content=core, named=_is_named(raw[source[0] : source[1]])))
        )
    sentence_of = {}
    for index, sentence in enumerate(analysis.sentences):
        sentence_of[index] = sentence
    starts = [s.start for s in analysis.sentences]

    def attribution_at(pos: int):
        lo, hi = 0, len(starts)
        while lo < hi:
            mid = (lo + hi) // 2
            if starts[mid] <= pos:
                lo = mid + 1
            else:
                hi = mid
        return analysis.attributions[lo - 1] if lo else None

    for pos, item in annotated:
        bucket = totals.named if item.named else totals.other
        bucket.total += 1
        quote = next((q for q in analysis.quotes if pos >= 0 and q.content_start <= pos < q.content_end + 1), None)
        if quote is None:
            if len(totals.errors) < keep_errors:
                totals.errors.append({"file": text_path.name, "missed": item.content[:80], "source": item.source})
            continue
        bucket.found += 1
        found = attribution_at(quote.start if quote.start >= 0 else pos)
        if found is not None and _matches(item, found.speaker, found.mention):
            bucket.correct += 1
        elif len(totals.errors) < keep_errors:
            totals.errors.append(
                {
                    "file": text_path.name,
                    "quote": item.content[:80],
                    "annotated": item.source,
                    "ours": (found.speaker, found.mention) if found else None,
                }
            )
    for pos, speech, item in indirect:
        # Reported speech: the sentence holding the content is attributed, to the right source.
        buckets = [totals.indirect, totals.indirect_speech] if speech else [totals.indirect]
        found = attribution_at(pos)
        for bucket in buckets:
            bucket.total += 1
            bucket.found += found is not None
            bucket.correct += found is not None and _matches(item, found.speaker, found.mention)
    for index, found in enumerate(analysis.attributions):
        if found is None:
            continue
        for q in found.quotes:
            quote = analysis.quotes[q]
            if quote.start < sentence_of[index].start:
                continue  # counted once, in the sentence where it opens
            totals.attributed += 1
            content = quote.content(text).strip(" ,.'")[:50]
            # Annotated when it is (the start of) an annotated content, or lies inside one: the
            # second half of '"...," he said. "..."' is one discontinuous content in PolNeAR.
            inside = any(start <= quote.content_start < end for start, end in content_spans)
            opens = any(content[:30] in core or core[:30] in content for core in content_cores)
            totals.attributed_annotated += inside or opens
            totals.attributed_opening += opens


def evaluate_attribution(data_dir: str | Path, *, limit: int | None = None, keep_errors: int = 0) -> dict:
    """Attribution figures on one PolNeAR split (`.../polnear/dev` or `.../train`)."""
    data = Path(data_dir)
    text_dir, ann_dir = data / "text", data / "attributions"
    if not text_dir.is_dir() or not ann_dir.is_dir():
        raise FileNotFoundError(f"{data}: expected text/ and attributions/ (a PolNeAR split)")
    anns = sorted(ann_dir.glob("*.ann"))
    first_ann: dict[str, Path] = {}
    for ann in anns:
        stem = ann.stem.rsplit("_", 1)[0]
        first_ann.setdefault(stem, ann)
    totals = _Totals()
    for stem, ann in sorted(first_ann.items())[:limit]:
        text_path = text_dir / f"{stem}.txt"
        if not text_path.exists():
            continue
        totals.articles += 1
        _article(text_path, ann, totals, keep_errors)
    both = Counts(
        totals.named.total + totals.other.total,
        totals.named.found + totals.other.found,
        totals.named.correct + totals.other.correct,
    )
    return {
        "data": str(data),
        "articles": totals.articles,
        "direct_quotes": both.as_dict(),
        "named_sources": totals.named.as_dict(),
        "pronoun_or_descriptive_sources": totals.other.as_dict(),
        "indirect_named_sources": totals.indirect.as_dict(),
        "indirect_speech_named_sources": totals.indirect_speech.as_dict(),
        "precision": round(totals.attributed_annotated / totals.attributed, 4) if totals.attributed else None,
        "precision_opening": round(totals.attributed_opening / totals.attributed, 4) if totals.attributed else None,
        "attributed_quotes": totals.attributed,
        "errors": totals.errors,
    }
