"""Wave statut rules (build_tools/checks/evolution.py) beyond the one failing case per rule
of test_check_rules.py: a first-wave REM, an Obsolète record withdrawn before publication,
a statut declared without id_precedent, a previous id still active, a counterpart claimed
by a computed statut then by a written one, a later-wave dispositif without its REM file,
and several faults in one file (each reported, none hiding the next). Expectations — rule,
file, line, message — are written by hand.
"""
from __future__ import annotations

from pathlib import Path

from build_tools.engine import load_and_check

from .conftest import edit_file as _edit, line_of

PROG = "requirements/programme.yaml"
V1 = "requirements/Va1/MDV-LGC-Va1.yaml"
V2 = "requirements/Va2/MDV-LGC-Va2.yaml"
S = "requirements/socles/INS.yaml"


def _statut_problems(root: Path):
    """(code, path, line, message) of every STATUT-* problem, in report order."""
    return [(p.code, p.path, p.line, p.message) for p in load_and_check(root, use_cache=False).problems
            if p.code.startswith("STATUT-")]


def _record_line(text: str, rid: str, key: str) -> int:
    """Line of `key:` inside the record `- id: rid`."""
    start = text.index(f"  - id: {rid}\n")
    return text.count("\n", 0, text.index(f"    {key}:", start)) + 1


_RECORD = """  - id: {rid}
    section: {section}
    bloc: Bloc
    fonction: Fonction {rid}
    nature: Exigence
    criticite: Mineure
    profils: [Général]
{extra}    enonce: Le système DOIT traiter {rid}.
    scenarios:
      - id: {rid}.01
        texte: Traiter.
        preuves:
          - {{id: {rid}.01.01, texte: Vidéo}}
"""


def _record(rid: str, section: str, extra: str = "") -> str:
    return _RECORD.format(rid=rid, section=section, extra=extra)


def test_first_wave_statuts_each_reported_none_hiding_the_next(minimal):
    """A wave-1 REM has no previous wave: Nouvelle naming a previous id, then Modifiée, then
    Nouvelle naming one again — three problems, each at its own line."""
    _edit(minimal, V1, "    fonction: Envoi\n", "    fonction: Envoi\n    statut: Nouvelle\n    id_precedent: LGC.DMP.09\n")
    _edit(minimal, V1, "    fonction: Remplacement\n", "    fonction: Remplacement\n    statut: Modifiée\n")
    text = _edit(minimal, V1, "    fonction: Suppression\n",
                 "    fonction: Suppression\n    statut: Nouvelle\n    id_precedent: LGC.DMP.08\n")
    assert _statut_problems(minimal) == [
        ("STATUT-NEW-WITH-PREVIOUS", V1, _record_line(text, "LGC.DMP.01", "id_precedent"),
         "LGC.DMP.01 est Nouvelle mais indique id_precedent LGC.DMP.09"),
        ("STATUT-NO-PREVIOUS", V1, _record_line(text, "LGC.DMP.02", "statut"),
         "LGC.DMP.02 est Modifiée mais MDV-LGC-Va1 n'a pas de vague précédente"),
        ("STATUT-NEW-WITH-PREVIOUS", V1, _record_line(text, "LGC.DMP.03", "id_precedent"),
         "LGC.DMP.03 est Nouvelle mais indique id_precedent LGC.DMP.08")]


def test_first_wave_obsolete_and_new_records_need_no_previous_wave(minimal):
    """Nouvelle without id_precedent, and Obsolète without one (withdrawn before
    publication), are what a wave-1 REM may say."""
    _edit(minimal, V1, "    fonction: Envoi\n", "    fonction: Envoi\n    statut: Nouvelle\n")
    _edit(minimal, V1, "exigences:\n", "exigences:\n" + _record("LGC.DMP.04", "DMP", "    statut: Obsolète\n"))
    assert _statut_problems(minimal) == []


