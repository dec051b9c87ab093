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

STATUTS = ("Nouvelle", "Modifiée", "Inchangée")


def load(root: str | Path | None = None) -> Corpus:
    from ..engine import load_and_check
    root = root or os.environ.get("SEGUR_ROOT") or Path.cwd()
    return load_and_check(root).corpus


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
    return hashlib.sha256(json.dumps(summary_, sort_keys=True, ensure_ascii=False).encode()).hexdigest()[:16]


# ---- tables and charts for the notebook (pandas / matplotlib imported lazily)

def dispositifs_by_vague_couloir(s: dict):
    import pandas as pd
    df = pd.DataFrame(s["dispositifs"])
    if df.empty:
        return df
    t = df.groupby(["couloir", "vague"])["dispositif"].apply(lambda x: ", ".join(x)).unstack(fill_value="")
    t.columns.name = None
    return t


def requirements_by_socle_nature(s: dict):
    import pandas as pd
    df = pd.DataFrame(s["picks_by_socle_nature"], columns=["socle", "nature", "exigences"])
    if df.empty:
        return df
    t = df.pivot_table(index="socle", columns="nature", values="exigences", aggfunc="sum", fill_value=0)
    t["Total"] = t.sum(axis=1)
    t.columns.name = None
    return t.sort_values("Total", ascending=False)


def latest_changes(s: dict):
    """What changed in the latest vague: per dispositif, statuses vs the previous vague."""
    import pandas as pd
    if not s["vagues"]:
        return pd.DataFrame()
    last = max(s["vagues"], key=lambda v: v["numero"])["id"]
    df = pd.DataFrame([d for d in s["dispositifs"] if d["vague"] == last])
    if df.empty:
        return df
    cols = ["dispositif", "statut", "version", "date", "exigences", *STATUTS, "Obsolète", "derniere_modification"]
    return df[cols].rename(columns={"derniere_modification": "dernière modification"}).set_index("dispositif")


def chart_socle_nature(s: dict):
    """Stacked horizontal bars (SVG, no plotting dependency): requirements by socle and nature."""
    t = requirements_by_socle_nature(s)
    cats = list(t.index) if not t.empty else []
    natures = [c for c in (t.columns if not t.empty else []) if c != "Total"]
    colors = ["#1f77b4", "#ff7f0e", "#2ca02c", "#9467bd"]
    series = [(n, colors[i % len(colors)], [int(t.loc[c, n]) for c in cats]) for i, n in enumerate(natures)]
    return SVG(stacked_bars("Exigences des REM par socle d’origine et nature", cats, series))


def chart_status(s: dict):
    """Stacked horizontal bars: statut of each dispositif's requirements vs the previous vague."""
    cats = [d["dispositif"] for d in s["dispositifs"]]
    colors = {"Nouvelle": "#2ca02c", "Modifiée": "#ff7f0e", "Inchangée": "#9e9e9e", "Obsolète": "#d62728"}
    series = [(k, colors[k], [d[k] for d in s["dispositifs"]]) for k in (*STATUTS, "Obsolète")]
    return SVG(stacked_bars("Évolution des exigences par rapport à la vague précédente", cats, series))
