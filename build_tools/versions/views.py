"""What `segur diff` compares: per dispositif, its REM requirements as plain records.

A view comes from a corpus index (every field known) or from a concertation snapshot
(texts, nature and placement only: unknown fields are None and never compared).
"""
from __future__ import annotations

from dataclasses import dataclass

from ..model import Corpus


@dataclass(frozen=True, slots=True)
class ReqView:
    id: str
    enonce: str
    nature: str
    section: str
    bloc: str
    fonction: str
    criticite: str | None = None
    profils: tuple[str, ...] | None = None
    conditionnelle: bool | None = None
    referentiels: tuple[str, ...] | None = None
    socle: str | None = None                 # socle code of a pick, "" for an own requirement
    id_precedent: str | None = None
    scenarios: tuple | None = None           # model.Scenario records (id, texte, preuves, line)
    order: int = 0


@dataclass(frozen=True)
class DispositifView:
    id: str
    version: str
    requirements: dict                       # id -> ReqView, REM order


def from_corpus(corpus: Corpus) -> dict[str, DispositifView]:
    out = {}
    for d in corpus.dispositifs.values():
        reqs = {}
        for i, rr in enumerate(d.rem):
            reqs[rr.id] = ReqView(rr.id, rr.enonce, rr.nature, rr.section.code, rr.bloc, rr.fonction,
                                  rr.criticite, tuple(rr.profils), rr.conditionnelle, tuple(rr.referentiels),
                                  rr.socle or "", rr.id_precedent, rr.scenarios, i)
        out[d.id] = DispositifView(d.id, d.version, reqs)
    return out


def from_snapshot(data: dict) -> dict[str, DispositifView]:
    """Views of a concertation snapshot (concertation/<ITn>/snapshot.json)."""
    out = {}
    for did, entry in (data.get("dispositifs") or {}).items():
        reqs = {}
        for i, (rid, row) in enumerate((entry.get("exigences") or {}).items()):
            reqs[rid] = ReqView(rid, row.get("enonce", ""), row.get("nature", ""), row.get("section", ""),
                                row.get("bloc", ""), row.get("fonction", ""), order=i)
        out[did] = DispositifView(did, data.get("iteration", ""), reqs)
    return out
