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
# ANS's prépublication template, columns in order (internal columns after "Ordre")
PREPUB_COLUMNS = (
    ["Périmètre", "ID", "Chapitre", "Fonction", "Exigence", "Commentaire", "Nature de l'exigence", "Profil",
     "N° scénario", "Scénario de conformité"]
    + [c for i in range(1, MAX_PROOFS + 1) for c in (f"N° preuve {i}", f"Preuve {i}")]
    + ["Statut publication", "VA N-1", "Criticité", "Ordre", "bon pour publication", "référence exigence",
       "référence cas de test", "référence exigence socle", "points de vérification", "Note interne", "Rem Ségur"]
)
# ANS's Convergence export: one row per proof
CONVERGENCE_COLUMNS = ["Périmètre", "ID", "Chapitre", "Fonction", "Exigence", "Commentaire", "Profil",
                       "N° scénario", "Scénario de conformité", "N° preuve", "Preuve", "Profil historique",
                       "Criticité", "Ordre"]
# nature as ANS's REM writer prints it (its requirement category, upper case, unaccented)
NATURE_OUT = {"Exigence": "EXIGENCE", "Préconisation": "PRECONISATION"}
NATURE_IN = {
    "obligatoire": "Exigence", "exigence": "Exigence", "doit": "Exigence",
    "préconisée": "Préconisation", "preconisee": "Préconisation", "préconisation": "Préconisation",
    "preconisation": "Préconisation", "recommandée": "Préconisation", "peut": "Préconisation",
}
PROFILE_SEP = ", "
SOCLE_PREFIX = "SC"
PROJECT_PREFIXES = ("SC", "CH")     # socle and chantier projects in ANS's tool
BUSINESS_PREFIX_LEN = 3             # a dispositif's own prefix of three letters (LGC, DPI, SGL …)


def ans_number(ref: str) -> str:
    """The number ANS's writer prints in its prépublication and Convergence layouts: the
    reference without its project prefix when that prefix is SC, CH or three characters
    long (`LGC.VSM.06` → `VSM.06`); any other reference is printed whole (`PARA.VACC.01`)."""
    head, dot, rest = ref.partition(".")
    if dot and head and (head in PROJECT_PREFIXES or len(head) == BUSINESS_PREFIX_LEN):
        return rest
    return ref


def requirement_number(r: RemRequirement) -> str:
    """ANS number of a REM requirement: a socle pick keeps its REM id (already without SC.)."""
    return r.id if r.socle else ans_number(r.id)


def item_number(r: RemRequirement, ref: str) -> str:
    """ANS number of one of the requirement's scenarios or proofs."""
    return ref if r.socle else ans_number(ref)


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


def perimetre(d: Dispositif) -> str:
    """ANS's *Périmètre* value: `Vague 2` for Va2."""
    return "Vague " + d.vague[2:] if d.vague.lower().startswith("va") else d.vague


def rem_rows(d: Dispositif) -> list[list[str]]:
    return [row for r in d.rem for row in requirement_rows(r)]


def previous_of(corpus: Corpus, d: Dispositif) -> dict[str, RemRequirement]:
    prev = corpus.dispositifs.get(d.precedent)      # None when there is no previous dispositif
    return {r.id: r for r in prev.rem} if prev else {}


def requirement_record(corpus: Corpus, d: Dispositif, r: RemRequirement) -> dict:
    """One requirement as a JSON record (the published exigences-<dispositif>.json)."""
    prev = previous_of(corpus, d).get(r.id_precedent)      # None for a requirement without one
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
