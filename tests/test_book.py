"""The published site: built once per session from the embedded corpus, plus a tiny corpus
with planted markup; checked in Debian's Chromium through Playwright.

Browser tests skip only when chromium is missing AND the CI variable is unset (in CI a
missing browser fails). The hypothesis embed script is the one external resource of the
site: the browser tests answer it with an empty local stub (network closed here), and
every other request must go to the local server. Screenshots go to the session's temporary folder.
"""
from __future__ import annotations

import hashlib
import json
import re
import shutil
import urllib.request
from pathlib import Path

import pytest

from build_tools.book.build import build_book
from build_tools.engine import load_and_check
from build_tools.publish import publish

from .conftest import MINIMAL, REPO, Server, _build, local_only

ARTEFACTS: Path | None = None      # screenshots: a session temporary folder, never the source tree


@pytest.fixture(scope="session", autouse=True)
def _artefacts(tmp_path_factory):
    global ARTEFACTS
    ARTEFACTS = tmp_path_factory.mktemp("artefacts")
PLANT = "<script>window.__segurPwned = 1</script>"
PLANT_IMG = '<img src="x" onerror="window.__segurPwned = 2">'


# --------------------------------------------------------------------------- builds

def _plant(root: Path) -> None:
    f = root / "requirements" / "Va2" / "MDV-LGC-Va2.yaml"
    text = f.read_text("utf-8")
    text = text.replace("enonce: Le système DOIT remplacer un document en conservant son identifiant.",
                        'enonce: "Le système DOIT remplacer ' + PLANT.replace('"', '\\"')
                        + ' un document ```{raw} html ' + PLANT_IMG.replace('"', '\\"') + ' ``` {{ x }} $y$."')
    text = text.replace("fonction: Remplacement", 'fonction: "Remplacement <b>' + PLANT_IMG.replace('"', '\\"') + '</b>"')
    text = text.replace("texte: Remplacer.", 'texte: "Remplacer ' + PLANT.replace('"', '\\"') + '"')
    assert text.count("__segurPwned") == 4
    f.write_text(text, "utf-8")


@pytest.fixture(scope="session")
def tiny(tmp_path_factory):
    """The minimal fixture corpus with markup planted in a requirement (text, fonction, scenario)."""
    work = tmp_path_factory.mktemp("tiny")
    root = work / "corpus"
    shutil.copytree(MINIMAL, root)
    _plant(root)
    return _build(root, work, {"rem-tables"})


# --------------------------------------------------------------------------- static checks

def test_generated_pages_and_anchors(site):
    out, _ = site
    page = (out / "book/gen/dispositifs/Va2/MDV-LGC-Va2.html").read_text("utf-8")
    assert 'id="LGC.DMP.01"' in page or 'id="LGC.VSM/va1.01"' in page
    for page_path in ["book/index.html", "book/gen/exigences.html", "book/gen/habilitation.html",
                      "book/gen/perimetres.html", "book/gen/telechargements.html", "book/gen/vagues/Va2.html",
                      "book/gen/socles/DMP.html", "book/gen/dispositifs/Va1/MDV-LGC-Va1.html"]:
        text = (out / page_path).read_text("utf-8")
        assert 'class="segur-banner' in text, page_path
    # dispositif banner: its own version and status
    assert "MDV-LGC-Va2</strong> — version 1.0" in page
    # a picked socle requirement links to its socle origin, a carried one to its previous version
    assert 'href="../../socles/INS.html#SC.INS.01"' in page
    assert re.search(r'href="\.\./Va1/MDV-LGC-Va1\.html#LGC\.[A-Z]+\.01"', page)


def test_no_cdn(site):
    out, _ = site
    external = set()
    for f in out.rglob("*.html"):
        for m in re.finditer(r'<(?:script|link)\b[^>]*\b(?:src|href)="(https?:)?//([^/"]+)', f.read_text("utf-8")):
            external.add(m.group(2))
    assert external <= {"hypothes.is"}, external


def test_needs_json(site):
    from sphinx_needs.needsfile import check_needs_data
    out, _ = site
    data = json.loads((out / "needs.json").read_text("utf-8"))
    assert check_needs_data(data).schema == []
    needs = data["versions"][data["current_version"]]["needs"]
    assert "SC_INS_01" in needs
    n = needs["MDV_LGC_VA2__INS_01"]
    assert n["segur_id"] == "INS.01" and "SC_INS_01" in n["links"] and n["type"] == "req"
    assert all(re.fullmatch(r"[A-Z0-9_]{5,}", k) for k in needs)


