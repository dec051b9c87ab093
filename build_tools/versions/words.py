"""Word-level comparison of two texts: segments to highlight, editorial and modality tests."""
from __future__ import annotations

import difflib
import re

WORD_RE = re.compile(r"\S+\s*")
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
    """(old segments, new segments): [(text, changed)] with changed words marked."""
    a, b = WORD_RE.findall(old), WORD_RE.findall(new)
    sm = difflib.SequenceMatcher(None, [w.rstrip() for w in a], [w.rstrip() for w in b], autojunk=False)
    out_a: list[tuple[str, bool]] = []
    out_b: list[tuple[str, bool]] = []

    def push(out, text, changed):
        if not text:
            return
        if out and out[-1][1] == changed:
            out[-1] = (out[-1][0] + text, changed)
        else:
            out.append((text, changed))

    lead_a = old[: len(old) - len(old.lstrip())]
    lead_b = new[: len(new) - len(new.lstrip())]
    push(out_a, lead_a, False)
    push(out_b, lead_b, False)
    for tag, i1, i2, j1, j2 in sm.get_opcodes():
        push(out_a, "".join(a[i1:i2]), tag != "equal")
        push(out_b, "".join(b[j1:j2]), tag != "equal")
    return out_a, out_b


def marked(segs: list[tuple[str, bool]], before: str, after: str) -> str:
    """Segments as one string with changed parts wrapped, e.g. [-…-] / {+…+} for a terminal."""
    return "".join(f"{before}{t.rstrip()}{after}{t[len(t.rstrip()):]}" if c else t for t, c in segs)
