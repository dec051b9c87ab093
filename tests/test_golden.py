"""Golden files: what vendors download for the minimal fixture, compared cell by cell with
expectations kept in `tests/golden/` — not with values computed by the code under test.

When a writer change is intended, regenerate with `make goldens` and review the diff of
`tests/golden/` like any other change (it is what vendors will see change).
"""
from __future__ import annotations

import csv
import io
import json
import shutil
from pathlib import Path

import docx
import jsonschema
import openpyxl
import pytest

from build_tools.publish import publish

from .conftest import MINIMAL, REPO

GOLDEN = Path(__file__).parent / "golden" / "minimal"
D = "MDV-LGC-Va2"
REGENERATE = "if the change is intended: `make goldens`, then review `git diff tests/golden`"

# The official column list of the REM's Exigences sheet (ANS's publication template), by hand.
REM_HEADER = [
    "Exigence conditionnelle OUI/NON", "Profil", "ID Section", "Section", "Bloc", "Fonction",
    "Nature de l'exigence", "N° exigence", "Énoncé de l'exigence (DOIT) ou de la préconisation (PEUT)",
    "N° scénario", "Scénario de conformité",
    "N° preuve 1", "Preuve 1", "N° preuve 2", "Preuve 2", "N° preuve 3", "Preuve 3", "N° preuve 4", "Preuve 4",
    "N° preuve 5", "Preuve 5", "N° preuve 6", "Preuve 6", "N° preuve 7", "Preuve 7", "N° preuve 8", "Preuve 8",
    "N° preuve 9", "Preuve 9", "N° preuve 10", "Preuve 10",
]


@pytest.fixture(scope="module")
def outputs(tmp_path_factory) -> Path:
    """The minimal fixture's vendor tables: REM workbook, CSV, JSON."""
    root = tmp_path_factory.mktemp("golden") / "corpus"
    shutil.copytree(MINIMAL, root, ignore=shutil.ignore_patterns(".segur-cache"))
    out = root.parent / "publish"
    publish(root, out, only={"rem-xlsx", "rem-tables"}, with_pdf=False)
    return out / "Va2" / D


@pytest.fixture(scope="module")
def dsr(tmp_path_factory) -> Path:
    """The embedded corpus's DSR of MDV-LGC-Va2 (the minimal fixture has no shared prose)."""
    out = tmp_path_factory.mktemp("golden-docs") / "publish"
    publish(REPO, out, only={"documents"}, with_pdf=False)
    return out / "Va2" / D / f"DSR-{D}.docx"


def _compare_rows(name: str, got: list[list[str]], update: bool) -> None:
    path = GOLDEN / name
    if update:
        path.write_text(json.dumps(got, ensure_ascii=False, indent=1) + "\n", "utf-8")
        return
    want = json.loads(path.read_text("utf-8"))
    header = want[0] if want else []
    for r, (w, g) in enumerate(zip(want, got), start=1):
        for c in range(max(len(w), len(g))):
            wv = w[c] if c < len(w) else "<absent>"
            gv = g[c] if c < len(g) else "<absent>"
            col = header[c] if c < len(header) else f"colonne {c + 1}"
            assert wv == gv, f"{name}: row {r}, column {col!r}: expected {wv!r}, got {gv!r} — {REGENERATE}"
    assert len(want) == len(got), f"{name}: {len(want)} rows expected, {len(got)} written — {REGENERATE}"


def test_csv_cell_by_cell(outputs, update_goldens):
    raw = (outputs / f"exigences-{D}.csv").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf"), "the CSV starts with a UTF-8 BOM (Excel reads accents)"
    rows = list(csv.reader(io.StringIO(raw.decode("utf-8-sig")), delimiter=";"))
    assert rows[0] == REM_HEADER
    _compare_rows(f"exigences-{D}.csv.json", rows, update_goldens)


def test_json_records(outputs, update_goldens):
    records = json.loads((outputs / f"exigences-{D}.json").read_text("utf-8"))
    path = GOLDEN / f"exigences-{D}.json"
    if update_goldens:
        path.write_text(json.dumps(records, ensure_ascii=False, indent=1) + "\n", "utf-8")
        return
    want = json.loads(path.read_text("utf-8"))
    assert [r["id"] for r in records] == [r["id"] for r in want], REGENERATE
    for w, g in zip(want, records):
        for key in sorted(set(w) | set(g)):
            assert w.get(key, "<absent>") == g.get(key, "<absent>"), f"{w['id']}.{key} — {REGENERATE}"


