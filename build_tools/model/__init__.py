"""The corpus index: immutable records built once from the loaded files.

Writers and checks read this index only; nothing downstream re-parses a file. One module
per part of the corpus; every name is re-exported here (`from ..model import Corpus`).
"""
from __future__ import annotations

from .requirements import (  # noqa: F401
    STATUTS, carried_from, local_id, Section, Proof, Scenario, GENERAL_PROFILE,
    derived_conditionnelle, Requirement, Pick, RemRequirement,
)
from .programme import (  # noqa: F401
    Profile, HistoryEntry, Dispositif, Vague, Couloir, Referentiel, Socle,
)
from .matrix import (  # noqa: F401
    Profession, ProfessionGroup, DocumentType, CellSource, Habilitation, Service,
    ScopeProfession, Scope,
)
from .financing import (  # noqa: F401
    Milestone, Price, Formula, Bareme, Composante, Financement,
)
from .corpus import (  # noqa: F401
    ReleaseFile, Release, SourceFile, Corpus,
)

__all__ = [
    "Bareme", "CellSource", "Composante", "Corpus", "Couloir", "Dispositif", "DocumentType",
    "Financement", "Formula", "GENERAL_PROFILE", "Habilitation", "HistoryEntry", "Milestone",
    "Pick", "Price", "Profession", "ProfessionGroup", "Profile", "Proof", "Referentiel",
    "Release", "ReleaseFile", "RemRequirement", "Requirement", "STATUTS", "Scenario", "Scope",
    "ScopeProfession", "Section", "Service", "Socle", "SourceFile", "Vague", "carried_from",
    "derived_conditionnelle", "local_id",
]
