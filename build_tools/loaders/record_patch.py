"""Parse again only the record an edit touched (`segur serve`).

A dispositif file of a 20,000-requirement corpus is 2 MB of YAML: parsing it takes most of
an edit's check. When everything an edit changed lies inside one item of a top-level
record list (`exigences`, `socle`, …), that item's lines alone are parsed (they form a
block sequence of one item on their own) and spliced into the previous data; line
numbers after it move by the number of lines added or removed. Anything else — an edit
across records, outside them, a new record, an item that does not parse alone — returns
None, and the caller parses the whole file. The result equals a whole parse
(`tests/test_record_patch.py` compares them).
"""
from __future__ import annotations

from .located_yaml import YamlError, load_yaml


def _changed_lines(a: list[str], b: list[str]) -> tuple[int, int, int] | None:
    """(first, last) changed lines of the old text (1-based, inclusive) and the line-count
    delta; an insertion or deletion counts the line before it as changed."""
    n = min(len(a), len(b))
    p = 0
    while p < n and a[p] == b[p]:
        p += 1
    s = 0
    while s < n - p and a[-1 - s] == b[-1 - s]:
        s += 1
    first, last = p + 1, len(a) - s
    if last < first:
        if p == 0:
            return None
        first = last = p
    return first, last, len(b) - len(a)


def _record_of(data: dict, lines: dict, keys: tuple[str, ...], first: int, last: int, n_lines: int):
    """(key, index, first line, last line) of the one record holding lines first..last."""
    starts = []
    for key in keys:
        items = data.get(key)
        if items is None:
            continue
        if not isinstance(items, list):
            return None
        starts.extend((lines.get((key, i)), key, i) for i in range(len(items)))
    if not starts or any(line is None for line, _, _ in starts):
        return None
    bounds = sorted({line for line, _, _ in starts} | {line for path, line in lines.items() if len(path) == 1})
    start, key, index = max((s for s in starts if s[0] <= first), default=(None, None, None))
    if start is None:
        return None
    end = next((b for b in bounds if b > start), n_lines + 1) - 1
    return (key, index, start, end) if last <= end else None


def splice(old_text: str, old_data, old_lines: dict, new_text: str, keys: tuple[str, ...]):
    """(data, lines) of new_text from the previous parse, or None (parse it whole)."""
    if not isinstance(old_data, dict) or not keys:
        return None
    a, b = old_text.splitlines(keepends=True), new_text.splitlines(keepends=True)
    changed = _changed_lines(a, b)
    if changed is None:
        return None
    first, last, delta = changed
    record = _record_of(old_data, old_lines, keys, first, last, len(a))
    if record is None:
        return None
    key, index, start, end = record
    chunk = "".join(b[start - 1:end + delta])
    try:
        items, chunk_lines, dups = load_yaml(chunk)
    except YamlError:
        return None
    if dups or not isinstance(items, list) or len(items) != 1:
        return None
    data = dict(old_data)
    data[key] = list(old_data[key])
    data[key][index] = items[0]
    lines = {path: (line + delta if line > end else line) for path, line in old_lines.items()
             if not (len(path) >= 2 and path[0] == key and path[1] == index)}
    for path, line in chunk_lines.items():
        if path:
            lines[(key, index) + path[1:]] = line + start - 1
    return data, lines
