"""REM workbooks in ANS's three layouts, on screen, on paper and back through import-rem.

Read back with openpyxl against ANS's templates, converted with LibreOffice (xlsx → pdf
and xlsx → xlsx open/save), and imported with `segur import-rem` in-process.
"""
from __future__ import annotations

import json
import re
import shutil
import subprocess
from pathlib import Path

import openpyxl
import pytest

from build_tools.cli import main
from build_tools.engine import load_and_check
from build_tools.publish import publish
from build_tools.rem_rows import CONVERGENCE_COLUMNS, PREPUB_COLUMNS, REM_COLUMNS

from .conftest import REPO, SHARED_CORPUS, require

WRITERS = {"rem-xlsx", "rem-prepub", "rem-convergence"}
TEMPLATES = {"": ("template-rem-publication.xlsx", REM_COLUMNS),
             "-prepublication": ("template-rem-prepublication.xlsx", PREPUB_COLUMNS),
             "-convergence": ("template-export-convergence.xlsx", CONVERGENCE_COLUMNS)}


def _copy_corpus(dest: Path) -> Path:
    for part in ("requirements", "matrices", "book"):
        shutil.copytree(REPO / part, dest / part, ignore=shutil.ignore_patterns(".segur-cache"))
    return dest


@pytest.fixture(scope="module")
def published(tmp_path_factory) -> Path:
    root = _copy_corpus(tmp_path_factory.mktemp("layouts") / "corpus")
    out = root / "_build" / "publish"
    publish(root, out, only=WRITERS, with_pdf=False)
    return out


@pytest.fixture(scope="module")
def corpus(published):
    return load_and_check(published.parent.parent).corpus


@pytest.fixture
def embedded(tmp_path) -> Path:
    return _copy_corpus(tmp_path / "corpus")


def soffice_convert(files: list[Path], fmt: str, out: Path, profile: Path) -> None:
    exe = require("soffice")
    out.mkdir(parents=True, exist_ok=True)
    proc = subprocess.run([exe, f"-env:UserInstallation=file://{profile}", "--headless", "--convert-to", fmt,
                           "--outdir", str(out), *map(str, files)], capture_output=True, text=True, timeout=600,
                          env={"PATH": "/usr/bin:/bin", "HOME": str(profile), "TZ": "UTC"})
    assert proc.returncode == 0, proc.stderr


def test_every_layout_has_its_template_header_and_manifest_kind(published, corpus):
    require("shared")
    manifest = json.loads((published / "manifest.json").read_text("utf-8"))
    kinds = {(f["dispositif"], f["kind"]) for f in manifest["files"]}
    for d in corpus.dispositifs.values():
        assert (d.id, "rem") in kinds and (d.id, "rem-convergence") in kinds
        assert ((d.id, "rem-prepublication") in kinds) == (d.statut_publication != "publiée")
    d = corpus.dispositifs["HOP-DPI-Va2"]          # prépublication: all three layouts
    for suffix, (template, columns) in TEMPLATES.items():
        ref = openpyxl.load_workbook(SHARED_CORPUS / template)["Exigences"]
        wb = openpyxl.load_workbook(published / d.vague / d.id / f"REM-{d.id}{suffix}.xlsx")
        ws = wb["Exigences"]
        header = [c.value for c in ws[1]]
        assert header == [c.value for c in ref[1]][: len(header)] == list(columns)
        head = ws["A1"]
        assert (head.font.name, head.font.sz, head.font.b) == ("Arial", 12, True)
        assert head.fill.fgColor.rgb.endswith("0070C0")
    conv = openpyxl.load_workbook(published / d.vague / d.id / f"REM-{d.id}-convergence.xlsx")["Exigences"]
    assert conv.max_row - 1 == sum(max(len(s.preuves), 1) for r in d.rem for s in r.scenarios)


def test_ans_conditionnelle_nature_and_numbers(published, corpus):
    d = corpus.dispositifs["HOP-DPI-Va2"]
    pub = openpyxl.load_workbook(published / d.vague / d.id / f"REM-{d.id}.xlsx")["Exigences"]
    rows = {r[7]: r for r in pub.iter_rows(min_row=2, values_only=True)}
    assert rows["SSI/IAM.01"][0] == "OUI" and rows["SSI/IAM.01"][1] != "Général"   # was NON before
    assert all(r[0] == ("NON" if r[1] == "Général" else "OUI") for r in rows.values())
    assert {r[6] for r in rows.values()} <= {"EXIGENCE", "PRECONISATION"}
    para = corpus.dispositifs["PARAMED-LGC-Va2"]
    vacc = [r for r in para.rem if r.id.startswith("PARA.VACC.0")]
    assert vacc and all(not r.conditionnelle for r in vacc if r.profils == ("Général",))
    prep = openpyxl.load_workbook(published / d.vague / d.id / f"REM-{d.id}-prepublication.xlsx")["Exigences"]
    col = {name: i for i, name in enumerate(PREPUB_COLUMNS)}
    own = next(r for r in d.rem if not r.socle and r.id.startswith("DPI."))
    row = next(r for r in prep.iter_rows(min_row=2, values_only=True) if r[col["référence exigence"]] == own.id)
    assert row[col["ID"]] == own.id[len("DPI."):] and row[col["Rem Ségur"]] == d.id
    assert row[col["N° scénario"]] == own.scenarios[0].id[len("DPI."):]
    assert row[col["référence cas de test"]] == own.scenarios[0].id


