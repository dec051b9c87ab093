"""Import of ANS's real prépublication export into a scratch corpus, then `segur check` on it.

The export is public data kept beside the clone (`../shared/corpus/…`); it is read, never
copied into the project.
"""
from __future__ import annotations

import re
from pathlib import Path

import openpyxl
import pytest
import yaml

from build_tools.engine import load_and_check
from build_tools.marks import build_marks
from build_tools.rem_import.ans_export import SHEET_REM, SHEET_SOCLE, ImportRefused, import_ans_export
from build_tools.rem_import.cleaning import clean_id, clean_label, clean_text

from .conftest import line_of, needs_shared, replace_nth

CORPUS = Path(__file__).parents[2] / "shared" / "corpus" / "ansforge-segur-squash-plugins"
EXPORT = CORPUS / "rem-va2-prepublication-export.xlsx"
DISPOSITIFS = {"BIO-SGL-Va2", "MDV-LGC-Va2", "RAD-RIS-Va2", "DRIM-DB-Va2", "HOP-DPI-Va2", "HOP-PFI-Va2"}
WAVE1 = {"BIO-SGL-Va1", "MDV-LGC-Va1", "RAD-RIS-Va1", "HOP-DPI-Va1", "HOP-PFI-Va1"}   # DB has no wave 1

needs_export = needs_shared


@pytest.fixture(scope="module")
def imported(tmp_path_factory):
    dest = tmp_path_factory.mktemp("ans") / "corpus"
    report = import_ans_export(EXPORT, dest)
    result = load_and_check(dest, use_cache=False)
    return dest, report, result


def _line(root: Path, path: str, line: int) -> str:
    return (root / path).read_text(encoding="utf-8").splitlines()[line - 1]


def _sheet_row(text: str) -> tuple[str, int] | None:
    m = re.search(r"#\s*(\w+)!(\d+)", text)
    return (m.group(1), int(m.group(2))) if m else None


def _rem_rows() -> dict[int, tuple]:
    wb = openpyxl.load_workbook(EXPORT, read_only=True)
    try:
        ws = wb[SHEET_REM]
        header = next(ws.iter_rows(max_row=1, values_only=True))
        rows = {i: dict(zip(header, r)) for i, r in enumerate(ws.iter_rows(min_row=2, values_only=True), start=2)}
    finally:
        wb.close()
    return rows


# --- the import ------------------------------------------------------------------------
@needs_export
def test_imported_corpus_is_not_marked_as_example(imported):
    """Only an author's `donnees_exemple: true` marks a corpus; ANS's export does not."""
    corpus = imported[2].corpus
    assert corpus.donnees_exemple is False
    assert build_marks(corpus) == ()


def test_six_dispositifs_and_socles(imported):
    dest, report, result = imported
    programme = yaml.safe_load((dest / "requirements/programme.yaml").read_text(encoding="utf-8"))
    assert {d["id"] for d in programme["dispositifs"]} == DISPOSITIFS | WAVE1
    assert {d["prefixe"] for d in programme["dispositifs"]} == {"SGL", "LGC", "RIS", "DB", "DPI", "PFI"}
    for d in programme["dispositifs"]:
        if d["vague"] == "Va2":
            assert d.get("precedent") == (d["id"][:-1] + "1" if d["id"][:-1] + "1" in WAVE1 else None)
    for did in DISPOSITIFS:
        assert (dest / "requirements" / "Va2" / f"{did}.yaml").is_file()
    socles = {p.stem for p in (dest / "requirements" / "socles").glob("*.yaml")}
    assert {"DMP", "MSS", "SSI", "CDA", "PSC"} <= socles
    assert set(result.corpus.dispositifs) == DISPOSITIFS | WAVE1
    # 306 from the socle sheet + the carried socle requirements the wave-1 sheet adds
    assert len(result.corpus.socle_requirements) == sum(report.socles.values()) > 306
    # every row of both REM sheets is counted once (the wave-1 REMs count their records)
    assert sum(report.dispositifs[d].rows for d in DISPOSITIFS) == 1712 + 570
    assert (dest / "matrices" / "habilitation.csv").is_file()
    # every own requirement and every pick is in the corpus the checker built
    for did, counts in report.dispositifs.items():
        d = result.corpus.dispositifs[did]
        assert len(d.own) == counts.requirements
        assert len(d.picks) == counts.picks


