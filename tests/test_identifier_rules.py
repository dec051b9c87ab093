"""Identifier rules (build_tools/checks/identifiers.py) on cases the rule table of
test_check_rules.py does not reach: a socle requirement numbered without `SC.`, a second
socle after one that reserves nothing, repeats that follow other repeats or mis-numbered
scenarios, and the edges of the scenario-less grouping (at most 10 % with a scenario, two
or more without). Each case edits the minimal corpus and states, by hand, the rule, the
file, the line and what the author reads.
"""
from __future__ import annotations

from pathlib import Path

from build_tools.engine import load_and_check

from .conftest import edit_file as _edit, line_of

V1 = "requirements/Va1/MDV-LGC-Va1.yaml"
V2 = "requirements/Va2/MDV-LGC-Va2.yaml"
S = "requirements/socles/INS.yaml"


def _problems(root: Path, *codes: str):
    return [p for p in load_and_check(root, use_cache=False).problems if p.code in codes]


# --- a socle's own requirements are numbered SC.<SECTION>.<nn> ---------------------------
def test_socle_requirement_without_sc_prefix_is_an_id_format_problem(minimal):
    path = minimal / S
    text = path.read_text("utf-8").replace("SC.INS.03", "INS.INS.03")   # the record and its scenario, proof
    path.write_text(text, "utf-8")
    hits = _problems(minimal, "ID-FORMAT", "ID-PREFIX", "ID-SOCLE-RESERVED", "SCN-ID")
    assert [(p.code, p.path, p.line, p.message, p.hint) for p in hits] == [
        ("ID-FORMAT", S, line_of(text, "  - id: INS.INS.03\n"),
         "l'exigence de socle INS.INS.03 doit commencer par 'SC.'",
         "numérotez les exigences de socle SC.<SECTION>.<nn>")]


# --- socle sections: every socle offered in the wave reserves its sections -------------
_SOCLE_WAVE2_ONLY = """socle: CPS
sections:
  - {code: CPS, libelle: Carte de professionnel de santé}
exigences:
  - id: SC.CPS.01
    section: CPS
    bloc: Bloc CPS
    fonction: Lecture de carte
    nature: Exigence
    criticite: Majeure
    profils: [Général]
    vagues: [Va2]
    enonce: Le système DOIT lire la carte.
    scenarios:
      - id: SC.CPS.01.01
        texte: Lire la carte.
        preuves:
          - {id: SC.CPS.01.01.01, texte: Vidéo}
"""

_OWN = """  - id: {rid}
    section: {section}
    bloc: Bloc
    fonction: Fonction {rid}
    nature: Exigence
    criticite: Mineure
    profils: [Général]
{statut}    enonce: Le système DOIT traiter {rid}.
{scenarios}"""

_SCENARIOS = """    scenarios:
      - id: {rid}.01
        texte: Traiter.
        preuves:
          - {{id: {rid}.01.01, texte: Vidéo}}
"""


def _own(rid: str, section: str, scenarios: bool = True, statut: str = "") -> str:
    return _OWN.format(rid=rid, section=section, statut=f"    statut: {statut}\n" if statut else "",
                       scenarios=_SCENARIOS.format(rid=rid) if scenarios else "")


def test_socle_that_reserves_nothing_in_a_wave_does_not_hide_the_next_one(minimal):
    """CPS (declared before INS) is offered from wave 2 only: in the wave-1 REM it reserves
    nothing, and INS, offered in wave 1, still reserves its section INS there."""
    (minimal / "requirements/socles/CPS.yaml").write_text(_SOCLE_WAVE2_ONLY, "utf-8")
    _edit(minimal, "requirements/referentiels.yaml", "socles:\n",
          "socles:\n  - {code: CPS, titre: Carte de professionnel de santé}\n")
    _edit(minimal, V1, "sections:\n", "sections:\n  - {code: INS, libelle: Identité}\n"
                                      "  - {code: CPS, libelle: Carte}\n")
    text = _edit(minimal, V1, "exigences:\n", "exigences:\n" + _own("LGC.INS.05", "INS") + _own("LGC.CPS.05", "CPS"))
    hits = _problems(minimal, "ID-SOCLE-RESERVED")
    assert [(p.path, p.line, p.message) for p in hits] == [
        (V1, line_of(text, "- id: LGC.INS.05\n"), "LGC.INS.05 dans MDV-LGC-Va1 utilise la section INS, réservée au socle INS")]
    # in wave 2 both socles are offered: both sections are reserved, each naming its socle
    _edit(minimal, V2, "sections:\n", "sections:\n  - {code: INS, libelle: Identité}\n"
                                      "  - {code: CPS, libelle: Carte}\n")
    text2 = _edit(minimal, V2, "exigences:\n", "exigences:\n" + _own("LGC.INS.06", "INS", statut="Nouvelle")
                  + _own("LGC.CPS.06", "CPS", statut="Nouvelle"))
    hits = [(p.line, p.message) for p in _problems(minimal, "ID-SOCLE-RESERVED") if p.path == V2]
    assert hits == [
        (line_of(text2, "- id: LGC.INS.06\n"), "LGC.INS.06 dans MDV-LGC-Va2 utilise la section INS, réservée au socle INS"),
        (line_of(text2, "- id: LGC.CPS.06\n"), "LGC.CPS.06 dans MDV-LGC-Va2 utilise la section CPS, réservée au socle CPS")]


