"""The corpus index: immutable records built once from the loaded files.

Writers and checks read this index only; nothing downstream re-parses a file.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import NamedTuple

from .problems import Source

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


@dataclass(frozen=True)
class Profession:
    code: str
    libelle: str
    type: str
    src: Source


@dataclass(frozen=True)
class ProfessionGroup:
    groupe: str
    ordre: int
    libelle: str
    professions: tuple[str, ...]
    genres: tuple[str, ...]
    src: Source


@dataclass(frozen=True)
class DocumentType:
    class_code: str
    class_libelle: str
    type_code: str
    type_libelle: str
    origine: str
    src: Source


@dataclass(frozen=True)
class CellSource:
    """Where a habilitation cell (or, for group "*", a whole row) comes from."""

    source: str          # arrete | projet
    reference: str       # the text and where it settles the cell, or why the project chose it
    src: Source


@dataclass(frozen=True)
class Habilitation:
    columns: tuple[str, ...]                       # group ids in file order
    rows: dict                                      # type_code -> frozenset(groups with X)
    src: dict                                       # type_code -> Source
    header_src: Source | None = None
    filled: dict = field(default_factory=dict)      # (type_code, group) -> (raw cell, Source)
    sources: dict = field(default_factory=dict)     # (type_code, group or "*") -> CellSource

    def allows(self, type_code: str, groupe: str) -> bool:
        return groupe in self.rows.get(type_code, frozenset())

    def source_of(self, type_code: str, groupe: str) -> "CellSource | None":
        """The cell's own source, else its row's."""
        return self.sources.get((type_code, groupe)) or self.sources.get((type_code, "*"))


@dataclass(frozen=True)
class Service:
    code: str
    socle: str
    libelle: str
    src: Source


@dataclass(frozen=True)
class ScopeProfession:
    profession: str
    groupe: str | None
    libelle: str
    services: tuple[tuple[str, int], ...]           # (code, line)
    services_a_definir: tuple[tuple[str, int], ...]
    documents_produits: tuple[tuple[str, int], ...]
    documents_consultes: tuple[tuple[str, int], ...]
    src: Source


@dataclass(frozen=True)
class Scope:
    dispositif: str
    vague_dir: str
    services: tuple[Service, ...]
    professions: tuple[ScopeProfession, ...]
    src: Source


@dataclass(frozen=True)
class Milestone:
    code: str
    libelle: str
    date: str
    heure: str | None
    remplace: str | None
    src: Source
    attendu: str = ""              # what the vendor should have achieved by then (DSR trajectory)


@dataclass(frozen=True)
class Price:
    code: str
    libelle: str
    ht: float
    ttc: float
    min: int | None
    max: int | None
    src: Source


@dataclass(frozen=True)
class Formula:
    """An amount computed from a published formula (``bareme.type: formule``)."""

    expression: str                                 # e.g. "A + B × N"
    variables: tuple[tuple[str, str], ...]          # (code, libellé) of the beneficiary's figures
    exemples: tuple[dict, ...]                      # variable code -> value, computed for the AF
    src: Source


@dataclass(frozen=True)
class Bareme:
    """A price scale: forfait, tranches, unitaire, formule, or combine (composantes)."""

    type: str
    unite: str
    critere: str
    prix: tuple[Price, ...]                         # the priced lines, in table order
    src: Source
    unite_de_compte: str = ""                       # unitaire: what is counted (professionnel, site…)
    plafond_unites: int | None = None               # unitaire: units paid at most
    formule: Formula | None = None
    composantes: tuple["Composante", ...] = ()


@dataclass(frozen=True)
class Composante:
    """One part of a combined prestation (e.g. the wave-1 catch-up and the wave-2 update)."""

    code: str
    libelle: str
    dispositif: str | None
    condition: str
    bareme: Bareme
    src: Source


@dataclass(frozen=True)
class Financement:
    dispositif: str
    tva: float
    arrondi_ttc: str
    objet: str
    eligibilite: tuple[str, ...]
    calendrier: tuple[Milestone, ...]
    bareme_type: str
    unite: str
    critere: str
    prix: tuple[Price, ...]                         # the scale's priced lines, flattened (see bareme)
    autres_prix: tuple[Price, ...]
    inclus: tuple[str, ...]
    exclus: tuple[str, ...]
    paiement: dict
    commande: dict
    controles: tuple[str, ...]
    src: Source
    bareme: Bareme | None = None                    # the whole scale: type, formula, composantes


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
