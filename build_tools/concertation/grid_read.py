"""Read a returned concertation grid (as exported, re-saved by Excel or LibreOffice,
re-sorted or filtered, or an ANS grid such as concertation-grid-it1-it2.xlsx).

The header row is found by its labels (accents, "Enoncé"/"Énoncé", line breaks and
suffixes such as "(Chantier)" tolerated); rows are keyed by their id, never by position.
"""
from __future__ import annotations

import datetime as dt
import re
import unicodedata
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

import openpyxl

from ..loaders.xlsx_guard import XlsxRefused, survey

HEADER_SCAN = 40        # rows searched for the header
# (key, normalised label prefix); the first prefix that matches wins ("ancien enonce" before "enonce")
HEADER_KEYS = (
    ("id", "id exigence"), ("domaine", "domaine"), ("bloc", "bloc"), ("fonction", "fonction"),
    ("nature", "nature"), ("evolution", "evolution"), ("commentaire", "commentaire"),
    ("ancien", "ancien enonce"), ("enonce", "enonce"), ("remarques", "remarque"), ("rem", "rem"),
)
REVIEWER_KEYS = (("organisation", "organisation"), ("contact", "contact"), ("date", "date"))


class GridError(Exception):
    def __init__(self, message: str, row: int = 0):
        super().__init__(message)
        self.row = row
        self.message = message


def label_key(value) -> str:
    """'Énoncé de l'exigence -\\nItération #2' -> "enonce de l'exigence - iteration #2"."""
    text = unicodedata.normalize("NFKD", str(value or ""))
    text = "".join(c for c in text if not unicodedata.combining(c)).replace("’", "'")
    return " ".join(text.lower().split())


def cell_text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time() else value.isoformat(sep=" ")
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).replace("\r\n", "\n").replace("\r", "\n").replace("_x000D_", "")


@dataclass
class GridRow:
    row: int                        # Excel row number (1-based)
    id: str
    values: dict                    # key -> text, for every recognised column


@dataclass
class Grid:
    path: Path
    sheet: str
    header_row: int
    columns: dict                   # key -> 0-based column index
    headers: dict                   # key -> header text as found
    iteration_number: int | None    # from "Énoncé … Itération #N"
    organisation: str = ""
    contact: str = ""
    date: str = ""                  # as typed (see parse_date)
    date_row: int = 0
    organisation_row: int = 0
    dispositif: str = ""            # from the title cell or the document properties
    rows: list[GridRow] = field(default_factory=list)


def _find_header(ws) -> tuple[int, dict, dict] | None:
    for r, row in enumerate(ws.iter_rows(min_row=1, max_row=HEADER_SCAN, values_only=True), start=1):
        keys = [label_key(v) for v in row]
        if not any(k.startswith("id exigence") for k in keys) or not any(k.startswith("remarque") for k in keys):
            continue
        columns, headers = {}, {}
        for c, k in enumerate(keys):
            for key, prefix in HEADER_KEYS:
                if k.startswith(prefix) and key not in columns:
                    if key == "rem" and k not in ("rem", "rem concerne", "remarques") and not k.startswith("rem "):
                        continue
                    columns[key] = c
                    headers[key] = cell_text(row[c])
                    break
        return r, columns, headers
    return None


def parse_date(text: str) -> str | None:
    """'03/02/2025', '3/2/25', '2025-02-03' or an Excel date -> '2025-02-03' (None if unreadable)."""
    t = text.strip()
    m = re.fullmatch(r"(\d{4})-(\d{1,2})-(\d{1,2})(?:[ T].*)?", t)
    if m:
        y, mo, d = int(m.group(1)), int(m.group(2)), int(m.group(3))
    else:
        m = re.fullmatch(r"(\d{1,2})[/.-](\d{1,2})[/.-](\d{2}|\d{4})", t)
        if not m:
            return None
        d, mo, y = int(m.group(1)), int(m.group(2)), int(m.group(3))
        y = y + 2000 if y < 100 else y
    try:
        return dt.date(y, mo, d).isoformat()
    except ValueError:
        return None


