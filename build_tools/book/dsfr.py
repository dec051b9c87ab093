"""The State's design system (DSFR) on the site: vendored styles, header and footer.

The DSFR files are vendored under book/_static/vendor/dsfr (npm `@gouvfr/dsfr`, version
and file list in book/_static/vendor/README.md); nothing is loaded from a CDN. The frame
(skip links, header, footer) is `book/_templates/layout.html`, an extension of the book
theme's layout: the sidebar navigation, the search and the notebooks are the theme's.

The State's brand — the *République française* block and the Marianne font — is reserved
to State services by the DSFR's terms of use: `segur_brand` (a Sphinx config value set in
`_config.yml`, overridden by `segur book --sans-marque`) turns it on or off. Off, the
header keeps the service name, the text is set in the system sans-serif and the font
files are not copied into the site.
"""
from __future__ import annotations

import html

VENDOR = "vendor/dsfr"
# DSFR order: core first, then the components the site uses.
COMPONENTS = ("link", "skiplink", "logo", "header", "footer", "badge", "tag", "notice", "table")
CSS = (f"{VENDOR}/core/core.min.css",) + tuple(f"{VENDOR}/component/{c}/{c}.min.css" for c in COMPONENTS)
FONTS = (f"{VENDOR}/fonts", f"{VENDOR}/fonts/**")
NO_BRAND_CSS = "segur-sans-marque.css"

FOOTER_LINKS = (("info.gouv.fr", "https://www.info.gouv.fr"),
                ("service-public.gouv.fr", "https://www.service-public.gouv.fr"),
                ("legifrance.gouv.fr", "https://www.legifrance.gouv.fr"),
                ("data.gouv.fr", "https://www.data.gouv.fr"))

CONFIG = {  # name: (default, rebuild)
    "segur_brand": (False, "html"),
    "segur_brand_entity": (["République", "française"], "html"),
    "segur_service_title": ("Ségur du numérique en santé", "html"),
    "segur_service_tagline": ("Spécifications du programme", "html"),
    "segur_footer_text": ("Les spécifications du programme Ségur du numérique en santé, "
                          "publiées à partir de leurs données versionnées.", "html"),
    "segur_licence_text": ("Sauf mention contraire, les contenus de ce site sont publiés sous "
                           "licence ouverte Etalab 2.0.", "html"),
}


def _config_inited(app, config) -> None:
    if not config.segur_brand:
        # the static folder is copied through exclude_patterns (relative to it)
        config.exclude_patterns = [*config.exclude_patterns, *FONTS]


def _builder_inited(app) -> None:
    for i, css in enumerate(CSS):
        app.add_css_file(css, priority=300 + i)
    if not app.config.segur_brand:
        app.add_css_file(NO_BRAND_CSS, priority=600)


def page_context(app, context: dict) -> None:
    """Values the layout template reads (escaped here or in the template)."""
    c = app.config
    context["segur_brand"] = bool(c.segur_brand)
    context["segur_brand_logo"] = "<br>".join(html.escape(x) for x in c.segur_brand_entity)
    for name in ("segur_service_title", "segur_service_tagline", "segur_footer_text", "segur_licence_text"):
        context[name] = getattr(c, name)
    context["segur_footer_links"] = FOOTER_LINKS


def setup(app) -> None:
    for name, (default, rebuild) in CONFIG.items():
        app.add_config_value(name, default, rebuild)
    app.connect("config-inited", _config_inited)
    app.connect("builder-inited", _builder_inited)
