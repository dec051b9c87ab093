"""The DMP habilitation matrix page: full matrix, heat map, who reads what."""
from __future__ import annotations

from ...model import Corpus
from ...render.html import h, raw
from .common import Context, _page
from .docnames import MATRIX


def matrix_page(corpus: Corpus) -> str:
    hab = corpus.habilitation
    if hab is None:
        return _page("Matrice d’habilitation", ["La matrice n’est pas chargée.\n"])
    groups = [corpus.groups[g] for g in hab.columns if g in corpus.groups]
    body = ["Annexe de l’arrêté du 26 octobre 2023 : quels groupes de professions peuvent consulter "
            "chaque type de document du DMP (X). Les lignes sont groupées par classCode.\n\n"]
    legend = "".join(f"<li><code>{h(g.groupe)}</code> {h(g.libelle)}</li>" for g in groups)
    body.append(raw(f'<details><summary>Groupes de professions ({len(groups)})</summary><ul>{legend}</ul></details>'))
    body.append("## Matrice complète\n\n")
    by_class: dict[str, list] = {}
    for dt in corpus.document_types.values():
        by_class.setdefault(dt.class_code, []).append(dt)
    head = "<tr><th>typeCode</th><th>Type de document</th>" + "".join(
        f'<th class="segur-vert" title="{h(g.libelle)}"><span>{h(g.groupe)}</span></th>' for g in groups) + "</tr>"
    rows = []
    for cc, dts in by_class.items():
        rows.append(f'<tr class="segur-class"><th colspan="{2 + len(groups)}">{h(cc)} — {h(dts[0].class_libelle)}</th></tr>')
        for dt in dts:
            allowed = hab.rows.get(dt.type_code, frozenset())
            cells = "".join('<td class="segur-x">X</td>' if g.groupe in allowed else "<td></td>" for g in groups)
            rows.append(f'<tr id="doc-{h(dt.type_code)}"><td><code>{h(dt.type_code)}</code></td>'
                        f"<td>{h(dt.type_libelle)}</td>{cells}</tr>")
    body.append(raw(f'<div class="segur-scroll"><table class="segur-table segur-matrix"><thead>{head}</thead>'
                    f'<tbody>{"".join(rows)}</tbody></table></div>'))

    body.append("## Carte de chaleur par classCode\n\n")
    body.append("Part des types de documents de chaque classCode que le groupe peut consulter.\n\n")
    hrows = []
    for cc, dts in by_class.items():
        cells = []
        for g in groups:
            n = sum(1 for dt in dts if hab.allows(dt.type_code, g.groupe))
            frac = n / len(dts) if dts else 0
            cells.append(f'<td class="segur-heat" style="background: rgba(31, 119, 180, {frac:.2f}); '
                         f'color: {"#fff" if frac > 0.55 else "#222"}" title="{n}/{len(dts)}">{round(frac * 100)}</td>')
        hrows.append(f"<tr><th>{h(cc)} {h(dts[0].class_libelle)}</th>{''.join(cells)}</tr>")
    hhead = "<tr><th>classCode</th>" + "".join(
        f'<th class="segur-vert" title="{h(g.libelle)}"><span>{h(g.groupe)}</span></th>' for g in groups) + "</tr>"
    body.append(raw(f'<div class="segur-scroll"><table class="segur-table segur-heatmap"><thead>{hhead}</thead>'
                    f'<tbody>{"".join(hrows)}</tbody></table></div>'))

    body.append("## Qui peut lire le document X ?\n\n")
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
    return _page("Matrice d’habilitation", body)


def pages(ctx: Context) -> dict[str, str]:
    return {MATRIX + ".md": matrix_page(ctx.corpus)}
