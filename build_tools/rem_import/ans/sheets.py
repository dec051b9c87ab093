"""Read stage: open the export, map the header of each sheet we use, walk its rows.

A sheet or column that cannot be mapped (missing sheet or column, unknown column, merged
header cells) raises `ImportRefused` before anything is written.
"""
from __future__ import annotations

import re
import unicodedata
import zipfile
from pathlib import Path

import openpyxl
from openpyxl.utils import get_column_letter

from ...loaders.xlsx_guard import XlsxRefused, open_workbook as guarded_open
from ..rem_workbook import ImportRefused

SHEET_REM = "prepub_va2_avec_scenarios"
SHEET_SOCLE = "db_ghseet_socle"
SHEET_VA1 = "prepub_avec_scenarios"

# columns of the sheets we map: every header must be one of these (matched after folding
# case, accents and whitespace; a long header matches on its first line), the `required`
# ones must be present.
REM_COLUMNS = ["id exigence", "arbitrage", "REM", "ID Section", "reference", "reference socle", "profil",
               "section", "bloc", "fonction", "description", "description socle", "note interne REM",
               "note interne SOCLE", "ref scenario", "scenario", "preuve", "id exigence socle"]
REM_REQUIRED = ["id exigence", "arbitrage", "REM", "ID Section", "reference", "reference socle", "profil",
                "section", "bloc", "fonction", "description", "ref scenario", "scenario", "preuve"]
VA1_COLUMNS = ["id exigence", "arbitrage", "REM", "ID Section", "reference", "reference vague1", "profil",
               "section", "bloc", "fonction", "Description vague 1", "Description modifiée", "note interne",
               "ref scenario", "scenario", "preuve", "id exigence socle", "reference socle"]
VA1_REQUIRED = ["arbitrage", "REM", "reference", "reference vague1", "profil", "section", "bloc", "fonction",
                "Description vague 1", "Description modifiée", "ref scenario", "scenario", "preuve",
                "reference socle"]
SOCLE_COLUMNS = ["Porteur", "Socle", "ID Exigence", "Référentiels", "CI-SIS", "Profil", "Section", "Bloc",
                 "Fonction", "Nature", "Statut avant retours éditeurs", "Statut porteur socle", "Note interne",
                 "Description old", "Description", "Commentaire evol", "Impact scénario de conformité",
                 "A revoir en Comité de validation ?", "Décision du comité de validation",
                 "Statut final de l'exigence Socle", "ID Vague 1", "Vague", "ID Squash", "Statut Squash"]
SOCLE_REQUIRED = ["Socle", "ID Exigence", "Référentiels", "Profil", "Section", "Bloc", "Fonction", "Nature",
                  "Description", "Statut final de l'exigence Socle", "Statut Squash"]
PICKING_RE = re.compile(r"^picking dans rem ([a-z0-9]+)$")


def key(value) -> str:
    """A header or value folded for comparison: no accents, lower case, single spaces."""
    text = unicodedata.normalize("NFKD", str(value or "")).encode("ascii", "ignore").decode()
    return " ".join(text.lower().split())


def open_workbook(xlsx: Path):
    if not xlsx.is_file():
        raise ImportRefused(f"{xlsx} introuvable")
    try:
        return guarded_open(xlsx, read_only=True, data_only=True)
    except XlsxRefused as exc:     # zip bomb, oversized sheet: measured before parsing
        raise ImportRefused(str(exc)) from None
    except Exception as exc:  # noqa: BLE001 — any unreadable file is a refusal
        raise ImportRefused(f"{xlsx}: classeur xlsx illisible ({exc})") from exc


def mapped_sheets(wb, xlsx: Path, report) -> tuple[Sheet, Sheet, Sheet | None]:
    """(REM sheet, socle sheet, wave-1 sheet or None), headers mapped, or `ImportRefused`."""
    for name in (SHEET_REM, SHEET_SOCLE):
        if name not in wb.sheetnames:
            raise ImportRefused(f"{xlsx.name}: feuille {name!r} introuvable (feuilles : {', '.join(wb.sheetnames)}), "
                                "rien n'a été importé")
    mapped = [SHEET_REM, SHEET_SOCLE] + ([SHEET_VA1] if SHEET_VA1 in wb.sheetnames else [])
    merged = _merged_header_ranges(xlsx, mapped)
    if merged:
        where = "; ".join(f"{s}!1: {', '.join(r)}" for s, r in merged.items())
        raise ImportRefused(f"cellules d'en-tête fusionnées ({where}) : annulez la fusion et gardez un libellé par colonne, "
                            "rien n'a été importé")
    rem = Sheet(wb[SHEET_REM], SHEET_REM, REM_COLUMNS, REM_REQUIRED)
    soc = Sheet(wb[SHEET_SOCLE], SHEET_SOCLE, SOCLE_COLUMNS, SOCLE_REQUIRED, extra=lambda k: bool(PICKING_RE.match(k)))
    va1 = Sheet(wb[SHEET_VA1], SHEET_VA1, VA1_COLUMNS, VA1_REQUIRED) if SHEET_VA1 in wb.sheetnames else None
    for sheet in (rem, soc, va1):
        for d in (sheet.duplicates if sheet else ()):
            report.warnings.append(f"{sheet.name}!1: la colonne {d} répète une colonne déjà lue : ignorée")
    return rem, soc, va1


