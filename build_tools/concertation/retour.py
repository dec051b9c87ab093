"""`segur concertation retour`: after an iteration, one workbook per organisation with each
of its comments, the authors' answer and status — what ANS sends back to each reviewer.

Written with XlsxWriter (strings only), byte-reproducible (the workbook's date is the
latest comment's), into a temporary folder that replaces the output folder only when
every workbook was written and read back with openpyxl.
"""
from __future__ import annotations

import datetime as dt
import hashlib
import re
import shutil
import unicodedata
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

import openpyxl
import xlsxwriter

from ..model import Corpus
from ..worddiff import word_diff
from . import STATUTS
from .records import Comment

SHEET = "Retour"
HEADER_ROW = 4                      # 0-based: Excel row 5
COLUMNS = (("REM", 18), ("ID Exigence", 20), ("Énoncé envoyé", 55), ("Origine", 12), ("Type", 12),
           ("Commentaire", 60), ("Date", 11), ("Statut", 18), ("Réponse des auteurs", 60))


class RetourError(Exception):
    pass


def slug(name: str) -> str:
    text = unicodedata.normalize("NFKD", name)
    text = "".join(c for c in text if not unicodedata.combining(c))
    return re.sub(r"[^A-Za-z0-9]+", "-", text).strip("-")[:60] or "organisation"


def file_names(organisations: list[str], iteration: str) -> dict[str, str]:
    """Organisation -> file name; names whose slugs collide get a short hash."""
    slugs = Counter(slug(o).lower() for o in organisations)
    out = {}
    for o in organisations:
        s = slug(o)
        if slugs[s.lower()] > 1:
            s += "-" + hashlib.sha1(o.encode("utf-8")).hexdigest()[:6]
        out[o] = f"Retour-{iteration}-{s}.xlsx"
    return out


def _sent_text(corpus: Corpus, c: Comment) -> str:
    it = corpus.comments.get(c.iteration)
    snap = ((it.snapshot or {}).get(c.dispositif) or {}) if it else {}
    row = (snap.get("exigences") or {}).get(c.exigence) or (snap.get("supprimees") or {}).get(c.exigence)
    if row:
        return row.get("enonce") or row.get("ancien") or ""
    d = corpus.dispositifs.get(c.dispositif)
    r = next((r for r in (d.rem if d else ()) if r.id == c.exigence), None)
    return r.enonce if r else ""


def _write(path: Path, corpus: Corpus, iteration: str, org: str, comments: list[Comment]) -> None:
    created = max(dt.datetime.strptime(c.date, "%Y-%m-%d") for c in comments)
    wb = xlsxwriter.Workbook(str(path), {"strings_to_numbers": False, "strings_to_formulas": False,
                                         "strings_to_urls": False})
    wb.set_properties({"title": f"Retour de concertation {iteration} — {org}", "author": "segur-spec",
                       "created": created})
    wb.set_custom_property("segur_iteration", iteration)
    ws = wb.add_worksheet(SHEET)
    base = {"text_wrap": True, "valign": "top", "font_size": 10}
    cell = wb.add_format(base)
    title = wb.add_format({"bold": True, "font_size": 12})
    header = wb.add_format({**base, "bold": True, "bg_color": "#1F4E79", "font_color": "#FFFFFF", "border": 1})
    removed = wb.add_format({"font_strikeout": True, "font_color": "#A4161A", "font_size": 10})
    added = wb.add_format({"underline": 1, "font_color": "#1B5E20", "font_size": 10})
    counts = Counter(c.statut for c in comments)
    ws.write_string(0, 0, f"Retour de concertation {iteration} — {org}", title)
    ws.write_string(1, 0, f"{len(comments)} commentaire(s) : " + ", ".join(f"{s} {counts[s]}" for s in STATUTS if counts[s]))
    ws.write_string(2, 0, "Pour chaque commentaire reçu de votre organisation : la réponse des auteurs et son statut.")
    for col, (label, width) in enumerate(COLUMNS):
        ws.write_string(HEADER_ROW, col, label, header)
        ws.set_column(col, col, width)
    for i, c in enumerate(comments, start=HEADER_ROW + 1):
        values = [c.dispositif, c.exigence, _sent_text(corpus, c), "site" if c.annotation else "grille",
                  c.type + (" (réponse)" if c.reponse_a else ""), None, c.date, c.statut, c.reponse]
        for col, v in enumerate(values):
            if col == 5:
                _comment_cell(ws, i, col, c, cell, removed, added)
            elif v:
                ws.write_string(i, col, str(v), cell)
            else:
                ws.write_blank(i, col, None, cell)
    ws.autofilter(HEADER_ROW, 0, HEADER_ROW + len(comments), len(COLUMNS) - 1)
    ws.freeze_panes(HEADER_ROW + 1, 2)
    ws.set_landscape()
    ws.fit_to_pages(1, 0)
    ws.repeat_rows(HEADER_ROW)
    wb.close()


