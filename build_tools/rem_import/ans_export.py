"""Import ANS's wave-2 prépublication export (Squash TM → Excel) into a scratch corpus.

`import_ans_export(xlsx, dest)` reads three sheets of the export:

* ``prepub_va2_avec_scenarios`` — one row per scenario of each REM requirement (BIO, LGC,
  RIS, DB, DPI, PFI): a row with a ``reference socle`` is a pick of a socle requirement,
  the others are the dispositif's own requirements (id ``<PREFIXE>.<reference>``);
* ``db_ghseet_socle`` — the socle requirements (``SC.<SECTION>.<nn>``), their status and
  the "Picking dans REM …" columns;
* ``prepub_avec_scenarios`` (optional) — wave-1 requirements carried into wave 2: counted
  and reported, not imported (see `_wave1_note`).

and writes a complete corpus into `dest` (which must not exist or be empty):
``requirements/programme.yaml``, ``referentiels.yaml``, ``socles/<SOCLE>.yaml``,
``Va2/<dispositif>.yaml`` and the four tables of ``matrices/`` copied from the embedded
corpus. Every record carries the sheet row it came from as a comment on its id line
(``- id: LGC.VSM/va2.XX  # prepub_va2_avec_scenarios!1130``), so that a ``segur check``
message ``file:line`` leads to the spreadsheet row.

Ids are kept as they are in the data after trimming spaces: malformed numbering is left
for the checker to report. Text cells are normalised (HTML, entities, non-breaking spaces,
stray spaces) and every change is listed in the report by sheet and row. A sheet or column
that cannot be mapped (missing sheet or column, unknown column, merged header cells,
unknown REM or arbitrage value) raises `ImportRefused` before anything is written.
"""
from __future__ import annotations

import os
import re
import shutil
import tempfile
import unicodedata
import zipfile
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

import openpyxl
import yaml
from openpyxl.utils import get_column_letter

from .cleaning import clean_id, clean_label, clean_text, split_code_label
from .records import requirement_record
from .rem_workbook import ImportRefused

__all__ = ["AnsImportReport", "ImportRefused", "import_ans_export"]

SHEET_REM = "prepub_va2_avec_scenarios"
SHEET_SOCLE = "db_ghseet_socle"
SHEET_VA1 = "prepub_avec_scenarios"
REPO = Path(__file__).resolve().parents[2]

# columns of the sheets we map: every header must be one of these (matched after folding
# case, accents and whitespace; a long header matches on its first line), the `required`
# ones must be present.
REM_COLUMNS = ["id exigence", "arbitrage", "REM", "ID Section", "reference", "reference socle", "profil",
               "section", "bloc", "fonction", "description", "description socle", "note interne REM",
               "note interne SOCLE", "ref scenario", "scenario", "preuve", "id exigence socle"]
REM_REQUIRED = ["id exigence", "arbitrage", "REM", "ID Section", "reference", "reference socle", "profil",
                "section", "bloc", "fonction", "description", "ref scenario", "scenario", "preuve"]
SOCLE_COLUMNS = ["Porteur", "Socle", "ID Exigence", "Référentiels", "CI-SIS", "Profil", "Section", "Bloc",
                 "Fonction", "Nature", "Statut avant retours éditeurs", "Statut porteur socle", "Note interne",
                 "Description old", "Description", "Commentaire evol", "Impact scénario de conformité",
                 "A revoir en Comité de validation ?", "Décision du comité de validation",
                 "Statut final de l'exigence Socle", "ID Vague 1", "Vague", "ID Squash", "Statut Squash"]
SOCLE_REQUIRED = ["Socle", "ID Exigence", "Référentiels", "Profil", "Section", "Bloc", "Fonction", "Nature",
                  "Description", "Statut final de l'exigence Socle", "Statut Squash"]
PICKING_RE = re.compile(r"^picking dans rem ([a-z0-9]+)$")

# REM code of the export -> (dispositif, couloir, requirement prefix, software type)
DISPOSITIFS = {
    "BIO": ("BIO-SGL-Va2", "BIO", "SGL", "Système de gestion de laboratoire"),
    "LGC": ("MDV-LGC-Va2", "MDV", "LGC", "Logiciel de gestion de cabinet"),
    "RIS": ("RAD-RIS-Va2", "RAD", "RIS", "Système d'information de radiologie"),
    "DB": ("DRIM-DB-Va2", "DRIM", "DB", "DRIMbox"),
    "DPI": ("HOP-DPI-Va2", "HOP", "DPI", "Dossier patient informatisé"),
    "PFI": ("HOP-PFI-Va2", "HOP", "PFI", "Plateforme d'intermédiation"),
}
COULOIRS = {"BIO": "Biologie médicale", "MDV": "Médecins de ville", "RAD": "Radiologie",
            "DRIM": "Imagerie – réseau DRIM", "HOP": "Hôpital"}