def test_requirement_filed_under_a_socle_section_is_reserved_even_when_numbered_elsewhere(minimal):
    """The id says DMP but the record is filed under INS: the section it is filed under is
    the socle's (ID-SECTION reports the mismatch, ID-SOCLE-RESERVED the reserved section)."""
    _edit(minimal, V1, "sections:\n", "sections:\n  - {code: INS, libelle: Identité}\n")
    text = _edit(minimal, V1, "exigences:\n", "exigences:\n" + _own("LGC.DMP.05", "INS"))
    line = line_of(text, "- id: LGC.DMP.05\n")
    hits = _problems(minimal, "ID-SOCLE-RESERVED", "ID-SECTION")
    assert sorted((p.code, p.line, p.message) for p in hits) == [
        ("ID-SECTION", line, "LGC.DMP.05 est numérotée dans la section DMP mais sa section est INS"),
        ("ID-SOCLE-RESERVED", line, "LGC.DMP.05 dans MDV-LGC-Va1 utilise la section INS, réservée au socle INS")]


# --- duplicates: one walk to the end --------------------------------------------------
def test_repeats_after_a_repeated_record_are_still_reported(minimal):
    """A repeated record (its scenarios and proofs repeat with it: one problem), then two
    more repeats further down the file: each is reported at its own line."""
    path = minimal / V2
    text = path.read_text("utf-8")
    vsm = text[text.index("  - id: LGC.VSM.01\n"):]
    dmp = text[text.index("  - id: LGC.DMP/va1.01\n"):text.index("  - id: LGC.DMP/va1.02\n")]
    text = text + vsm + dmp
    path.write_text(text, "utf-8")
    hits = _problems(minimal, "ID-DUP")
    assert [(p.path, p.line, p.message) for p in hits] == [
        (V2, line_of(text, "  - id: LGC.VSM.01\n", 2),
         f"identifiant LGC.VSM.01 déjà défini en {V2}:{line_of(text, '  - id: LGC.VSM.01' + chr(10))}"),
        (V2, line_of(text, "  - id: LGC.DMP/va1.01\n", 2),
         f"identifiant LGC.DMP/va1.01 déjà défini en {V2}:{line_of(text, '  - id: LGC.DMP/va1.01' + chr(10))}")]


def test_repeated_socle_pick_is_reported_after_the_first_repeat_too(minimal):
    text = _edit(minimal, V2, "  - {id: INS.03}\n", "  - {id: INS.03}\n  - {id: INS.01}\n  - {id: INS.03}\n")
    hits = _problems(minimal, "ID-DUP")
    assert [(p.path, p.line, p.message) for p in hits] == [
        (V2, line_of(text, "{id: INS.01}", 2), f"identifiant repris INS.01 déjà défini en {V2}:{line_of(text, '{id: INS.01}')}"),
        (V2, line_of(text, "{id: INS.03}", 2), f"identifiant repris INS.03 déjà défini en {V2}:{line_of(text, '{id: INS.03}')}")]


