"""The table of every requirement of every dispositif (search and filters).

The page is generated on every build, but each dispositif's rows (and its values of each
filter) are JSON chunks kept between builds under that dispositif's key (`Context.memo`):
an edit re-renders the rows of the dispositif it touched only. `requirements_page`
renders everything afresh (the same bytes)."""
from __future__ import annotations

from ...model import Corpus
from ...render.html import raw
from .common import (Context, _page, _req_table, dt_from_chunks, json_items, req_classes, req_headers,
                     req_rows)
from .dispositif import dispositif_key
from .docnames import REQS

TITLE = "Exigences — recherche et filtres"


def _intro(corpus: Corpus, n: int) -> str:
    return (f"Les {n} exigences publiées des {len(corpus.dispositifs)} dispositifs. "
            "Chercher dans le champ de recherche, filtrer par dispositif, section, nature, criticité, "
            "statut ou profil ; l’identifiant mène au bloc de l’exigence dans la page de son dispositif. "
            "Le fichier `needs.json` (format sphinx-needs) à la racine du site contient les mêmes exigences.\n\n")


def requirements_page(corpus: Corpus) -> str:
    items = [(d, r) for d in corpus.dispositifs.values() for r in d.rem]
    return _page(TITLE, [_intro(corpus, len(items)), raw(_req_table(REQS, items, with_disp=True))])


def _chunks(d) -> tuple[str, dict[int, str]]:
    """One dispositif's rows and filter values, as JSON array items."""
    rows, filters = req_rows(REQS, [(d, r) for r in d.rem], True)
    return json_items(rows), {col: json_items(values) for col, (_, values) in filters.items()}


def cached_requirements_page(ctx: Context) -> str:
    corpus = ctx.corpus
    groups = [ctx.memo.get(f"search:{d.id}", dispositif_key(ctx, d, "search-rows"), lambda d=d: _chunks(d))
              for d in corpus.dispositifs.values()]
    labels = req_rows(REQS, [], True)[1]
    specs = [(col, label, [g[1][col] for g in groups]) for col, (label, _) in sorted(labels.items())]
    table = dt_from_chunks(req_headers(True), [g[0] for g in groups], specs, classes=req_classes(True))
    n = sum(len(d.rem) for d in corpus.dispositifs.values())
    return _page(TITLE, [_intro(corpus, n), raw(table)])


def pages(ctx: Context) -> dict[str, str]:
    return {REQS + ".md": cached_requirements_page(ctx)}
