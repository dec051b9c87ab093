"""Show an edited requirement before Sphinx has caught up.

The site extension writes every fragment file between inert markers
(`<!--segur-frag:NNN-->…<!--/segur-frag:NNN-->`, NNN from `<page>.NNN.html`). When the
only sources an edit changed are fragment files of pages already written, their new
bytes are swapped into those pages at once — the same bytes Sphinx will write a moment
later. Anything else (a page's MyST, a new or removed fragment, a missing marker) is
left to Sphinx.
"""
from __future__ import annotations

import os
import re
from collections import defaultdict
from pathlib import Path

FRAGMENT = re.compile(r"^(?P<dir>.+)/_frag/(?P<page>[^/]+)\.(?P<num>\d{3})\.html$")


def patch_fragments(src: Path, out: Path, changed: list[str]) -> dict[Path, str] | None:
    """Swap the changed fragments into their written pages; returns {page file: text
    written}, or None when the change needs Sphinx (nothing is written then)."""
    by_page: dict[str, list[tuple[str, Path]]] = defaultdict(list)
    for rel in changed:
        m = FRAGMENT.match(rel)
        if m is None or not (src / rel).is_file():
            return None
        by_page[f"{m['dir']}/{m['page']}.html"].append((m["num"], src / rel))
    if not by_page:
        return None
    patched: dict[Path, str] = {}
    for page, frags in by_page.items():
        html_file = out / page
        if not html_file.is_file():
            return None
        text = html_file.read_text("utf-8")
        for num, frag in frags:
            start, end = f"<!--segur-frag:{num}-->", f"<!--/segur-frag:{num}-->"
            a = text.find(start)
            b = text.find(end, a + len(start)) if a >= 0 else -1
            if b < 0:
                return None
            text = text[:a + len(start)] + frag.read_text("utf-8") + text[b:]
        patched[html_file] = text
    for html_file, text in patched.items():
        tmp = html_file.with_name(html_file.name + ".tmp")
        tmp.write_text(text, "utf-8")
        os.replace(tmp, html_file)
    return patched