@needs_export
def test_macro_classes_reported_with_their_sheet_row(imported):
    """ANS's macro (sheet errors_rem_spe): malformed numbering, id reserved to socle."""
    dest, _, result = imported
    rows = _rem_rows()
    placeholders = {p.message.split()[2]: p for p in result.problems if p.code == "ID-PLACEHOLDER"}
    assert {"LGC.VSM/va2.XX", "LGC.VACC/va2.XX"} <= set(placeholders)
    reserved = [p for p in result.problems if p.code == "ID-SOCLE-RESERVED"]
    # grouped by section (one cause): every id is in `ids`, the first one at the problem's line
    assert any(p.ids[0].startswith("DPI.DMP/HISTO.") and "socle DMP" in p.message for p in reserved)
    for p in list(placeholders.values()) + reserved:
        found = _sheet_row(_line(dest, p.path, p.line))
        assert found is not None, f"{p.format()}: no sheet row on that line"
        sheet, row = found
        if sheet != SHEET_REM:
            continue          # carried from wave 1 (its own sheet), not one of the macro's rows
        rid = p.message.split()[2] if p.code == "ID-PLACEHOLDER" else p.ids[0]
        assert rid.endswith("." + str(rows[row]["reference"]).strip()), (p.format(), rows[row]["reference"])


@needs_export
def test_other_problems_of_the_data_point_at_sheet_rows(imported):
    dest, _, result = imported
    codes = {p.code for p in result.problems}
    # picks of socle ids the socle sheet does not define, bad scenario numbering, same id twice
    assert {"REF-SOCLE", "SCN-ID", "ID-DUP", "ID-FORMAT"} <= codes
    for p in result.problems:
        if p.code in ("ID-PLACEHOLDER", "ID-SOCLE-RESERVED", "ID-FORMAT", "REF-SOCLE", "SCN-ID"):
            assert _sheet_row(_line(dest, p.path, p.line)), p.format()


@needs_export
def test_proof_numbers_completed_without_collision(imported):
    """Numbers the import completes follow the cell: « 01.01 » under requirement PSC/va1.01's
    scenario 01 is proof 01 of scenario 01 (not the scenario's own id), and a proof written
    without id takes a number no other proof of the cell uses (DB.CO.50's cell names one
    proof « 01.04 » and leaves the fourth without id)."""
    dest, report, result = imported
    for did, prefix in (("BIO-SGL-Va2", "SGL"), ("MDV-LGC-Va2", "LGC"), ("RAD-RIS-Va2", "RIS"), ("HOP-DPI-Va2", "DPI")):
        req = next(r for r in result.corpus.dispositifs[did].own if r.id == f"{prefix}.PSC/va1.01")
        assert [(s.id, [p.id for p in s.preuves]) for s in req.scenarios][:2] == [
            (f"{prefix}.PSC/va1.01.01", [f"{prefix}.PSC/va1.01.01.01"]),
            (f"{prefix}.PSC/va1.01.02", [f"{prefix}.PSC/va1.01.02.01"])]
    co50 = next(r for r in result.corpus.dispositifs["DRIM-DB-Va2"].own if r.id == "DB.CO.50")
    assert [p.id for p in co50.scenarios[0].preuves] == [f"DB.CO.50.01.0{n}" for n in (1, 2, 4, 5)]
    assert f"{SHEET_REM}!283: la preuve 4 de DB.CO.50.01 n'a pas d'identifiant : numérotée DB.CO.50.01.05" in report.fixes
    assert not [p for p in result.problems if p.code in ("SCN-ID", "ID-DUP") and
                ("PSC/va1.01" in p.message or "DB.CO.50" in p.message)]


