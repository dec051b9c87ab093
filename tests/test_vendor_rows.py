"""What vendors download, at its edges, with expectations written by hand: ANS numbers and
*Périmètre* values, the CSV's formula guard and its dialect read back with the `csv`
module, the published JSON Schema as promised, and the JSON fields that depend on the
previous wave.
"""
from __future__ import annotations

import csv
import io
import json
import shutil
from types import SimpleNamespace

import openpyxl
import pytest

from build_tools.publish import publish
from build_tools.rem_rows import ans_number, perimetre
from build_tools.writers.rem_tables import csv_text, neutralise

from .conftest import MINIMAL

D = "MDV-LGC-Va2"


@pytest.mark.parametrize("ref,number", [
    ("LGC.VSM.06", "VSM.06"),          # a dispositif's three-letter prefix is dropped
    ("SC.INS.01", "INS.01"),           # socle project
    ("CH.DMP.02.01", "DMP.02.01"),     # chantier project
    ("DPI.X", "X"),
    ("PARA.VACC.01", "PARA.VACC.01"),  # a four-letter prefix is printed whole
    ("AB.X.01", "AB.X.01"),            # two letters but neither SC nor CH
    ("LGCVSM", "LGCVSM"),              # no dot: whole
    (".VSM.01", ".VSM.01"),            # empty head: whole
    ("sc.INS.01", "sc.INS.01"),        # project prefixes are upper case
])
def test_ans_number(ref, number):
    assert ans_number(ref) == number


@pytest.mark.parametrize("vague,shown", [("Va2", "Vague 2"), ("VA3", "Vague 3"), ("va10", "Vague 10"),
                                         ("Hors vague", "Hors vague"), ("V2", "V2")])
def test_perimetre(vague, shown):
    assert perimetre(SimpleNamespace(vague=vague)) == shown


@pytest.mark.parametrize("cell,written", [
    ("=1+1", "'=1+1"), ("+33 1 23", "'+33 1 23"), ("-x", "'-x"), ("@SUM(A1)", "'@SUM(A1)"),
    ("\tcmd", "'\tcmd"), ("\rcmd", "'\rcmd"), ("a=b", "a=b"), ("", ""), ("'déjà", "'déjà"),
])
def test_neutralise(cell, written):
    assert neutralise(cell) == written


def test_csv_dialect_read_back_by_the_csv_module():
    rows = [["OUI", "Médecin; infirmier", 'dit "oui"', "ligne 1\nligne 2", "=HYPERLINK(x)"] + [""] * 26]
    text = csv_text(rows)
    assert text.startswith("\ufeffExigence conditionnelle OUI/NON;Profil;")
    assert "\r\n" in text and not text.replace("\r\n", "").replace("ligne 1\nligne 2", "").count("\n")
    got = list(csv.reader(io.StringIO(text.lstrip("\ufeff"), newline=""), delimiter=";"))
    assert len(got) == 2 and len(got[0]) == 31
    assert got[1][:5] == ["OUI", "Médecin; infirmier", 'dit "oui"', "ligne 1\nligne 2", "'=HYPERLINK(x)"]
    # only the cells that need it are quoted (QUOTE_MINIMAL): a plain cell is written bare
    assert text.split("\r\n")[1].startswith('OUI;"Médecin; infirmier";"dit ""oui""";')


