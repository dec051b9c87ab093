"""Professions, document types, the DMP habilitation matrix and the dispositifs' scopes."""
from __future__ import annotations

from dataclasses import dataclass, field

from ..problems import Source


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