@needs_export
def test_socle_scenarios_unknown_when_no_active_rem_row_picks_it(imported):
    """The export gives socle scenarios only on the REM rows that pick them: a socle
    requirement no active row picks accepts SCN-MISSING on its line (said once in the import
    report); one picked by an active row that carries no scenario is still reported."""
    dest, report, result = imported
    cda = (dest / "requirements/socles/CDA.yaml").read_text(encoding="utf-8")
    line = next(ln for ln in cda.splitlines() if ln.strip().startswith("- id: SC.CDA/INT.17 "))
    assert "# segur: accepte SCN-MISSING" in line
    said = [w for w in report.warnings if "reprise(s) par aucune ligne REM active" in w]
    assert len(said) == 1 and "SC.CDA/INT.17" in said[0] and "SC.PSC.10" not in said[0]
    missing = {i for p in result.problems if p.code == "SCN-MISSING" for i in p.ids}
    assert "SC.CDA/INT.17" not in missing
    assert {"SC.PSC.10", "SC.DMP/UX.45"} <= missing       # picked by active rows without scenario


@needs_export
def test_real_export_reports_each_cause_once(imported):
    """The issue's target: at most 150 problems on the real export, one per cause. The row
    SSI/IE.41 copied into the 6 wave-2 REMs is one problem per rule naming the 6 dispositifs
    and keeping every id; DRIMbox's doubled sections are one SECTION-DUP each."""
    dest, _, result = imported
    assert len(result.problems) <= 150, len(result.problems)
    six = sorted(DISPOSITIFS)
    for code in ("ID-SOCLE-RESERVED", "TEXT-EMPTY"):
        hits = [p for p in result.problems if p.code == code and any(i.endswith(".SSI/IE.41") for i in p.ids)]
        assert len(hits) == 1, [p.format() for p in hits]
        p = hits[0]
        assert f"dans 6 REM ({', '.join(six)})" in p.message
        assert sorted(i.split(".")[0] for i in p.ids) == sorted(["SGL", "DB", "DPI", "PFI", "LGC", "RIS"])
        assert sorted(p.id_paths) == sorted(f"requirements/Va2/{d}.yaml" for d in six)
        assert _sheet_row(_line(dest, p.path, p.line))
    dups = sorted(p.message.split(" : ")[0] for p in result.problems if p.code == "SECTION-DUP")
    assert dups == ["la section DB/CO répète la section CO", "la section FONC répète la section DB/FONC",
                    "la section SPEC répète la section DB/SPEC"]
    spec = next(p for p in result.problems if p.code == "SECTION-DUP" and "SPEC" in p.message)
    assert len(spec.ids) == 71 and spec.path == "requirements/Va2/DRIM-DB-Va2.yaml"
    # a socle id no socle defines, picked by four REMs; two socle picks continuing one
    # wave-1 requirement in three REMs: one problem each, naming the REMs
    ux29 = [p for p in result.problems if p.code == "REF-SOCLE" and "DMP/UX.29" in p.ids]
    assert [p.message.split(" reprennent")[0] for p in ux29] == [
        "4 REM (BIO-SGL-Va2, HOP-DPI-Va2, MDV-LGC-Va2, RAD-RIS-Va2)"]
    doc02 = [p for p in result.problems if p.code == "STATUT-OBSOLETE-ACTIVE" and "DOC/va1.02" in p.ids
             and "DOC/va1.04" in p.message]
    assert len(doc02) == 1 and doc02[0].message.endswith("dans 3 REM (HOP-DPI-Va2, MDV-LGC-Va2, RAD-RIS-Va2)")


