"""CSV tables (`;`-separated, UTF-8 with or without BOM) with their line numbers."""
from __future__ import annotations

import csv
import io


class TableError(Exception):
    def __init__(self, line: int, message: str):
        super().__init__(message)
        self.line = line
        self.message = message


def load_table(text: str) -> tuple[list[str], list[tuple[int, dict[str, str]]]]:
    """Return (header, [(line, row-as-dict)]). Raises TableError on a ragged row."""
    if text.startswith("\ufeff"):
        text = text[1:]
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=";")
    try:
        header = next(reader)
    except StopIteration:
        raise TableError(1, "table vide : une ligne d'en-tête est attendue") from None
    header = [h.strip() for h in header]
    if len(header) < 2:
        raise TableError(1, "l'en-tête n'a qu'une colonne : le séparateur est-il bien ';' ?")
    if len(set(header)) != len(header):
        dup = sorted({h for h in header if header.count(h) > 1})
        raise TableError(1, f"la colonne {dup[0]!r} apparaît deux fois dans l'en-tête")
    rows = []
    try:
        for cells in reader:
            line = reader.line_num
            if not any(c.strip() for c in cells):
                continue
            if len(cells) != len(header):
                raise TableError(line, f"{len(cells)} cellule(s) alors que l'en-tête en a {len(header)}")
            rows.append((line, {h: c.strip() for h, c in zip(header, cells)}))
    except csv.Error as exc:
        raise TableError(reader.line_num, str(exc)) from None
    return header, rows
