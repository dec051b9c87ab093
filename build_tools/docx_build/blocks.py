"""Prose blocks (parsed by :mod:`build_tools.prose`) written as Word paragraphs."""
from __future__ import annotations

from collections.abc import Callable

from ..prose import Admonition, BulletList, Heading, Paragraph, Span
from .styles import add_par, set_fonts

HeadingFn = Callable[[str, int], object]


def add_inlines(paragraph, spans: tuple[Span, ...]) -> None:
    for s in spans:
        run = paragraph.add_run(s.text)
        if s.bold:
            run.bold = True
        if s.italic:
            run.italic = True
        if s.code:
            set_fonts(run._r, "Courier New")


def add_blocks(doc, blocks: list, base_level: int, add_heading: HeadingFn, *, paragraph_style: str = "Normal") -> None:
    """Write ``blocks``; a prose heading of level n becomes a heading of level base_level + n
    through ``add_heading(text, level)`` (the caller numbers it and adds its bookmark)."""
    for b in blocks:
        if isinstance(b, Heading):
            add_heading(b.text, base_level + b.level)
        elif isinstance(b, Paragraph):
            add_inlines(add_par(doc, "", paragraph_style), b.spans)
        elif isinstance(b, BulletList):
            for item in b.items:
                if b.ordered:
                    style = "List Number"
                else:
                    style = "List Bullet 2" if item.level else "List Bullet"
                add_inlines(add_par(doc, "", style), item.spans)
        elif isinstance(b, Admonition):
            if b.title:
                add_par(doc, b.title, "Encadre Titre")
            for inner in b.blocks:
                if isinstance(inner, Paragraph):
                    add_inlines(add_par(doc, "", "Encadre"), inner.spans)
                elif isinstance(inner, BulletList):
                    for item in inner.items:
                        add_inlines(add_par(doc, "", "Encadre"), (Span("• "),) + item.spans)
                else:
                    raise ValueError("only paragraphs and lists are supported inside an admonition")
            add_par(doc, "", "Table Spacer")
        else:  # pragma: no cover
            raise TypeError(f"unknown block {b!r}")
