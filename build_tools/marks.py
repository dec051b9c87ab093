"""Publication marks: a label every output carries when a build is not a normal
publication (a draft preview of a corpus with errors, illustrative data …).

A mark travels with the build, not with the data: `segur publish --draft` and
`segur book --draft` pass `(DRAFT,)` to the writers (REM header and sheet, DSR/AF header
and cover) and to the site (banner on every page), and the manifest records it.
A corpus whose `programme.yaml` says `donnees_exemple: true` is published with
`EXAMPLE` the same way (:func:`build_marks`), and the site shows it under the header of
every page (`segur_page_marks`, book/_templates/layout.html).
"""
from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Mark:
    code: str          # manifest key and CSS class: "brouillon"
    title: str         # the label itself, shown everywhere
    detail: str        # one sentence saying why and what not to do


DRAFT = Mark("brouillon", "BROUILLON — non publiable",
             "Aperçu construit avec --draft à partir d'un corpus qui contient encore des erreurs : "
             "ne pas diffuser ni utiliser pour un référencement.")


EXAMPLE = Mark("exemple", "Données d'exemple — document non officiel",
               "Les exigences, montants et dates de ce corpus sont illustratifs (programme.yaml : "
               "donnees_exemple: true) : ils ne remplacent pas les documents publiés par l'ANS.")


def build_marks(corpus, draft: bool = False) -> tuple[Mark, ...]:
    """The marks of one build: BROUILLON for a draft, EXAMPLE for illustrative data."""
    return ((DRAFT,) if draft else ()) + ((EXAMPLE,) if corpus.donnees_exemple else ())


def header_text(marks: tuple[Mark, ...], text: str = "") -> str:
    """`text` preceded by every mark's title: "BROUILLON — non publiable · REM …"."""
    return " · ".join([m.title for m in marks] + ([text] if text else []))
