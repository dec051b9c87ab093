"""Low-level helpers to write official-looking, byte-reproducible Word documents.

- :mod:`.styles`  — fonts, heading, TOC, cover and table styles (French language);
- :mod:`.fields`  — complex fields: table of contents, PAGE / NUMPAGES;
- :mod:`.page`    — A4 page set-up, header and footer (document code, page x / y);
- :mod:`.tables`  — tables with a repeated header row, split into chunks for LibreOffice;
- :mod:`.blocks`  — prose blocks (from :mod:`build_tools.prose`) to paragraphs;
- :mod:`.package` — deterministic save (fixed zip dates and core properties).

Nothing here knows about the Ségur corpus: the documents writer composes these helpers.
"""
from __future__ import annotations

from .blocks import add_blocks, add_inlines
from .fields import add_field, add_toc
from .package import save_reproducible
from .page import setup_page
from .styles import new_document
from .tables import add_key_value_table, add_table

__all__ = ["add_blocks", "add_inlines", "add_field", "add_toc", "save_reproducible", "setup_page",
           "new_document", "add_key_value_table", "add_table"]
