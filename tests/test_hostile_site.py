"""Hostile input, class 1: every value from the data is inert on the site.

Markup is planted at test time into every programme-level value a page shows (couloir,
vague, dispositif title, software type, profile description, history, socle and
référentiel titles, section labels, a profession label): a `<script>`, an `<img onerror>`,
an `<svg onload>` and MyST constructs (backticks, link, field, emphasis). `segur check`,
`publish` and `book` must accept the corpus (they are texts), and Debian's Chromium then
visits every page that shows a planted value, plus the search results for it: no dialog,
no planted element, no script that the site did not ship, and the text shown as typed.
"""
from __future__ import annotations

import csv
import functools
import http.server
import io
import json
import shutil
import threading
from pathlib import Path

import pytest
import yaml

from build_tools.book.build import build_book
from build_tools.cli import main
from build_tools.publish import publish

from .conftest import MINIMAL, REPO, local_only

MARK = "segurXSS"


def payload(tag: str) -> str:
    """One value carrying every vector, tagged by the field it is planted in."""
    return (f'{tag} <script>alert("{MARK}-{tag}");window.{MARK}="{tag}"</script> '
            f'<img src=x onerror="alert(\'{MARK}-{tag}\')"> <svg onload="alert(\'{MARK}-{tag}\')"> '
            f'`](javascript:alert(1)) {{{{ dispositif.id }}}} **{MARK}** ```{{raw}} html <b>{MARK}</b>```')


def _edit_yaml(path: Path, edit) -> None:
    data = yaml.safe_load(path.read_text("utf-8"))
    edit(data)
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=10_000), "utf-8")


def plant(root: Path) -> list[str]:
    """Plant payloads in the minimal corpus (with the shared DSR prose); returns the tags."""
    tags: list[str] = []

    def mark(record: dict, key: str, tag: str) -> None:
        record[key] = payload(tag)
        tags.append(tag)

    def programme(d):
        mark(d["couloirs"][0], "libelle", "couloir")
        va2 = next(v for v in d["vagues"] if v["id"] == "Va2")
        mark(va2, "libelle", "vague")
        mark(va2, "periode", "periode")
        mark(va2, "objet", "objet")
        for x in d["dispositifs"]:
            mark(x, "titre", f"titre-{x['id']}")
            mark(x["type_logiciel"], "libelle", f"type-{x['id']}")
            mark(x["historique"][0], "modifications", f"histo-{x['id']}")
            mark(x["profils"][0], "description", f"profil-{x['id']}")

    def referentiels(d):
        mark(d["referentiels"][0], "titre", "referentiel")
        mark(d["socles"][0], "titre", "socle")

    _edit_yaml(root / "requirements/programme.yaml", programme)
    _edit_yaml(root / "requirements/referentiels.yaml", referentiels)
    _edit_yaml(root / "requirements/socles/INS.yaml", lambda d: mark(d["sections"][0], "libelle", "section-socle"))
    _edit_yaml(root / "requirements/Va2/MDV-LGC-Va2.yaml", lambda d: mark(d["sections"][0], "libelle", "section"))
    prof = root / "matrices/professions.csv"
    rows = list(csv.reader(io.StringIO(prof.read_text("utf-8")), delimiter=";"))
    rows[1][1] = payload("profession")
    tags.append("profession")
    buf = io.StringIO()
    csv.writer(buf, delimiter=";", lineterminator="\n").writerows(rows)
    prof.write_text(buf.getvalue(), "utf-8")
    return tags


@pytest.fixture(scope="session")
def hostile_site(tmp_path_factory):
    work = tmp_path_factory.mktemp("hostile-site")
    root = work / "corpus"
    shutil.copytree(MINIMAL, root, ignore=shutil.ignore_patterns(".segur-cache"))
    # the DSR prose fragments, so that prose fields ({{ dispositif.titre }} …) are rendered
    shutil.copytree(REPO / "book" / "prose" / "dsr", root / "book" / "prose" / "dsr")
    tags = plant(root)
    assert main(["check", "--root", str(root)]) == 0
    publish(root, work / "publish", only={"rem-tables"}, with_pdf=False)
    out = work / "html"
    assert build_book(root, work / "publish", out) == 0
    return out, tags