def test_obsolete_record_withdrawn_before_publication_refers_to_nothing(minimal):
    """Wave 2: an Obsolète record without id_precedent (ANS's arbitrage on a draft) is
    neither a missing counterpart nor a dropped one."""
    _edit(minimal, V2, "exigences:\n", "exigences:\n" + _record("LGC.VSM.02", "VSM", "    statut: Obsolète\n"))
    assert _statut_problems(minimal) == []
    # and the Obsolète record after it is still checked
    text = _edit(minimal, V2, "id_precedent: LGC.DMP.03", "id_precedent: LGC.DMP.33")
    assert _statut_problems(minimal) == [
        ("STATUT-DROPPED", V2, 1, "LGC.DMP.03 de MDV-LGC-Va1 n'est ni reprise dans MDV-LGC-Va2 ni marquée Obsolète"),
        ("STATUT-PREVIOUS-MISSING", V2, _record_line(text, "LGC.DMP.03", "id_precedent"),
         "LGC.DMP.03 est Obsolète mais id_precedent LGC.DMP.33 n'est pas dans MDV-LGC-Va1")]


def test_faults_in_a_later_wave_each_reported(minimal):
    """Wave 2: a Nouvelle naming its previous id (LGC.DMP.01, so also dropped), a Modifiée
    whose text is the same, a declared statut without any id_precedent; reported by line, the
    previous requirement left behind first (at the file's first line)."""
    _edit(minimal, V2, "    statut: Inchangée\n    id_precedent: LGC.DMP.01\n",
          "    statut: Nouvelle\n    id_precedent: LGC.DMP.01\n")
    _edit(minimal, V2, "remplacer un document en conservant son identifiant.", "remplacer un document.")
    text = _edit(minimal, V2, "    statut: Nouvelle\n    enonce: Le système PEUT", "    statut: Modifiée\n    enonce: Le système PEUT")
    assert _statut_problems(minimal) == [
        ("STATUT-DROPPED", V2, 1, "LGC.DMP.01 de MDV-LGC-Va1 n'est ni reprise dans MDV-LGC-Va2 ni marquée Obsolète"),
        ("STATUT-NEW-WITH-PREVIOUS", V2, _record_line(text, "LGC.DMP/va1.01", "id_precedent"),
         "LGC.DMP/va1.01 est Nouvelle mais indique id_precedent LGC.DMP.01"),
        ("STATUT-MODIFIED-SAME", V2, _record_line(text, "LGC.DMP/va1.02", "statut"),
         "LGC.DMP/va1.02 est Modifiée mais son texte est identique à LGC.DMP.02 dans MDV-LGC-Va1"),
        ("STATUT-PREVIOUS-MISSING", V2, _record_line(text, "LGC.VSM.01", "statut"),
         "LGC.VSM.01 est Modifiée mais elle n'a pas d'id_precedent")]


def test_each_fault_after_another_is_reported(minimal):
    """Wave 2, in file order: a declared statut without id_precedent, a Nouvelle naming a
    previous id, an Inchangée whose text differs — none hides the next; LGC.DMP.01, claimed
    by nobody, is dropped."""
    _edit(minimal, V2, "    statut: Inchangée\n    id_precedent: LGC.DMP.01\n", "    statut: Inchangée\n")
    _edit(minimal, V2, "    statut: Modifiée\n    id_precedent: LGC.DMP.02\n", "    statut: Nouvelle\n    id_precedent: LGC.DMP.02\n")
    text = _edit(minimal, V2, "    statut: Nouvelle\n    enonce: Le système PEUT",
                 "    statut: Inchangée\n    id_precedent: LGC.DMP.02\n    enonce: Le système PEUT")
    assert _statut_problems(minimal) == [
        ("STATUT-DROPPED", V2, 1, "LGC.DMP.01 de MDV-LGC-Va1 n'est ni reprise dans MDV-LGC-Va2 ni marquée Obsolète"),
        ("STATUT-PREVIOUS-MISSING", V2, _record_line(text, "LGC.DMP/va1.01", "statut"),
         "LGC.DMP/va1.01 est Inchangée mais elle n'a pas d'id_precedent"),
        ("STATUT-NEW-WITH-PREVIOUS", V2, _record_line(text, "LGC.DMP/va1.02", "id_precedent"),
         "LGC.DMP/va1.02 est Nouvelle mais indique id_precedent LGC.DMP.02"),
        ("STATUT-UNCHANGED-DIFFERS", V2, _record_line(text, "LGC.VSM.01", "statut"),
         "LGC.VSM.01 est Inchangée mais son texte diffère de LGC.DMP.02 dans MDV-LGC-Va1")]


