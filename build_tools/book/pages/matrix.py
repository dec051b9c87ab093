"""The DMP habilitation matrix page: full matrix, heat map, who reads what."""
from __future__ import annotations

from ...model import Corpus
from ...render.html import h, raw
from .common import Context, _page, scroll_region
from .docnames import MATRIX


def _luminance(rgb: tuple[float, float, float]) -> float:
    def lin(c: float) -> float:
        c /= 255
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4
    r, g, b = (lin(c) for c in rgb)
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def heat_colours(frac: float) -> tuple[str, str]:
    """Background (DSFR blue #000091 at `frac` over white) and the text colour, black or
    white, whichever contrasts more with it (at least 4.58:1, above WCAG AA's 4.5:1)."""
    rgb = tuple(round(255 + (c - 255) * frac) for c in (0, 0, 145))
    lum = _luminance(rgb)
    fg = "#000000" if (lum + 0.05) / 0.05 >= 1.05 / (lum + 0.05) else "#ffffff"
    return "#{:02x}{:02x}{:02x}".format(*rgb), fg


def matrix_page(corpus: Corpus) -> str:
    hab = corpus.habilitation
    if hab is None:
        return _page("Matrice d’habilitation", ["La matrice n’est pas chargée.\n"])
    groups = [corpus.groups[g] for g in hab.columns if g in corpus.groups]
    body = ["Quels groupes de professions peuvent consulter chaque type de document du DMP (X), d’après "
            "l’annexe de l’arrêté du 26 octobre 2023 là où ses publications le disent (colonne *Source* : "
            "« arrêté »), sinon selon un choix du projet (« projet »). Les lignes sont groupées par classCode.\n\n"]
    legend = "".join(f"<li><code>{h(g.groupe)}</code> {h(g.libelle)}</li>" for g in groups)
    body.append(raw(f'<details><summary>Groupes de professions ({len(groups)})</summary><ul>{legend}</ul></details>'))
    by_class: dict[str, list] = {}
    for dt in corpus.document_types.values():
        by_class.setdefault(dt.class_code, []).append(dt)
    body += _full_matrix(hab, groups, by_class)
    body += _heat_map(hab, groups, by_class)
    body += _who_reads(corpus, hab, groups)
    return _page("Matrice d’habilitation", body)


def _full_matrix(hab, groups: list, by_class: dict[str, list]) -> list[str]:
    """The whole matrix (rows grouped by classCode) and the cells settled by a source of their own."""
    body = ["## Matrice complète\n\n"]
    head = '<tr><th scope="col">Type de document (typeCode)</th><th scope="col">Source</th>' + "".join(
        f'<th scope="col" class="segur-vert" title="{h(g.libelle)}"><span>{h(g.groupe)}</span></th>'
        for g in groups) + "</tr>"
    rows = []
    for cc, dts in by_class.items():
        rows.append(f'<tr class="segur-class"><th scope="rowgroup">{h(cc)} — {h(dts[0].class_libelle)}</th>'
                    f'<td colspan="{1 + len(groups)}"></td></tr>')
        for dt in dts:
            allowed = hab.rows.get(dt.type_code, frozenset())
            cells = "".join(_cell(hab, dt.type_code, g.groupe, g.groupe in allowed) for g in groups)
            rows.append(f'<tr id="doc-{h(dt.type_code)}"><th scope="row"><code>{h(dt.type_code)}</code> '
                        f'<span class="segur-doc-label">{h(dt.type_libelle)}</span></th>'
                        f"{_source(hab.sources.get((dt.type_code, '*')))}{cells}</tr>")
    # the frame scrolls both ways; the header row and the first column stay visible (CSS sticky)
    body.append(raw(scroll_region(f'<table class="segur-table segur-matrix"><thead>{head}</thead>'
                                  f'<tbody>{"".join(rows)}</tbody></table>', "Matrice d’habilitation complète",
                                  cls="segur-scroll segur-matrix-frame")))
    settled = sorted((k, cs) for k, cs in hab.sources.items() if k[1] != "*")
    if settled:
        body.append("## Cellules tranchées par une source propre\n\n")
        body.append(raw("<ul>" + "".join(f"<li><code>{h(code)}</code> × <code>{h(g)}</code> : "
                                         f"{'X' if hab.allows(code, g) else 'pas d’accès'} — {h(cs.reference)}</li>"
                                         for (code, g), cs in settled) + "</ul>"))
    return body


