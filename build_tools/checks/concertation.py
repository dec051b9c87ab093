"""Concertation comments: each points to a requirement of its iteration's grid, each
closed comment has an answer (docs/concertation.md)."""
from __future__ import annotations

from collections.abc import Iterator

from .. import problems as P
from ..concertation import comment_id
from ..model import Corpus
from ..problems import Problem, Source
from . import check


def _grid_ids(corpus: Corpus, it, did: str) -> set[str]:
    ids = it.grid_ids(did)
    if ids is None:     # no snapshot for it: the dispositif's current REM (and its Obsolète records)
        d = corpus.dispositifs[did]
        ids = {r.id for r in d.rem} | {r.id for r in d.obsoletes}
    return ids


@check
def concertation_comments(corpus: Corpus) -> Iterator[Problem]:
    for it in corpus.comments.values():
        if it.src is None:
            continue
        if it.declared != it.id:
            yield P.problem(P.CONC_ITERATION, it.src,
                            f"comments.yaml déclare l'itération {it.declared!r} mais se trouve dans le dossier {it.id!r}")
        if not it.numero:
            yield P.problem(P.CONC_ITERATION, it.src, f"le dossier {it.id!r} n'est pas une itération (IT1, IT2, …)")
        seen: dict[str, int] = {}
        it_ids = {c.id for c in it.comments}
        ids_cache: dict[str, set] = {}
        for c in it.comments:
            path = c.src.path
            if c.id in seen:
                yield P.problem(P.ID_DUP, Source(path, c.line_of("id")),
                                f"le commentaire {c.id} est enregistré deux fois (première fois ligne {seen[c.id]})",
                                dispositif=c.dispositif)
            else:
                seen[c.id] = c.line_of("id")
            if c.dispositif not in corpus.dispositifs:
                yield P.problem(P.CONC_UNKNOWN_ID, Source(path, c.line_of("dispositif")),
                                f"commentaire {c.id} : dispositif {c.dispositif!r} inconnu")
            else:
                if c.dispositif not in ids_cache:
                    ids_cache[c.dispositif] = _grid_ids(corpus, it, c.dispositif)
                if c.exigence not in ids_cache[c.dispositif]:
                    yield P.problem(P.CONC_UNKNOWN_ID, Source(path, c.line_of("exigence")),
                                    f"commentaire {c.id} : {c.exigence!r} n'est pas une exigence de la grille {it.id} "
                                    f"de {c.dispositif}", dispositif=c.dispositif)
            if c.reponse_a and c.reponse_a not in it_ids:
                yield P.problem(P.CONC_UNKNOWN_ID, Source(path, c.line_of("reponse_a")),
                                f"commentaire {c.id} : reponse_a {c.reponse_a!r} n'est pas un commentaire de {it.id}",
                                dispositif=c.dispositif)
            if c.closed and not c.reponse.strip():
                yield P.problem(P.CONC_NO_ANSWER, Source(path, c.line_of("statut")),
                                f"le commentaire {c.id} est « {c.statut} » mais n'a pas de reponse", dispositif=c.dispositif)
            if it.numero and c.id != comment_id(it.id, c.dispositif, c.organisation, c.exigence, c.texte, c.annotation):
                yield P.problem(P.CONC_ID, Source(path, c.line_of("id")),
                                f"commentaire {c.id} : l'identifiant diffère de celui de son organisation, de son exigence et de son texte "
                                f"(modifié après l'import ?)", dispositif=c.dispositif)
