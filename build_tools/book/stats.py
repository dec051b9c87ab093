"""Figures for the home page notebook, computed from the corpus index (tables: pandas;
charts: SVG written here, no plotting dependency).

The notebook calls `load()` then `summary()`; the site builder computes the same
`summary()` and writes its `key()` into the notebook source, so the notebook cache
(jupyter-cache) is invalidated exactly when a figure of the home page changes, and not
when a requirement text is edited.
"""
from __future__ import annotations

import hashlib
import json
import os
from collections import Counter
from pathlib import Path

from ..model import Corpus
from ..render.charts import SVG, stacked_bars
from ..render.html import fr_date

STATUTS = ("Nouvelle", "Modifiée", "Inchangée")


def load(root: str | Path | None = None) -> Corpus:
    from ..engine import load_and_check
    root = root or os.environ.get("SEGUR_ROOT") or Path.cwd()
    return load_and_check(root).corpus


# What `segur book` hands the notebooks it runs: the home page's summary and the comments
# table, computed from the index it already holds — the kernel then loads no corpus
# (seconds per notebook at 20,000 requirements). Used only for the root it names.
SITE_DATA = "SEGUR_SITE_DATA"


def write_site_data(path: Path, root: Path, corpus: Corpus) -> None:
    from ..concertation.records import comment_rows
    data = {"root": str(root), "summary": summary(corpus),
            "comments": comment_rows(corpus.comments, corpus.dispositifs)}
    path.write_text(json.dumps(data, ensure_ascii=False), "utf-8")
    os.environ[SITE_DATA] = str(path)


def _site_data(root: str | Path | None = None) -> dict | None:
    path = os.environ.get(SITE_DATA)
    want = str(root or os.environ.get("SEGUR_ROOT") or Path.cwd())
    try:
        data = json.loads(Path(path).read_text("utf-8")) if path else None
    except (OSError, ValueError):
        return None
    return data if isinstance(data, dict) and data.get("root") == want else None


def site_summary() -> dict:
    """The home page's figures: from `segur book`'s hand-over, else from the corpus."""
    data = _site_data()
    return data["summary"] if data else summary(load())


def site_comments(root: str | Path | None = None):
    """The comments table (`api.CorpusIndex.comments`) of the corpus at `root` (default:
    $SEGUR_ROOT): from `segur book`'s hand-over when it names that corpus, else loaded."""
    import pandas as pd
    from ..concertation.records import COMMENT_COLUMNS
    data = _site_data(root)
    if data is None:
        from .. import api
        return api.load(root).comments
    return pd.DataFrame([tuple(r) for r in data["comments"]], columns=list(COMMENT_COLUMNS))


def summary(corpus: Corpus) -> dict:
    vagues = [{"id": v.id, "libelle": v.libelle, "periode": v.periode, "numero": v.numero}
              for v in corpus.vagues.values()]
    disp = []
    for d in corpus.dispositifs.values():
        st = Counter(r.statut for r in d.rem)
        disp.append({"dispositif": d.id, "vague": d.vague,
                     "couloir": corpus.couloirs[d.couloir].libelle if d.couloir in corpus.couloirs else d.couloir,
                     "type": d.type_code, "statut": d.statut_publication, "version": d.version, "date": d.date,
                     "exigences": len(d.rem), **{s: st.get(s, 0) for s in STATUTS},
                     "Obsolète": len(d.obsoletes),
                     "derniere_modification": d.historique[-1].modifications if d.historique else ""})
    socle_nature = Counter()
    for d in corpus.dispositifs.values():
        for r in d.rem:
            socle_nature[(r.socle or "propres", r.nature)] += 1
    socle_own = Counter()
    for r in corpus.socle_requirements.values():
        socle_own[(r.owner, r.nature)] += 1
    return {
        "vagues": vagues,
        "dispositifs": disp,
        "picks_by_socle_nature": [[s, n, c] for (s, n), c in sorted(socle_nature.items())],
        "socle_requirements": [[s, n, c] for (s, n), c in sorted(socle_own.items())],
    }


def key(summary_: dict) -> str:
    """Key of the home page's figures: the summary and the code that draws them (this
    module), so the notebook cache follows both."""
    h = hashlib.sha256(json.dumps(summary_, sort_keys=True, ensure_ascii=False).encode())
    h.update(Path(__file__).read_bytes())
    return h.hexdigest()[:16]


# ---- tables and charts for the notebook (HTML written here, every value escaped)

