"""The site as a State site (issue 17), checked in Debian's Chromium through Playwright on
the session's built site (conftest `site`/`server`):

- every generated page at 1400 px and 400 px: the DSFR header and footer, no horizontal
  page scroll, no serious or critical axe-core violation (axe-playwright-python ships
  axe-core and injects it into the page), no request leaving the machine but the optional
  hypothesis script;
- shareable links: scenario and proof anchors, a socle requirement by its socle id and its
  local id, a filtered Exigences URL, an accent-free search;
- the brand switch: a site built without the State's brand has neither the République
  française block nor the Marianne fonts.
"""
from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from .conftest import MINIMAL, REPO, Server, _build, local_only

WIDTHS = (1400, 400)
BLOCKING = ("serious", "critical")
# axe-core options per width: every rule at 1400 px; at 400 px every rule but colour
# contrast (the same colours at both widths; the costliest rule, half of axe's time on a
# dispositif page), so the layout-dependent rules (scrollable regions, landmarks, target
# size, reflow) run at both widths.
AXE_OPTIONS = {1400: {"resultTypes": ["violations"]},
               400: {"resultTypes": ["violations"], "rules": {"color-contrast": {"enabled": False}}}}


def _pages(out: Path) -> list[str]:
    """Every page the site builder generated (not the theme's template partials, the
    fragments included in pages, the downloads or the root redirect)."""
    skip = ("_static", "_downloads-segur", "_frag", "_images")
    return sorted(p.relative_to(out).as_posix() for p in out.rglob("*.html")
                  if not any(s in p.relative_to(out).parts for s in skip) and p.relative_to(out).as_posix() != "index.html")


class Visit:
    """One browser page that records errors and every request leaving 127.0.0.1."""

    def __init__(self, browser, base: str, width: int):
        self.base, self.external, self.errors = base, [], []
        self.page = browser.new_page(viewport={"width": width, "height": 900})
        self.page.on("pageerror", lambda e: self.errors.append(str(e)))
        self.page.route("**/*", local_only(base, self.external))

    def open(self, path: str):
        self.page.goto(self.base + path)
        self.page.wait_for_load_state("load")
        # DataTables tables are drawn by script: wait until every one is ready
        self.page.wait_for_function("[...document.querySelectorAll('table.segur-dt')]"
                                    ".every(t => t.getAttribute('data-segur-ready') === '1')")
        return self.page


def _check_width(page, axe, path: str, width: int) -> list[str]:
    problems = []
    if page.locator("header.fr-header .fr-header__service-title").count() != 1:
        problems.append("no DSFR header with the service name")
    if page.locator("footer.fr-footer .fr-footer__bottom-link").count() < 3:
        problems.append("no DSFR footer with its links")
    if page.locator(".fr-logo").count() < 1:
        problems.append("no République française block")
    over = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
    if over > 0:
        problems.append(f"scrolls sideways by {over} px")
    for v in axe.run(page, options=AXE_OPTIONS[width]).response["violations"]:
        if v["impact"] in BLOCKING:
            problems.append(f"axe {v['id']} ({v['impact']}): {[n['target'] for n in v['nodes'][:3]]}")
    return [f"{path} @ {width}px: {p}" for p in problems]


def test_every_page_dsfr_frame_no_sideways_scroll_no_serious_axe_violation(browser, server, site):
    """Each page is opened at each width (a fresh load: axe run twice on one page keeps
    state from its first run and misreads focusable frames)."""
    from axe_playwright_python.sync_playwright import Axe
    out, _ = site
    pages = _pages(out)
    assert len(pages) > 25 and "book/gen/exigences.html" in pages and "book/plan-du-site.html" in pages
    axe, visit, problems = Axe(), Visit(browser, server.base, WIDTHS[0]), []
    for width in WIDTHS:
        visit.page.set_viewport_size({"width": width, "height": 900})
        for path in pages:
            problems += _check_width(visit.open(path), axe, path, width)
    visit.page.close()
    assert not visit.errors, visit.errors
    assert all(u.startswith("https://hypothes.is/") for u in visit.external), visit.external
    assert not problems, "\n".join(problems)


