"""Word-level difference between two texts, for people reading a terminal or a page.

`word_diff(old, new)` gives the edit as segments; `inline(old, new)` renders it on one
line (line breaks shown as ⏎) as `… unchanged words [-removed words-]{+added words+} unchanged …`, keeping a few
words of context around each change and eliding the long unchanged stretches, so that a one-word
change in a 900-character énoncé stays visible. Neutral module (no project
import): the REM import and the version diff both use it.
"""
from __future__ import annotations

import re
from difflib import SequenceMatcher
from typing import NamedTuple

_TOKEN = re.compile(r"\s+|[^\s]+")


class Segment(NamedTuple):
    op: str       # "=" same, "-" removed, "+" added
    text: str


def tokens(text: str) -> list[str]:
    """Words and the whitespace runs between them (joined back they give the text)."""
    return _TOKEN.findall(text or "")


def word_diff(old: str, new: str) -> list[Segment]:
    """Segments turning `old` into `new`, word by word (whitespace kept as its own tokens)."""
    a, b = tokens(old), tokens(new)
    out: list[Segment] = []

    def push(op: str, text: str) -> None:
        if not text:
            return
        if out and out[-1].op == op:
            out[-1] = Segment(op, out[-1].text + text)
        else:
            out.append(Segment(op, text))

    for tag, i1, i2, j1, j2 in SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        if tag == "equal":
            push("=", "".join(a[i1:i2]))
        else:
            push("-", "".join(a[i1:i2]))
            push("+", "".join(b[j1:j2]))
    return out


def _trim(text: str, context: int, head: bool, tail: bool) -> str:
    """An unchanged stretch cut to `context` words at the side(s) touching a change."""
    words = tokens(text)
    n_words = sum(1 for w in words if not w.isspace())
    if n_words <= 2 * context:
        return text
    first = "".join(words[: 2 * context]).rstrip()
    last = "".join(words[-2 * context:]).lstrip()
    if head and tail:
        return f"{first} … {last}"
    return f"{first} …" if head else f"… {last}"


def inline(old: str, new: str, context: int = 4) -> str:
    """One-line rendering `[-removed-]{+added+}` with `context` words around each change."""
    segs = word_diff(old, new)
    parts: list[str] = []
    for i, seg in enumerate(segs):
        if seg.op == "=":
            after_change = i > 0
            before_change = i < len(segs) - 1
            parts.append(_trim(seg.text, context, after_change, before_change))
        elif seg.op == "-":
            parts.append(f"[-{seg.text}-]")
        else:
            parts.append(f"{{+{seg.text}+}}")
    return "".join(parts).replace("\r\n", "⏎").replace("\n", "⏎").replace("\r", "⏎")
