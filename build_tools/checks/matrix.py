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
                yield P.problem(P.REF_PROFESSION, g.src, f"le groupe {g.groupe} liste un code de profession inconnu : {code}")
        for code in g.genres:
            if code not in corpus.professions:
                yield P.problem(P.REF_PROFESSION, g.src, f"le groupe {g.groupe} liste un genre d'activité inconnu : {code}")
    if h is None:
        return
    header = h.header_src
    for missing in [g for g in corpus.groups if g not in h.columns]:
        yield P.problem(P.MATRIX_GROUP, header, f"le groupe {missing} n'a pas de colonne dans la matrice d'habilitation")
    for extra in [c for c in h.columns if c not in corpus.groups]:
        yield P.problem(P.MATRIX_GROUP, header, f"la colonne {extra} n'est pas un groupe de profession_groups.csv")
    for (code, col), (value, src) in sorted(h.filled.items(), key=lambda kv: (kv[1][1].line, kv[0][1])):
        if value.upper() != "X":
            yield P.problem(P.MATRIX_CELL, Source(src.path, src.line, col),
                            f"la cellule {code} × {col} contient {value!r}")
    for code, sources in h.src.items():
        if code not in corpus.document_types:
            yield P.problem(P.REF_DOCTYPE, sources[0], f"la ligne {code} de la matrice n'est pas dans document_types.csv")
        for extra in sources[1:]:
            yield P.problem(P.MATRIX_ROW, extra, f"le type de document {code} a une seconde ligne (première à la ligne {sources[0].line})")
    for code, dt in corpus.document_types.items():
        if code not in h.rows:
            yield P.problem(P.MATRIX_ROW, dt.src, f"le type de document {code} n'a pas de ligne dans habilitation.csv")


@check
def scopes(corpus: Corpus):
    h = corpus.habilitation
    for did, scope in corpus.scopes.items():
        d = corpus.dispositifs[did]
        if scope.vague_dir != d.vague:
            yield P.problem(P.REF_DISPOSITIF, scope.src,
                            f"le périmètre de {did} doit se trouver sous matrices/scopes/{d.vague}/")
        services = {s.code for s in scope.services}
        for s in scope.services:
            if s.socle not in corpus.socles:
                yield P.problem(P.REF_PROGRAMME, s.src, f"le service {s.code} appartient au socle inconnu {s.socle}")
        for sp in scope.professions:
            if sp.profession not in corpus.professions:
                yield P.problem(P.REF_PROFESSION, sp.src, f"code de profession inconnu : {sp.profession}")
                continue
            if sp.profession not in d.professions:
                yield P.problem(P.SCOPE_PROFESSION, sp.src,
                                f"la profession {sp.profession} est dans le périmètre mais n'est pas listée pour {did}")
            if sp.groupe:
                group = corpus.groups.get(sp.groupe)
                if group is None or sp.profession not in group.professions:
                    yield P.problem(P.REF_PROFESSION, sp.src,
                                    f"le groupe {sp.groupe} n'existe pas ou ne contient pas la profession {sp.profession}")
                    group = None
            else:
                candidates = corpus.groups_of(sp.profession)
                group = corpus.groups[candidates[0]] if len(candidates) == 1 else None
                if len(candidates) != 1:
                    yield P.problem(P.REF_PROFESSION, sp.src,
                                    f"la profession {sp.profession} est dans {len(candidates)} groupe(s) de la matrice "
                                    f"({', '.join(candidates) or 'aucun'})",
                                    "indiquez dans `groupe:` la colonne de la matrice qui s'applique")
            for code, line in sp.services + sp.services_a_definir:
                if code not in services:
                    yield P.problem(P.REF_SERVICE, Source(sp.src.path, line), f"le service {code} n'est pas déclaré")
            for code, line in sp.documents_produits + sp.documents_consultes:
                if code not in corpus.document_types:
                    yield P.problem(P.REF_DOCTYPE, Source(sp.src.path, line), f"le type de document {code} est inconnu")
            if group is None or h is None:
                continue
            for code, line in sp.documents_consultes:
                if code in corpus.document_types and not h.allows(code, group.groupe):
                    dt = corpus.document_types[code]
                    yield P.problem(P.SCOPE_HABILITATION, Source(sp.src.path, line),
                                    f"{sp.libelle} ({group.groupe}) ne peut pas consulter {code} "
                                    f"({dt.type_libelle}) selon la matrice d'habilitation")


@check
def habilitation_sources(corpus: Corpus):
    """Once matrices/habilitation_sources.csv exists, every row says where it comes from."""
    h = corpus.habilitation
    if h is None or not h.sources:
        return
    for (code, groupe), cs in sorted(h.sources.items(), key=lambda kv: kv[1].src.line):
        if code not in h.rows:
            yield P.problem(P.MATRIX_SOURCE, cs.src, f"{code} n'est pas une ligne de la matrice d'habilitation")
        if groupe != "*" and groupe not in h.columns:
            yield P.problem(P.MATRIX_SOURCE, cs.src, f"{groupe} n'est pas une colonne de la matrice d'habilitation")
        if cs.source == "arrete" and not cs.reference.strip():
            yield P.problem(P.MATRIX_SOURCE, cs.src, f"{code} × {groupe} : la source arrete doit citer sa référence")
    for code, sources in h.src.items():
        if (code, "*") not in h.sources:
            yield P.problem(P.MATRIX_SOURCE, sources[0], f"la ligne {code} n'a pas de source dans habilitation_sources.csv")