def test_previous_id_named_by_a_record_without_statut_must_exist(minimal):
    """No statut written, an id_precedent that the previous REM lacks: the statut cannot be
    computed (STATUT-MISSING, at the record's id line, which here is not its first line)."""
    _edit(minimal, V2, "  - id: LGC.VSM.01\n    section: VSM\n", "  - section: VSM\n    id: LGC.VSM.01\n")
    text = _edit(minimal, V2, "    statut: Nouvelle\n    enonce: Le système PEUT",
                 "    id_precedent: LGC.VSM.07\n    enonce: Le système PEUT")
    assert _statut_problems(minimal) == [
        ("STATUT-MISSING", V2, line_of(text, "    id: LGC.VSM.01\n"),
         "LGC.VSM.01 n'a pas de statut et son exigence précédente LGC.VSM.07 n'est pas dans MDV-LGC-Va1 : "
         "le statut ne peut pas être calculé")]


def test_socle_pick_without_statut_is_never_statut_missing(minimal):
    """A socle requirement carried from wave 1 (`SC.INS/va1.04`, implying SC.INS.04) picked in
    wave 2 without statut: a pick's statut comes from the socle, it is Nouvelle here."""
    _edit(minimal, S, "sections:\n  - {code: INS, libelle: Identité nationale de santé}\n",
          "sections:\n  - {code: INS, libelle: Identité nationale de santé}\n  - {code: INS/va1, libelle: INS reprise}\n")
    path = minimal / S
    path.write_text(path.read_text("utf-8") + _record("SC.INS/va1.04", "INS/va1", "    vagues: [Va2]\n"), "utf-8")
    _edit(minimal, V2, "  - {id: INS.03}\n", "  - {id: INS.03}\n  - {id: INS/va1.04}\n")
    result = load_and_check(minimal, use_cache=False)
    assert [p.format() for p in result.problems if p.code.startswith("STATUT-")] == []
    d = result.corpus.dispositifs["MDV-LGC-Va2"]
    assert {r.id: r.statut for r in d.rem}["INS/va1.04"] == "Nouvelle"


def test_obsolete_record_whose_previous_id_is_still_active(minimal):
    """LGC.DMP.01 stays in the wave-2 REM (Inchangée) and an Obsolète record retires it too:
    reported as still present, and as taken over."""
    path = minimal / V2
    path.write_text(path.read_text("utf-8").replace("LGC.DMP/va1.01", "LGC.DMP.01"), "utf-8")
    text = _edit(minimal, V2, "exigences:\n", "exigences:\n" + _record(
        "LGC.DMP.04", "DMP", "    statut: Obsolète\n    id_precedent: LGC.DMP.01\n"))
    line = _record_line(text, "LGC.DMP.04", "statut")
    assert _statut_problems(minimal) == [
        ("STATUT-OBSOLETE-ACTIVE", V2, line, "LGC.DMP.04 est Obsolète mais LGC.DMP.01 figure encore dans le REM de MDV-LGC-Va2"),
        ("STATUT-OBSOLETE-ACTIVE", V2, line, "LGC.DMP.04 est Obsolète mais LGC.DMP.01 reprend LGC.DMP.01")]
    # the Obsolète record after it is still checked
    text = _edit(minimal, V2, "id_precedent: LGC.DMP.03", "id_precedent: LGC.DMP.33")
    assert _statut_problems(minimal)[-1] == (
        "STATUT-PREVIOUS-MISSING", V2, _record_line(text, "LGC.DMP.03", "id_precedent"),
        "LGC.DMP.03 est Obsolète mais id_precedent LGC.DMP.33 n'est pas dans MDV-LGC-Va1")


