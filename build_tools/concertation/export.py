"""`segur concertation export`: one protected xlsx grid per dispositif, one grid for all
of them (REM column, as ANS sends it) + the snapshot.

Grids are written with XlsxWriter (strings only, never formulas) and are byte-reproducible:
the workbook's created date is the dispositif's date, XlsxWriter fixes the zip dates.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

import xlsxwriter

from ..model import Corpus
from .snapshot import COLUMNS, GridPlan, plan, write_snapshot

SHEET = "Concertation"
REVIEWER_LABELS = ("Organisation", "Contact (nom, courriel)", "Date (jj/mm/aaaa)")
HEADER_ROW = 6                       # 0-based: Excel row 7
WIDTHS = {"id": 20, "domaine": 22, "bloc": 22, "fonction": 22, "nature": 14, "evolution": 12,
          "commentaire": 24, "enonce": 60, "ancien": 50, "remarques": 55, "rem": 18}
NOTE = ("Écrivez vos remarques dans la colonne « Remarques » (une cellule par exigence) et "
        "renseignez l'organisation, le contact et la date ci-dessus. Les autres cellules sont "
        "protégées (sans mot de passe) : une modification d'énoncé y serait lue comme une "
        "proposition. Vous pouvez trier et filtrer les lignes.")


def default_dispositifs(corpus: Corpus) -> list[str]:
    """Drafts: every dispositif not yet published."""
    return [d.id for d in corpus.dispositifs.values() if d.statut_publication != "publiée"]


def grid_name(dispositif: str, iteration: str) -> str:
    return f"{dispositif}-{iteration}.xlsx"


def _created(date: str) -> dt.datetime:
    try:
        return dt.datetime.strptime(date, "%Y-%m-%d")
    except (TypeError, ValueError):
        return dt.datetime(2000, 1, 1)


def write_grid(p: GridPlan, path: Path) -> None:
    """One dispositif's grid."""
    d = p.dispositif
    _write(path, p.iteration, f"Grille de concertation {p.iteration} — REM {d.id} — {d.titre} "
                              f"(version {d.version} du {d.date})",
           p.headers, list(p.rows), _created(d.date),
           {"title": f"Concertation {p.iteration} — {d.id}", "subject": d.titre,
            "comments": f"segur concertation {p.iteration} {d.id}"}, d.id)


def combined_name(iteration: str) -> str:
    return f"Concertation-{iteration}-toutes-REM.xlsx"


def write_combined(plans: list[GridPlan], iteration: str, path: Path) -> None:
    """One grid for every REM of the iteration (as ANS sends it): the rows of each
    dispositif's grid one after the other, the REM column telling them apart."""
    headers = plans[0].headers
    refs = {p.headers[8] for p in plans}
    if len(refs) > 1:       # previous texts of different origins (iteration / vague)
        headers = headers[:8] + ["Ancien énoncé de l'exigence - itération ou vague précédente"] + headers[9:]
    rows = [r for p in plans for r in p.rows]
    ids = ", ".join(p.dispositif.id for p in plans)
    _write(path, iteration, f"Grille de concertation {iteration} — toutes les REM ({len(plans)} : {ids})",
           headers, rows, max(_created(p.dispositif.date) for p in plans),
           {"title": f"Concertation {iteration} — toutes les REM", "subject": ids,
            "comments": f"segur concertation {iteration} toutes les REM"}, "")


def _write(path: Path, iteration: str, title_text: str, headers: list[str], rows: list[dict],
           created: dt.datetime, props: dict, dispositif: str) -> None:
    wb = xlsxwriter.Workbook(str(path), {"strings_to_numbers": False, "strings_to_formulas": False,
                                         "strings_to_urls": False})
    wb.set_properties({**props, "author": "segur-spec", "created": created})
    wb.set_custom_property("segur_iteration", iteration)
    if dispositif:
        wb.set_custom_property("segur_dispositif", dispositif)
    ws = wb.add_worksheet(SHEET)
    base = {"text_wrap": True, "valign": "top", "font_size": 10}
    cell = wb.add_format(base)
    title = wb.add_format({"bold": True, "font_size": 12})
    label = wb.add_format({"bold": True, "valign": "top"})
    note = wb.add_format({"italic": True, "font_color": "#555555", "valign": "top"})
    entry = wb.add_format({"locked": False, "bg_color": "#FFF2CC", "border": 1, "num_format": "@",
                           "valign": "top"})
    header = wb.add_format({**base, "bold": True, "bg_color": "#1F4E79", "font_color": "#FFFFFF", "border": 1})
    remark = wb.add_format({**base, "locked": False, "bg_color": "#FFF2CC", "border": 1})
    removed = wb.add_format({**base, "font_color": "#808080"})

    ws.write_string(0, 0, title_text, title)
    for i, lab in enumerate(REVIEWER_LABELS, start=1):
        ws.write_string(i, 0, lab, label)
        ws.write_blank(i, 1, None, entry)
        ws.write_blank(i, 2, None, entry)
    ws.write_string(4, 0, NOTE, note)
    for c, text in enumerate(headers):
        ws.write_string(HEADER_ROW, c, text, header)
    keys = [k for k, _ in COLUMNS]
    for i, r in enumerate(rows, start=HEADER_ROW + 1):
        fmt = removed if r["removed"] else cell
        for c, k in enumerate(keys):
            if k == "remarques":
                ws.write_blank(i, c, None, remark)
            elif r.get(k):
                ws.write_string(i, c, str(r[k]), fmt)
            else:
                ws.write_blank(i, c, None, fmt)
    for c, k in enumerate(keys):
        ws.set_column(c, c, WIDTHS[k])
    ws.set_row(HEADER_ROW, 42)
    last = HEADER_ROW + max(len(rows), 1)
    ws.autofilter(HEADER_ROW, 0, last, len(keys) - 1)
    ws.freeze_panes(HEADER_ROW + 1, 1)
    ws.protect("", {"autofilter": True, "sort": True, "format_columns": True, "format_rows": True})
    ws.activate()
    wb.close()


@dataclass
class ExportResult:
    grids: list[Path]
    snapshot: Path
    rows: int
    combined: Path | None = None


def export(corpus: Corpus, iteration: str, out: Path, dispositifs: list[str] | None = None) -> ExportResult:
    """Write the grids into `out` and concertation/<iteration>/snapshot.json into the corpus."""
    ids = dispositifs or default_dispositifs(corpus)
    unknown = [i for i in ids if i not in corpus.dispositifs]
    if unknown:
        raise KeyError(f"dispositif(s) inconnu(s) : {', '.join(unknown)}")
    out.mkdir(parents=True, exist_ok=True)
    plans = [plan(corpus, did, iteration) for did in ids]
    grids = []
    for p in plans:
        path = out / grid_name(p.dispositif.id, iteration)
        tmp = path.with_name(path.name + ".tmp")
        write_grid(p, tmp)
        tmp.replace(path)
        grids.append(path)
    combined = None
    if len(plans) > 1:
        combined = out / combined_name(iteration)
        tmp = combined.with_name(combined.name + ".tmp")
        write_combined(plans, iteration, tmp)
        tmp.replace(combined)
    snap = write_snapshot(corpus, iteration, plans)
    return ExportResult(grids, snap, sum(len(p.rows) for p in plans), combined)
