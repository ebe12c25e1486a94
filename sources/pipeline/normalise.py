"""Step 1: normalise raw article text and drop boilerplate lines.

The result is the text we store on `Source.text`; every offset the later steps produce points
into it. Everything here is linear in the input: a single translate pass, and line-anchored
regexes without nested quantifiers.
"""

from __future__ import annotations

import html
import re
import unicodedata

# Typographic variants folded to one form so quote pairing and matching see one alphabet.
_TRANSLATE = str.maketrans(
    {
        "\u201c": '"', "\u201d": '"', "\u201e": '"', "\u201f": '"', "\u2033": '"',
        "\u00ab": '"', "\u00bb": '"',
        "\u2018": "'", "\u2019": "'", "\u201a": "'", "\u201b": "'", "\u2032": "'",
        "\u2010": "-", "\u2011": "-", "\u2212": "-",
        "\u2012": "\u2014", "\u2013": "\u2014", "\u2015": "\u2014",
        "\u00a0": " ", "\u2007": " ", "\u202f": " ", "\u2009": " ", "\u200a": " ",
        "\u2002": " ", "\u2003": " ", "\t": " ", "\f": " ", "\v": " ",
        "\u200b": None, "\u200c": None, "\u200d": None, "\u2060": None, "\ufeff": None,
        "\u00ad": None, "\r": None,
        "\u2026": "...",
        "\u2028": "\n", "\u2029": "\n",
    }
)

# Only the few special characters are looked up (a whole-text translate costs more).
_SPECIAL = re.compile("[" + re.escape("".join(chr(c) for c in _TRANSLATE)) + "]")


def _fold(match: re.Match) -> str:
    return _TRANSLATE[ord(match.group())] or ""


# Whole lines that are page furniture, not article text (matched case-insensitively, after
# whitespace was collapsed).
_BOILERPLATE = re.compile(
    r"""^(?:
        advertisements?|advertising|sponsored(?:\ content)?|story\ continues(?:\ below)?(?:\ advertisement)?
      | scroll\ (?:down\ )?to\ continue(?:\ with\ content)?|continue\ reading(?:\ below)?
      | (?:click\ to\ )?share(?:\ this)?(?:\ (?:article|story|post|page))?(?:\ on\ \w+)?:?
      | share\ (?:on|via)\ [\w ]{1,40}|tweet(?:\ this)?|email(?:\ this)?|print(?:\ this)?|copy\ link
      | (?:follow|like)\ us\ on\ .{1,80}|sign\ up\ (?:for|to)\ .{1,120}|subscribe(?:\ now)?(?:\ to\ .{1,80})?
      | (?:read|see)\ (?:more|also)\b.{0,200}|related(?:\ articles?|\ stories|\ coverage)?:.{0,200}
      | recommended(?:\ stories)?|most\ (?:read|popular)|trending(?:\ now)?
      | (?:photo|image|video|caption|credit)s?:.{0,200}|image\ (?:source|caption)\b.{0,200}
      | .{0,300}\((?:getty\ images|ap\ photo|reuters|afp|shutterstock)[^)]{0,60}\)
      | (?:copyright|©|\(c\))\ .{0,200}|all\ rights\ reserved\.?
      | (?:updated|published|posted|last\ updated)(?:\ on)?:?\ [\w ,:./-]{1,60}
      | by\ [A-Z][\w'.-]*(?:\ [A-Z][\w'.-]*){0,4}(?:\ (?:and|&)\ [A-Z][\w'.-]*(?:\ [A-Z][\w'.-]*){0,4})?(?:,\ [\w ]{1,60})?
      | \((?:reporting|writing|editing|additional\ reporting)\ by\b.{0,300}\)
      | (?:reporting|writing|editing)\ by\ .{1,200}
      | \d{1,3}\ comments?|comments?|view\ comments|leave\ a\ comment
    )$""",
    re.IGNORECASE | re.VERBOSE,
)
_BYLINE_CASED = re.compile(r"^[Bb][Yy] ")
_SPACES = re.compile(r" {2,}")
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")
# Lone surrogates (from JSON escapes like "\\ud800") are not text: they cannot be stored or encoded.
_SURROGATES = re.compile(r"[\ud800-\udfff]")
_BLANK_SPLIT = re.compile(r"\n[ ]*\n")


