"""Attribution on the project's own hand-labelled articles (`tests/sources/labelled/`)."""

from __future__ import annotations

import json
from pathlib import Path

from sources.pipeline import analyse, normalise

REPO = Path(__file__).resolve().parents[2]
DEFAULT_PATH = REPO / "tests" / "sources" / "labelled" / "articles.json"


def _same_person(ours: str, label: str) -> bool:
    ours, label = ours.casefold(), label.casefold()
    return bool(ours) and (ours == label or ours.split()[-1] == label.split()[-1])


def evaluate_labelled(path: str | Path = DEFAULT_PATH) -> dict:
    """Sentence splitting and attribution figures on the labelled set."""
    articles = json.loads(Path(path).read_text(encoding="utf-8"))["articles"]
    split_ok = named = named_ok = unnamed = unnamed_ok = narration = narration_ok = total = 0
    misses: list[dict] = []
    for article in articles:
        raw = (REPO / article["text_file"]).read_text(encoding="utf-8") if "text_file" in article else article["text"]
        analysis = analyse(raw)
        prefix = article.get("match") == "prefix"
        for label in article["sentences"]:
            total += 1
            wanted = normalise(label["text"])
            index = next(
                (
                    i
                    for i, s in enumerate(analysis.sentences)
                    if (s.text.startswith(wanted) if prefix else s.text == wanted)
                ),
                None,
            )
            if index is None:
                misses.append({"article": article["id"], "sentence": label["text"], "problem": "not split out"})
                continue
            split_ok += 1
            found = analysis.attributions[index]
            speaker = label["speaker"]
            ours = found.speaker if found else ""
            if speaker is None:
                narration += 1
                ok = not ours
                narration_ok += ok
            elif speaker == "?":
                unnamed += 1
                ok = found is not None
                unnamed_ok += ok
            else:
                named += 1
                ok = _same_person(ours, speaker)
                named_ok += ok
            if not ok:
                misses.append({"article": article["id"], "sentence": label["text"][:60], "want": speaker, "got": ours})

    def ratio(a: int, b: int) -> float | None:
        return round(a / b, 4) if b else None

    return {
        "data": str(path),
        "articles": len(articles),
        "sentences": total,
        "sentence_split_accuracy": ratio(split_ok, total),
        "named_speaker_accuracy": ratio(named_ok, named),
        "named_speaker_sentences": named,
        "unnamed_source_found": ratio(unnamed_ok, unnamed),
        "narration_without_speaker": ratio(narration_ok, narration),
        "misses": misses,
    }


SPEAKERS_PATH = REPO / "tests" / "sources" / "labelled" / "speakers.json"


def evaluate_speaker_kinds(path: str | Path = SPEAKERS_PATH) -> dict:
    """Speaker kind (and, where labelled, role) on the hand-labelled speakers set.

    A sentence counts as right when the speaker is the labelled one and so is its kind; a
    collective source ("?") is right only when no speaker was made of it, narration (null)
    when nothing is attributed to a named speaker.
    """
    articles = json.loads(Path(path).read_text(encoding="utf-8"))["articles"]
    total = right = roles = roles_right = 0
    misses: list[dict] = []
    for article in articles:
        raw = (REPO / article["text_file"]).read_text(encoding="utf-8") if "text_file" in article else article["text"]
        analysis = analyse(raw)
        prefix = article.get("match", "prefix") == "prefix"
        for label in article["sentences"]:
            total += 1
            wanted = normalise(label["text"])
            found = next(
                (
                    a
                    for s, a in zip(analysis.sentences, analysis.attributions, strict=True)
                    if (s.text.startswith(wanted) if prefix else s.text == wanted)
                ),
                None,
            )
            speaker, kind = label["speaker"], label["kind"]
            ours = (found.speaker, found.speaker_kind) if found and found.speaker else ("", None)
            if speaker == "?":
                ok = found is not None and not found.speaker
            elif speaker is None:
                ok = not ours[0]
            else:
                ok = _same_person(ours[0], speaker) and ours[1] == kind
            right += ok
            if "role" in label:
                roles += 1
                roles_right += found is not None and found.role == label["role"]
            if not ok:
                misses.append({"article": article["id"], "sentence": label["text"][:60], "want": (speaker, kind), "got": ours})
    return {
        "data": str(path),
        "sentences": total,
        "speaker_kind_accuracy": round(right / total, 4) if total else None,
        "roles": roles,
        "role_accuracy": round(roles_right / roles, 4) if roles else None,
        "misses": misses,
    }
