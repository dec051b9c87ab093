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

from .conftest import edit_file as _edit, line_of

V1 = "requirements/Va1/MDV-LGC-Va1.yaml"
V2 = "requirements/Va2/MDV-LGC-Va2.yaml"
S = "requirements/socles/INS.yaml"


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


def _open_rem(root: Path, tmp_path: Path):
    """The published REM of MDV-LGC-Va2 opened for editing as an author would (protection
    lifted): workbook, Exigences sheet, its header row and columns."""
    wb = openpyxl.load_workbook(_published_rem(root, tmp_path / "pub"))
    ws = wb["Exigences"]
    _unprotected(ws)
    hr, cols = _columns(ws)
    return wb, ws, hr, cols


def test_import_new_requirement_in_a_new_section(minimal, tmp_path, capsys):
    wb, ws, hr, cols = _open_rem(minimal, tmp_path)
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
    wb, ws, hr, cols = _open_rem(minimal, tmp_path)
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
    wb, ws, hr, cols = _open_rem(minimal, tmp_path)
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


# --- whitespace in scenario and proof ids ------------------------------------------------
@pytest.mark.parametrize("old,new,anchor", [
    ("      - id: LGC.DMP.01.01\n", '      - id: "LGC.DMP.01.01 "\n', '"LGC.DMP.01.01 "'),
    ("{id: LGC.DMP.01.01.01, texte: Vidéo}", '{id: "LGC.DMP.01.01.01 ", texte: Vidéo}', '"LGC.DMP.01.01.01 "'),
])
def test_space_in_scenario_or_proof_id_is_reported_at_its_line(minimal, old, new, anchor):
    text = _edit(minimal, V1, old, new)
    assert (V1, line_of(text, anchor)) in _hits(minimal, "ID-WHITESPACE")


# --- import-rem: new records get every field the workbook gives ---------------------------
def _copy_row(ws, hr: int, cols: dict, model_id: str, values: dict, enonce: str) -> None:
    model = _row_of(ws, hr, cols, model_id)
    new = ws.max_row + 1
    for c in range(1, ws.max_column + 1):
        ws.cell(new, c).value = ws.cell(model, c).value
    for k, v in values.items():
        ws.cell(new, cols[k]).value = v
    ws.cell(new, _enonce_col(cols)).value = enonce


def _sheet_append(wb, name: str, values: dict) -> None:
    """Append a row to a side sheet, each value under its header."""
    ws = wb[name]
    _unprotected(ws)
    header = [c.value for c in ws[1]]
    ws.append([values.get(h) for h in header])


def _new_row_values(rid: str, section=("VSM", "Volet de synthèse médicale"), profil="Général") -> dict:
    return {"ID Section": section[0], "Section": section[1], "N° exigence": rid, "Profil": profil,
            "N° scénario": f"{rid}.01", "Scénario de conformité": "Montrer.", "N° preuve 1": f"{rid}.01.01",
            "Preuve 1": "Vidéo"}


def test_new_requirement_in_an_existing_section_with_its_side_sheets(minimal, tmp_path, capsys):
    wb, ws, hr, cols = _open_rem(minimal, tmp_path)
    text = "Le système DOIT afficher le VSM selon le [INS2]."
    values = {**_new_row_values("LGC.VSM.02", profil=None), "Nature de l'exigence": "EXIGENCE",
              "Exigence conditionnelle OUI/NON": "NON"}
    _copy_row(ws, hr, cols, "LGC.VSM.01", values, text)
    _sheet_append(wb, "Évolutions", {"N° exigence": "LGC.VSM.02", "Statut": "Nouvelle", "Énoncé de l'exigence": text})
    _sheet_append(wb, "Compléments", {"N° exigence": "LGC.VSM.02", "Criticité": "Mineure", "Référentiels cités": "INS2"})
    edited = tmp_path / "edited.xlsx"
    wb.save(edited)
    sections_before = yaml.safe_load((minimal / V2).read_text("utf-8"))["sections"]
    _import(minimal, edited, capsys)
    data = yaml.safe_load((minimal / V2).read_text("utf-8"))
    assert data["sections"] == sections_before                   # VSM exists: no second VSM section
    rec = next(r for r in data["exigences"] if r["id"] == "LGC.VSM.02")
    assert (rec["section"], rec["nature"], rec["criticite"], rec["statut"]) == ("VSM", "Exigence", "Mineure", "Nouvelle")
    assert rec["profils"] == ["Général"]                         # an empty Profil cell means Général
    assert rec["referentiels"] == ["INS2"] and rec["enonce"] == text
    assert load_and_check(minimal, use_cache=False).errors == []


