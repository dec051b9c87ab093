"""Hostile and broken input (issue 9): one family of generated cases per class.

Class 1 (markup on the site) is in test_hostile_site.py. Every case here is generated at
test time from the minimal corpus (nothing large is stored) and asserts the exit code, a
message that names the file and line (or sheet and cell), no traceback, and that earlier
outputs and data files are untouched. The limits are documented in docs/reliability.md.
"""
from __future__ import annotations

import csv
import hashlib
import io
import json
import os
import re
import resource
import shutil
import signal
import subprocess
import sys
import zipfile
from pathlib import Path

import openpyxl
import pytest

from build_tools.cli import main
from build_tools.loaders import xlsx_guard
from build_tools.loaders.located_yaml import MAX_DEPTH
from build_tools.loaders.text_values import MAX_TEXT
from build_tools.verify import problem_of

from .conftest import line_of, require

V2 = "requirements/Va2/MDV-LGC-Va2.yaml"
D = "MDV-LGC-Va2"
SEGUR = [sys.executable, "-m", "build_tools.cli"]


def run(capsys, *argv) -> tuple[int, str]:
    """The CLI in-process; returns (exit code, stdout + stderr)."""
    code = main([str(a) for a in argv])
    out = capsys.readouterr()
    text = out.out + out.err
    assert "Traceback" not in text
    return code, text


def digest(folder: Path) -> dict[str, str]:
    """sha256 of every file under a folder (relative path -> digest)."""
    return {p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file() and ".segur-cache" not in p.parts}


def edit(root: Path, rel: str, old: str, new: str) -> int:
    """Replace the first `old` in a corpus file; returns the line of the new text."""
    p = root / rel
    text = p.read_text("utf-8")
    assert old in text, old
    text = text.replace(old, new, 1)
    p.write_text(text, "utf-8")
    return line_of(text, new.strip().splitlines()[0] if new.strip() else old)


# --- class 2: formula injection in the CSV ------------------------------------------------
FORMULAS = ["=1+1", "+1+1", "-1+1", "@SUM(A1)", "\t=1+1", '=HYPERLINK("http://x.invalid","clic")']


@pytest.fixture
def formula_publication(minimal, tmp_path):
    """Scenario and proof texts starting like formulas, published (CSV, JSON, xlsx)."""
    text = (minimal / V2).read_text("utf-8")
    text = text.replace("texte: Générer.", f"texte: {json.dumps(FORMULAS[0], ensure_ascii=False)}", 1)
    anchor = "          - {id: LGC.VSM.01.01.01, texte: Vidéo}\n"
    assert anchor in text
    proofs = "".join(f"          - {{id: LGC.VSM.01.01.{i + 2:02d}, texte: {json.dumps(f, ensure_ascii=False)}}}\n"
                     for i, f in enumerate(FORMULAS[1:]))
    (minimal / V2).write_text(text.replace(anchor, anchor + proofs), "utf-8")
    out = tmp_path / "pub"
    assert main(["publish", "--root", str(minimal), "--no-pdf", "--only", "rem-tables,rem-xlsx", "--out", str(out)]) == 0
    return out / "Va2" / D


def test_csv_cells_starting_like_formulas_are_neutralised(formula_publication):
    folder = formula_publication
    raw = (folder / f"exigences-{D}.csv").read_bytes().decode("utf-8-sig")
    cells = [c for row in csv.reader(io.StringIO(raw, newline=""), delimiter=";") for c in row]
    for f in FORMULAS:
        assert "'" + f in cells, f                     # OWASP: a leading apostrophe
        assert f not in cells, f
    assert not [c for c in cells if c[:1] in ("=", "+", "-", "@", "\t", "\r")]
    # the JSON keeps the raw text; the xlsx stores it as text (never a formula)
    records = json.loads((folder / f"exigences-{D}.json").read_text("utf-8"))
    texts = {p["texte"] for r in records for s in r["scenarios"] for p in [s, *s["preuves"]]}
    assert set(FORMULAS) <= texts
    wb = openpyxl.load_workbook(folder / f"REM-{D}.xlsx")
    values = {c.value: c.data_type for row in wb["Exigences"].iter_rows() for c in row if c.value in FORMULAS}
    assert set(values) == set(FORMULAS) and set(values.values()) == {"s"}


