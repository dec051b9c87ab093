"""The banner shown at the top of every page (version and publication status)."""
from __future__ import annotations

from collections import Counter

from ...model import Corpus
from ...render.html import badge, h
from .common import _slug
from .docnames import STATUTS_PUBLICATION, dispositif_doc, vague_doc


def _status_counts(ds) -> str:
    c = Counter(d.statut_publication for d in ds)
    return " · ".join(f"{badge('pub', s)} ×{c[s]}" for s in STATUTS_PUBLICATION if c[s])


def banners(corpus: Corpus) -> dict[str, str]:
    """Banner HTML per docname; key '*' for every other page.

    A dispositif page (and its scope) shows that dispositif's version and status; a vague
    page the statuses of its dispositifs; every other page the latest vague (highest
    numero): its most recent dispositif version and the count of each status.
    """
    out: dict[str, str] = {}
    for d in corpus.dispositifs.values():
        out[dispositif_doc(d)] = (
            f'<div class="segur-banner segur-banner-{h(_slug(d.statut_publication))}">'
            f'<strong>{h(d.id)}</strong> — version {h(d.version)} du {h(d.date)} — '
            f'statut de publication : {badge("pub", d.statut_publication)}</div>')
    for v in corpus.vagues.values():
        ds = corpus.dispositifs_of_vague(v.id)
        out[vague_doc(v.id)] = (f'<div class="segur-banner"><strong>{h(v.libelle)}</strong> — '
                                f'{len(ds)} dispositif(s) : {_status_counts(ds)}</div>')
    if corpus.vagues:
        last = max(corpus.vagues.values(), key=lambda v: v.numero)
        ds = corpus.dispositifs_of_vague(last.id) or list(corpus.dispositifs.values())
    else:
        last, ds = None, list(corpus.dispositifs.values())
    if ds:
        latest = max(ds, key=lambda d: (d.date, d.id))
        out["*"] = (f'<div class="segur-banner"><strong>Programme Ségur numérique</strong> — '
                    f'{h(last.libelle if last else "")} : {_status_counts(ds)} — dernière version : '
                    f'{h(latest.id)} {h(latest.version)} du {h(latest.date)} '
                    f'({badge("pub", latest.statut_publication)})</div>')
    else:
        out["*"] = '<div class="segur-banner">Programme Ségur numérique — aucun dispositif</div>'
    return out


def draft_banners(banners_: dict[str, str], qa_doc: str) -> dict[str, str]:
    """Every banner (so every page) preceded by the BROUILLON mark and a link to the QA
    page (`@@segur-doc:…@@` becomes a relative link on each page: sphinx_ext)."""
    from ...marks import DRAFT
    mark = (f'<div class="segur-banner segur-mark segur-mark-{h(DRAFT.code)}" role="alert">'
            f'<strong>{h(DRAFT.title)}</strong> — {h(DRAFT.detail)} '
            f'<a href="@@segur-doc:{h(qa_doc)}@@">Problèmes à corriger (page QA)</a></div>')
    out = {doc: mark + html for doc, html in banners_.items()}
    out.setdefault("*", mark)
    return out