@needs_export
def test_obsolete_kept_and_a_retravailler_flagged(imported):
    dest, report, result = imported
    lgc = result.corpus.dispositifs["MDV-LGC-Va2"]
    vsm = next(r for r in lgc.own if r.id == "LGC.VSM/va2.XX")
    assert vsm.statut == "Obsolète"
    assert any(rr.id == "LGC.VSM/va2.XX" for rr in lgc.obsoletes)
    db = result.corpus.dispositifs["DRIM-DB-Va2"]
    flagged = [r for r in db.own if r.a_retravailler]
    assert flagged and all("retravailler" in r.note for r in flagged)
    assert any(x.startswith(f"{SHEET_REM}!280: DB.CO.02") for x in report.a_retravailler)
    # 71 rows "A retravailler" = 67 requirements (some have several scenario rows)
    assert sum(c.a_retravailler for c in report.dispositifs.values()) == 67
    assert len([x for x in report.a_retravailler if x.startswith(SHEET_REM)]) == 67
    # an Obsolète pick keeps its statut on the pick line
    dpi_text = (dest / "requirements/Va2/HOP-DPI-Va2.yaml").read_text(encoding="utf-8")
    assert re.search(r"- \{id: DMP/HISTO\.07, statut: Obsolète\}\s+# prepub_va2_avec_scenarios!806", dpi_text)
    approved = [r for d in result.corpus.dispositifs.values() for r in d.rem]
    assert len(approved) > 500


@needs_export
def test_normalisation_report_by_sheet_and_row(imported):
    _, report, _ = imported
    fixes = report.fixes
    assert f"{SHEET_REM}!44: reference: espace insécable en début supprimée de l'identifiant '\\xa0DMP/HISTO.07'" in fixes
    # the mapped columns hold no HTML markup ("<identifiant>" is text and stays); NBSPs abound
    assert not any("HTML" in f for f in fixes)
    assert any(re.match(rf"{SHEET_REM}!\d+: scenario: \d+ espaces? insécables? remplacées?", f) for f in fixes)
    assert any(re.match(rf"{SHEET_REM}!\d+: preuve: \d+ espaces? insécables? remplacées?", f) for f in fixes)
    assert any(re.match(rf"{SHEET_SOCLE}!303: cellules décalées", f) for f in fixes)
    assert any(m.startswith(f"{SHEET_REM}!3: ligne répétée") or "fusionnée dans la ligne" in m for m in report.merged)
    assert len(report.merged) == 1712 + 570 - sum(report.dispositifs[d].requirements + report.dispositifs[d].picks
                                                  for d in DISPOSITIFS)
    text = report.format()
    assert "Normalisation" in text and "MDV-LGC-Va2" in text


# --- refusals --------------------------------------------------------------------------
@pytest.fixture(scope="module")
def workbook_copy(tmp_path_factory):
    """A writable copy of the export's two mapped sheets (the others are dropped: faster)."""
    wb = openpyxl.load_workbook(EXPORT)
    for name in list(wb.sheetnames):
        if name not in (SHEET_REM, SHEET_SOCLE):
            del wb[name]
    path = tmp_path_factory.mktemp("wb") / "base.xlsx"
    wb.save(path)
    return path


def _mutated(base: Path, tmp_path: Path, change) -> Path:
    wb = openpyxl.load_workbook(base)
    change(wb)
    out = tmp_path / "mutated.xlsx"
    wb.save(out)
    return out


@needs_export
def test_unknown_column_refused_and_nothing_written(workbook_copy, tmp_path):
    def rename(wb):
        wb[SHEET_REM]["I1"] = "bloc fonctionnel"          # was "bloc"
    xlsx = _mutated(workbook_copy, tmp_path, rename)
    dest = tmp_path / "scratch"
    with pytest.raises(ImportRefused) as exc:
        import_ans_export(xlsx, dest)
    assert "colonne(s) inconnue(s)" in str(exc.value) and "I 'bloc fonctionnel'" in str(exc.value)
    assert SHEET_REM in str(exc.value)
    assert not dest.exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["mutated.xlsx"]


