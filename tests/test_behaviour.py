"""Behaviour where a bug would hurt users, with expectations written by hand.

- duplicate detection over scenario and proof ids (not only requirement ids);
- near misses of the text comparisons (whitespace, non-breaking spaces) for the wave
  statut rules;
- the `import-rem` plan applied for a new requirement, a new section, a socle edit and a
  profile change, read back from the YAML;
- concertation: the same remark in two grids of one run stored once; comment ids pinned.
"""
from __future__ import annotations

from pathlib import Path

import openpyxl
import pytest
import yaml

from build_tools.cli import main
from build_tools.engine import load_and_check
from build_tools.publish import publish

from .conftest import line_of, replace_nth

V1 = "requirements/Va1/MDV-LGC-Va1.yaml"
V2 = "requirements/Va2/MDV-LGC-Va2.yaml"
S = "requirements/socles/INS.yaml"


def _edit(root: Path, rel: str, old: str, new: str, nth: int = 1) -> str:
    path = root / rel
    text = replace_nth(path.read_text("utf-8"), old, new, nth)
    path.write_text(text, "utf-8")
    return text


def _hits(root: Path, code: str) -> set[tuple[str, int]]:
    return {(p.path, p.line) for p in load_and_check(root, use_cache=False).problems if p.code == code}


# --- duplicates over every kind of id ---------------------------------------------------
def test_duplicate_scenario_id_is_reported_at_the_second_one(minimal):
    text = _edit(minimal, V1, """          - {id: LGC.DMP.01.01.01, texte: Vidéo}
""", """          - {id: LGC.DMP.01.01.01, texte: Vidéo}
      - id: LGC.DMP.01.01
        texte: Alimenter encore.
        preuves:
          - {id: LGC.DMP.01.01.02, texte: Copie d'écran}
""")
    assert (V1, line_of(text, "- id: LGC.DMP.01.01\n", 2)) in _hits(minimal, "ID-DUP")


def test_duplicate_proof_id_is_reported_at_the_second_one(minimal):
    text = _edit(minimal, V1, "          - {id: LGC.DMP.02.01.01, texte: Vidéo}\n",
                 "          - {id: LGC.DMP.02.01.01, texte: Vidéo}\n          - {id: LGC.DMP.02.01.01, texte: Attestation}\n")
    assert (V1, line_of(text, "{id: LGC.DMP.02.01.01, texte: Attestation}")) in _hits(minimal, "ID-DUP")


def test_duplicate_socle_scenario_id_is_reported(minimal):
    text = _edit(minimal, S, "      - id: SC.INS.01.01\n", "      - id: SC.INS.01.01\n", 1)
    text = _edit(minimal, S, "          - {id: SC.INS.01.01.01, texte: Vidéo}\n",
                 "          - {id: SC.INS.01.01.01, texte: Vidéo}\n      - id: SC.INS.01.01\n"
                 "        texte: Rejouer.\n        preuves:\n          - {id: SC.INS.01.01.02, texte: Vidéo}\n")
    assert (S, line_of(text, "- id: SC.INS.01.01\n", 2)) in _hits(minimal, "ID-DUP")


def test_distinct_ids_raise_no_duplicate(minimal):
    _edit(minimal, V1, "          - {id: LGC.DMP.02.01.01, texte: Vidéo}\n",
          "          - {id: LGC.DMP.02.01.01, texte: Vidéo}\n          - {id: LGC.DMP.02.01.02, texte: Attestation}\n")
    assert _hits(minimal, "ID-DUP") == set()


# --- wave statut: whitespace never makes a difference -----------------------------------
@pytest.mark.parametrize("variant", [
    '"Le système  DOIT alimenter le DMP."',                 # double space
    '"Le système DOIT alimenter\\nle DMP."',                # line break
    '"Le système\\u00a0DOIT alimenter le DMP. "',           # nbsp, trailing space
    ">-\n      Le système DOIT\n      alimenter le DMP.",   # folded over two lines
])
def test_unchanged_text_with_other_whitespace_stays_unchanged(minimal, variant):
    _edit(minimal, V2, "enonce: Le système DOIT alimenter le DMP.", "enonce: " + variant)
    result = load_and_check(minimal, use_cache=False)
    assert [p.format() for p in result.problems if p.code.startswith("STATUT")] == []


