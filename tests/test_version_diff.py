"""`segur diff`'s classification on views built by hand, each expected change written out:
matching (same id, renumbered through id_precedent or by text, picks), the text kinds
(editorial near misses, modality strengthened / weakened), field, move, scenario and proof
changes, and the word-level helpers."""
from __future__ import annotations

import pytest

from build_tools.model.requirements import Proof, Scenario
from build_tools.versions.diff import Change, counts, diff, diff_dispositif
from build_tools.versions.views import DispositifView, ReqView
from build_tools.versions.words import editorial_form, modality, segments, without_modality

D = "DISP-Va2"


def _r(rid: str, enonce: str = "Le système DOIT agir.", **kw) -> ReqView:
    base = dict(nature="Exigence", section="S", bloc="B", fonction="F", criticite="Majeure", profils=("Général",),
                conditionnelle=False, referentiels=(), socle="", id_precedent=None, scenarios=None)
    base.update(kw)
    return ReqView(rid, enonce, **base)


def _view(*reqs: ReqView, did: str = D) -> DispositifView:
    return DispositifView(did, "1.0", {r.id: r for r in reqs})


def _sc(sid: str, texte: str, *proofs: tuple[str, str], line: int = 1) -> Scenario:
    return Scenario(sid, texte, tuple(Proof(p, t, line) for p, t in proofs), line)


def _kinds(old, new) -> list[tuple]:
    return [(c.kind, c.id, c.old, c.new, c.old_id, c.field) for c in diff_dispositif(D, _view(*old), _view(*new))]


@pytest.mark.parametrize("old,new,kinds", [
    ("Le système DOIT  agir.", "Le système DOIT agir.", ["editorial"]),
    ("Le système DOIT agir « vite ».", 'le système doit agir "vite".', ["editorial"]),
    ("Le système\u00a0DOIT agir.", "Le système DOIT agir.", ["editorial"]),
    ("Le système PEUT agir.", "Le système DOIT agir.", ["strengthened"]),
    ("Les systèmes PEUVENT agir.", "Les systèmes DOIVENT agir.", ["strengthened"]),
    ("Le système DOIT agir.", "Le système PEUT agir.", ["weakened"]),
    ("Le système PEUT agir.", "Le système DOIT agir vite.", ["strengthened", "text"]),
    ("Le système DOIT agir.", "Le système DOIT réagir.", ["text"]),
    ("Le système agit.", "Le système PEUT agir.", ["text"]),
    ("Le système DOIT agir.", "Le système DOIT agir.", []),
])
def test_text_kinds(old, new, kinds):
    got = _kinds([_r("X.01", old)], [_r("X.01", new)])
    assert got == [(k, "X.01", old, new, "X.01", "") for k in kinds]


def test_field_and_move_changes_with_unknown_fields_not_compared():
    old = _r("X.01", nature="Exigence", criticite="Majeure", profils=("Général",), conditionnelle=False,
             referentiels=("INS1",), section="S", bloc="B", fonction="F")
    new = _r("X.01", nature="Préconisation", criticite="Mineure", profils=("Médecin", "Infirmier"),
             conditionnelle=True, referentiels=("INS1", "INS2"), section="T", bloc="B2", fonction="F2")
    assert _kinds([old], [new]) == [
        ("nature", "X.01", "Exigence", "Préconisation", "X.01", ""),
        ("criticite", "X.01", "Majeure", "Mineure", "X.01", ""),
        ("profils", "X.01", ["Général"], ["Médecin", "Infirmier"], "X.01", ""),
        ("conditionnelle", "X.01", False, True, "X.01", ""),
        ("referentiels", "X.01", ["INS1"], ["INS1", "INS2"], "X.01", ""),
        ("moved", "X.01", "S", "T", "X.01", "section"),
        ("moved", "X.01", "B", "B2", "X.01", "bloc"),
        ("moved", "X.01", "F", "F2", "X.01", "fonction"),
    ]
    # a snapshot view knows no criticité, profiles, conditionnelle, referentiels nor scenarios
    unknown = _r("X.01", criticite=None, profils=None, conditionnelle=None, referentiels=None, scenarios=None)
    assert _kinds([old], [unknown]) == []
    assert _kinds([unknown], [old]) == []
    with_scenarios = _r("X.01", scenarios=(_sc("X.01.01", "Un."),))
    assert _kinds([with_scenarios], [unknown]) == [] and _kinds([unknown], [with_scenarios]) == []


@pytest.mark.parametrize("field,value", [("criticite", "Mineure"), ("profils", ("Médecin",)),
                                         ("conditionnelle", True), ("referentiels", ("INS1",))])
def test_one_field_alone_is_a_change(field, value):
    new = _r("X.01", **{field: value})
    got = _kinds([_r("X.01")], [new])
    assert [(k, rid) for k, rid, *_ in got] == [(field, "X.01")]


