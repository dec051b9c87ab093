"""Every text value of a loaded file is checked here, once, whatever field it sits in.

Two things cannot be published whole and are refused with the value's line:
- control characters (C0 except tab and line feed, DEL, C1) — NUL and friends come from
  copies out of Word or PDF and would travel raw into CSV, JSON and the site;
- texts longer than an Excel cell holds (32,767 characters): the REM workbook would cut
  them, and importing it back would then cut the data.
"""
from __future__ import annotations

import re

from .. import problems as P
from .located_yaml import line_at

MAX_TEXT = 32_767          # characters in one Excel cell
CONTROL_RE = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def _describe(char: str) -> str:
    return f"U+{ord(char):04X}"


def text_problems(text: str, where: P.Source, field: str = "") -> list[P.Problem]:
    """Problems of one text value (empty list when it can be published as it is)."""
    out = []
    named = f"« {field} » : " if field else ""
    m = CONTROL_RE.search(text)
    if m:
        out.append(P.problem(P.TEXT_CONTROL, where, f"{named}caractère de contrôle {_describe(m.group())} à la position "
                                                   f"{m.start() + 1} (invisible, souvent collé depuis Word ou un PDF)"))
    if len(text) > MAX_TEXT:
        out.append(P.problem(P.TEXT_TOO_LONG, where, f"{named}texte de {len(text):,} caractères, au-delà des "
                                                    f"{MAX_TEXT:,} qu'une cellule Excel peut contenir".replace(",", " ")))
    return out


def _field_name(path: tuple) -> str:
    names = [str(p) for p in path if not isinstance(p, int)]
    return names[-1] if names else ""


def scan_data(rel: str, data, lines: dict) -> list[P.Problem]:
    """Every string (keys too) of a YAML document, walked without recursion."""
    out: list[P.Problem] = []
    stack = [((), data)]
    while stack:
        path, value = stack.pop()
        if isinstance(value, str):
            if CONTROL_RE.search(value) or len(value) > MAX_TEXT:
                out.extend(text_problems(value, P.Source(rel, line_at(lines, path)), _field_name(path)))
        elif isinstance(value, dict):
            for k, v in value.items():
                if isinstance(k, str) and CONTROL_RE.search(k):
                    out.extend(text_problems(k, P.Source(rel, line_at(lines, path + (k,)))))
                stack.append((path + (k,), v))
        elif isinstance(value, list):
            stack.extend((path + (i,), v) for i, v in enumerate(value))
    return out


def scan_text_lines(rel: str, text: str) -> list[P.Problem]:
    """A whole text file (prose, CSV table): control characters reported on their line."""
    out = []
    if CONTROL_RE.search(text.replace("\r\n", "\n")):
        for number, line in enumerate(text.splitlines(), 1):
            if CONTROL_RE.search(line.rstrip("\r")):
                out.extend(text_problems(line.rstrip("\r"), P.Source(rel, number))[:1])
    return out
