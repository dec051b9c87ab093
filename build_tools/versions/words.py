"""Editorial and modality tests, and the changed words to highlight (from `worddiff`)."""
from __future__ import annotations

import re

from ..worddiff import word_diff

_QUOTES = str.maketrans({"\u2019": "'", "\u2018": "'", "\u201c": '"', "\u201d": '"', "\u00ab": '"',
                         "\u00bb": '"', "\u00a0": " ", "\u202f": " ", "\u2007": " "})
_AROUND_QUOTES = re.compile(r'\s*"\s*')
_SPACES = re.compile(r"\s+")
_DOIT = re.compile(r"\bDOI(?:T|VENT)\b")
_PEUT = re.compile(r"\bPEU(?:T|VENT)\b")


def editorial_form(text: str) -> str:
    """What is left once whitespace, quote styles, non-breaking spaces and case are ignored."""
    t = _SPACES.sub(" ", text.translate(_QUOTES)).strip()
    return _AROUND_QUOTES.sub('"', t).casefold()


def modality(text: str) -> str:
    """'DOIT' when the text states an obligation, 'PEUT' when only a possibility, else ''."""
    if _DOIT.search(text):
        return "DOIT"
    return "PEUT" if _PEUT.search(text) else ""


def without_modality(text: str) -> str:
    return editorial_form(_PEUT.sub("MODAL", _DOIT.sub("MODAL", text)))


def segments(old: str, new: str) -> tuple[list[tuple[str, bool]], list[tuple[str, bool]]]:
    """(old segments, new segments): [(text, changed)], from the shared word-level diff."""
    out_a: list[tuple[str, bool]] = []
    out_b: list[tuple[str, bool]] = []
    for seg in word_diff(old, new):
        if seg.op != "+":
            out_a.append((seg.text, seg.op == "-"))
        if seg.op != "-":
            out_b.append((seg.text, seg.op == "+"))
    return out_a, out_b
