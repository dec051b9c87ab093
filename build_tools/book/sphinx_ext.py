"""Tiny Sphinx extension of the site: status banner on every page, local assets, the
DSFR frame (`dsfr.py`).

- `segur_banners` ({docname: html, '*': default}) is an 'html' config value: when a
  banner changes, Sphinx's build-info hash changes and every page is rewritten.
- `segur_page_marks` (texts, e.g. « Données d'exemple — document non officiel ») are shown
  by the layout template under the header of every page (search and index pages too).
- The DataTables assets (vendored under book/_static/vendor, no CDN) are added only to
  pages holding a `segur-dt` table.
"""
from __future__ import annotations

import html
import re
import unicodedata
from pathlib import Path

from docutils import nodes
from sphinx.util.docutils import SphinxDirective

from . import dsfr
from .fastpath import FEATURES       # HTML that needs assets of its own

SITEMAP = "<!-- segur:plan-du-site -->"

DOC_LINK_RE = re.compile(r"@@segur-doc:([A-Za-z0-9/_.-]+)@@")
FRAG_NUMBER = re.compile(r"\.(\d{3})\.html$")    # fragment files are <page>.<NNN>.html
DT_CSS = "vendor/datatables/dataTables.dataTables.min.css"
DT_JS = ("vendor/jquery/jquery.min.js", "vendor/datatables/dataTables.min.js")


def _page_context(app, pagename, templatename, context, doctree):
    dsfr.page_context(app, context)
    context["segur_page_marks"] = list(app.config.segur_page_marks or [])   # layout.html, under the header
    banners = app.config.segur_banners or {}
    banner = banners.get(pagename, banners.get("*", ""))
    body = context.get("body")
    if body is None:
        return
    if banner:
        if "@@segur-doc:" in banner:   # a link to another page, relative to this one
            banner = DOC_LINK_RE.sub(lambda m: context["pathto"](m.group(1)), banner)
        context["body"] = banner + body
    if SITEMAP in body and "toctree" in context:   # book/plan-du-site.md: the whole toctree
        tree = context["toctree"](collapse=False, maxdepth=2, titles_only=True, includehidden=True)
        context["body"] = context["body"].replace(SITEMAP, tree)
    features = {f for n in (doctree.findall(segur_fragment) if doctree is not None else ()) for f in n["features"]}
    features.update(f for f in FEATURES if f in body)
    if FEATURES[0] in features:
        app.add_css_file(DT_CSS, priority=400)
        for i, js in enumerate(DT_JS):
            app.add_js_file(js, priority=400 + i)
        app.add_js_file("segur-tables.js", priority=410)
    if FEATURES[1] in features:
        app.add_js_file("segur-concertation.js", priority=420)


# Context values the themes fill with plain text (a title's `astext()`, a description cut
# from the sections) and print with `{{ … }}` in templates that do not escape: a page
# title taken from the data would reach the HTML raw (sphinx-book-theme's print header
# `<h1>{{ pagetitle }}</h1>`). They are escaped here, after the themes set them.
PLAIN_TEXT_CONTEXT = ("pagetitle", "root_title", "page_description")


def _escape_plain_context(app, pagename, templatename, context, doctree):
    for key in PLAIN_TEXT_CONTEXT:
        value = context.get(key)
        if isinstance(value, str) and not hasattr(value, "__html__"):
            context[key] = html.escape(value, quote=True)


def _escape_search_titles() -> None:
    """Sphinx's search page shows the titles of its index with `innerHTML`; page titles are
    stored as HTML, but section titles (`alltitles`) as plain text: a section title from the
    data would run as HTML in the results. They are escaped as they are fed (an index
    loaded from a previous build already holds escaped ones)."""
    try:
        from sphinx.search import IndexBuilder
    except ImportError:  # pragma: no cover
        return
    original = IndexBuilder.feed
    if getattr(original, "_segur", False):
        return

    def feed(self, docname, filename, title, doctree):
        original(self, docname, filename, title, doctree)
        all_titles = getattr(self, "_all_titles", {})
        if docname in all_titles:
            all_titles[docname] = [(html.escape(t, quote=False), i) for t, i in all_titles[docname]]

    feed._segur = True
    IndexBuilder.feed = feed


class segur_fragment(nodes.General, nodes.Element):
    """HTML written as is by the html builder. Not a `nodes.raw`: Sphinx's search indexer
    reads raw HTML text, and the requirement blocks and tables (searched and filtered in
    the DataTables tables) were a quarter of the write phase at 3,000 requirements."""


def _visit_fragment(self, node):
    # The page gets a placeholder, replaced by the fragment file when the page is written
    # (`_splice_fragments`): docutils copies a page's body into five parts and the theme
    # copies it again, which for the 18 MB search table of a 20,000-requirement site was
    # 350 MB of memory; the doctree itself holds only the file's path.
    # Inert markers around it: `segur serve` and `segur book` swap an edited fragment into
    # the written page without Sphinx (build_tools.book.fastpath, also used by the preview)
    mark = node.get("mark", "")
    slot = f"{SLOT_OPEN}{node['src']}{SLOT_CLOSE}"
    self.body.append(f"<!--segur-frag:{mark}-->" + slot + f"<!--/segur-frag:{mark}-->" if mark else slot)
    raise nodes.SkipNode


SLOT_OPEN, SLOT_CLOSE = "<!--segur-include:", ":segur-include-->"


