"""The text of one built site page as the browser's `document.body.textContent` sees it,
with, for every character, the requirement block (`<div class="segur-req" id=…>`) it
belongs to — what an annotation's selectors are resolved against.

Hypothesis describes the passage a reviewer selected three ways (Web Annotation model):
- TextQuoteSelector: `exact` text, with a few characters of `prefix` and `suffix`;
- TextPositionSelector: `start`/`end` offsets in the body's text;
- RangeSelector: `startContainer`/`endContainer` XPaths relative to `<body>` made of
  `tag[n]` steps (n counts same-name siblings from 1), plus text offsets in them.
The page the browser showed also had nodes added by scripts (the DataTables tables), so
positions are hints and every resolved passage is checked against the quote.
"""
from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field
from pathlib import Path

import lxml.html

_STEP = re.compile(r"^([A-Za-z][\w.-]*|text\(\))(?:\[(\d+)\])?$")
_WS = re.compile(r"\s+")


@dataclass
class PageText:
    text: str                                   # body.textContent
    starts: list[int] = field(default_factory=list)   # start offset of each text chunk
    owners: list[str | None] = field(default_factory=list)  # requirement id of each chunk
    element_start: dict = field(default_factory=dict)  # element -> offset where its text begins
    body: object = None
    _norm: tuple[str, list[int]] | None = None

    def requirement_at(self, pos: int) -> str | None:
        if not self.starts or pos < 0 or pos >= len(self.text):
            return None
        return self.owners[bisect.bisect_right(self.starts, pos) - 1]

    def requirement_of_span(self, start: int, end: int) -> str | None:
        """The block of the span's first visible character (else of its last one)."""
        end = min(end, len(self.text))
        for pos in range(start, end):
            if not self.text[pos].isspace():
                return self.requirement_at(pos)
        return self.requirement_at(max(start, end - 1))

    # -- normalised text: whitespace runs as one space, with the map back to offsets
    @property
    def normalized(self) -> tuple[str, list[int]]:
        if self._norm is None:
            out, where = [], []
            for m in re.finditer(r"\s+|\S+", self.text):
                if m.group().isspace():
                    out.append(" ")
                    where.append(m.start())
                else:
                    out.append(m.group())
                    where.extend(range(m.start(), m.end()))
            self._norm = ("".join(out), where)
        return self._norm


def squash(text: str) -> str:
    return _WS.sub(" ", text or "")


def read_page(path: Path) -> PageText:
    root = lxml.html.document_fromstring(path.read_bytes())
    body = root.find("body")
    if body is None:
        body = root
    page = PageText("", body=body)
    parts: list[str] = []
    length = 0

    def add(text: str, owner: str | None) -> None:
        nonlocal length
        if text:
            page.starts.append(length)
            page.owners.append(owner)
            parts.append(text)
            length += len(text)

    def walk(el, owner):
        page.element_start[el] = length
        classes = (el.get("class") or "").split()
        if "segur-req" in classes and el.get("id"):
            owner = el.get("id")
        add(el.text or "", owner)
        for child in el:
            if isinstance(child.tag, str):
                walk(child, owner)
            add(child.tail or "", owner)     # comments and PIs: only their tail is text

    walk(body, None)
    page.text = "".join(parts)
    return page


def _children(el, name: str) -> list:
    return [c for c in el if isinstance(c.tag, str) and c.tag.lower() == name]


def resolve_xpath(page: PageText, xpath: str):
    """The element a `/tag[n]/tag[n]` path (relative to body) designates, or None."""
    node = page.body
    steps = [s for s in (xpath or "").strip().split("/") if s]
    for i, step in enumerate(steps):
        m = _STEP.match(step)
        if not m or m.group(1) == "text()":
            return node if m and i == len(steps) - 1 else None
        found = _children(node, m.group(1).lower())
        n = int(m.group(2) or 1)
        if n < 1 or n > len(found):
            return None
        node = found[n - 1]
    return node


def range_position(page: PageText, selector: dict) -> tuple[int, int] | None:
    """Body-text offsets of a RangeSelector (containers resolved in the static page)."""
    start_el = resolve_xpath(page, selector.get("startContainer", ""))
    end_el = resolve_xpath(page, selector.get("endContainer", ""))
    if start_el is None or end_el is None:
        return None
    try:
        start = page.element_start[start_el] + int(selector.get("startOffset", 0))
        end = page.element_start[end_el] + int(selector.get("endOffset", 0))
    except (TypeError, ValueError, KeyError):
        return None
    return (start, end) if 0 <= start <= end <= len(page.text) else None


def quote_matches(page: PageText, start: int, end: int, exact: str) -> bool:
    return squash(page.text[start:end]).strip() == squash(exact).strip()


def find_quote(page: PageText, exact: str, prefix: str = "", suffix: str = "",
               hint: int | None = None) -> tuple[int, int] | None:
    """Offsets of the quote in the page: every occurrence (whitespace-insensitive) scored
    by how much of its prefix and suffix surround it, ties broken by nearness to `hint`."""
    needle = squash(exact).strip()
    if not needle:
        return None
    text, where = page.normalized
    pre, suf = squash(prefix), squash(suffix)
    best = None
    i = text.find(needle)
    while i >= 0:
        before, after = text[max(0, i - len(pre)):i], text[i + len(needle):i + len(needle) + len(suf)]
        score = _common_suffix(before, pre) + _common_prefix(after, suf)
        start = where[i]
        end = where[i + len(needle) - 1] + 1
        distance = abs(start - hint) if hint is not None else 0
        key = (-score, distance, start)
        if best is None or key < best[0]:
            best = (key, start, end)
        i = text.find(needle, i + 1)
    return (best[1], best[2]) if best else None


def _common_prefix(a: str, b: str) -> int:
    n = 0
    for x, y in zip(a.strip(), b.strip()):
        if x != y:
            break
        n += 1
    return n


def _common_suffix(a: str, b: str) -> int:
    return _common_prefix(a.strip()[::-1], b.strip()[::-1])

