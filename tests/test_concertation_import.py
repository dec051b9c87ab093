"""`segur concertation import` at its edges, with the messages, lines and records written by
hand: a grid with a padded remark, an emptied and an edited énoncé (proposals), an unknown
id with a long remark; the same grid again (duplicates); a dry run; the grids refused
whole (wrong iteration, no organisation, unreadable date); a grid without snapshot.

Comment ids are pinned: a change of the id scheme would orphan every stored answer.
"""
from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import yaml

from build_tools.concertation.importer import import_grids
from build_tools.engine import load_and_check

from .conftest import MINIMAL
from .test_concertation import _export, _fill, _import

ORG = "Éditeur Alpha"
REMARK_INS01 = "IT2-MDV-LGC-Va2-228a2461"
REMARK_VSM01 = "IT2-MDV-LGC-Va2-8246daf2"
EMPTIED_INS03 = "IT2-MDV-LGC-Va2-63e07f70"
EDITED_VSM01 = "IT2-MDV-LGC-Va2-c511ec22"


@pytest.fixture
def corpus(tmp_path) -> Path:
    root = tmp_path / "corpus"
    shutil.copytree(MINIMAL, root, ignore=shutil.ignore_patterns(".segur-cache", "concertation"))
    return root


def _grid(corpus: Path, tmp_path: Path, **kw) -> Path:
    kw.setdefault("date", "")
    return _fill(_export(corpus), tmp_path / "a.xlsx", {"INS.01": "  Oui  ", "LGC.VSM.01": "Non."},
                 edits={"INS.03": "  ", "LGC.VSM.01": "Le système DOIT tout."}, extra=("LGC.XXX.99", "R" * 100), **kw)


def _problems(res) -> list[tuple[str, int, str]]:
    return [(p.code, p.line, p.message) for p in res.problems]


def test_records_and_messages_of_one_grid_then_of_the_same_grid_again(corpus, tmp_path):
    grid = _grid(corpus, tmp_path)
    res = _import(corpus, grid)
    assert res.files_ok == 1 and res.notes == []
    assert _problems(res) == [
        ("CONC-UNKNOWN-ID", 15, "ligne 15 : l'identifiant 'LGC.XXX.99' n'est pas dans la grille IT2 du dispositif "
                                "'MDV-LGC-Va2' ; commentaire non enregistré : '" + "R" * 80 + "'"),
        ("CONC-PROTECTED", 9, f"ligne 9 INS.03 : « Énoncé » modifié — enregistré comme proposition {EMPTIED_INS03}, "
                              "non appliquée :\n    [-Le système DOIT qualifier l'identité selon le [INS1].-]"),
        ("CONC-PROTECTED", 12, f"ligne 12 LGC.VSM.01 : « Énoncé » modifié — enregistré comme proposition {EDITED_VSM01}, "
                               "non appliquée :\n    Le système [-PEUT-]{+DOIT+} [-proposer un VSM pré-rempli.-]{+tout.+}"),
    ]
    assert [r["id"] for r in res.proposals] == [EMPTIED_INS03, EDITED_VSM01]
    stored = yaml.safe_load((corpus / "concertation" / "IT2" / "comments.yaml").read_text("utf-8"))
    common = {"dispositif": "MDV-LGC-Va2", "organisation": ORG, "contact": "Jeanne Martin <jm@alpha.fr>",
              "date": "2025-03-01", "fichier": "a.xlsx", "statut": "à traiter", "reponse": ""}   # no date: today's
    assert stored == {"iteration": "IT2", "commentaires": [
        {"id": REMARK_INS01, **common, "exigence": "INS.01", "ligne": 8, "type": "remarque", "texte": "Oui"},
        {"id": REMARK_VSM01, **common, "exigence": "LGC.VSM.01", "ligne": 12, "type": "remarque", "texte": "Non."},
        {"id": EMPTIED_INS03, **common, "exigence": "INS.03", "ligne": 9, "type": "proposition", "colonne": "Énoncé",
         "actuel": "Le système DOIT qualifier l'identité selon le [INS1].",
         "texte": "Proposition de modification de « Énoncé » : (vidé)"},
        {"id": EDITED_VSM01, **common, "exigence": "LGC.VSM.01", "ligne": 12, "type": "proposition",
         "colonne": "Énoncé", "actuel": "Le système PEUT proposer un VSM pré-rempli.", "propose": "Le système DOIT tout.",
         "texte": "Proposition de modification de « Énoncé » : Le système DOIT tout."},
    ]}
    assert list(stored["commentaires"][0]) == ["id", "dispositif", "exigence", "organisation", "contact", "date",
                                               "type", "texte", "fichier", "ligne", "statut", "reponse"]
    before = (corpus / "concertation" / "IT2" / "comments.yaml").read_bytes()
    again = _import(corpus, grid)
    assert again.added == [] and [r["id"] for r in again.duplicates] == [
        REMARK_INS01, REMARK_VSM01, EMPTIED_INS03, EDITED_VSM01]
    assert [x for x in _problems(again) if x[0] == "CONC-DUPLICATE"] == [
        ("CONC-DUPLICATE", 8, f"ligne 8 INS.01 : {REMARK_INS01} déjà enregistré ({ORG}) ; non ajouté de nouveau"),
        ("CONC-DUPLICATE", 12, f"ligne 12 LGC.VSM.01 : {REMARK_VSM01} déjà enregistré ({ORG}) ; non ajouté de nouveau"),
        ("CONC-DUPLICATE", 9, f"ligne 9 INS.03 : {EMPTIED_INS03} déjà enregistré ({ORG}) ; non ajouté de nouveau"),
        ("CONC-DUPLICATE", 12, f"ligne 12 LGC.VSM.01 : {EDITED_VSM01} déjà enregistré ({ORG}) ; non ajouté de nouveau"),
    ]
    assert {Path(p.path).name for p in again.problems} == {"a.xlsx"}
    assert (corpus / "concertation" / "IT2" / "comments.yaml").read_bytes() == before