def distinct_rows(rows, sheet: str, report):
    """(row number, cells) of a sheet without its empty rows and exact repeats (both reported)."""
    seen: set = set()
    for row, r in rows:
        if all(v in (None, "") for v in r):
            report.skipped.append(f"{sheet}!{row}: ligne vide")
        elif r in seen:
            report.skipped.append(f"{sheet}!{row}: mêmes cellules qu'une ligne précédente : ignorée")
        else:
            seen.add(r)
            yield row, r


def _merged_header_ranges(xlsx: Path, sheets: list[str]) -> dict[str, list[str]]:
    """Merged ranges touching row 1 of the given sheets (read from the sheet XML, since
    openpyxl's read-only mode does not expose merged cells)."""
    out: dict[str, list[str]] = {}
    with zipfile.ZipFile(xlsx) as z:
        wb_xml = z.read("xl/workbook.xml").decode("utf-8")
        rels = z.read("xl/_rels/workbook.xml.rels").decode("utf-8")
        targets = {m.group(1): m.group(2) for m in re.finditer(r'<Relationship\b[^>]*?Id="([^"]+)"[^>]*?Target="([^"]+)"', rels)}
        targets.update({m.group(2): m.group(1) for m in re.finditer(r'<Relationship\b[^>]*?Target="([^"]+)"[^>]*?Id="([^"]+)"', rels)})
        for m in re.finditer(r"<sheet\b[^>]*>", wb_xml):
            tag = m.group(0)
            name = re.search(r'name="([^"]*)"', tag)
            rid = re.search(r'r:id="([^"]*)"', tag)
            if not name or not rid:
                continue
            sheet = _xml_unescape(name.group(1))
            if sheet not in sheets:
                continue
            target = targets.get(rid.group(1), "")
            path = target.lstrip("/") if target.startswith("/") else "xl/" + target
            try:
                xml = z.read(path)
            except KeyError:
                continue
            ranges = []
            for mm in re.finditer(rb'<mergeCell\s+ref="([A-Z]+)(\d+)(?::([A-Z]+)(\d+))?"', xml):
                first = int(mm.group(2))
                if first <= 1:
                    ranges.append(mm.group(0).decode().split('"')[1])
            if ranges:
                out[sheet] = ranges
    return out


def _xml_unescape(text: str) -> str:
    return (text.replace("&lt;", "<").replace("&gt;", ">").replace("&quot;", '"')
            .replace("&apos;", "'").replace("&amp;", "&"))



class Sheet:
    """Header mapping and rows of one sheet (values only)."""

    def __init__(self, ws, name: str, known: list[str], required: list[str], extra=None):
        rows = ws.iter_rows(values_only=True)
        header = list(next(rows, ()) or ())
        self.name = name
        self.rows: list[tuple[int, tuple]] = [(i, r) for i, r in enumerate(rows, start=2)]
        known_keys = {key(k): k for k in known}
        self.index: dict[str, int] = {}
        self.extra: dict[str, int] = {}
        unknown, dup = [], []
        used_cols = set()
        for _, r in self.rows:
            for j, v in enumerate(r):
                if v not in (None, "") and j >= len(header) or (j < len(header) and header[j] in (None, "") and v not in (None, "")):
                    used_cols.add(j)
        for j in range(max(len(header), max(used_cols, default=-1) + 1)):
            cell = header[j] if j < len(header) else None
            k = key(cell)
            letter = get_column_letter(j + 1)
            if not k:
                if j in used_cols:
                    unknown.append(f"{letter} (sans en-tête, mais avec des valeurs dessous)")
                continue
            # a long header (title + explanation on the next lines) is known by its first line
            name_ = known_keys.get(k) or known_keys.get(key(str(cell).strip().split("\n")[0]))
            if name_ is None and extra is not None and extra(k):
                self.extra[str(cell).strip()] = j
                continue
            if name_ is None:
                unknown.append(f"{letter} {str(cell)!r}")
            elif name_ in self.index:
                # two columns with the same meaning: keep the first, the second is kept only
                # if it is a known repeat (ANS has "ID Vague 1" twice)
                dup.append(f"{letter} {str(cell)!r}")
            else:
                self.index[name_] = j
        if unknown:
            raise ImportRefused(f"{name}!1: colonne(s) inconnue(s) {', '.join(unknown)} — l'import ne reconnaît "
                                f"que les colonnes de l'export de l'ANS ({', '.join(known)}) ; renommez-les ou supprimez-les, "
                                "rien n'a été importé")
        missing = [c for c in required if c not in self.index]
        if missing:
            raise ImportRefused(f"{name}!1: colonne(s) manquante(s) : {', '.join(missing)}, rien n'a été importé")
        self.duplicates = dup

    def get(self, row: tuple, column: str):
        j = self.index.get(column)
        return row[j] if j is not None and j < len(row) else None


