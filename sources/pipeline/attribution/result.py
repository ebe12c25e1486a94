from __future__ import annotations

from dataclasses import dataclass


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


