"""`segur import-rem` on one workbook carrying every kind of edit an author makes, with the
plan it prints and the YAML it writes written out by hand.

The edits (minimal fixture, REM of MDV-LGC-Va2): a socle pick's énoncé and proof text, a
profile change with a renumbered scenario, a bloc, énoncé and section label change with a
scenario text changed, a proof replaced and a scenario added, a new requirement in a new
section, and a requirement's rows deleted (kept, with a note).

Fixtures are function-scoped on purpose: mutmut only runs, for a mutant, the tests that
executed the mutated function, and a module-scoped fixture's work counts for the first
test alone.
"""
from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from build_tools.cli import main
from build_tools.rem_import.plan import Change, conflicts_of, scenario_lines

from .conftest import MINIMAL
from .test_behaviour import S, V2, _copy_row, _enonce_col, _new_row_values, _open_rem, _row_of

V2_FILE = "requirements/Va2/MDV-LGC-Va2.yaml"
INS_FILE = "requirements/socles/INS.yaml"


def _edited_rem(root: Path, tmp_path: Path) -> Path:
    wb, ws, hr, cols = _open_rem(root, tmp_path)
    ins = _row_of(ws, hr, cols, "INS.01")
    ws.cell(ins, _enonce_col(cols)).value = "Le système DOIT appeler le téléservice [INS2] à l'admission."
    ws.cell(ins, cols["Preuve 1"]).value = "Vidéo de l'appel"
    dmp = _row_of(ws, hr, cols, "LGC.DMP/va1.01")
    ws.cell(dmp, cols["Profil"]).value = "Médecin traitant"
    ws.cell(dmp, cols["N° scénario"]).value = "LGC.DMP/va1.01.02"
    ws.cell(dmp, cols["N° preuve 1"]).value = "LGC.DMP/va1.01.02.01"
    vsm = _row_of(ws, hr, cols, "LGC.VSM.01")
    ws.cell(vsm, cols["Bloc"]).value = "Synthèse médicale"
    ws.cell(vsm, cols["Section"]).value = "Volet de synthèse"
    enonce = "Le système PEUT proposer un VSM pré-rempli et signé."
    ws.cell(vsm, _enonce_col(cols)).value = enonce
    ws.cell(vsm, cols["Scénario de conformité"]).value = "Générer le VSM."
    ws.cell(vsm, cols["N° preuve 1"]).value = "LGC.VSM.01.01.02"
    ws.cell(vsm, cols["Preuve 1"]).value = "Copie d'écran"
    _copy_row(ws, hr, cols, "LGC.VSM.01", {"N° scénario": "LGC.VSM.01.02", "Scénario de conformité": "Signer.",
                                           "N° preuve 1": "LGC.VSM.01.02.01", "Preuve 1": "Jeton"}, enonce)
    _copy_row(ws, hr, cols, "LGC.VSM.01", _new_row_values("LGC.TLS.01", section=("TLS", "Téléservices")),
              "Le système PEUT consulter le téléservice.")
    ws.delete_rows(_row_of(ws, hr, cols, "LGC.DMP/va1.02"))
    edited = tmp_path / "edited.xlsx"
    wb.save(edited)
    return edited


@pytest.fixture
def corpus(tmp_path) -> Path:
    import shutil
    root = tmp_path / "corpus"
    shutil.copytree(MINIMAL, root, ignore=shutil.ignore_patterns(".segur-cache"))
    return root


PLAN = """\
edited.xlsx: format publié, 5 exigence(s) pour MDV-LGC-Va2
  remarque : INS.01 est une exigence de socle : son texte est modifié dans requirements/socles/INS.yaml et change pour 2 dispositif(s) : MDV-LGC-Va1, MDV-LGC-Va2
  remarque : LGC.DMP/va1.01 : colonne conditionnelle ignorée [Exigences!A4] : elle est déduite du profil (OUI)
  remarque : LGC.TLS.01 : colonne conditionnelle ignorée [Exigences!A7] : elle est déduite du profil (NON)
  remarque : 1 exigence(s) de MDV-LGC-Va2 absente(s) du classeur et conservée(s) : LGC.DMP/va1.02
  ~ SC.INS.01 enonce [Exigences!I2, requirements/socles/INS.yaml] : Le système DOIT appeler le téléservice [-[INS2].-]{+[INS2] à l'admission.+}
  ~ SC.INS.01 scenarios [Exigences!M2, requirements/socles/INS.yaml]
    ~ preuve SC.INS.01.01.01 : Vidéo{+ de l'appel+}
  ~ LGC.DMP/va1.01 scenarios [Exigences!K4, requirements/Va2/MDV-LGC-Va2.yaml]
    + scénario LGC.DMP/va1.01.02 : Alimenter.
        + preuve LGC.DMP/va1.01.02.01 : Vidéo
    - scénario LGC.DMP/va1.01.01 : Alimenter.
  ~ LGC.DMP/va1.01 profils [Exigences!B4, requirements/Va2/MDV-LGC-Va2.yaml] : [-Général-]{+Médecin traitant+}
  ~ LGC.VSM.01 bloc [Exigences!E5, requirements/Va2/MDV-LGC-Va2.yaml] : Synthèse{+ médicale+}
  ~ LGC.VSM.01 enonce [Exigences!I5, requirements/Va2/MDV-LGC-Va2.yaml] : Le système PEUT proposer un VSM [-pré-rempli.-]{+pré-rempli et signé.+}
  ~ LGC.VSM.01 scenarios [Exigences!K5, requirements/Va2/MDV-LGC-Va2.yaml]
    ~ scénario LGC.VSM.01.01 : [-Générer.-]{+Générer le VSM.+}
    + preuve LGC.VSM.01.01.02 : Copie d'écran
    - preuve LGC.VSM.01.01.01 : Vidéo
    + scénario LGC.VSM.01.02 : Signer.
        + preuve LGC.VSM.01.02.01 : Jeton
  ~ VSM libelle [Exigences!D5, requirements/Va2/MDV-LGC-Va2.yaml] : Volet de synthèse[- médicale-]
  + LGC.TLS.01 : nouvelle exigence dans requirements/Va2/MDV-LGC-Va2.yaml [Exigences!7]
    énoncé : Le système PEUT consulter le téléservice.
    + scénario LGC.TLS.01.01 : Montrer.
        + preuve LGC.TLS.01.01.01 : Vidéo
  + section TLS « Téléservices » dans requirements/Va2/MDV-LGC-Va2.yaml [Exigences!7]
10 changement(s) ; relancez avec --write pour les appliquer
"""


