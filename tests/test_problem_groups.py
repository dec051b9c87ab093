"""One problem per cause: a REM or section whose scenarios are not written yet, and a
referentiel code listed but not cited across a file, are reported once, with every id kept
(in `ids`, and in the JSON report)."""
from __future__ import annotations

import json
import subprocess
import sys

from build_tools.engine import load_and_check

from .conftest import line_of

V2 = "requirements/Va2/MDV-LGC-Va2.yaml"
S = "requirements/socles/INS.yaml"
OWN = ("LGC.DMP/va1.01", "LGC.DMP/va1.02", "LGC.VSM.01")   # the active own requirements of V2


def _strip_scenarios(text: str, rid: str) -> str:
    start = text.index(f"  - id: {rid}\n")
    scn = text.index("    scenarios:\n", start)
    end = text.find("\n  - id:", scn)
    return text[:scn] + (text[end + 1:] if end != -1 else "")


def _scn_missing(root):
    result = load_and_check(root, use_cache=False)
    return [p for p in result.problems if p.code == "SCN-MISSING"]


def test_rem_without_any_scenario_is_one_problem(minimal):
    path = minimal / V2
    text = path.read_text("utf-8")
    for rid in OWN:
        text = _strip_scenarios(text, rid)
    path.write_text(text, "utf-8")
    hits = _scn_missing(minimal)
    assert len(hits) == 1, [p.format() for p in hits]
    p = hits[0]
    assert (p.path, p.line) == (V2, line_of(text, "id: LGC.DMP/va1.01\n"))
    assert p.ids == OWN
    assert "REM MDV-LGC-Va2" in p.message and "3 exigences sans scénario" in p.message
    assert p.severity.value == "warning"       # concertation: a completeness rule is a warning
    # the JSON report keeps every id
    out = subprocess.run([sys.executable, "-m", "build_tools.cli", "check", "--root", str(minimal),
                          "--format", "json"], capture_output=True, text=True)
    problems = json.loads(out.stdout)["problems"]
    assert [q["ids"] for q in problems if q["code"] == "SCN-MISSING"] == [list(OWN)]


def test_accepted_requirements_leave_the_group(minimal):
    """`# segur: accepte` applies per requirement before grouping: the others stay reported."""
    path = minimal / V2
    text = path.read_text("utf-8")
    for rid in OWN:
        text = _strip_scenarios(text, rid)
    text = text.replace("id: LGC.DMP/va1.01\n", "id: LGC.DMP/va1.01  # segur: accepte SCN-MISSING\n", 1)
    path.write_text(text, "utf-8")
    hits = _scn_missing(minimal)
    assert [(p.line, p.ids) for p in hits] == [(line_of(text, "id: LGC.DMP/va1.02\n"), OWN[1:])]


def test_section_without_scenario_is_one_problem_and_a_lone_gap_stays_alone(minimal):
    path = minimal / V2
    text = path.read_text("utf-8")
    for rid in OWN[:2]:          # section DMP: none left with a scenario; VSM keeps its own
        text = _strip_scenarios(text, rid)
    path.write_text(text, "utf-8")
    hits = _scn_missing(minimal)
    assert [(p.line, p.ids) for p in hits] == [(line_of(text, "id: LGC.DMP/va1.01\n"), OWN[:2])]
    assert "section DMP du REM MDV-LGC-Va2" in hits[0].message
    # and when the last one loses its scenarios too, the whole REM is one problem
    path.write_text(_strip_scenarios(path.read_text("utf-8"), OWN[2]), "utf-8")
    hits = _scn_missing(minimal)
    assert len(hits) == 1 and hits[0].ids == OWN and "REM MDV-LGC-Va2" in hits[0].message


def test_lone_gap_in_an_otherwise_complete_rem_stays_alone(minimal):
    path = minimal / V2
    path.write_text(_strip_scenarios(path.read_text("utf-8"), OWN[2]), "utf-8")
    hits = _scn_missing(minimal)
    assert [(p.message, p.ids) for p in hits] == [("LGC.VSM.01 n'a aucun scénario de conformité", (OWN[2],))]


