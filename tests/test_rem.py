"""REM spreadsheets out (xlsx, CSV, JSON, manifest) and back in (import-rem).

Everything written is opened with independent readers: openpyxl, LibreOffice headless
(xlsx → csv) and jsonschema; the round trip compares data files byte for byte.
"""
from __future__ import annotations

import csv
import hashlib
import io
import json
import os
import shutil
import subprocess
from pathlib import Path

import jsonschema
import openpyxl
import pytest

from build_tools.cli import main
from build_tools.engine import load_and_check
from build_tools.publish import publish
from build_tools.rem_import.rem_workbook import ImportRefused, read_rem_workbook
from build_tools.rem_rows import REM_COLUMNS

from .conftest import REPO, SHARED_CORPUS, needs_shared, require

REM_WRITERS = {"rem-xlsx", "rem-tables"}


def soffice() -> str:
    """LibreOffice's path; skips the test when absent (fails under CI)."""
    return require("soffice")


@pytest.fixture
def embedded(tmp_path) -> Path:
    dest = tmp_path / "corpus"
    for part in ("requirements", "matrices", "book"):
        shutil.copytree(REPO / part, dest / part, ignore=shutil.ignore_patterns(".segur-cache"))
    return dest


@pytest.fixture
def published(embedded) -> Path:
    publish(embedded, embedded / "_build" / "publish", only=REM_WRITERS)
    return embedded / "_build" / "publish"


def tree_bytes(root: Path, part: str) -> dict[str, bytes]:
    return {str(p.relative_to(root)): p.read_bytes() for p in sorted((root / part).rglob("*")) if p.is_file()}


def test_rem_workbook_layout(embedded, published):
    corpus = load_and_check(embedded).corpus
    d = corpus.dispositifs["MDV-LGC-Va2"]
    wb = openpyxl.load_workbook(published / "Va2" / d.id / f"REM-{d.id}.xlsx")
    marks = ["Données"] if corpus.donnees_exemple else []     # the example-data mark sheet, last
    assert wb.sheetnames == ["Exigences", "Profils", "Référentiels", "Évolutions", "Compléments", "Métadonnées"] + marks
    ws = wb["Exigences"]
    assert [c.value for c in ws[1]] == REM_COLUMNS
    assert ws.max_row - 1 == sum(len(r.scenarios) for r in d.rem)
    assert ws.freeze_panes == "A2"
    assert ws.auto_filter.ref == f"A1:AE{ws.max_row}"
    validated = {str(dv.sqref).split(":")[0]: dv.formula1 for dv in ws.data_validations.dataValidation}
    assert "A2" not in validated  # conditionnelle is derived from the profile, not chosen
    assert validated["G2"] == '"EXIGENCE,PRECONISATION"'
    assert ws.column_dimensions["I"].width > 50 and ws["I2"].alignment.wrap_text
    ids = {row[7] for row in ws.iter_rows(min_row=2, values_only=True)}
    assert ids == {r.id for r in d.rem}
    meta = {row[0]: row[1] for row in wb["Métadonnées"].iter_rows(values_only=True)}
    assert meta["Dispositif"] == d.id and meta["Version"] == d.version
    assert meta["Empreinte sha256 des données sources"] == d.source_sha256
    evol = {row[0]: row[1] for row in wb["Évolutions"].iter_rows(min_row=2, values_only=True)}
    assert evol == {r.id: r.statut for r in d.rem + d.obsoletes}
    refs = [row[0] for row in wb["Référentiels"].iter_rows(min_row=2, values_only=True)]
    assert refs == [f"[{c}]" for c in sorted({c for r in d.rem for c in r.referentiels})]


