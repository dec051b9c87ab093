"""Helpers shared by the page kinds: page frame, DataTables, requirement table, grouping."""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cached_property
import hashlib
import json
import posixpath
import re

from ...model import Corpus, Dispositif, RemRequirement
from ...render.html import badge, h, link, md
from .docnames import DOWNLOAD_DIR, dispositif_doc
from .units import Deps, Memo


def _slug(s: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", s.lower().translate(str.maketrans("éèêàâîôûùç", "eeeaaiouuc"))).strip("-")


def _page(title: str, body: list[str], *, orphan: bool = False) -> str:
    head = "---\norphan: true\n---\n\n" if orphan else ""
    return head + f"# {md(title)}\n\n" + "".join(body)


def _script_safe(text: str) -> str:
    return (text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
            .replace("`", "\\u0060"))


def json_items(values: list) -> str:
    """The items of a JSON array, without its brackets, safe inside a script element
    (`_script_safe`: character by character, so chunks can be joined): arrays are joined
    from such chunks (one per group of rows, cached between builds: `requirements.py`)."""
    return _script_safe(json.dumps(values, ensure_ascii=False, separators=(",", ":"))[1:-1])


def _dt(headers: list[str], rows: list[list[str]], filters: dict[int, tuple[str, list]] | None = None,
        *, page_length: int = 25, classes: list[str] | None = None) -> str:
    """A DataTables table fed from JSON (fast for thousands of rows, `deferRender`).

    `rows` cells are escaped HTML fragments; `filters` = {column: (label, [value or
    [values] per row])} gives a select filter on plain-text values, compared in JS and
    only ever written to the page with textContent; its URL parameter is the label's
    slug (`?criticite=Majeure`). `classes` names a CSS class per column (`segur-col-enonce`
    takes the width)."""
    specs = [(c, lab, [json_items(vals)]) for c, (lab, vals) in sorted((filters or {}).items())]
    return dt_from_chunks(headers, [json_items(rows)], specs, page_length=page_length, classes=classes)


def dt_from_chunks(headers: list[str], row_chunks: list[str], filters: list[tuple[int, str, list[str]]],
                   *, page_length: int = 25, classes: list[str] | None = None) -> str:
    """`_dt` from JSON chunks (`json_items`) of its rows and of each filter's values,
    filters sorted by column: the bytes of json.dumps of the whole payload."""
    def array(chunks):
        return "[" + ",".join(c for c in chunks if c) + "]"
    def dumps(value):
        return _script_safe(json.dumps(value, ensure_ascii=False, separators=(",", ":")))
    specs = ",".join(f'{{"col":{c},"label":{dumps(lab)},"key":{dumps(_slug(lab))},"values":{array(chunks)}}}'
                     for c, lab, chunks in filters)
    data = f'{{"rows":{array(row_chunks)},"classes":{dumps(classes or [])},"filters":[{specs}]}}'
    tid = "segur-data-" + hashlib.sha1(data.encode()).hexdigest()[:12]
    head = "".join(f'<th scope="col">{h(x)}</th>' for x in headers)
    return (f'<script type="application/json" id="{tid}">{data}</script>\n'
            f'<table class="segur-dt display compact" data-source="{tid}" data-page-length="{page_length}">'
            f"<thead><tr>{head}</tr></thead></table>")


def _req_row(doc: str, d: Dispositif, r: RemRequirement, with_disp: bool) -> list[str]:
    row = [link(doc, dispositif_doc(d), r.id, r.id)]
    if with_disp:
        row.append(h(d.id))
    row += [f'<strong>{h(r.section.code)}</strong> <span class="segur-where">{h(r.bloc)} › {h(r.fonction)}</span>',
            f'{badge("nature", r.nature)} {badge("crit", r.criticite)} {badge("statut", r.statut)}',
            h(", ".join(r.profils)), h(r.enonce)]
    return row


def _req_table(doc: str, items: list[tuple[Dispositif, RemRequirement]], with_disp: bool) -> str:
    """Id, (dispositif), classement (section, bloc › fonction), qualification (badges),
    profils, énoncé: the énoncé column gets the width; one filter per attribute."""
    rows, filters = req_rows(doc, items, with_disp)
    return _dt(req_headers(with_disp), rows, filters, classes=req_classes(with_disp))


def req_headers(with_disp: bool) -> list[str]:
    return ["Id"] + (["Dispositif"] if with_disp else []) + ["Classement", "Qualification", "Profils", "Énoncé"]


def req_classes(with_disp: bool) -> list[str]:
    return ["segur-col-id"] + (["segur-col-disp"] if with_disp else []) + [
        "segur-col-class", "segur-col-qual", "segur-col-profils", "segur-col-enonce"]


def req_rows(doc: str, items: list[tuple[Dispositif, RemRequirement]], with_disp: bool):
    """The rows of `_req_table` and its filters {column: (label, value per row)}."""
    filters = {10: ("Section", [r.section.code for _, r in items]),      # keys: order of the selects
               11: ("Nature", [r.nature for _, r in items]),
               12: ("Criticité", [r.criticite for _, r in items]),
               13: ("Statut", [r.statut for _, r in items]),
               14: ("Profil", [list(r.profils) for _, r in items])}
    if with_disp:
        filters[1] = ("Dispositif", [d.id for d, _ in items])
        filters[-1] = ("Vague", [d.vague for d, _ in items])
    return [_req_row(doc, d, r, with_disp) for d, r in items], filters


def _scenarios(scenarios) -> str:
    """Scenarios and their proofs, each with an anchor equal to its id (`#LGC.VSM.01.01`,
    `#LGC.VSM.01.01.01`); segur-anchors.js opens the list when the URL names one."""
    if not scenarios:
        return ""
    n_proofs = sum(len(s.preuves) for s in scenarios)
    items = []
    for s in scenarios:
        proofs = "".join(f'<li class="segur-anchor" id="{h(p.id)}"><a class="segur-anchor-id" href="#{h(p.id)}">'
                         f'<code>{h(p.id)}</code></a> {h(p.texte)}</li>' for p in s.preuves)
        items.append(f'<li class="segur-anchor" id="{h(s.id)}"><a class="segur-anchor-id" href="#{h(s.id)}">'
                     f'<code>{h(s.id)}</code></a> {h(s.texte)}<ul class="segur-proofs">{proofs}</ul></li>')
    return (f'<details class="segur-scen"><summary>{len(scenarios)} scénario(s), {n_proofs} preuve(s)</summary>'
            f'<ul>{"".join(items)}</ul></details>')


def scroll_region(fragment: str, label: str, cls: str = "segur-scroll") -> str:
    """A frame that scrolls on its own (wide tables): focusable and named, so keyboard
    users can scroll it too (RGAA / axe `scrollable-region-focusable`)."""
    return f'<div class="{h(cls)}" tabindex="0" role="region" aria-label="{h(label)}">{fragment}</div>'


def _alias(anchor: str) -> str:
    """A second anchor for a block (a socle requirement by its socle id and its local id)."""
    return f'<span class="segur-alias" id="{h(anchor)}"></span>'


def _grouped(reqs):
    """section -> bloc -> fonction -> [requirements], in first-seen order."""
    tree: dict = {}
    for r in reqs:
        tree.setdefault(r.section, {}).setdefault(r.bloc, {}).setdefault(r.fonction, []).append(r)
    return tree


def _blocs(blocs: dict, render) -> str:
    """Bloc and fonction titles as plain HTML headings: only sections enter Sphinx's
    toctree (the sidebar copies every page's toctree on every page: deep outlines made
    the write phase quadratic)."""
    out = []
    for bloc, fonctions in blocs.items():
        out.append(f'<h4 class="segur-bloc">{h(bloc)}</h4>')
        for fonction, reqs in fonctions.items():
            out.append(f'<h5 class="segur-fonction">{h(fonction)}</h5>')
            out.extend(render(r) for r in reqs)
    return "\n".join(out)


def _dl_link(doc: str, f: dict) -> str:
    name = f["path"].rsplit("/", 1)[-1]
    return f'<a class="segur-dl-link" href="{h(_dl_href(doc, f["path"]))}">{h(name)}</a>'


def _dl_href(doc: str, path: str) -> str:
    return posixpath.relpath(f"{DOWNLOAD_DIR}/{path}", posixpath.dirname(doc))


@dataclass(frozen=True)
class Context:
    """What every page kind receives: the corpus index, the publication manifest (or
    None) and `prose_for(dispositif) -> [(title, MyST)]`; `deps` gives page keys."""
    corpus: Corpus
    manifest: dict | None
    prose_for: Callable[[Dispositif], list[tuple[str, str]]]
    history: dict | None = None     # dispositif -> [versions.history.VersionEntry] (Versions pages)
    memo: Memo = field(default_factory=Memo)    # parts of pages kept between builds, by key

    @cached_property
    def deps(self) -> Deps:
        return Deps(self.corpus, self.manifest)
