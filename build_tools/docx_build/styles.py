"""Styles of the Ségur documents: a sober administrative look (Arial, bleu France titles).

Everything is set on named styles (Normal, Heading 1-3, toc 1-3, Title, Subtitle, List
Bullet, table text…) so that Word's navigation pane, its TOC and LibreOffice's style
mapping all work; direct formatting is kept for table header cells only.
"""
from __future__ import annotations

from docx import Document
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_TAB_ALIGNMENT, WD_TAB_LEADER
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt, RGBColor

FONT = "Arial"                      # LibreOffice renders it with Liberation Sans (same metrics)
BLEU = RGBColor(0x00, 0x00, 0x91)   # bleu France
ROUGE = RGBColor(0xE1, 0x00, 0x0F)  # rouge Marianne
GRIS = RGBColor(0x3A, 0x3A, 0x3A)
GRIS_CLAIR = RGBColor(0x66, 0x66, 0x66)
HEADER_FILL = "000091"
ZEBRA_FILL = "EEF0FA"
NOTE_FILL = "E8EDFF"


def set_fonts(rpr_owner, name: str = FONT) -> None:
    """Set every font slot (ascii, hAnsi, cs, eastAsia) and drop theme fonts."""
    rpr = rpr_owner.get_or_add_rPr()
    rfonts = rpr.find(qn("w:rFonts"))
    if rfonts is None:
        rfonts = OxmlElement("w:rFonts")
        rpr.insert(0, rfonts)
    for attr in list(rfonts.attrib):
        del rfonts.attrib[attr]
    for slot in ("w:ascii", "w:hAnsi", "w:cs", "w:eastAsia"):
        rfonts.set(qn(slot), name)


def _lang(rpr, lang: str = "fr-FR") -> None:
    el = rpr.find(qn("w:lang"))
    if el is None:
        el = OxmlElement("w:lang")
        rpr.append(el)
    el.set(qn("w:val"), lang)
    el.set(qn("w:eastAsia"), lang)
    el.set(qn("w:bidi"), "ar-SA")


def _para_style(doc, name: str, base: str | None = "Normal", *, size: float | None = None,
                bold: bool | None = None, italic: bool | None = None, color: RGBColor | None = None,
                before: float | None = None, after: float | None = None, align=None, keep_next: bool = False,
                style_id: str | None = None):
    styles = doc.styles
    try:
        st = styles[name]
    except KeyError:
        st = styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
        if style_id:
            st.element.set(qn("w:styleId"), style_id)
    if base:
        st.base_style = styles[base]
    f = st.font
    set_fonts(st.element)
    if size is not None:
        f.size = Pt(size)
    if bold is not None:
        f.bold = bold
    if italic is not None:
        f.italic = italic
    if color is not None:
        f.color.rgb = color
        col = st.element.rPr.find(qn("w:color"))
        for attr in ("w:themeColor", "w:themeShade", "w:themeTint"):
            if col is not None and col.get(qn(attr)) is not None:
                del col.attrib[qn(attr)]
    pf = st.paragraph_format
    if before is not None:
        pf.space_before = Pt(before)
    if after is not None:
        pf.space_after = Pt(after)
    if align is not None:
        pf.alignment = align
    if keep_next:
        pf.keep_with_next = True
    st.quick_style = True
    return st


def _shade(ppr_owner_el, fill: str, left_color: str | None = None) -> None:
    ppr = ppr_owner_el.get_or_add_pPr()
    if left_color:
        bdr = OxmlElement("w:pBdr")
        left = OxmlElement("w:left")
        for k, v in (("w:val", "single"), ("w:sz", "24"), ("w:space", "6"), ("w:color", left_color)):
            left.set(qn(k), v)
        bdr.append(left)
        ppr.append(bdr)
    shd = OxmlElement("w:shd")
    for k, v in (("w:val", "clear"), ("w:color", "auto"), ("w:fill", fill)):
        shd.set(qn(k), v)
    ppr.append(shd)