def test_plan_of_every_kind_of_edit(corpus, tmp_path, capsys):
    edited = _edited_rem(corpus, tmp_path)
    before = {p: p.read_bytes() for p in (corpus / "requirements").rglob("*.yaml")}
    assert main(["import-rem", "--root", str(corpus), str(edited)]) == 0
    assert capsys.readouterr().out == PLAN
    assert {p: p.read_bytes() for p in (corpus / "requirements").rglob("*.yaml")} == before   # a plan writes nothing


def _expected(rel: str, edits: list[tuple[str, str]]) -> str:
    """The fixture file with each (old, new) block replaced once (each old block must exist once)."""
    text = (MINIMAL / rel).read_text("utf-8")
    for old, new in edits:
        assert text.count(old) == 1, old
        text = text.replace(old, new)
    return text


INS_EDITS = [
    ("    enonce: Le système DOIT appeler le téléservice [INS2].\n",
     "    enonce: Le système DOIT appeler le téléservice [INS2] à l'admission.\n"),
    ("          - {id: SC.INS.01.01.01, texte: Vidéo}\n", "          - {id: SC.INS.01.01.01, texte: Vidéo de l'appel}\n"),
]
V2_EDITS = [
    ("  - {code: VSM, libelle: Volet de synthèse médicale}\n",
     "  - {code: VSM, libelle: Volet de synthèse}\n  - {code: TLS, libelle: Téléservices}\n"),
    ("    profils: [Général]\n    statut: Inchangée\n", "    profils: [Médecin traitant]\n    statut: Inchangée\n"),
    ("""      - id: LGC.DMP/va1.01.01
        texte: Alimenter.
        preuves:
          - {id: LGC.DMP/va1.01.01.01, texte: Vidéo}
""", """      - id: LGC.DMP/va1.01.02
        texte: Alimenter.
        preuves:
          - {id: LGC.DMP/va1.01.02.01, texte: Vidéo}
"""),
    ("""    bloc: Synthèse
    fonction: Génération
    nature: Préconisation
    criticite: Mineure
    profils: [Médecin traitant]
    conditionnelle: true
    statut: Nouvelle
    enonce: Le système PEUT proposer un VSM pré-rempli.
    scenarios:
      - id: LGC.VSM.01.01
        texte: Générer.
        preuves:
          - {id: LGC.VSM.01.01.01, texte: Vidéo}
""", """    bloc: Synthèse médicale
    fonction: Génération
    nature: Préconisation
    criticite: Mineure
    profils: [Médecin traitant]
    conditionnelle: true
    statut: Nouvelle
    enonce: Le système PEUT proposer un VSM pré-rempli et signé.
    scenarios:
      - id: LGC.VSM.01.01
        texte: Générer le VSM.
        preuves:
          - {id: LGC.VSM.01.01.02, texte: Copie d'écran}
      - id: LGC.VSM.01.02
        texte: Signer.
        preuves:
          - {id: LGC.VSM.01.02.01, texte: Jeton}
  - id: LGC.TLS.01
    section: TLS
    bloc: Synthèse médicale
    fonction: Génération
    nature: Préconisation
    criticite: Majeure
    profils: [Général]
    enonce: Le système PEUT consulter le téléservice.
    scenarios:
      - id: LGC.TLS.01.01
        texte: Montrer.
        preuves:
          - {id: LGC.TLS.01.01.01, texte: Vidéo}
"""),
]


