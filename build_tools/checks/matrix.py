"""Habilitation matrix and scope rules."""
from __future__ import annotations

from .. import problems as P
from ..model import Corpus
from ..problems import Source
from . import check


@check
def habilitation_matrix(corpus: Corpus):
    h = corpus.habilitation
    for g in corpus.groups.values():
        for code in g.professions:
            if code not in corpus.professions:
                yield P.problem(P.REF_PROFESSION, g.src, f"group {g.groupe} lists unknown profession code {code}")
        for code in g.genres:
            if code not in corpus.professions:
                yield P.problem(P.REF_PROFESSION, g.src, f"group {g.groupe} lists unknown genre d'activité {code}")
    if h is None:
        return
    header = h.header_src
    for missing in [g for g in corpus.groups if g not in h.columns]:
        yield P.problem(P.MATRIX_GROUP, header, f"group {missing} has no column in the habilitation matrix")
    for extra in [c for c in h.columns if c not in corpus.groups]:
        yield P.problem(P.MATRIX_GROUP, header, f"column {extra} is not a group of profession_groups.csv")
    for (code, col), (value, src) in sorted(h.filled.items(), key=lambda kv: (kv[1][1].line, kv[0][1])):
        if value.upper() != "X":
            yield P.problem(P.MATRIX_CELL, Source(src.path, src.line, col),
                            f"cell {code} × {col} holds {value!r}")
    for code, sources in h.src.items():
        if code not in corpus.document_types:
            yield P.problem(P.REF_DOCTYPE, sources[0], f"matrix row {code} is not in document_types.csv")
        for extra in sources[1:]:
            yield P.problem(P.MATRIX_ROW, extra, f"document type {code} has a second row (first at line {sources[0].line})")
    for code, dt in corpus.document_types.items():
        if code not in h.rows:
            yield P.problem(P.MATRIX_ROW, dt.src, f"document type {code} has no row in habilitation.csv")


@check
def scopes(corpus: Corpus):
    h = corpus.habilitation
    for did, scope in corpus.scopes.items():
        d = corpus.dispositifs[did]
        if scope.vague_dir != d.vague:
            yield P.problem(P.REF_DISPOSITIF, scope.src,
                            f"scope of {did} belongs under matrices/scopes/{d.vague}/")
        services = {s.code for s in scope.services}
        for s in scope.services:
            if s.socle not in corpus.socles:
                yield P.problem(P.REF_PROGRAMME, s.src, f"service {s.code} belongs to unknown socle {s.socle}")
        for sp in scope.professions:
            if sp.profession not in corpus.professions:
                yield P.problem(P.REF_PROFESSION, sp.src, f"unknown profession code {sp.profession}")
                continue
            if sp.profession not in d.professions:
                yield P.problem(P.SCOPE_PROFESSION, sp.src,
                                f"profession {sp.profession} is scoped but not listed for {did}")
            if sp.groupe:
                group = corpus.groups.get(sp.groupe)
                if group is None or sp.profession not in group.professions:
                    yield P.problem(P.REF_PROFESSION, sp.src,
                                    f"group {sp.groupe} does not exist or does not hold profession {sp.profession}")
                    group = None
            else:
                candidates = corpus.groups_of(sp.profession)
                group = corpus.groups[candidates[0]] if len(candidates) == 1 else None
                if len(candidates) != 1:
                    yield P.problem(P.REF_PROFESSION, sp.src,
                                    f"profession {sp.profession} is in {len(candidates)} matrix groups "
                                    f"({', '.join(candidates) or 'none'})",
                                    "set `groupe:` to the matrix column that applies")
            for code, line in sp.services + sp.services_a_definir:
                if code not in services:
                    yield P.problem(P.REF_SERVICE, Source(sp.src.path, line), f"service {code} is not declared")
            for code, line in sp.documents_produits + sp.documents_consultes:
                if code not in corpus.document_types:
                    yield P.problem(P.REF_DOCTYPE, Source(sp.src.path, line), f"document type {code} is unknown")
            if group is None or h is None:
                continue
            for code, line in sp.documents_consultes:
                if code in corpus.document_types and not h.allows(code, group.groupe):
                    dt = corpus.document_types[code]
                    yield P.problem(P.SCOPE_HABILITATION, Source(sp.src.path, line),
                                    f"{sp.libelle} ({group.groupe}) may not consult {code} "
                                    f"({dt.type_libelle}) according to the habilitation matrix")