def test_rows_paper_and_lock(published, corpus):
    d = corpus.dispositifs["MDV-LGC-Va2"]
    wb = openpyxl.load_workbook(published / d.vague / d.id / f"REM-{d.id}.xlsx")
    ws = wb["Exigences"]
    longest = max(d.rem, key=lambda r: len(r.enonce))
    heights = {row[7].value: ws.row_dimensions[row[7].row].height for row in ws.iter_rows(min_row=2)}
    # the énoncé column holds at most ~95 characters a line in LibreOffice: the row has room for all of them
    assert heights[longest.id] >= (len(longest.enonce) // 95 + 1) * 12.75
    assert min(heights.values()) >= 12.75 and len(set(heights.values())) > 3   # heights follow the text
    assert ws.page_setup.orientation == "landscape" and ws.sheet_properties.pageSetUpPr.fitToPage
    assert (ws.page_setup.fitToWidth or 1, ws.page_setup.fitToHeight) == (1, 0)   # absent = 1 (OOXML default)
    assert ws.print_title_rows == "$1:$1"
    footer = ws.oddFooter
    assert f"REM-{d.id}" in footer.left.text and d.version in footer.left.text
    assert "&P" in footer.right.text and "&N" in footer.right.text
    for sheet in wb.worksheets:
        p = sheet.protection
        assert p.sheet and not p.password, sheet.title
        assert p.sort is False and p.autoFilter is False, "sorting and filtering stay allowed"
    prep = openpyxl.load_workbook(published / "Va2" / "HOP-DPI-Va2" / "REM-HOP-DPI-Va2-prepublication.xlsx")
    assert not prep["Exigences"].protection.sheet     # ANS leaves prépublication open


def _words(text: str) -> str:
    return "".join(text.split())


def test_libreoffice_pdf_shows_every_enonce_whole(published, corpus, tmp_path):
    require("pdftotext")
    d = corpus.dispositifs["HOP-DPI-Va2"]
    files = [published / d.vague / d.id / f"REM-{d.id}{s}.xlsx" for s in TEMPLATES]
    soffice_convert(files, "pdf", tmp_path / "pdf", tmp_path / "lo")
    longest = max(d.rem, key=lambda r: len(r.enonce))
    for f in files:
        pdf = tmp_path / "pdf" / f.with_suffix(".pdf").name
        text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True).stdout
        info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True).stdout
        w, h = map(float, re.search(r"Page size:\s+([\d.]+) x ([\d.]+)", info).groups())
        assert w > h, f"{pdf.name} is landscape"
        # pdftotext -raw keeps each cell's lines in reading order
        raw = subprocess.run(["pdftotext", "-raw", str(pdf), "-"], capture_output=True, text=True).stdout
        assert _words(longest.enonce) in _words(raw), f"{pdf.name}: the longest énoncé is whole"
        assert f"REM-{d.id}" in text and "Page 1 / " in text


def test_libreoffice_open_save_gives_no_change(published, corpus, tmp_path, capsys):
    """Every publication REM, and the two other layouts of one dispositif, opened and saved by LibreOffice."""
    files = [f for f in sorted(published.glob("*/*/REM-*.xlsx"))
             if f.stem == f"REM-{f.parent.name}" or f.parent.name == "HOP-DPI-Va2"]
    saved = tmp_path / "saved"
    soffice_convert(files, "xlsx", saved, tmp_path / "lo")
    root = published.parent.parent
    for f in files:
        capsys.readouterr()
        code = main(["import-rem", "--root", str(root), "--dispositif", f.parent.name, str(saved / f.name)])
        out = capsys.readouterr().out
        assert code == 0 and "aucun changement" in out, out
        assert "ligne vide" not in out and "normalisé" not in out, out


def _unlocked_copy(src: Path, dest: Path, edit) -> Path:
    wb = openpyxl.load_workbook(src)
    for ws in wb.worksheets:
        ws.protection.sheet = False
    edit(wb)
    wb.save(dest)
    return dest