def test_footer_pages_exist_and_site_map_lists_every_part(site):
    out, _ = site
    for name in ("accessibilite", "mentions-legales", "plan-du-site"):
        assert (out / "book" / f"{name}.html").is_file(), name
    plan = (out / "book/plan-du-site.html").read_text("utf-8")
    for target in ("gen/exigences.html", "gen/habilitation.html", "accessibilite.html", "gen/dispositifs/Va2/MDV-LGC-Va2.html"):
        assert f'href="{target}' in plan, target
    # the fonts and the DSFR licence are served by the site itself
    assert (out / "_static/vendor/dsfr/fonts/Marianne-Regular.woff2").is_file()
    assert (out / "_static/vendor/dsfr/LICENSE.md").is_file()


def _first_with_proof(out: Path) -> tuple[str, str, str]:
    from build_tools.engine import load_and_check
    d = load_and_check(REPO).corpus.dispositifs["MDV-LGC-Va2"]
    r = next(r for r in d.rem if r.socle is None and r.scenarios and r.scenarios[0].preuves)
    return r.id, r.scenarios[0].id, r.scenarios[0].preuves[0].id


def test_scenario_and_proof_anchors_land_on_them(browser, server, site):
    rid, sid, pid = _first_with_proof(site[0])
    v = Visit(browser, server.base, 1400)
    for anchor in (sid, pid):
        page = v.open(f"book/gen/dispositifs/Va2/MDV-LGC-Va2.html#{anchor}")
        target = page.locator(f'[id="{anchor}"]')
        assert target.count() == 1 and target.is_visible(), anchor      # its <details> was opened
        assert page.evaluate("document.querySelector(':target').id") == anchor
        box = target.bounding_box()
        assert 0 <= box["y"] < 900, (anchor, box)                        # scrolled into view
        assert anchor in target.inner_text()
    v.page.close()


def test_socle_requirement_resolves_from_socle_id_and_local_id(browser, server):
    v = Visit(browser, server.base, 1400)
    page = v.open("book/gen/dispositifs/Va2/MDV-LGC-Va2.html#SC.INS.01")     # socle id, dispositif page
    assert page.evaluate("document.querySelector(':target').closest('.segur-req').id") == "INS.01"
    assert page.locator(".segur-targeted").first.is_visible()
    page = v.open("book/gen/socles/INS.html#INS.01")                          # local id, socle page
    assert page.evaluate("document.querySelector(':target').closest('.segur-req').id") == "SC.INS.01"
    v.page.close()


def test_filtered_requirements_url_reopens_with_the_same_filter(browser, server):
    v = Visit(browser, server.base, 1400)
    page = v.open("book/gen/exigences.html")
    page.select_option("select[data-filter='Dispositif']", "MDV-LGC-Va2")
    page.select_option("select[data-filter='Criticité']", "Mineure")
    url = page.url
    assert "dispositif=MDV-LGC-Va2" in url and "criticite=Mineure" in url
    info = page.locator(".dt-info").inner_text()
    page = v.open(url.removeprefix(server.base))
    assert page.locator("select[data-filter='Dispositif']").input_value() == "MDV-LGC-Va2"
    assert page.locator("select[data-filter='Criticité']").input_value() == "Mineure"
    assert page.locator(".dt-info").inner_text() == info
    rows = page.locator("table.segur-dt tbody tr")
    assert rows.count() > 0 and all("MDV-LGC-Va2" in rows.nth(i).inner_text() for i in range(rows.count()))
    v.page.close()


