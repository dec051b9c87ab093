"""REM-<dispositif>-prepublication.xlsx: ANS's prépublication layout (its template's 41
columns in order), written for the dispositifs not yet published.

As ANS's writer fills it: *ID*, *N° scénario* and *N° preuve* carry ANS's number (the
reference without its SC/CH/three-letter prefix, a socle pick as it is), *Chapitre* the
bloc, *Nature* EXIGENCE/PRECONISATION; the internal columns hold the full references
(*référence exigence*, *référence cas de test*, *référence exigence socle*), the
dispositif (*Rem Ségur*) and the note when the data has one; *bon pour publication* and
*points de vérification* stay empty (they belong to ANS's tool). Not locked: ANS leaves
its prépublication files open.
"""
from __future__ import annotations

from ..model import Dispositif, RemRequirement
from ..rem_rows import (MAX_PROOFS, NATURE_OUT, PREPUB_COLUMNS, item_number, perimetre,
                        requirement_number)
from . import Artifact, PublishContext, dispositif_dir, writer
from .rem_style import Styles, last_used_column, mark_workbook, open_workbook, set_paper, write_table

PUBLISHED = "publiée"
WIDTHS = [10, 14, 22, 22, 60, 20, 14, 14, 14, 48] + [13, 30] * MAX_PROOFS + [14, 14, 11, 8, 12, 18, 18, 18, 20, 30, 16]
FIRST_PROOF_COL = 10


def requirement_rows(d: Dispositif, r: RemRequirement, order: int) -> list[list[str]]:
    head = [perimetre(d), requirement_number(r), r.bloc, r.fonction, r.enonce, "", NATURE_OUT[r.nature],
            ", ".join(r.profils)]
    tail = [r.statut, r.id_precedent or "", r.criticite, str(order), ""]
    rows = []
    for s in r.scenarios or ():
        proofs: list[str] = []
        for p in s.preuves:
            proofs += [item_number(r, p.id), p.texte]
        proofs += [""] * (2 * MAX_PROOFS - len(proofs))
        rows.append(head + [item_number(r, s.id), s.texte] + proofs + tail
                    + [r.id, s.id, r.base.id if r.socle else "", "", r.base.note or "", d.id])
    return rows


def prepub_rows(d: Dispositif) -> list[list[str]]:
    return [row for i, r in enumerate(d.rem, start=1) for row in requirement_rows(d, r, i)]


def write_prepub_workbook(d: Dispositif, path, marks: tuple = ()) -> None:
    wb = open_workbook(path, d, f"REM-{d.id} (prépublication)")
    st = Styles(wb)
    rows = prepub_rows(d)
    ws = wb.add_worksheet("Exigences")
    n = write_table(ws, st, PREPUB_COLUMNS, rows, WIDTHS,
                    [(PREPUB_COLUMNS.index("Nature de l'exigence"), tuple(NATURE_OUT.values()))])
    last = last_used_column([r[:FIRST_PROOF_COL + 2 * MAX_PROOFS] for r in rows], FIRST_PROOF_COL - 1)
    set_paper(ws, d, f"REM-{d.id} (prépublication)", n, last)
    if marks:
        mark_workbook(wb, st, marks)
    wb.close()


@writer("rem-prepub", "REM-<dispositif>-prepublication.xlsx in ANS's prépublication layout (not yet published)")
def write_rem_prepub(ctx: PublishContext) -> list[Artifact]:
    out = []
    for d in ctx.corpus.dispositifs.values():
        if d.statut_publication == PUBLISHED:
            continue
        folder = dispositif_dir(d)
        (ctx.out / folder).mkdir(parents=True, exist_ok=True)
        name = f"{folder}/REM-{d.id}-prepublication.xlsx"
        write_prepub_workbook(d, ctx.out / name, ctx.marks)
        out.append(Artifact(name, "rem-prepublication", d.id, d.vague))
    return out
