"""One page per vague: its dispositifs and requirement counts."""
from __future__ import annotations

from collections import Counter

from ...model import Corpus
from ...render.html import badge, fr_date, h, link, md, raw, table
from .common import Context, _page
from .docnames import REQS, dispositif_doc, vague_doc


def vague_page(corpus: Corpus, vid: str) -> str:
    v = corpus.vagues[vid]
    doc = vague_doc(vid)
    ds = corpus.dispositifs_of_vague(vid)
    body = [f"{md(v.objet or v.libelle)}" + (f" ({md(v.periode)})" if v.periode else "") + ".\n\n"]
    if v.precedente and v.precedente in corpus.vagues:
        body.append(raw(f"<p>Vague précédente : {link(doc, vague_doc(v.precedente), corpus.vagues[v.precedente].libelle)}</p>"))
    body.append("## Dispositifs\n\n")
    rows = []
    for d in ds:
        st = Counter(r.statut for r in d.rem)
        rows.append([link(doc, dispositif_doc(d), d.id), h(corpus.couloirs[d.couloir].libelle if d.couloir in corpus.couloirs else d.couloir),
                     h(d.titre), badge("pub", d.statut_publication), f"{h(d.version)} du {h(fr_date(d.date))}",
                     str(len(d.rem)),
                     f"{st.get('Nouvelle', 0)} nouvelle(s) · {st.get('Modifiée', 0)} modifiée(s) · "
                     f"{st.get('Inchangée', 0)} inchangée(s) · {len(d.obsoletes)} obsolète(s)"])
    body.append(raw(table(["Dispositif", "Couloir", "Titre", "Statut", "Version", "Exigences", "Évolution"], rows)))
    body.append("## Exigences par socle et nature\n\n")
    c = Counter()
    for d in ds:
        for r in d.rem:
            c[(r.socle or "propres", r.nature)] += 1
    socles = sorted({k[0] for k in c})
    natures = sorted({k[1] for k in c})
    body.append(raw(table(["Socle"] + natures + ["Total"],
                          [[h(s)] + [str(c[(s, n)]) for n in natures] + [str(sum(c[(s, n)] for n in natures))]
                           for s in socles])))
    body.append(raw(f"<p>Rechercher et filtrer les exigences de la vague : "
                    f"{link(doc, REQS, 'toutes les exigences')} (filtre « Vague »).</p>"))
    return _page(f"{v.libelle} ({v.periode})" if v.periode else v.libelle, body)


def pages(ctx: Context) -> dict[str, str]:
    return {vague_doc(v) + ".md": vague_page(ctx.corpus, v) for v in ctx.corpus.vagues}