SOCLE_TITLES = {
    "AAT": "Arrêt de travail dématérialisé (AATi)", "ANN": "Annuaire santé", "APCV": "Application carte Vitale",
    "CDA": "Documents de santé au format CDA R2 (CI-SIS)", "CSE": "Carnet de santé de l'enfant",
    "DB": "DRIMbox (partage d'imagerie)", "DMP": "Dossier médical partagé / Mon espace santé",
    "DOC": "Production des documents de santé", "INS": "Identité nationale de santé",
    "MSS": "Messagerie sécurisée de santé (MSSanté)", "ORDN": "Ordonnance numérique", "PSC": "Pro Santé Connect",
    "RUM": "Référentiel unique du médicament", "SSI": "Sécurité des systèmes d'information",
    "VACC": "Vaccination",
}
ARBITRAGES = {"approuvee": "Approuvée", "obsolete": "Obsolète", "a retravailler": "A retravailler"}
TO_COMPLETE = "à compléter"
NO_SCENARIO = "À compléter : aucun scénario de conformité dans l'export ANS"
NO_PROOF = "À compléter : aucune preuve dans l'export ANS"
NO_TEXT = "À compléter : texte absent de l'export ANS"
TO_FILL = "À compléter (absent de l'export ANS)"
# A requirement without scenario in the export is written without `scenarios`: `segur
# check` reports it (SCN-MISSING) on the line of its id, which names its sheet row. True
# writes a placeholder scenario instead (listed in the report).
PLACEHOLDER_SCENARIOS = False

BRACKET_RE = re.compile(r"\[([A-Z][A-Za-z0-9_-]*\d)\]")      # same codes as the checker's
DOIT_RE = re.compile(r"\bDOIT\b")
PEUT_RE = re.compile(r"\bPEUT\b")
SECTION_RE = re.compile(r"^[A-Z0-9][A-Z0-9_-]*(/[A-Za-z0-9_-]+)*$")   # section_list.json
SOCLE_CODE_RE = re.compile(r"^[A-Z0-9]+$")
# a proof entry in a "preuve" cell: "<id> : text" (the id may be missing: " : TBD")
PROOF_RE = re.compile(r"^\s*(?P<id>[A-Za-z0-9/._-]*\d[A-Za-z0-9/._-]*)?\s*:(?:\s+|$)(?P<text>.*)$")


# --- report ----------------------------------------------------------------------------
@dataclass
class DispositifCounts:
    requirements: int = 0          # own requirements (Obsolète included)
    picks: int = 0                 # picked socle requirements (Obsolète included)
    scenarios: int = 0             # scenarios of own requirements
    proofs: int = 0                # proofs of own requirements
    obsolete: int = 0              # own + picks with statut Obsolète
    a_retravailler: int = 0        # own + picks with arbitrage "A retravailler"
    rows: int = 0                  # sheet rows read for this REM


@dataclass
class AnsImportReport:
    source: str
    dest: str
    dispositifs: dict[str, DispositifCounts] = field(default_factory=dict)
    socles: dict[str, int] = field(default_factory=dict)          # socle -> requirements
    socle_scenarios: int = 0
    socle_proofs: int = 0
    fixes: list[str] = field(default_factory=list)                # "sheet!row: what was normalised"
    skipped: list[str] = field(default_factory=list)              # "sheet!row: why"
    merged: list[str] = field(default_factory=list)               # "sheet!row: repeated row merged into …"
    a_retravailler: list[str] = field(default_factory=list)       # "sheet!row: id (dispositif)"
    warnings: list[str] = field(default_factory=list)             # data the checker cannot see
    not_imported: list[str] = field(default_factory=list)
    files: list[str] = field(default_factory=list)

    def summary(self) -> str:
        lines = [f"{self.source} importé dans {self.dest}",
                 f"{'dispositif':<14}{'lignes':>7}{'propres':>8}{'repr.':>7}{'scén.':>7}{'preuves':>8}{'obsol.':>8}{'à retr.':>9}"]
        for did, c in self.dispositifs.items():
            lines.append(f"{did:<14}{c.rows:>7}{c.requirements:>8}{c.picks:>7}{c.scenarios:>7}{c.proofs:>8}"
                         f"{c.obsolete:>8}{c.a_retravailler:>9}")
        lines.append("socles : " + ", ".join(f"{s} {n}" for s, n in self.socles.items())
                     + f" ({sum(self.socles.values())} exigences, {self.socle_scenarios} scénarios, "
                       f"{self.socle_proofs} preuves)")
        lines.append(f"{len(self.fixes)} correction(s) de normalisation, {len(self.merged)} ligne(s) répétée(s) fusionnée(s), "
                     f"{len(self.skipped)} ligne(s) ignorée(s), {len(self.a_retravailler)} « A retravailler », "
                     f"{len(self.warnings)} avertissement(s)")
        return "\n".join(lines)

    def format(self) -> str:
        parts = [self.summary()]
        for title, items in (("Non importé", self.not_imported), ("Avertissements", self.warnings),
                             ("A retravailler", self.a_retravailler), ("Lignes ignorées", self.skipped),
                             ("Normalisation", self.fixes), ("Lignes fusionnées", self.merged)):
            if items:
                parts.append(f"\n{title} ({len(items)}) :")
                parts.extend(f"  {x}" for x in items)
        return "\n".join(parts)


# --- reading ---------------------------------------------------------------------------
def _key(value) -> str:
    text = unicodedata.normalize("NFKD", str(value or "")).encode("ascii", "ignore").decode()
    return " ".join(text.lower().split())


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


class _Sheet:
    """Header mapping and rows of one sheet (values only)."""

    def __init__(self, ws, name: str, known: list[str], required: list[str], extra=None):
        rows = ws.iter_rows(values_only=True)
        header = list(next(rows, ()) or ())
        self.name = name
        self.rows: list[tuple[int, tuple]] = [(i, r) for i, r in enumerate(rows, start=2)]
        known_keys = {_key(k): k for k in known}
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
            k = _key(cell)
            letter = get_column_letter(j + 1)
            if not k:
                if j in used_cols:
                    unknown.append(f"{letter} (sans en-tête, mais avec des valeurs dessous)")
                continue
            # a long header (title + explanation on the next lines) is known by its first line
            name_ = known_keys.get(k) or known_keys.get(_key(str(cell).strip().split("\n")[0]))
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


