"""`segur book` after an edit that changes only fragment files swaps them into the written
pages without Sphinx (build_tools.book.fastpath): the site then has the same bytes as a
clean build of the same data; any other change goes through Sphinx."""
from __future__ import annotations

import shutil

import pytest

from build_tools.book import sources
from build_tools.book.build import build_book

from .conftest import MINIMAL, replace_nth

DISP = "requirements/Va2/MDV-LGC-Va2.yaml"
OLD = "Le système DOIT remplacer un document en conservant son identifiant."
NEW = "Le système DOIT remplacer un document en conservant son identifiant MARQUEUR-RAPIDE."
PAGE = "book/gen/dispositifs/Va2/MDV-LGC-Va2.html"


def _files(folder):
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in folder.rglob("*") if p.is_file()}


def _edit(root, old, new):
    f = root / DISP
    f.write_text(replace_nth(f.read_text("utf-8"), old, new), "utf-8")


@pytest.fixture
def corpus(tmp_path, monkeypatch):
    # every raw block in a fragment file: the minimal corpus's blocks are all small
    monkeypatch.setattr(sources, "FRAGMENT_MIN", 0)
    root = tmp_path / "corpus"
    shutil.copytree(MINIMAL, root, ignore=shutil.ignore_patterns(".segur-cache"))
    return root


def test_fragment_edit_swapped_without_sphinx_same_bytes_as_clean(corpus, tmp_path, capsys):
    pub, out = tmp_path / "no-publish", tmp_path / "a" / "html"
    assert build_book(corpus, pub, out) == 0
    _edit(corpus, OLD, NEW)
    capsys.readouterr()
    assert build_book(corpus, pub, out) == 0
    said = capsys.readouterr().out
    assert "sans Sphinx" in said and "sphinx " not in said, said
    assert "MARQUEUR-RAPIDE" in (out / PAGE).read_text("utf-8")
    assert "MARQUEUR-RAPIDE" in (out / "book/gen/exigences.html").read_text("utf-8")
    fresh = tmp_path / "b" / "html"
    assert build_book(corpus, pub, fresh, clean=True) == 0
    a, b = _files(out), _files(fresh)
    assert sorted(a) == sorted(b)
    assert [p for p in a if a[p] != b[p]] == []

    # a change of a page's own MyST (a section heading) goes through Sphinx
    _edit(corpus, "libelle: Volet de synthèse médicale", "libelle: Volet de synthèse MARQUEUR-TITRE")
    capsys.readouterr()
    assert build_book(corpus, pub, out) == 0
    said = capsys.readouterr().out
    assert "sphinx " in said and "sans Sphinx" not in said, said
    assert "MARQUEUR-TITRE" in (out / PAGE).read_text("utf-8")


def test_no_swap_when_the_site_may_not_match_its_sources(corpus, tmp_path, capsys):
    """The sync stamp goes when sources change and comes back only once the site is
    built: after an interrupted build (no stamp), the next one runs Sphinx."""
    pub, out = tmp_path / "no-publish", tmp_path / "html"
    assert build_book(corpus, pub, out) == 0
    stamp = tmp_path / ".html-synced"
    assert stamp.is_file()
    stamp.unlink()
    _edit(corpus, OLD, NEW)
    capsys.readouterr()
    assert build_book(corpus, pub, out) == 0
    said = capsys.readouterr().out
    assert "sphinx " in said and "sans Sphinx" not in said, said
    assert "MARQUEUR-RAPIDE" in (out / PAGE).read_text("utf-8")
    assert stamp.is_file()