def test_write_edits_only_the_planned_lines(corpus, tmp_path, capsys):
    """New records at the end of their list in the files' own style (flow proofs and
    sections, block scenarios); untouched lines, LGC.DMP/va1.02 included, byte for byte."""
    edited = _edited_rem(corpus, tmp_path)
    assert main(["import-rem", "--root", str(corpus), str(edited), "--write"]) == 0
    out = capsys.readouterr().out
    assert "fichiers écrits : requirements/Va2/MDV-LGC-Va2.yaml, requirements/socles/INS.yaml" in out
    assert (corpus / INS_FILE).read_text("utf-8") == _expected(INS_FILE, INS_EDITS)
    assert (corpus / V2_FILE).read_text("utf-8") == _expected(V2_FILE, V2_EDITS)
    assert (corpus / "requirements/Va1/MDV-LGC-Va1.yaml").read_bytes() == \
        (MINIMAL / "requirements/Va1/MDV-LGC-Va1.yaml").read_bytes()
    data = yaml.safe_load((corpus / V2).read_text("utf-8"))             # read back by another parser
    assert [r["id"] for r in data["exigences"]][-1] == "LGC.TLS.01"
    socle = yaml.safe_load((corpus / S).read_text("utf-8"))
    assert next(r for r in socle["exigences"] if r["id"] == "SC.INS.01")["scenarios"][0]["preuves"] == [
        {"id": "SC.INS.01.01.01", "texte": "Vidéo de l'appel"}]


# --- the plan's readable lines, on lists built by hand ---------------------------------------
def _s(sid: str, texte: str, *proofs: tuple[str, str]) -> dict:
    return {"id": sid, "texte": texte, "preuves": [{"id": i, "texte": t} for i, t in proofs]}


def test_scenario_lines_every_case():
    old = [_s("A.01", "Un.", ("A.01.01", "Vidéo"), ("A.01.02", "Trace")),
           _s("A.02", "Deux.", ("A.02.01", "Vidéo")),
           _s("A.03", "Trois.")]
    new = [_s("A.04", "Quatre.", ("A.04.01", "Copie")),                           # added first; A.03 removed
           _s("A.01", "Un.", ("A.01.01", "Vidéo"), ("A.01.03", "Journal")),      # proof replaced
           _s("A.02", "Deux bis.", ("A.02.01", "Vidéo longue"))]                  # both texts changed
    assert scenario_lines(old, new, "..") == [
        "..+ scénario A.04 : Quatre.",
        "..    + preuve A.04.01 : Copie",
        "..+ preuve A.01.03 : Journal",
        "..- preuve A.01.02 : Trace",
        "..~ scénario A.02 : [-Deux.-]{+Deux bis.+}",   # words keep their punctuation
        "..~ preuve A.02.01 : Vidéo{+ longue+}",
        "..- scénario A.03 : Trois.",
    ]
    assert scenario_lines(old, old, "  ") == []


def test_change_descriptions():
    pick = Change("f.yaml", "socle", "INS.04", "*", None, {"id": "INS.04"}, "Exigences!9")
    assert pick.describe() == "+ INS.04 : nouvelle reprise du socle dans f.yaml [Exigences!9]"
    section = Change("f.yaml", "sections", "TLS", "*", None, {"code": "TLS", "libelle": "Téléservices"}, "Exigences!9")
    assert section.describe() == "+ section TLS « Téléservices » dans f.yaml [Exigences!9]"
    bare = Change("f.yaml", "exigences", "X.01", "*", None, {"id": "X.01"}, "Exigences!3")
    assert bare.describe() == "+ X.01 : nouvelle exigence dans f.yaml [Exigences!3]\n    énoncé : "
    unset = Change("f.yaml", "exigences", "X.01", "id_precedent", "X.00", None, "Évolutions!C4")
    assert unset.describe() == "~ X.01 id_precedent [Évolutions!C4, f.yaml] : [-X.00-]"
    listed = Change("f.yaml", "exigences", "X.01", "referentiels", ["INS1"], ("INS1", "INS2"), "Compléments!C2")
    assert listed.describe() == "~ X.01 referentiels [Compléments!C2, f.yaml] : [-INS1-]{+INS1, INS2+}"   # a list is shown joined by ", "


def test_conflicts_of_keeps_only_conflict_notes():
    notes = ["conflit X.01 : deux énoncés", "remarque sur le conflit", "conflits", "conflit Y.02 : a"]
    assert conflicts_of(notes) == ["conflit X.01 : deux énoncés", "conflit Y.02 : a"]