@needs_export
def test_merged_header_refused(workbook_copy, tmp_path):
    xlsx = _mutated(workbook_copy, tmp_path, lambda wb: wb[SHEET_SOCLE].merge_cells("A1:B1"))
    dest = tmp_path / "scratch"
    dest.mkdir()
    with pytest.raises(ImportRefused, match=r"cellules d'en-tête fusionnées .*db_ghseet_socle!1: A1:B1"):
        import_ans_export(xlsx, dest)
    assert list(dest.iterdir()) == []


@needs_export
def test_missing_sheet_and_non_empty_dest_refused(workbook_copy, tmp_path):
    xlsx = _mutated(workbook_copy, tmp_path, lambda wb: wb.remove(wb[SHEET_SOCLE]))
    with pytest.raises(ImportRefused, match="db_ghseet_socle"):
        import_ans_export(xlsx, tmp_path / "scratch")
    busy = tmp_path / "busy"
    busy.mkdir()
    (busy / "keep.txt").write_text("x")
    with pytest.raises(ImportRefused, match="n'est pas vide"):
        import_ans_export(EXPORT, busy)
    assert [p.name for p in busy.iterdir()] == ["keep.txt"]


# --- cleaning helpers ------------------------------------------------------------------
def test_cleaning_helpers():
    assert clean_id("SGL.CDA/DD.05 ") == ("SGL.CDA/DD.05", ["espace en fin supprimée de l'identifiant 'SGL.CDA/DD.05 '"])
    assert clean_id("LGC.VSM/va2.XX") == ("LGC.VSM/va2.XX", [])        # malformed ids are kept
    text, fixes = clean_text("<p>Le syst&egrave;me DOIT&nbsp;:<br/>\nenvoyer &lt;NOM&gt; et <NOM>_<date>.pdf</p>")
    assert text == "Le système DOIT :\nenvoyer <NOM> et <NOM>_<date>.pdf"
    assert fixes == ["3 balises HTML supprimées", "4 entités HTML décodées", "1 espace insécable remplacée"]
    assert clean_text("a\u00a0b  ") == ("a b", ["1 espace insécable remplacée"])
    assert clean_text("  texte ") == ("texte", ["espaces en début et en fin supprimées"])
    assert clean_label("Bloc\n sur deux lignes ") == ("Bloc sur deux lignes", ["espaces superflues supprimées"])
    assert clean_text("Tom & Jerry <bilan>") == ("Tom & Jerry <bilan>", [])


# --- the reserved-socle-section rule, on the minimal fixture ---------------------------
V2 = "requirements/Va2/MDV-LGC-Va2.yaml"


def test_own_requirement_in_a_socle_section_is_reserved(minimal):
    path = minimal / V2
    text = path.read_text(encoding="utf-8")
    text = replace_nth(text, "  - {code: VSM,", "  - {code: INS, libelle: Identité}\n  - {code: VSM,")
    text = replace_nth(text, "id: LGC.DMP.03\n    section: DMP", "id: LGC.INS.03\n    section: INS")
    path.write_text(text, encoding="utf-8")
    result = load_and_check(minimal, use_cache=False)
    found = [p for p in result.problems if p.code == "ID-SOCLE-RESERVED"]
    assert [(p.path, p.line) for p in found] == [(V2, line_of(text, "id: LGC.INS.03"))]
    assert "socle INS" in found[0].message


def test_own_requirement_outside_socle_sections_passes(minimal):
    result = load_and_check(minimal, use_cache=False)
    assert not [p for p in result.problems if p.code == "ID-SOCLE-RESERVED"]


@needs_export
def test_html_and_trailing_space_fixes_name_sheet_and_row(workbook_copy, tmp_path):
    def dirty(wb):
        ws = wb[SHEET_REM]
        assert ws["K1"].value == "description" and ws["E1"].value == "reference"
        assert ws["B162"].value and ws["F162"].value is None   # an own requirement
        ws["K162"] = "<p>Le système DOIT être agréé&nbsp;[APCV1]</p>"
        ws["E3"] = "CDA/DD.04 "
    xlsx = _mutated(workbook_copy, tmp_path, dirty)
    report = import_ans_export(xlsx, tmp_path / "scratch")
    assert f"{SHEET_REM}!162: description: 2 balises HTML supprimées" in report.fixes
    assert f"{SHEET_REM}!162: description: 1 entité HTML décodée" in report.fixes
    assert f"{SHEET_REM}!3: reference: espace en fin supprimée de l'identifiant 'CDA/DD.04 '" in report.fixes
    text = (tmp_path / "scratch/requirements/Va2/BIO-SGL-Va2.yaml").read_text(encoding="utf-8")
    assert "- {id: CDA/DD.04}  # prepub_va2_avec_scenarios!3" in text


