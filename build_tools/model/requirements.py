"""Requirements as written in socle and dispositif files, and as they appear in a REM."""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import NamedTuple

from ..problems import Source


STATUTS = ("Nouvelle", "Modifiée", "Inchangée", "Obsolète")


_CARRIED_RE = re.compile(r"/va\d+\.(\d+)$")


def carried_from(rid: str) -> str | None:
    """Previous-wave id implied by a carried-over id: LGC.VSM/va1.01 -> LGC.VSM.01 (else None)."""
    return _CARRIED_RE.sub(r".\1", rid) if _CARRIED_RE.search(rid) else None


def local_id(socle_id: str) -> str:
    """REM-local id of a socle requirement, scenario or proof: without 'SC.'."""
    return socle_id[3:] if socle_id.startswith("SC.") else socle_id


@dataclass(frozen=True)
class Section:
    code: str
    libelle: str
    src: Source


class Proof(NamedTuple):
    id: str
    texte: str
    line: int          # in the file of its requirement


class Scenario(NamedTuple):
    id: str
    texte: str
    preuves: tuple[Proof, ...]
    line: int


GENERAL_PROFILE = "Général"


def derived_conditionnelle(profils) -> bool:
    """*Exigence conditionnelle* as ANS computes it: NON when the profile is `Général` alone
    (case ignored), OUI for any other profile or combination of profiles."""
    return not (len(profils) == 1 and profils[0].strip().casefold() == GENERAL_PROFILE.casefold())


@dataclass(frozen=True)
class Requirement:
    """A requirement as written in a socle or dispositif file."""

    id: str
    section: str
    bloc: str
    fonction: str
    nature: str
    criticite: str
    profils: tuple[str, ...]
    conditionnelle: bool | None     # as typed in the file (None: absent); the REM value is derived
    enonce: str
    referentiels: tuple[str, ...]
    scenarios: tuple[Scenario, ...]
    src: Source
    owner: str                      # socle code or dispositif id
    is_socle: bool
    statut: str | None = None
    id_precedent: str | None = None
    vagues: tuple[str, ...] = ()
    remplace: str | None = None
    a_retravailler: bool = False
    note: str = ""
    lines: dict = field(default_factory=dict, repr=False, compare=False)   # the file's line table
    path: tuple = ()                # this record's path in that table

    def line_of(self, key: str) -> int:
        """Line of one of this record's fields (its own line when the field shares it)."""
        return self.lines.get(self.path + (key,)) or self.src.line


@dataclass(frozen=True)
class Pick:
    """A socle requirement picked by a dispositif."""

    id: str                         # REM-local id (without SC.)
    src: Source
    profils: tuple[str, ...] | None = None
    conditionnelle: bool | None = None
    statut: str | None = None
    id_precedent: str | None = None


@dataclass(frozen=True)
class RemRequirement:
    """A requirement as published in a dispositif's REM."""

    id: str
    base: Requirement
    section: Section
    profils: tuple[str, ...]
    conditionnelle: bool            # derived from the profiles (`derived_conditionnelle`)
    statut: str
    statut_declared: bool
    id_precedent: str | None
    src: Source                     # the pick line for socle requirements
    socle: str | None = None        # socle code when picked
    scenarios: tuple[Scenario, ...] = ()

    @property
    def enonce(self) -> str:
        return self.base.enonce

    @property
    def nature(self) -> str:
        return self.base.nature

    @property
    def criticite(self) -> str:
        return self.base.criticite

    @property
    def bloc(self) -> str:
        return self.base.bloc

    @property
    def fonction(self) -> str:
        return self.base.fonction

    @property
    def referentiels(self) -> tuple[str, ...]:
        return self.base.referentiels