def test_referentiel_listed_but_not_cited_is_one_problem_per_code_and_file(minimal):
    path = minimal / S
    text = path.read_text("utf-8")
    text = text.replace("    referentiels: [INS2]\n", "    referentiels: [INS2, INS1]\n", 1)
    text = text.replace("selon le [INS1].", "selon le référentiel.", 1)
    path.write_text(text, "utf-8")
    result = load_and_check(minimal, use_cache=False)
    hits = [p for p in result.problems if p.code == "REF-REFERENTIEL-LIST"]
    assert [(p.path, p.line, p.ids) for p in hits] == [
        (S, line_of(text, "referentiels: [INS2, INS1]"), ("SC.INS.01", "SC.INS.03"))]
    assert "2 exigences de ce fichier listent INS1" in hits[0].message


def test_proof_numbered_like_its_scenario_is_one_problem(minimal):
    path = minimal / V2
    text = path.read_text("utf-8").replace("{id: LGC.VSM.01.01.01, texte", "{id: LGC.VSM.01.01, texte", 1)
    path.write_text(text, "utf-8")
    result = load_and_check(minimal, use_cache=False)
    hits = [(p.code, p.line) for p in result.problems if p.code in ("SCN-ID", "ID-DUP")]
    assert hits == [("SCN-ID", line_of(text, "{id: LGC.VSM.01.01, texte"))]
    assert "c'est celui de son parent" in next(p.message for p in result.problems if p.code == "SCN-ID")


def test_repeated_record_is_one_id_dup_not_one_per_scenario_and_proof(minimal):
    path = minimal / V2
    text = path.read_text("utf-8")
    block = text[text.index("  - id: LGC.VSM.01\n"):]
    text = text + block          # the whole record again, scenarios and proofs included
    path.write_text(text, "utf-8")
    result = load_and_check(minimal, use_cache=False)
    hits = [(p.path, p.line) for p in result.problems if p.code == "ID-DUP"]
    assert hits == [(V2, line_of(text, "  - id: LGC.VSM.01\n", 2))]


def test_corpus_without_any_af_is_one_problem_per_severity(minimal):
    """No financement/ at all (a corpus just imported): one AF-MISSING per severity, every
    dispositif in `ids`; the publiée one stays an error, the draft one a warning."""
    P_ = "requirements/programme.yaml"
    for rel in ("requirements/financement/MDV-LGC-Va1.yaml", "requirements/financement/MDV-LGC-Va2.yaml"):
        (minimal / rel).unlink()
    result = load_and_check(minimal, use_cache=False)
    found = sorted((p.severity.value, p.ids, p.path) for p in result.problems if p.code == "AF-MISSING")
    assert found == [("error", ("MDV-LGC-Va1",), P_), ("warning", ("MDV-LGC-Va2",), P_)]
    # both drafts: one cause, one problem naming both
    path = minimal / P_
    path.write_text(path.read_text("utf-8").replace("statut_publication: publiée", "statut_publication: brouillon", 1),
                    "utf-8")
    result = load_and_check(minimal, use_cache=False)
    hits = [p for p in result.problems if p.code == "AF-MISSING"]
    assert [(p.severity.value, p.ids) for p in hits] == [("warning", ("MDV-LGC-Va1", "MDV-LGC-Va2"))]
    assert "aucun dispositif du corpus" in hits[0].message and "2 dispositifs" in hits[0].message


def test_cause_keys_compare_runs_whatever_the_grouping(minimal):
    """`segur import-rem --write` refuses only new errors: an id fixed inside a group
    changes the group's message, not what it reports; a new id in a group is new."""
    from build_tools.problem_groups import cause_keys
    path = minimal / V2
    original = path.read_text("utf-8")
    path.write_text(_strip_scenarios(_strip_scenarios(original, OWN[0]), OWN[1]), "utf-8")
    grouped = _scn_missing(minimal)                       # section DMP: one problem, two ids
    path.write_text(_strip_scenarios(original, OWN[0]), "utf-8")
    single = _scn_missing(minimal)                        # OWN[1] fixed: OWN[0] alone
    assert len(grouped) == 1 and len(single) == 1 and single[0].message != grouped[0].message
    known = cause_keys(grouped[0])
    assert cause_keys(single[0]) <= known                 # nothing new
    assert not cause_keys(grouped[0]) <= cause_keys(single[0])   # the other way, OWN[1] is new