# --- records ---------------------------------------------------------------------------
@dataclass
class _Proof:
    id: str
    texte: str
    row: int


@dataclass
class _Scenario:
    id: str
    texte: str
    preuves: list[_Proof]
    row: int


@dataclass
class _Req:
    id: str
    row: str                       # "sheet!row"
    section: str
    bloc: str
    fonction: str
    nature: str
    profils: list[str]
    enonce: str
    referentiels: list[str]
    scenarios: list[_Scenario] = field(default_factory=list)
    statut: str | None = None
    vagues: list[str] = field(default_factory=list)
    a_retravailler: bool = False
    note: str = ""
    omit_scenarios: bool = False
    comment_extra: str = ""

    def as_dict(self) -> dict:
        scenarios = None if self.omit_scenarios else [
            (s.id, s.texte, [(p.id, p.texte) for p in s.preuves]) for s in self.scenarios]
        return requirement_record(
            id=self.id, section=self.section, bloc=self.bloc, fonction=self.fonction, nature=self.nature,
            criticite="Majeure", profils=self.profils, vagues=self.vagues, statut=self.statut, enonce=self.enonce,
            referentiels=self.referentiels, a_retravailler=self.a_retravailler, note=self.note, scenarios=scenarios)

    def comments(self, sheet_scn: str) -> list[str]:
        """Comments of the `- id:` lines in dump order: requirement, then each scenario
        followed by its proofs."""
        out = [self.row + self.comment_extra]
        if not self.omit_scenarios:
            for s in self.scenarios:
                where = f"{sheet_scn}!{s.row}" if s.row else "placeholder"
                out.append(where)
                out.extend(where for _ in s.preuves)
        return out


@dataclass
class _Pick:
    id: str
    row: int
    profils: list[str] | None = None
    statut: str | None = None
    a_retravailler: bool = False


class _Ctx:
    def __init__(self, report: AnsImportReport):
        self.report = report

    def text(self, sheet: str, row: int, what: str, value, label: bool = False) -> str:
        text, fixes = (clean_label if label else clean_text)(value)
        for f in fixes:
            self.report.fixes.append(f"{sheet}!{row}: {what}: {f}")
        return text

    def ident(self, sheet: str, row: int, what: str, value) -> str:
        text, fixes = clean_id(value)
        for f in fixes:
            self.report.fixes.append(f"{sheet}!{row}: {what}: {f}")
        return text


def _section_of(rid: str, prefix: str) -> str:
    """Section part of an id: `LGC.VSM/va2.XX` -> `VSM`, `SC.DMP/HISTO.07` -> `DMP/HISTO`."""
    rest = rid[len(prefix) + 1:] if rid.startswith(prefix + ".") else rid
    head = rest.rsplit(".", 1)[0] if "." in rest else ""
    return re.sub(r"/va\d+$", "", head)


def _nature(text: str, column: str = "") -> tuple[str, str]:
    """(nature, how): from "Obligatoire"/"Préconisée" when given, else DOIT/PEUT in the text."""
    k = _key(column)
    if k.startswith("obligatoire"):
        return "Exigence", ""
    if k.startswith("preconis"):
        return "Préconisation", ""
    if DOIT_RE.search(text):
        how = "DOIT"
    elif PEUT_RE.search(text):
        return "Préconisation", "nature déduite de PEUT dans le texte" + (f" (la colonne indique {column!r})" if column else "")
    else:
        how = "ni DOIT ni PEUT"
    return "Exigence", (f"nature Exigence déduite ({how} dans le texte)" + (f", la colonne indique {column!r}" if column else "")
                        if how != "DOIT" or column else "")


def _proofs(cell: str, scenario_id: str, local_to_full, where: str, row: int, ctx: _Ctx) -> list[_Proof]:
    """Split a "preuve" cell into proofs (one "<id> : text" entry per proof)."""
    entries: list[list] = []
    for line in cell.split("\n"):
        m = PROOF_RE.match(line)
        if m and (m.group("id") or line.lstrip().startswith(":")):
            entries.append([m.group("id") or "", m.group("text").strip()])
        elif entries:
            entries[-1][1] = (entries[-1][1] + "\n" + line).strip()
        elif line.strip():
            entries.append(["", line.strip()])
    out = []
    for n, (local, text) in enumerate(entries, start=1):
        text = re.sub(r"\n{3,}", "\n\n", text).strip()
        if local:
            pid = local_to_full(local)
        else:
            pid = f"{scenario_id}.{n:02d}"
            ctx.report.fixes.append(f"{where}!{row}: la preuve {n} de {scenario_id} n'a pas d'identifiant : numérotée {pid}")
        if not text:
            text = NO_TEXT
            ctx.report.fixes.append(f"{where}!{row}: la preuve {pid} n'a pas de texte : écrit {NO_TEXT!r}")
        out.append(_Proof(pid, text, row))
    return out


# --- YAML ------------------------------------------------------------------------------
class _Dumper(yaml.SafeDumper):
    pass


def _str_representer(dumper, value: str):
    style = "|" if "\n" in value else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)


_Dumper.add_representer(str, _str_representer)