def test_scenario_after_a_mis_numbered_one_still_takes_part_in_duplicates(minimal):
    """LGC.DMP.01's first scenario is numbered under another requirement (SCN-ID, left out
    of duplicates); its next two scenarios share an id: that repeat is still ID-DUP."""
    extra = """      - id: LGC.DMP.01.02
        texte: Alimenter encore.
        preuves:
          - {id: LGC.DMP.01.02.01, texte: Vidéo}
      - id: LGC.DMP.01.02
        texte: Alimenter une dernière fois.
        preuves:
          - {id: LGC.DMP.01.02.02, texte: Vidéo}
"""
    _edit(minimal, V1, "      - id: LGC.DMP.01.01\n", "      - id: LGC.DMP.02.09\n")
    text = _edit(minimal, V1, "          - {id: LGC.DMP.01.01.01, texte: Vidéo}\n",
                 "          - {id: LGC.DMP.02.09.01, texte: Vidéo}\n" + extra)
    hits = _problems(minimal, "ID-DUP", "SCN-ID")
    assert [(p.code, p.line) for p in hits] == [
        ("SCN-ID", line_of(text, "- id: LGC.DMP.02.09\n")),
        ("ID-DUP", line_of(text, "- id: LGC.DMP.01.02\n", 2))]
    assert hits[1].message == f"identifiant LGC.DMP.01.02 déjà défini en {V1}:{line_of(text, '- id: LGC.DMP.01.02' + chr(10))}"


# --- scenario-less groups: at most 10 % with a scenario, two or more without -------------
def _section_of_ten(minimal: Path, with_scenarios: int) -> str:
    """Ten new requirements in a new section ORD of the wave-2 REM, the first
    `with_scenarios` of them with a scenario."""
    records = "".join(_own(f"LGC.ORD.{i:02d}", "ORD", scenarios=i <= with_scenarios, statut="Nouvelle")
                      for i in range(1, 11))
    _edit(minimal, V2, "sections:\n", "sections:\n  - {code: ORD, libelle: Ordonnances}\n")
    path = minimal / V2
    text = path.read_text("utf-8") + records
    path.write_text(text, "utf-8")
    return text


def test_section_with_one_scenario_in_ten_is_one_group(minimal):
    """1 in 10 is the 10 % edge: the section's scenarios are not written yet, one problem."""
    text = _section_of_ten(minimal, 1)
    hits = _problems(minimal, "SCN-MISSING")
    missing = tuple(f"LGC.ORD.{i:02d}" for i in range(2, 11))
    assert [(p.path, p.line, p.ids) for p in hits] == [(V2, line_of(text, "- id: LGC.ORD.02\n"), missing)]
    assert hits[0].message == ("scénarios non écrits dans la section ORD du REM MDV-LGC-Va2 : sur 10 exigences "
                               "actives, seules 1 en ont un ; 9 exigences sans scénario (LGC.ORD.02, LGC.ORD.03, LGC.ORD.04, …)")


def test_section_with_two_scenarios_in_ten_is_reported_requirement_by_requirement(minimal):
    text = _section_of_ten(minimal, 2)
    hits = _problems(minimal, "SCN-MISSING")
    assert [(p.line, p.ids, p.message) for p in hits] == [
        (line_of(text, f"- id: LGC.ORD.{i:02d}\n"), (f"LGC.ORD.{i:02d}",),
         f"LGC.ORD.{i:02d} n'a aucun scénario de conformité") for i in range(3, 11)]


def test_two_requirements_without_scenario_and_none_with_are_one_group(minimal):
    """Two missing (the least a group holds) and none written: one problem for the section."""
    records = _own("LGC.ORD.01", "ORD", scenarios=False, statut="Nouvelle") + \
        _own("LGC.ORD.02", "ORD", scenarios=False, statut="Nouvelle")
    _edit(minimal, V2, "sections:\n", "sections:\n  - {code: ORD, libelle: Ordonnances}\n")
    path = minimal / V2
    text = path.read_text("utf-8") + records
    path.write_text(text, "utf-8")
    hits = _problems(minimal, "SCN-MISSING")
    assert [(p.line, p.ids, p.message) for p in hits] == [
        (line_of(text, "- id: LGC.ORD.01\n"), ("LGC.ORD.01", "LGC.ORD.02"),
         "scénarios non écrits dans la section ORD du REM MDV-LGC-Va2 : sur 2 exigences actives, aucune n'a de "
         "scénario ; 2 exigences sans scénario (LGC.ORD.01, LGC.ORD.02)")]


