"""Readers of ANS's two other REM layouts: the Convergence export (one row per proof) and
the prépublication layout (the template's 41 columns, one row per scenario).

Both carry ANS's numbers (`VSM.06` for `LGC.VSM.06`, see `rem_rows.ans_number`): the
records they give are marked `full_id=False` unless a full reference is in the row
(prépublication *référence exigence* / *référence cas de test*), and `plan.py` maps the
numbers back to the dispositif's ids. *Chapitre* is the bloc, as ANS's writer fills it.
"""
from __future__ import annotations

from ..rem_rows import CONVERGENCE_COLUMNS, MAX_PROOFS, NATURE_IN, PREPUB_COLUMNS
from .rem_workbook import (CONVERGENCE_REQUIRED, ImportedProof, ImportedRequirement, _cell, _check_header,
                           _data_rows, _scenario_of, cell_ref, normalise, note_conflict)

CONVERGENCE_OWN = ["Chapitre", "Fonction", "Exigence", "Profil"]
PREPUB_OWN = ["Chapitre", "Fonction", "Exigence", "Nature de l'exigence", "Profil"]
PREPUB_REQUIRED = PREPUB_COLUMNS[:10]
FIELDS = {"bloc": "Chapitre", "fonction": "Fonction", "enonce": "Exigence", "profils": "Profil",
          "nature": "Nature de l'exigence", "criticite": "Criticité", "statut": "Statut publication",
          "id_precedent": "VA N-1"}


def _section_of(number: str) -> str:
    return number.rsplit(".", 1)[0].split(".", 1)[-1] if number.count(".") >= 2 else number.split(".")[0]


def _split(text: str) -> list[str]:
    return [p.strip() for p in text.split(",") if p.strip()]


def _new(rid: str, row, index, where: str, fixes: list[str], full: bool) -> ImportedRequirement:
    r = ImportedRequirement(rid, where, full_id=full)
    r.cells = {f: cell_ref(where, index, col) for f, col in FIELDS.items() if col in index}
    r.bloc = normalise(_cell(row, index, "Chapitre"), where, "Chapitre", fixes)
    r.section_code = _section_of(rid)
    r.fonction = normalise(_cell(row, index, "Fonction"), where, "Fonction", fixes)
    r.enonce = normalise(_cell(row, index, "Exigence"), where, "Exigence", fixes)
    r.profils = _split(normalise(_cell(row, index, "Profil"), where, "Profil", fixes))
    r.criticite = normalise(_cell(row, index, "Criticité"), where, "Criticité", fixes) or None
    return r


def read_convergence(wb, fixes: list[str]) -> tuple[dict, dict]:
    ws = wb[wb.sheetnames[0]]
    index = _check_header(ws, CONVERGENCE_COLUMNS, CONVERGENCE_REQUIRED, ws.title)
    reqs: dict[str, ImportedRequirement] = {}
    for where, row, rid in _data_rows(ws, index, "ID", fixes):
        r = reqs.get(rid)
        if r is None:
            r = reqs[rid] = _new(rid, row, index, where, fixes, full=False)
        note_conflict(r, tuple(normalise(_cell(row, index, c), where, c, []) for c in CONVERGENCE_OWN),
                      where, CONVERGENCE_OWN, index)
        scen = _scenario_of(r, row, index, where, fixes)
        if scen is None:
            continue
        pid = normalise(_cell(row, index, "N° preuve"), where, "N° preuve", fixes, is_id=True)
        if pid:
            if any(p.id == pid for p in scen.preuves):
                fixes.append(f"{where}: preuve répétée {pid} ignorée")
            else:
                scen.preuves.append(ImportedProof(pid, normalise(_cell(row, index, "Preuve"), where, "Preuve", fixes),
                                                  cell_ref(where, index, "Preuve")))
    return reqs, {}


def read_prepublication(wb, fixes: list[str]) -> tuple[dict, dict]:
    ws = wb["Exigences"] if "Exigences" in wb.sheetnames else wb[wb.sheetnames[0]]
    index = _check_header(ws, PREPUB_COLUMNS, PREPUB_REQUIRED, ws.title)
    reqs: dict[str, ImportedRequirement] = {}
    dispositif = ""
    for where, row, number in _data_rows(ws, index, "ID", fixes):
        ref = normalise(_cell(row, index, "référence exigence"), where, "référence exigence", fixes, is_id=True)
        rid = ref or number
        r = reqs.get(rid)
        if r is None:
            r = reqs[rid] = _new(rid, row, index, where, fixes, full=bool(ref))
            nature = normalise(_cell(row, index, "Nature de l'exigence"), where, "Nature", fixes)
            r.nature = NATURE_IN.get(nature.lower())
            r.statut = normalise(_cell(row, index, "Statut publication"), where, "Statut", fixes) or None
            r.id_precedent = normalise(_cell(row, index, "VA N-1"), where, "VA N-1", fixes, is_id=True) or None
            dispositif = dispositif or normalise(_cell(row, index, "Rem Ségur"), where, "Rem Ségur", fixes)
        note_conflict(r, tuple(normalise(_cell(row, index, c), where, c, []) for c in PREPUB_OWN), where, PREPUB_OWN, index)
        scen = _scenario_of(r, row, index, where, fixes)
        if scen is None:
            continue
        full_sid = normalise(_cell(row, index, "référence cas de test"), where, "référence cas de test", fixes,
                             is_id=True)
        prefix = full_sid[: len(full_sid) - len(scen.id)] if full_sid.endswith(scen.id) else ""
        scen.id = full_sid or scen.id
        for i in range(1, MAX_PROOFS + 1):
            pid = normalise(_cell(row, index, f"N° preuve {i}"), where, f"N° preuve {i}", fixes, is_id=True)
            if pid and not pid.startswith(prefix):
                pid = prefix + pid
            if pid and all(p.id != pid for p in scen.preuves):
                scen.preuves.append(ImportedProof(pid, normalise(_cell(row, index, f"Preuve {i}"), where,
                                                                 f"Preuve {i}", fixes),
                                                  cell_ref(where, index, f"Preuve {i}")))
    return reqs, ({"Dispositif": dispositif} if dispositif else {})
