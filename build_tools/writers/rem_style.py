"""What every REM workbook layout shares: ANS's header style, wrapped body cells, row
heights computed from the text, paper set-up, sheet protection and fixed properties.

The layouts (`rem_xlsx` publication, `rem_prepub`, `rem_convergence`) only decide their
columns and rows; the look, the paper and the lock come from here, so the three files
read the same on screen, in LibreOffice and on paper.
"""
from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import datetime

import xlsxwriter

from ..model import Dispositif

# ANS's templates: header row Arial 12 bold, white on 0070C0, wrapped and centred.
HEADER = {"font_name": "Arial", "font_size": 12, "bold": True, "font_color": "#FFFFFF", "bg_color": "#0070C0",
          "text_wrap": True, "align": "center", "valign": "vcenter", "border": 1}
BODY = {"font_name": "Arial", "font_size": 10, "text_wrap": True, "valign": "top", "border": 1}
HEADER_HEIGHT = 56.25          # points, as in the templates
LINE_POINTS = 12.75            # one line of Arial 10
PAD_POINTS = 4.0
MAX_ROW_POINTS = 409.0         # Excel's and LibreOffice's largest row height
CHARS_PER_WIDTH = 1.3          # Arial 10 characters per unit of column width (the width of "0"), Excel side
EXCEL_LIST_MAX = 255          # characters of an inline list validation and of its message
PAPER_A3 = 8                   # XlsxWriter paper code

PROTECTION = {  # what a vendor may still do on a protected sheet, as ANS's writer allows
    "sort": True, "autofilter": True, "format_cells": True, "format_columns": True, "format_rows": True,
    "insert_hyperlinks": True, "select_locked_cells": True, "select_unlocked_cells": True,
}


def open_workbook(path, d: Dispositif, title: str) -> xlsxwriter.Workbook:
    """A workbook whose every cell stays text and whose properties depend on the data only."""
    wb = xlsxwriter.Workbook(str(path), {"strings_to_formulas": False, "strings_to_urls": False,
                                         "strings_to_numbers": False, "in_memory": True})
    wb.set_properties({"title": title, "subject": d.titre, "author": "segur-spec", "company": "Ségur numérique",
                       "created": datetime.strptime(d.date, "%Y-%m-%d"),
                       "comments": f"version {d.version} ({d.statut_publication})"})
    return wb


class Styles:
    """The two cell formats of a workbook (created once per workbook)."""

    def __init__(self, wb: xlsxwriter.Workbook):
        self.head = wb.add_format(HEADER)
        self.body = wb.add_format(BODY)


def lines_in(text: str, width: float) -> int:
    """Lines a wrapped cell of `width` needs for `text` (word wrap wastes a little: rounded up)."""
    per_line = max(1, int(width * CHARS_PER_WIDTH) - 1)
    n = 0
    for part in text.split("\n"):
        n += 1 + (len(part) * 11 // 10) // per_line if part else 1
    return n


def row_points(row: Sequence[str], widths: Sequence[float]) -> float:
    """Height (points) that shows the longest text of the row whole."""
    most = 1
    for value, width in zip(row, widths):
        if value and (len(value) > width or "\n" in value):
            most = max(most, lines_in(value, width))
    return min(MAX_ROW_POINTS, most * LINE_POINTS + PAD_POINTS)


def _footer_text(value: str) -> str:
    return value.replace("&", "&&")


def write_table(ws, st: Styles, columns: Sequence[str], rows: Iterable[Sequence[str]], widths: Sequence[float],
                validations: Iterable[tuple[int, Sequence[str]]] = ()) -> int:
    """Header, rows (text only, height from the text), widths, frozen header, filter,
    list validations limited to the data rows. Returns the number of data rows."""
    body, n = st.body, 0
    for c, name in enumerate(columns):
        ws.write_string(0, c, name, st.head)
        ws.set_column(c, c, widths[c], body)     # empty cells get the body style from their column
    ws.set_row(0, HEADER_HEIGHT)
    for n, row in enumerate(rows, start=1):
        ws.set_row(n, row_points(row, widths))
        for c, value in enumerate(row):
            if value:
                ws.write_string(n, c, value, body)
    last = max(n, 1)
    ws.freeze_panes(1, 0)
    ws.autofilter(0, 0, last, len(columns) - 1)
    for col, values in validations:
        if len(",".join(values)) > EXCEL_LIST_MAX:     # Excel cannot hold a longer inline list
            continue
        message = "Choisir une valeur de la liste : " + ", ".join(values)
        ws.data_validation(1, col, last, col, {
            "validate": "list", "source": list(values), "error_title": "Valeur non autorisée",
            "error_message": message if len(message) <= EXCEL_LIST_MAX else "Choisir une valeur de la liste"})
    return n


def set_paper(ws, d: Dispositif, label: str, last_row: int, last_col: int) -> None:
    """Landscape A3, one page wide, header row on every page, footer `REM code · version ·
    page x/y`; the print area stops at the last column that holds something."""
    ws.set_landscape()
    ws.set_paper(PAPER_A3)
    ws.set_margins(left=0.4, right=0.4, top=0.5, bottom=0.6)
    ws.fit_to_pages(1, 0)
    ws.repeat_rows(0)
    ws.print_area(0, 0, max(last_row, 1), last_col)
    ws.set_footer(f"&L&8{_footer_text(label)} — version {_footer_text(d.version)}&R&8Page &P / &N")


def protect(ws) -> None:
    """Protected without a password (Révision › Ôter la protection), sorting and filtering allowed."""
    ws.protect("", PROTECTION)


def last_used_column(rows: Sequence[Sequence[str]], minimum: int) -> int:
    """Index of the last column holding a value in any row (at least `minimum`)."""
    last = minimum
    for row in rows:
        for c in range(len(row) - 1, last, -1):
            if row[c]:
                last = c
                break
    return last


def mark_workbook(wb, st, marks: tuple) -> None:
    """A build mark (draft …): the printed header of every sheet, and a sheet of its own,
    last, so that the sheets an importer reads keep their places."""
    from ..marks import header_text
    label = header_text(marks).replace("&", "&&")
    for ws in wb.worksheets():
        ws.set_header(f'&C&"-,Bold"&12{label}')
    ws = wb.add_worksheet(marks[0].title.split(" ")[0][:31])
    for i, m in enumerate(marks):
        ws.write_string(2 * i, 0, m.title, st.head)
        ws.write_string(2 * i + 1, 0, m.detail, st.body)
    ws.set_column(0, 0, 110)
    ws.set_header(f'&C&"-,Bold"&12{label}')
    protect(ws)      # like every other sheet of the REM