def test_planted_values_are_escaped_in_every_file(hostile_site):
    """No page, fragment or search index of the site carries a planted element as markup
    (the downloadable JSON data files keep the raw text, as the published JSON does)."""
    out, _ = hostile_site
    live = ("<script>alert(", "<img src=x onerror", "<svg onload", f"<b>{MARK}</b>")
    files = [p for p in out.rglob("*") if p.suffix in (".html", ".js") and "_static" not in p.parts]
    shown = 0
    for p in files:
        text = p.read_text("utf-8", "replace")
        shown += MARK in text
        for bad in live:
            assert bad not in text, f"{p.relative_to(out)} holds {bad!r} as markup"
    assert shown >= 10


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


@pytest.fixture(scope="session")
def hostile_server(hostile_site):
    out, _ = hostile_site
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_Quiet, directory=str(out)))
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}/"
    httpd.shutdown()
    httpd.server_close()


FOREIGN = """() => {
  const mark = %s;
  const out = [];
  for (const s of document.querySelectorAll('script')) {
    const src = s.getAttribute('src') ? s.src : '';    // absolute URL
    const shipped = src.startsWith(location.origin + '/') &&
                    (src.includes('/_static/') || src.endsWith('/searchindex.js'));
    if (s.textContent.includes(mark) || (src && !shipped && !src.startsWith('https://hypothes.is/')))
      out.push('script ' + (src || s.textContent.slice(0, 80)));
  }
  for (const el of document.querySelectorAll('*')) {
    for (const a of el.attributes) {
      if (a.name.startsWith('on') && a.value.includes(mark)) out.push(el.tagName + ' ' + a.name);
    }
  }
  for (const el of document.querySelectorAll('svg[onload], img[onerror]')) out.push(el.outerHTML.slice(0, 80));
  return out;
}""" % json.dumps(MARK)


def _pages_showing(out: Path) -> list[str]:
    pages = [p.relative_to(out).as_posix() for p in sorted(out.rglob("*.html"))
             if MARK in p.read_text("utf-8", "replace") and "_static" not in p.parts]
    return pages


def test_browser_runs_nothing_planted(hostile_site, hostile_server, browser):
    out, tags = hostile_site
    pages = _pages_showing(out)
    assert any("dispositifs/Va2/MDV-LGC-Va2" in p for p in pages), pages
    dialogs, external, found = [], [], {}
    text_seen = ""
    for rel in pages + [f"search.html?q={MARK}"]:
        page = browser.new_page()            # one tab per page: nothing carried over
        page.on("dialog", lambda d: (dialogs.append(f"{rel}: {d.message}"), d.dismiss()))
        page.route("**/*", local_only(hostile_server, external))
        page.goto(hostile_server + rel)
        page.wait_for_load_state("load")
        if rel.startswith("search.html?"):     # Sphinx shows the matching titles with innerHTML
            page.wait_for_selector("#search-results .search-summary", state="attached")
            assert page.locator("#search-results li").count() >= 3
        foreign = page.evaluate(FOREIGN)
        if foreign:
            found[rel] = foreign
        assert page.evaluate(f"window.{MARK}") is None, rel
        text_seen += page.locator("body").inner_text()
        page.close()
    assert not dialogs, dialogs
    assert not found, found
    assert all(u.startswith("https://hypothes.is/") for u in external), external
    # shown as typed (Sphinx may curl the quotes of headings): the fields pages display
    for tag in ("couloir", "titre-MDV-LGC-Va2", "type-MDV-LGC-Va2", "section", "vague", "objet", "profession"):
        assert f"{tag} <script>alert(" in text_seen, tag
    assert "{{ dispositif.id }}" in text_seen and "```{raw} html" in text_seen