def _dump(data) -> str:
    return yaml.dump(data, Dumper=_Dumper, allow_unicode=True, sort_keys=False, width=100,
                     default_flow_style=False)


def _flow_list(items: list[dict]) -> str:
    return "".join("  - " + yaml.dump(i, Dumper=_Dumper, allow_unicode=True, sort_keys=False, width=10**6,
                                      default_flow_style=True).strip() + "\n" for i in items)


ID_LINE_RE = re.compile(r"^\s*- id: ")


def _records(records: list[dict], comments: list[list[str]]) -> str:
    """Records as a YAML block list indented by two, each `- id:` line with its comment."""
    out = []
    for rec, notes in zip(records, comments):
        lines = _dump([rec]).splitlines()
        k = 0
        for i, line in enumerate(lines):
            if ID_LINE_RE.match(line) and k < len(notes):
                lines[i] = f"{line}  # {notes[k]}"
                k += 1
        out.extend("  " + ln for ln in lines)
    return "\n".join(out) + ("\n" if out else "")


# --- the import ------------------------------------------------------------------------
def import_ans_export(xlsx: Path, dest: Path) -> AnsImportReport:
    """Import the export into a new corpus folder `dest`; see the module docstring."""
    xlsx, dest = Path(xlsx), Path(dest)
    if dest.exists() and (not dest.is_dir() or any(dest.iterdir())):
        raise ImportRefused(f"{dest} existe déjà et n'est pas vide : l'import écrit un nouveau corpus de travail")
    if not xlsx.is_file():
        raise ImportRefused(f"{xlsx} introuvable")
    try:
        wb = openpyxl.load_workbook(xlsx, read_only=True, data_only=True)
    except Exception as exc:  # noqa: BLE001 — any unreadable file is a refusal
        raise ImportRefused(f"{xlsx}: classeur xlsx illisible ({exc})") from exc
    try:
        report = AnsImportReport(str(xlsx), str(dest))
        files = _build(wb, xlsx, report)
    finally:
        wb.close()
    _write(files, dest, report)
    return report


