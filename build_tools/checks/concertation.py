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
                            f"comments.yaml declares iteration {it.declared!r} but is in the folder {it.id!r}")
        if not it.numero:
            yield P.problem(P.CONC_ITERATION, it.src, f"folder {it.id!r} is not an iteration (IT1, IT2, …)")
        seen: dict[str, int] = {}
        ids_cache: dict[str, set] = {}
        for c in it.comments:
            path = c.src.path
            if c.id in seen:
                yield P.problem(P.ID_DUP, Source(path, c.line_of("id")),
                                f"comment {c.id} is recorded twice (first at line {seen[c.id]})",
                                dispositif=c.dispositif)
            else:
                seen[c.id] = c.line_of("id")
            if c.dispositif not in corpus.dispositifs:
                yield P.problem(P.CONC_UNKNOWN_ID, Source(path, c.line_of("dispositif")),
                                f"comment {c.id}: unknown dispositif {c.dispositif!r}")
            else:
                if c.dispositif not in ids_cache:
                    ids_cache[c.dispositif] = _grid_ids(corpus, it, c.dispositif)
                if c.exigence not in ids_cache[c.dispositif]:
                    yield P.problem(P.CONC_UNKNOWN_ID, Source(path, c.line_of("exigence")),
                                    f"comment {c.id}: {c.exigence!r} is not a requirement of the {it.id} grid "
                                    f"of {c.dispositif}", dispositif=c.dispositif)
            if c.closed and not c.reponse.strip():
                yield P.problem(P.CONC_NO_ANSWER, Source(path, c.line_of("statut")),
                                f"comment {c.id} is « {c.statut} » but has no reponse", dispositif=c.dispositif)
            if it.numero and c.id != comment_id(it.id, c.dispositif, c.organisation, c.exigence, c.texte):
                yield P.problem(P.CONC_ID, Source(path, c.line_of("id")),
                                f"comment {c.id}: id differs from the one of its organisation, exigence and texte "
                                f"(edited after import?)", dispositif=c.dispositif)
