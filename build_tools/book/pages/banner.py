"""The notices shown at the top of the pages (DSFR `fr-notice`): publication status, and
any other mark a page needs (draft site, example data, ...).

To add a mark: write a provider `(corpus) -> {docname or "*": [Notice]}` and append it to
`PROVIDERS`. "*" holds the provider's notices for every page it does not name itself.
Each page shows the notices of every provider, in `PROVIDERS` order, in one
`div.segur-banner` (the Sphinx extension inserts it above the page's content). Notice
texts are HTML: escape every data value with `h()`.
"""
from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass

from ...model import Corpus
from ...render.html import badge, fr_date, h
from .common import _slug
from .docnames import STATUTS_PUBLICATION, dispositif_doc, vague_doc

KINDS = ("info", "warning", "alert")     # DSFR notice types (blue, orange, red)


@dataclass(frozen=True)
class Notice:
    html: str              # escaped HTML: a short sentence, may hold badges and links
    kind: str = "info"     # one of KINDS
    css: str = ""          # extra class (e.g. segur-banner-publiee)

    def render(self) -> str:
        kind = self.kind if self.kind in KINDS else "info"
        extra = f" {h(self.css)}" if self.css else ""
        return (f'<div class="fr-notice fr-notice--{kind} segur-notice{extra}"><div class="fr-notice__body">'
                f'<p class="fr-notice__title">{self.html}</p></div></div>')


Provider = Callable[[Corpus], dict[str, list[Notice]]]


def _status_counts(ds) -> str:
    c = Counter(d.statut_publication for d in ds)
    return " · ".join(f"{badge('pub', s)} ×{c[s]}" for s in STATUTS_PUBLICATION if c[s])


def publication_status(corpus: Corpus) -> dict[str, list[Notice]]:
    """A dispositif page shows that dispositif's version and status; a vague page the
    statuses of its dispositifs; every other page the latest vague (highest numero): its
    most recent dispositif version and the count of each status."""
    out: dict[str, list[Notice]] = {}
    for d in corpus.dispositifs.values():
        out[dispositif_doc(d)] = [Notice(
            f'<strong>{h(d.id)}</strong> — version {h(d.version)} du {h(fr_date(d.date))} — '
            f'statut de publication : {badge("pub", d.statut_publication)}',
            css=f"segur-banner-{_slug(d.statut_publication)}")]
    for v in corpus.vagues.values():
        ds = corpus.dispositifs_of_vague(v.id)
        out[vague_doc(v.id)] = [Notice(f'<strong>{h(v.libelle)}</strong> — {len(ds)} dispositif(s) : '
                                       f'{_status_counts(ds)}')]
    if corpus.vagues:
        last = max(corpus.vagues.values(), key=lambda v: v.numero)
        ds = corpus.dispositifs_of_vague(last.id) or list(corpus.dispositifs.values())
    else:
        last, ds = None, list(corpus.dispositifs.values())
    if ds:
        latest = max(ds, key=lambda d: (d.date, d.id))
        out["*"] = [Notice(f'<strong>Programme Ségur numérique</strong> — {h(last.libelle if last else "")} : '
                           f'{_status_counts(ds)} — dernière version : {h(latest.id)} {h(latest.version)} '
                           f'du {h(fr_date(latest.date))} ({badge("pub", latest.statut_publication)})')]
    else:
        out["*"] = [Notice("Programme Ségur numérique — aucun dispositif")]
    return out


# The marks of the site, in display order. Add yours here (see the module docstring).
PROVIDERS: list[Provider] = [publication_status]


def banners(corpus: Corpus, providers: list[Provider] | None = None) -> dict[str, str]:
    """Banner HTML per docname; key '*' for every page no provider names."""
    given = [p(corpus) for p in (PROVIDERS if providers is None else providers)]
    docs = sorted({doc for marks in given for doc in marks if doc != "*"})
    out = {}
    for doc in [*docs, "*"]:
        notices = [n for marks in given for n in marks.get(doc, marks.get("*", []))]
        if notices:
            out[doc] = ('<div class="segur-banner" role="region" aria-label="Statut de la page">'
                        + "".join(n.render() for n in notices) + "</div>")
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
