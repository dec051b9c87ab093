"""concertation/<IT>/comments.yaml as the store writes it: the expected text written by
hand (header, key order, defaults, a multi-line text as a `|-` block), duplicates by id and
by annotation id (in one run and across runs), and the refusals of a damaged file."""
from __future__ import annotations

from pathlib import Path

import pytest


from build_tools.concertation.comments_store import CommentsStore, StoreError

FIRST = {"id": "IT3-A-1", "dispositif": "A", "exigence": "X.01", "organisation": "Org", "contact": "",
         "date": "2025-03-01", "type": "remarque", "texte": "Ligne 1\nLigne 2", "fichier": "g.xlsx", "ligne": 9,
         "statut": None, "reponse": None, "_problem": "not stored", "autre": 1}
FROM_SITE = {"id": "IT3-A-2", "dispositif": "A", "exigence": "X.02", "organisation": "Org", "type": "remarque",
             "texte": "Site.", "annotation": "an1", "statut": "intégré", "reponse": "Fait."}
EXPECTED = """\
# Commentaires de concertation IT3 — écrits par `segur concertation import`.
# Les auteurs répondent ici : statut (à traiter | intégré | partiellement intégré | rejeté |
# sans objet) et reponse. Ne modifiez ni l'id ni le texte d'un commentaire importé.
iteration: IT3
commentaires:
  - id: IT3-A-1
    dispositif: A
    exigence: X.01
    organisation: Org
    date: '2025-03-01'
    type: remarque
    texte: |-
      Ligne 1
      Ligne 2
    fichier: g.xlsx
    ligne: 9
    statut: à traiter
    reponse: ''
  - id: IT3-A-2
    dispositif: A
    exigence: X.02
    organisation: Org
    type: remarque
    texte: Site.
    annotation: an1
    statut: intégré
    reponse: Fait.
"""


def _path(root: Path) -> Path:
    return root / "concertation" / "IT3" / "comments.yaml"


def test_new_store_text_and_duplicates(tmp_path):
    store = CommentsStore(tmp_path, "IT3")
    assert store.add(dict(FIRST)) is True
    assert store.add({"id": "IT3-A-1", "texte": "autre"}) is False                 # same id
    assert store.add(dict(FROM_SITE)) is True
    assert store.add({"id": "IT3-A-3", "annotation": "an1", "texte": "y"}) is False  # same annotation
    assert [r["id"] for r in store.added] == ["IT3-A-1", "IT3-A-2"]
    assert store.text() == EXPECTED
    assert store.save() == _path(tmp_path)
    assert _path(tmp_path).read_text("utf-8") == EXPECTED
    assert [p.name for p in _path(tmp_path).parent.iterdir()] == ["comments.yaml"]   # no temporary file left


def test_reopened_store_knows_ids_and_annotations_and_keeps_the_text(tmp_path):
    first = CommentsStore(tmp_path, "IT3")
    first.add(dict(FIRST))
    first.add(dict(FROM_SITE))
    first.save()
    again = CommentsStore(tmp_path, "IT3")
    assert again.ids == {"IT3-A-1", "IT3-A-2"}
    assert set(again.annotations) == {"an1"} and again.annotations["an1"]["id"] == "IT3-A-2"
    assert again.add({"id": "IT3-A-1", "texte": "x"}) is False
    assert again.add({"id": "IT3-A-9", "annotation": "an1", "texte": "x"}) is False
    assert again.add({"id": "IT3-A-4", "texte": "Nouveau.", "annotation": "an2"}) is True
    assert again.add({"id": "IT3-A-5", "texte": "Autre.", "annotation": "an2"}) is False   # same run
    assert again.annotations["an2"]["id"] == "IT3-A-4"     # a reply in the same run finds its parent
    again.save()
    assert _path(tmp_path).read_text("utf-8") == EXPECTED + (
        "  - id: IT3-A-4\n    texte: Nouveau.\n    annotation: an2\n    statut: à traiter\n    reponse: ''\n")


def test_a_file_without_comments_list_gets_one(tmp_path):
    _path(tmp_path).parent.mkdir(parents=True)
    _path(tmp_path).write_text("iteration: IT3\ncommentaires:\n", "utf-8")
    store = CommentsStore(tmp_path, "IT3")
    assert store.add({"id": "IT3-A-1", "texte": "Oui."})
    assert store.text() == ("iteration: IT3\ncommentaires:\n  - id: IT3-A-1\n    texte: Oui.\n"
                            "    statut: à traiter\n    reponse: ''\n")


@pytest.mark.parametrize("content,words", [
    ("iteration: IT3\ncommentaires: [\n", "n'est pas un YAML valide"),
    ("- id: a\n", "n'est pas un mapping avec `iteration` et `commentaires`"),
])
def test_a_damaged_file_is_refused_by_name(tmp_path, content, words):
    _path(tmp_path).parent.mkdir(parents=True)
    _path(tmp_path).write_text(content, "utf-8")
    with pytest.raises(StoreError) as exc:
        CommentsStore(tmp_path, "IT3")
    assert str(exc.value).startswith(f"{_path(tmp_path)} {words}")


def test_written_in_utf8_whatever_the_locale(tmp_path):
    """Under an ASCII locale (no UTF-8 mode) the store still writes UTF-8."""
    from .conftest import run_under_ascii_locale
    _path(tmp_path).parent.mkdir(parents=True)
    _path(tmp_path).write_text("iteration: IT3\ncommentaires:\n  - id: IT3-A-0\n    texte: Déjà là.\n", "utf-8")
    script = ("import sys; from build_tools.concertation.comments_store import CommentsStore; "
              "s = CommentsStore(sys.argv[1], 'IT3'); "
              "s.add({'id': 'IT3-A-1', 'texte': 'Pr\\u00e9ciser.'}); s.save()")
    proc = run_under_ascii_locale(script, str(tmp_path))
    assert proc.returncode == 0, proc.stderr
    assert _path(tmp_path).read_text("utf-8") == (
        "iteration: IT3\ncommentaires:\n  - id: IT3-A-0\n    texte: Déjà là.\n"
        "  - id: IT3-A-1\n    texte: Préciser.\n    statut: à traiter\n    reponse: ''\n")


def test_existing_entries_keep_their_quotes_and_long_lines(tmp_path):
    long = "Une réponse longue " + "très " * 30 + "détaillée."
    existing = (f"iteration: IT3\ncommentaires:\n  - id: IT3-A-0\n    organisation: \"Fédération Exemple\"\n"
                f"    statut: 'intégré'\n    reponse: {long}\n")
    _path(tmp_path).parent.mkdir(parents=True)
    _path(tmp_path).write_text(existing, "utf-8")
    store = CommentsStore(tmp_path, "IT3")
    assert store.add({"id": "IT3-A-1", "texte": "Oui."})
    store.save()
    assert _path(tmp_path).read_text("utf-8") == existing + (
        "  - id: IT3-A-1\n    texte: Oui.\n    statut: à traiter\n    reponse: ''\n")
