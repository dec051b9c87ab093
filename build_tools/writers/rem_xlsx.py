"""REM-<dispositif>.xlsx in the layout ANS publishes, plus the sheets an author needs back.

Sheets: `Exigences` (exactly the official columns, one row per scenario), `Profils`,
`Référentiels` (cited bracket codes), `Évolutions` (statut vs the previous vague),
`Compléments` (criticité, origin, référentiels: what the official columns do not carry, so
that importing the published file back is lossless) and `Métadonnées`.
Every cell is written as text (never a formula); the workbook date is the dispositif's
date, so the same data gives the same bytes.
"""
from __future__ import annotations

from datetime import datetime

import xlsxwriter

from ..model import Corpus, Dispositif
from ..rem_rows import MAX_PROOFS, NATURE_OUT, REM_COLUMNS, previous_of, rem_rows
from . import Artifact, PublishContext, dispositif_dir, writer

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

# widths (characters) of the official columns
WIDTHS = {0: 12, 1: 18, 2: 12, 3: 28, 4: 26, 5: 26, 6: 14, 7: 16, 8: 70, 9: 18, 10: 60}


def referenced_codes(d: Dispositif) -> list[str]:
    return sorted({code for r in d.rem for code in r.referentiels})


def write_rem_workbook(corpus: Corpus, d: Dispositif, path) -> None:
    wb = xlsxwriter.Workbook(str(path), {"strings_to_formulas": False, "strings_to_urls": False,
                                         "strings_to_numbers": False})
    created = datetime.strptime(d.date, "%Y-%m-%d")
    wb.set_properties({"title": f"REM-{d.id}", "subject": d.titre, "author": "segur-spec",
                       "company": "Ségur numérique", "created": created,
                       "comments": f"version {d.version} ({d.statut_publication})"})
    head = wb.add_format({"bold": True, "text_wrap": True, "valign": "top", "bg_color": "#DCE6F1", "border": 1})
    wrap = wb.add_format({"text_wrap": True, "valign": "top"})

    def table(ws, columns, rows, widths=None, validations=()):
        for c, name in enumerate(columns):
            ws.write_string(0, c, name, head)
            ws.set_column(c, c, (widths or {}).get(c, 18), wrap)
        for r, row in enumerate(rows, start=1):
            for c, value in enumerate(row):
                if value:
                    ws.write_string(r, c, value)
        last = max(len(rows), 1)
        ws.freeze_panes(1, 0)
        ws.autofilter(0, 0, last, len(columns) - 1)
        for col, values in validations:
            ws.data_validation(1, col, max(last, 1000), col, {
                "validate": "list", "source": list(values), "error_title": "Valeur non autorisée",
                "error_message": "Choisir une valeur de la liste : " + ", ".join(values)})

    rows = rem_rows(d)
    ws = wb.add_worksheet(SHEET_REM)
    profile_col = REM_COLUMNS.index("Profil")
    validations = [(REM_COLUMNS.index("Exigence conditionnelle OUI/NON"), ("OUI", "NON")),
                   (REM_COLUMNS.index("Nature de l'exigence"), tuple(NATURE_OUT.values()))]
    if all(len(r.profils) == 1 for r in d.rem):
        validations.append((profile_col, d.profile_names))
    widths = dict(WIDTHS)
    widths.update({11 + 2 * i: 18 for i in range(MAX_PROOFS)})
    widths.update({12 + 2 * i: 40 for i in range(MAX_PROOFS)})
    table(ws, REM_COLUMNS, rows, widths, validations)

    ws = wb.add_worksheet(SHEET_PROFILES)
    table(ws, ["Profil", "Description"], [[p.nom, p.description] for p in d.profils], {0: 30, 1: 80})

    ws = wb.add_worksheet(SHEET_REFS)
    refs = [corpus.referentiels[c] for c in referenced_codes(d) if c in corpus.referentiels]
    table(ws, ["Code", "Titre", "Version", "Émetteur", "URL"],
          [[f"[{r.code}]", r.titre, r.version, r.emetteur, r.url] for r in refs], {0: 12, 1: 70, 2: 10, 3: 28, 4: 50})

    ws = wb.add_worksheet(SHEET_EVOL)
    prev = previous_of(corpus, d)
    evol = []
    for r in d.rem + d.obsoletes:
        old = prev.get(r.id_precedent or "")
        evol.append([r.id, r.statut, r.id_precedent or "", old.enonce if old else "", r.enonce if r.statut != "Obsolète" else ""])
    table(ws, EVOL_COLUMNS, evol, {0: 18, 1: 12, 2: 18, 3: 70, 4: 70},
          [(1, ("Nouvelle", "Modifiée", "Inchangée", "Obsolète"))])

    ws = wb.add_worksheet(SHEET_EXTRA)
    extra = [[r.id, r.criticite, f"Socle {r.socle}" if r.socle else "Spécifique", ", ".join(r.referentiels),
              ", ".join(r.profils), "OUI" if r.conditionnelle else "NON"] for r in d.rem]
    table(ws, EXTRA_COLUMNS, extra, {0: 18, 1: 12, 2: 16, 3: 30, 4: 30, 5: 14}, [(1, ("Majeure", "Mineure"))])

    ws = wb.add_worksheet(SHEET_META)
    couloir = corpus.couloirs.get(d.couloir)
    values = [d.id, d.titre, d.vague, couloir.libelle if couloir else d.couloir, d.type_libelle, d.version,
              d.statut_publication, d.date, d.precedent or "", d.source_sha256, "segur-spec"]
    for i, (k, v) in enumerate(zip(META_KEYS, values)):
        ws.write_string(i, 0, k, head)
        ws.write_string(i, 1, v)
    ws.set_column(0, 0, 36)
    ws.set_column(1, 1, 70)
    wb.worksheets()[0].activate()
    wb.close()


@writer("rem-xlsx", "REM-<dispositif>.xlsx in ANS's published layout")
def write_rem_xlsx(ctx: PublishContext) -> list[Artifact]:
    out = []
    for d in ctx.corpus.dispositifs.values():
        folder = dispositif_dir(d)
        (ctx.out / folder).mkdir(parents=True, exist_ok=True)
        name = f"{folder}/REM-{d.id}.xlsx"
        write_rem_workbook(ctx.corpus, d, ctx.out / name)
        out.append(Artifact(name, "rem", d.id, d.vague))
    return out