def test_new_socle_pick_is_added_to_the_socle_list(minimal, tmp_path, capsys):
    socle = minimal / S
    socle.write_text(socle.read_text("utf-8") + """  - id: SC.INS.04
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
""", "utf-8")
    wb, ws, hr, cols = _open_rem(minimal, tmp_path)
    values = {**_new_row_values("INS.04", section=("INS", "Identité nationale de santé")), "Fonction": "Traits"}
    values.update({"N° scénario": "INS.04.01", "Scénario de conformité": "Afficher les traits.",
                   "N° preuve 1": "INS.04.01.01", "Preuve 1": "Vidéo"})
    _copy_row(ws, hr, cols, "INS.03", values, "Le système DOIT afficher les traits INS.")
    _sheet_append(wb, "Évolutions", {"N° exigence": "INS.04", "Statut": "Nouvelle"})
    edited = tmp_path / "edited.xlsx"
    wb.save(edited)
    _import(minimal, edited, capsys)
    data = yaml.safe_load((minimal / V2).read_text("utf-8"))
    assert [p["id"] for p in data["socle"]] == ["INS.01", "INS.03", "INS.04"]
    assert "INS.04" not in [r["id"] for r in data["exigences"]]   # a pick, not a copy of the socle text


def test_scenario_list_edits_come_back_in_place(minimal, tmp_path, capsys):
    """A scenario added, a proof text changed and a scenario removed, in one import."""
    v1 = minimal / V1     # give LGC.DMP/va1.01 (wave 2) two scenarios first
    _edit(minimal, V2, "          - {id: LGC.DMP/va1.01.01.01, texte: Vidéo}\n",
          "          - {id: LGC.DMP/va1.01.01.01, texte: Vidéo}\n      - id: LGC.DMP/va1.01.02\n"
          "        texte: Alimenter en mode dégradé.\n        preuves:\n"
          "          - {id: LGC.DMP/va1.01.02.01, texte: Copie d'écran}\n")
    assert v1.exists()
    wb, ws, hr, cols = _open_rem(minimal, tmp_path)
    rows = [r for r in range(hr + 1, ws.max_row + 1) if ws.cell(r, cols["N° exigence"]).value == "LGC.DMP/va1.01"]
    assert [ws.cell(r, cols["N° scénario"]).value for r in rows] == ["LGC.DMP/va1.01.01", "LGC.DMP/va1.01.02"]
    ws.cell(rows[1], cols["Preuve 1"]).value = "Vidéo du mode dégradé"            # proof text changed
    # scenario 01 removed: its row becomes a new scenario 03
    ws.cell(rows[0], cols["N° scénario"]).value = "LGC.DMP/va1.01.03"
    ws.cell(rows[0], cols["Scénario de conformité"]).value = "Alimenter après reprise."
    ws.cell(rows[0], cols["N° preuve 1"]).value = "LGC.DMP/va1.01.03.01"
    edited = tmp_path / "edited.xlsx"
    wb.save(edited)
    _import(minimal, edited, capsys)
    data = yaml.safe_load((minimal / V2).read_text("utf-8"))
    rec = next(r for r in data["exigences"] if r["id"] == "LGC.DMP/va1.01")
    assert rec["scenarios"] == [
        {"id": "LGC.DMP/va1.01.03", "texte": "Alimenter après reprise.",
         "preuves": [{"id": "LGC.DMP/va1.01.03.01", "texte": "Vidéo"}]},
        {"id": "LGC.DMP/va1.01.02", "texte": "Alimenter en mode dégradé.",
         "preuves": [{"id": "LGC.DMP/va1.01.02.01", "texte": "Vidéo du mode dégradé"}]},
    ]


def test_reordered_scenario_rows_reorder_the_yaml(minimal, tmp_path, capsys):
    _edit(minimal, V2, "          - {id: LGC.DMP/va1.01.01.01, texte: Vidéo}\n",
          "          - {id: LGC.DMP/va1.01.01.01, texte: Vidéo}\n      - id: LGC.DMP/va1.01.02\n"
          "        texte: Alimenter en mode dégradé.\n        preuves:\n"
          "          - {id: LGC.DMP/va1.01.02.01, texte: Copie d'écran}\n")
    wb, ws, hr, cols = _open_rem(minimal, tmp_path)
    a, b = [r for r in range(hr + 1, ws.max_row + 1) if ws.cell(r, cols["N° exigence"]).value == "LGC.DMP/va1.01"]
    for c in range(1, ws.max_column + 1):
        ws.cell(a, c).value, ws.cell(b, c).value = ws.cell(b, c).value, ws.cell(a, c).value
    edited = tmp_path / "edited.xlsx"
    wb.save(edited)
    _import(minimal, edited, capsys)
    rec = next(r for r in yaml.safe_load((minimal / V2).read_text("utf-8"))["exigences"] if r["id"] == "LGC.DMP/va1.01")
    assert [(s["id"], s["texte"], s["preuves"][0]["texte"]) for s in rec["scenarios"]] == [
        ("LGC.DMP/va1.01.02", "Alimenter en mode dégradé.", "Copie d'écran"),
        ("LGC.DMP/va1.01.01", "Alimenter.", "Vidéo")]


