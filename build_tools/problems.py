"""Problem records and the rule catalogue.

A rule is registered once with its id, severity, title and fix hint; checks yield
`Problem`s built from it and never print.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from enum import Enum
from typing import NamedTuple


class Severity(str, Enum):
    ERROR = "error"
    WARNING = "warning"


class Source(NamedTuple):
    """Where a value came from: a file and a line (YAML/CSV) or a sheet row (xlsx)."""

    path: str
    line: int = 0
    column: str = ""

    def __str__(self) -> str:
        if self.column:
            return f"{self.path}:{self.line}:{self.column}"
        return f"{self.path}:{self.line}" if self.line else self.path


@dataclass(frozen=True)
class Rule:
    code: str
    severity: Severity
    title: str
    hint: str
    example: str = ""


@dataclass(frozen=True, order=True)
class Problem:
    path: str
    line: int
    code: str
    message: str
    hint: str = field(default="", compare=False)
    severity: Severity = field(default=Severity.ERROR, compare=False)
    dispositif: str = field(default="", compare=False)

    def format(self) -> str:
        where = f"{self.path}:{self.line}" if self.line else self.path
        text = f"{where}: {self.code} {self.message}"
        if self.hint:
            text += f" — {self.hint}"
        return text

    def as_dict(self) -> dict:
        return {
            "path": self.path,
            "line": self.line,
            "code": self.code,
            "severity": self.severity.value,
            "message": self.message,
            "hint": self.hint,
            "dispositif": self.dispositif,
        }


RULES: dict[str, Rule] = {}


def rule(code: str, severity: Severity, title: str, hint: str, example: str = "") -> Rule:
    """Declare a rule; codes are stable and never reused."""
    if code in RULES:
        raise ValueError(f"rule {code} declared twice")
    r = Rule(code, severity, title, hint, example)
    RULES[code] = r
    return r


def problem(r: Rule, src: Source | None, message: str, hint: str | None = None,
            dispositif: str = "") -> Problem:
    src = src or Source("?")
    return Problem(src.path, src.line, r.code, message,
                   r.hint if hint is None else hint, r.severity, dispositif)


# --- loading and structure -------------------------------------------------------------
YAML_SYNTAX = rule("YAML-SYNTAX", Severity.ERROR, "YAML syntax error",
                   "fix the indentation or quoting at that line (quote text containing ': ' or starting with '[', '{', '*', '&')")
YAML_DUPKEY = rule("YAML-DUPKEY", Severity.ERROR, "Key repeated in a YAML mapping",
                   "remove or rename one of the two keys")
CSV_FORMAT = rule("CSV-FORMAT", Severity.ERROR, "Malformed CSV table",
                  "use ';' as separator, UTF-8, one header row and the same number of cells on every row")
FILE_MISSING = rule("FILE-MISSING", Severity.ERROR, "Required corpus file missing",
                    "run segur in the folder holding requirements/ and matrices/, or pass --root")
SCHEMA = rule("SCHEMA", Severity.ERROR, "Value does not match the file's JSON Schema",
              "see docs/data-format.md for the expected fields and values")

# --- identifiers -----------------------------------------------------------------------
ID_DUP = rule("ID-DUP", Severity.ERROR, "Identifier defined twice",
              "give each requirement, scenario and proof a unique id")
ID_FORMAT = rule("ID-FORMAT", Severity.ERROR, "Malformed identifier",
                 "use <PREFIXE>.<SECTION>.<nn> (socle: SC.<SECTION>.<nn>), e.g. LGC.DMP.01")
ID_SOCLE_RESERVED = rule("ID-SOCLE-RESERVED", Severity.ERROR, "'SC.' used outside a socle file",
                         "'SC.' is reserved to socle requirements: pick the socle requirement (socle: - id: …) or use the dispositif's prefix")
ID_PREFIX = rule("ID-PREFIX", Severity.ERROR, "Requirement prefix does not match the dispositif",
                 "start the id with the dispositif's prefixe from programme.yaml")
ID_PLACEHOLDER = rule("ID-PLACEHOLDER", Severity.ERROR, "Placeholder number in an identifier",
                      "replace XX by the next free number of the section")
ID_WHITESPACE = rule("ID-WHITESPACE", Severity.ERROR, "Whitespace in an identifier",
                     "remove the spaces (often a trailing space pasted from Excel)")
ID_SECTION = rule("ID-SECTION", Severity.ERROR, "Identifier section differs from the requirement's section",
                  "make the section part of the id equal to the `section` field, or move the requirement")
SCN_ID = rule("SCN-ID", Severity.ERROR, "Scenario or proof id does not extend its parent id",
              "number scenarios <requirement id>.<nn> and proofs <scenario id>.<nn>")

# --- content ---------------------------------------------------------------------------
NATURE_VERB = rule("NATURE-VERB", Severity.ERROR, "Nature disagrees with DOIT/PEUT in the text",
                   "an Exigence says DOIT; a Préconisation says PEUT (and not DOIT): fix the nature or the text")
TEXT_WHITESPACE = rule("TEXT-WHITESPACE", Severity.WARNING, "Stray whitespace or HTML in a text",
                       "remove leading/trailing spaces, non-breaking spaces and HTML tags or entities")

# --- references ------------------------------------------------------------------------
REF_PROFILE = rule("REF-PROFILE", Severity.ERROR, "Profile not defined by the dispositif",
                   "use a profile listed under the dispositif's `profils` in programme.yaml, or add it there")
REF_REFERENTIEL = rule("REF-REFERENTIEL", Severity.ERROR, "Unknown référentiel code",
                       "use a code defined in requirements/referentiels.yaml, or add the référentiel there")
REF_REFERENTIEL_LIST = rule("REF-REFERENTIEL-LIST", Severity.WARNING,
                            "Référentiel cited in the text but not listed (or listed but not cited)",
                            "keep `referentiels` equal to the bracket codes cited in the énoncé")
REF_SECTION = rule("REF-SECTION", Severity.ERROR, "Section not declared",
                   "declare the section code under `sections` of the same file")
REF_SOCLE = rule("REF-SOCLE", Severity.ERROR, "Picked socle requirement does not exist",
                 "pick an id that exists in requirements/socles/ (without 'SC.')")
REF_SOCLE_UNLISTED = rule("REF-SOCLE-UNLISTED", Severity.ERROR, "Socle not declared by the dispositif",
                          "add the socle to the dispositif's `socles` in programme.yaml")
REF_SOCLE_OBSOLETE = rule("REF-SOCLE-OBSOLETE", Severity.ERROR, "Picked socle requirement is Obsolète",
                          "pick the requirement that replaces it, or remove the pick")
REF_SOCLE_VAGUE = rule("REF-SOCLE-VAGUE", Severity.ERROR, "Socle requirement not available in this vague",
                       "pick a requirement whose `vagues` include the dispositif's vague")
REF_DISPOSITIF = rule("REF-DISPOSITIF", Severity.ERROR, "Unknown or misplaced dispositif",
                      "declare the dispositif in programme.yaml and keep its file under requirements/<vague>/<id>.yaml")
REF_DISPOSITIF_FILE = rule("REF-DISPOSITIF-FILE", Severity.WARNING, "Dispositif has no requirement file",
                           "create requirements/<vague>/<dispositif>.yaml")
REF_PROGRAMME = rule("REF-PROGRAMME", Severity.ERROR, "Unknown vague, couloir, socle or profession in programme.yaml",
                     "use a code declared in programme.yaml, referentiels.yaml or matrices/professions.csv")
REF_DOCTYPE = rule("REF-DOCTYPE", Severity.ERROR, "Unknown document type",
                   "use a typeCode listed in matrices/document_types.csv")
REF_PROFESSION = rule("REF-PROFESSION", Severity.ERROR, "Unknown profession or group",
                      "use a code of matrices/professions.csv that belongs to one group of profession_groups.csv")
REF_SERVICE = rule("REF-SERVICE", Severity.ERROR, "Unknown service code in a scope",
                   "declare the service under `services` of the scope file")

# --- évolution vs previous vague -------------------------------------------------------
STATUT_MISSING = rule("STATUT-MISSING", Severity.ERROR, "Statut missing for a dispositif with a previous vague",
                      "state statut: Nouvelle, Modifiée, Inchangée or Obsolète")
STATUT_NO_PREVIOUS = rule("STATUT-NO-PREVIOUS", Severity.ERROR,
                          "Statut refers to a previous vague the dispositif does not have",
                          "use statut Nouvelle (or set `precedent` on the dispositif in programme.yaml)")
STATUT_NEW_WITH_PREVIOUS = rule("STATUT-NEW-WITH-PREVIOUS", Severity.ERROR, "Nouvelle requirement has an id_precedent",
                                "remove id_precedent, or set statut to Inchangée/Modifiée")
STATUT_PREVIOUS_MISSING = rule("STATUT-PREVIOUS-MISSING", Severity.ERROR,
                               "id_precedent missing or not found in the previous vague",
                               "give the id the requirement had in the previous vague's REM")
STATUT_UNCHANGED_DIFFERS = rule("STATUT-UNCHANGED-DIFFERS", Severity.ERROR,
                                "Inchangée requirement whose text differs from the previous vague",
                                "set statut: Modifiée, or restore the previous text")
STATUT_MODIFIED_SAME = rule("STATUT-MODIFIED-SAME", Severity.ERROR,
                            "Modifiée requirement whose text equals the previous vague",
                            "set statut: Inchangée")
STATUT_PREVIOUS_TWICE = rule("STATUT-PREVIOUS-TWICE", Severity.ERROR,
                             "Two requirements claim the same previous requirement",
                             "keep one successor per previous requirement (mark the other Nouvelle)")
STATUT_OBSOLETE_ACTIVE = rule("STATUT-OBSOLETE-ACTIVE", Severity.ERROR,
                              "Obsolète requirement is still carried by another requirement",
                              "remove the Obsolète record or the successor")
STATUT_DROPPED = rule("STATUT-DROPPED", Severity.WARNING,
                      "Requirement of the previous vague neither carried nor marked Obsolète",
                      "carry it (id_precedent) or add a record with statut: Obsolète")

# --- habilitation matrix and scopes ----------------------------------------------------
MATRIX_GROUP = rule("MATRIX-GROUP", Severity.ERROR, "Habilitation columns differ from the profession groups",
                    "make the columns of habilitation.csv exactly the groups of profession_groups.csv")
MATRIX_CELL = rule("MATRIX-CELL", Severity.ERROR, "Habilitation cell is neither X nor empty",
                   "write X where the group may consult the type, nothing otherwise")
MATRIX_ROW = rule("MATRIX-ROW", Severity.ERROR, "Document type missing from or repeated in the matrix",
                  "give every document type of document_types.csv exactly one row in habilitation.csv")
SCOPE_HABILITATION = rule("SCOPE-HABILITATION", Severity.ERROR,
                          "Scope lets a profession consult a document type the matrix forbids",
                          "remove the type from documents_consultes, or change the habilitation matrix")
SCOPE_PROFESSION = rule("SCOPE-PROFESSION", Severity.WARNING, "Scoped profession not concerned by the dispositif",
                        "add the profession to the dispositif's `professions` in programme.yaml")

# --- AF terms --------------------------------------------------------------------------
AF_TTC = rule("AF-TTC", Severity.ERROR, "TTC is not HT × (1 + TVA)",
              "recompute TTC = HT × 1.20 rounded to the cent (or set arrondi_ttc: euro if the arrêté rounds to the euro)")
AF_TTC_ROUNDED = rule("AF-TTC-ROUNDED", Severity.WARNING, "TTC rounded to the euro",
                      "the arrêté rounds this amount to the euro; check it is the published figure")
AF_MILESTONE_ORDER = rule("AF-MILESTONE-ORDER", Severity.ERROR, "Milestones not in chronological order",
                          "list milestones by date and time, or fix the date")
AF_BANDS = rule("AF-BANDS", Severity.ERROR, "Price bands overlap or leave a gap",
                "make each band start right after the previous one ends")
AF_DATE = rule("AF-DATE", Severity.ERROR, "Invalid date or time",
               "write dates as YYYY-MM-DD and times as HH:MM")

# --- concertation (comments on draft REMs, docs/concertation.md) ----------------------
CONC_ITERATION = rule("CONC-ITERATION", Severity.ERROR,
                      "Concertation file in the wrong iteration folder, or grid of another iteration",
                      "keep concertation/<ITn>/comments.yaml with `iteration: ITn`, and import a grid with the --iteration it was exported for")
CONC_UNKNOWN_ID = rule("CONC-UNKNOWN-ID", Severity.ERROR,
                       "Comment on a requirement or dispositif that is not in that iteration's grid",
                       "fix the exigence/dispositif of the comment (or of the grid row) to an id sent out in that iteration")
CONC_NO_ANSWER = rule("CONC-NO-ANSWER", Severity.ERROR, "Closed comment without an answer",
                      "write the answer in `reponse`, or set statut back to « à traiter »")
CONC_ID = rule("CONC-ID", Severity.WARNING, "Comment id does not match its organisation, requirement and text",
               "keep reviewers' comments as imported (re-importing the grid would add the edited comment again); answer in `reponse`")
CONC_GRID = rule("CONC-GRID", Severity.ERROR, "Concertation grid cannot be read: nothing recorded from it",
                 "return the grid as exported (xlsx, header row with « ID Exigence » and « Remarques », organisation filled in)")
CONC_PROTECTED = rule("CONC-PROTECTED", Severity.WARNING,
                      "Protected column edited in a returned grid (recorded as a proposal, not applied)",
                      "answer the proposition in comments.yaml; apply it to the requirement file yourself if accepted")
CONC_DUPLICATE = rule("CONC-DUPLICATE", Severity.WARNING, "Comment already recorded (grid imported twice?)",
                      "nothing to do: the comment is kept once")
