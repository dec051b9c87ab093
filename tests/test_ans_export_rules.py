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