# --- socle sections are reserved, except for ids carried from an earlier wave -------------
_OWN_IN_INS = """  - id: {rid}
    section: INS
    bloc: Identité
    fonction: Traits
    nature: Exigence
    criticite: Mineure
    profils: [Général]
    statut: Nouvelle
    enonce: Le système DOIT afficher les traits.
    scenarios:
      - id: {rid}.01
        texte: Afficher.
        preuves:
          - {{id: {rid}.01.01, texte: Vidéo}}
"""


@pytest.mark.parametrize("rid,reserved", [("LGC.INS.05", True), ("LGC.INS/va1.05", False)])
def test_own_requirement_in_a_socle_section(minimal, rid, reserved):
    """Wave 2: an own requirement numbered in the socle's section INS is reported, unless its
    id says it was carried from wave 1 (`/va1.`), when that section was still the REM's."""
    _edit(minimal, V2, "sections:\n", "sections:\n  - {code: INS, libelle: Identité}\n")
    text = _edit(minimal, V2, "exigences:\n", "exigences:\n" + _OWN_IN_INS.format(rid=rid))
    hits = _hits(minimal, "ID-SOCLE-RESERVED")
    assert ((V2, line_of(text, f"- id: {rid}\n")) in hits) is reserved


def test_wave_one_id_written_as_carried_is_still_reserved(minimal):
    """`/va1.` in a wave-1 REM carries nothing: the section is reserved there too."""
    _edit(minimal, V1, "sections:\n", "sections:\n  - {code: INS, libelle: Identité}\n")
    text = _edit(minimal, V1, "exigences:\n", "exigences:\n" + _OWN_IN_INS.format(rid="LGC.INS/va1.05")
                 .replace("    statut: Nouvelle\n", ""))
    assert (V1, line_of(text, "- id: LGC.INS/va1.05\n")) in _hits(minimal, "ID-SOCLE-RESERVED")


@pytest.mark.parametrize("old,new,words", [
    ("      - id: LGC.DMP.01.01\n", "      - id: LGC.DMP.01\n", ["LGC.DMP.01", "c'est celui de son parent"]),
    ("      - id: LGC.DMP.01.01\n", '      - id: "LGC.DMP.01. 01"\n', ["'LGC.DMP.01. 01'", "espaces"]),
])
def test_scenario_id_messages_say_what_is_wrong(minimal, old, new, words):
    _edit(minimal, V1, old, new)
    messages = [p.message for p in load_and_check(minimal, use_cache=False).problems
                if p.code in ("SCN-ID", "ID-WHITESPACE") and p.path == V1]
    assert any(all(w in m for w in words) for m in messages), messages


def test_socle_section_named_in_the_message_and_reserved_only_where_the_socle_is_offered(minimal):
    """INS's requirements are offered in Va1 and Va2: its section is reserved in both, and the
    message names the socle. A socle offered only from wave 2 reserves nothing in wave 1."""
    _edit(minimal, V1, "sections:\n", "sections:\n  - {code: INS, libelle: Identité}\n")
    text = _edit(minimal, V1, "exigences:\n", "exigences:\n" + _OWN_IN_INS.format(rid="LGC.INS.05")
                 .replace("    statut: Nouvelle\n", ""))
    problems = [p for p in load_and_check(minimal, use_cache=False).problems if p.code == "ID-SOCLE-RESERVED"]
    assert [(p.path, p.line) for p in problems] == [(V1, line_of(text, "- id: LGC.INS.05\n"))]
    assert "réservée au socle INS" in problems[0].message
    # the same socle offered from wave 2 only: nothing reserved in the wave-1 REM
    socle = minimal / S
    socle.write_text(socle.read_text("utf-8").replace("vagues: [Va1, Va2]", "vagues: [Va2]")
                     .replace("vagues: [Va1]", "vagues: [Va2]"), "utf-8")
    assert _hits(minimal, "ID-SOCLE-RESERVED") == set()
