"""The documented list of change kinds of `segur diff` (JSON `kind`, xlsx and book labels).

Stable identifiers: tools may filter on them; never rename one, only add.
"""
from __future__ import annotations

KINDS: dict[str, str] = {
    "added": "Exigence ajoutée",
    "removed": "Exigence retirée",
    "pick-added": "Exigence de socle reprise",
    "pick-removed": "Exigence de socle plus reprise",
    "renumbered": "Exigence renumérotée",
    "text": "Énoncé modifié",
    "editorial": "Correction de forme (espaces, guillemets, casse)",
    "strengthened": "Modalité renforcée (PEUT → DOIT)",
    "weakened": "Modalité assouplie (DOIT → PEUT)",
    "nature": "Nature modifiée",
    "criticite": "Criticité modifiée",
    "profils": "Profils modifiés",
    "conditionnelle": "Caractère conditionnel modifié",
    "referentiels": "Référentiels modifiés",
    "moved": "Exigence déplacée (section, bloc ou fonction)",
    "scenario": "Scénario ajouté, retiré ou modifié",
    "proof": "Preuve ajoutée, retirée ou modifiée",
}

# the fields a change of kind `moved` may name
MOVED_FIELDS = ("section", "bloc", "fonction")
