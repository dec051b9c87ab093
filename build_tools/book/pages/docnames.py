"""Docnames (paths under the book source folder, without '.md') of the generated pages."""
from __future__ import annotations

from ...model import Dispositif


HOME = "book/index"
REQS = "book/gen/exigences"
MATRIX = "book/gen/habilitation"
SCOPES = "book/gen/perimetres"
DOWNLOADS = "book/gen/telechargements"
CONCERTATION = "book/gen/concertation"
RULES_DOC = "book/gen/regles"
DRAFT_STATUSES = ("brouillon", "concertation", "prépublication")
DOWNLOAD_DIR = "_downloads-segur"          # under the html output root
STATUTS_PUBLICATION = ("brouillon", "concertation", "prépublication", "publiée")


def vague_doc(v: str) -> str:
    return f"book/gen/vagues/{v}"


def dispositif_doc(d: Dispositif) -> str:
    return f"book/gen/dispositifs/{d.vague}/{d.id}"


def socle_doc(code: str) -> str:
    return f"book/gen/socles/{code}"