# --- statuts, sections, side sheets, a conflict, and ANS's numbers mapped back ---------------
def _edited_side_sheets(root: Path, tmp_path: Path) -> Path:
    from .test_behaviour import _unprotected
    wb, ws, hr, cols = _open_rem(root, tmp_path)
    ins03 = _row_of(ws, hr, cols, "INS.03")
    ws.cell(ins03, cols["Profil"]).value = "Médecin traitant"
    ws.cell(ins03, _enonce_col(cols)).value = "Le système DOIT qualifier l'identité selon le [INS1] à chaque venue."
    dmp1 = _row_of(ws, hr, cols, "LGC.DMP/va1.01")
    ws.cell(dmp1, cols["ID Section"]).value = "VSM"                                      # moved, label cell left
    ws.cell(dmp1, cols["Bloc"]).value = None                                              # an emptied cell: ignored
    dmp2 = _row_of(ws, hr, cols, "LGC.DMP/va1.02")
    ws.cell(dmp2, cols["Fonction"]).value = "Remplacement du document"
    ws.cell(dmp2, cols["Nature de l'exigence"]).value = "PRECONISATION"
    for name in ("N° scénario", "Scénario de conformité", "N° preuve 1", "Preuve 1"):     # no scenario given: kept
        ws.cell(dmp2, cols[name]).value = None
    _copy_row(ws, hr, cols, "LGC.VSM.01", {"N° scénario": "LGC.VSM.01.02", "N° preuve 1": "LGC.VSM.01.02.01"},
              "Le système DOIT autre chose.")                                           # a second énoncé: conflict
    evo = wb["Évolutions"]
    _unprotected(evo)
    for row in evo.iter_rows(min_row=2):
        if row[0].value == "INS.03":
            row[1].value, row[2].value = "Modifiée", "INS.02"
        if row[0].value == "INS.01":                                   # a Nouvelle has no predecessor to plan
            row[1].value, row[2].value = "Nouvelle", None
        if row[0].value == "LGC.DMP/va1.02":
            row[1].value, row[2].value = "Inchangée", "LGC.DMP.03"
        if row[0].value == "LGC.DMP/va1.01":
            row[1].value, row[2].value = "Nouvelle", None
    comp = wb["Compléments"]
    _unprotected(comp)
    for row in comp.iter_rows(min_row=2):
        if row[0].value == "LGC.DMP/va1.02":
            row[1].value, row[3].value = "Mineure", "INS1, INS2"
    edited = tmp_path / "edited.xlsx"
    wb.save(edited)
    return edited


PLAN_SIDE_SHEETS = """\
edited.xlsx: format publié, 5 exigence(s) pour MDV-LGC-Va2
  remarque : INS.03 : colonne conditionnelle ignorée [Exigences!A3] : elle est déduite du profil (OUI)
  remarque : INS.03 est une exigence de socle : son texte est modifié dans requirements/socles/INS.yaml et change pour 1 dispositif(s) : MDV-LGC-Va2
  conflit LGC.VSM.01 : Énoncé de l'exigence : Exigences!I6 « Le système PEUT proposer un VSM pré-rempli. » ≠ Exigences!I7 « Le système DOIT autre chose. » — rien n'est importé pour cette exigence : gardez le même texte sur toutes ses lignes
  ~ INS.01 statut [Évolutions!B2, requirements/Va2/MDV-LGC-Va2.yaml] : [-Inchangée-]{+Nouvelle+}
  ~ SC.INS.03 enonce [Exigences!I3, requirements/socles/INS.yaml] : Le système DOIT qualifier l'identité selon le [-[INS1].-]{+[INS1] à chaque venue.+}
  ~ INS.03 profils [Exigences!B3, requirements/Va2/MDV-LGC-Va2.yaml] : [-Général-]{+Médecin traitant+}
  ~ INS.03 statut [Évolutions!B3, requirements/Va2/MDV-LGC-Va2.yaml] : [-Nouvelle-]{+Modifiée+}
  ~ INS.03 id_precedent [Évolutions!C3, requirements/Va2/MDV-LGC-Va2.yaml] : {+INS.02+}
  ~ LGC.DMP/va1.01 section [Exigences!C4, requirements/Va2/MDV-LGC-Va2.yaml] : [-DMP-]{+VSM+}
  ~ LGC.DMP/va1.01 statut [Évolutions!B4, requirements/Va2/MDV-LGC-Va2.yaml] : [-Inchangée-]{+Nouvelle+}
  ~ LGC.DMP/va1.01 id_precedent [Évolutions!C4, requirements/Va2/MDV-LGC-Va2.yaml] : [-LGC.DMP.01-]
  ~ LGC.DMP/va1.02 fonction [Exigences!F5, requirements/Va2/MDV-LGC-Va2.yaml] : Remplacement{+ du document+}
  ~ LGC.DMP/va1.02 nature [Exigences!G5, requirements/Va2/MDV-LGC-Va2.yaml] : [-Exigence-]{+Préconisation+}
  ~ LGC.DMP/va1.02 criticite [Compléments!B5, requirements/Va2/MDV-LGC-Va2.yaml] : [-Majeure-]{+Mineure+}
  ~ LGC.DMP/va1.02 referentiels [Compléments!D5, requirements/Va2/MDV-LGC-Va2.yaml] : {+INS1, INS2+}
  ~ LGC.DMP/va1.02 statut [Évolutions!B5, requirements/Va2/MDV-LGC-Va2.yaml] : [-Modifiée-]{+Inchangée+}
  ~ LGC.DMP/va1.02 id_precedent [Évolutions!C5, requirements/Va2/MDV-LGC-Va2.yaml] : [-LGC.DMP.02-]{+LGC.DMP.03+}
14 changement(s) ; relancez avec --write pour les appliquer (1 conflit(s) non importé(s))
"""