def test_counterpart_claimed_by_a_computed_statut_then_by_a_written_one(minimal):
    """LGC.DMP/va1.01 states no statut (computed Inchangée from LGC.DMP.01); LGC.DMP/va1.02
    then writes id_precedent LGC.DMP.01 too: reported at its id_precedent, naming the first;
    LGC.DMP.02, claimed by nobody, is dropped."""
    _edit(minimal, V2, "    statut: Inchangée\n    id_precedent: LGC.DMP.01\n", "    id_precedent: LGC.DMP.01\n")
    text = _edit(minimal, V2, "id_precedent: LGC.DMP.02", "id_precedent: LGC.DMP.01")
    assert _statut_problems(minimal) == [
        ("STATUT-DROPPED", V2, 1, "LGC.DMP.02 de MDV-LGC-Va1 n'est ni reprise dans MDV-LGC-Va2 ni marquée Obsolète"),
        ("STATUT-PREVIOUS-TWICE", V2, _record_line(text, "LGC.DMP/va1.02", "id_precedent"),
         "LGC.DMP/va1.02 et LGC.DMP/va1.01 revendiquent toutes deux LGC.DMP.01 de MDV-LGC-Va1")]


def test_later_wave_without_its_rem_file_drops_every_previous_requirement(minimal):
    """MDV-LGC-Va2 declared in the programme, its REM file absent: each requirement of the
    wave-1 REM is reported dropped, at the dispositif's line in the programme — except INS.02,
    which its socle retired (Obsolète) and which is therefore Obsolète here too."""
    (minimal / V2).unlink()
    prog = (minimal / PROG).read_text("utf-8")
    found = _statut_problems(minimal)
    where = line_of(prog, "- id: MDV-LGC-Va2")
    assert found == [("STATUT-DROPPED", PROG, where, f"{rid} de MDV-LGC-Va1 n'est ni reprise dans MDV-LGC-Va2 ni marquée Obsolète")
                     for rid in ("INS.01", "LGC.DMP.01", "LGC.DMP.02", "LGC.DMP.03")]


_SECOND_WAVE2 = """  - id: MDV-AGD-Va2
    couloir: MDV
    vague: Va2
    type_logiciel: {code: AGD, libelle: Agenda}
    prefixe: AGD
    titre: Agenda vague 2
    statut_publication: concertation
    version: "0.1"
    date: "2025-01-15"
    precedent: MDV-LGC-Va1
    professions: ["10"]
    socles: [INS]
    profils:
      - {nom: Général}
    historique:
      - {version: "0.1", date: "2025-01-15", auteur: ANS, modifications: Concertation}
"""
AGD = "requirements/Va2/MDV-AGD-Va2.yaml"


def test_pick_retired_while_another_pick_continues_it_in_two_rems_is_one_problem(minimal):
    """Two wave-2 REMs continuing MDV-LGC-Va1 both mark the pick INS.01 Obsolète while their
    pick INS.03 continues INS.01 (Modifiée): one cause copied into two REMs, one problem
    naming both, at the first file's line."""
    picks = ("  - {id: INS.01, statut: Obsolète, id_precedent: INS.01}\n"
             "  - {id: INS.03, statut: Modifiée, id_precedent: INS.01}\n")
    prog = minimal / PROG
    prog.write_text(prog.read_text("utf-8") + _SECOND_WAVE2, "utf-8")
    text = _edit(minimal, V2, "  - {id: INS.01}\n  - {id: INS.03}\n", picks)
    agd = "dispositif: MDV-AGD-Va2\nsections: []\nsocle:\n" + picks + "exigences: []\n"
    (minimal / AGD).write_text(agd, "utf-8")
    hits = [p for p in load_and_check(minimal, use_cache=False).problems if p.code == "STATUT-OBSOLETE-ACTIVE"]
    assert [(p.path, p.line, p.message, p.ids) for p in hits] == [
        (AGD, line_of(agd, "{id: INS.01, statut"),
         "INS.01 est Obsolète mais INS.03 reprend la même exigence de la vague précédente, dans 2 REM "
         "(MDV-AGD-Va2, MDV-LGC-Va2)", ("INS.01", "INS.01"))]
    assert hits[0].id_paths == (AGD, V2)
    # in one REM only: the problem names the previous id itself
    (minimal / AGD).write_text(agd.replace(picks, "  - {id: INS.03}\n"), "utf-8")
    hits = [p for p in load_and_check(minimal, use_cache=False).problems if p.code == "STATUT-OBSOLETE-ACTIVE"]
    assert [(p.path, p.line, p.message, p.ids) for p in hits] == [
        (V2, line_of(text, "{id: INS.01, statut"), "INS.01 est Obsolète mais INS.03 reprend INS.01", ("INS.01",))]
