"""What the attribution step returns for a sentence."""

from __future__ import annotations

from dataclasses import dataclass, replace

PERSON = "person"


@dataclass(frozen=True, slots=True)
class Attribution:
    sentence: int  # index into the sentences
    speaker: str  # the resolved full name; "" when the source is not named ("he" unresolved, "a spokesman", "critics")
    mention: str  # the source as written in this sentence ("he", "Peskov", "a spokesman", "critics")
    role: str  # title seen in the text for this speaker ("Kremlin press secretary")
    cue: str  # "said", "told", "according to", ...
    kind: str  # "quote" (the sentence carries a quotation) or "reported"
    mention_start: int  # absolute offsets of the mention, -1 when inherited from a neighbour
    mention_end: int
    quotes: tuple[int, ...] = ()  # indices of the quotations overlapping this sentence
    # Speaker.Kind values: "person", or an organisation ("organisation", "government", "party", ...).
    speaker_kind: str = PERSON

    @property
    def surname(self) -> str:
        return self.speaker.split()[-1] if self.speaker and self.speaker_kind == PERSON else ""

    def carried_to(self, sentence: int, quotes: tuple[int, ...]) -> Attribution:
        """The same speaker for a neighbouring sentence that continues this one's quotation."""
        return replace(self, sentence=sentence, kind="quote", mention_start=-1, mention_end=-1, quotes=quotes)