def test_modified_statut_with_only_whitespace_changed_is_reported(minimal):
    # LGC.DMP/va1.02 is Modifiée; its wave-1 text is "Le système DOIT remplacer un document."
    text = _edit(minimal, V2, "enonce: Le système DOIT remplacer un document en conservant son identifiant.",
                 'enonce: "Le  système DOIT remplacer\\nun document. "')
    assert (V2, line_of(text, "statut: Modifiée")) in _hits(minimal, "STATUT-MODIFIED-SAME")


def test_unchanged_statut_with_one_word_changed_is_reported(minimal):
    text = _edit(minimal, V2, "enonce: Le système DOIT alimenter le DMP.",
                 "enonce: Le système DOIT alimenter le DMP du patient.")
    assert (V2, line_of(text, "statut: Inchangée")) in _hits(minimal, "STATUT-UNCHANGED-DIFFERS")


# --- import-rem: what the plan does to the YAML -----------------------------------------
def _published_rem(root: Path, out: Path) -> Path:
    publish(root, out, only={"rem-xlsx"}, with_pdf=False)
    return out / "Va2" / "MDV-LGC-Va2" / "REM-MDV-LGC-Va2.xlsx"


def _columns(ws) -> tuple[int, dict[str, int]]:
    """Header row and the column of each header (by its first line), found by reading the sheet."""
    for r in range(1, 15):
        values = [ws.cell(r, c).value for c in range(1, ws.max_column + 1)]
        if "N° exigence" in [str(v).split("\n")[0] for v in values if v]:
            return r, {str(v).split("\n")[0]: c for c, v in enumerate(values, start=1) if v}
    raise AssertionError("no header row with 'N° exigence'")


def _row_of(ws, header_row: int, cols: dict, rid: str) -> int:
    for r in range(header_row + 1, ws.max_row + 1):
        if ws.cell(r, cols["N° exigence"]).value == rid:
            return r
    raise AssertionError(f"{rid} not in the sheet")


def _enonce_col(cols: dict) -> int:
    return next(c for k, c in cols.items() if k.startswith("Énoncé"))


def _import(root: Path, xlsx: Path, capsys) -> str:
    assert main(["import-rem", "--root", str(root), str(xlsx), "--write"]) == 0
    return capsys.readouterr().out


def _unprotected(ws):
    ws.protection.sheet = False


def test_import_new_requirement_in_a_new_section(minimal, tmp_path, capsys):
    src = _published_rem(minimal, tmp_path / "pub")
    wb = openpyxl.load_workbook(src)
    ws = wb["Exigences"]
    _unprotected(ws)
    hr, cols = _columns(ws)
    model = _row_of(ws, hr, cols, "LGC.VSM.01")
    new = ws.max_row + 1
    for c in range(1, ws.max_column + 1):
        ws.cell(new, c).value = ws.cell(model, c).value
    values = {"ID Section": "TLS", "Section": "Téléservices", "N° exigence": "LGC.TLS.01",
              "N° scénario": "LGC.TLS.01.01", "Scénario de conformité": "Consulter le téléservice.",
              "N° preuve 1": "LGC.TLS.01.01.01", "Preuve 1": "Copie d'écran"}
    for k, v in values.items():
        ws.cell(new, cols[k]).value = v
    ws.cell(new, _enonce_col(cols)).value = "Le système PEUT consulter le téléservice."
    evo = wb["Évolutions"]          # a wave-2 requirement says it is new, as an author would
    _unprotected(evo)
    evo.append(["LGC.TLS.01", "Nouvelle", None, None, "Le système PEUT consulter le téléservice."])
    edited = tmp_path / "edited.xlsx"
    wb.save(edited)
    _import(minimal, edited, capsys)
    data = yaml.safe_load((minimal / V2).read_text("utf-8"))
    assert {"code": "TLS", "libelle": "Téléservices"} in data["sections"]
    rec = next(r for r in data["exigences"] if r["id"] == "LGC.TLS.01")
    assert rec["section"] == "TLS" and rec["enonce"] == "Le système PEUT consulter le téléservice."
    assert rec["scenarios"] == [{"id": "LGC.TLS.01.01", "texte": "Consulter le téléservice.",
                                 "preuves": [{"id": "LGC.TLS.01.01.01", "texte": "Copie d'écran"}]}]
    # the other requirements are still there, untouched
    assert [r["id"] for r in data["exigences"]][:4] == ["LGC.DMP/va1.01", "LGC.DMP/va1.02", "LGC.DMP.03", "LGC.VSM.01"]