def _splice_fragments(app) -> None:
    """Replace each fragment placeholder of a rendered page by the fragment file."""
    if app.builder is None or app.builder.format != "html" or not hasattr(app.builder, "templates"):
        return
    templates = app.builder.templates
    render = templates.render
    if getattr(render, "_segur", False):
        return
    srcdir = Path(app.srcdir)

    def splice(template, context):
        out = render(template, context)
        if SLOT_OPEN not in out:
            return out
        parts, pos = [], 0
        while (a := out.find(SLOT_OPEN, pos)) >= 0:
            b = out.find(SLOT_CLOSE, a)
            parts += [out[pos:a], (srcdir / out[a + len(SLOT_OPEN):b]).read_text("utf-8")]
            pos = b + len(SLOT_CLOSE)
        parts.append(out[pos:])
        return "".join(parts)
    splice._segur = True
    templates.render = splice


def _skip(self, node):
    raise nodes.SkipNode


class SegurHtml(SphinxDirective):
    """```{segur-html} path``` — an HTML fragment file (escaped by the generator); the
    file is a dependency of the page, so editing it re-reads the page."""

    required_arguments = 1
    has_content = False

    def run(self):
        rel, path = self.env.relfn2path(self.arguments[0], self.env.docname)
        self.env.note_dependency(rel)
        if not Path(path).is_file():
            return [self.state.document.reporter.error(f"segur-html: {rel} introuvable", line=self.lineno)]
        node = segur_fragment()
        node["src"] = rel          # relative to the source folder; read when the page is written
        text = Path(path).read_text("utf-8")
        node["features"] = [f for f in FEATURES if f in text]   # the page's assets (_page_context)
        m = FRAG_NUMBER.search(self.arguments[0])
        node["mark"] = m.group(1) if m else ""
        return [node]


def _fold(word: str) -> str:
    """Strip accents (é -> e): the search index and the query (segur-search.js) are
    stemmed from the folded word, so a search without accents finds accented words."""
    return "".join(c for c in unicodedata.normalize("NFD", word) if not unicodedata.combining(c))


def _cache_stemmer() -> None:
    """Fold accents before the French snowball stemmer of the search index (see `_fold`),
    and memoise it: the same few thousand words are stemmed again and again (≈ 0.3 ms
    each), which was the largest single cost of the write phase."""
    import sphinx.search.fr as fr
    orig = fr.SearchFrench.stem
    if getattr(orig, "_segur_cached", False):
        return
    cache: dict[str, str] = {}

    def stem(self, word: str) -> str:
        out = cache.get(word)
        if out is None:
            out = cache[word] = orig(self, _fold(word))
        return out
    stem._segur_cached = True
    fr.SearchFrench.stem = stem


# Templates the theme renders once per page only to learn whether they are empty, then
# again for real. The book theme's navigation sidebar renders the whole toctree (≈ 150
# entries here): rendering it twice per page was the largest part of writing a page.
NEVER_EMPTY = ("sbt-sidebar-nav.html", "navbar-logo.html", "search-button-field.html")


def _skip_empty_checks() -> None:
    try:
        from pydata_sphinx_theme import utils
    except ImportError:  # pragma: no cover - another theme
        return
    original = utils._update_and_remove_templates
    if getattr(original, "_segur", False):
        return

    def update(app, context, templates, section, templates_skip_empty_check=None):
        skip = list(templates_skip_empty_check or []) + list(NEVER_EMPTY)
        return original(app=app, context=context, templates=templates, section=section,
                        templates_skip_empty_check=skip)

    update._segur = True
    utils._update_and_remove_templates = update


def _mystnb_css_first(app) -> None:
    """myst-nb copies its stylesheet into `_static` only when the build finishes, and Sphinx
    stamps a stylesheet link with the file's checksum (`?v=…`) only when the file is there:
    pages written by a clean build linked it bare, pages rewritten later with `?v=`, so
    the same data gave other bytes depending on the build's history. Copied first here,
    every page links it the same way."""
    if app.builder is None or app.builder.format != "html" or "myst_nb" not in app.extensions:
        return
    from myst_nb.sphinx_ext import add_global_html_resources
    Path(app.builder.outdir, "_static").mkdir(parents=True, exist_ok=True)
    add_global_html_resources(app, None)


def setup(app):
    _cache_stemmer()
    _skip_empty_checks()
    _escape_search_titles()
    app.add_node(segur_fragment, html=(_visit_fragment, None), text=(_skip, None), latex=(_skip, None),
                 man=(_skip, None), texinfo=(_skip, None))
    app.add_directive("segur-html", SegurHtml)
    app.add_config_value("segur_banners", {}, "html", types=[dict])
    app.add_config_value("segur_page_marks", [], "html", types=[list])
    dsfr.setup(app)
    # version of the search-index word folding (_fold): a new value re-reads every page, so
    # an existing build's index is rebuilt with the folded stems
    app.add_config_value("segur_search_folding", 1, "env")
    app.add_css_file("segur.css")
    app.add_css_file("segur-dsfr.css", priority=510)
    app.add_js_file("segur-anchors.js", priority=420)
    app.add_js_file("segur-search.js", priority=430, loading_method="defer")  # after language_data.js
    app.connect("builder-inited", _mystnb_css_first)
    app.connect("builder-inited", _splice_fragments)
    app.connect("html-page-context", _page_context)
    app.connect("html-page-context", _escape_plain_context, priority=900)   # after the themes' handlers
    return {"version": "1", "parallel_read_safe": True, "parallel_write_safe": True}