def test_libreoffice_evaluates_no_csv_cell(formula_publication, tmp_path):
    """LibreOffice opens the CSV as a French user would (';', UTF-8): no cell is a formula."""
    soffice = require("soffice")
    src = formula_publication / f"exigences-{D}.csv"
    subprocess.run([soffice, f"-env:UserInstallation=file://{tmp_path}/lo", "--headless", "--infilter=CSV:59,34,76",
                    "--convert-to", "xlsx", "--outdir", str(tmp_path), str(src)], check=True, capture_output=True,
                   timeout=180)
    wb = openpyxl.load_workbook(tmp_path / f"exigences-{D}.xlsx")
    cells = [c for row in wb.active.iter_rows() for c in row if c.value is not None]
    assert not [c.coordinate for c in cells if c.data_type == "f"]
    shown = {str(c.value) for c in cells}
    assert {"'=1+1", "'+1+1", "'-1+1"} <= shown and "2" not in shown      # text, not computed


# --- class 3: a failed write is never published ----------------------------------------
def _limited(max_bytes: int):
    def limit():                   # a full disk, as the writers see it: writes fail (EFBIG)
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
        resource.setrlimit(resource.RLIMIT_FSIZE, (max_bytes, max_bytes))
    return limit


def _publish_sub(root: Path, out: Path, *args, limit: int | None = None, env=None):
    return subprocess.run([*SEGUR, "publish", "--root", str(root), "--out", str(out), *args],
                          capture_output=True, text=True, timeout=600, env=env,
                          preexec_fn=_limited(limit) if limit else None, cwd=Path(__file__).parents[1])


@pytest.fixture
def published(minimal, tmp_path):
    """A first publication of the minimal corpus (no PDF), to be kept intact."""
    out = tmp_path / "pub"
    assert main(["publish", "--root", str(minimal), "--no-pdf", "--only", "rem-tables,rem-xlsx", "--out", str(out)]) == 0
    return minimal, out, digest(out)


@pytest.mark.parametrize("writers,limit", [("rem-tables", 2_000), ("rem-xlsx", 4_000)])
def test_disk_full_keeps_previous_publication(published, writers, limit):
    root, out, before = published
    res = _publish_sub(root, out, "--no-pdf", "--only", writers, limit=limit)
    assert res.returncode == 1, res.stderr
    assert "Traceback" not in res.stderr + res.stdout
    assert "rien n'a été publié" in res.stderr and "trop grand" in res.stderr
    assert digest(out) == before
    assert not [p for p in out.parent.iterdir() if p.name.startswith(".pub-")]


def test_unwritable_output_folder_is_a_clear_error(published, capsys, tmp_path):
    root, _, _ = published
    blocker = tmp_path / "a-file"
    blocker.write_text("x")
    code, text = run(capsys, "publish", "--root", root, "--no-pdf", "--out", blocker / "pub")
    assert code == 1 and "impossible d'écrire" in text and str(blocker) in text


def test_libreoffice_failing_mid_conversion_publishes_nothing(published):
    """PDFs cut short (disk full during LibreOffice): exit 1, previous publication intact."""
    require("soffice")
    root, out, before = published
    with_prose(root)
    res = _publish_sub(root, out, "--only", "documents", limit=40_000)
    assert res.returncode == 1, res.stdout[-2000:] + res.stderr
    assert "Traceback" not in res.stderr + res.stdout
    assert "documents" in res.stderr and "rien n'a été publié" in res.stderr
    assert digest(out) == before