def test_downloads_copied_with_manifest_sha(site):
    out, manifest = site
    for f in manifest["files"]:
        p = out / "_downloads-segur" / f["path"]
        assert hashlib.sha256(p.read_bytes()).hexdigest() == f["sha256"], f["path"]


def test_planted_markup_is_escaped_in_sources(tiny):
    out, _ = tiny
    for page in ["book/gen/dispositifs/Va2/MDV-LGC-Va2.html", "book/gen/exigences.html"]:
        text = (out / page).read_text("utf-8")
        assert "<script>window.__segurPwned" not in text
        assert '<img src="x" onerror' not in text
    assert "&lt;script&gt;window.__segurPwned" in (out / "book/gen/dispositifs/Va2/MDV-LGC-Va2.html").read_text("utf-8")


def test_incremental_edit_reaches_every_page(tmp_path):
    """Edit a socle requirement: its socle page, every dispositif page picking it, the
    search page and needs.json change on the next (incremental) build."""
    root = tmp_path / "corpus"
    shutil.copytree(MINIMAL, root)
    pub, out = tmp_path / "publish", tmp_path / "html"
    publish(root, pub, only={"rem-tables"}, with_pdf=False)
    assert build_book(root, pub, out) == 0
    f = root / "requirements" / "socles" / "INS.yaml"
    f.write_text(f.read_text("utf-8").replace("Le système DOIT appeler le téléservice [INS2].",
                                              "Le système DOIT appeler MARQUEUR-INCR le téléservice [INS2]."), "utf-8")
    publish(root, pub, only={"rem-tables"}, with_pdf=False)
    assert build_book(root, pub, out) == 0
    pages = ["book/gen/socles/INS.html", "book/gen/dispositifs/Va2/MDV-LGC-Va2.html",
             "book/gen/dispositifs/Va1/MDV-LGC-Va1.html", "book/gen/exigences.html", "needs.json"]
    for p in pages:
        assert "MARQUEUR-INCR" in (out / p).read_text("utf-8"), p


# --------------------------------------------------------------------------- browser

@pytest.fixture(scope="session")
def tiny_server(tiny):
    s = Server(tiny[0])
    yield s
    s.stop()


class Page:
    """A page that records console errors, page errors and non-local requests."""

    def __init__(self, browser, base: str):
        self.base = base
        self.errors: list[str] = []
        self.external: list[str] = []
        self.page = browser.new_page(viewport={"width": 1300, "height": 1000})
        self.page.on("console", lambda m: self.errors.append(f"console: {m.text} @ {m.location.get('url')}")
                     if m.type == "error" else None)
        self.page.on("pageerror", lambda e: self.errors.append(f"pageerror: {e}"))
        self.page.route("**/*", local_only(base, self.external))

    def goto(self, path: str):
        self.page.goto(self.base + path)
        self.page.wait_for_load_state("load")
        return self.page

    def shot(self, name: str):
        self.page.screenshot(path=str(ARTEFACTS / f"{name}.png"))

    def close(self):
        self.page.close()
        assert not self.errors, self.errors
        assert all(u.startswith("https://hypothes.is/") for u in self.external), self.external


def test_browser_home_dispositif_matrix(browser, server):
    p = Page(browser, server.base)
    page = p.goto("index.html")        # redirect to book/index.html
    page.wait_for_url("**/book/index.html")
    assert "Ségur du numérique" in page.title()
    assert page.locator(".segur-banner").count() == 1
    assert page.locator("img[src$='.svg']").count() >= 2          # the two charts
    p.shot("home")

    page = p.goto("book/gen/dispositifs/Va2/MDV-LGC-Va2.html")
    assert "version 1.0" in page.locator(".segur-banner").inner_text()
    page.wait_for_selector("table.segur-dt tbody tr")
    p.shot("dispositif")

    page = p.goto("book/gen/habilitation.html")
    assert page.locator("table.segur-matrix td.segur-x").count() > 100
    p.shot("matrix")
    p.close()


def test_browser_requirement_by_anchor(browser, server):
    p = Page(browser, server.base)
    page = p.goto("book/gen/dispositifs/Va2/MDV-LGC-Va2.html#LGC.VSM/va1.01")
    target = page.locator('[id="LGC.VSM/va1.01"]')
    assert target.count() == 1 and target.is_visible()
    assert page.evaluate("document.querySelector(':target') && document.querySelector(':target').id") \
        == "LGC.VSM/va1.01"
    assert "DOIT" in target.locator(".segur-enonce").inner_text()
    p.shot("requirement-anchor")
    p.close()