def test_socle_without_any_scenario_is_one_group_and_obsolete_records_are_left_out(minimal):
    """The socle's active requirements (SC.INS.01, SC.INS.03; SC.INS.02 is Obsolète) lose
    their scenarios: one problem naming the socle, the obsolete record neither counted nor listed."""
    path = minimal / S
    text = path.read_text("utf-8")
    out, skip = [], False
    for line in text.splitlines(keepends=True):
        if line.startswith("  - id: "):
            skip = False
        if line == "    scenarios:\n" and not out[-1].startswith("    enonce: Le système DOIT afficher"):
            skip = True
        if not skip:
            out.append(line)
    text = "".join(out)
    path.write_text(text, "utf-8")
    hits = _problems(minimal, "SCN-MISSING")
    assert [(p.path, p.line, p.ids, p.message) for p in hits] == [
        (S, line_of(text, "- id: SC.INS.01\n"), ("SC.INS.01", "SC.INS.03"),
         "scénarios non écrits dans le socle INS : sur 2 exigences actives, aucune n'a de scénario ; "
         "2 exigences sans scénario (SC.INS.01, SC.INS.03)")]


# --- socle picks: the REM-local id, without SC., no spaces, no placeholder -----------------
def test_pick_keeping_the_sc_prefix_is_reported_with_the_id_to_write(minimal):
    text = _edit(minimal, V2, "  - {id: INS.03}\n", "  - {id: SC.INS.03}\n")
    hits = [p for p in _problems(minimal, "ID-FORMAT", "ID-WHITESPACE", "ID-PLACEHOLDER")]
    assert [(p.code, p.path, p.line, p.message, p.hint) for p in hits] == [
        ("ID-FORMAT", V2, line_of(text, "{id: SC.INS.03}"), "la reprise SC.INS.03 garde le préfixe 'SC.'",
         "reprenez-la sous la forme INS.03 (l'identifiant local au REM n'a pas de 'SC.')")]


def test_pick_with_a_space_or_a_placeholder_is_reported_at_its_line(minimal):
    _edit(minimal, V2, "  - {id: INS.01}\n", '  - {id: "INS.01 "}\n')
    text = _edit(minimal, V2, "  - {id: INS.03}\n", "  - {id: INS.XX}\n")
    hits = _problems(minimal, "ID-FORMAT", "ID-WHITESPACE", "ID-PLACEHOLDER")
    assert [(p.code, p.path, p.line, p.message) for p in hits] == [
        ("ID-WHITESPACE", V2, line_of(text, '{id: "INS.01 "}'), "l'identifiant repris 'INS.01 ' contient des espaces"),
        ("ID-PLACEHOLDER", V2, line_of(text, "{id: INS.XX}"), "l'identifiant repris INS.XX a un numéro provisoire")]


def test_pick_of_an_unknown_shape_is_left_to_ref_socle(minimal):
    """A pick's existence (and so its shape) is REF-SOCLE's job: no ID-FORMAT besides."""
    text = _edit(minimal, V2, "  - {id: INS.03}\n", "  - {id: INS-03}\n")
    result = load_and_check(minimal, use_cache=False)
    assert [(p.code, p.line) for p in result.problems if p.path == V2] == [("REF-SOCLE", line_of(text, "{id: INS-03}"))]


def test_problems_point_at_the_id_line_when_the_record_does_not_start_with_it(minimal):
    """Records written `- section: …` then `id: …`: a repeated id and a malformed one are
    reported at their `id:` line (the record starts one line above)."""
    _edit(minimal, V1, "  - id: LGC.DMP.01\n    section: DMP\n", "  - section: DMP\n    id: LGC.DMP.01\n")
    _edit(minimal, V1, "  - id: LGC.DMP.02\n    section: DMP\n", "  - section: DMP\n    id: LGC.DMP.01\n")
    text = _edit(minimal, V1, "  - id: LGC.DMP.03\n    section: DMP\n", "  - section: DMP\n    id: LGC-DMP-03\n")
    hits = _problems(minimal, "ID-DUP", "ID-FORMAT")
    assert [(p.code, p.path, p.line, p.message) for p in hits] == [
        ("ID-DUP", V1, line_of(text, "    id: LGC.DMP.01\n", 2),
         f"identifiant LGC.DMP.01 déjà défini en {V1}:{line_of(text, '    id: LGC.DMP.01' + chr(10))}"),
        ("ID-FORMAT", V1, line_of(text, "    id: LGC-DMP-03\n"),
         "l'identifiant d'exigence 'LGC-DMP-03' n'est pas de la forme <PREFIXE>.<SECTION>.<nn>")]


