"""Frozen versions: a released version's content may not change.

A dispositif whose current `version` is recorded in releases/<dispositif>.yaml is
compared field by field with the record's fingerprint. Each change is reported where it
is written; a change in a socle file is reported once, naming every frozen dispositif
that picks the changed requirement.
"""
from __future__ import annotations

from .. import problems as P
from ..model import Corpus
from ..problems import Source
from ..versions.content import elements
from . import check

FIELD_FR = {"enonce": "l'énoncé", "nature": "la nature", "criticite": "la criticité", "profils": "les profils",
            "conditionnelle": "le caractère conditionnel", "section": "la section", "bloc": "le bloc",
            "fonction": "la fonction", "referentiels": "les référentiels", "statut": "le statut",
            "id_precedent": "id_precedent", "socle": "le socle", "scenarios": "la liste des scénarios",
            "texte": "le texte", "preuves": "la liste des preuves", "description": "la description"}


def _what(key: str, field: str) -> str:
    return f"{FIELD_FR.get(field, field)} de {key}"


def _changes(corpus: Corpus, d, recorded: dict):
    """(Source, description) of every difference between the record and the current content."""
    current = elements(corpus, d)
    for key, e in current.items():
        old = recorded.get(key)
        if old is None:
            yield e.default, f"{key} a été ajouté"
            continue
        fields = e.fields
        for f, h in fields.items():
            if old.get(f) != h:
                yield e.where.get(f, e.default), f"{_what(key, f)} a changé"
    where = Source(d.file, 1) if d.file else d.src
    for key in recorded:
        if key not in current:
            yield where, f"{key} a été retiré"


@check
def frozen_versions(corpus: Corpus):
    grouped: dict[tuple, list[str]] = {}
    for did, releases in corpus.releases.items():
        d = corpus.dispositifs.get(did)
        if d is None:
            continue
        seen: set[str] = set()
        for rel in releases:
            if rel.version in seen:
                yield P.problem(P.VERSION_RECORD, rel.src, f"la version {rel.version} de {did} est enregistrée deux fois",
                                dispositif=did)
            seen.add(rel.version)
        rel = next((r for r in releases if r.version == d.version), None)
        if rel is None:
            continue
        for src, what in _changes(corpus, d, rel.content):
            grouped.setdefault((src.path, src.line, what), []).append(f"{did} {rel.version}")
    for (path, line, what), frozen in grouped.items():
        names = ", ".join(frozen)
        plural = "des versions publiées" if len(frozen) > 1 else "la version publiée"
        yield P.problem(P.VERSION_FROZEN, Source(path, line),
                        f"{what} alors que {plural} {names} est figée" if len(frozen) == 1 else
                        f"{what} alors que {plural} {names} sont figées",
                        dispositif=frozen[0].split(" ")[0])
