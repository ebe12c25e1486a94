"""Claim text in real claim shapes for the benchmark archive.

Word-list sentences ("Unemployment in Ostrava rose by 12 percent last year") share a handful of
shapes and a few hundred words, which crowds full-text and matching indexes in ways real text
does not. Here each template is a real check-worthy sentence from a public dataset (CheckThat!
2024 task 1, English train split: sentences of US presidential debates labelled check-worthy),
keeping its words and shape; what varies per claim are its checkable slots: every number (digits
keep their magnitude and punctuation: "125,000" → "481,000"), number word and year is drawn
anew. Only sentences with at least one such slot are templates (2,347 of the 5,413 check-worthy
ones), so two claims from one template differ in a fact, as two different real claims would.

The dataset is read from where it lives (`../shared/eval`, or `--claim-shapes PATH`), never copied
into the repository; without it the loader falls back to the word lists.
"""

from __future__ import annotations

import csv
import random
import re
from dataclasses import dataclass
from pathlib import Path

NUMBER_WORDS = (
    "one two three four five six seven eight nine ten eleven twelve fifteen twenty thirty forty fifty "
    "sixty seventy eighty ninety hundred"
).split()
SCALE_WORDS = ["thousand", "million", "billion", "trillion"]
_SLOT = re.compile(
    r"(?P<year>\b(?:19[5-9]\d|20[0-2]\d)\b)"
    r"|(?P<digits>\d[\d,]*(?:\.\d+)?)"
    r"|(?P<word>\b(?:" + "|".join(NUMBER_WORDS) + r")\b)"
    r"|(?P<scale>\b(?:" + "|".join(SCALE_WORDS) + r")\b)",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class Template:
    literals: tuple[str, ...]  # len(slots) + 1 pieces of the original sentence
    slots: tuple[tuple[str, str], ...]  # (kind, original text) between them

    def fill(self, rng: random.Random) -> str:
        parts = [self.literals[0]]
        for (kind, original), literal in zip(self.slots, self.literals[1:], strict=True):
            parts.append(_draw(rng, kind, original))
            parts.append(literal)
        return "".join(parts)


def _draw(rng: random.Random, kind: str, original: str) -> str:
    if kind == "year":
        return str(rng.randint(1990, 2026))
    if kind == "digits":
        if len(original) == 1:  # "4 percent", "3 billion": one digit would repeat too often
            return str(rng.randint(1, 99))
        return "".join(str(rng.randint(1 if i == 0 else 0, 9)) if ch.isdigit() else ch for i, ch in enumerate(original))
    words = NUMBER_WORDS if kind == "word" else SCALE_WORDS
    word = rng.choice(words)
    return word.capitalize() if original[:1].isupper() else word


def template(sentence: str) -> Template | None:
    literals, slots, last = [], [], 0
    for match in _SLOT.finditer(sentence):
        literals.append(sentence[last : match.start()])
        slots.append((match.lastgroup or "digits", match.group()))
        last = match.end()
    if not slots:
        return None
    literals.append(sentence[last:])
    return Template(tuple(literals), tuple(slots))


def _clean(text: str) -> str:
    text = text.strip()
    if len(text) > 1 and text[0] == '"' and text[-1] == '"':
        text = text[1:-1].strip()
    text = text.replace('""', '"')
    return text if text.endswith((".", "!", "?")) else text + "."


def load_templates(path: Path, *, max_chars: int = 280) -> list[Template]:
    """Templates from a CheckThat!-style TSV (`Sentence_id`, `Text`, `class_label`): the
    check-worthy sentences that carry a checkable number, word or year."""
    templates = []
    with path.open(newline="", encoding="utf-8") as handle:
        for row in csv.DictReader(handle, delimiter="\t", quoting=csv.QUOTE_NONE):
            if row.get("class_label") != "Yes":
                continue
            text = _clean(row["Text"])
            if 30 <= len(text) <= max_chars and (t := template(text)) is not None:
                templates.append(t)
    return templates


def sentence_maker(templates: list[Template], fallback, *, share: float = 0.7):
    """A claim sentence: from a real template with probability `share`, else from `fallback`
    (the word-list generator, which keeps the made-up places and towns the probes use)."""

    def make(rng: random.Random) -> str:
        if templates and rng.random() < share:
            return rng.choice(templates).fill(rng)
        return fallback(rng)

    return make


def default_path(base_dir: Path) -> Path:
    return base_dir.parent / "shared" / "eval" / "checkworthiness" / "CT24_checkworthy_english_train.tsv"