def _build(wb, xlsx: Path, report: AnsImportReport) -> dict[str, str]:
    for name in (SHEET_REM, SHEET_SOCLE):
        if name not in wb.sheetnames:
            raise ImportRefused(f"{xlsx.name}: feuille {name!r} introuvable (feuilles : {', '.join(wb.sheetnames)}), "
                                "rien n'a été importé")
    mapped = [SHEET_REM, SHEET_SOCLE]
    merged = _merged_header_ranges(xlsx, mapped)
    if merged:
        where = "; ".join(f"{s}!1: {', '.join(r)}" for s, r in merged.items())
        raise ImportRefused(f"cellules d'en-tête fusionnées ({where}) : annulez la fusion et gardez un libellé par colonne, "
                            "rien n'a été importé")
    ctx = _Ctx(report)
    rem = _Sheet(wb[SHEET_REM], SHEET_REM, REM_COLUMNS, REM_REQUIRED)
    soc = _Sheet(wb[SHEET_SOCLE], SHEET_SOCLE, SOCLE_COLUMNS, SOCLE_REQUIRED,
                 extra=lambda k: bool(PICKING_RE.match(k)))
    for sheet in (rem, soc):
        for d in sheet.duplicates:
            report.warnings.append(f"{sheet.name}!1: la colonne {d} répète une colonne déjà lue : ignorée")
    picking_cols = {PICKING_RE.match(_key(h)).group(1).upper(): j for h, j in soc.extra.items()}

    # ---- socle requirements ------------------------------------------------------------
    socle_reqs: dict[str, _Req] = {}
    socle_of: dict[str, str] = {}
    socle_order: dict[str, list[_Req]] = defaultdict(list)
    socle_sections: dict[str, dict[str, str]] = defaultdict(dict)
    picking_flags: dict[str, tuple[int, set[str]]] = {}
    S = SHEET_SOCLE
    for row, r in _distinct_rows(soc.rows, S, report):
        r = _realigned(soc, r, row, report)
        sid = ctx.ident(S, row, "ID Exigence", soc.get(r, "ID Exigence"))
        if not sid:
            report.skipped.append(f"{S}!{row}: pas d'ID Exigence : ignorée")
            continue
        code = ctx.ident(S, row, "Socle", soc.get(r, "Socle"))
        if not SOCLE_CODE_RE.match(code) or code.isdigit():
            guess = re.match(r"^(?:SC\.)?([A-Z0-9]+)", sid)
            new = guess.group(1) if guess else "A-CLASSER"
            report.fixes.append(f"{S}!{row}: Socle {code!r} n'est pas un code de socle : socle {new} tiré de l'identifiant {sid}")
            code = new
        section = _section_of(sid, "SC")
        if not SECTION_RE.match(section):
            report.fixes.append(f"{S}!{row}: pas de code de section dans l'identifiant {sid!r} : section A-CLASSER")
            section = "A-CLASSER"
        label = ctx.text(S, row, "Section", soc.get(r, "Section"), label=True)
        label = split_code_label(label, section) or section
        socle_sections[code].setdefault(section, label)
        enonce = ctx.text(S, row, "Description", soc.get(r, "Description"))
        if not enonce:
            old = ctx.text(S, row, "Description old", soc.get(r, "Description old"))
            if old:
                report.fixes.append(f"{S}!{row}: {sid} : Description vide, « Description old » utilisée")
                enonce = old
        nat_col = ctx.text(S, row, "Nature", soc.get(r, "Nature"), label=True)
        enonce = enonce or ""
        nature, how = _nature(enonce, nat_col)
        if how:
            report.fixes.append(f"{S}!{row}: {sid} : {how}")
        profil = ctx.text(S, row, "Profil", soc.get(r, "Profil"), label=True)
        if not profil:
            profil = "Général"
            report.fixes.append(f"{S}!{row}: {sid} : Profil vide : Général")
        refs_col = ctx.text(S, row, "Référentiels", soc.get(r, "Référentiels"), label=True)
        refs = sorted(set(BRACKET_RE.findall(enonce)) | set(BRACKET_RE.findall(refs_col)))
        final = _key(soc.get(r, "Statut final de l'exigence Socle"))
        squash = _key(soc.get(r, "Statut Squash"))
        porteur = _key(soc.get(r, "Statut porteur socle"))
        decision = _key(soc.get(r, "Décision du comité de validation"))
        vague = re.search(r"(\d+)", str(soc.get(r, "Vague") or ""))
        bloc = ctx.text(S, row, "Bloc", soc.get(r, "Bloc"), label=True)
        fonction = ctx.text(S, row, "Fonction", soc.get(r, "Fonction"), label=True)
        # a socle record failing the schema would vanish and break every pick of it:
        # missing values get an explicit marker instead (reported)
        for what, value in (("Bloc", bloc), ("Fonction", fonction), ("Description", enonce)):
            if not value:
                report.fixes.append(f"{S}!{row}: {sid} : {what} vide : écrit {TO_FILL!r}")
        bloc, fonction, enonce = bloc or TO_FILL, fonction or TO_FILL, enonce or TO_FILL
        req = _Req(
            id=sid, row=f"{S}!{row}", section=section, bloc=bloc, fonction=fonction,
            nature=nature, profils=[profil], enonce=enonce, referentiels=refs,
            statut="Obsolète" if "obsolete" in (squash, final, porteur, _key(nat_col)) else None,
            vagues=[f"Va{vague.group(1)}"] if vague else [],
            a_retravailler="instruction" in final or "retravailler" in decision)
        if req.a_retravailler:
            req.note = "Statut socle : " + (str(soc.get(r, "Statut final de l'exigence Socle") or "").strip()
                                            or str(soc.get(r, "Décision du comité de validation")).strip())
            report.a_retravailler.append(f"{S}!{row}: {sid} (socle {code}): {req.note}")
        socle_order[code].append(req)
        if sid not in socle_reqs:
            socle_reqs[sid] = req
            socle_of[sid] = code
        flags = {rem_code for rem_code, j in picking_cols.items() if j < len(r) and _key(r[j]) == "oui"}
        picking_flags.setdefault(sid, (row, flags))

    # ---- REM rows ----------------------------------------------------------------------
    R = SHEET_REM
    groups: dict[tuple, list[tuple[int, tuple]]] = {}
    for row, r in _distinct_rows(rem.rows, R, report):
        rem_code = clean_id(rem.get(r, "REM"))[0].upper()
        if rem_code not in DISPOSITIFS:
            raise ImportRefused(f"{R}!{row}: REM {rem.get(r, 'REM')!r} ne fait pas partie de {', '.join(DISPOSITIFS)} : "
                                "impossible de le rattacher à un dispositif, rien n'a été importé")
        arb = ARBITRAGES.get(_key(rem.get(r, "arbitrage")))
        if arb is None:
            raise ImportRefused(f"{R}!{row}: arbitrage {rem.get(r, 'arbitrage')!r} ne fait pas partie de "
                                f"{', '.join(ARBITRAGES.values())}, rien n'a été importé")
        squash = rem.get(r, "id exigence")
        key = (rem_code, squash if squash not in (None, "") else clean_id(rem.get(r, "reference"))[0])
        groups.setdefault(key, []).append((row, r))

    own_by_disp: dict[str, list[_Req]] = defaultdict(list)
    picks_by_disp: dict[str, list[_Pick]] = defaultdict(list)
    sections_by_disp: dict[str, dict[str, str]] = defaultdict(dict)
    profiles_by_disp: dict[str, list[str]] = defaultdict(list)
    picked_by: dict[str, set[str]] = defaultdict(set)
    socle_scn_src: dict[str, tuple[str, str]] = {}        # scenario id -> (first row, normalised text)
    counts = {DISPOSITIFS[k][0]: DispositifCounts() for k in DISPOSITIFS}
    for (rem_code, _), rows in groups.items():
        did, _, prefix, _ = DISPOSITIFS[rem_code]
        c = counts[did]
        c.rows += len(rows)
        first_row, r = rows[0]
        arb = ARBITRAGES[_key(rem.get(r, "arbitrage"))]
        reference = ctx.ident(R, first_row, "reference", rem.get(r, "reference"))
        ref_socle = ctx.ident(R, first_row, "reference socle", rem.get(r, "reference socle"))
        profil = ctx.text(R, first_row, "profil", rem.get(r, "profil"), label=True)
        for row, _ in rows[1:]:
            report.merged.append(f"{R}!{row}: ligne répétée de {reference or '?'} ({rem_code}) fusionnée dans la ligne {first_row}")
        is_pick = bool(ref_socle)
        if is_pick:
            full = lambda local: local if local.startswith("SC.") else "SC." + local  # noqa: E731
        else:
            full = lambda local, p=prefix: local if local.startswith(p + ".") else f"{p}.{local}"  # noqa: E731
        rid = ref_socle if is_pick else full(reference)
        # scenarios, one per row
        scenarios: list[_Scenario] = []
        for row, rr in rows:
            local = ctx.ident(R, row, "ref scenario", rem.get(rr, "ref scenario"))
            texte = ctx.text(R, row, "scenario", rem.get(rr, "scenario"))
            cell = ctx.text(R, row, "preuve", rem.get(rr, "preuve"))
            if not (local or texte or cell):
                continue
            if local:
                scn_id = full(local)
            else:
                scn_id = f"{rid}.{len(scenarios) + 1:02d}"
                report.fixes.append(f"{R}!{row}: scénario sans « ref scenario » : numéroté {scn_id}")
            if not texte:
                texte = NO_TEXT
                report.fixes.append(f"{R}!{row}: le scénario {scn_id} n'a pas de texte : écrit {NO_TEXT!r}")
            proofs = _proofs(cell, scn_id, full, R, row, ctx) if cell else []
            if not proofs:
                proofs = [_Proof(f"{scn_id}.01", NO_PROOF, row)]
                report.fixes.append(f"{R}!{row}: le scénario {scn_id} n'a pas de preuve : écrit {scn_id}.01 {NO_PROOF!r}")
            if len(proofs) > 10:
                report.warnings.append(f"{R}!{row}: le scénario {scn_id} a {len(proofs)} preuves (10 au plus)")
            scenarios.append(_Scenario(scn_id, texte, proofs, row))
        if arb == "A retravailler":
            report.a_retravailler.append(f"{R}!{first_row}: {rid} ({did}{', reprise' if is_pick else ''})")
            c.a_retravailler += 1
        if arb == "Obsolète":
            c.obsolete += 1
        if is_pick:
            c.picks += 1
            if "SC." + reference != ref_socle:
                report.warnings.append(f"{R}!{first_row}: {did} reprend {reference} mais sa « reference socle » est "
                                       f"{ref_socle} : la reprise garde {reference}")
            base = socle_reqs.get(ref_socle)
            pk = _Pick(reference, first_row, statut="Obsolète" if arb == "Obsolète" else None,
                       a_retravailler=arb == "A retravailler")
            if base is not None and profil and [profil] != base.profils:
                pk.profils = [profil]
            picks_by_disp[did].append(pk)
            if arb != "Obsolète":
                picked_by[ref_socle].add(rem_code)
            for p in (pk.profils or (base.profils if base else [profil] if profil else [])):
                if p not in profiles_by_disp[did]:
                    profiles_by_disp[did].append(p)
            if base is None:
                if scenarios:
                    report.warnings.append(f"{R}!{first_row}: {ref_socle} n'est pas dans {SHEET_SOCLE} : "
                                           f"ses {len(scenarios)} scénario(s) ne sont pas importés")
                continue
            for s in scenarios:
                norm = " ".join((s.texte + " " + " ".join(p.id + p.texte for p in s.preuves)).split())
                known = socle_scn_src.get(s.id)
                if known is None:
                    socle_scn_src[s.id] = (f"{R}!{s.row}", norm)
                    base.scenarios.append(s)
                elif known[1] != norm:
                    report.warnings.append(f"{R}!{s.row}: le scénario {s.id} diffère de celui de {known[0]} : "
                                           "le premier est conservé")
            continue
        # own requirement
        section = _section_of(rid, prefix)
        if not SECTION_RE.match(section):
            fallback = clean_id(rem.get(r, "ID Section"))[0]
            new = fallback if SECTION_RE.match(fallback) else "A-CLASSER"
            report.fixes.append(f"{R}!{first_row}: pas de code de section dans l'identifiant {rid!r} : section {new}")
            section = new
        label = ctx.text(R, first_row, "section", rem.get(r, "section"), label=True)
        sections_by_disp[did].setdefault(section, split_code_label(label, section) or section)
        enonce = ctx.text(R, first_row, "description", rem.get(r, "description"))
        if not enonce and arb == "Obsolète":
            # not published: an empty text would only hide the record from the checks
            enonce = TO_FILL
            report.fixes.append(f"{R}!{first_row}: {rid} (Obsolète) : description vide : écrit {TO_FILL!r}")
        nature, how = _nature(enonce)
        if how:
            report.fixes.append(f"{R}!{first_row}: {rid} : {how}")
        if not profil:
            profil = "Général"
            report.fixes.append(f"{R}!{first_row}: {rid} : profil vide : Général")
        if profil not in profiles_by_disp[did]:
            profiles_by_disp[did].append(profil)
        req = _Req(id=rid, row=f"{R}!{first_row}", section=section,
                   bloc=ctx.text(R, first_row, "bloc", rem.get(r, "bloc"), label=True),
                   fonction=ctx.text(R, first_row, "fonction", rem.get(r, "fonction"), label=True),
                   nature=nature, profils=[profil], enonce=enonce,
                   referentiels=sorted(set(BRACKET_RE.findall(enonce))), scenarios=scenarios,
                   statut="Obsolète" if arb == "Obsolète" else None,
                   a_retravailler=arb == "A retravailler")
        if req.a_retravailler:
            req.note = "Arbitrage ANS : A retravailler"
        if not scenarios:
            if PLACEHOLDER_SCENARIOS:
                req.scenarios = [_placeholder(rid)]
                req.note = (req.note + " ; " if req.note else "") + "scénario absent de l'export"
                if arb != "Obsolète":
                    report.warnings.append(f"{R}!{first_row}: {rid} ({did}, {arb}) n'a pas de scénario dans l'export : "
                                           f"scénario provisoire {rid}.01 écrit")
            else:
                req.omit_scenarios = True
                if arb != "Obsolète":
                    report.warnings.append(f"{R}!{first_row}: {rid} ({did}, {arb}) n'a pas de scénario : écrite sans "
                                           "`scenarios`, `segur check` le signale (SCN-MISSING)")
        c.requirements += 1
        c.scenarios += len(scenarios)          # from the export (placeholders not counted)
        c.proofs += sum(len(s.preuves) for s in scenarios)
        own_by_disp[did].append(req)

    # ---- socle requirements without scenario; picking flags vs rows ---------------------
    no_scn = 0
    for reqs in socle_order.values():
        for req in reqs:
            if not req.scenarios:
                if PLACEHOLDER_SCENARIOS:
                    req.scenarios = [_placeholder(req.id)]
                    req.note = (req.note + " ; " if req.note else "") + "scénario absent de l'export"
                else:
                    req.omit_scenarios = True
                no_scn += 1
    if no_scn:
        report.warnings.append(f"{SHEET_SOCLE}: {no_scn} exigence(s) de socle sans scénario dans les lignes REM : "
                               + (f"écrite(s) avec un scénario provisoire {{id}}.01 « {NO_SCENARIO} »"
                                  if PLACEHOLDER_SCENARIOS else "écrite(s) sans `scenarios` (SCN-MISSING)"))
    for sid, (row, flags) in picking_flags.items():
        rows_pick = picked_by.get(sid, set())
        for rem_code in sorted(flags - rows_pick):
            report.warnings.append(f"{SHEET_SOCLE}!{row}: {sid} est marquée « Picking dans REM {rem_code} = Oui » "
                                   f"mais aucune ligne active de {SHEET_REM} pour {rem_code} ne la reprend")
        for rem_code in sorted(rows_pick - flags):
            if rem_code in picking_cols:
                report.warnings.append(f"{SHEET_SOCLE}!{row}: {sid} est reprise par {rem_code} dans {SHEET_REM} mais "
                                       f"« Picking dans REM {rem_code} » n'est pas à Oui")

    # ---- wave-1 sheet --------------------------------------------------------------------
    if SHEET_VA1 in wb.sheetnames:
        report.not_imported.append(_wave1_note(wb[SHEET_VA1]))

    # ---- report counts ---------------------------------------------------------------------
    report.dispositifs = counts
    report.socles = {code: len(reqs) for code, reqs in sorted(socle_order.items())}
    all_socle = [q for reqs in socle_order.values() for q in reqs]
    report.socle_scenarios = sum(1 for q in all_socle for x in q.scenarios if x.row)
    report.socle_proofs = sum(len(x.preuves) for q in all_socle for x in q.scenarios if x.row)

    # ---- files -----------------------------------------------------------------------------
    files: dict[str, str] = {}
    used_socles = {did: sorted({socle_of["SC." + p.id] for p in picks_by_disp[did] if "SC." + p.id in socle_of})
                   for did in counts}
    when = _export_date(wb)
    files["requirements/programme.yaml"] = _programme(counts, profiles_by_disp, used_socles, when, xlsx.name)
    all_texts = [q.enonce for q in all_socle] + [q.enonce for reqs in own_by_disp.values() for q in reqs]
    codes = sorted({c for t in all_texts for c in BRACKET_RE.findall(t)}
                   | {c for q in all_socle for c in q.referentiels})
    files["requirements/referentiels.yaml"] = _referentiels(codes, sorted(socle_order), xlsx.name)
    for code, reqs in sorted(socle_order.items()):
        files[f"requirements/socles/{code}.yaml"] = _socle_file(code, socle_sections[code], reqs, xlsx.name)
    for rem_code, (did, *_rest) in DISPOSITIFS.items():
        files[f"requirements/Va2/{did}.yaml"] = _dispositif_file(
            did, rem_code, sections_by_disp[did], picks_by_disp[did], own_by_disp[did], xlsx.name)
    return files