def new_document() -> Document:
    """A python-docx Document from the default template with the Ségur styles set."""
    doc = Document()
    prune(doc)
    # document defaults: French, Arial 10 pt
    rpr_default = doc.styles.element.find(qn("w:docDefaults")).find(qn("w:rPrDefault")).find(qn("w:rPr"))
    _lang(rpr_default)
    normal = _para_style(doc, "Normal", None, size=10, after=6)
    normal.font.color.rgb = RGBColor(0x16, 0x16, 0x16)
    normal.paragraph_format.line_spacing = 1.1
    _lang(normal.element.get_or_add_rPr())

    sizes = {1: 15, 2: 12.5, 3: 11}
    for level in (1, 2, 3):
        st = _para_style(doc, f"Heading {level}", "Normal", size=sizes[level], bold=True, italic=False,
                         color=BLEU if level < 3 else GRIS, before=(18 if level == 1 else 12), after=6,
                         keep_next=True)
        st.paragraph_format.keep_together = True
        st.paragraph_format.page_break_before = False
    h1 = doc.styles["Heading 1"].element.get_or_add_pPr()
    bdr = OxmlElement("w:pBdr")
    bottom = OxmlElement("w:bottom")
    for k, v in (("w:val", "single"), ("w:sz", "6"), ("w:space", "3"), ("w:color", HEADER_FILL)):
        bottom.set(qn(k), v)
    bdr.append(bottom)
    h1.append(bdr)

    _para_style(doc, "Title", "Normal", size=20, bold=True, color=BLEU, before=6, after=12)
    _para_style(doc, "Subtitle", "Normal", size=13, italic=False, color=GRIS, after=12)
    for name in ("Title", "Subtitle"):            # the template draws a border under Title
        ppr = doc.styles[name].element.pPr
        if ppr is not None and ppr.find(qn("w:pBdr")) is not None:
            ppr.remove(ppr.find(qn("w:pBdr")))
    _para_style(doc, "Cover Ministry", "Normal", size=11, bold=True, color=RGBColor(0, 0, 0), after=0,
                style_id="CoverMinistry")
    _para_style(doc, "Cover Motto", "Normal", size=9, italic=True, color=RGBColor(0, 0, 0), after=0,
                style_id="CoverMotto")
    _para_style(doc, "Cover Code", "Normal", size=12, bold=True, color=ROUGE, before=6, after=18,
                style_id="CoverCode")
    _para_style(doc, "Cover Label", "Normal", size=9, bold=True, color=BLEU, before=18, after=4,
                keep_next=True, style_id="CoverLabel")
    _para_style(doc, "TOC Heading", "Normal", size=15, bold=True, color=BLEU, before=0, after=12)
    for level in (1, 2, 3):
        st = _para_style(doc, f"toc {level}", "Normal", size=10 if level == 1 else 9.5,
                         bold=(level == 1), before=(6 if level == 1 else 0), after=2, style_id=f"TOC{level}")
        st.paragraph_format.left_indent = Cm(0.6 * (level - 1))
        st.paragraph_format.tab_stops.add_tab_stop(Cm(16.0), WD_TAB_ALIGNMENT.RIGHT, WD_TAB_LEADER.DOTS)
        st.element.set(qn("w:type"), "paragraph")
        ui = st.element.find(qn("w:uiPriority"))
        if ui is None:
            ui = OxmlElement("w:uiPriority")
            st.element.append(ui)
        ui.set(qn("w:val"), "39")
    _para_style(doc, "Table Text", "Normal", size=8.5, before=1, after=1, style_id="TableText")
    doc.styles["Table Text"].paragraph_format.line_spacing = 1.0
    _para_style(doc, "Table Header", "Table Text", bold=True, color=RGBColor(0xFF, 0xFF, 0xFF),
                style_id="TableHeader")
    _para_style(doc, "Table Caption", "Normal", size=8.5, italic=True, color=GRIS_CLAIR, before=2, after=10,
                style_id="TableCaption")
    _para_style(doc, "Table Spacer", "Normal", size=2, before=0, after=0, style_id="TableSpacer")
    note = _para_style(doc, "Encadre", "Normal", size=9.5, before=0, after=0, style_id="Encadre")
    _shade(note.element, NOTE_FILL, HEADER_FILL)
    note.paragraph_format.left_indent = Cm(0.3)
    note.paragraph_format.right_indent = Cm(0.3)
    _para_style(doc, "Encadre Titre", "Encadre", bold=True, color=BLEU, style_id="EncadreTitre")
    for name in ("List Bullet", "List Bullet 2", "List Number"):
        _para_style(doc, name, "Normal", after=3)
    for name in ("Header", "Footer"):
        st = _para_style(doc, name, "Normal", size=8, color=GRIS_CLAIR, after=0)
        tabs = st.element.get_or_add_pPr().find(qn("w:tabs"))
        if tabs is not None:                       # template tabs (center/right at 15.24 cm)
            tabs.getparent().remove(tabs)
    doc.styles["Cover Ministry"].paragraph_format.alignment = WD_ALIGN_PARAGRAPH.LEFT
    return doc


def style_id(name: str) -> str:
    """Style id of a style name used here (python-docx's lookup by name scans every style)."""
    return "TOC" + name[4:] if name.startswith("toc ") else name.replace(" ", "")


def set_style(paragraph, name: str) -> None:
    paragraph._p.style = None if name == "Normal" else style_id(name)


def add_par(container, text: str = "", style: str = "Normal"):
    """``container.add_paragraph`` with the style set by id (fast)."""
    p = container.add_paragraph(text)
    set_style(p, style)
    return p


def prune(doc, keep_table_styles: tuple[str, ...] = ("TableNormal", "TableGrid", "SegurTable")) -> None:
    """Drop the template's ~140 unused table styles and its stylesWithEffects copy."""
    root = doc.styles.element
    for st in root.findall(qn("w:style")):
        if st.get(qn("w:type")) == "table" and st.get(qn("w:styleId")) not in keep_table_styles:
            root.remove(st)
    rels = doc.part.rels
    for rid in [rid for rid, rel in rels.items() if rel.reltype.endswith("/stylesWithEffects")]:
        del rels[rid]
