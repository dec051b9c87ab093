"""Charts as plain SVG (no plotting dependency, no script): every label escaped here.

`stacked_bars(title, categories, series)` draws horizontal stacked bars; `SVG(text)` is
displayed by Jupyter as image/svg+xml. Used by the home page and the concertation
dashboard notebooks.
"""
from __future__ import annotations


class SVG:
    """Displayed by Jupyter as image/svg+xml (the text is escaped by `stacked_bars`)."""

    def __init__(self, data: str):
        self.data = data

    def _repr_svg_(self):
        return self.data


def stacked_bars(title: str, cats: list[str], series: list[tuple[str, str, list[int]]],
                 width: int = 760, bar: int = 18) -> str:
    from html import escape as e
    label_w, top, legend_h = 150, 34, 26
    plot_w = width - label_w - 60
    totals = [sum(v[i] for _, _, v in series) for i in range(len(cats))]
    vmax = max(totals or [1]) or 1
    height = top + len(cats) * (bar + 6) + legend_h + 10
    out = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
           f'viewBox="0 0 {width} {height}" font-family="sans-serif" font-size="12" role="img">',
           f'<title>{e(title)}</title>',
           f'<text x="{width / 2:.0f}" y="18" text-anchor="middle" font-size="14">{e(title)}</text>']
    for i, c in enumerate(cats):
        y = top + i * (bar + 6)
        out.append(f'<text x="{label_w - 6}" y="{y + bar - 5}" text-anchor="end">{e(str(c))}</text>')
        x = label_w
        for name, color, values in series:
            w = values[i] / vmax * plot_w
            if w > 0:
                out.append(f'<rect x="{x:.1f}" y="{y}" width="{w:.1f}" height="{bar}" fill="{e(color)}">'
                           f'<title>{e(str(c))} — {e(name)} : {values[i]}</title></rect>')
            x += w
        out.append(f'<text x="{x + 4:.1f}" y="{y + bar - 5}" fill="#333">{totals[i]}</text>')
    y = top + len(cats) * (bar + 6) + 8
    x = label_w
    for name, color, _ in series:
        out.append(f'<rect x="{x}" y="{y}" width="12" height="12" fill="{e(color)}"/>'
                   f'<text x="{x + 16}" y="{y + 11}">{e(name)}</text>')
        x += 30 + 7 * len(name)
    out.append("</svg>")
    return "\n".join(out)
