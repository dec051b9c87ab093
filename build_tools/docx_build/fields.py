"""Complex fields (``w:fldChar`` begin / separate / end): TOC, PAGE, NUMPAGES.

A field carries an instruction and a cached result; Word recomputes the result when it
updates fields (the document asks for it on opening: ``w:updateFields`` in settings), and
LibreOffice rebuilds the table of contents on import when asked to (see :mod:`build_tools.pdf`).
"""
from __future__ import annotations

from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.text.paragraph import Paragraph

from .styles import style_id


def _fld_char(kind: str, dirty: bool = False):
    el = OxmlElement("w:fldChar")
    el.set(qn("w:fldCharType"), kind)
    if dirty:
        el.set(qn("w:dirty"), "true")
    return el


def add_field(paragraph: Paragraph, instruction: str, placeholder: str = "", *, dirty: bool = False,
              style_run=None):
    """Append a complex field to ``paragraph``; returns the run holding the cached result."""
    r1 = paragraph.add_run()
    r1._r.append(_fld_char("begin", dirty))
    r2 = paragraph.add_run()
    instr = OxmlElement("w:instrText")
    instr.set(qn("xml:space"), "preserve")
    instr.text = f" {instruction} "
    r2._r.append(instr)
    r3 = paragraph.add_run()
    r3._r.append(_fld_char("separate"))
    result = paragraph.add_run(placeholder)
    r5 = paragraph.add_run()
    r5._r.append(_fld_char("end"))
    if style_run is not None:
        for r in (r1, r2, r3, result, r5):
            style_run(r)
    return result


def add_toc(doc, entries=(), *, anchor: Paragraph | None = None, levels: str = "1-3",
            placeholder: str = "Mettre à jour la table des matières (F9).") -> None:
    """Insert a ``TOC \\o "1-3" \\h \\z \\u`` field (before ``anchor`` if given, else at the end).

    ``entries`` = [(level, text, bookmark)] pre-fills the cached result (one paragraph per
    heading, styled ``toc n``, linked to the heading's bookmark) so that the table reads well
    before any update; Word (asked to update fields on opening) and the PDF conversion
    replace it with the same entries plus page numbers.
    """
    made: list[Paragraph] = []

    def para(style: str) -> Paragraph:
        p = doc.add_paragraph()
        p._p.style = style_id(style) if style != "Normal" else None
        if anchor is not None:
            anchor._p.addprevious(p._p)
        made.append(p)
        return p

    entries = list(entries)
    first = para(f"toc {entries[0][0]}" if entries else "Normal")
    for kind in ("begin",):
        first.add_run()._r.append(_fld_char(kind, dirty=True))
    r = first.add_run()
    instr = OxmlElement("w:instrText")
    instr.set(qn("xml:space"), "preserve")
    instr.text = f' TOC \\o "{levels}" \\h \\z \\u '
    r._r.append(instr)
    first.add_run()._r.append(_fld_char("separate"))
    if not entries:
        first.add_run(placeholder)
        first.add_run()._r.append(_fld_char("end"))
        return
    last = first
    for n, (level, text, bookmark) in enumerate(entries):
        p = first if n == 0 else para(f"toc {level}")
        link = OxmlElement("w:hyperlink")
        link.set(qn("w:anchor"), bookmark)
        link.set(qn("w:history"), "1")
        run = OxmlElement("w:r")
        t = OxmlElement("w:t")
        t.set(qn("xml:space"), "preserve")
        t.text = text
        run.append(t)
        link.append(run)
        p._p.append(link)
        last = p
    last.add_run()._r.append(_fld_char("end"))


def add_bookmark(paragraph: Paragraph, name: str, bookmark_id: int) -> None:
    """Wrap the paragraph's content in a bookmark (target of a TOC hyperlink)."""
    start = OxmlElement("w:bookmarkStart")
    start.set(qn("w:id"), str(bookmark_id))
    start.set(qn("w:name"), name)
    end = OxmlElement("w:bookmarkEnd")
    end.set(qn("w:id"), str(bookmark_id))
    p = paragraph._p
    ppr = p.find(qn("w:pPr"))
    if ppr is not None:
        ppr.addnext(start)
    else:
        p.insert(0, start)
    p.append(end)