def _heat_map(hab, groups: list, by_class: dict[str, list]) -> list[str]:
    body = ["## Carte de chaleur par classCode\n\n",
            "Part des types de documents de chaque classCode que le groupe peut consulter.\n\n"]
    hrows = []
    for cc, dts in by_class.items():
        cells = []
        for g in groups:
            n = sum(1 for dt in dts if hab.allows(dt.type_code, g.groupe))
            frac = n / len(dts) if dts else 0
            bg, fg = heat_colours(frac)
            cells.append(f'<td class="segur-heat" style="background: {bg}; color: {fg}" '
                         f'title="{n}/{len(dts)}">{round(frac * 100)}</td>')
        hrows.append(f'<tr><th scope="row">{h(cc)} {h(dts[0].class_libelle)}</th>{"".join(cells)}</tr>')
    hhead = '<tr><th scope="col">classCode</th>' + "".join(
        f'<th scope="col" class="segur-vert" title="{h(g.libelle)}"><span>{h(g.groupe)}</span></th>'
        for g in groups) + "</tr>"
    body.append(raw(scroll_region(f'<table class="segur-table segur-heatmap"><thead>{hhead}</thead>'
                                  f'<tbody>{"".join(hrows)}</tbody></table>', "Carte de chaleur par classCode",
                                  cls="segur-scroll segur-matrix-frame")))
    return body


def _who_reads(corpus: Corpus, hab, groups: list) -> list[str]:
    """Who may read document type X, what may profession group Y read."""
    body = ["## Qui peut lire le document X ?\n\n"]
    items = []
    for dt in corpus.document_types.values():
        allowed = [g for g in groups if hab.allows(dt.type_code, g.groupe)]
        items.append(f'<details class="segur-who" id="qui-{h(dt.type_code)}"><summary><code>{h(dt.type_code)}</code> '
                     f'{h(dt.type_libelle)} — {len(allowed)} groupe(s)</summary><ul>'
                     + "".join(f"<li><code>{h(g.groupe)}</code> {h(g.libelle)}</li>" for g in allowed)
                     + "</ul></details>")
    body.append(raw("\n".join(items)))
    body.append("## Que peut lire la profession Y ?\n\n")
    items = []
    for g in groups:
        allowed = [dt for dt in corpus.document_types.values() if hab.allows(dt.type_code, g.groupe)]
        codes = " ".join(g.professions) + (" " + " ".join(g.genres) if g.genres else "")
        items.append(f'<details class="segur-who" id="groupe-{h(g.groupe)}"><summary><code>{h(g.groupe)}</code> '
                     f'{h(g.libelle)} (codes {h(codes)}) — {len(allowed)} type(s)</summary><ul>'
                     + "".join(f'<li><a href="#doc-{h(dt.type_code)}"><code>{h(dt.type_code)}</code></a> '
                               f"{h(dt.type_libelle)} ({h(dt.class_code)})</li>" for dt in allowed)
                     + "</ul></details>")
    body.append(raw("\n".join(items)))
    return body


def _source(cs) -> str:
    if cs is None:
        return "<td>–</td>"
    label = "arrêté" if cs.source == "arrete" else "projet"
    return f'<td class="segur-src segur-src-{h(cs.source)}" title="{h(cs.reference)}">{label}</td>'


def _cell(hab, code: str, groupe: str, allowed: bool) -> str:
    """An X (or an empty cell); a cell with a source of its own says it in its title and a star."""
    own = hab.sources.get((code, groupe))
    if own is None:
        return '<td class="segur-x">X</td>' if allowed else "<td></td>"
    return (f'<td class="{"segur-x " if allowed else ""}segur-src-cell" title="{h(own.reference)}">'
            f'{"X" if allowed else ""}*</td>')


def pages(ctx: Context) -> dict[str, str]:
    return {MATRIX + ".md": matrix_page(ctx.corpus)}