def test_dry_run_records_nothing_and_a_written_date_is_kept(corpus, tmp_path):
    grid = _grid(corpus, tmp_path, date="03/02/2025")
    res = import_grids(load_and_check(corpus).corpus, "IT2", [grid, grid], today="2025-03-01", dry_run=True)
    assert res.files_ok == 2 and len(res.added) == 4 and len(res.duplicates) == 4     # the second copy: duplicates
    assert {r["date"] for r in res.added} == {"2025-02-03"}
    assert not (corpus / "concertation" / "IT2" / "comments.yaml").exists()


@pytest.mark.parametrize("kw,iteration,code,line,message", [
    ({}, "IT3", "CONC-ITERATION", 7, "grille de l'itération #2 importée comme IT3"),
    # the label's row (2), even though its value cell is empty
    ({"org": "  "}, "IT2", "CONC-GRID", 2, "la cellule Organisation est vide : renseignez-la pour que les commentaires "
                                           "puissent être attribués"),
    ({"date": "le 3 février"}, "IT2", "CONC-GRID", 4, "date illisible 'le 3 février' (écrivez jj/mm/aaaa)"),
])
def test_a_refused_grid_records_nothing(corpus, tmp_path, kw, iteration, code, line, message):
    grid = _grid(corpus, tmp_path, **kw)
    res = _import(corpus, grid, iteration=iteration)
    [(got_code, got_line, got_message)] = _problems(res)
    assert (got_code, got_message) == (code, f"{message} ; rien n'a été enregistré depuis ce fichier")
    assert line is None or got_line == line
    assert res.files_ok == 0 and res.added == [] and res.errors == res.problems
    assert not (corpus / "concertation").joinpath(iteration, "comments.yaml").exists()


def test_without_snapshot_protected_columns_are_compared_with_the_corpus(corpus, tmp_path):
    grid = _grid(corpus, tmp_path)
    (corpus / "concertation" / "IT2" / "snapshot.json").unlink()
    res = _import(corpus, grid)
    assert res.notes == ["pas d'instantané de IT2 pour MDV-LGC-Va2 : colonnes protégées comparées au corpus actuel"]
    assert [r["id"] for r in res.proposals] == [EMPTIED_INS03, EDITED_VSM01]



