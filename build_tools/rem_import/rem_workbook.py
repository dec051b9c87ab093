"""Read a REM spreadsheet (publication, prépublication or Convergence layout) into plain records.

The layout is recognised from the header row; a header with unknown columns or merged
cells is refused (nothing is imported). Real-world mess is normalised with a report by
sheet and row: spaces around ids, HTML, non-breaking spaces, repeated rows. Empty rows
(LibreOffice keeps formatted rows down to the validations' end) are skipped silently.
Every value remembers its cell (`Exigences!I12`), so a change is shown where it was made;
a requirement whose rows disagree on its own columns (énoncé, bloc …) is a conflict.
The prépublication and Convergence readers live in `ans_layouts.py`.
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

import openpyxl

from ..loaders.xlsx_guard import XlsxRefused, open_workbook
from .cleaning import clean_id, clean_text
from ..rem_rows import CONVERGENCE_COLUMNS, MAX_PROOFS, NATURE_IN, PROFILE_SEP, REM_COLUMNS
from ..writers.rem_xlsx import EVOL_COLUMNS, EXTRA_COLUMNS, META_KEYS, SHEET_EVOL, SHEET_EXTRA, SHEET_META

CONVERGENCE_REQUIRED = ["ID", "Chapitre", "Fonction", "Exigence", "Profil", "N° scénario",
                        "Scénario de conformité", "N° preuve", "Preuve"]


# requirement-level columns of the publication layout: equal on every scenario row
PUBLISHED_OWN = ["Profil", "ID Section", "Section", "Bloc", "Fonction", "Nature de l'exigence", REM_COLUMNS[8]]
PUBLISHED_FIELDS = {"profils": "Profil", "section": "ID Section", "section_label": "Section", "bloc": "Bloc",
                    "fonction": "Fonction", "nature": "Nature de l'exigence", "enonce": REM_COLUMNS[8],
                    "conditionnelle": REM_COLUMNS[0]}


class ImportRefused(Exception):
    """The file cannot be mapped: nothing is imported."""


@dataclass
class ImportedProof:
    id: str
    texte: str
    cell: str = ""                            # "Exigences!M12"


@dataclass
class ImportedScenario:
    id: str
    texte: str
    preuves: list[ImportedProof] = field(default_factory=list)
    cell: str = ""


@dataclass
class ImportedRequirement:
    id: str
    row: str                                  # "Exigences!12" — first row it came from
    section_code: str = ""
    section_label: str = ""
    bloc: str = ""
    fonction: str = ""
    nature: str | None = None
    profils: list[str] = field(default_factory=list)
    conditionnelle: bool | None = None
    enonce: str = ""
    scenarios: list[ImportedScenario] = field(default_factory=list)
    criticite: str | None = None
    referentiels: list[str] | None = None
    origine: str | None = None
    statut: str | None = None
    id_precedent: str | None = None
    full_id: bool = True                      # False: the layout gives ANS's number (prefix removed)
    cells: dict[str, str] = field(default_factory=dict)      # field -> "Sheet!C12" it was read from
    conflicts: list[str] = field(default_factory=list)       # rows that disagree with the first one
    own_values: tuple = ()                    # the first row's requirement-level values (conflict check)

    def cell(self, name: str) -> str:
        return self.cells.get(name, self.row)


@dataclass
class ImportedRem:
    path: str
    layout: str
    dispositif: str | None
    requirements: dict[str, ImportedRequirement] = field(default_factory=dict)
    fixes: list[str] = field(default_factory=list)         # "sheet!row: what was normalised"
    metadata: dict[str, str] = field(default_factory=dict)


def normalise(value, where: str, what: str, fixes: list[str], is_id: bool = False) -> str:
    """Text of a cell, cleaned (see cleaning.py); every change is reported as `where: what: fix`."""
    text, found = clean_id(value) if is_id else clean_text(value)
    fixes.extend(f"{where}: {what}: {fix}" for fix in found)
    return text


def _header_key(value) -> str:
    text = unicodedata.normalize("NFKD", str(value or "")).encode("ascii", "ignore").decode()
    return " ".join(text.lower().split())


def _check_header(ws, expected: list[str], required: list[str], sheet: str) -> dict[str, int]:
    """Map expected column names to indexes; refuse unknown or merged header cells."""
    for merged in ws.merged_cells.ranges:
        if merged.min_row == 1:
            raise ImportRefused(f"{sheet}!1: cellules d'en-tête fusionnées {merged.coord} : annulez la fusion et gardez un libellé par colonne")
    header = [c.value for c in next(ws.iter_rows(min_row=1, max_row=1))]
    while header and (header[-1] is None or str(header[-1]).strip() == ""):
        header.pop()
    known = {_header_key(name): name for name in expected}
    index: dict[str, int] = {}
    unknown = []
    for i, cell in enumerate(header):
        key = _header_key(cell)
        if not key:
            continue
        if key in known:
            index[known[key]] = i
        else:
            unknown.append(f"{openpyxl.utils.get_column_letter(i + 1)} {str(cell)!r}")
    if unknown:
        raise ImportRefused(f"{sheet}!1: colonne(s) inconnue(s) {', '.join(unknown)} : renommez-les selon les en-têtes "
                            "publiés ou supprimez-les")
    missing = [c for c in required if c not in index]
    if missing:
        raise ImportRefused(f"{sheet}!1: colonne(s) manquante(s) : {', '.join(missing)}")
    return index


def detect_layout(wb) -> str:
    names = set(wb.sheetnames)
    if "prepub_va2_avec_scenarios" in names:
        return "ans-export"
    first = wb[wb.sheetnames[0]]
    header = {_header_key(c.value) for c in next(first.iter_rows(min_row=1, max_row=1), [])}
    if _header_key("N° exigence") in header and _header_key("N° scénario") in header:
        return "published"
    if _header_key("référence exigence") in header and _header_key("N° preuve 1") in header:
        return "prepublication"
    if _header_key("N° preuve") in header and _header_key("Chapitre") in header:
        return "convergence"
    raise ImportRefused(f"{first.title}!1: en-tête non reconnu : format attendu : REM publié "
                        "(Exigence conditionnelle OUI/NON, Profil, …) ou format Convergence (Périmètre, ID, …)")


def _cell(row, index, name):
    i = index.get(name)
    return row[i] if i is not None and i < len(row) else None


def cell_ref(where: str, index: dict, name: str) -> str:
    """`Sheet!12` + column `name` -> `Sheet!K12`."""
    i = index.get(name)
    if i is None:
        return where
    sheet, _, n = where.rpartition("!")
    return f"{sheet}!{openpyxl.utils.get_column_letter(i + 1)}{n}"


def is_blank(v) -> bool:
    return v is None or (isinstance(v, str) and not v.strip())


def note_conflict(r: ImportedRequirement, values: tuple, where: str, names: list[str], index: dict) -> None:
    """A later row of `r` whose requirement-level values differ from its first row."""
    if not r.own_values:
        r.own_values = values
        return
    for name, first, now in zip(names, r.own_values, values):
        if first != now:
            r.conflicts.append(f"{name.split(' (')[0]} : {cell_ref(r.row, index, name)} « {first} » ≠ "
                               f"{cell_ref(where, index, name)} « {now} »")
            return


def _data_rows(ws, index, id_column: str, fixes: list[str]):
    """(sheet!row, cells, requirement id) of the data rows; empty rows are skipped silently,
    rows with content but without an id are skipped and reported."""
    for n, row in enumerate(ws.iter_rows(min_row=2, values_only=True), start=2):
        where = f"{ws.title}!{n}"
        if all(is_blank(v) for v in row):
            continue
        rid = normalise(_cell(row, index, id_column), where, id_column, fixes, is_id=True)
        if not rid:
            fixes.append(f"{where}: ligne sans {id_column} ignorée")
            continue
        yield where, row, rid


def _scenario_of(r: ImportedRequirement, row, index, where: str, fixes: list[str]) -> ImportedScenario | None:
    """The scenario named on this row (created on its first row), or None for a row without one."""
    sid = normalise(_cell(row, index, "N° scénario"), where, "N° scénario", fixes, is_id=True)
    if not sid:
        return None
    scen = next((s for s in r.scenarios if s.id == sid), None)
    if scen is None:
        scen = ImportedScenario(sid, normalise(_cell(row, index, "Scénario de conformité"), where, "Scénario", fixes),
                                cell=cell_ref(where, index, "Scénario de conformité"))
        r.scenarios.append(scen)
    return scen


def _read_published(wb, path: str, fixes: list[str]) -> tuple[dict, dict]:
    ws = wb["Exigences"] if "Exigences" in wb.sheetnames else wb[wb.sheetnames[0]]
    sheet = ws.title
    index = _check_header(ws, REM_COLUMNS, REM_COLUMNS[:11], sheet)
    reqs: dict[str, ImportedRequirement] = {}
    seen_rows: set = set()
    for where, row, rid in _data_rows(ws, index, "N° exigence", fixes):
        key = tuple(row)
        if key in seen_rows:
            fixes.append(f"{where}: ligne répétée ignorée")
            continue
        seen_rows.add(key)
        r = reqs.get(rid)
        own = tuple(normalise(_cell(row, index, name), where, name, []) for name in PUBLISHED_OWN)
        if r is not None:
            note_conflict(r, own, where, PUBLISHED_OWN, index)
        if r is None:
            r = reqs[rid] = ImportedRequirement(rid, where)
            r.cells = {f: cell_ref(where, index, col) for f, col in PUBLISHED_FIELDS.items()}
            note_conflict(r, own, where, PUBLISHED_OWN, index)
            r.conditionnelle = normalise(_cell(row, index, "Exigence conditionnelle OUI/NON"), where, "conditionnelle", fixes).upper() == "OUI"
            profils = normalise(_cell(row, index, "Profil"), where, "Profil", fixes)
            r.profils = [p.strip() for p in profils.split(PROFILE_SEP.strip()) if p.strip()]
            r.section_code = normalise(_cell(row, index, "ID Section"), where, "ID Section", fixes, is_id=True)
            r.section_label = normalise(_cell(row, index, "Section"), where, "Section", fixes)
            r.bloc = normalise(_cell(row, index, "Bloc"), where, "Bloc", fixes)
            r.fonction = normalise(_cell(row, index, "Fonction"), where, "Fonction", fixes)
            nature = normalise(_cell(row, index, "Nature de l'exigence"), where, "Nature", fixes)
            r.nature = NATURE_IN.get(nature.lower())
            if nature and r.nature is None:
                fixes.append(f"{where}: nature inconnue {nature!r} : déduite de DOIT/PEUT dans le texte")
            r.enonce = normalise(_cell(row, index, REM_COLUMNS[8]), where, "Énoncé", fixes)
        scen = _scenario_of(r, row, index, where, fixes)
        if scen is None:
            continue
        for i in range(1, MAX_PROOFS + 1):
            pid = normalise(_cell(row, index, f"N° preuve {i}"), where, f"N° preuve {i}", fixes, is_id=True)
            ptext = normalise(_cell(row, index, f"Preuve {i}"), where, f"Preuve {i}", fixes)
            if pid and all(p.id != pid for p in scen.preuves):
                scen.preuves.append(ImportedProof(pid, ptext, cell_ref(where, index, f"Preuve {i}")))
    meta: dict[str, str] = {}
    if SHEET_META in wb.sheetnames:
        for row in wb[SHEET_META].iter_rows(values_only=True):
            if row and row[0] in META_KEYS:
                meta[row[0]] = "" if row[1] is None else str(row[1])
    if SHEET_EXTRA in wb.sheetnames:
        ws2 = wb[SHEET_EXTRA]
        idx = _check_header(ws2, EXTRA_COLUMNS, EXTRA_COLUMNS[:4], SHEET_EXTRA)
        for where, row, rid in _data_rows(ws2, idx, "N° exigence", fixes):
            if rid in reqs:
                r = reqs[rid]
                r.cells.update(criticite=cell_ref(where, idx, "Criticité"),
                               referentiels=cell_ref(where, idx, "Référentiels cités"))
                r.criticite = normalise(_cell(row, idx, "Criticité"), where, "Criticité", fixes) or None
                r.origine = normalise(_cell(row, idx, "Origine"), where, "Origine", fixes) or None
                refs = normalise(_cell(row, idx, "Référentiels cités"), where, "Référentiels", fixes)
                r.referentiels = [c.strip() for c in refs.split(",") if c.strip()]
    if SHEET_EVOL in wb.sheetnames:
        ws3 = wb[SHEET_EVOL]
        idx = _check_header(ws3, EVOL_COLUMNS, EVOL_COLUMNS[:3], SHEET_EVOL)
        for where, row, rid in _data_rows(ws3, idx, "N° exigence", fixes):
            if rid in reqs:
                reqs[rid].cells.update(statut=cell_ref(where, idx, "Statut"),
                                       id_precedent=cell_ref(where, idx, "N° exigence vague précédente"))
                reqs[rid].statut = normalise(_cell(row, idx, "Statut"), where, "Statut", fixes) or None
                reqs[rid].id_precedent = normalise(_cell(row, idx, "N° exigence vague précédente"),
                                                   where, "id précédent", fixes, is_id=True) or None
    return reqs, meta


def sniff_layout(path: str | Path) -> str:
    """The layout of a workbook from its sheet names and first header row (fast, read-only)."""
    try:
        wb = open_workbook(path, read_only=True)
    except XlsxRefused as exc:
        raise ImportRefused(str(exc)) from None
    except Exception as exc:  # openpyxl raises many kinds for a damaged or non-xlsx file
        raise ImportRefused(f"{path}: classeur .xlsx illisible ({type(exc).__name__}: {exc})") from None
    try:
        return detect_layout(wb)
    finally:
        wb.close()


def read_rem_workbook(path: str | Path) -> ImportedRem:
    path = Path(path)
    try:
        wb = open_workbook(path, data_only=True)
    except XlsxRefused as exc:
        raise ImportRefused(str(exc)) from None
    except Exception as exc:  # openpyxl raises many kinds for a damaged or non-xlsx file
        raise ImportRefused(f"{path}: classeur .xlsx illisible ({type(exc).__name__}: {exc})") from None
    layout = detect_layout(wb)
    fixes: list[str] = []
    if layout == "published":
        reqs, meta = _read_published(wb, str(path), fixes)
    elif layout in ("convergence", "prepublication"):
        from .ans_layouts import read_convergence, read_prepublication
        reqs, meta = (read_convergence if layout == "convergence" else read_prepublication)(wb, fixes)
    else:
        raise ImportRefused(f"{path}: c'est l'export de prépublication de l'ANS : importez-le avec "
                            "`segur import-rem FILE --into DIR` (un nouveau corpus)")
    for r in reqs.values():
        if r.nature is None:
            r.nature = "Préconisation" if re.search(r"\b(?:PEUT|PEUVENT)\b", r.enonce) and not re.search(r"\b(?:DOIT|DOIVENT)\b", r.enonce) else "Exigence"
    return ImportedRem(str(path), layout, meta.get("Dispositif") or None, reqs, fixes, meta)
