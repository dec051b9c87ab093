"""Évolution rules: each statut agrees with the previous vague's REM."""
from __future__ import annotations

from .. import problems as P
from .. import model as M
from ..model import Corpus, RemRequirement
from ..model_builder import norm_text
from ..problems import Source
from . import check


def _src(rr: RemRequirement, key: str) -> Source:
    if rr.socle:  # a pick: point at the pick line
        return rr.src
    return Source(rr.src.path, rr.base.line_of(key))


@check
def statut_vs_previous(corpus: Corpus):
    # registered wrapper only: the rules live in undecorated functions, which the mutation
    # tool can mutate (mutmut leaves decorated functions out)
    for d in corpus.dispositifs.values():
        yield from _dispositif_statuts(corpus, d)


def _dispositif_statuts(corpus: Corpus, d):
    prev = corpus.dispositifs.get(d.precedent)     # None: no precedent, or one not declared
    if prev is not None:
        yield from _uncomputable_statuts(d, prev)
    claimed: dict[str, RemRequirement] = {}
    yield from _declared_statuts(d, prev, claimed)
    if prev is not None:
        yield from _dropped_or_taken_back(d, prev, claimed)


def _uncomputable_statuts(d, prev):
    """Statut computed (none written): only a counterpart named but not found is an error."""
    for rr in d.rem:
        r = rr.base
        hinted = r.id_precedent or M.carried_from(r.id)
        if not rr.socle and r.statut is None and rr.id_precedent is None and hinted:
            yield P.problem(P.STATUT_MISSING, Source(r.src.path, r.line_of("id")),
                            f"{r.id} n'a pas de statut et son exigence précédente {hinted} n'est pas dans "
                            f"{prev.id} : le statut ne peut pas être calculé")


def _declared_statuts(d, prev, claimed: dict):
    """Each written statut against the previous wave's REM; fills `claimed` (previous id ->
    the record that takes it over)."""
    prev_index = {r.id: r for r in prev.rem} if prev else {}
    active_ids = {rr.id for rr in d.rem}
    for rr in d.rem + d.obsoletes:
        if not rr.statut_declared:
            if rr.id_precedent and rr.statut != "Obsolète":
                claimed.setdefault(rr.id_precedent, rr)
            continue
        st, pid = rr.statut, rr.id_precedent
        if st == "Obsolète" and not pid:
            continue          # withdrawn before publication: it refers to no previous REM
        if prev is None:
            if st != "Nouvelle":
                yield P.problem(P.STATUT_NO_PREVIOUS, _src(rr, "statut"),
                                f"{rr.id} est {st} mais {d.id} n'a pas de vague précédente")
            elif pid:
                yield P.problem(P.STATUT_NEW_WITH_PREVIOUS, _src(rr, "id_precedent"),
                                f"{rr.id} est Nouvelle mais indique id_precedent {pid}")
            continue
        if st == "Nouvelle":
            if pid:
                yield P.problem(P.STATUT_NEW_WITH_PREVIOUS, _src(rr, "id_precedent"),
                                f"{rr.id} est Nouvelle mais indique id_precedent {pid}")
            continue
        old = prev_index.get(pid) if pid else None
        if old is None:
            what = f"id_precedent {pid} n'est pas dans {prev.id}" if pid else "elle n'a pas d'id_precedent"
            yield P.problem(P.STATUT_PREVIOUS_MISSING, _src(rr, "id_precedent" if pid else "statut"),
                            f"{rr.id} est {st} mais {what}")
            continue
        if st == "Obsolète":
            if pid in active_ids:
                yield P.problem(P.STATUT_OBSOLETE_ACTIVE, _src(rr, "statut"),
                                f"{rr.id} est Obsolète mais {pid} figure encore dans le REM de {d.id}")
            continue
        if pid in claimed:
            other = claimed[pid]
            yield P.problem(P.STATUT_PREVIOUS_TWICE, _src(rr, "id_precedent"),
                            f"{rr.id} et {other.id} revendiquent toutes deux {pid} de {prev.id}")
        else:
            claimed[pid] = rr
        same = norm_text(old.enonce) == norm_text(rr.enonce)
        if st == "Inchangée" and not same:
            yield P.problem(P.STATUT_UNCHANGED_DIFFERS, _src(rr, "statut"),
                            f"{rr.id} est Inchangée mais son texte diffère de {pid} dans {prev.id}")
        elif st == "Modifiée" and same:
            yield P.problem(P.STATUT_MODIFIED_SAME, _src(rr, "statut"),
                            f"{rr.id} est Modifiée mais son texte est identique à {pid} dans {prev.id}")


def _dropped_or_taken_back(d, prev, claimed: dict):
    """Every previous requirement is taken over or marked Obsolète, never both."""
    obsolete_prev = {rr.id_precedent for rr in d.obsoletes if rr.id_precedent}
    for rr in d.obsoletes:
        if rr.id_precedent in claimed:
            taker = claimed[rr.id_precedent].id
            yield P.problem(P.STATUT_OBSOLETE_ACTIVE, _src(rr, "statut"),
                            f"{rr.id} est Obsolète mais {taker} reprend {rr.id_precedent}", ids=(rr.id,),
                            # two picks of one socle continuing one requirement, in several REMs: one cause
                            across=f"{rr.id} est Obsolète mais {taker} reprend la même exigence de la vague "
                                   f"précédente, dans {{n}} REM ({{where}})")
    where = Source(d.file, 1) if d.file else d.src
    for old in prev.rem:
        if old.id not in claimed and old.id not in obsolete_prev:
            yield P.problem(P.STATUT_DROPPED, where,
                            f"{old.id} de {prev.id} n'est ni reprise dans {d.id} ni marquée Obsolète")