def test_plan_of_statuts_sections_side_sheets_and_a_conflict(corpus, tmp_path, capsys):
    """A requirement moved to another section keeps its old section's label in the row: the
    label of the section it moves to is not rewritten with it. An emptied bloc cell and a
    row without scenario change nothing; a socle edit names the one REM that picks it."""
    edited = _edited_side_sheets(corpus, tmp_path)
    assert main(["import-rem", "--root", str(corpus), str(edited)]) == 1          # a conflict: exit 1
    assert capsys.readouterr().out == PLAN_SIDE_SHEETS
    # the list each change edits: a pick's fields on its pick line, a socle text in the socle file
    from build_tools.engine import load_and_check
    from build_tools.rem_import.plan import plan_changes
    from build_tools.rem_import.rem_workbook import read_rem_workbook
    corpus_model = load_and_check(corpus).corpus
    changes, _ = plan_changes(corpus_model, read_rem_workbook(edited), corpus_model.dispositifs["MDV-LGC-Va2"])
    assert [(c.file, c.target, c.record, c.field, c.old, c.new) for c in changes] == [
        (V2_FILE, "socle", "INS.01", "statut", "Inchangée", "Nouvelle"),
        (INS_FILE, "exigences", "SC.INS.03", "enonce", "Le système DOIT qualifier l'identité selon le [INS1].",
         "Le système DOIT qualifier l'identité selon le [INS1] à chaque venue."),
        (V2_FILE, "socle", "INS.03", "profils", ["Général"], ["Médecin traitant"]),
        (V2_FILE, "socle", "INS.03", "statut", "Nouvelle", "Modifiée"),
        (V2_FILE, "socle", "INS.03", "id_precedent", None, "INS.02"),
        (V2_FILE, "exigences", "LGC.DMP/va1.01", "section", "DMP", "VSM"),
        (V2_FILE, "exigences", "LGC.DMP/va1.01", "statut", "Inchangée", "Nouvelle"),
        (V2_FILE, "exigences", "LGC.DMP/va1.01", "id_precedent", "LGC.DMP.01", None),
        (V2_FILE, "exigences", "LGC.DMP/va1.02", "fonction", "Remplacement", "Remplacement du document"),
        (V2_FILE, "exigences", "LGC.DMP/va1.02", "nature", "Exigence", "Préconisation"),
        (V2_FILE, "exigences", "LGC.DMP/va1.02", "criticite", "Majeure", "Mineure"),
        (V2_FILE, "exigences", "LGC.DMP/va1.02", "referentiels", [], ["INS1", "INS2"]),
        (V2_FILE, "exigences", "LGC.DMP/va1.02", "statut", "Modifiée", "Inchangée"),
        (V2_FILE, "exigences", "LGC.DMP/va1.02", "id_precedent", "LGC.DMP.02", "LGC.DMP.03"),
    ]


PLAN_ANS_NUMBERS = """\
pp.xlsx: format prépublication, 7 exigence(s) pour MDV-LGC-Va2
  ~ LGC.VSM.01 enonce [Exigences!E6, requirements/Va2/MDV-LGC-Va2.yaml] : Le système PEUT proposer un [-VSM pré-rempli.-]{+VSM.+}
  + LGC.VSM.02 : nouvelle exigence dans requirements/Va2/MDV-LGC-Va2.yaml [Exigences!7]
    énoncé : Le système DOIT signer le VSM.
    + scénario LGC.VSM.02.01 : Générer.
        + preuve LGC.VSM.02.01.01 : Vidéo
        + preuve LGC.VSM.02.01.02 : Copie
    + scénario LGC.VSM.02.02 : Signer.
        + preuve LGC.VSM.02.02.01 : Jeton
  + INS.04 : nouvelle reprise du socle dans requirements/Va2/MDV-LGC-Va2.yaml [Exigences!9]
3 changement(s) ; relancez avec --write pour les appliquer
"""