def test_formula_like_text_stays_text(minimal, tmp_path):
    v2 = minimal / "requirements/Va2/MDV-LGC-Va2.yaml"
    v2.write_text(v2.read_text("utf-8").replace("texte: Générer.", 'texte: "=1+1"'), "utf-8")
    out = tmp_path / "pub"
    publish(minimal, out, only=REM_WRITERS)
    path = out / "Va2" / "MDV-LGC-Va2" / "REM-MDV-LGC-Va2.xlsx"
    cell = next(c for row in openpyxl.load_workbook(path)["Exigences"].iter_rows(min_row=2)
                for c in row if c.value == "=1+1")
    assert cell.data_type == "s"
    exe = soffice()
    subprocess.run([exe, f"-env:UserInstallation=file://{tmp_path}/lo", "--headless", "--convert-to",
                    "csv:Text - txt - csv (StarCalc):59,34,76", "--outdir", str(tmp_path / "csv"), str(path)],
                   check=True, capture_output=True, timeout=180)
    rows = list(csv.reader(io.StringIO((tmp_path / "csv" / "REM-MDV-LGC-Va2.csv").read_text("utf-8")), delimiter=";"))
    assert rows[0] == REM_COLUMNS
    scenario_col = REM_COLUMNS.index("Scénario de conformité")
    assert "=1+1" in [r[scenario_col] for r in rows[1:]]
    assert "2" not in [r[scenario_col] for r in rows[1:]]


def test_libreoffice_opens_every_rem(embedded, published, tmp_path):
    exe = soffice()
    files = sorted(published.rglob("REM-*.xlsx"))
    subprocess.run([exe, f"-env:UserInstallation=file://{tmp_path}/lo", "--headless", "--convert-to",
                    "csv:Text - txt - csv (StarCalc):59,34,76", "--outdir", str(tmp_path / "csv"), *map(str, files)],
                   check=True, capture_output=True, timeout=300)
    corpus = load_and_check(embedded).corpus
    for f in files:
        did = f.stem[len("REM-"):]
        rows = list(csv.reader(io.StringIO((tmp_path / "csv" / f"{f.stem}.csv").read_text("utf-8")), delimiter=";"))
        assert rows[0] == REM_COLUMNS
        assert len(rows) - 1 == sum(len(r.scenarios) for r in corpus.dispositifs[did].rem)


def test_csv_json_and_manifest(embedded, published):
    corpus = load_and_check(embedded).corpus
    d = corpus.dispositifs["BIO-SGL-Va2"]
    raw = (published / "Va2" / d.id / f"exigences-{d.id}.csv").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(raw.decode("utf-8-sig")), delimiter=";"))
    assert rows[0] == REM_COLUMNS and len(rows) - 1 == sum(len(r.scenarios) for r in d.rem)
    records = json.loads((published / "Va2" / d.id / f"exigences-{d.id}.json").read_text("utf-8"))
    schema = json.loads((published / "exigences.schema.json").read_text("utf-8"))
    jsonschema.validate(records, schema)
    assert [r["id"] for r in records] == [r.id for r in d.rem]
    manifest = json.loads((published / "manifest.json").read_text("utf-8"))
    listed = {f["path"]: f for f in manifest["files"]}
    on_disk = {str(p.relative_to(published)) for p in published.rglob("*") if p.is_file()} - {"manifest.json"}
    assert set(listed) == on_disk
    for path, entry in listed.items():
        data = (published / path).read_bytes()
        assert entry["bytes"] == len(data) and entry["sha256"] == hashlib.sha256(data).hexdigest()
    assert {f["dispositif"] for f in manifest["files"] if f["kind"] == "rem"} == set(corpus.dispositifs)


def test_publish_is_byte_reproducible(embedded, tmp_path):
    a, b = tmp_path / "a", tmp_path / "b"
    publish(embedded, a, only=REM_WRITERS)
    publish(embedded, b, only=REM_WRITERS)
    assert tree_bytes(a, ".") == tree_bytes(b, ".")


def test_publish_refuses_a_broken_corpus_and_keeps_the_previous_output(minimal, tmp_path, capsys):
    out = tmp_path / "pub"
    assert main(["publish", "--root", str(minimal), "--out", str(out), "--only", "rem-xlsx,rem-tables"]) == 0
    before = tree_bytes(out, ".")
    v1 = minimal / "requirements/Va1/MDV-LGC-Va1.yaml"
    v1.write_text(v1.read_text("utf-8").replace("id: LGC.DMP.03\n", "id: LGC.DMP.XX\n"), "utf-8")
    assert main(["publish", "--root", str(minimal), "--out", str(out), "--only", "rem-xlsx,rem-tables"]) == 1
    assert "rien n'a été publié" in capsys.readouterr().err
    assert tree_bytes(out, ".") == before
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".pub")] == []