def test_rem_cells(outputs, update_goldens):
    wb = openpyxl.load_workbook(outputs / f"REM-{D}.xlsx")
    ws = wb["Exigences"]
    rows = [["" if v is None else str(v) for v in row] for row in ws.iter_rows(values_only=True)]
    rows = [r for r in rows if any(r)]
    assert rows[0] == REM_HEADER
    _compare_rows(f"REM-{D}.Exigences.json", rows, update_goldens)


def test_dsr_outline(dsr, update_goldens):
    document = docx.Document(str(dsr))
    lines = []
    for p in document.paragraphs:
        style = p.style.name if p.style is not None else ""
        if style.startswith("Heading") or style == "Title":
            lines.append(f"{style}: {p.text}")
    for t in document.tables:
        lines.append("Table: " + " | ".join(c.text for c in t.rows[0].cells))
    path = GOLDEN / f"DSR-{D}.outline.txt"
    if update_goldens:
        path.write_text("\n".join(lines) + "\n", "utf-8")
        return
    want = path.read_text("utf-8").splitlines()
    for i, (w, g) in enumerate(zip(want, lines), start=1):
        assert w == g, f"DSR outline line {i}: expected {w!r}, got {g!r} — {REGENERATE}"
    assert len(want) == len(lines), f"DSR outline: {len(want)} lines expected, {len(lines)} — {REGENERATE}"


# --- the published JSON Schema, against what vendors are promised --------------------------
REQUIRED_FIELDS = ["id", "dispositif", "vague", "section", "bloc", "fonction", "nature", "criticite", "profils",
                   "conditionnelle", "enonce", "referentiels", "origine", "id_socle", "statut", "id_precedent",
                   "enonce_precedent", "scenarios"]
GOOD = {"id": "LGC.X.01", "dispositif": "MDV-LGC-Va2", "vague": "Va2", "section": {"code": "X", "libelle": "X"},
        "bloc": "b", "fonction": "f", "nature": "Exigence", "criticite": "Mineure", "profils": ["Général"],
        "conditionnelle": False, "enonce": "Le système DOIT x.", "referentiels": [], "origine": "spécifique",
        "id_socle": None, "statut": "Nouvelle", "id_precedent": None, "enonce_precedent": None,
        "scenarios": [{"id": "LGC.X.01.01", "texte": "t", "preuves": [{"id": "LGC.X.01.01.01", "texte": "p"}]}]}
BAD = {
    "nature en clair": {"nature": "Obligatoire"},
    "criticité inconnue": {"criticite": "Majeur"},
    "statut inconnu": {"statut": "Supprimée"},
    "profils en texte": {"profils": "Général"},
    "conditionnelle en texte": {"conditionnelle": "NON"},
    "champ en trop": {"couleur": "bleu"},
    "onze preuves": {"scenarios": [{"id": "s", "texte": "t", "preuves": [{"id": str(i), "texte": "p"} for i in range(11)]}]},
}


@pytest.fixture(scope="module")
def schema(outputs) -> dict:
    return json.loads((outputs.parent.parent / "exigences.schema.json").read_text("utf-8"))


def test_schema_promises(schema):
    item = schema["items"]
    assert schema["type"] == "array" and item["additionalProperties"] is False
    assert item["required"] == REQUIRED_FIELDS
    assert item["properties"]["nature"]["enum"] == ["Exigence", "Préconisation"]
    assert item["properties"]["criticite"]["enum"] == ["Majeure", "Mineure"]


def test_schema_accepts_a_good_record_and_wave_statuts(schema):
    jsonschema.validate([GOOD], schema)
    for statut in ("Nouvelle", "Modifiée", "Inchangée", "Obsolète"):
        jsonschema.validate([{**GOOD, "statut": statut}], schema)


@pytest.mark.parametrize("case", sorted(BAD))
def test_schema_refuses(schema, case):
    record = {**GOOD, **BAD[case]}
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate([record], schema)