def test_changes_carry_the_section_of_their_requirement():
    old = [_r("X.01", "Le système PEUT agir.", section="S1", criticite="Majeure",
              scenarios=(_sc("X.01.01", "Un.", ("X.01.01.01", "V")),)),
           _r("X.02", section="S1"), _r("X.03", "Le système DOIT partir.", section="S3")]
    new = [_r("Y.01", "Le système DOIT agir.", section="S2", criticite="Mineure", id_precedent="X.01",
              scenarios=(_sc("Y.01.01", "Un bis.", ("Y.01.01.01", "W")),)),
           _r("X.02", section="S1", bloc="B2"), _r("X.04", "Le système DOIT venir.", section="S4")]
    got = [(c.kind, c.id, c.section) for c in diff_dispositif(D, _view(*old), _view(*new))]
    assert got == [("moved", "X.02", "S1"),
                   ("renumbered", "Y.01", "S2"), ("strengthened", "Y.01", "S2"), ("criticite", "Y.01", "S2"),
                   ("moved", "Y.01", "S2"), ("scenario", "Y.01", "S2"), ("proof", "Y.01", "S2"),
                   ("added", "X.04", "S4"), ("removed", "X.03", "S3")]


def test_scenario_and_proof_ids_count_not_only_their_texts():
    old = _r("X.01", scenarios=(_sc("X.01.01", "Un.", ("X.01.01.01", "V")),))
    renamed_scenario = _r("X.01", scenarios=(_sc("X.01.02", "Un.", ("X.01.02.01", "V")),))
    renamed_proof = _r("X.01", scenarios=(_sc("X.01.01", "Un.", ("X.01.01.02", "V")),))
    renamed_scenario_only = _r("X.01", scenarios=(_sc("X.01.02", "Un.", ("X.01.01.01", "V")),))
    assert [(k, f) for k, _, _, _, _, f in _kinds([old], [renamed_scenario_only])][:2] == [
        ("scenario", "X.01.02"), ("scenario", "X.01.01")]
    assert [(k, f) for k, _, _, _, _, f in _kinds([old], [renamed_scenario])] == [
        ("scenario", "X.01.02"), ("scenario", "X.01.01")]
    assert [(k, f) for k, _, _, _, _, f in _kinds([old], [renamed_proof])] == [
        ("proof", "X.01.01.02"), ("proof", "X.01.01.01")]


def test_two_picks_of_one_socle_with_one_text_are_renumbered():
    got = _kinds([_r("INS.05", "Le système DOIT lire la carte.", socle="INS")],
                 [_r("INS.06", "Le système DOIT lire la carte.", socle="INS")])
    assert got == [("renumbered", "INS.06", "INS.05", "INS.06", "INS.05", "")]


def test_scenario_and_proof_changes():
    old = _r("X.01", scenarios=(_sc("X.01.01", "Un.", ("X.01.01.01", "Vidéo"), ("X.01.01.02", "Trace")),
                                _sc("X.01.02", "Deux."),
                                _sc("X.01.03", "Trois.", ("X.01.03.01", "Copie"))))
    new = _r("X.01", scenarios=(_sc("X.01.01", "Un.", ("X.01.01.01", "Vidéo longue"), ("X.01.01.03", "Journal")),
                                _sc("X.01.02", "Deux bis."),
                                _sc("X.01.04", "Quatre.", ("X.01.04.01", "V"))))
    assert _kinds([old], [new]) == [
        ("proof", "X.01", "Vidéo", "Vidéo longue", "X.01", "X.01.01.01"),
        ("proof", "X.01", None, "Journal", "X.01", "X.01.01.03"),
        ("proof", "X.01", "Trace", None, "X.01", "X.01.01.02"),
        ("scenario", "X.01", "Deux.", "Deux bis.", "X.01", "X.01.02"),
        ("scenario", "X.01", None, "Quatre.", "X.01", "X.01.04"),
        ("scenario", "X.01", "Trois.", None, "X.01", "X.01.03"),
    ]
    # the same scenarios on other lines of the file: no change
    moved = _r("X.01", scenarios=tuple(s._replace(line=s.line + 10, preuves=tuple(p._replace(line=40) for p in s.preuves))
                                       for s in old.scenarios))
    assert _kinds([old], [moved]) == []


