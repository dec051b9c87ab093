"""`import-rem --write` at the YAML level: what `apply.py` writes for each kind of change,
on a small file written by hand, compared with the text expected (written by hand too).

Kept: comments, the author's quoting (double, single, folded) of changed and unchanged
texts, an unchanged text folded by hand, a long text left plain (changed or not), moved
scenarios with their comments and proofs. New records in the files' style: flow sections,
picks, proofs, profiles and referentiels; block scenarios; a long énoncé of a new record
folded at spaces in lines of at most 84 characters (a word longer than that is not cut).
"""
from __future__ import annotations

from pathlib import Path

import pytest

import yaml

from build_tools.rem_import.apply import apply_changes, prepare_changes
from build_tools.rem_import.plan import Change

SOURCE = """\
dispositif: X
# sections of X
sections:
  - {code: A, libelle: Alpha}
exigences:
  - id: X.A.01
    bloc: "Bloc cité"
    fonction: 'Fonction simple'
    enonce: >-
      Le système DOIT faire une chose assez longue pour être pliée sur deux lignes dans
      le fichier, comme un auteur l'écrit.
    profils: [Général]
    id_precedent: X.A.00
    scenarios:
      - id: X.A.01.01   # le premier
        texte: 'Un.'
        preuves:
          - {id: X.A.01.01.01, texte: Vidéo}
          - {id: X.A.01.01.02, texte: "Trace"}
      - id: X.A.01.02
        texte: >-
          Deux, un texte plié à la main
          sur trois lignes courtes
          par son auteur.
      - id: X.A.01.03   # le troisième
        texte: Montrer le parcours complet de bout en bout sur un poste de travail configuré comme en production.
        preuves:
          - {id: X.A.01.03.01, texte: 'Copie'}
          - {id: X.A.01.03.02, texte: Enregistrement vidéo du parcours complet sur le poste de travail avec l'horodatage visible à l'écran.}
  - id: X.A.02
    enonce: Court.
"""
LONG_SCENARIO = "Montrer le parcours complet de bout en bout sur un poste de travail configuré comme en production."
LONG_PROOF = "Enregistrement vidéo du parcours complet sur le poste de travail avec l'horodatage visible à l'écran."
FOLDED_BY_HAND = "Deux, un texte plié à la main sur trois lignes courtes par son auteur."
LONG = "Le système DOIT " + " ".join(["faire"] * 30) + " enfin."
URL = "https://exemple.fr/" + "a" * 80 + " fin"


def _s(sid: str, texte: str, *proofs: tuple[str, str]) -> dict:
    return {"id": sid, "texte": texte, "preuves": [{"id": i, "texte": t} for i, t in proofs]}


def _change(record: str, field: str, new, target: str = "exigences") -> Change:
    return Change("d.yaml", target, record, field, None, new, "Exigences!2")


CHANGES = [
    _change("X.A.01", "bloc", "Bloc recité"),
    _change("X.A.01", "fonction", "Autre fonction"),
    _change("X.A.01", "enonce", "Le système DOIT faire une autre chose assez longue pour être pliée sur deux "
                                "lignes dans le fichier, comme un auteur."),
    _change("X.A.01", "profils", ["Médecin", "Infirmier"]),
    _change("X.A.01", "id_precedent", None),
    _change("X.A.01", "scenarios", [
        _s("X.A.01.03", LONG_SCENARIO + " Puis recommencer.", ("X.A.01.03.01", "Copie signée"),
           ("X.A.01.03.02", LONG_PROOF + " Et le journal.")),                                # moved, texts longer
        _s("X.A.01.01", "Un bis.", ("X.A.01.01.02", "Trace"), ("X.A.01.01.03", "Neuve")),    # proof dropped, added
        _s("X.A.01.02", FOLDED_BY_HAND, ("X.A.01.02.01", "Ajoutée")),                        # had no proofs
        _s("X.A.01.04", "Quatre."),                                                          # new
    ]),
    _change("X.A.02", "enonce", LONG),
    _change("X.A.03", "*", {"id": "X.A.03", "section": "B", "enonce": LONG, "profils": ["Général"],
                            "scenarios": [_s("X.A.03.01", "Un.", ("X.A.03.01.01", "V"))]}),
    _change("B", "*", {"code": "B", "libelle": "Bêta"}, target="sections"),
    _change("X.A.04", "*", {"id": "X.A.04", "enonce": URL, "referentiels": ["INS1"],
                            "scenarios": [_s("X.A.04.01", "Ligne 1\nLigne 2")]}),
    _change("INS.01", "*", {"id": "INS.01"}, target="socle"),
]

