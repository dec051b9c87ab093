"""The incremental core shared by `segur book` and `segur serve`: pages regenerated only
when their inputs changed, needs.json updated group by group (same bytes as a full
rebuild), progress lines only on a terminal."""
from __future__ import annotations

import io
import re

from build_tools.book.build import assemble
from build_tools.book.needs import needs_cached, needs_json
from build_tools.engine import load_and_check
from build_tools.progress import Progress

from .conftest import replace_nth

DISP = "requirements/Va2/MDV-LGC-Va2.yaml"
OLD = "Le système DOIT remplacer un document en conservant son identifiant."
NEW = "Le système DOIT remplacer un document en conservant son identifiant unique."


def _check(root):
    result = load_and_check(root)
    assert not result.errors, result.errors
    return result.corpus


def test_only_pages_whose_inputs_changed_are_generated(minimal, tmp_path):
    src = tmp_path / "src"
    corpus = _check(minimal)
    first = assemble(corpus, minimal, src, None)
    again = assemble(_check(minimal), minimal, src, None)
    assert again["written"] == 0 and again["removed"] == 0
    assert again["kept"] == len(corpus.dispositifs) + len(corpus.socles)       # keyed pages kept as they are
    assert again["generated"] == first["generated"] - again["kept"]           # only unkeyed pages rendered
    page = src / "book/gen/dispositifs/Va2/MDV-LGC-Va2.md"
    before = page.read_text("utf-8")

    f = minimal / DISP
    f.write_text(replace_nth(f.read_text("utf-8"), OLD, NEW), "utf-8")
    edited = assemble(_check(minimal), minimal, src, None)
    assert edited["kept"] == again["kept"] - 1                                # that dispositif page alone
    assert "identifiant unique" in page.read_text("utf-8") and page.read_text("utf-8") != before
    # only the files of that page and of the search page (each with its fragments)
    assert all(re.fullmatch(r"book/gen/(dispositifs/Va2/(_frag/)?MDV-LGC-Va2|(_frag/)?exigences)(\.\d{3})?\.(md|html)", p)
               for p in edited["changed"]), edited["changed"]
    # same sources as a build from scratch
    fresh = tmp_path / "fresh"
    assemble(_check(minimal), minimal, fresh, None)
    for p in src.rglob("*.md"):
        assert p.read_bytes() == (fresh / p.relative_to(src)).read_bytes(), p


def test_needs_json_updated_not_rebuilt_has_the_same_bytes(minimal, tmp_path):
    cache, out = tmp_path / "needs.pickle", tmp_path / "html"
    out.mkdir()
    corpus = _check(minimal)
    assert needs_cached(corpus, cache, out) > 0
    assert (out / "needs.json").read_text("utf-8") == needs_json(corpus)
    f = minimal / DISP
    f.write_text(replace_nth(f.read_text("utf-8"), OLD, NEW), "utf-8")
    corpus = _check(minimal)
    needs_cached(corpus, cache, out)
    text = (out / "needs.json").read_text("utf-8")
    assert "identifiant unique" in text and text == needs_json(corpus)


def test_progress_only_on_a_terminal(monkeypatch):
    monkeypatch.delenv("SEGUR_PROGRESS", raising=False)
    piped = io.StringIO()
    with Progress("book", piped).phase("pages", "page(s)") as ph:
        ph.count = 3
    assert piped.getvalue() == ""

    class Tty(io.StringIO):
        def isatty(self):
            return True
    tty = Tty()
    progress = Progress("book", tty)
    with progress.phase("pages", "page(s)") as ph:
        ph.count = 3
    with progress.phase("Sphinx"):
        pass
    lines = tty.getvalue().splitlines()
    assert len(lines) == 2 and lines[0].startswith("book · pages : 3 page(s) (") and lines[1].startswith("book · Sphinx (")
    monkeypatch.setenv("SEGUR_PROGRESS", "0")
    quiet = Tty()
    with Progress("book", quiet).phase("pages"):
        pass
    assert quiet.getvalue() == ""
