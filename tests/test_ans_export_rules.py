"""Rules and groupings the real ANS export needed, on small corpora built from the minimal
fixture (the shape of each case is the export's, the data is ours): an Obsolète record's
wording, one cause spread over several REMs, a section written twice under two codes."""
from __future__ import annotations

from build_tools.engine import load_and_check

from .conftest import line_of

V1 = "requirements/Va1/MDV-LGC-Va1.yaml"
V2 = "requirements/Va2/MDV-LGC-Va2.yaml"


def _problems(root, code):
    return [p for p in load_and_check(root, use_cache=False).problems if p.code == code]


def test_nature_verb_skips_an_obsolete_record_and_keeps_an_active_one(minimal):
    """An Obsolète record is not part of the REM: its DOIT/PEUT is not checked; the same
    wording on an active record is."""
    path = minimal / V2
    text = path.read_text("utf-8")
    # LGC.DMP.03 is Obsolète in the fixture; LGC.DMP/va1.02 is active
    text = text.replace("Le système DOIT supprimer un document.", "Le système supprime un document.", 1)
    path.write_text(text, "utf-8")
    assert _problems(minimal, "NATURE-VERB") == []
    text = text.replace("Le système DOIT remplacer", "Le système remplace", 1)
    path.write_text(text, "utf-8")
    hits = _problems(minimal, "NATURE-VERB")
    assert [(p.line, p.message) for p in hits] == [
        (line_of(text, "Le système remplace"), "LGC.DMP/va1.02 est une Exigence mais son texte ne contient pas DOIT")]


def test_children_numbered_under_one_wrong_parent_are_one_scn_id(minimal):
    """The export's PSC socle numbers proofs PSC.01.<nn>.<nn>: proofs of two scenarios
    written as children of one id that is not their parent are one numbering slip (one
    SCN-ID listing both); a scenario numbered like its requirement stays a problem alone."""
    path = minimal / V2
    text = path.read_text("utf-8")
    text = text.replace("{id: LGC.DMP/va1.01.01.01, texte: Vidéo}", "{id: LGC.DMP/va1.07.01, texte: Vidéo}", 1)
    text = text.replace("{id: LGC.DMP/va1.02.01.01, texte: Vidéo}", "{id: LGC.DMP/va1.07.02, texte: Vidéo}", 1)
    text = text.replace("- id: LGC.VSM.01.01\n", "- id: LGC.VSM.01\n", 1)
    text = text.replace("{id: LGC.VSM.01.01.01, texte", "{id: LGC.VSM.01.01, texte", 1)
    path.write_text(text, "utf-8")
    hits = _problems(minimal, "SCN-ID")
    assert [(p.line, p.ids) for p in hits] == [
        (line_of(text, "LGC.DMP/va1.07.01"), ("LGC.DMP/va1.07.01", "LGC.DMP/va1.07.02")),
        (line_of(text, "- id: LGC.VSM.01\n", 2), ("LGC.VSM.01",))]
    assert hits[0].message == ("2 scénarios ou preuves (LGC.DMP/va1.07.01, LGC.DMP/va1.07.02) sont numérotés "
                               "comme enfants de LGC.DMP/va1.07, qui n'est pas leur parent")
    assert "c'est celui de son parent" in hits[1].message


SECOND = "requirements/Va2/MDV-AGD-Va2.yaml"
SECOND_DISPOSITIF = """  - id: MDV-AGD-Va2
    couloir: MDV
    vague: Va2
    type_logiciel: {code: AGD, libelle: Agenda}
    prefixe: AGD
    titre: Agenda vague 2
    statut_publication: concertation
    version: "0.1"
    date: "2025-01-15"
    professions: ["10"]
    socles: [INS]
    profils:
      - {nom: Général}
    historique:
      - {version: "0.1", date: "2025-01-15", auteur: ANS, modifications: Concertation}
"""
# the export's SSI/IE.41: one Obsolète row, numbered in a socle's section, with no text,
# copied into every REM
COPIED = """  - id: {prefix}.INS.41
    section: INS
    bloc: Identification
    fonction: {fonction}
    nature: Exigence
    criticite: Majeure
    profils: [Général]
    statut: Obsolète
    enonce: ''
"""


def _copied_into_two_rems(root, fonction2="Déconnexion"):
    programme = root / "requirements/programme.yaml"
    programme.write_text(programme.read_text("utf-8") + SECOND_DISPOSITIF, "utf-8")
    v2 = root / V2
    text = v2.read_text("utf-8").replace(
        "  - {code: VSM, libelle: Volet de synthèse médicale}\n",
        "  - {code: VSM, libelle: Volet de synthèse médicale}\n  - {code: INS, libelle: Identité}\n", 1)
    v2.write_text(text + COPIED.format(prefix="LGC", fonction="Déconnexion"), "utf-8")
    (root / SECOND).write_text("dispositif: MDV-AGD-Va2\nsections:\n  - {code: INS, libelle: Identité}\n"
                               "exigences:\n" + COPIED.format(prefix="AGD", fonction=fonction2), "utf-8")