# --- the published JSON Schema, whole, as vendors are promised it -------------------------
S = {"type": "string"}
NULLABLE = {"type": ["string", "null"]}
PROMISED_SCHEMA = {
    "$schema": "https://json-schema.org/draft/2020-12/schema",
    "$id": "exigences.schema.json",
    "title": "Exigences d'un REM Ségur (une entrée par exigence)",
    "type": "array",
    "items": {
        "type": "object", "additionalProperties": False,
        "required": ["id", "dispositif", "vague", "section", "bloc", "fonction", "nature", "criticite", "profils",
                     "conditionnelle", "enonce", "referentiels", "origine", "id_socle", "statut", "id_precedent",
                     "enonce_precedent", "scenarios"],
        "properties": {
            "id": S, "dispositif": S, "vague": S,
            "section": {"type": "object", "additionalProperties": False, "required": ["code", "libelle"],
                        "properties": {"code": S, "libelle": S}},
            "bloc": S, "fonction": S,
            "nature": {"enum": ["Exigence", "Préconisation"]},
            "criticite": {"enum": ["Majeure", "Mineure"]},
            "profils": {"type": "array", "items": S},
            "conditionnelle": {"type": "boolean"},
            "enonce": S,
            "referentiels": {"type": "array", "items": S},
            "origine": S, "id_socle": NULLABLE,
            "statut": {"enum": ["Nouvelle", "Modifiée", "Inchangée", "Obsolète"]},
            "id_precedent": NULLABLE, "enonce_precedent": NULLABLE,
            "scenarios": {"type": "array", "items": {
                "type": "object", "additionalProperties": False, "required": ["id", "texte", "preuves"],
                "properties": {
                    "id": S, "texte": S,
                    "preuves": {"type": "array", "maxItems": 10, "items": {
                        "type": "object", "additionalProperties": False, "required": ["id", "texte"],
                        "properties": {"id": S, "texte": S}}}}}},
        },
    },
}


# Function-scoped on purpose (a publish of the minimal fixture is a fraction of a second):
# mutmut attributes a module-scoped fixture's work to the first test only, so the other
# tests of the module would never run against a mutant of the writers.
@pytest.fixture
def tables(tmp_path):
    root = tmp_path / "corpus"
    shutil.copytree(MINIMAL, root, ignore=shutil.ignore_patterns(".segur-cache"))
    out = root.parent / "publish"
    publish(root, out, only={"rem-tables"}, with_pdf=False)
    return out


def test_published_schema_is_the_promised_one(tables):
    raw = (tables / "exigences.schema.json").read_text("utf-8")
    assert json.loads(raw) == PROMISED_SCHEMA
    assert raw.endswith("}\n") and "Ségur" in raw          # UTF-8 text, not \\u escapes
    assert raw.startswith('{\n  "$schema": "https://json-schema.org/draft/2020-12/schema",\n  "$id": ')  # 2-space indent
    manifest = json.loads((tables / "manifest.json").read_text("utf-8"))
    entries = {f["path"]: (f["kind"], f["dispositif"], f["vague"]) for f in manifest["files"]}
    assert entries == {
        "exigences.schema.json": ("schema", "", ""),
        "Va1/MDV-LGC-Va1/exigences-MDV-LGC-Va1.csv": ("csv", "MDV-LGC-Va1", "Va1"),
        "Va1/MDV-LGC-Va1/exigences-MDV-LGC-Va1.json": ("json", "MDV-LGC-Va1", "Va1"),
        "Va2/MDV-LGC-Va2/exigences-MDV-LGC-Va2.csv": ("csv", "MDV-LGC-Va2", "Va2"),
        "Va2/MDV-LGC-Va2/exigences-MDV-LGC-Va2.json": ("json", "MDV-LGC-Va2", "Va2"),
    }


def test_json_records_carry_the_previous_wave_text(tables):
    records = json.loads((tables / "Va2" / D / f"exigences-{D}.json").read_text("utf-8"))
    got = {r["id"]: (r["statut"], r["id_precedent"], r["enonce_precedent"], r["origine"], r["id_socle"])
           for r in records}
    assert got == {
        "INS.01": ("Inchangée", "INS.01", "Le système DOIT appeler le téléservice [INS2].", "socle INS", "SC.INS.01"),
        "INS.03": ("Nouvelle", None, None, "socle INS", "SC.INS.03"),
        "LGC.DMP/va1.01": ("Inchangée", "LGC.DMP.01", "Le système DOIT alimenter le DMP.", "spécifique", None),
        # Modifiée: the wave-1 text, not the current one
        "LGC.DMP/va1.02": ("Modifiée", "LGC.DMP.02", "Le système DOIT remplacer un document.", "spécifique", None),
        "LGC.VSM.01": ("Nouvelle", None, None, "spécifique", None),
    }
    va1 = json.loads((tables / "Va1" / "MDV-LGC-Va1" / "exigences-MDV-LGC-Va1.json").read_text("utf-8"))
    assert all(r["enonce_precedent"] is None for r in va1)          # wave 1 has no previous REM


