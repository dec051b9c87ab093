"""The concertation overview and one page per iteration."""
from __future__ import annotations

from ...model import Corpus
from ...render.html import href, link
from .common import Context
from .docnames import CONCERTATION, dispositif_doc

DASHBOARD = "book/tableau-de-bord-concertation"     # the notebook page (book/, not generated)


def concertation_pages(corpus: Corpus) -> dict[str, str]:
    """An overview page and one page per concertation iteration."""
    from ...concertation.pages import iteration_page_markdown, iterations
    its = iterations(corpus)
    pages = {}
    for it in its:
        doc = f"{CONCERTATION}/{it}"
        pages[doc + ".md"] = iteration_page_markdown(
            corpus, it, href_for=lambda did, rid, doc=doc: (
                href(doc, dispositif_doc(corpus.dispositifs[did]), rid) if did in corpus.dispositifs else None))
    intro = ["# Concertation\n\n",
             "Chaque itération de concertation recueille les remarques des éditeurs, des représentants "
             "des professionnels et du public sur les REM en cours d'écriture, puis les réponses des auteurs.\n\n"]
    intro.append(f"Les chiffres de chaque itération et leur évolution : "
                 f"{link(CONCERTATION + '/index', DASHBOARD, 'tableau de bord de la concertation')}.\n\n")
    if its:
        intro.append("".join(f"- {link(CONCERTATION + '/index', CONCERTATION + '/' + it, it)}\n" for it in its))
    else:
        intro.append("Aucune itération de concertation n'est enregistrée pour le moment.\n")
    pages[CONCERTATION + "/index.md"] = "".join(intro)
    return pages


def pages(ctx: Context) -> dict[str, str]:
    return concertation_pages(ctx.corpus)