def test_one_row_copied_into_several_rems_is_one_problem_naming_them(minimal):
    _copied_into_two_rems(minimal)
    result = load_and_check(minimal, use_cache=False)
    for code, message in (
            ("ID-SOCLE-RESERVED", "INS.41 utilise la section INS, réservée au socle INS, dans 2 REM "
                                  "(MDV-AGD-Va2, MDV-LGC-Va2)"),
            ("TEXT-EMPTY", "INS.41 : vide : enonce, dans 2 REM (MDV-AGD-Va2, MDV-LGC-Va2)")):
        hits = [p for p in result.problems if p.code == code]
        assert [(p.path, p.line, p.message, p.ids) for p in hits] == [
            (SECOND, 5, message, ("AGD.INS.41", "LGC.INS.41"))], [p.format() for p in hits]
        assert hits[0].id_paths == (SECOND, V2)
    # the comparison of two runs keeps each id with its own file
    from build_tools.problem_groups import cause_keys
    keys = set().union(*(cause_keys(p) for p in result.problems if p.code == "TEXT-EMPTY"))
    assert keys == {(SECOND, "TEXT-EMPTY", "AGD.INS.41"), (V2, "TEXT-EMPTY", "LGC.INS.41")}


def test_different_records_under_one_local_id_stay_apart(minimal):
    """TEXT-EMPTY merges only the same record (same section, bloc, fonction, text): another
    requirement that happens to share the local id is its own problem. The id's section
    collision is about the id alone: still one problem."""
    _copied_into_two_rems(minimal, fonction2="Autre chose")
    result = load_and_check(minimal, use_cache=False)
    empty = [p for p in result.problems if p.code == "TEXT-EMPTY"]
    assert sorted((p.path, p.ids) for p in empty) == [(SECOND, ("AGD.INS.41",)), (V2, ("LGC.INS.41",))]
    assert all("REM (" not in p.message for p in empty)
    reserved = [p for p in result.problems if p.code == "ID-SOCLE-RESERVED"]
    assert len(reserved) == 1 and reserved[0].ids == ("AGD.INS.41", "LGC.INS.41")


def test_json_report_names_the_file_of_each_id_merged_across_files(minimal):
    import json
    import subprocess
    import sys
    _copied_into_two_rems(minimal)
    out = subprocess.run([sys.executable, "-m", "build_tools.cli", "check", "--root", str(minimal),
                          "--format", "json"], capture_output=True, text=True)
    merged = [q for q in json.loads(out.stdout)["problems"] if q["code"] == "ID-SOCLE-RESERVED"]
    assert [(q["ids"], q["id_paths"]) for q in merged] == [(["AGD.INS.41", "LGC.INS.41"], [SECOND, V2])]


def _record(rid: str, section: str, enonce: str) -> str:
    return (f"  - id: {rid}\n    section: {section}\n    bloc: Spécifications\n    fonction: Architecture\n"
            f"    nature: Exigence\n    criticite: Majeure\n    profils: [Général]\n    statut: Nouvelle\n"
            f"    enonce: {enonce}\n    scenarios:\n      - id: {rid}.01\n        texte: Vérifier.\n"
            f"        preuves:\n          - {{id: {rid}.01.01, texte: Vidéo}}\n")


TEXTS = ("Le système associe chaque RIS à un PACS.", "Le système DOIT tracer les erreurs.",
         "Le système transmet le KOS au DMP.")


def test_section_written_twice_is_one_problem_and_its_findings_are_reported_once(minimal):
    """DRIMbox's REM holds its SPEC section twice (DB.DB/SPEC.nn and DB.SPEC.nn, same
    texts): SECTION-DUP once, and each wording problem of a copied text once, on the
    original, naming the copy."""
    path = minimal / V2
    text = path.read_text("utf-8").replace(
        "  - {code: VSM, libelle: Volet de synthèse médicale}\n",
        "  - {code: VSM, libelle: Volet de synthèse médicale}\n  - {code: VSM/SPEC, libelle: Spécifications}\n"
        "  - {code: SPEC, libelle: Spécifications}\n", 1)
    text += "".join(_record(f"LGC.VSM/SPEC.0{n}", "VSM/SPEC", t) for n, t in enumerate(TEXTS, 1))
    text += "".join(_record(f"LGC.SPEC.0{n}", "SPEC", t) for n, t in enumerate(TEXTS, 1))
    path.write_text(text, "utf-8")
    problems = load_and_check(minimal, use_cache=False).problems
    dup = [p for p in problems if p.code == "SECTION-DUP"]
    assert [(p.path, p.line, p.ids) for p in dup] == [
        (V2, line_of(text, "- id: LGC.SPEC.01\n"), ("LGC.SPEC.01", "LGC.SPEC.02", "LGC.SPEC.03"))]
    assert dup[0].message.startswith("la section SPEC répète la section VSM/SPEC : 3 de ses 3 exigences")
    verbs = [p for p in problems if p.code == "NATURE-VERB"]
    assert [(p.line, p.ids) for p in verbs] == [
        (line_of(text, "enonce: " + TEXTS[0]), ("LGC.VSM/SPEC.01", "LGC.SPEC.01")),
        (line_of(text, "enonce: " + TEXTS[2]), ("LGC.VSM/SPEC.03", "LGC.SPEC.03"))]
    assert verbs[0].message == ("LGC.VSM/SPEC.01 est une Exigence mais son texte ne contient pas DOIT "
                                "(de même sa copie LGC.SPEC.01)")


