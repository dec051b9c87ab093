"""REM-<dispositif>-convergence.xlsx: ANS's Convergence export (the layout vendors load in
the referencing platform), one row per proof, for every dispositif.

As ANS's Convergence writer fills it: ANS numbers in *ID*, *N° scénario* and *N° preuve*
(see `rem_rows.ans_number`), *Chapitre* the bloc, *Ordre* the requirement's rank in the
REM; *Commentaire* and *Profil historique* are empty (ANS's tool keeps them). A scenario
without proof still gets its row. Locked like the published REM.
"""
from __future__ import annotations

from ..model import Dispositif
from ..rem_rows import CONVERGENCE_COLUMNS, item_number, perimetre, requirement_number
from . import Artifact, PublishContext, dispositif_dir, writer
from .rem_style import Styles, mark_workbook, open_workbook, protect, set_paper, write_table

WIDTHS = [10, 14, 24, 24, 60, 16, 14, 14, 48, 16, 40, 12, 11, 8]


def convergence_rows(d: Dispositif) -> list[list[str]]:
    rows = []
    for order, r in enumerate(d.rem, start=1):
        head = [perimetre(d), requirement_number(r), r.bloc, r.fonction, r.enonce, "", ", ".join(r.profils)]
        tail = ["", r.criticite, str(order)]
        for s in r.scenarios:
            scen = [item_number(r, s.id), s.texte]
            for p in s.preuves or [None]:
                proof = [item_number(r, p.id), p.texte] if p else ["", ""]
                rows.append(head + scen + proof + tail)
    return rows


def write_convergence_workbook(d: Dispositif, path, marks: tuple = ()) -> None:
    wb = open_workbook(path, d, f"REM-{d.id} (Convergence)")
    st = Styles(wb)
    ws = wb.add_worksheet("Exigences")
    n = write_table(ws, st, CONVERGENCE_COLUMNS, convergence_rows(d), WIDTHS)
    set_paper(ws, d, f"REM-{d.id} (Convergence)", n, len(CONVERGENCE_COLUMNS) - 1)
    protect(ws)
    if marks:
        mark_workbook(wb, st, marks)
    wb.close()


@writer("rem-convergence", "REM-<dispositif>-convergence.xlsx in ANS's Convergence export layout")
def write_rem_convergence(ctx: PublishContext) -> list[Artifact]:
    out = []
    for d in ctx.corpus.dispositifs.values():
        folder = dispositif_dir(d)
        (ctx.out / folder).mkdir(parents=True, exist_ok=True)
        name = f"{folder}/REM-{d.id}-convergence.xlsx"
        write_convergence_workbook(d, ctx.out / name, ctx.marks)
        out.append(Artifact(name, "rem-convergence", d.id, d.vague))
    return out
