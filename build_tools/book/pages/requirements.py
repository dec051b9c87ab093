"""The table of every requirement of every dispositif (search and filters)."""
from __future__ import annotations

from ...model import Corpus
from ...render.html import raw
from .common import Context, _page, _req_table
from .docnames import REQS


def requirements_page(corpus: Corpus) -> str:
    items = [(d, r) for d in corpus.dispositifs.values() for r in d.rem]
    body = [f"Les {len(items)} exigences publiées des {len(corpus.dispositifs)} dispositifs. "
            "Chercher dans le champ de recherche, filtrer par dispositif, section, nature, criticité, "
            "statut ou profil ; l’identifiant mène au bloc de l’exigence dans la page de son dispositif. "
            "Le fichier `needs.json` (format sphinx-needs) à la racine du site contient les mêmes exigences.\n\n"]
    body.append(raw(_req_table(REQS, items, with_disp=True)))
    return _page("Exigences — recherche et filtres", body)


def pages(ctx: Context) -> dict[str, str]:
    return {REQS + ".md": requirements_page(ctx.corpus)}
