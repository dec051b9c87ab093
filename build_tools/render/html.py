"""Escaping and link helpers shared by the page generators (book and concertation).

Every value coming from the corpus goes through `h()` before it reaches HTML, and
through `md()` before it reaches MyST text (headings, titles): the data never carries
markup into the site, so a `<script>` in a requirement shows as text.
"""
from __future__ import annotations

import html
import posixpath
import re
from functools import lru_cache

_MD_PUNCT = re.compile(r"([!-/:-@\[-`{-~])")


_H_MEMO: dict[str, str] = {}
_H_MEMO_MAX_LEN = 120          # ids, statuses, blocs, labels: they repeat; long texts do not
_H_MEMO_MAX_SIZE = 1 << 18


def h(text) -> str:
    """HTML-escape (quotes too) and neutralise backticks, which could close a MyST fence.

    Short values (ids, statuses, blocs) repeat thousands of times in a large site and are
    memoised in a plain dict; long texts (énoncés) are unique and escaped directly, so they
    never evict the short ones."""
    if text is None:
        return ""
    if text.__class__ is not str:
        text = str(text)
    out = _H_MEMO.get(text)
    if out is None:
        out = html.escape(text, quote=True).replace("`", "&#96;")
        if len(text) <= _H_MEMO_MAX_LEN and len(_H_MEMO) < _H_MEMO_MAX_SIZE:
            _H_MEMO[text] = out
    return out


def md(text) -> str:
    """Escape text for MyST inline content: every ASCII punctuation backslash-escaped
    (CommonMark allows it), after HTML escaping so raw HTML cannot appear."""
    text = " ".join(str(text).split())
    return _MD_PUNCT.sub(r"\\\1", text)


# characters with a meaning in MyST inline text (HTML, roles, links, emphasis, fields,
# math, comments, fences…); `-`, `.`, `,`, `/` stay readable and are escaped only where
# they could start a block (list item, heading underline)
_MYST_SPECIAL = re.compile(r"([\\`*_\[\]<>{}()!#|~$&:=+\"'@^%])")
_MYST_BLOCK_START = re.compile(r"^(\d+)([.)])|^([-])")


def myst_field(value, *, in_code: bool = False) -> str:
    """A data value for MyST text (prose fields ``{{ dispositif.titre }}``): inert.

    One line (whitespace collapsed: no blank line can end the paragraph); every character
    MyST could read as markup is backslash-escaped, so `<script>`, `{raw}`, links or
    ``**`` show as typed. Inside an inline code span escapes are not read: there only the
    backtick, which would close the span, is replaced."""
    text = " ".join(str(value).split())
    if in_code:
        return text.replace("`", "'")
    text = _MYST_SPECIAL.sub(r"\\\1", text)
    return _MYST_BLOCK_START.sub(lambda m: f"{m.group(1)}\\{m.group(2)}" if m.group(1) else "\\-", text)


@lru_cache(maxsize=1 << 14)
def _rel(from_dir: str, to_doc: str) -> str:
    return posixpath.relpath(to_doc + ".html", from_dir or ".")


def href(from_doc: str, to_doc: str, anchor: str | None = None) -> str:
    """Relative URL from one docname to another (html builder: docname + '.html')."""
    rel = _rel(posixpath.dirname(from_doc), to_doc)
    if from_doc == to_doc:
        rel = posixpath.basename(to_doc) + ".html"
    return rel + ("#" + anchor if anchor else "")


def link(from_doc: str, to_doc: str, label, anchor: str | None = None, cls: str = "") -> str:
    c = f' class="{h(cls)}"' if cls else ""
    return f'<a{c} href="{h(href(from_doc, to_doc, anchor))}">{h(label)}</a>'


def raw(fragment: str) -> str:
    """Wrap an HTML fragment (already escaped) in a MyST raw block.

    `h()` turns every backtick into an entity, so a four-backtick fence cannot be
    closed by data."""
    return "\n````{raw} html\n" + fragment.strip("\n") + "\n````\n\n"


def table(headers: list[str], rows: list[list[str]], *, cls: str = "segur-table", attrs: str = "",
          th_attrs: list[str] | None = None, cards: bool = True) -> str:
    """An HTML table; `headers` are plain text, `rows` cells are HTML fragments (escaped).
    With `cards` (default) each cell carries its column header (`data-label`) and the
    table shows as one card per row on narrow screens (CSS `table.segur-cards`)."""
    th_attrs = th_attrs or [""] * len(headers)
    head = "".join(f'<th scope="col"{a}>{h(x)}</th>' for x, a in zip(headers, th_attrs))
    if cards:
        cls = f"{cls} segur-cards"
        labels = [f' data-label="{h(x)}"' for x in headers] + [""] * max(0, max(map(len, rows), default=0) - len(headers))
        body = "\n".join("<tr>" + "".join(f"<td{labels[i]}>{c}</td>" for i, c in enumerate(r)) + "</tr>" for r in rows)
    else:
        body = "\n".join("<tr>" + "".join(f"<td>{c}</td>" for c in r) + "</tr>" for r in rows)
    return f'<table class="{h(cls)}"{attrs}>\n<thead><tr>{head}</tr></thead>\n<tbody>\n{body}\n</tbody>\n</table>'


# DSFR badge variant of each (kind, value slug); unknown values get the neutral badge.
BADGE_VARIANTS = {
    ("pub", "publiee"): "success", ("pub", "prepublication"): "info", ("pub", "concertation"): "warning",
    ("pub", "brouillon"): "new",
    ("nature", "exigence"): "blue-ecume", ("nature", "preconisation"): "beige-gris-galet",
    ("crit", "majeure"): "orange-terre-battue", ("crit", "mineure"): "yellow-tournesol",
    ("statut", "nouvelle"): "green-menthe", ("statut", "modifiee"): "purple-glycine",
    ("statut", "obsolete"): "brown-caramel", ("cond", "conditionnelle"): "blue-cumulus",
}


@lru_cache(maxsize=4096)
def badge(kind: str, value) -> str:
    """A DSFR badge (small, no icon) keeping the `segur-<kind>-<slug>` class for styling and tests."""
    slug = re.sub(r"[^a-z0-9]+", "-", str(value).lower()
                  .translate(str.maketrans("éèêàâîôûùç", "eeeaaiouuc"))).strip("-")
    variant = BADGE_VARIANTS.get((kind, slug))
    dsfr = "fr-badge fr-badge--sm fr-badge--no-icon" + (f" fr-badge--{variant}" if variant else "")
    return f'<span class="{dsfr} segur-badge segur-{h(kind)}-{h(slug)}">{h(value)}</span>'


def fr_date(iso) -> str:
    """'2025-05-20' -> '20/05/2025' (the site's one date format); other text unchanged."""
    parts = str(iso).split("-")
    if len(parts) == 3 and all(p.isdigit() for p in parts) and len(parts[0]) == 4:
        return f"{parts[2]}/{parts[1]}/{parts[0]}"
    return str(iso)


def size(n: int) -> str:
    if n < 1024:
        return f"{n} o"
    if n < 1024 * 1024:
        return f"{n / 1024:.1f} Ko".replace(".", ",")
    return f"{n / 1024 / 1024:.1f} Mo".replace(".", ",")