def test_rows_that_cannot_be_placed_are_reported_and_the_next_rows_still_read(corpus, tmp_path):
    import openpyxl
    from .test_concertation import _header_row
    wb = openpyxl.load_workbook(_grid(corpus, tmp_path))
    ws = wb.active
    hr = _header_row(ws)
    cols = {str(ws.cell(hr, k).value).split("\n")[0]: k for k in range(1, ws.max_column + 1)}
    enonce = next(k for name, k in cols.items() if name.startswith("Énoncé"))
    ws.cell(10, 1).value, ws.cell(10, cols["Remarques"]).value = None, "Sans identifiant."    # before LGC.VSM.01
    for r, (rid, text, remark, rem) in enumerate([("LGC.XXX.98", "Texte proposé.", None, "MDV-LGC-Va2"),
                                                  ("LGC.XXX.97", None, None, "MDV-LGC-Va2"),        # empty: ignored
                                                  ("INS.01", None, "Autre REM.", "INCONNU-Va2")], start=16):
        ws.cell(r, 1).value, ws.cell(r, enonce).value = rid, text
        ws.cell(r, cols["Remarques"]).value, ws.cell(r, cols["REM"]).value = remark, rem
    wb.save(tmp_path / "b.xlsx")
    res = _import(corpus, tmp_path / "b.xlsx")
    unknown = [(Path(p.path).name, p.line, p.message) for p in res.problems if p.code == "CONC-UNKNOWN-ID"]
    assert unknown == [
        ("b.xlsx", 10, "ligne 10 : l'identifiant '(vide)' n'est pas dans la grille IT2 du dispositif 'MDV-LGC-Va2' ; "
                       "commentaire non enregistré : 'Sans identifiant.'"),
        ("b.xlsx", 15, "ligne 15 : l'identifiant 'LGC.XXX.99' n'est pas dans la grille IT2 du dispositif "
                       "'MDV-LGC-Va2' ; commentaire non enregistré : '" + "R" * 80 + "'"),
        ("b.xlsx", 16, "ligne 16 : l'identifiant 'LGC.XXX.98' n'est pas dans la grille IT2 du dispositif "
                       "'MDV-LGC-Va2' ; commentaire non enregistré : ''"),
        ("b.xlsx", 18, "ligne 18 : l'identifiant 'INS.01' n'est pas dans la grille IT2 du dispositif 'INCONNU-Va2' ; "
                       "commentaire non enregistré : 'Autre REM.'"),
    ]
    assert [r["id"] for r in res.added if r["type"] == "remarque"] == [REMARK_INS01, REMARK_VSM01]


def test_a_protected_column_deleted_by_the_reviewer_is_not_a_proposal(corpus, tmp_path):
    import openpyxl
    from .test_concertation import _header_row
    wb = openpyxl.load_workbook(_grid(corpus, tmp_path))
    ws = wb.active
    hr = _header_row(ws)
    ws.delete_cols(next(k for k in range(1, ws.max_column + 1) if ws.cell(hr, k).value == "Bloc"))
    wb.save(tmp_path / "sans-bloc.xlsx")
    res = _import(corpus, tmp_path / "sans-bloc.xlsx")
    assert [(r["id"], r["colonne"]) for r in res.proposals] == [(EMPTIED_INS03, "Énoncé"), (EDITED_VSM01, "Énoncé")]


def test_a_row_without_any_dispositif_is_reported_as_such(corpus, tmp_path):
    """No dispositif in the title, none in the file's properties, an empty REM cell: the
    remark cannot be placed and the message says why."""
    import openpyxl
    from .test_concertation import _header_row
    wb = openpyxl.load_workbook(_grid(corpus, tmp_path))
    ws = wb.active
    hr = _header_row(ws)
    cols = {str(ws.cell(hr, k).value).split("\n")[0]: k for k in range(1, ws.max_column + 1)}
    for row in ws.iter_rows(min_row=1, max_row=1):
        for cell in row:
            cell.value = None
    wb.custom_doc_props.props = [p for p in wb.custom_doc_props.props if p.name != "segur_dispositif"]
    rows = [r for r in range(hr + 1, ws.max_row + 1) if ws.cell(r, 1).value == "INS.01"]
    ws.cell(rows[0], cols["REM"]).value = None
    wb.save(tmp_path / "sans-dispositif.xlsx")
    res = _import(corpus, tmp_path / "sans-dispositif.xlsx")
    assert [(p.line, p.message) for p in res.problems if p.code == "CONC-UNKNOWN-ID"][0] == (
        rows[0], f"ligne {rows[0]} : l'identifiant 'INS.01' n'est pas dans la grille IT2 (ligne sans dispositif : "
                 "colonne REM vide) ; commentaire non enregistré : 'Oui'")