def test_renumbered_requirements_are_matched():
    scen = (_sc("LGC.A.01.01", "Un.", ("LGC.A.01.01.01", "Vidéo")),)
    old = [_r("LGC.A.01", "Le système DOIT un.", scenarios=scen),
           _r("LGC.A.02", "Le système DOIT deux.", id_precedent="LGC.V1.02"),
           _r("LGC.A.03", "Le système DOIT trois."),
           _r("LGC.A.04", "Le système DOIT quatre.", socle="")]
    new = [_r("LGC.B.01", "Le système DOIT un.", id_precedent="LGC.A.01",             # names OLD's id
              scenarios=(_sc("LGC.B.01.01", "Un.", ("LGC.B.01.01.01", "Vidéo")),)),   # same suffixes: no change
           _r("LGC.B.02", "Le système DOIT deux fois.", id_precedent="LGC.V1.02"),  # both carry the wave-1 id
           _r("LGC.B.03", "Le  système DOIT trois."),                                 # same text, editorially
           _r("INS.04", "Le système DOIT quatre.", socle="INS"),                      # same text, but a pick
           _r("LGC.B.05", "Le système DOIT cinq.", id_precedent="LGC.V1.99")]        # names nothing: added
    assert _kinds(old, new) == [
        ("renumbered", "LGC.B.01", "LGC.A.01", "LGC.B.01", "LGC.A.01", ""),
        ("renumbered", "LGC.B.02", "LGC.A.02", "LGC.B.02", "LGC.A.02", ""),
        ("text", "LGC.B.02", "Le système DOIT deux.", "Le système DOIT deux fois.", "LGC.A.02", ""),
        ("renumbered", "LGC.B.03", "LGC.A.03", "LGC.B.03", "LGC.A.03", ""),
        ("editorial", "LGC.B.03", "Le système DOIT trois.", "Le  système DOIT trois.", "LGC.A.03", ""),
        ("pick-added", "INS.04", None, "Le système DOIT quatre.", None, ""),
        ("added", "LGC.B.05", None, "Le système DOIT cinq.", None, ""),
        ("removed", "LGC.A.04", "Le système DOIT quatre.", None, "LGC.A.04", ""),
    ]


def test_added_removed_and_picks_and_the_order_of_dispositifs():
    old = {"A": _view(_r("A.01"), _r("INS.01", socle="INS"), did="A"), "OLD": _view(_r("O.01"), did="OLD")}
    new = {"B": _view(_r("B.01"), did="B"), "A": _view(_r("A.02", "Le système DOIT autre chose."), did="A")}
    changes = diff(old, new)
    assert [(c.dispositif, c.kind, c.id) for c in changes] == [
        ("B", "added", "B.01"), ("A", "added", "A.02"), ("A", "removed", "A.01"), ("A", "pick-removed", "INS.01"),
        ("OLD", "removed", "O.01")]
    assert [c.as_dict() for c in changes[1:3]] == [
        {"dispositif": "A", "id": "A.02", "kind": "added", "old": None, "new": "Le système DOIT autre chose."},
        {"dispositif": "A", "id": "A.01", "kind": "removed", "old": "Le système DOIT agir.", "new": None}]
    assert [(c.dispositif, c.kind) for c in diff(old, new, only={"OLD"})] == [("OLD", "removed")]
    assert counts(changes) == {"added": 2, "removed": 2, "pick-removed": 1}


def test_change_as_dict_names_old_id_and_field_only_when_they_say_something():
    assert Change(D, "X.02", "renumbered", "X.01", "X.02", "X.01").as_dict() == {
        "dispositif": D, "id": "X.02", "kind": "renumbered", "old": "X.01", "new": "X.02", "old_id": "X.01"}
    assert Change(D, "X.02", "moved", "S", "T", "X.02", "section").as_dict() == {
        "dispositif": D, "id": "X.02", "kind": "moved", "old": "S", "new": "T", "field": "section"}


# --- words -----------------------------------------------------------------------------------
def test_editorial_form():
    assert editorial_form("  Le  «\u00a0DMP\u00a0»\tEST\u202fprêt\u2019 \n") == 'le"dmp"est prêt\''     # no space around quotes
    assert editorial_form("l\u2018a \u201cb\u201d c\u2007d") == "l'a\"b\"c d"


@pytest.mark.parametrize("text,mod", [
    ("Le système DOIT agir.", "DOIT"), ("Les systèmes DOIVENT agir.", "DOIT"), ("Il PEUT agir.", "PEUT"),
    ("Ils PEUVENT agir.", "PEUT"), ("Il PEUT et DOIT agir.", "DOIT"), ("Il doit agir.", ""),
    ("Les DOITS.", ""), ("PEUTÊTRE", ""), ("REDOIT", ""),
])
def test_modality(text, mod):
    assert modality(text) == mod


def test_without_modality():
    assert without_modality("Le système PEUT  agir.") == without_modality("le système DOIT agir.") == "le système modal agir."
    assert without_modality("Ils DOIVENT et PEUVENT.") == "ils modal et modal."


def test_segments_mark_the_changed_words_on_each_side():
    assert segments("Le système PEUT agir vite.", "Le système DOIT agir.") == (
        [("Le système ", False), ("PEUT", True), (" ", False), ("agir vite.", True)],
        [("Le système ", False), ("DOIT", True), (" ", False), ("agir.", True)])
    assert segments("Un deux.", "Un deux trois.") == ([("Un ", False), ("deux.", True)],
                                                      [("Un ", False), ("deux trois.", True)])