EXPECTED = """\
dispositif: X
# sections of X
sections:
  - {code: A, libelle: Alpha}
  - {code: B, libelle: Bêta}
exigences:
  - id: X.A.01
    bloc: "Bloc recité"
    fonction: 'Autre fonction'
    enonce: >-
      Le système DOIT faire une autre chose assez longue pour être pliée sur deux lignes
      dans le fichier, comme un auteur.
    profils: [Médecin, Infirmier]
    scenarios:
      - id: X.A.01.03   # le troisième
        texte: Montrer le parcours complet de bout en bout sur un poste de travail configuré comme en production. Puis recommencer.
        preuves:
          - {id: X.A.01.03.01, texte: 'Copie signée'}
          - {id: X.A.01.03.02, texte: Enregistrement vidéo du parcours complet sur le poste de travail avec l'horodatage visible à l'écran. Et le journal.}
      - id: X.A.01.01   # le premier
        texte: 'Un bis.'
        preuves:
          - {id: X.A.01.01.02, texte: "Trace"}
          - {id: X.A.01.01.03, texte: Neuve}
      - id: X.A.01.02
        texte: >-
          Deux, un texte plié à la main
          sur trois lignes courtes
          par son auteur.
        preuves:
          - {id: X.A.01.02.01, texte: Ajoutée}
      - id: X.A.01.04
        texte: Quatre.
        preuves: []
  - id: X.A.02
    enonce: Le système DOIT faire faire faire faire faire faire faire faire faire faire faire faire faire faire faire faire faire faire faire faire faire faire faire faire faire faire faire faire faire faire enfin.
  - id: X.A.03
    section: B
    enonce: >-
      Le système DOIT faire faire faire faire faire faire faire faire faire faire faire
      faire faire faire faire faire faire faire faire faire faire faire faire faire faire
      faire faire faire faire faire enfin.
    profils: [Général]
    scenarios:
      - id: X.A.03.01
        texte: Un.
        preuves:
          - {id: X.A.03.01.01, texte: V}
  - id: X.A.04
    enonce: >-
      https://exemple.fr/aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa fin
    referentiels: [INS1]
    scenarios:
      - id: X.A.04.01
        texte: "Ligne 1\\nLigne 2"
        preuves: []
socle:
  - {id: INS.01}
"""


@pytest.fixture
def root(tmp_path) -> Path:
    (tmp_path / "d.yaml").write_text(SOURCE, "utf-8")
    (tmp_path / "other.yaml").write_text("exigences: []\n", "utf-8")
    return tmp_path


def test_every_kind_of_change_in_the_files_style(root):
    assert apply_changes(root, CHANGES) == ["d.yaml"]
    text = (root / "d.yaml").read_text("utf-8")
    assert text == EXPECTED
    assert (root / "other.yaml").read_text("utf-8") == "exigences: []\n"     # no change: not rewritten
    assert sorted(p.name for p in root.iterdir()) == ["d.yaml", "other.yaml"]  # no temporary file left
    data = yaml.safe_load(text)                                              # another parser reads it back
    assert data["exigences"][1]["enonce"] == LONG and data["exigences"][3]["enonce"] == URL
    assert data["exigences"][3]["scenarios"][0]["texte"] == "Ligne 1\nLigne 2"
    assert "id_precedent" not in data["exigences"][0]