def test_browser_search_and_filters(browser, server):
    p = Page(browser, server.base)
    page = p.goto("book/gen/exigences.html")
    page.wait_for_selector("table.segur-dt tbody tr")
    info = page.locator(".dt-info").inner_text()
    total = int(re.search(r"sur (\d+)", info.replace("\u202f", "").replace(" ", " ")).group(1))
    page.select_option("select[data-filter='Dispositif']", "MDV-LGC-Va2")
    page.select_option("select[data-filter='Criticité']", "Mineure")
    filtered = page.locator(".dt-info").inner_text()
    n = int(re.search(r"sur (\d+)", filtered).group(1))
    assert 0 < n < total
    rows = page.locator("table.segur-dt tbody tr")
    assert all("MDV-LGC-Va2" in rows.nth(i).inner_text() for i in range(rows.count()))
    page.fill(".dt-search input", "zzzz-introuvable")
    page.wait_for_timeout(300)
    assert "Aucune" in page.locator("table.segur-dt tbody").inner_text()
    p.shot("search")
    p.close()


def test_browser_downloads_resolve_with_sha(browser, server, site):
    _, manifest = site
    p = Page(browser, server.base)
    page = p.goto("book/gen/telechargements.html")
    hrefs = page.eval_on_selector_all("a.segur-dl-link", "els => els.map(e => e.href)")
    by_name = {f["path"]: f["sha256"] for f in manifest["files"]}
    seen = set()
    for href in hrefs:
        with urllib.request.urlopen(href) as r:
            data = r.read()
        path = href.split("/_downloads-segur/", 1)[1]
        if path == "manifest.json":
            continue
        assert hashlib.sha256(data).hexdigest() == by_name[path], path
        seen.add(path)
    assert seen == set(by_name)
    p.shot("downloads")
    p.close()


def test_browser_planted_script_does_not_run(browser, tiny_server):
    p = Page(browser, tiny_server.base)
    for path in ["book/gen/dispositifs/Va2/MDV-LGC-Va2.html", "book/gen/exigences.html",
                 "book/gen/vagues/Va2.html"]:
        page = p.goto(path)
        page.wait_for_timeout(300)
        assert page.evaluate("window.__segurPwned") is None, path
    page = p.goto("book/gen/dispositifs/Va2/MDV-LGC-Va2.html")
    page.locator("details.segur-scen").first.evaluate("d => document.querySelectorAll('details').forEach(x => x.open = true)")
    body = page.locator("article").inner_text()
    assert PLANT in body                          # shown as text
    assert "{raw} html" in body
    assert page.evaluate("window.__segurPwned") is None
    page.select_option("select[data-filter='Statut']", "Modifiée")
    page.wait_for_timeout(200)
    assert PLANT in page.locator("table.segur-dt tbody").inner_text()
    assert page.evaluate("window.__segurPwned") is None
    page.locator('[id="LGC.DMP/va1.02"]').scroll_into_view_if_needed()
    p.shot("planted-script")
    p.close()


def test_concertation_pages_and_comments_on_draft_requirements(site):
    import html as _html

    from build_tools.engine import load_and_check
    out, _ = site
    corpus = load_and_check(REPO).corpus
    comments = corpus.comments["IT2"].comments
    assert comments
    page = (out / "book/gen/concertation/IT2.html").read_text("utf-8")
    for c in comments:
        assert f'id="{c.id}"' in page
    for did in {c.dispositif for c in comments}:
        d = corpus.dispositifs[did]
        text = (out / f"book/gen/dispositifs/{d.vague}/{did}.html").read_text("utf-8")
        for c in (c for c in comments if c.dispositif == did):
            assert f'id="{c.id}"' in text and _html.escape(c.texte) in text
            if c.reponse:
                assert _html.escape(c.reponse) in text
    # a published dispositif shows no concertation block
    assert "segur-conc" not in (out / "book/gen/dispositifs/Va2/RAD-RIS-Va2.html").read_text("utf-8")


# --------------------------------------------------------------------------- concertation: comments made on the site

def _corpus_copy(dest: Path) -> Path:
    for d in ("requirements", "matrices", "concertation"):
        shutil.copytree(REPO / d, dest / d)
    return dest