def test_sections_sharing_a_few_texts_are_not_copies(minimal):
    """Two sections that share fewer than 80 % of their numbered texts are two sections."""
    path = minimal / V2
    text = path.read_text("utf-8").replace(
        "  - {code: VSM, libelle: Volet de synthèse médicale}\n",
        "  - {code: VSM, libelle: Volet de synthèse médicale}\n  - {code: VSM/SPEC, libelle: Spécifications}\n"
        "  - {code: SPEC, libelle: Spécifications}\n", 1)
    others = ("Le système DOIT archiver.", "Le système DOIT purger.", TEXTS[2])
    text += "".join(_record(f"LGC.VSM/SPEC.0{n}", "VSM/SPEC", t) for n, t in enumerate(TEXTS, 1))
    text += "".join(_record(f"LGC.SPEC.0{n}", "SPEC", t) for n, t in enumerate(others, 1))
    path.write_text(text, "utf-8")
    problems = load_and_check(minimal, use_cache=False).problems
    assert not [p for p in problems if p.code == "SECTION-DUP"]
    assert len([p for p in problems if p.code == "NATURE-VERB"]) == 3


def test_section_code_in_mixed_case_is_accepted_once_spelled_one_way(minimal):
    """ANS publishes section codes such as `ePresc` (wave-1 ids SGL.ePresc.01): the schema
    and ID-FORMAT accept them; only two spellings of one code in a file are a problem."""
    path = minimal / V2
    text = path.read_text("utf-8").replace("{code: VSM, libelle", "{code: ePresc, libelle", 1)
    text = text.replace("LGC.VSM.01", "LGC.ePresc.01").replace("section: VSM", "section: ePresc")
    path.write_text(text, "utf-8")
    problems = load_and_check(minimal, use_cache=False).problems
    assert not [p for p in problems if p.code in ("SCHEMA", "ID-FORMAT", "ID-SECTION", "SECTION-CASE")], \
        [p.format() for p in problems]


def test_plural_doivent_states_a_duty(minimal):
    """« Les clients … DOIVENT » (11 texts of the export) is an Exigence's wording; a
    Préconisation saying DOIVENT is still wrong, and PEUVENT is a Préconisation's."""
    path = minimal / V2
    text = path.read_text("utf-8").replace("Le système DOIT remplacer", "Les clients DOIVENT remplacer", 1)
    text = text.replace("Le système PEUT proposer", "Les clients PEUVENT proposer", 1)
    path.write_text(text, "utf-8")
    assert _problems(minimal, "NATURE-VERB") == []
    path.write_text(text.replace("Les clients PEUVENT proposer", "Les clients DOIVENT proposer", 1), "utf-8")
    assert [p.message for p in _problems(minimal, "NATURE-VERB")] == [
        "LGC.VSM.01 est une Préconisation mais son texte contient DOIT"]


def test_same_wording_copied_into_several_rems_is_one_nature_verb(minimal):
    """An active record with « doit » in lower case copied into two REMs: one NATURE-VERB
    naming both; with another text in the second REM, two."""
    _copied_into_two_rems(minimal)
    for rel in (V2, SECOND):
        path = minimal / rel
        path.write_text(path.read_text("utf-8").replace("    statut: Obsolète\n    enonce: ''\n",
                                                        "    enonce: Le système doit déconnecter l'utilisateur.\n"),
                        "utf-8")
    hits = _problems(minimal, "NATURE-VERB")
    assert [(p.message, p.ids) for p in hits] == [
        ("INS.41 est une Exigence mais son texte ne contient pas DOIT, dans 2 REM (MDV-AGD-Va2, MDV-LGC-Va2)",
         ("AGD.INS.41", "LGC.INS.41"))]
    second = minimal / SECOND
    second.write_text(second.read_text("utf-8").replace("doit déconnecter", "doit fermer la session de"), "utf-8")
    assert sorted(p.ids for p in _problems(minimal, "NATURE-VERB")) == [("AGD.INS.41",), ("LGC.INS.41",)]