def test_a_change_to_a_missing_record_prepares_nothing(root):
    with pytest.raises(KeyError, match="d.yaml: X.A.09 not found"):
        prepare_changes(root, [_change("X.A.01", "bloc", "B"), _change("X.A.09", "bloc", "B")])
    assert (root / "d.yaml").read_text("utf-8") == SOURCE


def test_a_section_is_found_by_its_code(root):
    apply_changes(root, [_change("A", "libelle", "Alpha bis", target="sections")])
    assert (root / "d.yaml").read_text("utf-8") == SOURCE.replace("{code: A, libelle: Alpha}",
                                                                  "{code: A, libelle: Alpha bis}")


def test_two_files_written_and_listed_in_order(root):
    written = apply_changes(root, [_change("X.A.02", "enonce", "Bref."),
                                   Change("other.yaml", "exigences", "Y.01", "*", None, {"id": "Y.01"}, "s")])
    assert written == ["d.yaml", "other.yaml"]
    assert (root / "other.yaml").read_text("utf-8") == "exigences:\n  - id: Y.01\n"
    assert "    enonce: Bref.\n" in (root / "d.yaml").read_text("utf-8")


# --- folding of a new record's long énoncé at its edges ---------------------------------------
E84 = "b" * 40 + " " + "c" * 43                     # 84 characters: one line
E85 = "b" * 40 + " " + "c" * 44                     # 85: folded at its space
E166 = "a" * 80 + " " + "b" * 40 + " " + "c" * 44   # the rest after the first fold is 85: folded again
EDOUBLE = "w " * 41 + "w" + "  " + "z" * 100        # the fold point is a double space: not folded there
E80 = "d" * 39 + " " + "e" * 40                     # 80 characters: a plain scalar
MULTILINE = "Première ligne d'un énoncé assez long pour dépasser la largeur.\nSeconde ligne, gardée telle quelle."
FOLDED = f"""\
exigences:
  - id: F.0
    enonce: >-
      {"b" * 40}
      {"c" * 44}
  - id: F.1
    enonce: >-
      {E84}
  - id: F.2
    enonce: >-
      {"a" * 80}
      {"b" * 40}
      {"c" * 44}
  - id: F.3
    enonce: >-
      {EDOUBLE}
  - id: F.4
    enonce: {E80}
  - id: F.5
    enonce: "Première ligne d'un énoncé assez long pour dépasser la largeur.\\nSeconde ligne, gardée telle quelle."
"""


def test_long_enonce_folds_at_84_characters_and_reads_back_whole(tmp_path):
    (tmp_path / "d.yaml").write_text("exigences: []\n", "utf-8")
    texts = [E85, E84, E166, EDOUBLE, E80, MULTILINE]
    apply_changes(tmp_path, [Change("d.yaml", "exigences", f"F.{i}", "*", None, {"id": f"F.{i}", "enonce": t}, "s")
                             for i, t in enumerate(texts)])
    text = (tmp_path / "d.yaml").read_text("utf-8")
    assert text == FOLDED
    assert [r["enonce"] for r in yaml.safe_load(text)["exigences"]] == texts


def test_written_in_utf8_whatever_the_locale(tmp_path):
    """Under an ASCII locale (no UTF-8 mode), files are still read and written as UTF-8."""
    from .conftest import run_under_ascii_locale
    (tmp_path / "d.yaml").write_text(SOURCE, "utf-8")
    script = ("import sys; from pathlib import Path; from build_tools.rem_import.apply import apply_changes; "
              "from build_tools.rem_import.plan import Change; "
              "apply_changes(Path(sys.argv[1]), [Change('d.yaml', 'exigences', 'X.A.02', 'enonce', None, "
              "'Le syst\\u00e8me DOIT \\u00eatre pr\\u00eat.', 's')])")     # ASCII command line
    proc = run_under_ascii_locale(script, str(tmp_path))
    assert proc.returncode == 0, proc.stderr
    assert (tmp_path / "d.yaml").read_text("utf-8") == SOURCE.replace("    enonce: Court.\n",
                                                                      "    enonce: Le système DOIT être prêt.\n")