def test_scenario_numbered_like_its_requirement_says_so_in_full(minimal):
    text = _edit(minimal, V1, "      - id: LGC.DMP.01.01\n", "      - id: LGC.DMP.01\n")
    text = _edit(minimal, V1, "{id: LGC.DMP.01.01.01,", "{id: LGC.DMP.01.01,")
    hits = _problems(minimal, "SCN-ID", "ID-DUP")
    assert [(p.code, p.line, p.message) for p in hits] == [
        ("SCN-ID", line_of(text, "      - id: LGC.DMP.01\n"),
         "l'identifiant de scénario LGC.DMP.01 ne prolonge pas LGC.DMP.01 : c'est celui de son parent "
         "(attendu : LGC.DMP.01.NN)")]


def test_session_memo_follows_the_waves_a_socle_is_offered_in(minimal):
    """`segur serve` keeps file-local findings between checks: when only the socle file
    changes which waves it is offered in, the wave-1 REM's reserved section is re-judged
    (reported while INS is offered in Va1, gone once it is offered from Va2 only)."""
    from build_tools.engine import Memo
    _edit(minimal, V1, "sections:\n", "sections:\n  - {code: INS, libelle: Identité}\n")
    text = _edit(minimal, V1, "exigences:\n", "exigences:\n" + _own("LGC.INS.05", "INS"))
    memo = Memo()
    first = load_and_check(minimal, use_cache=False, memo=memo)
    assert [(p.path, p.line) for p in first.problems if p.code == "ID-SOCLE-RESERVED"] == [
        (V1, line_of(text, "- id: LGC.INS.05\n"))]
    path = minimal / S
    path.write_text(path.read_text("utf-8").replace("vagues: [Va1, Va2]", "vagues: [Va2]")
                    .replace("vagues: [Va1]", "vagues: [Va2]"), "utf-8")
    again = load_and_check(minimal, use_cache=False, memo=memo)
    assert [p for p in again.problems if p.code == "ID-SOCLE-RESERVED"] == []
    assert again.problems == load_and_check(minimal, use_cache=False).problems


def test_scenarios_numbered_like_their_requirements_stay_apart(minimal):
    """LGC.DMP.01 and LGC.DMP.02 each have a scenario numbered like itself: two slips, one
    per requirement, each reported alone (they only share the section LGC.DMP)."""
    _edit(minimal, V1, "      - id: LGC.DMP.01.01\n", "      - id: LGC.DMP.01\n")
    _edit(minimal, V1, "{id: LGC.DMP.01.01.01,", "{id: LGC.DMP.01.01,")
    _edit(minimal, V1, "      - id: LGC.DMP.02.01\n", "      - id: LGC.DMP.02\n")
    text = _edit(minimal, V1, "{id: LGC.DMP.02.01.01,", "{id: LGC.DMP.02.01,")
    hits = _problems(minimal, "SCN-ID")
    assert [(p.line, p.ids, p.message) for p in hits] == [
        (line_of(text, f"      - id: {rid}\n"), (rid,),
         f"l'identifiant de scénario {rid} ne prolonge pas {rid} : c'est celui de son parent (attendu : {rid}.NN)")
        for rid in ("LGC.DMP.01", "LGC.DMP.02")]


def test_scenarios_numbered_under_one_wrong_parent_are_one_problem(minimal):
    """Two scenarios of two requirements both numbered as children of LGC.DMP.09 (which is
    neither's parent): one numbering slip, one SCN-ID listing both."""
    _edit(minimal, V1, "      - id: LGC.DMP.01.01\n", "      - id: LGC.DMP.09.01\n")
    _edit(minimal, V1, "{id: LGC.DMP.01.01.01,", "{id: LGC.DMP.09.01.01,")
    _edit(minimal, V1, "      - id: LGC.DMP.02.01\n", "      - id: LGC.DMP.09.02\n")
    text = _edit(minimal, V1, "{id: LGC.DMP.02.01.01,", "{id: LGC.DMP.09.02.01,")
    hits = _problems(minimal, "SCN-ID")
    assert [(p.line, p.ids, p.message) for p in hits] == [
        (line_of(text, "      - id: LGC.DMP.09.01\n"), ("LGC.DMP.09.01", "LGC.DMP.09.02"),
         "2 scénarios ou preuves (LGC.DMP.09.01, LGC.DMP.09.02) sont numérotés comme enfants de LGC.DMP.09, "
         "qui n'est pas leur parent")]