def _realigned(sheet: _Sheet, r: tuple, row: int, report: AnsImportReport) -> tuple:
    """A socle row whose cells slid one column left (no Porteur: the id sits under
    « Socle », the socle under « Porteur ») is put back in place."""
    sid, socle = str(sheet.get(r, "ID Exigence") or ""), str(sheet.get(r, "Socle") or "")
    if "." not in sid and socle.strip().startswith("SC."):
        report.fixes.append(f"{SHEET_SOCLE}!{row}: cellules décalées d'une colonne vers la gauche (identifiant {socle.strip()!r} "
                            f"sous « Socle », {sid!r} sous « ID Exigence ») : réalignées")
        return (None,) + tuple(r[:-1])
    return r


def _distinct_rows(rows, sheet: str, report):
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


def _placeholder(rid: str) -> _Scenario:
    return _Scenario(f"{rid}.01", NO_SCENARIO, [_Proof(f"{rid}.01.01", NO_PROOF, 0)], 0)


def _wave1_note(ws) -> str:
    rows = [r for r in ws.iter_rows(min_row=2, values_only=True) if any(v not in (None, "") for v in r)]
    return (f"{SHEET_VA1}: {len(rows)} lignes (exigences de la vague 1 reprises en vague 2, identifiants <SECTION>/va1.<nn> "
            "avec leur identifiant de vague 1) non importées : la plupart reprennent des exigences de socle SC.<SECTION>/va1.<nn> que "
            f"{SHEET_SOCLE} ne définit pas, et leurs identifiants de vague 1 (id_precedent) exigent les REM de la vague 1 comme "
            "`precedent`, que l'export ne contient pas")