# --- ANS's own macro (sheet errors_rem_spe (2)) ----------------------------------------
MACRO_SHEET = "errors_rem_spe (2)"
# ANS's error class -> the rule that reports the same thing here
MACRO_RULES = {"reference exigence reservee au socle": "ID-SOCLE-RESERVED",
               "numerotation exigence incorrecte": "ID-PLACEHOLDER",
               "fonction absente": "TEXT-EMPTY"}
DATA_SHEETS = (SHEET_REM, "prepub_avec_scenarios", SHEET_SOCLE)


def _fold(text: str) -> str:
    import unicodedata
    return " ".join(unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower().split())


def _macro_findings() -> list[dict]:
    wb = openpyxl.load_workbook(EXPORT, read_only=True, data_only=True)
    try:
        rows = list(wb[MACRO_SHEET].iter_rows(values_only=True))
        cells = {name: [c for r in wb[name].iter_rows(values_only=True) for c in r if isinstance(c, str)]
                 for name in DATA_SHEETS}
    finally:
        wb.close()
    header = rows[0]
    out = []
    for r in rows[1:]:
        if not any(r):
            continue
        f = dict(zip(header, r))
        classes = [_fold(c) for c in str(f["Erreurs"]).split("/") if c.strip()]
        rem, rid = f["REM"].strip(), f["ID Exigence"].strip()
        local = rid.split(".", 1)[1]
        in_data = any(c.strip() in (local, rid) for sheet in DATA_SHEETS for c in cells[sheet])
        out.append({"rem": rem, "id": rid, "local": local, "rules": [MACRO_RULES[c] for c in classes],
                    "in_data": in_data})
    return out


@needs_export
def test_each_macro_finding_is_reported_on_the_same_requirement(imported):
    """Each of the 8 findings of ANS's macro: reported by `segur check` with the matching
    rule on the same requirement — or, for the requirements the export's data sheets do
    not hold (the macro ran on Squash, where they exist as OBSOLETE), absent from the data
    (docs/ans-export.md lists them)."""
    dest, _, result = imported
    findings = _macro_findings()
    # 7 rows, 8 findings (LGC.DOC/va2.XX has two: fonction absente, numérotation incorrecte)
    assert len(findings) == 7 and sum(len(f["rules"]) for f in findings) == 8
    by_id: dict[str, set[str]] = {}
    for p in result.problems:
        rids = [p.message.split()[2]] if p.code == "ID-PLACEHOLDER" else list(p.ids) or [p.message.split()[0]]
        for rid in rids:
            by_id.setdefault(rid, set()).add(p.code)
    reported, absent, picked = [], [], []
    for f in findings:
        if not f["in_data"]:
            absent.append(f["id"])
            continue
        if f["id"] in by_id and set(f["rules"]) <= by_id[f["id"]]:
            reported.append(f["id"])
            continue
        # present only as a pick of the socle requirement with the same number (the row has
        # a « reference socle »): the id is the socle's, as ANS's rule asks; what remains
        # reserved-section numbering in that REM is reported on its own requirements
        disp = next(d for d in result.corpus.dispositifs.values() if d.prefixe == f["id"].split(".")[0]
                    and d.vague == "Va2")
        assert any(pk.id == f["local"] for pk in disp.picks), f
        section = f["local"].rsplit(".", 1)[0]
        assert any(p.code == "ID-SOCLE-RESERVED" and p.dispositif == disp.id and f"section {section}," in p.message
                   for p in result.problems), f
        picked.append(f["id"])
    assert reported == ["LGC.VSM/va2.XX", "LGC.VACC/va2.XX"]
    assert picked == ["DPI.DMP/HISTO.07"]
    assert absent == ["LGC.ERGO/va2.04", "LGC.DOC/va2.XX", "DB.CO.56", "DB.CS.07"]


