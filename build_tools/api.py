"""The corpus for notebooks: `load(root)` -> the checked corpus index, with pandas tables.

    from build_tools import api
    idx = api.load("/path/to/segur-spec")      # default: $SEGUR_ROOT, else the current folder
    idx.requirements          # one row per requirement of each dispositif's REM
    idx.socle_picks           # one row per socle requirement picked by a dispositif
    idx.matrix                # habilitation matrix: type_code x profession group, True = may read
    idx.scopes                # one row per (dispositif, profession, service)
    idx.comments              # one row per concertation comment (every iteration)
    idx.corpus                # the immutable index itself (model.Corpus); idx.problems: the check's findings

Every table is built from the index on first use (never from the files again) and is a
fresh copy each time it is read: change it freely in the notebook. Column names are the
data's own French keys.
"""
from __future__ import annotations

import os
from functools import cached_property
from pathlib import Path

import pandas as pd

from .concertation.records import COMMENT_COLUMNS, comment_rows
from .model import Corpus

REQUIREMENT_COLUMNS = ("dispositif", "vague", "statut_publication", "id", "section", "bloc", "fonction", "nature",
                       "criticite", "statut", "conditionnelle", "profils", "socle", "id_socle", "id_precedent",
                       "referentiels", "scenarios", "preuves", "enonce")


class CorpusIndex:
    """The loaded corpus and its tables (see the module docstring)."""

    def __init__(self, corpus: Corpus, problems: list):
        self.corpus = corpus
        self.problems = problems

    def __repr__(self) -> str:
        return (f"<CorpusIndex {self.corpus.root}: {len(self.corpus.dispositifs)} dispositifs, "
                f"{len(self._requirements)} exigences, {len(self._comments)} commentaires>")

    @property
    def requirements(self) -> pd.DataFrame:
        return self._requirements.copy()

    @property
    def socle_picks(self) -> pd.DataFrame:
        return self._socle_picks.copy()

    @property
    def matrix(self) -> pd.DataFrame:
        return self._matrix.copy()

    @property
    def scopes(self) -> pd.DataFrame:
        return self._scopes.copy()

    @property
    def comments(self) -> pd.DataFrame:
        return self._comments.copy()

    @cached_property
    def _requirements(self) -> pd.DataFrame:
        rows = []
        for d in self.corpus.dispositifs.values():
            for r in d.rem:
                rows.append((d.id, d.vague, d.statut_publication, r.id, r.section.code, r.bloc, r.fonction, r.nature,
                             r.criticite, r.statut, r.conditionnelle, ", ".join(r.profils), r.socle or "",
                             r.base.id if r.socle else "", r.id_precedent or "", ", ".join(r.referentiels),
                             len(r.scenarios), sum(len(s.preuves) for s in r.scenarios), r.enonce))
        return pd.DataFrame(rows, columns=list(REQUIREMENT_COLUMNS))

    @cached_property
    def _socle_picks(self) -> pd.DataFrame:
        df = self._requirements
        picks = df[df["socle"] != ""]
        return picks[["dispositif", "vague", "socle", "id_socle", "id", "statut", "profils", "nature"]].reset_index(drop=True)

    @cached_property
    def _matrix(self) -> pd.DataFrame:
        hab = self.corpus.habilitation
        if hab is None:
            return pd.DataFrame()
        codes = list(self.corpus.document_types) or list(hab.rows)
        frame = pd.DataFrame([[g in hab.rows.get(c, frozenset()) for g in hab.columns] for c in codes],
                             index=pd.Index(codes, name="type_code"), columns=list(hab.columns))
        return frame

    @cached_property
    def _scopes(self) -> pd.DataFrame:
        rows = []
        for did, scope in self.corpus.scopes.items():
            for p in scope.professions:
                for state, items in (("attendu", p.services), ("à définir", p.services_a_definir)):
                    for code, _line in items:
                        rows.append((did, p.profession, p.libelle, p.groupe or "", code, state))
        return pd.DataFrame(rows, columns=["dispositif", "profession", "libelle", "groupe", "service", "etat"])

    @cached_property
    def _comments(self) -> pd.DataFrame:
        return pd.DataFrame(comment_rows(self.corpus.comments, self.corpus.dispositifs), columns=list(COMMENT_COLUMNS))


def load(root: str | Path | None = None, *, cache: bool = True) -> CorpusIndex:
    """Load and check the corpus at `root` (default: $SEGUR_ROOT, else the current folder)."""
    from .engine import load_and_check
    root = Path(root or os.environ.get("SEGUR_ROOT") or Path.cwd())
    result = load_and_check(root, use_cache=cache)
    return CorpusIndex(result.corpus, list(result.problems))
