"""Tables: a named table style, a repeated header row, rows that never split, chunking.

LibreOffice lays out one long Word table very slowly (≈66 s for 2,000 rows, ≈12 s as 20
tables of 100): :func:`add_table` splits a long table into chunks of ``max_rows`` rows,
each with its own repeated header, separated by a tiny spacer paragraph.
"""
from __future__ import annotations

from collections.abc import Sequence

from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.style import WD_STYLE_TYPE
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm

from .styles import HEADER_FILL, ZEBRA_FILL, add_par, set_style

TABLE_STYLE = "Segur Table"
MAX_ROWS = 100


def _el(tag: str, **attrs) -> OxmlElement:
    el = OxmlElement(tag)
    for k, v in attrs.items():
        el.set(qn(f"w:{k}"), v)
    return el


def ensure_table_style(doc) -> None:
    """A table style with thin grey borders and cell margins (the grid of every table)."""
    try:
        doc.styles[TABLE_STYLE]
        return
    except KeyError:
        pass
    st = doc.styles.add_style(TABLE_STYLE, WD_STYLE_TYPE.TABLE)
    st.element.set(qn("w:styleId"), "SegurTable")
    st.base_style = doc.styles["Normal Table"]
    tblpr = _el("w:tblPr")
    borders = _el("w:tblBorders")
    for side in ("top", "left", "bottom", "right", "insideH", "insideV"):
        borders.append(_el(f"w:{side}", val="single", sz="4", space="0", color="9A9AC8"))
    tblpr.append(borders)
    mar = _el("w:tblCellMar")
    for side, w in (("top", "40"), ("left", "85"), ("bottom", "40"), ("right", "85")):
        mar.append(_el(f"w:{side}", w=w, type="dxa"))
    tblpr.append(mar)
    st.element.append(tblpr)


def _shade(cell, fill: str) -> None:
    tcpr = cell._tc.get_or_add_tcPr()
    tcpr.append(_el("w:shd", val="clear", color="auto", fill=fill))


def _row_props(row, *, header: bool) -> None:
    trpr = row._tr.get_or_add_trPr()
    trpr.append(_el("w:cantSplit"))
    if header:
        trpr.append(_el("w:tblHeader"))


def _fill_cell(cell, text: str, style) -> None:
    p = cell.paragraphs[0]
    set_style(p, style)
    for i, line in enumerate(str(text).split("\n")):
        if i:
            p = add_par(cell, "", style)
        p.add_run(line)


def _one_table(doc, header: Sequence[str], rows: Sequence[Sequence[str]], widths_cm: Sequence[float],
               bold_last: bool):
    ensure_table_style(doc)
    table = doc.add_table(rows=1 + len(rows), cols=len(header))
    table.style = doc.styles[TABLE_STYLE]
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False
    tblpr = table._tbl.tblPr
    tblpr.append(_el("w:tblLayout", type="fixed"))
    look = tblpr.find(qn("w:tblLook"))
    if look is not None:
        tblpr.remove(look)
    grid = table._tbl.tblGrid
    for gc, w in zip(grid.findall(qn("w:gridCol")), widths_cm):
        gc.set(qn("w:w"), str(int(Cm(w).twips)))
    head_style, text_style = "Table Header", "Table Text"
    all_rows = table.rows
    _row_props(all_rows[0], header=True)
    for c, (cell, text) in enumerate(zip(all_rows[0].cells, header)):
        cell.width = Cm(widths_cm[c])
        _shade(cell, HEADER_FILL)
        _fill_cell(cell, text, head_style)
    for r, values in enumerate(rows, start=1):
        row = all_rows[r]
        _row_props(row, header=False)
        for c, (cell, text) in enumerate(zip(row.cells, values)):
            cell.width = Cm(widths_cm[c])
            if r % 2 == 0:
                _shade(cell, ZEBRA_FILL)
            _fill_cell(cell, text, text_style)
            if bold_last and r == len(rows):
                for run in cell.paragraphs[0].runs:
                    run.bold = True
    return table


def add_table(doc, header: Sequence[str], rows: Sequence[Sequence[str]], widths_cm: Sequence[float], *,
              caption: str = "", max_rows: int = MAX_ROWS, bold_last: bool = False) -> list:
    """Add a table (split every ``max_rows`` rows); ``caption`` goes under the last chunk."""
    if len(widths_cm) != len(header):
        raise ValueError("one width per column")
    chunks = [rows[i:i + max_rows] for i in range(0, len(rows), max_rows)] or [[]]
    tables = []
    for i, chunk in enumerate(chunks):
        if i:
            add_par(doc, "", "Table Spacer")
        tables.append(_one_table(doc, header, chunk, widths_cm, bold_last and i == len(chunks) - 1))
    add_par(doc, caption, "Table Caption") if caption else add_par(doc, "", "Table Spacer")
    return tables


def add_key_value_table(doc, pairs: Sequence[tuple[str, str]], widths_cm: Sequence[float] = (4.5, 7.5)):
    """A two-column table whose first column is a shaded label (cover status block)."""
    ensure_table_style(doc)
    table = doc.add_table(rows=len(pairs), cols=2)
    table.style = doc.styles[TABLE_STYLE]
    table.autofit = False
    table._tbl.tblPr.append(_el("w:tblLayout", type="fixed"))
    for gc, w in zip(table._tbl.tblGrid.findall(qn("w:gridCol")), widths_cm):
        gc.set(qn("w:w"), str(int(Cm(w).twips)))
    for row, (k, v) in zip(table.rows, pairs):
        _row_props(row, header=False)
        kc, vc = row.cells
        kc.width, vc.width = Cm(widths_cm[0]), Cm(widths_cm[1])
        _shade(kc, HEADER_FILL)
        _fill_cell(kc, k, "Table Header")
        _fill_cell(vc, v, "Table Text")
    return table