def _export_date(wb) -> str:
    try:
        when = wb.properties.modified or wb.properties.created
        if when:
            return when.date().isoformat()
    except AttributeError:
        pass
    return date.today().isoformat()


def _header(xlsx_name: str, what: str) -> str:
    return (f"# {what}\n# Imported by segur-spec from ANS's export {xlsx_name}: a scratch corpus to check the "
            "export.\n# Each record names the sheet row it comes from (sheet!row) in a comment.\n")


def _programme(counts, profiles, socles, when: str, xlsx_name: str) -> str:
    couloirs = sorted({DISPOSITIFS[k][1] for k in DISPOSITIFS})
    data = {
        "vagues": [
            {"id": "Va1", "numero": 1, "libelle": "Vague 1", "periode": "2021-2023"},
            {"id": "Va2", "numero": 2, "libelle": "Vague 2", "periode": "2024-2026", "precedente": "Va1"},
        ],
        "couloirs": [{"code": c, "libelle": COULOIRS.get(c, c)} for c in couloirs],
        "dispositifs": [],
    }
    for rem_code, (did, couloir, prefix, type_label) in DISPOSITIFS.items():
        data["dispositifs"].append({
            "id": did, "couloir": couloir, "vague": "Va2",
            "type_logiciel": {"code": did.split("-")[1], "libelle": type_label},
            "prefixe": prefix,
            "titre": f"{type_label} – Vague 2 (REM {rem_code}, export ANS de prépublication)",
            "statut_publication": "prépublication", "version": "0.1", "date": when,
            "socles": socles.get(did, []),
            "profils": [{"nom": p} for p in (profiles.get(did) or ["Général"])],
        })
    return _header(xlsx_name, "Programme: vagues, couloirs and the six wave-2 dispositifs of the export.") + _dump(data)