# Character references with their semicolon (the legacy bare forms, "&copy" in "&copyright",
# would change ordinary text).
_ENTITY = re.compile(r"&(?:#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});")
# A tag, comment, doctype or processing instruction. Bounded so a stray "<" costs O(1).
_MARKUP = re.compile(r"<!--.{0,2000}?-->|<[!?/]?[A-Za-z][^<>]{0,2000}>", re.DOTALL)
_TAG_START = re.compile(r"<(?=[!?/]?[A-Za-z])")
_MARKUP_PASSES = 8


def plain_text(text: str) -> str:
    """Text as text: character references decoded, then every piece of markup removed.

    A file that says `&lt;img src=x onerror=...&gt;` means the characters `<img ...>`; stored
    as such they would be markup again for any partner that renders API text as HTML. So the
    references are decoded once and whatever markup that spells is dropped, and the result
    holds no tag at all (stripping "<<b>i>" leaves "<i>", hence the passes and the last resort).
    """
    if "&" in text:
        text = _ENTITY.sub(lambda match: html.unescape(match.group()), text)
    for _ in range(_MARKUP_PASSES):
        if "<" not in text:
            return text
        text, removed = _MARKUP.subn(" ", text)
        if not removed:
            return text
    return _TAG_START.sub("", text)


def is_boilerplate(line: str) -> bool:
    """True for a line that is page furniture (ads, share prompts, bylines, credits)."""
    if len(line) > 400:
        return False
    if not _BOILERPLATE.match(line):
        return False
    # "By" lines are bylines only when the words after it are capitalised like names.
    if _BYLINE_CASED.match(line):
        return bool(re.match(r"^by [A-Z]", line, re.IGNORECASE)) and line[3:4].isupper()
    return True


def _hard_wrapped(lines: list[str]) -> bool:
    """Lines of one paragraph wrapped at a fixed width (e-mail, wire copy), not short paragraphs."""
    widths = [len(line.rstrip()) for line in lines[:-1]]
    return min(widths) >= 40 and max(widths) <= 100 and max(widths) - min(widths) <= 30


def normalise(text: str) -> str:
    """Plain text (see `plain_text`), typographic variants folded, whitespace collapsed and
    boilerplate lines dropped.

    Paragraphs come out separated by one newline. Lines wrapped at a fixed width inside a
    blank-line-separated paragraph are joined with spaces.
    """
    text = _SPECIAL.sub(_fold, unicodedata.normalize("NFC", _SURROGATES.sub("", plain_text(text))))
    # Typewriter-style double quotes (''like this'' or ``like this'') some wires still send.
    text = text.replace("``", '"').replace("''", '"')
    blocks: list[str] = []
    blank_separated = bool(_BLANK_SPLIT.search(text))
    for block in _BLANK_SPLIT.split(text) if blank_separated else [text]:
        lines = block.split("\n")
        if blank_separated and len(lines) > 1 and _hard_wrapped(lines):
            blocks.append(" ".join(lines))
        else:
            blocks.extend(lines)
    paragraphs = []
    for block in blocks:
        line = _SPACES.sub(" ", _CONTROL.sub("", block)).strip()
        if line and not is_boilerplate(line):
            paragraphs.append(line)
    return "\n".join(paragraphs)


def clean_line(value: str) -> str:
    """One line of metadata (a title, a name) as plain text: markup and character references
    handled as in the article text, the same folding, control characters and lone surrogates
    removed, whitespace collapsed."""
    value = _SPECIAL.sub(_fold, unicodedata.normalize("NFC", _SURROGATES.sub("", plain_text(value))))
    return _SPACES.sub(" ", _CONTROL.sub(" ", value)).strip()