class Table:
    """An HTML table for the notebook (`_repr_html_`): header row, row headers in the
    first column, each cell labelled with its column (cards on narrow screens).
    Cells are (text, href or None); every text is escaped."""

    def __init__(self, caption: str, headers: list[str], rows: list[list[tuple[str, str | None]]]):
        self.caption, self.headers, self.rows = caption, headers, rows

    def _repr_html_(self) -> str:
        from html import escape as e

        def cell(i: int, text: str, href: str | None) -> str:
            inner = f'<a href="{e(href)}">{e(text)}</a>' if href else e(text)
            label = f' data-label="{e(self.headers[i])}"'
            return f'<th scope="row"{label}>{inner}</th>' if i == 0 else f"<td{label}>{inner}</td>"
        head = "".join(f'<th scope="col">{e(x)}</th>' for x in self.headers)
        body = "".join("<tr>" + "".join(cell(i, t, u) for i, (t, u) in enumerate(r)) + "</tr>" for r in self.rows)
        return (f'<table class="segur-table segur-cards segur-home-table"><caption>{e(self.caption)}</caption>'
                f"<thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>")


def _doc(d: dict) -> str:
    """Link from the home page (book/index) to a dispositif page."""
    return f"gen/dispositifs/{d['vague']}/{d['dispositif']}.html"


def dispositifs_by_vague_couloir(s: dict) -> Table:
    vagues = [v["id"] for v in sorted(s["vagues"], key=lambda v: v["numero"])]
    couloirs: dict[str, dict[str, list[dict]]] = {}
    for d in s["dispositifs"]:
        couloirs.setdefault(d["couloir"], {}).setdefault(d["vague"], []).append(d)
    rows = []
    for c in sorted(couloirs):
        row = [(c, None)]
        for v in vagues:
            ds = couloirs[c].get(v, [])
            row.append((" ".join(d["dispositif"] for d in ds), _doc(ds[0]) if len(ds) == 1 else None)
                       if len(ds) <= 1 else (", ".join(d["dispositif"] for d in ds), None))
        rows.append(row)
    return Table("Dispositifs par vague et couloir", ["Couloir", *vagues], rows)


def _socle_nature(s: dict) -> tuple[list[str], list[tuple[str, dict[str, int], int]]]:
    natures = sorted({n for _, n, _ in s["picks_by_socle_nature"]})
    by: dict[str, dict[str, int]] = {}
    for socle, nature, count in s["picks_by_socle_nature"]:
        by.setdefault(socle, {})[nature] = by.get(socle, {}).get(nature, 0) + count
    rows = sorted(((k, v, sum(v.values())) for k, v in by.items()), key=lambda x: (-x[2], x[0]))
    return natures, rows


def requirements_by_socle_nature(s: dict) -> Table:
    natures, rows = _socle_nature(s)
    return Table("Exigences des REM par socle d’origine et nature", ["Socle", *natures, "Total"],
                 [[(socle, None), *[(str(v.get(n, 0)), None) for n in natures], (str(total), None)]
                  for socle, v, total in rows])


def latest_changes(s: dict) -> Table:
    """What changed in the latest vague: per dispositif, statuses vs the previous vague
    (six columns: it fits the content column of a desktop, cards on a phone)."""
    headers = ["Dispositif", "Statut", "Version", "Exigences", "Évolution", "Dernière modification"]
    if not s["vagues"]:
        return Table("Dernière vague", headers, [])
    last = max(s["vagues"], key=lambda v: v["numero"])
    words = {"Nouvelle": "nouvelle(s)", "Modifiée": "modifiée(s)", "Inchangée": "inchangée(s)", "Obsolète": "obsolète(s)"}
    rows = [[(d["dispositif"], _doc(d)), (d["statut"], None), (f"{d['version']} du {fr_date(d['date'])}", None),
             (str(d["exigences"]), None),
             (" · ".join(f"{d[k]} {words[k]}" for k in (*STATUTS, "Obsolète") if d[k]), None),
             (d["derniere_modification"], None)] for d in s["dispositifs"] if d["vague"] == last["id"]]
    return Table(f"Ce qui a changé dans la {last['libelle']}", headers, rows)


def chart_socle_nature(s: dict):
    """Stacked horizontal bars (SVG, no plotting dependency): requirements by socle and nature."""
    natures, rows = _socle_nature(s)
    cats = [socle for socle, _, _ in rows]
    colors = ["#000091", "#c9191e", "#18753c", "#6e445a"]
    series = [(n, colors[i % len(colors)], [v.get(n, 0) for _, v, _ in rows]) for i, n in enumerate(natures)]
    return SVG(stacked_bars("Exigences des REM par socle d’origine et nature", cats, series))


def chart_status(s: dict):
    """Stacked horizontal bars: statut of each dispositif's requirements vs the previous vague."""
    cats = [d["dispositif"] for d in s["dispositifs"]]
    colors = {"Nouvelle": "#2ca02c", "Modifiée": "#ff7f0e", "Inchangée": "#9e9e9e", "Obsolète": "#d62728"}
    series = [(k, colors[k], [d[k] for d in s["dispositifs"]]) for k in (*STATUTS, "Obsolète")]
    return SVG(stacked_bars("Évolution des exigences par rapport à la vague précédente", cats, series))