def _referentiels(codes: list[str], socles: list[str], xlsx_name: str) -> str:
    data = {
        "referentiels": [{"code": c, "titre": TO_COMPLETE, "version": TO_COMPLETE, "emetteur": TO_COMPLETE}
                         for c in codes],
        "socles": [{"code": s, "titre": SOCLE_TITLES.get(s, f"{s} ({TO_COMPLETE})")} for s in socles],
    }
    return _header(xlsx_name, "Référentiels cited between brackets in the export (titles to complete) and socles.") \
        + _dump(data)


def _sections(sections: dict[str, str]) -> str:
    if not sections:
        return "sections: []\n"
    return "sections:\n" + _flow_list([{"code": c, "libelle": lib} for c, lib in sections.items()])


def _socle_file(code: str, sections: dict[str, str], reqs: list[_Req], xlsx_name: str) -> str:
    text = _header(xlsx_name, f"Socle {code} (sheet {SHEET_SOCLE}; scenarios from the REM rows that pick it).")
    text += _dump({"socle": code}) + _sections(sections)
    text += "exigences:\n" + _records([q.as_dict() for q in reqs], [q.comments(SHEET_REM) for q in reqs])
    return text


def _dispositif_file(did: str, rem_code: str, sections, picks: list[_Pick], own: list[_Req], xlsx_name: str) -> str:
    text = _header(xlsx_name, f"{did}: REM {rem_code} of sheet {SHEET_REM} (picks and own requirements).")
    text += _dump({"dispositif": did}) + _sections(sections)
    if picks:
        text += "socle:\n"
        for pk in picks:
            item = {"id": pk.id}
            if pk.profils:
                item["profils"] = pk.profils
            if pk.statut:
                item["statut"] = pk.statut
            line = yaml.dump(item, Dumper=_Dumper, allow_unicode=True, sort_keys=False, width=10**6,
                             default_flow_style=True).strip()
            note = f"{SHEET_REM}!{pk.row}" + (" A retravailler" if pk.a_retravailler else "")
            text += f"  - {line}  # {note}\n"
    else:
        text += "socle: []\n"
    text += "exigences:\n" + _records([q.as_dict() for q in own], [q.comments(SHEET_REM) for q in own]) \
        if own else "exigences: []\n"
    return text


def _write(files: dict[str, str], dest: Path, report: AnsImportReport) -> None:
    """Write everything into a temporary folder beside `dest`, then move it into place."""
    dest.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=f".{dest.name}.", dir=dest.parent))
    try:
        for rel, text in files.items():
            path = tmp / rel
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text, encoding="utf-8")
        matrices = REPO / "matrices"
        (tmp / "matrices").mkdir(exist_ok=True)
        copied = []
        for csv in sorted(matrices.glob("*.csv")):
            shutil.copy2(csv, tmp / "matrices" / csv.name)
            copied.append(f"matrices/{csv.name}")
        scopes = sorted(p.relative_to(matrices).as_posix() for p in matrices.glob("scopes/*/*.yaml"))
        if scopes:
            report.not_imported.append(f"matrices : les tables ont été copiées depuis le corpus intégré, mais pas ses périmètres "
                                       f"({', '.join(scopes)}) (l'export n'a pas de périmètre)")
        if dest.exists():
            dest.rmdir()          # empty, checked before reading
        os.replace(tmp, dest)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    report.files = sorted(files) + copied