def test_requirement_table_becomes_cards_on_a_narrow_screen(browser, server):
    v = Visit(browser, server.base, 400)
    page = v.open("book/gen/exigences.html")
    cell = page.locator("table.segur-dt tbody td.segur-col-enonce").first
    assert cell.get_attribute("data-label") == "Énoncé"
    assert page.evaluate("getComputedStyle(document.querySelector('table.segur-dt tbody tr')).display") == "block"
    v.page.close()
    v = Visit(browser, server.base, 1400)
    page = v.open("book/gen/exigences.html")
    widths = page.evaluate("""[...document.querySelector('table.segur-dt tbody tr').children]
                              .map(td => [td.className, td.getBoundingClientRect().width])""")
    enonce = max(w for c, w in widths if "segur-col-enonce" in c)
    assert enonce >= 0.4 * sum(w for _, w in widths), widths               # the énoncé gets the width
    v.page.close()


def test_matrix_keeps_header_row_and_first_column_and_every_group(browser, server, site):
    from build_tools.engine import load_and_check
    groups = load_and_check(REPO).corpus.habilitation.columns
    v = Visit(browser, server.base, 400)
    page = v.open("book/gen/habilitation.html")
    frame = page.locator(".segur-matrix-frame").first
    heads = frame.locator("thead th.segur-vert")
    assert heads.count() == len(groups) == 19
    frame.evaluate("f => { f.scrollTop = 600; f.scrollLeft = f.scrollWidth; }")
    last = heads.nth(len(groups) - 1)
    fbox, lbox = frame.bounding_box(), last.bounding_box()
    assert fbox["x"] <= lbox["x"] and lbox["x"] + lbox["width"] <= fbox["x"] + fbox["width"] + 1   # last group reachable
    assert abs(lbox["y"] - fbox["y"]) < 2                                  # header row still on top
    first = frame.locator("tbody th[scope=row]").nth(20).bounding_box()
    assert abs(first["x"] - fbox["x"]) < 2                                 # first column still on the left
    v.page.close()


def test_home_page_links_dates_and_title(browser, server):
    v = Visit(browser, server.base, 1400)
    page = v.open("book/index.html")
    article = page.locator("article").inner_text()
    assert not re.search(r"\b\d{4}-\d{2}-\d{2}\b", article)                # dd/mm/yyyy only
    assert re.search(r"\b\d{2}/\d{2}/\d{4}\b", article)
    assert page.locator("article table a[href*='gen/dispositifs/Va2/MDV-LGC-Va2.html']").count() >= 1
    headers = page.locator("article table thead th").all_inner_texts()
    assert "couloir" not in headers and "dispositif" not in headers and all(h.strip() for h in headers)
    assert page.title().count("Ségur du numérique en santé") == 1
    v.page.close()


def test_accent_free_search_finds_the_accented_word(browser, server):
    v = Visit(browser, server.base, 1400)
    page = v.open("search.html?q=teleservice")
    page.wait_for_selector("#search-results ul.search li", timeout=30000)
    results = page.locator("#search-results ul.search li")
    assert results.count() >= 1
    text = results.all_inner_texts()
    assert any("téléservice" in t.lower() for t in text), text
    assert not any("IdSectionNature" in t or "IdDispositif" in t for t in text)   # readable snippets
    v.page.close()


def test_site_without_the_brand(browser, tmp_path):
    """`segur book --sans-marque` (here the builder's `brand=False`): service name only,
    no République française block, no Marianne font copied or requested."""
    root = tmp_path / "corpus"
    shutil.copytree(MINIMAL, root)
    out, _ = _build(root, tmp_path, {"rem-tables"}, brand=False)
    assert not (out / "_static/vendor/dsfr/fonts").exists()
    s = Server(out)
    try:
        v = Visit(browser, s.base, 1400)
        fonts = []
        v.page.on("request", lambda r: fonts.append(r.url) if "/dsfr/fonts/" in r.url else None)
        page = v.open("book/gen/exigences.html")
        assert page.locator(".fr-header__service-title").count() == 1
        assert page.locator(".fr-logo").count() == 0
        assert "Marianne" not in page.evaluate("getComputedStyle(document.body).fontFamily")
        assert fonts == []
        v.page.close()
    finally:
        s.stop()