def _comment_cell(ws, row: int, col: int, c: Comment, cell, removed, added) -> None:
    """The comment's text; a proposal as a word-level diff (struck-out / underlined words)."""
    if c.type != "proposition":
        text = (f"« {c.citation} »\n" if c.citation else "") + c.texte
        ws.write_string(row, col, text, cell)
        return
    parts = [f"Proposition sur « {c.colonne} » : "]
    for seg in word_diff(c.actuel, c.propose):
        if seg.op == "=":
            parts.append(seg.text)
        else:
            parts += [removed if seg.op == "-" else added, seg.text]
    if len(parts) < 3:      # write_rich_string needs at least one formatted fragment
        ws.write_string(row, col, "".join(parts) or c.texte, cell)
    else:
        ws.write_rich_string(row, col, *parts, cell)


def _verify(path: Path, org: str, comments: list[Comment]) -> None:
    wb = openpyxl.load_workbook(path, read_only=True)
    try:
        ws = wb[SHEET]
        rows = [r for r in ws.iter_rows(min_row=HEADER_ROW + 2, values_only=True) if any(v is not None for v in r)]
        got = [(r[1], r[7]) for r in rows]
        want = [(c.exigence, c.statut) for c in comments]
        if got != want or org not in str(ws.cell(1, 1).value):
            raise RetourError(f"{path.name} relu : le contenu diffère de ce qui a été écrit")
    finally:
        wb.close()


@dataclass
class RetourResult:
    out: Path
    files: dict[str, Path]         # organisation -> workbook
    comments: int


def write_retours(corpus: Corpus, iteration: str, out: Path) -> RetourResult:
    it = corpus.comments.get(iteration)
    comments = list(it.comments) if it else []
    if not comments:
        raise RetourError(f"aucun commentaire enregistré pour {iteration} (concertation/{iteration}/comments.yaml)")
    by_org: dict[str, list[Comment]] = {}
    for c in sorted(comments, key=lambda c: (c.organisation, c.dispositif, c.exigence, c.date, c.id)):
        by_org.setdefault(c.organisation, []).append(c)
    names = file_names(list(by_org), iteration)
    if out.exists() and (not out.is_dir() or any(not re.fullmatch(r"Retour-.+\.xlsx", f.name) for f in out.iterdir())):
        raise RetourError(f"{out} contient d'autres fichiers que des retours : choisissez un dossier dédié (--out)")
    tmp = out.with_name(f".{out.name}.tmp")
    shutil.rmtree(tmp, ignore_errors=True)
    tmp.mkdir(parents=True)
    try:
        for org, items in by_org.items():
            path = tmp / names[org]
            _write(path, corpus, iteration, org, items)
            _verify(path, org, items)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    shutil.rmtree(out, ignore_errors=True)
    tmp.replace(out)
    return RetourResult(out, {org: out / names[org] for org in by_org}, len(comments))
