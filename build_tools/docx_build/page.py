"""A4 portrait page set-up, running header and footer (document code, page x / y)."""
from __future__ import annotations

from docx.enum.text import WD_TAB_ALIGNMENT
from docx.shared import Cm

from .fields import add_field

TEXT_WIDTH_CM = 16.0           # 21 cm − 2 × 2.5 cm margins


def setup_page(doc, *, code: str, header_text: str, version: str, cover_footer: str = "") -> None:
    """Page size and margins; header = title, footer = ``code – version`` and ``Page x / y``.

    The first page (cover) has its own footer ``cover_footer`` and no running header.
    """
    s = doc.sections[0]
    s.page_width, s.page_height = Cm(21.0), Cm(29.7)
    s.left_margin = s.right_margin = Cm(2.5)
    s.top_margin, s.bottom_margin = Cm(2.2), Cm(2.0)
    s.header_distance, s.footer_distance = Cm(1.0), Cm(1.0)
    s.different_first_page_header_footer = True

    hp = s.header.paragraphs[0]
    hp.style = doc.styles["Header"]
    hp.add_run(header_text)

    fp = s.footer.paragraphs[0]
    fp.style = doc.styles["Footer"]
    fp.paragraph_format.tab_stops.add_tab_stop(Cm(TEXT_WIDTH_CM), WD_TAB_ALIGNMENT.RIGHT)
    fp.add_run(f"{code} – version {version}")
    fp.add_run("\tPage ")
    add_field(fp, "PAGE", "1")
    fp.add_run(" / ")
    add_field(fp, "NUMPAGES", "1")

    cp = s.first_page_footer.paragraphs[0]
    cp.style = doc.styles["Footer"]
    cp.add_run(cover_footer)
    s.first_page_header.paragraphs[0].style = doc.styles["Header"]