def test_csv_and_json_files_are_utf8_with_final_newline(tables):
    folder = tables / "Va2" / D
    raw = (folder / f"exigences-{D}.csv").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbfExigence conditionnelle OUI/NON;") and raw.endswith(b"\r\n")
    js = (folder / f"exigences-{D}.json").read_text("utf-8")
    assert js.endswith("]\n") and "Identité nationale de santé" in js
    assert js.startswith('[\n {\n  "id": "INS.01",')           # one-space indent, records in REM order


# --- ANS's prépublication and Convergence layouts: numbers of picks and own requirements ----
@pytest.fixture
def ans_layouts(tmp_path):
    root = tmp_path / "corpus"
    shutil.copytree(MINIMAL, root, ignore=shutil.ignore_patterns(".segur-cache"))
    out = root.parent / "publish"
    publish(root, out, only={"rem-prepub", "rem-convergence"}, with_pdf=False)
    return out / "Va2" / D


def _rows_by_header(path):
    ws = openpyxl.load_workbook(path)["Exigences"]
    rows = list(ws.iter_rows(values_only=True))
    return [dict(zip(rows[0], r)) for r in rows[1:] if any(v is not None for v in r)]


@pytest.mark.parametrize("layout,proof_col", [("prepublication", "N° preuve 1"), ("convergence", "N° preuve")])
def test_ans_layouts_number_picks_whole_and_own_requirements_without_prefix(ans_layouts, layout, proof_col):
    rows = _rows_by_header(ans_layouts / f"REM-{D}-{layout}.xlsx")
    got = [(r["Périmètre"], r["ID"], r["N° scénario"], r[proof_col]) for r in rows]
    # a socle pick keeps its REM numbers (INS.01 is already without SC.); LGC. is dropped from own ones
    assert ("Vague 2", "INS.01", "INS.01.01", "INS.01.01.01") in got
    assert ("Vague 2", "VSM.01", "VSM.01.01", "VSM.01.01.01") in got
    assert ("Vague 2", "DMP/va1.02", "DMP/va1.02.01", "DMP/va1.02.01.01") in got
    assert all(not str(v).startswith(("LGC.", "SC.")) for g in got for v in g[1:])


# The golden files of tests/golden/ (reviewed by hand), compared here with a function-scoped
# publish so that a mutation run runs them (test_golden's module-scoped fixture hides them).
GOLDEN = MINIMAL.parent.parent / "golden" / "minimal"


def test_json_and_csv_equal_the_reviewed_golden_files(tables):
    folder = tables / "Va2" / D
    records = json.loads((folder / f"exigences-{D}.json").read_text("utf-8"))
    assert records == json.loads((GOLDEN / f"exigences-{D}.json").read_text("utf-8"))
    rows = list(csv.reader(io.StringIO((folder / f"exigences-{D}.csv").read_text("utf-8-sig"), newline=""),
                           delimiter=";"))
    assert rows == json.loads((GOLDEN / f"exigences-{D}.csv.json").read_text("utf-8"))


def test_every_proof_of_a_scenario_is_in_its_row(tmp_path):
    root = tmp_path / "corpus"
    shutil.copytree(MINIMAL, root, ignore=shutil.ignore_patterns(".segur-cache"))
    v2 = root / "requirements" / "Va2" / f"{D}.yaml"
    v2.write_text(v2.read_text("utf-8").replace(
        "          - {id: LGC.VSM.01.01.01, texte: Vidéo}\n",
        "          - {id: LGC.VSM.01.01.01, texte: Vidéo}\n          - {id: LGC.VSM.01.01.02, texte: Journal}\n"), "utf-8")
    publish(root, tmp_path / "out", only={"rem-tables"}, with_pdf=False)
    rows = list(csv.reader(io.StringIO((tmp_path / "out" / "Va2" / D / f"exigences-{D}.csv").read_text("utf-8-sig"),
                                       newline=""), delimiter=";"))
    row = next(r for r in rows if r[7] == "LGC.VSM.01")
    assert row[9:15] == ["LGC.VSM.01.01", "Générer.", "LGC.VSM.01.01.01", "Vidéo", "LGC.VSM.01.01.02", "Journal"]
    assert row[15:] == [""] * 16
