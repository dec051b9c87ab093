"""The *Évolutions* workbook for vendors: one row per change between two versions.

Old and new values side by side, the changed words highlighted (rich text: struck out in
red in the old value, bold blue in the new one); a filter on every column, a frozen header,
landscape pages one column wide with the header repeated. Every cell is text (never a
formula); the workbook date is given by the caller, so the same changes give the same bytes.
"""
from __future__ import annotations

from datetime import datetime
from pathlib import Path

import xlsxwriter

from .diff import Change, counts
from .kinds import KINDS
from .report import TEXT_KINDS, _short
from .words import segments

SHEET = "Évolutions"
SHEET_SUMMARY = "Synthèse"
COLUMNS = ["Dispositif", "N° exigence", "N° exigence précédent", "Section", "Type de changement", "Code",
           "Élément", "Valeur précédente", "Nouvelle valeur"]
WIDTHS = [18, 16, 16, 10, 30, 14, 18, 60, 60]
MAX_CELL = 32767


def _value(v) -> str:
    return "" if v is None else _short(v)


def _rich(ws, row: int, col: int, segs, plain, changed, wrap) -> None:
    parts = []
    for text, is_changed in segs:
        if text:
            parts.extend([changed if is_changed else plain, text])
    if len(parts) <= 2:   # a single run: XlsxWriter needs two fragments for rich text
        ws.write_string(row, col, "".join(parts[1::2]), changed if parts and parts[0] is changed else wrap)
    else:
        ws.write_rich_string(row, col, *parts, wrap)


def write_evolutions(changes: list[Change], path: Path, *, old_label: str, new_label: str,
                     created: str = "2000-01-01") -> Path:
    wb = xlsxwriter.Workbook(str(path), {"strings_to_formulas": False, "strings_to_urls": False,
                                         "strings_to_numbers": False})
    wb.set_properties({"title": "Évolutions", "subject": f"{old_label} → {new_label}", "author": "segur-spec",
                       "created": datetime.strptime(created, "%Y-%m-%d")})
    head = wb.add_format({"bold": True, "text_wrap": True, "valign": "top", "bg_color": "#DCE6F1", "border": 1})
    wrap = wb.add_format({"text_wrap": True, "valign": "top"})
    plain = wb.add_format({})
    removed = wb.add_format({"font_strikeout": True, "font_color": "#C00000"})
    added = wb.add_format({"bold": True, "font_color": "#1F4E9E", "underline": 1})

    ws = wb.add_worksheet(SHEET)
    for c, (name, width) in enumerate(zip(COLUMNS, WIDTHS)):
        ws.write_string(0, c, name, head)
        ws.set_column(c, c, width, wrap)
    for r, ch in enumerate(changes, start=1):
        cells = [ch.dispositif, ch.id, ch.old_id if ch.old_id and ch.old_id != ch.id else "", ch.section,
                 KINDS[ch.kind], ch.kind, ch.field]
        for c, value in enumerate(cells):
            if value:
                ws.write_string(r, c, value, wrap)
        old, new = _value(ch.old)[:MAX_CELL], _value(ch.new)[:MAX_CELL]
        if ch.kind in TEXT_KINDS and old and new:
            a, b = segments(old, new)
            _rich(ws, r, 7, a, plain, removed, wrap)
            _rich(ws, r, 8, b, plain, added, wrap)
        else:
            if old:
                ws.write_string(r, 7, old, wrap)
            if new:
                ws.write_string(r, 8, new, wrap)
        lines = max(1, (max(len(old), len(new)) // 55) + 1)
        ws.set_row(r, 15 * min(lines, 27))
    ws.freeze_panes(1, 0)
    ws.autofilter(0, 0, max(len(changes), 1), len(COLUMNS) - 1)
    ws.set_landscape()
    ws.set_paper(9)           # A4
    ws.fit_to_pages(1, 0)
    ws.repeat_rows(0)
    ws.set_header(f"&L{_escape(old_label)} → {_escape(new_label)}&RPage &P / &N")

    summary = wb.add_worksheet(SHEET_SUMMARY)
    summary.write_string(0, 0, "Version de référence", head)
    summary.write_string(0, 1, old_label, wrap)
    summary.write_string(1, 0, "Nouvelle version", head)
    summary.write_string(1, 1, new_label, wrap)
    summary.write_string(3, 0, "Type de changement", head)
    summary.write_string(3, 1, "Code", head)
    summary.write_string(3, 2, "Nombre", head)
    total = counts(changes)
    for i, kind in enumerate(KINDS, start=4):
        summary.write_string(i, 0, KINDS[kind], wrap)
        summary.write_string(i, 1, kind, wrap)
        summary.write_number(i, 2, total.get(kind, 0))
    summary.set_column(0, 0, 45)
    summary.set_column(1, 1, 30)
    summary.set_column(2, 2, 10)
    wb.close()
    return path


def _escape(text: str) -> str:
    """Header/footer codes start with '&': a literal ampersand is '&&'."""
    return text.replace("&", "&&")[:100]
