"""Normalise stage: cells cleaned (every change reported by sheet and row) into the
records the grouping stage fills: requirements, scenarios, proofs, picks."""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from ..cleaning import clean_id, clean_label, clean_text, split_code_label
from ..records import requirement_record
from .report import AnsImportReport
from .sheets import key

ARBITRAGES = {"approuvee": "Approuvée", "obsolete": "Obsolète", "a retravailler": "A retravailler"}

BRACKET_RE = re.compile(r"\[([A-Z][A-Za-z0-9_-]*\d)\]")      # same codes as the checker's
DOIT_RE = re.compile(r"\b(?:DOIT|DOIVENT)\b")   # the duty, singular or plural
PEUT_RE = re.compile(r"\b(?:PEUT|PEUVENT)\b")
SECTION_RE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_-]*(/[A-Za-z0-9_-]+)*$")   # section_list.json
SOCLE_CODE_RE = re.compile(r"^[A-Z0-9]+$")
# a proof entry in a "preuve" cell: "<id> : text" (the id may be missing: " : TBD")
PROOF_RE = re.compile(r"^\s*(?P<id>[A-Za-z0-9/._-]*\d[A-Za-z0-9/._-]*)?\s*:(?:\s+|$)(?P<text>.*)$")


@dataclass
class Proof:
    id: str
    texte: str
    row: int


@dataclass
class Scenario:
    id: str
    texte: str
    preuves: list[Proof]
    row: int
    sheet: str = ""                # sheet of `row` when not the REM sheet


@dataclass
class Req:
    id: str
    row: str                       # "sheet!row"
    section: str
    bloc: str
    fonction: str
    nature: str
    profils: list[str]
    enonce: str
    referentiels: list[str]
    scenarios: list[Scenario] = field(default_factory=list)
    statut: str | None = None
    id_precedent: str | None = None
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
            criticite="Majeure", profils=self.profils, vagues=self.vagues, statut=self.statut,
            id_precedent=self.id_precedent, enonce=self.enonce,
            referentiels=self.referentiels, a_retravailler=self.a_retravailler, note=self.note, scenarios=scenarios)

    def comments(self, sheet_scn: str) -> list[str]:
        """Comments of the `- id:` lines in dump order: requirement, then each scenario
        followed by its proofs."""
        out = [self.row + self.comment_extra]
        if not self.omit_scenarios:
            for s in self.scenarios:
                where = f"{s.sheet or sheet_scn}!{s.row}"
                out.append(where)
                out.extend(where for _ in s.preuves)
        return out


@dataclass
class Pick:
    id: str
    row: int
    profils: list[str] | None = None
    statut: str | None = None
    a_retravailler: bool = False
    id_precedent: str | None = None
    sheet: str = ""                # sheet of `row` when not the REM sheet


class Ctx:
    def __init__(self, report: AnsImportReport):
        self.report = report

    def text(self, sheet: str, row: int, what: str, value, label: bool = False) -> str:
        text, fixes = (clean_label if label else clean_text)(value)
        for f in fixes:
            self.report.fixes.append(f"{sheet}!{row}: {what}: {f}")
        return text

    def label_of(self, label: str, code: str) -> str:
        """A section label without its leading code ("DMP/HISTO_Reprise" -> "Reprise")."""
        return split_code_label(label, code) or code

    def ident(self, sheet: str, row: int, what: str, value) -> str:
        text, fixes = clean_id(value)
        for f in fixes:
            self.report.fixes.append(f"{sheet}!{row}: {what}: {f}")
        return text


def section_of(rid: str, prefix: str) -> str:
    """Section part of an id: `LGC.VSM/va2.XX` -> `VSM`, `SC.DMP/HISTO.07` -> `DMP/HISTO`."""
    rest = rid[len(prefix) + 1:] if rid.startswith(prefix + ".") else rid
    head = rest.rsplit(".", 1)[0] if "." in rest else ""
    return re.sub(r"/va\d+$", "", head)


def nature_of(text: str, column: str = "") -> tuple[str, str]:
    """(nature, how): from "Obligatoire"/"Préconisée" when given, else DOIT/PEUT in the text."""
    k = key(column)
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


def parse_proofs(cell: str, scenario_id: str, local_to_full, where: str, row: int, ctx: Ctx) -> list[Proof]:
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
    # a proof without id is numbered by its place, or the next number no other proof of the
    # cell uses (an id the import makes up must not collide with one ANS wrote)
    taken = {local_to_full(local) for local, _ in entries if local}
    out = []
    for n, (local, text) in enumerate(entries, start=1):
        text = re.sub(r"\n{3,}", "\n\n", text).strip()
        if local:
            pid = local_to_full(local)
        else:
            k = n
            while (pid := f"{scenario_id}.{k:02d}") in taken:
                k += 1
            taken.add(pid)
            ctx.report.fixes.append(f"{where}!{row}: la preuve {n} de {scenario_id} n'a pas d'identifiant : numérotée {pid}")
        out.append(Proof(pid, text, row))
    return out


