"""The programme: vagues, couloirs, dispositifs, référentiels and socles."""
from __future__ import annotations

from dataclasses import dataclass, field

from ..problems import Source
from .requirements import Pick, RemRequirement, Requirement


@dataclass(frozen=True)
class Profile:
    nom: str
    description: str


@dataclass(frozen=True)
class HistoryEntry:
    version: str
    date: str
    auteur: str
    modifications: str


@dataclass(frozen=True)
class Dispositif:
    id: str
    couloir: str
    vague: str
    type_code: str
    type_libelle: str
    prefixe: str
    titre: str
    statut_publication: str
    version: str
    date: str
    precedent: str | None
    professions: tuple[str, ...]
    socles: tuple[str, ...]
    profils: tuple[Profile, ...]
    historique: tuple[HistoryEntry, ...]
    src: Source
    file: str | None = None
    sections: dict = field(default_factory=dict)            # code -> Section (own sections)
    picks: tuple[Pick, ...] = ()
    own: tuple[Requirement, ...] = ()
    rem: tuple[RemRequirement, ...] = ()                     # active requirements, REM order
    obsoletes: tuple[RemRequirement, ...] = ()               # Obsolète records (évolutions)
    source_sha256: str = ""

    @property
    def profile_names(self) -> tuple[str, ...]:
        return tuple(p.nom for p in self.profils)


@dataclass(frozen=True)
class Vague:
    id: str
    numero: int
    libelle: str
    periode: str
    objet: str
    precedente: str | None
    src: Source


@dataclass(frozen=True)
class Couloir:
    code: str
    libelle: str
    src: Source


@dataclass(frozen=True)
class Referentiel:
    code: str
    titre: str
    version: str
    emetteur: str
    url: str
    src: Source


@dataclass(frozen=True)
class Socle:
    code: str
    titre: str
    referentiels: tuple[str, ...]
    src: Source
    file: str | None = None
    sections: dict = field(default_factory=dict)            # code -> Section
    requirements: tuple[Requirement, ...] = ()