def _refuse_uncached_remarks(path: Path, title: str, grid: Grid) -> None:
    """A remark typed as a formula keeps no text when the file has no computed value (saved
    by a program that does not calculate): refuse the grid naming the cell, never drop it."""
    col = grid.columns.get("remarques")
    if col is None:
        return
    seen = {r.row for r in grid.rows if r.values.get("remarques", "").strip()}
    wb = openpyxl.load_workbook(path, read_only=True, data_only=False)
    try:
        ws = wb[title]
        for r, row in enumerate(ws.iter_rows(min_row=grid.header_row + 1, min_col=col + 1, max_col=col + 1,
                                             values_only=True), start=grid.header_row + 1):
            value = row[0] if row else None
            if isinstance(value, str) and value.startswith("=") and r not in seen:
                cell = f"{openpyxl.utils.get_column_letter(col + 1)}{r}"
                raise GridError(f"cellule {cell} : la remarque est une formule ({value[:60]}) sans valeur calculée "
                                "enregistrée ; tapez le texte sans « = » en tête (ou ouvrez et réenregistrez la grille "
                                "dans Excel ou LibreOffice)", r)
    finally:
        wb.close()


TITLE_RE = re.compile(r"concertation\s+IT\d+\s+[—-]+\s+REM\s+(\S+)", re.I)


def read_grid(path: str | Path) -> Grid:
    """Parse one grid; raises GridError when it cannot be used at all."""
    path = Path(path)
    try:
        measured = survey(path)
    except XlsxRefused as exc:
        raise GridError(str(exc)) from None
    try:
        wb = openpyxl.load_workbook(path, data_only=True)
    except (zipfile.BadZipFile, KeyError, ValueError, OSError, TypeError) as exc:
        raise GridError(f"classeur xlsx illisible ({type(exc).__name__}: {exc})") from None
    try:
        found = None
        for ws in wb.worksheets:
            found = _find_header(ws)
            if found:
                break
        if not found:
            raise GridError(f"aucune ligne d'en-tête avec « ID Exigence » et « Remarques » dans les {HEADER_SCAN} premières lignes "
                            f"d'aucune feuille")
        header_row, columns, headers = found
        m = re.search(r"#\s*(\d+)", headers.get("enonce", ""))
        grid = Grid(path, ws.title, header_row, columns, headers, int(m.group(1)) if m else None)
        for r, row in enumerate(ws.iter_rows(min_row=1, max_row=header_row - 1, values_only=True), start=1):
            cells = [(c, cell_text(v).strip()) for c, v in enumerate(row) if cell_text(v).strip()]
            if not cells:
                continue
            first = label_key(cells[0][1])
            if r == 1 or not grid.dispositif:
                t = TITLE_RE.search(cells[0][1])
                if t:
                    grid.dispositif = t.group(1)
            for key, prefix in REVIEWER_KEYS:
                if not first.startswith(prefix) or getattr(grid, key):
                    continue
                if key in ("date", "organisation") and (len(cells) > 1 or not getattr(grid, f"{key}_row")):
                    setattr(grid, f"{key}_row", r)      # the label's row, even with its value left empty
                if len(cells) > 1:
                    setattr(grid, key, " ".join(v for _, v in cells[1:]) if key != "date" else cells[1][1])
        if not grid.dispositif:
            custom = getattr(wb, "custom_doc_props", None)
            for prop in (custom.props if custom is not None else []):
                if prop.name == "segur_dispositif" and prop.value:
                    grid.dispositif = str(prop.value)
        width = max(columns.values()) + 1
        for r, row in enumerate(ws.iter_rows(min_row=header_row + 1, values_only=True), start=header_row + 1):
            row = tuple(row) + (None,) * max(0, width - len(row))
            values = {k: cell_text(row[c]) for k, c in columns.items()}
            if not any(v.strip() for v in values.values()):
                continue
            grid.rows.append(GridRow(r, values.get("id", "").strip(), values))
        sheet = measured.sheet(ws.title)
        if sheet is None or sheet.formulas:
            _refuse_uncached_remarks(path, ws.title, grid)
        return grid
    finally:
        wb.close()