def test_site_annotations_come_back_to_comments(site, browser, server, tmp_path, capsys):
    from build_tools.cli import main
    from build_tools.engine import load_and_check

    from .hypothesis_fixtures import annotation, selectors
    out, _ = site
    root = _corpus_copy(tmp_path / "corpus")
    d = load_and_check(root).corpus.dispositifs["PARAMED-LGC-Va2"]
    r1, r2 = d.rem[0], d.rem[3]
    doc = "book/gen/dispositifs/Va2/PARAMED-LGC-Va2.html"
    p = Page(browser, server.base)
    page = p.goto(doc)
    s1 = selectors(page, r1.id, r1.enonce[5:45])
    s2 = selectors(page, r2.id, r2.enonce[3:30])
    s3 = selectors(page, None, "Statut de publication")
    p.close()
    public = f"https://specifications.exemple.fr/segur/{doc}#{r1.id}"
    rows = [annotation("quoteAAA1", public, "Préciser le cas des remplaçants.", [s1["quote"], s1["position"]]),
            annotation("rangeBBB2", server.base + doc, "Quel délai ?", [s2["range"]], created="2025-05-15T23:30:00+02:00"),
            annotation("replyCCC3", public, "Même remarque chez nous.", None, references=["quoteAAA1"],
                       user="pmartin", name="Paul Martin (Fédération Bêta)"),
            annotation("outsideDD4", public, "Date de fin de concertation ?", [s3["quote"], s3["position"]]),
            annotation("pagenoteE5", public, "Merci pour cette version.", None)]
    export = tmp_path / "hypothesis-search.json"
    export.write_text(json.dumps({"total": len(rows), "rows": rows}, ensure_ascii=False), "utf-8")
    table = tmp_path / "organisations.csv"
    table.write_text("compte;organisation\npmartin@hypothes.is;Fédération Bêta\n", "utf-8")
    args = ["concertation", "import-annotations", "--root", str(root), "--iteration", "IT2", str(export),
            "--site", str(out), "--organisations", str(table)]
    assert main(args) == 0
    report = capsys.readouterr().out
    assert "jdupont@hypothes.is" in report                      # not in the table: display name used, said
    # outside every requirement: reported with page and quote, not recorded
    assert "outsideDD4" in report and "Statut de publication" in report and doc in report
    assert "pagenoteE5" in report and "page entière" in report
    result = load_and_check(root)
    assert not result.errors, result.errors[:3]
    got = {c.annotation: c for c in result.corpus.comments["IT2"].comments if c.annotation}
    assert set(got) == {"quoteAAA1", "rangeBBB2", "replyCCC3"}
    assert (got["quoteAAA1"].dispositif, got["quoteAAA1"].exigence) == ("PARAMED-LGC-Va2", r1.id)
    assert got["quoteAAA1"].citation == " ".join(r1.enonce[5:45].split())
    assert got["quoteAAA1"].organisation == "Jeanne Dupont (Éditeur Alpha)"
    assert got["rangeBBB2"].exigence == r2.id and got["rangeBBB2"].date == "2025-05-15"
    assert got["replyCCC3"].exigence == r1.id and got["replyCCC3"].reponse_a == got["quoteAAA1"].id
    assert (got["replyCCC3"].organisation, got["replyCCC3"].contact) == (
        "Fédération Bêta", "Paul Martin (Fédération Bêta) (pmartin@hypothes.is)")
    # re-import: nothing new, file unchanged
    comments = root / "concertation" / "IT2" / "comments.yaml"
    before = comments.read_bytes()
    assert main(args) == 0
    assert "0 annotation(s) enregistrée(s)" in capsys.readouterr().out
    assert comments.read_bytes() == before


