"""Bring the written site up to date without Sphinx when only fragment files changed.

A requirement edit usually changes only fragment files (`<page>/_frag/<page>.NNN.html`,
see `sources.externalize`): the MyST of every page, the toc and the configuration stay
the same. The site extension writes each fragment verbatim between inert markers
(`<!--segur-frag:NNN-->…<!--/segur-frag:NNN-->`, `sphinx_ext._visit_fragment`), and keeps
fragments out of the search index, so the page Sphinx would write is the written page
with the new fragment between its markers: swapping it in gives the same bytes at a
fraction of the cost (Sphinx's start, environment and theme: seconds at 20,000
requirements).

The swap is taken only when the written site is known to match the previous sources
(`SyncStamp`: written after every successful Sphinx run or swap, removed before sources
change, and holding the configuration, code and Sphinx stack it was built with), and
only when nothing else depends on the new text: the page's features (DataTables,
comment tools), which decide the scripts in its head, must stay the same. Anything else
is left to Sphinx, which re-reads those pages on its next run (their fragment files are
newer than its environment) and writes the same bytes.
"""
from __future__ import annotations

import hashlib
import json
import os
import re
from collections import defaultdict
from pathlib import Path

FRAGMENT = re.compile(r"^(?P<dir>.+)/_frag/(?P<page>[^/]+)\.(?P<num>\d{3})\.html$")
FEATURES = ('class="segur-dt', 'class="segur-commenter')   # sphinx_ext._page_context adds assets for these


def plan_swap(src: Path, out: Path, changed: list[str]) -> dict[Path, str] | None:
    """{written page: its new text} when every changed source is a fragment of a written
    page that still has the fragment's markers and keeps its features; None otherwise
    (Sphinx is needed). Nothing is written here."""
    by_page: dict[str, list[tuple[str, Path]]] = defaultdict(list)
    for rel in changed:
        m = FRAGMENT.match(rel)
        if m is None or not (src / rel).is_file():
            return None
        by_page[f"{m['dir']}/{m['page']}.html"].append((m["num"], src / rel))
    pages: dict[Path, str] = {}
    for page, frags in sorted(by_page.items()):
        html_file = out / page
        if not html_file.is_file():
            return None
        old = text = html_file.read_text("utf-8")
        for num, frag in frags:
            start, end = f"<!--segur-frag:{num}-->", f"<!--/segur-frag:{num}-->"
            a = text.find(start)
            b = text.find(end, a + len(start)) if a >= 0 else -1
            if a < 0 or b < 0 or text.find(start, a + 1) >= 0:
                return None
            text = text[:a + len(start)] + frag.read_text("utf-8") + text[b:]
        if any((f in old) != (f in text) for f in FEATURES):
            return None
        pages[html_file] = text
    return pages


def write_pages(pages: dict[Path, str]) -> None:
    for html_file, text in pages.items():
        tmp = html_file.with_name(html_file.name + ".tmp")
        tmp.write_text(text, "utf-8")
        os.replace(tmp, html_file)


class SyncStamp:
    """`.<out>-synced` beside the site: the written pages match the source folder, for the
    configuration overrides, the build_tools code and the Sphinx stack recorded in it."""

    def __init__(self, out: Path) -> None:
        self.path = out.parent / f".{out.name}-synced"
        self.out = out

    @staticmethod
    def digest(overrides: dict) -> str:
        import jupyter_book
        import myst_nb
        import sphinx
        from .pages.units import code_digest
        h = hashlib.sha256(json.dumps(overrides, sort_keys=True, ensure_ascii=False, default=str).encode())
        h.update(f"|{sphinx.__version__}|{jupyter_book.__version__}|{myst_nb.__version__}|{code_digest()}".encode())
        return h.hexdigest()

    def read(self) -> str | None:
        try:
            return self.path.read_text("utf-8") if (self.out / "index.html").is_file() else None
        except OSError:
            return None

    def clear(self) -> None:
        self.path.unlink(missing_ok=True)

    def write(self, digest: str) -> None:
        self.path.write_text(digest, "utf-8")