def with_prose(root: Path) -> Path:
    """The minimal corpus with the shared DSR/AF prose, so that the documents writer runs."""
    shutil.copytree(Path(__file__).parents[1] / "book" / "prose", root / "book" / "prose")
    for f in (root / "requirements" / "financement").glob("*.yaml"):
        if "commande:" not in f.read_text("utf-8"):
            with open(f, "a", encoding="utf-8") as fh:
                fh.write("commande: {anteriorite_max_jours: 30}\n")
    return root


def _pdf_bytes() -> bytes:
    from pypdf import PdfWriter
    w = PdfWriter()
    w.add_blank_page(width=200, height=200)
    buf = io.BytesIO()
    w.write(buf)
    return buf.getvalue()


def _zip_bytes(names: tuple[str, ...]) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        for n in names:
            z.writestr(n, "<x>" + "données " * 200 + "</x>")
    return buf.getvalue()


@pytest.mark.parametrize("suffix,make,cut", [
    (".pdf", _pdf_bytes, 0.5), (".pdf", _pdf_bytes, 0.98), (".pdf", lambda: b"", 1.0),
    (".docx", lambda: _zip_bytes(("[Content_Types].xml", "word/document.xml")), 0.6),
    (".xlsx", lambda: _zip_bytes(("[Content_Types].xml", "xl/workbook.xml")), 0.9),
    (".xlsx", lambda: _zip_bytes(("[Content_Types].xml",)), 1.0),
    (".json", lambda: b'{"a": [1, 2', 1.0)])
def test_verification_refuses_truncated_files(tmp_path, suffix, make, cut):
    whole = make()
    good = tmp_path / f"good{suffix}"
    if cut == 1.0 and whole and suffix != ".xlsx" and suffix != ".json":
        pytest.skip("no whole variant")
    data = whole[: int(len(whole) * cut)]
    p = tmp_path / f"cut{suffix}"
    p.write_bytes(data)
    assert problem_of(p)                     # refused, with a reason
    if suffix in (".pdf", ".docx") and cut < 1.0:
        good.write_bytes(whole)
        assert problem_of(good) == ""        # the whole file passes


# --- class 4: resource exhaustion --------------------------------------------------------
def _alias_bomb(levels: int = 9) -> str:
    lines = ['a0: &a0 ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]']
    for i in range(1, levels + 1):
        lines.append(f"a{i}: &a{i} [" + ", ".join([f"*a{i - 1}"] * 9) + "]")
    return "\n".join(lines) + "\n"


YAML_BOMBS = {
    "alias-bomb": (_alias_bomb(), "ancres et alias"),
    "one-alias": ("dispositif: &d MDV-LGC-Va2\nautre: *d\n", "ancres et alias"),
    "nesting-1000": ("x: " + "[" * 1000 + "]" * 1000 + "\n", f"plus de {MAX_DEPTH} niveaux"),
    "nesting-50000": ("x: " + "[" * 50_000 + "]" * 50_000 + "\n", f"plus de {MAX_DEPTH} niveaux"),
    "block-nesting": ("x:\n" + "".join("  " * i + f"k{i}:\n" for i in range(1, 60)) + "  " * 60 + "v\n",
                      f"plus de {MAX_DEPTH} niveaux"),
}


@pytest.mark.parametrize("case", sorted(YAML_BOMBS))
def test_yaml_bombs_refused_at_parse_time(minimal, capsys, case):
    body, expected = YAML_BOMBS[case]
    (minimal / V2).write_text("# généré\n" + body, "utf-8")
    code, text = run(capsys, "check", "--root", minimal, "--no-cache")
    assert code == 1
    problems = [x for x in text.splitlines() if x.startswith("requirements/")]
    assert len(problems) == 1 and re.match(rf"{re.escape(V2)}:\d+: YAML-SYNTAX .*{expected}", problems[0]), text