def test_browser_commenter_control_explains_closed_network(browser, server):
    from build_tools.engine import load_and_check
    d = load_and_check(REPO).corpus.dispositifs["PARAMED-LGC-Va2"]
    p = Page(browser, server.base)
    page = p.goto("book/gen/dispositifs/Va2/PARAMED-LGC-Va2.html")
    buttons = page.locator(".segur-req .segur-commenter-btn")
    assert buttons.count() == len(d.rem)
    first = page.locator(f'[id="{d.rem[0].id}"]')
    msg = first.locator(".segur-commenter-msg")
    assert not msg.is_visible()
    first.locator(".segur-commenter-btn").click()       # hypothesis is only a stub here: no panel
    msg.wait_for(state="visible")
    assert d.rem[0].id in msg.inner_text() and "grille de concertation" in msg.inner_text()
    assert first.locator("[data-hypothesis-trigger]").count() == 1
    # a published dispositif has no control
    page = p.goto("book/gen/dispositifs/Va2/RAD-RIS-Va2.html")
    assert page.locator(".segur-commenter-btn").count() == 0
    # with the client on the page (a stub that adds its sidebar element): no message, the
    # requirement's text is selected for the client's "Annoter" button
    p2 = Page(browser, server.base)
    p2.page.route("https://hypothes.is/**", lambda route: (p2.external.append(route.request.url), route.fulfill(
        status=200, content_type="application/javascript",
        body="document.body.appendChild(document.createElement('hypothesis-sidebar'));"))[-1])
    page2 = p2.goto("book/gen/dispositifs/Va2/PARAMED-LGC-Va2.html")
    page2.wait_for_selector("hypothesis-sidebar", state="attached")
    block = page2.locator(f'[id="{d.rem[0].id}"]')
    block.locator(".segur-commenter-btn").click()
    assert page2.evaluate("window.getSelection().toString()").split() == d.rem[0].enonce.split()
    assert not block.locator(".segur-commenter-msg").is_visible()
    p2.close()
    # the dashboard page: its tables and its three charts load
    page = p.goto("book/tableau-de-bord-concertation.html")
    assert page.locator("table.dataframe").count() == 4
    assert page.locator("img[src$='.svg']").evaluate_all("imgs => imgs.filter(i => i.naturalWidth > 0).length") >= 3
    p.shot("tableau-de-bord-concertation")
    p.close()


# --------------------------------------------------------------------------- concertation dashboard (notebook)

def _frames(html_path: Path) -> dict[str, dict]:
    """{section id: {header: [...], rows: {index label: [cells]}}} of the pandas tables of a page."""
    import lxml.html
    doc = lxml.html.parse(str(html_path)).getroot()
    out = {}
    for sec in doc.iter("section"):
        table = next(iter(t for t in sec.iter("table") if "dataframe" in (t.get("class") or "")), None)
        if table is None or sec.get("id") in out:
            continue
        head = [" ".join(th.text_content().split()) for th in table.find("thead").find("tr").findall("th")][1:]
        rows = {}
        for tr in table.find("tbody").findall("tr"):
            rows[" ".join(tr.find("th").text_content().split())] = [" ".join(td.text_content().split())
                                                                    for td in tr.findall("td")]
        out[sec.get("id")] = {"header": head, "rows": rows}
    return out


def _independent_counts() -> dict:
    """The dashboard's figures recomputed from comments.yaml with PyYAML (not build_tools)."""
    import yaml
    from collections import Counter
    per_it = {}
    for f in sorted((REPO / "concertation").glob("IT*/comments.yaml")):
        per_it[f.parent.name] = yaml.safe_load(f.read_text("utf-8"))["commentaires"]
    order = sorted(per_it, key=lambda it: int(it[2:]))
    last = order[-1]
    comments = per_it[last]
    statuts = ["à traiter", "intégré", "partiellement intégré", "rejeté", "sans objet"]

    def table(field):
        c = Counter((x[field], x["statut"]) for x in comments)
        keys = {x[field] for x in comments}
        return {k: [str(c[(k, s)]) for s in statuts] + [str(sum(c[(k, s)] for s in statuts))] for k in keys}

    evolution = {}
    for it in order:
        cs = per_it[it]
        done = sum(1 for x in cs if x["statut"] != "à traiter")
        evolution[it] = [str(len(cs)), str(len({x["organisation"] for x in cs})), str(len({x["dispositif"] for x in cs})),
                         str(done), str(round(100 * done / len(cs)))]
    return {"last": last, "n": len(comments), "org": table("organisation"), "disp": table("dispositif"),
            "evolution": evolution}


def test_concertation_dashboard_figures_match_comments(site):
    out, _ = site
    page = out / "book" / "tableau-de-bord-concertation.html"
    frames = _frames(page)
    want = _independent_counts()
    assert len(want["evolution"]) >= 2                         # the example IT1 and IT2
    t = frames["traitement-des-commentaires"]
    (label, cells), = t["rows"].items()
    assert label == want["last"] and cells[:3] == [want["evolution"][want["last"]][i] for i in (0, 3)] + [
        str(want["n"] - int(want["evolution"][want["last"]][3]))]
    org = frames["par-organisation"]
    assert org["header"][:6] == ["à traiter", "intégré", "partiellement intégré", "rejeté", "sans objet", "Total"]
    assert {k: v[:6] for k, v in org["rows"].items()} == want["org"]
    assert {k: v[:6] for k, v in frames["par-dispositif"]["rows"].items()} == want["disp"]
    evo = frames["evolution-dune-iteration-a-lautre"]
    assert {k: v[:5] for k, v in evo["rows"].items()} == want["evolution"]
    text = page.read_text("utf-8")
    assert text.count('src="../_images/') >= 3 or text.count("<svg") >= 3       # the three charts