def test_ans_numbers_are_mapped_back_to_the_dispositif_ids(corpus, tmp_path, capsys):
    import openpyxl
    (corpus / S).write_text((corpus / S).read_text("utf-8") + SOCLE_INS04, "utf-8")
    from build_tools.publish import publish
    publish(corpus, tmp_path / "pp", only={"rem-prepub"}, with_pdf=False)
    wb = openpyxl.load_workbook(tmp_path / "pp" / "Va2" / "MDV-LGC-Va2" / "REM-MDV-LGC-Va2-prepublication.xlsx")
    ws = wb["Exigences"]
    ws.protection.sheet = False
    col = {c.value: c.column for c in ws[1]}
    model = next(r for r in range(2, ws.max_row + 1) if ws.cell(r, col["ID"]).value == "VSM.01")
    ws.cell(model, col["Exigence"]).value = "Le système PEUT proposer un VSM."
    ws.cell(model, col["référence exigence"]).value = None         # known only by its ANS number
    new = ws.max_row + 1
    for c in range(1, ws.max_column + 1):
        ws.cell(new, c).value = ws.cell(model, c).value
    # the requirement given by ANS's number, its scenarios and proofs by either: all land on LGC.VSM.02
    for k, v in {"ID": "VSM.02", "Exigence": "Le système DOIT signer le VSM.", "N° scénario": "LGC.VSM.02.01",
                 "N° preuve 1": "VSM.02.01.01", "N° preuve 2": "LGC.VSM.02.01.02", "Preuve 2": "Copie",
                 "référence exigence": None, "référence cas de test": None, "Statut publication": "Nouvelle"}.items():
        ws.cell(new, col[k]).value = v
    for c in range(1, ws.max_column + 1):                      # its second scenario, by ANS's numbers
        ws.cell(new + 1, c).value = ws.cell(new, c).value
    for k, v in {"N° scénario": "VSM.02.02", "Scénario de conformité": "Signer.", "N° preuve 1": "VSM.02.02.01",
                 "Preuve 1": "Jeton", "N° preuve 2": None, "Preuve 2": None}.items():
        ws.cell(new + 1, col[k]).value = v
    for c in range(1, ws.max_column + 1):                      # a new pick of a socle requirement
        ws.cell(new + 2, c).value = ws.cell(new, c).value
    for k, v in {"ID": "INS.04", "Exigence": "Le système DOIT afficher les traits INS.", "N° scénario": "INS.04.01",
                 "Scénario de conformité": "Afficher les traits.", "N° preuve 1": "INS.04.01.01",
                 "Preuve 1": "Vidéo", "N° preuve 2": None, "Preuve 2": None}.items():
        ws.cell(new + 2, col[k]).value = v
    wb.save(tmp_path / "pp.xlsx")
    assert main(["import-rem", "--root", str(corpus), str(tmp_path / "pp.xlsx")]) == 0
    assert capsys.readouterr().out == PLAN_ANS_NUMBERS


SOCLE_INS04 = """\
  - id: SC.INS.04
    section: INS
    bloc: Bloc INS
    fonction: Traits
    nature: Exigence
    criticite: Mineure
    profils: [Général]
    vagues: [Va2]
    enonce: Le système DOIT afficher les traits INS.
    scenarios:
      - id: SC.INS.04.01
        texte: Afficher les traits.
        preuves:
          - {id: SC.INS.04.01.01, texte: Vidéo}
"""
PLAN_PICK_AND_SUCCESSOR = """\
edited.xlsx: format publié, 7 exigence(s) pour MDV-LGC-Va2
  remarque : LGC.VSM.02 : colonne conditionnelle ignorée [Exigences!A8] : elle est déduite du profil (NON)
  + INS.04 : nouvelle reprise du socle dans requirements/Va2/MDV-LGC-Va2.yaml [Exigences!7]
  + LGC.VSM.02 : nouvelle exigence dans requirements/Va2/MDV-LGC-Va2.yaml [Exigences!8]
    énoncé : Le système DOIT supprimer un document du DMP.
    + scénario LGC.VSM.02.01 : Montrer.
        + preuve LGC.VSM.02.01.01 : Vidéo
"""


def test_new_pick_and_a_new_requirement_taking_over_an_obsolete_one_is_refused_whole(corpus, tmp_path, capsys):
    """The new record keeps the predecessor the Évolutions sheet names; here that predecessor
    is still Obsolète in the REM, so the check refuses the import and nothing is written."""
    from .test_behaviour import _sheet_append
    (corpus / S).write_text((corpus / S).read_text("utf-8") + SOCLE_INS04, "utf-8")
    wb, ws, hr, cols = _open_rem(corpus, tmp_path)
    _copy_row(ws, hr, cols, "INS.03", {**_new_row_values("INS.04", section=("INS", "Identité nationale de santé")),
                                       "Fonction": "Traits", "N° scénario": "INS.04.01",
                                       "Scénario de conformité": "Afficher les traits.",
                                       "N° preuve 1": "INS.04.01.01", "Preuve 1": "Vidéo"},
              "Le système DOIT afficher les traits INS.")
    _sheet_append(wb, "Évolutions", {"N° exigence": "INS.04", "Statut": "Nouvelle"})
    _copy_row(ws, hr, cols, "LGC.VSM.01", _new_row_values("LGC.VSM.02"), "Le système DOIT supprimer un document du DMP.")
    _sheet_append(wb, "Évolutions", {"N° exigence": "LGC.VSM.02", "Statut": "Modifiée",
                                     "N° exigence vague précédente": "LGC.DMP.03"})
    edited = tmp_path / "edited.xlsx"
    wb.save(edited)
    assert main(["import-rem", "--root", str(corpus), str(edited)]) == 0
    assert capsys.readouterr().out == PLAN_PICK_AND_SUCCESSOR + \
        "2 changement(s) ; relancez avec --write pour les appliquer\n"
    before = {p: p.read_bytes() for p in (corpus / "requirements").rglob("*.yaml")}
    assert main(["import-rem", "--root", str(corpus), str(edited), "--write"]) == 1
    captured = capsys.readouterr()
    assert captured.out == PLAN_PICK_AND_SUCCESSOR
    assert "STATUT-OBSOLETE-ACTIVE LGC.DMP.03 est Obsolète mais LGC.VSM.02 reprend LGC.DMP.03" in captured.err
    assert captured.err.rstrip().endswith("rien n'a été modifié : corrigez le classeur et relancez")
    assert {p: p.read_bytes() for p in (corpus / "requirements").rglob("*.yaml")} == before