def test_import_shows_each_change_at_its_cell_as_words(embedded, published, capsys):
    src = published / "Va2" / "MDV-LGC-Va2" / "REM-MDV-LGC-Va2.xlsx"
    d = load_and_check(embedded).corpus.dispositifs["MDV-LGC-Va2"]
    target = next(r for r in d.rem if not r.socle and len(r.enonce) > 150)
    word = target.enonce.split()[-3]

    def edit(wb):
        ws, extra = wb["Exigences"], wb["Compléments"]
        for row in ws.iter_rows(min_row=2):
            if row[7].value == target.id:
                row[8].value = row[8].value.replace(word, word + " impérativement", 1)
                last = row
        new = [c.value for c in last]
        new[9], new[10] = target.id + ".09", "Montrer le nouveau cas au jury."
        new[11:] = [target.id + ".09.01", "Vidéo du nouveau cas"] + [None] * (len(new) - 13)
        ws.append(new)
        for row in extra.iter_rows(min_row=2):
            if row[0].value == target.id:
                row[1].value = "Mineure" if row[1].value == "Majeure" else "Majeure"
                crit_cell = f"Compléments!B{row[0].row}"
    edited = _unlocked_copy(src, embedded / "edited.xlsx", edit)
    assert main(["import-rem", "--root", str(embedded), str(edited)]) == 0
    out = capsys.readouterr().out
    enonce = next(line for line in out.splitlines() if f"~ {target.id} enonce" in line)
    assert f"{{+ impérativement+}}" in enonce or "{+impérativement +}" in enonce, enonce
    assert len(enonce) < len(target.enonce) + 80 and "…" in enonce
    assert re.search(r"\[Exigences!I\d+,", enonce)
    crit = next(line for line in out.splitlines() if f"~ {target.id} criticite" in line)
    assert "Compléments!B" in crit and "Exigences!" not in crit
    assert f"+ scénario {target.id}.09 : Montrer le nouveau cas au jury." in out
    assert f"+ preuve {target.id}.09.01 : Vidéo du nouveau cas" in out
    assert "{'id'" not in out


def test_enonce_differing_between_rows_is_a_conflict(embedded, published, capsys):
    src = published / "Va2" / "MDV-LGC-Va2" / "REM-MDV-LGC-Va2.xlsx"
    d = load_and_check(embedded).corpus.dispositifs["MDV-LGC-Va2"]
    target = next(r for r in d.rem if not r.socle and len(r.scenarios) >= 2)

    def edit(wb):
        rows = [row for row in wb["Exigences"].iter_rows(min_row=2) if row[7].value == target.id]
        rows[1][8].value = "Le système DOIT faire autre chose."
    edited = _unlocked_copy(src, embedded / "conflict.xlsx", edit)
    before = (embedded / d.file).read_bytes()
    assert main(["import-rem", "--root", str(embedded), str(edited), "--write"]) == 1
    out = capsys.readouterr().out
    line = next(x for x in out.splitlines() if x.strip().startswith(f"conflit {target.id}"))
    assert len(re.findall(r"Exigences!I\d+", line)) == 2 and "autre chose" in line
    assert (embedded / d.file).read_bytes() == before


def test_write_keeps_comments_and_untouched_scalar_styles(embedded, published, capsys):
    src = published / "Va2" / "MDV-LGC-Va2" / "REM-MDV-LGC-Va2.xlsx"
    d = load_and_check(embedded).corpus.dispositifs["MDV-LGC-Va2"]
    target = next(r for r in d.rem if not r.socle and len(r.scenarios) >= 2)
    first, second = target.scenarios[0], target.scenarios[1]

    def edit(wb):
        for row in wb["Exigences"].iter_rows(min_row=2):
            if row[9].value == second.id:
                row[10].value = second.texte + " Puis recommencer."
    edited = _unlocked_copy(src, embedded / "scen.xlsx", edit)
    path = embedded / d.file
    before = path.read_text("utf-8").splitlines()
    assert main(["import-rem", "--root", str(embedded), str(edited), "--write"]) == 0
    out = capsys.readouterr().out
    assert f"~ scénario {second.id} :" in out and "{+ Puis recommencer.+}" in out.replace("{+Puis", "{+ Puis")
    after = path.read_text("utf-8").splitlines()
    assert [x for x in before if x.lstrip().startswith("#")] == [x for x in after if x.lstrip().startswith("#")]
    removed = [x for x in before if x not in after]
    assert removed and all(first.texte[:30] not in x for x in removed)
    assert len([x for x in after if x not in before]) <= 2
    new = load_and_check(embedded).corpus.dispositifs["MDV-LGC-Va2"]
    scen = next(r for r in new.rem if r.id == target.id).scenarios
    assert scen[1].texte.endswith("Puis recommencer.") and scen[0].texte == first.texte


def test_reads_ans_prepublication_template():
    require("shared")
    from build_tools.rem_import.rem_workbook import read_rem_workbook
    rem = read_rem_workbook(SHARED_CORPUS / "template-rem-prepublication.xlsx")
    assert rem.layout == "prepublication" and len(rem.requirements) == 1
    r = next(iter(rem.requirements.values()))
    assert r.full_id and r.id == "SC.MSS/CDA.01" and r.nature == "Exigence" and r.criticite == "Mineure"
    assert r.bloc == "Modalités d'intégration d'un document au format CDA"
    assert [p.id for s in r.scenarios for p in s.preuves][0].endswith("MSS/CDA.01.01.01")