def test_requirements_of_one_rem_in_a_reserved_section_are_one_problem(minimal):
    """Two own requirements numbered in the socle's section INS: one cause (the REM's section
    collides with the socle's), one problem listing both, with the fix."""
    _edit(minimal, V1, "sections:\n", "sections:\n  - {code: INS, libelle: Identité}\n")
    text = _edit(minimal, V1, "exigences:\n", "exigences:\n" + _own("LGC.INS.05", "INS") + _own("LGC.INS.06", "INS"))
    hits = _problems(minimal, "ID-SOCLE-RESERVED")
    assert [(p.path, p.line, p.ids, p.message, p.hint) for p in hits] == [
        (V1, line_of(text, "- id: LGC.INS.05\n"), ("LGC.INS.05", "LGC.INS.06"),
         "2 exigences de MDV-LGC-Va1 utilisent la section INS, réservée au socle INS (LGC.INS.05, LGC.INS.06)",
         "reprenez l'exigence du socle (socle: - id: …) ou numérotez l'exigence dans une section du dispositif")]


def test_socle_gaps_with_most_scenarios_written_are_reported_one_by_one(minimal):
    """Two new socle requirements without scenario beside two with: not a socle whose
    scenarios are unwritten, so each gap is its own problem."""
    records = "".join(_own(f"SC.INS.{n}", "INS", scenarios=False).replace("    profils: [Général]\n",
                                                                       "    profils: [Général]\n    vagues: [Va2]\n")
                      for n in ("04", "05"))
    path = minimal / S
    text = path.read_text("utf-8") + records
    path.write_text(text, "utf-8")
    hits = _problems(minimal, "SCN-MISSING")
    assert [(p.path, p.line, p.ids, p.message) for p in hits] == [
        (S, line_of(text, f"- id: SC.INS.{n}\n"), (f"SC.INS.{n}",), f"SC.INS.{n} n'a aucun scénario de conformité")
        for n in ("04", "05")]


def test_own_requirement_with_the_socle_prefix_in_a_socle_section_is_one_problem(minimal):
    """SC.INS.05 written in a REM: the socle prefix is the fault (one ID-SOCLE-RESERVED), not
    also its section."""
    _edit(minimal, V1, "sections:\n", "sections:\n  - {code: INS, libelle: Identité}\n")
    text = _edit(minimal, V1, "exigences:\n", "exigences:\n" + _own("SC.INS.05", "INS"))
    hits = _problems(minimal, "ID-SOCLE-RESERVED")
    assert [(p.path, p.line, p.message) for p in hits] == [
        (V1, line_of(text, "- id: SC.INS.05\n"), "SC.INS.05 utilise le préfixe de socle dans MDV-LGC-Va1")]


def test_scenario_numbers_have_two_or_three_digits(minimal):
    """`.100` prolongs its requirement (three digits allowed); `.1000` does not."""
    _edit(minimal, V1, "      - id: LGC.DMP.01.01\n", "      - id: LGC.DMP.01.100\n")
    _edit(minimal, V1, "{id: LGC.DMP.01.01.01,", "{id: LGC.DMP.01.100.01,")
    assert _problems(minimal, "SCN-ID", "ID-FORMAT", "ID-DUP") == []
    _edit(minimal, V1, "      - id: LGC.DMP.02.01\n", "      - id: LGC.DMP.02.1000\n")
    text = _edit(minimal, V1, "{id: LGC.DMP.02.01.01,", "{id: LGC.DMP.02.1000.01,")
    hits = _problems(minimal, "SCN-ID", "ID-FORMAT", "ID-DUP")
    assert [(p.code, p.line, p.message) for p in hits] == [
        ("SCN-ID", line_of(text, "      - id: LGC.DMP.02.1000\n"),
         "l'identifiant de scénario LGC.DMP.02.1000 ne prolonge pas LGC.DMP.02 (attendu : LGC.DMP.02.NN)")]


def test_socle_requirement_repeated_in_another_socle_names_the_first(minimal):
    (minimal / "requirements/socles/CPS.yaml").write_text(
        _SOCLE_WAVE2_ONLY.replace("SC.CPS.01", "SC.INS.01"), "utf-8")
    text = (minimal / "requirements/socles/CPS.yaml").read_text("utf-8")
    first = line_of((minimal / S).read_text("utf-8"), "  - id: SC.INS.01\n")
    hits = _problems(minimal, "ID-DUP")
    assert [(p.path, p.line, p.message) for p in hits] == [
        ("requirements/socles/CPS.yaml", line_of(text, "  - id: SC.INS.01\n"),
         f"identifiant SC.INS.01 déjà défini en {S}:{first}")]