# --- draft preview of the real export ----------------------------------------------------
@needs_export
def test_draft_publish_and_book_show_the_six_rems(imported, tmp_path_factory):
    from build_tools.book.build import build_book
    from build_tools.marks import DRAFT
    from build_tools.publish import publish
    dest, _, result = imported
    assert result.errors
    pub = tmp_path_factory.mktemp("ans-pub") / "publish"
    publish(dest, pub, with_pdf=False, draft=True)
    manifest = __import__("json").loads((pub / "manifest.json").read_text("utf-8"))
    assert manifest["draft"] is True
    rems = {f["dispositif"] for f in manifest["files"] if f["kind"] == "rem"}
    assert DISPOSITIFS <= rems
    for did in DISPOSITIFS:
        wb = openpyxl.load_workbook(pub / "Va2" / did / f"REM-{did}.xlsx", read_only=True)
        assert wb.sheetnames[-1] == "BROUILLON"
        wb.close()
    html = pub.parent / "html"
    assert build_book(dest, pub, html, hypothesis=False, draft=True) == 0
    qa = (html / "book" / "gen" / "qa.html").read_text("utf-8")
    assert DRAFT.title in qa
    for did in DISPOSITIFS:
        page = (html / "book" / "gen" / "dispositifs" / "Va2" / f"{did}.html").read_text("utf-8")
        assert DRAFT.title in page and 'href="../../qa.html"' in page
        assert f'href="dispositifs/Va2/{did}.html#' in qa
    # every problem of the check is one row of the QA page
    assert qa.count('<tr><td data-label="Gravité">erreur</td>') == len(result.errors)
    assert qa.count('<tr><td data-label="Gravité">avertissement</td>') == len(result.warnings)
    # without --draft the book refuses the draft publication
    assert build_book(dest, pub, pub.parent / "html2", hypothesis=False) == 1


@needs_export
def test_unknown_rem_code_modelled_on_a_known_one(workbook_copy, tmp_path):
    """A copy with a suffixed code (LGCB) becomes its own dispositif; an unrelated code is
    refused unless --rem-code maps it."""
    def recode(code):
        def change(wb):
            ws = wb[SHEET_REM]
            assert ws["C1"].value == "REM"
            for row in range(2, ws.max_row + 1):
                if ws.cell(row, 3).value == "LGC":
                    ws.cell(row, 3).value = code
        return change
    xlsx = _mutated(workbook_copy, tmp_path, recode("LGCB"))
    report = import_ans_export(xlsx, tmp_path / "a")
    assert "MDV-LGCB-Va2" in report.dispositifs and "MDV-LGC-Va2" not in report.dispositifs
    programme = yaml.safe_load((tmp_path / "a/requirements/programme.yaml").read_text(encoding="utf-8"))
    d = next(x for x in programme["dispositifs"] if x["id"] == "MDV-LGCB-Va2")
    assert d["prefixe"] == "LGCB" and d["couloir"] == "MDV"
    assert "LGCB.VSM/va2.XX" in (tmp_path / "a/requirements/Va2/MDV-LGCB-Va2.yaml").read_text(encoding="utf-8")
    xlsx = _mutated(workbook_copy, tmp_path, recode("XYZ"))
    with pytest.raises(ImportRefused, match="--rem-code XYZ=LGC"):
        import_ans_export(xlsx, tmp_path / "b")
    assert not (tmp_path / "b").exists()
    report = import_ans_export(xlsx, tmp_path / "c", {"XYZ": "LGC"})
    assert "MDV-XYZ-Va2" in report.dispositifs
