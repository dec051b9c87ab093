"""REM-<dispositif>.xlsx in the layout ANS publishes, plus the sheets an author needs back.

Sheets: `Exigences` (exactly the official columns, one row per scenario), `Profils`,
`Référentiels` (cited bracket codes), `Évolutions` (statut vs the previous vague),
`Compléments` (criticité, origin, référentiels: what the official columns do not carry, so
that importing the published file back is lossless) and `Métadonnées`.
Every cell is written as text (never a formula); the workbook date is the dispositif's
date, so the same data gives the same bytes. Look, paper and lock: `rem_style.py` (sheets
protected without a password, sorting and filtering allowed, as ANS's writer locks them).
*Exigence conditionnelle* is derived from the profile and shown, not offered as a choice.
"""
from __future__ import annotations

from ..model import Corpus, Dispositif
from ..rem_rows import MAX_PROOFS, NATURE_OUT, REM_COLUMNS, previous_of, rem_rows
from . import Artifact, PublishContext, dispositif_dir, writer
from .rem_style import Styles, last_used_column, mark_workbook, open_workbook, protect, set_paper, write_table

SHEET_REM = "Exigences"
SHEET_PROFILES = "Profils"
SHEET_REFS = "Référentiels"
SHEET_EVOL = "Évolutions"
SHEET_EXTRA = "Compléments"
SHEET_META = "Métadonnées"

EVOL_COLUMNS = ["N° exigence", "Statut", "N° exigence vague précédente", "Énoncé vague précédente",
                "Énoncé de l'exigence"]
EXTRA_COLUMNS = ["N° exigence", "Criticité", "Origine", "Référentiels cités", "Profil", "Exigence conditionnelle OUI/NON"]
META_KEYS = ["Dispositif", "Titre", "Vague", "Couloir", "Type de logiciel", "Version", "Statut de publication",
             "Date", "Dispositif précédent", "Empreinte sha256 des données sources", "Générateur"]

# widths (characters) of the official columns: narrow enough for a readable page width
WIDTHS = [14, 14, 10, 18, 18, 18, 14, 14, 60, 14, 48] + [13, 30] * MAX_PROOFS
FIRST_PROOF_COL = 11


def referenced_codes(d: Dispositif) -> list[str]:
    return sorted({code for r in d.rem for code in r.referentiels})


def _side_sheet(wb, st, name, columns, rows, widths, validations=(), d=None, locked=True):
    ws = wb.add_worksheet(name)
    n = write_table(ws, st, columns, rows, widths, validations)
    set_paper(ws, d, f"REM-{d.id} — {name}", n, len(columns) - 1)
    if locked:
        protect(ws)
    return ws


def write_rem_workbook(corpus: Corpus, d: Dispositif, path, marks: tuple = ()) -> None:
    wb = open_workbook(path, d, f"REM-{d.id}")
    st = Styles(wb)
    rows = rem_rows(d)
    ws = wb.add_worksheet(SHEET_REM)
    validations = [(REM_COLUMNS.index("Nature de l'exigence"), tuple(NATURE_OUT.values()))]
    if all(len(r.profils) == 1 for r in d.rem):
        validations.append((REM_COLUMNS.index("Profil"), d.profile_names))
    n = write_table(ws, st, REM_COLUMNS, rows, WIDTHS, validations)
    set_paper(ws, d, f"REM-{d.id}", n, last_used_column(rows, FIRST_PROOF_COL - 1))
    protect(ws)

    _side_sheet(wb, st, SHEET_PROFILES, ["Profil", "Description"], [[p.nom, p.description] for p in d.profils],
                [30, 80], d=d)
    refs = [corpus.referentiels[c] for c in referenced_codes(d) if c in corpus.referentiels]
    _side_sheet(wb, st, SHEET_REFS, ["Code", "Titre", "Version", "Émetteur", "URL"],
                [[f"[{r.code}]", r.titre, r.version, r.emetteur, r.url] for r in refs], [12, 70, 10, 28, 50], d=d)
    prev = previous_of(corpus, d)
    evol = []
    for r in d.rem + d.obsoletes:
        old = prev.get(r.id_precedent or "")
        evol.append([r.id, r.statut, r.id_precedent or "", old.enonce if old else "",
                     r.enonce if r.statut != "Obsolète" else ""])
    _side_sheet(wb, st, SHEET_EVOL, EVOL_COLUMNS, evol, [18, 12, 18, 70, 70],
                [(1, ("Nouvelle", "Modifiée", "Inchangée", "Obsolète"))], d=d)
    extra = [[r.id, r.criticite, f"Socle {r.socle}" if r.socle else "Spécifique", ", ".join(r.referentiels),
              ", ".join(r.profils), "OUI" if r.conditionnelle else "NON"] for r in d.rem]
    _side_sheet(wb, st, SHEET_EXTRA, EXTRA_COLUMNS, extra, [18, 12, 16, 30, 30, 14], [(1, ("Majeure", "Mineure"))], d=d)

    couloir = corpus.couloirs.get(d.couloir)
    values = [d.id, d.titre, d.vague, couloir.libelle if couloir else d.couloir, d.type_libelle, d.version,
              d.statut_publication, d.date, d.precedent or "", d.source_sha256, "segur-spec"]
    ws = wb.add_worksheet(SHEET_META)
    for i, (k, v) in enumerate(zip(META_KEYS, values)):
        ws.write_string(i, 0, k, st.head)
        ws.write_string(i, 1, v, st.body)
    ws.set_column(0, 0, 36)
    ws.set_column(1, 1, 70)
    set_paper(ws, d, f"REM-{d.id} — {SHEET_META}", len(values) - 1, 1)
    protect(ws)
    if marks:
        mark_workbook(wb, st, marks)
    wb.worksheets()[0].activate()
    wb.close()


@writer("rem-xlsx", "REM-<dispositif>.xlsx in ANS's published layout")
def write_rem_xlsx(ctx: PublishContext) -> list[Artifact]:
    out = []
    for d in ctx.corpus.dispositifs.values():
        folder = dispositif_dir(d)
        (ctx.out / folder).mkdir(parents=True, exist_ok=True)
        name = f"{folder}/REM-{d.id}.xlsx"
        write_rem_workbook(ctx.corpus, d, ctx.out / name, ctx.marks)
        out.append(Artifact(name, "rem", d.id, d.vague))
    return out