def test_import_socle_edit_changes_the_socle_file(minimal, tmp_path, capsys):
    src = _published_rem(minimal, tmp_path / "pub")
    wb = openpyxl.load_workbook(src)
    ws = wb["Exigences"]
    _unprotected(ws)
    hr, cols = _columns(ws)
    ws.cell(_row_of(ws, hr, cols, "INS.01"), _enonce_col(cols)).value = \
        "Le système DOIT appeler le téléservice [INS2] à chaque admission."
    edited = tmp_path / "edited.xlsx"
    wb.save(edited)
    before_v2 = (minimal / V2).read_bytes()
    out = _import(minimal, edited, capsys)
    assert "MDV-LGC-Va1" in out            # the authors are told which other REM picks it
    socle = yaml.safe_load((minimal / S).read_text("utf-8"))
    rec = next(r for r in socle["exigences"] if r["id"] == "SC.INS.01")
    assert rec["enonce"] == "Le système DOIT appeler le téléservice [INS2] à chaque admission."
    assert (minimal / V2).read_bytes() == before_v2


def test_import_profile_change(minimal, tmp_path, capsys):
    src = _published_rem(minimal, tmp_path / "pub")
    wb = openpyxl.load_workbook(src)
    ws = wb["Exigences"]
    _unprotected(ws)
    hr, cols = _columns(ws)
    ws.cell(_row_of(ws, hr, cols, "LGC.VSM.01"), cols["Profil"]).value = "Général"
    edited = tmp_path / "edited.xlsx"
    wb.save(edited)
    _import(minimal, edited, capsys)
    data = yaml.safe_load((minimal / V2).read_text("utf-8"))
    assert next(r for r in data["exigences"] if r["id"] == "LGC.VSM.01")["profils"] == ["Général"]


def test_import_of_an_untouched_rem_changes_nothing(minimal, tmp_path, capsys):
    src = _published_rem(minimal, tmp_path / "pub")
    before = {p: p.read_bytes() for p in (minimal / "requirements").rglob("*.yaml")}
    out = _import(minimal, src, capsys)
    assert "aucun changement" in out
    assert {p: p.read_bytes() for p in (minimal / "requirements").rglob("*.yaml")} == before


# --- concertation: one remark, one record ------------------------------------------------
# ids pinned by hand: a change of the id scheme would orphan every stored answer
PINNED_IDS = {"INS.01": "IT2-MDV-LGC-Va2-fa4d82cf", "LGC.VSM.01": "IT2-MDV-LGC-Va2-7abf1c0f"}


def test_same_remark_in_two_grids_of_one_run_is_stored_once(minimal, tmp_path):
    from .test_concertation import REMARKS, _export, _fill, _import
    grid = _export(minimal)
    first = _fill(grid, tmp_path / "alpha-1.xlsx", REMARKS)
    # the same reviewer sends the grid twice, the second time with other spacing
    second = _fill(grid, tmp_path / "alpha-2.xlsx", {k: v.replace(" ", "  ") + " " for k, v in REMARKS.items()})
    res = _import(minimal, first, second)
    assert sorted(r["id"] for r in res.added) == sorted(PINNED_IDS.values())
    assert len(res.duplicates) == 2
    stored = yaml.safe_load((minimal / "concertation" / "IT2" / "comments.yaml").read_text("utf-8"))
    ids = [c["id"] for c in stored["commentaires"]]
    assert sorted(ids) == sorted(set(ids))
    assert set(PINNED_IDS.values()) <= set(ids)
    # a later run with the same grid adds nothing
    again = _import(minimal, second)
    assert again.added == [] and len(again.duplicates) == 2


def test_other_organisation_same_text_is_another_comment(minimal, tmp_path):
    from .test_concertation import REMARKS, _export, _fill, _import
    grid = _export(minimal)
    a = _fill(grid, tmp_path / "alpha.xlsx", REMARKS)
    b = _fill(grid, tmp_path / "beta.xlsx", REMARKS, org="Éditeur Bêta")
    res = _import(minimal, a, b)
    assert len(res.added) == 4 and res.duplicates == []
