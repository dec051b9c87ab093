"""Generated pages of the site, from the corpus index only — one module per page kind.

`generate(corpus, manifest, prose_for)` returns {path under the book source folder: MyST
text}. Each module of `KINDS` has `pages(ctx: Context) -> {path: text}`; to add a kind
of page, write a module with such a function and append it to `KINDS`. A kind whose pages
are costly may also have `units(ctx) -> [Unit(path, key, render)]`: `plan()` then lets
the builder skip the pages whose key (their inputs, see `units.py`) did not change.

Requirement blocks and tables are HTML fragments rendered once here, every data value
escaped (`render.html.h`), inside MyST raw blocks (build.py moves the big ones to fragment
files); page and section titles stay MyST headings (escaped with `render.html.md`) so they
feed the page outline. Every requirement block has `id=<requirement id>`: `…#LGC.DMP.01`.
Filterable tables are DataTables fed from JSON (`common._dt`).
"""
from __future__ import annotations

from ...model import Corpus
from . import (concertation, dispositif, downloads, matrix, requirements, rules, scopes, socle,
               vague, versions)
from .banner import banners
from .common import Context
from .units import Memo, Unit
from .concertation import concertation_pages
from .dispositif import dispositif_page
from .docnames import (CONCERTATION, DOWNLOAD_DIR, DOWNLOADS, DRAFT_STATUSES, HOME, MATRIX, REQS,
                       RULES_DOC, SCOPES, STATUTS_PUBLICATION, dispositif_doc, socle_doc, vague_doc)
from .downloads import downloads_page
from .matrix import matrix_page
from .requirements import requirements_page
from .rules import rules_page
from .scopes import scope_html, scopes_page
from .socle import socle_page
from .vague import vague_page

# The page kinds, in generation order.
KINDS = [requirements, matrix, scopes, downloads, vague, dispositif, socle, concertation, rules, versions]


def generate(corpus: Corpus, manifest: dict | None, prose_for, history: dict | None = None) -> dict[str, str]:
    """{path relative to the book source root: text} for every generated page.

    `prose_for(dispositif) -> [(name, MyST)]` supplies the DSR prose (build.py guards the
    optional `build_tools.prose` module)."""
    return {u.path: u.render() for u in plan(corpus, manifest, prose_for, history)}


def plan(corpus: Corpus, manifest: dict | None, prose_for, history: dict | None = None,
         memo: Memo | None = None) -> list[Unit]:
    """Every generated page as a Unit: keyed ones render lazily, the others are rendered
    here (they are cheap, or keep their costly parts in `memo`)."""
    ctx = Context(corpus, manifest, prose_for, history, memo if memo is not None else Memo())
    out: list[Unit] = []
    for kind in KINDS:
        if hasattr(kind, "units"):
            out.extend(kind.units(ctx))
        else:
            out.extend(Unit(path, None, lambda text=text: text) for path, text in kind.pages(ctx).items())
    return out


__all__ = ["CONCERTATION", "DOWNLOAD_DIR", "DOWNLOADS", "DRAFT_STATUSES", "HOME", "KINDS", "MATRIX",
           "REQS", "RULES_DOC", "SCOPES", "STATUTS_PUBLICATION", "Context", "banners",
           "concertation_pages", "dispositif_doc", "dispositif_page", "downloads_page", "generate",
           "matrix_page", "Memo", "plan", "Unit", "requirements_page", "rules_page", "scope_html", "scopes_page", "socle_doc",
           "socle_page", "vague_doc", "vague_page"]
