"""The REM as rows: one row per scenario in ANS's published column layout.

Shared by the xlsx, CSV and JSON writers and by the importer (which maps columns back).
"""
from __future__ import annotations

from .model import Corpus, Dispositif, RemRequirement

MAX_PROOFS = 10
REM_COLUMNS = (
    ["Exigence conditionnelle OUI/NON", "Profil", "ID Section", "Section", "Bloc", "Fonction",
     "Nature de l'exigence", "N° exigence", "Énoncé de l'exigence (DOIT) ou de la préconisation (PEUT)",
     "N° scénario", "Scénario de conformité"]
    + [c for i in range(1, MAX_PROOFS + 1) for c in (f"N° preuve {i}", f"Preuve {i}")]
)
NATURE_OUT = {"Exigence": "Obligatoire", "Préconisation": "Préconisée"}
NATURE_IN = {
    "obligatoire": "Exigence", "exigence": "Exigence", "doit": "Exigence",
    "préconisée": "Préconisation", "preconisee": "Préconisation", "préconisation": "Préconisation",
    "preconisation": "Préconisation", "recommandée": "Préconisation", "peut": "Préconisation",
}
PROFILE_SEP = ", "


def requirement_rows(r: RemRequirement) -> list[list[str]]:
    """Rows of one requirement (one per scenario), in REM_COLUMNS order."""
    head = ["OUI" if r.conditionnelle else "NON", PROFILE_SEP.join(r.profils), r.section.code,
            r.section.libelle, r.bloc, r.fonction, NATURE_OUT[r.nature], r.id, r.enonce]
    rows = []
    for s in r.scenarios:
        proofs: list[str] = []
        for p in s.preuves:
            proofs += [p.id, p.texte]
        proofs += [""] * (2 * MAX_PROOFS - len(proofs))
        rows.append(head + [s.id, s.texte] + proofs)
    return rows


def rem_rows(d: Dispositif) -> list[list[str]]:
    return [row for r in d.rem for row in requirement_rows(r)]


def previous_of(corpus: Corpus, d: Dispositif) -> dict[str, RemRequirement]:
    prev = corpus.dispositifs.get(d.precedent) if d.precedent else None
    return {r.id: r for r in prev.rem} if prev else {}


def requirement_record(corpus: Corpus, d: Dispositif, r: RemRequirement) -> dict:
    """One requirement as a JSON record (the published exigences-<dispositif>.json)."""
    prev = previous_of(corpus, d).get(r.id_precedent or "")
    return {
        "id": r.id, "dispositif": d.id, "vague": d.vague,
        "section": {"code": r.section.code, "libelle": r.section.libelle},
        "bloc": r.bloc, "fonction": r.fonction, "nature": r.nature, "criticite": r.criticite,
        "profils": list(r.profils), "conditionnelle": r.conditionnelle, "enonce": r.enonce,
        "referentiels": list(r.referentiels), "origine": f"socle {r.socle}" if r.socle else "spécifique",
        "id_socle": r.base.id if r.socle else None,
        "statut": r.statut, "id_precedent": r.id_precedent,
        "enonce_precedent": prev.enonce if prev else None,
        "scenarios": [{"id": s.id, "texte": s.texte,
                       "preuves": [{"id": p.id, "texte": p.texte} for p in s.preuves]} for s in r.scenarios],
    }
