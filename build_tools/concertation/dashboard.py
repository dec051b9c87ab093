"""Figures of the concertation dashboard (book notebook page and `segur rapport
concertation`), from the `comments` table of `build_tools.api` only.

Every function takes that DataFrame (one row per comment, columns of
`api.COMMENT_COLUMNS`) and returns a DataFrame or an SVG chart. `key(comments)` is the
hash the site builder writes into the notebook: the notebook cache is invalidated exactly
when a comment (or its status) changes.
"""
from __future__ import annotations

import hashlib

import pandas as pd

from ..render.charts import SVG, stacked_bars
from . import STATUTS

COLORS = {"à traiter": "#c0504d", "intégré": "#4f8a3c", "partiellement intégré": "#9bbb59",
          "rejeté": "#7f7f7f", "sans objet": "#bfbfbf"}
KEY_COLUMNS = ["iteration", "id", "dispositif", "exigence", "organisation", "statut", "origine", "date"]


def key(comments: pd.DataFrame) -> str:
    text = comments[KEY_COLUMNS].sort_values(["iteration", "id"]).to_csv(index=False) if len(comments) else ""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


def iterations(comments: pd.DataFrame) -> list[str]:
    """Iteration ids in their order (IT1, IT2, … by number)."""
    pairs = comments[["numero", "iteration"]].drop_duplicates().sort_values(["numero", "iteration"])
    return list(pairs["iteration"])


def current(comments: pd.DataFrame, iteration: str | None) -> str | None:
    """The iteration the dashboard shows: the one asked for, else the latest."""
    its = iterations(comments)
    if iteration:
        return iteration
    return its[-1] if its else None


def of(comments: pd.DataFrame, iteration: str | None) -> pd.DataFrame:
    return comments[comments["iteration"] == iteration]


def by_status(comments: pd.DataFrame, iteration: str, dimension: str, label: str) -> pd.DataFrame:
    """Comments of one iteration counted by `dimension` (organisation, dispositif…) and status,
    with a Total column and the share already treated; largest first."""
    df = of(comments, iteration)
    if len(df):
        table = pd.crosstab(df[dimension], df["statut"]).reindex(columns=list(STATUTS), fill_value=0)
    else:
        table = pd.DataFrame(columns=list(STATUTS), index=pd.Index([], dtype=str), dtype=int)
    table["Total"] = table.sum(axis=1)
    treated = table["Total"] - table["à traiter"]
    table["Traités (%)"] = (100 * treated / table["Total"]).round(0).astype(int)
    table.index.name = label
    table.columns.name = None
    table = table.sort_index(key=lambda ix: ix.astype(str).str.lower())
    return table.sort_values("Total", ascending=False, kind="stable")


def treatment(comments: pd.DataFrame, iteration: str) -> pd.DataFrame:
    """One row: comments received, treated (any status but « à traiter »), still open, rate."""
    columns = ["Commentaires", "Traités", "À traiter", "Taux de traitement (%)", "Organisations", "Dispositifs"]
    if iteration is None:
        return pd.DataFrame(columns=columns, index=pd.Index([], name="Itération"))
    df = of(comments, iteration)
    total, treated = len(df), int(df["traite"].sum()) if len(df) else 0
    rate = round(100 * treated / total) if total else 0
    return pd.DataFrame([[total, treated, total - treated, rate, df["organisation"].nunique(),
                          df["dispositif"].nunique()]], columns=columns, index=pd.Index([iteration], name="Itération"))


def evolution(comments: pd.DataFrame, upto: str | None = None) -> pd.DataFrame:
    """One row per iteration (up to `upto`): comments, organisations, dispositifs, treated, rate,
    and how many came from the site."""
    its = iterations(comments)
    if upto in its:
        its = its[: its.index(upto) + 1]
    rows = []
    for it in its:
        df = of(comments, it)
        total, treated = len(df), int(df["traite"].sum())
        rows.append([it, total, df["organisation"].nunique(), df["dispositif"].nunique(), treated,
                     round(100 * treated / total) if total else 0, int((df["origine"] == "site").sum())])
    return pd.DataFrame(rows, columns=["Itération", "Commentaires", "Organisations", "Dispositifs", "Traités",
                                       "Taux de traitement (%)", "Depuis le site"]).set_index("Itération")


def _series(comments: pd.DataFrame, dimension: str, cats: list[str]) -> list:
    counts = comments.groupby([dimension, "statut"]).size() if len(comments) else pd.Series(dtype=int)
    return [(s, COLORS[s], [int(counts.get((c, s), 0)) for c in cats]) for s in STATUTS]


def chart_by(comments: pd.DataFrame, iteration: str, dimension: str, title: str) -> SVG:
    table = by_status(comments, iteration, dimension, dimension)
    cats = [str(c) for c in table.index]
    return SVG(stacked_bars(title, cats, _series(of(comments, iteration), dimension, cats)))


def chart_evolution(comments: pd.DataFrame, upto: str | None = None) -> SVG:
    its = list(evolution(comments, upto).index)
    df = comments[comments["iteration"].isin(its)]
    return SVG(stacked_bars("Commentaires par itération et statut", its, _series(df, "iteration", its)))
