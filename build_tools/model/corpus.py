"""The corpus index itself, the files it was built from and the recorded releases."""
from __future__ import annotations

from dataclasses import dataclass, field

from ..problems import Source
from .matrix import Habilitation
from .programme import Dispositif


@dataclass(frozen=True)
class ReleaseFile:
    path: str                       # relative to the publish folder
    kind: str
    size: int
    sha256: str


@dataclass(frozen=True)
class Release:
    """One released version of a dispositif (releases/<dispositif>.yaml, written by `segur release`)."""

    dispositif: str
    version: str
    date: str
    commit: str
    pdf: bool
    files: tuple[ReleaseFile, ...]
    content: dict                   # element key -> {field: hash16}
    src: Source


@dataclass(frozen=True)
class SourceFile:
    path: str
    kind: str
    sha256: str


@dataclass(frozen=True)
class Corpus:
    root: str
    vagues: dict                  # id -> Vague
    couloirs: dict                # code -> Couloir
    dispositifs: dict             # id -> Dispositif (programme order)
    referentiels: dict            # code -> Referentiel
    socles: dict                  # code -> Socle
    socle_requirements: dict      # SC id -> Requirement
    professions: dict             # code -> Profession
    groups: dict                  # groupe -> ProfessionGroup (matrix column order)
    document_types: dict          # type_code -> DocumentType
    habilitation: Habilitation | None
    scopes: dict                  # dispositif id -> Scope
    financements: dict            # dispositif id -> Financement
    files: tuple[SourceFile, ...]
    prose: dict = field(default_factory=dict)   # name (path under book/prose/, no .md) -> MyST text
    orphans: tuple = ()           # (kind, path, line, id) of files naming unknown dispositifs
    comments: dict = field(default_factory=dict)  # iteration -> concertation.records.Iteration
    donnees_exemple: bool = False  # programme.yaml declares the data illustrative (marks.EXAMPLE)
    releases: dict = field(default_factory=dict)  # dispositif id -> tuple[Release, ...] (record order)

    def groups_of(self, profession: str) -> list[str]:
        return [g.groupe for g in self.groups.values() if profession in g.professions]

    def dispositifs_of_vague(self, vague: str) -> list[Dispositif]:
        return [d for d in self.dispositifs.values() if d.vague == vague]
