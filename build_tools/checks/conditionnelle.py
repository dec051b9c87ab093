"""*Exigence conditionnelle* is derived from the profiles (as ANS's REM writer computes it);
a value still typed in a file that says otherwise is reported where it is written."""
from __future__ import annotations

from .. import problems as P
from ..model import Corpus, derived_conditionnelle
from ..problems import Source
from . import check


@check
def typed_conditionnelle(corpus: Corpus):
    for d in corpus.dispositifs.values():
        picks = {p.id: p for p in d.picks}
        for rr in d.rem:
            if rr.socle:
                pick = picks.get(rr.id)
                typed, where = (pick.conditionnelle, pick.src) if pick else (None, rr.src)
            else:
                typed, where = rr.base.conditionnelle, Source(rr.src.path, rr.base.line_of("conditionnelle"))
            if typed is not None and typed != rr.conditionnelle:
                yield P.problem(P.COND_DERIVED, where,
                                f"{rr.id} : conditionnelle {'OUI' if typed else 'NON'} saisie, mais le profil "
                                f"« {', '.join(rr.profils)} » donne {'OUI' if rr.conditionnelle else 'NON'}",
                                dispositif=d.id)
    for s in corpus.socles.values():
        for r in s.requirements:
            if r.conditionnelle is not None and r.conditionnelle != derived_conditionnelle(r.profils):
                yield P.problem(P.COND_DERIVED, Source(r.src.path, r.line_of("conditionnelle")),
                                f"{r.id} : conditionnelle {'OUI' if r.conditionnelle else 'NON'} saisie, mais le "
                                f"profil « {', '.join(r.profils)} » donne "
                                f"{'OUI' if derived_conditionnelle(r.profils) else 'NON'}")