def test_python_object_tag_is_not_executed(minimal, capsys, tmp_path):
    marker = tmp_path / "executed"
    (minimal / V2).write_text(f'dispositif: !!python/object/apply:os.system ["touch {marker}"]\n', "utf-8")
    code, text = run(capsys, "check", "--root", minimal, "--no-cache")
    assert code == 1 and f"{V2}:1: YAML-SYNTAX" in text
    assert not marker.exists()


def _xlsx_with_sheet(path: Path, sheet_xml_chunks, n_chunks: int) -> Path:
    """A workbook whose sheet1.xml is streamed in (compressed) chunks: sizes of any scale
    without holding them in memory."""
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/'
                   'package/2006/content-types"/>')
        z.writestr("xl/workbook.xml", '<?xml version="1.0"?><workbook xmlns="http://schemas.openxmlformats.org/'
                   'spreadsheetml/2006/main"><sheets><sheet name="Exigences" sheetId="1" r:id="rId1" xmlns:r='
                   '"http://schemas.openxmlformats.org/officeDocument/2006/relationships"/></sheets></workbook>')
        z.writestr("xl/_rels/workbook.xml.rels", '<?xml version="1.0"?><Relationships xmlns="http://schemas.'
                   'openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="x" '
                   'Target="worksheets/sheet1.xml"/></Relationships>')
        with z.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as f:
            f.write(b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>')
            for _ in range(n_chunks):
                f.write(sheet_xml_chunks)
            f.write(b"</sheetData></worksheet>")
    return path


XLSX_BOMBS = {
    # ~110 MiB of sheet in a file of about 0.1 MiB: over the size limits
    "zip-bomb": (b"<row>" + b"<c t=\"s\"><v>0</v></c>" * 4000 + b"</row>", 1_300, "décompressé"),
    # small file, too many rows
    "rows": (b"<row><c><v>1</v></c></row>" * 1000, (xlsx_guard.MAX_ROWS // 1000) + 5, "lignes"),
}


@pytest.mark.parametrize("case", sorted(XLSX_BOMBS))
@pytest.mark.parametrize("command", ["import-rem", "concertation"])
def test_xlsx_bombs_refused_before_parsing(minimal, capsys, tmp_path, case, command):
    chunk, n, expected = XLSX_BOMBS[case]
    book = _xlsx_with_sheet(tmp_path / f"{case}.xlsx", chunk, n)
    assert book.stat().st_size < 2_000_000
    before = digest(minimal)
    if command == "import-rem":
        code, text = run(capsys, "import-rem", "--root", minimal, book, "--write")
    else:
        code, text = run(capsys, "concertation", "import", "--root", minimal, "--iteration", "IT2", book)
    assert code == 1
    assert book.name in text and expected in text and "limite" in text
    assert digest(minimal) == before


def test_formula_remark_without_value_is_reported_with_its_cell(minimal, capsys, tmp_path):
    from build_tools.concertation.export import export
    from build_tools.engine import load_and_check
    corpus = load_and_check(minimal).corpus
    grid = export(corpus, "IT2", tmp_path / "grids", [D]).grids[0]
    wb = openpyxl.load_workbook(grid)
    ws = wb.active
    header = next(r for r in range(1, 40) if ws.cell(r, 1).value == "ID Exigence")
    col = next(c for c in range(1, ws.max_column + 1) if str(ws.cell(header, c).value).startswith("Remarques"))
    ws["B2"] = "Éditeur Alpha"
    ws.cell(header + 1, col).value = '="Préciser le mode " & "dégradé"'      # no cached value
    ws.cell(header + 2, col).value = "Remarque ordinaire"
    wb.save(tmp_path / "retour.xlsx")
    before = digest(minimal / "concertation")
    code, text = run(capsys, "concertation", "import", "--root", minimal, "--iteration", "IT2", tmp_path / "retour.xlsx")
    cell = f"{openpyxl.utils.get_column_letter(col)}{header + 1}"
    assert code == 1 and f"cellule {cell}" in text and "formule" in text
    assert f"retour.xlsx:{header + 1}" in text
    assert digest(minimal / "concertation") == before


# --- class 5: text is never lost ----------------------------------------------------------
def test_text_longer_than_an_excel_cell_is_refused(minimal, capsys):
    line = edit(minimal, V2, "texte: Générer.", "texte: " + "Générer un VSM. " * (MAX_TEXT // 16 + 10))
    code, text = run(capsys, "check", "--root", minimal, "--no-cache")
    assert code == 1 and f"{V2}:{line}: TEXT-TOO-LONG" in text


def _rem_workbook(minimal: Path, tmp_path: Path) -> Path:
    out = tmp_path / "pub"
    assert main(["publish", "--root", str(minimal), "--no-pdf", "--only", "rem-xlsx", "--out", str(out)]) == 0
    return out / "Va2" / D / f"REM-{D}.xlsx"


def _set_cell(book: Path, dest: Path, sheet: str, header: str, value, nth_row: int = 1) -> Path:
    wb = openpyxl.load_workbook(book)
    ws = wb[sheet]
    head_row = next(r for r in range(1, 10) if header in [c.value for c in ws[r]])
    col = [c.value for c in ws[head_row]].index(header) + 1
    ws.cell(head_row + nth_row, col).value = value
    wb.save(dest)
    return dest


@pytest.mark.parametrize("sheet,header,value,expected", [
    ("Compléments", "Criticité", "Majeur", "vouliez-vous dire « Majeure » ?"),
    ("Exigences", "N° exigence", 3.14, "ID-FORMAT"),
])
def test_import_rem_write_validates_before_writing(minimal, capsys, tmp_path, sheet, header, value, expected):
    book = _set_cell(_rem_workbook(minimal, tmp_path), tmp_path / "edited.xlsx", sheet, header, value)
    capsys.readouterr()
    before = digest(minimal / "requirements")
    code, text = run(capsys, "import-rem", "--root", minimal, book, "--write")
    assert code == 1 and expected in text and "rien n'a été modifié" in text
    assert ".yaml:" in text                               # located in the file it would have written
    assert digest(minimal / "requirements") == before


# --- class 6: same bytes on any machine ----------------------------------------------------
def _env(tz: str, lang: str) -> dict:
    env = {k: v for k, v in os.environ.items() if not k.startswith("LC_")}
    env.update(TZ=tz, LANG=lang, LC_ALL=lang)
    return env


def test_same_bytes_under_any_time_zone_locale_and_umask(minimal, tmp_path):
    require("soffice")
    with_prose(minimal)
    manifests = []
    for tz, lang, umask in (("UTC", "C.UTF-8", 0o022), ("Pacific/Kiritimati", "fr_FR.UTF-8", 0o077)):
        out = tmp_path / f"pub-{umask:o}"
        old = os.umask(umask)
        try:
            res = _publish_sub(minimal, out, env=_env(tz, lang))
        finally:
            os.umask(old)
        assert res.returncode == 0, res.stderr
        manifests.append((out / "manifest.json").read_bytes())
        assert any(p.suffix == ".pdf" for p in out.rglob("*"))
    assert manifests[0] == manifests[1]


# --- class 7: hygiene -----------------------------------------------------------------
def test_stale_temporary_folders_of_killed_publishes_are_removed(published, capsys):
    root, out, before = published
    dead = subprocess.Popen(["true"])
    dead.wait()
    stale = out.parent / f".{out.name}-{dead.pid}-abcd1234"
    (stale / "Va2").mkdir(parents=True)
    live = out.parent / f".{out.name}-{os.getppid()}-live0000"      # a running process: kept
    live.mkdir()
    code, text = run(capsys, "publish", "--root", root, "--no-pdf", "--only", "rem-tables,rem-xlsx", "--out", out)
    assert code == 0 and stale.name in text
    assert not stale.exists() and live.exists()
    assert digest(out) == before


@pytest.mark.parametrize("char", ["\\0", "\\x01", "\\x1b", "\\x7f", "\\x85", "\\x9f"])
def test_control_characters_refused(minimal, capsys, char):
    line = edit(minimal, V2, "texte: Générer.", f'texte: "Générer{char} le VSM."')
    code, text = run(capsys, "check", "--root", minimal, "--no-cache")
    assert code == 1 and f"{V2}:{line}: TEXT-CONTROL" in text


@pytest.mark.parametrize("rid", ["LGC.VSM.０１", "LGC.VSM.٠١", "ＬGC.VSM.01"])
def test_ids_are_ascii(minimal, capsys, rid):
    line = edit(minimal, V2, "id: LGC.VSM.01\n", f"id: {rid}\n")
    code, text = run(capsys, "check", "--root", minimal, "--no-cache")
    assert code == 1 and (f"{V2}:{line}: ID-FORMAT" in text or f"{V2}:{line}: SCHEMA" in text), text


@pytest.mark.parametrize("old,new,expected", [
    ("criticite: Mineure", "criticite: majeure", "« majeure » non acceptée (vouliez-vous dire « Majeure » ?)"),
    ("    bloc: ", "    blok: x\n    bloc: ", "champ inconnu « blok » (vouliez-vous dire « bloc » ?)"),
])
def test_schema_messages_are_french_with_a_suggestion(minimal, capsys, old, new, expected):
    line = edit(minimal, V2, old, new)
    code, text = run(capsys, "check", "--root", minimal, "--no-cache")
    assert code == 1 and expected in text and f"{V2}:{line}: SCHEMA" in text
    assert "is not one of" not in text and "Additional properties" not in text


@pytest.mark.parametrize("rel,old,new", [
    ("requirements/Va1/MDV-LGC-Va1.yaml", "exigences:", "exigences: [unclosed"),
    ("requirements/programme.yaml", "couloirs:", "couloirs: {"),
    ("requirements/socles/INS.yaml", "exigences:", "exigences: ]"),
])
def test_one_syntax_error_is_reported_once(minimal, capsys, rel, old, new):
    line = edit(minimal, rel, old, new)
    code, text = run(capsys, "check", "--root", minimal, "--no-cache")
    problems = [x for x in text.splitlines() if ": " in x and x.split(":")[0].endswith((".yaml", ".csv"))]
    assert code == 1
    assert problems == [p for p in problems if p.startswith(f"{rel}:")], problems
    assert len(problems) == 1 and re.match(rf"{re.escape(rel)}:({line}|{line + 1}): YAML-SYNTAX", problems[0])
    assert "fichier(s) illisible(s)" in text and "ne sont pas affichés" in text


def test_a_record_refused_by_the_schema_is_reported_alone(minimal, capsys):
    """A socle requirement with criticité `Majeur` is dropped from the index: the picks and
    comments that name it are consequences, counted and not listed."""
    line = edit(minimal, "requirements/socles/INS.yaml", "criticite: Majeure", "criticite: Majeur")
    code, text = run(capsys, "check", "--root", minimal, "--no-cache")
    problems = [x for x in text.splitlines() if x.startswith(("requirements/", "concertation/"))]
    assert code == 1 and len(problems) == 1, problems
    assert problems[0].startswith(f"requirements/socles/INS.yaml:{line}: SCHEMA")
    assert "refusés par le schéma ne sont pas affichés" in text


@pytest.mark.parametrize("option,value", [("--select", "XYZ"), ("--ignore", "REF-PROFLE"),
                                          ("--select", "STATUT,NOPE")])
def test_unknown_rule_codes_are_usage_errors(minimal, capsys, option, value):
    code, text = run(capsys, "check", "--root", minimal, option, value)
    assert code == 2 and value.split(",")[-1] in text and "REF-PROFILE" in text and "YAML-SYNTAX" in text