def test_concertation_report_standalone_html_in_chromium(browser, tmp_path, capsys):
    from build_tools.cli import main
    out = tmp_path / "rapport.html"
    assert main(["rapport", "concertation", "--root", str(REPO), "--iteration", "IT1", "--out", str(out)]) == 0
    text = out.read_text("utf-8")
    assert not re.search(r'<(?:script|link|img)\b[^>]*\b(?:src|href)="(?:https?:)?//', text)
    want = _independent_counts()["evolution"]["IT1"]
    p = Page(browser, out.parent.as_uri() + "/")
    page = p.goto(out.name)
    assert page.title() == "Concertation IT1 — tableau de bord"
    assert page.locator("table.dataframe").count() == 4
    assert page.locator("img[src^='data:image/svg+xml']").count() == 3
    row = page.locator("table.dataframe").first.locator("tbody tr").first
    assert row.locator("th").inner_text().strip() == "IT1" and row.locator("td").first.inner_text().strip() == want[0]
    p.shot("rapport-concertation")
    p.close()                                                     # no console error, nothing fetched
    assert main(["rapport", "concertation", "--root", str(REPO), "--iteration", "IT9", "--out", str(out)]) == 2


EXAMPLE_MARK = "Données d'exemple — document non officiel"


def test_every_dispositif_published_with_rem_dsr_af_and_marked(site):
    """Manifest: REM, DSR and AF for every dispositif; every REM workbook carries the
    example mark on every sheet (read with openpyxl), every DSR/AF in its page header."""
    import docx
    import openpyxl
    corpus = load_and_check(REPO).corpus
    manifest, pub = site[1], site[0].parent / "publish"
    kinds = {(f["dispositif"], f["kind"]) for f in manifest["files"]}
    for did in corpus.dispositifs:
        assert {(did, "rem"), (did, "dsr"), (did, "af")} <= kinds, did
    for f in manifest["files"]:
        path = pub / f["path"]
        if path.suffix == ".xlsx" and f["kind"].startswith("rem"):
            wb = openpyxl.load_workbook(path)
            assert all(EXAMPLE_MARK in (ws.oddHeader.center.text or "") for ws in wb.worksheets), f["path"]
        elif path.suffix == ".docx":
            header = docx.Document(path).sections[0].header
            assert any(EXAMPLE_MARK in p.text for p in header.paragraphs), f["path"]


def test_browser_example_mark_on_every_page(browser, server, site):
    pages = sorted(p.relative_to(site[0]).as_posix() for p in site[0].rglob("*.html")
                   if "_static" not in p.parts and "_sources" not in p.parts
                   and 'http-equiv="refresh"' not in p.read_text("utf-8")[:500].lower())   # index.html redirects
    assert len(pages) > 20
    page = browser.new_page()
    page.route("**/*", lambda route: route.continue_() if route.request.url.startswith(server.base)
               and route.request.resource_type in ("document", "stylesheet") else route.abort())
    try:
        for rel in pages:       # styles applied, scripts and images not needed to see the mark
            page.goto(server.base + rel, wait_until="domcontentloaded")
            mark = page.locator(".segur-notice-exemple").first
            assert mark.is_visible(), rel
            assert mark.inner_text().strip() == EXAMPLE_MARK, rel
    finally:
        page.close()


def test_browser_matrix_names_its_sources(browser, server):
    """Every matrix row says arrêté or projet; the cells settled by a source of their own
    are starred and carry that source in their title."""
    corpus = load_and_check(REPO).corpus
    p = Page(browser, server.base)
    page = p.goto("book/gen/habilitation.html")
    assert page.locator("table.segur-matrix td.segur-src").count() == len(corpus.document_types)
    own = [k for k in corpus.habilitation.sources if k[1] != "*"]
    assert page.locator("table.segur-matrix td.segur-src-cell").count() == len(own)
    cell = page.locator("#doc-ATTEST-RESID td.segur-src-cell")
    assert "attestation de résidence" in cell.get_attribute("title") and "X" not in cell.inner_text()
    p.close()