def test_the_scenario_change_points_at_the_first_cell_that_differs(corpus, tmp_path, capsys):
    from .test_behaviour import _edit
    _edit(corpus, V2, "          - {id: LGC.VSM.01.01.01, texte: Vidéo}\n",
          "          - {id: LGC.VSM.01.01.01, texte: Vidéo}\n      - id: LGC.VSM.01.02\n"
          "        texte: Signer.\n        preuves:\n          - {id: LGC.VSM.01.02.01, texte: Jeton}\n")
    wb, ws, hr, cols = _open_rem(corpus, tmp_path)
    second = next(r for r in range(hr + 1, ws.max_row + 1) if ws.cell(r, cols["N° scénario"]).value == "LGC.VSM.01.02")
    ws.cell(second, cols["Preuve 1"]).value = "Jeton signé"
    wb.save(tmp_path / "edited.xlsx")
    assert main(["import-rem", "--root", str(corpus), str(tmp_path / "edited.xlsx")]) == 0
    assert capsys.readouterr().out.splitlines()[1:3] == [
        f"  ~ LGC.VSM.01 scenarios [Exigences!M{second}, requirements/Va2/MDV-LGC-Va2.yaml]",
        "    ~ preuve LGC.VSM.01.02.01 : Jeton{+ signé+}"]
    assert second == 7


def test_an_empty_predecessor_cell_keeps_a_picks_computed_predecessor(corpus, tmp_path, capsys):
    """INS.01's predecessor is computed (its pick line is `{id: INS.01}`): a workbook declaring
    it Modifiée with the predecessor cell left empty changes the statut only; the predecessor
    stays (erasing it made the import refused by STATUT-PREVIOUS-MISSING)."""
    from .test_behaviour import _unprotected
    wb, ws, hr, cols = _open_rem(corpus, tmp_path)
    evo = wb["Évolutions"]
    _unprotected(evo)
    for row in evo.iter_rows(min_row=2):
        if row[0].value == "INS.01":
            row[1].value, row[2].value = "Modifiée", None
    wb.save(tmp_path / "edited.xlsx")
    code = main(["import-rem", "--root", str(corpus), str(tmp_path / "edited.xlsx"), "--write"])
    captured = capsys.readouterr()
    out = captured.out + captured.err
    assert "  ~ INS.01 statut [Évolutions!B2, requirements/Va2/MDV-LGC-Va2.yaml] : [-Inchangée-]{+Modifiée+}" in out
    assert "  ~ INS.01 id_precedent [Évolutions!C2, requirements/Va2/MDV-LGC-Va2.yaml] : {+INS.01+}" in out
    assert "STATUT-PREVIOUS-MISSING" not in out
    # the text did not change: the Modifiée is refused for that reason, and only that one
    assert code == 1 and "STATUT-MODIFIED-SAME INS.01 est Modifiée mais son texte est identique" in out


def test_a_pick_declared_with_its_computed_statut_changes_nothing(corpus, tmp_path, capsys):
    from .test_behaviour import _unprotected
    before = (corpus / V2_FILE).read_text("utf-8")
    wb, ws, hr, cols = _open_rem(corpus, tmp_path)
    evo = wb["Évolutions"]
    _unprotected(evo)
    for row in evo.iter_rows(min_row=2):
        if row[0].value == "INS.01":
            assert row[1].value == "Inchangée"          # computed, shown in the export
            row[2].value = None
    wb.save(tmp_path / "edited.xlsx")
    assert main(["import-rem", "--root", str(corpus), str(tmp_path / "edited.xlsx"), "--write"]) == 0
    assert "INS.01" not in capsys.readouterr().out
    assert (corpus / V2_FILE).read_text("utf-8") == before


def test_a_picks_profile_is_written_on_its_pick_line(corpus, tmp_path, capsys):
    wb, ws, hr, cols = _open_rem(corpus, tmp_path)
    ws.cell(_row_of(ws, hr, cols, "INS.03"), cols["Profil"]).value = "Médecin traitant"
    wb.save(tmp_path / "edited.xlsx")
    main(["import-rem", "--root", str(corpus), str(tmp_path / "edited.xlsx"), "--write"])
    assert "fichiers écrits : requirements/Va2/MDV-LGC-Va2.yaml" in capsys.readouterr().out
    assert (corpus / V2_FILE).read_text("utf-8") == _expected(V2_FILE, [
        ("  - {id: INS.03}\n", "  - {id: INS.03, profils: [Médecin traitant]}\n")])