def test_round_trip_is_lossless(embedded, published, capsys):
    before = tree_bytes(embedded, "requirements")
    for f in sorted(published.rglob("REM-*.xlsx")):
        assert main(["import-rem", "--root", str(embedded), str(f), "--write"]) == 0
        assert "aucun changement" in capsys.readouterr().out
    assert tree_bytes(embedded, "requirements") == before


def test_author_edit_comes_back_into_yaml(embedded, published, capsys):
    src = published / "Va2" / "MDV-LGC-Va2" / "REM-MDV-LGC-Va2.xlsx"
    wb = openpyxl.load_workbook(src)
    ws = wb["Exigences"]
    for row in ws.iter_rows(min_row=2):
        if row[7].value == "LGC.HEB.01":
            row[8].value = "<p>Le système DOIT rester utilisable&nbsp;hors ligne.</p>\u00a0"
    edited = embedded / "edited.xlsx"
    wb.save(edited)
    before = tree_bytes(embedded, "requirements")
    assert main(["import-rem", "--root", str(embedded), str(edited)]) == 0
    out = capsys.readouterr().out
    assert "~ LGC.HEB.01 enonce" in out and "balises HTML supprimées" in out and "Exigences!" in out
    assert tree_bytes(embedded, "requirements") == before          # dry run changes nothing
    assert main(["import-rem", "--root", str(embedded), str(edited), "--write"]) == 0
    after = tree_bytes(embedded, "requirements")
    changed = [k for k in after if after[k] != before[k]]
    assert changed == ["requirements/Va2/MDV-LGC-Va2.yaml"]
    old_lines = before[changed[0]].decode().splitlines()
    new_lines = after[changed[0]].decode().splitlines()
    assert len([line for line in new_lines if line not in old_lines]) == 1
    d = load_and_check(embedded).corpus.dispositifs["MDV-LGC-Va2"]
    assert next(r for r in d.rem if r.id == "LGC.HEB.01").enonce == "Le système DOIT rester utilisable hors ligne."


def test_unknown_column_is_refused(embedded, published, capsys):
    src = published / "Va2" / "RAD-RIS-Va2" / "REM-RAD-RIS-Va2.xlsx"
    wb = openpyxl.load_workbook(src)
    wb["Exigences"].cell(row=1, column=40, value="Commentaire éditeur")
    bad = embedded / "bad.xlsx"
    wb.save(bad)
    with pytest.raises(ImportRefused, match=r"colonne\(s\) inconnue\(s\).*Commentaire éditeur"):
        read_rem_workbook(bad)
    before = tree_bytes(embedded, "requirements")
    assert main(["import-rem", "--root", str(embedded), str(bad), "--write"]) == 1
    assert "rien n'a été modifié" in capsys.readouterr().err
    assert tree_bytes(embedded, "requirements") == before


def test_merged_header_is_refused(embedded, published):
    wb = openpyxl.load_workbook(published / "Va2" / "RAD-RIS-Va2" / "REM-RAD-RIS-Va2.xlsx")
    wb["Exigences"].merge_cells("D1:E1")
    bad = embedded / "merged.xlsx"
    wb.save(bad)
    with pytest.raises(ImportRefused, match="cellules d'en-tête fusionnées D1:E1"):
        read_rem_workbook(bad)


@needs_shared
def test_reads_ans_templates():
    conv = read_rem_workbook(SHARED_CORPUS / "template-export-convergence.xlsx")
    assert conv.layout == "convergence"
    r = conv.requirements["MSS/CDA.01"]
    assert r.section_code == "MSS/CDA" and r.criticite == "Mineure"
    assert [p.id for s in r.scenarios for p in s.preuves] == ["MSS/CDA.01.01.01"]
    pub = read_rem_workbook(SHARED_CORPUS / "template-rem-publication.xlsx")
    assert pub.layout == "published" and list(pub.requirements) == ["MSS/CDA.01"]
    # the template repeats the proof text in empty-numbered proof cells: those are not proofs
    assert [p.id for p in pub.requirements["MSS/CDA.01"].scenarios[0].preuves] == ["MSS/CDA.01.01.01"]