def test_a_computed_statut_shown_in_the_rem_is_not_written_back(corpus, tmp_path, capsys):
    """LGC.VSM.01 without a declared statut: the workbook shows the computed one (Nouvelle);
    importing it untouched plans nothing."""
    from .test_behaviour import _edit
    _edit(corpus, V2, "    conditionnelle: true\n    statut: Nouvelle\n", "    conditionnelle: true\n")
    wb, ws, hr, cols = _open_rem(corpus, tmp_path)
    evo = wb["Évolutions"]
    assert [r[1].value for r in evo.iter_rows(min_row=2) if r[0].value == "LGC.VSM.01"] == ["Nouvelle"]
    wb.save(tmp_path / "untouched.xlsx")
    assert main(["import-rem", "--root", str(corpus), str(tmp_path / "untouched.xlsx")]) == 0
    assert capsys.readouterr().out.splitlines()[-1] == \
        "aucun changement : les fichiers de données contiennent déjà ce REM"


def test_a_conflict_stops_only_its_own_requirement(corpus, tmp_path, capsys):
    """A conflict on the first requirement; a later one with an empty Profil cell (its
    profile is then the recorded one) and a conditionnelle column that contradicts it."""
    wb, ws, hr, cols = _open_rem(corpus, tmp_path)
    _copy_row(ws, hr, cols, "INS.01", {"N° scénario": "INS.01.02", "N° preuve 1": "INS.01.02.01"},
              "Le système DOIT autre chose.")
    vsm = _row_of(ws, hr, cols, "LGC.VSM.01")
    ws.cell(vsm, cols["Profil"]).value = None
    ws.cell(vsm, cols["Exigence conditionnelle OUI/NON"]).value = "NON"
    ws.cell(vsm, cols["Bloc"]).value = "Synthèse médicale"
    wb.save(tmp_path / "edited.xlsx")
    assert main(["import-rem", "--root", str(corpus), str(tmp_path / "edited.xlsx")]) == 1
    assert capsys.readouterr().out.splitlines()[1:] == [
        "  conflit INS.01 : Énoncé de l'exigence : Exigences!I2 « Le système DOIT appeler le téléservice [INS2]. » ≠ "
        "Exigences!I7 « Le système DOIT autre chose. » — rien n'est importé pour cette exigence : gardez le même "
        "texte sur toutes ses lignes",
        "  remarque : LGC.VSM.01 : colonne conditionnelle ignorée [Exigences!A6] : elle est déduite du profil (OUI)",
        "  ~ LGC.VSM.01 bloc [Exigences!E6, requirements/Va2/MDV-LGC-Va2.yaml] : Synthèse{+ médicale+}",
        "1 changement(s) ; relancez avec --write pour les appliquer (1 conflit(s) non importé(s))",
    ]


def test_requirements_absent_from_the_rem_are_named_ten_at_most(corpus):
    from build_tools.engine import load_and_check
    from build_tools.rem_import.plan import plan_changes
    from build_tools.rem_import.rem_workbook import ImportedRem
    block = (corpus / V2).read_text("utf-8").split("  - id: LGC.VSM.01\n")[1]
    extra = "".join("  - id: LGC.VSM.%02d\n" % n + block.replace("LGC.VSM.01", "LGC.VSM.%02d" % n) for n in range(2, 10))
    (corpus / V2).write_text((corpus / V2).read_text("utf-8") + extra, "utf-8")
    model = load_and_check(corpus).corpus
    d = model.dispositifs["MDV-LGC-Va2"]
    changes, notes = plan_changes(model, ImportedRem("vide.xlsx", "publication", d.id), d)
    assert changes == [] and notes == [
        "13 exigence(s) de MDV-LGC-Va2 absente(s) du classeur et conservée(s) : INS.01, INS.03, LGC.DMP/va1.01, "
        "LGC.DMP/va1.02, LGC.VSM.01, LGC.VSM.02, LGC.VSM.03, LGC.VSM.04, LGC.VSM.05, LGC.VSM.06 …"]
    keep = {r.id: r for r in d.rem if r.id in ("INS.01", "LGC.VSM.09")}
    from build_tools.rem_import.rem_workbook import ImportedRequirement
    imported = ImportedRem("deux.xlsx", "publication", d.id, {rid: ImportedRequirement(rid, "Exigences!2") for rid in keep})
    _, notes = plan_changes(model, imported, d)
    assert notes[-1] == ("11 exigence(s) de MDV-LGC-Va2 absente(s) du classeur et conservée(s) : INS.03, "
                         "LGC.DMP/va1.01, LGC.DMP/va1.02, LGC.VSM.01, LGC.VSM.02, LGC.VSM.03, LGC.VSM.04, "
                         "LGC.VSM.05, LGC.VSM.06, LGC.VSM.07 …")
    keep["LGC.VSM.08"] = None                                   # exactly ten absent: no ellipsis
    imported = ImportedRem("trois.xlsx", "publication", d.id, {rid: ImportedRequirement(rid, "Exigences!2") for rid in keep})
    _, notes = plan_changes(model, imported, d)
    assert notes[-1] == ("10 exigence(s) de MDV-LGC-Va2 absente(s) du classeur et conservée(s) : INS.03, "
                         "LGC.DMP/va1.01, LGC.DMP/va1.02, LGC.VSM.01, LGC.VSM.02, LGC.VSM.03, LGC.VSM.04, "
                         "LGC.VSM.05, LGC.VSM.06, LGC.VSM.07")
