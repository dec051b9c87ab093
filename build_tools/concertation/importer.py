"""`segur concertation import`: returned grids -> concertation/<IT>/comments.yaml.

Each grid is read completely before anything from it is kept: a grid that fails to parse
records nothing. A comment on an unknown id is reported and not recorded; an edit of a
protected column is recorded as a `proposition` (never applied to the requirement).
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path

from .. import problems as P
from ..model import Corpus
from ..problems import Problem, Source
from ..worddiff import inline
from . import comment_id, iteration_number, norm
from .comments_store import CommentsStore
from .grid_read import Grid, GridError, parse_date, read_grid
from .snapshot import LABELS, PROTECTED, GridPlan, plan, plan_from_snapshot


class IterationMismatch(GridError):
    pass


@dataclass
class ImportResult:
    store: CommentsStore
    added: list[dict] = field(default_factory=list)
    duplicates: list[dict] = field(default_factory=list)
    proposals: list[dict] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    files_ok: int = 0

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.severity is P.Severity.ERROR]


def _expected(corpus: Corpus, iteration: str, did: str, cache: dict, notes: list) -> GridPlan | None:
    if did not in cache:
        p = plan_from_snapshot(corpus, did, iteration)
        if p is None and did in corpus.dispositifs:
            p = plan(corpus, did, iteration)
            notes.append(f"pas d'instantané de {iteration} pour {did} : colonnes protégées comparées au corpus actuel")
        cache[did] = p
    return cache[did]


def _grid_records(corpus: Corpus, iteration: str, grid: Grid, shown: str, today: str,
                  cache: dict, notes: list) -> tuple[list[dict], list[dict], list[Problem]]:
    """(comments, proposals, problems) of one parsed grid; raises GridError to refuse it."""
    n = iteration_number(iteration)
    if grid.iteration_number is not None and grid.iteration_number != n:
        raise IterationMismatch(f"grille de l'itération #{grid.iteration_number} importée comme {iteration}",
                                grid.header_row)
    if not grid.organisation.strip():
        raise GridError("la cellule Organisation est vide : renseignez-la pour que les commentaires puissent être attribués",
                        grid.organisation_row or 1)
    date = today
    if grid.date.strip():
        parsed = parse_date(grid.date)
        if parsed is None:
            raise GridError(f"date illisible {grid.date!r} (écrivez jj/mm/aaaa)", grid.date_row)
        date = parsed
    org, contact = norm(grid.organisation), norm(grid.contact)
    comments, proposals, problems = [], [], []
    for row in grid.rows:
        remark = row.values["remarques"].strip()        # read_grid refuses a grid without that column
        did = norm(row.values.get("rem", "")) or grid.dispositif
        expected = _expected(corpus, iteration, did, cache, notes) if did else None
        by_id = {r["id"]: r for r in expected.rows} if expected else {}
        src = Source(shown, row.row)
        if row.id not in by_id:
            if remark or row.values.get("enonce", "").strip():
                where = f"du dispositif {did!r}" if did else "(ligne sans dispositif : colonne REM vide)"
                problems.append(P.problem(P.CONC_UNKNOWN_ID, src,
                                          f"ligne {row.row} : l'identifiant {row.id or '(vide)'!r} n'est pas dans la grille {iteration} "
                                          f"{where} ; commentaire non enregistré : {remark[:80]!r}"))
            continue
        exp = by_id[row.id]
        base = {"dispositif": did, "exigence": row.id, "organisation": org, "contact": contact, "date": date,
                "fichier": Path(shown).name, "ligne": row.row, "statut": "à traiter", "reponse": ""}
        if remark:
            comments.append({**base, "id": comment_id(iteration, did, org, row.id, remark), "type": "remarque",
                             "texte": remark})
        for key in PROTECTED:
            if key not in grid.columns or key == "rem":
                continue
            got = row.values.get(key, "")
            want = exp.get(key, "") or ""
            if norm(got) == norm(want):
                continue
            label = LABELS[key]
            text = f"Proposition de modification de « {label} » : {got.strip() or '(vidé)'}"
            rec = {**base, "id": comment_id(iteration, did, org, row.id, text), "type": "proposition",
                   "colonne": label, "actuel": want, "propose": got.strip(), "texte": text}
            rec["_problem"] = P.problem(P.CONC_PROTECTED, src,
                                        f"ligne {row.row} {row.id} : « {label} » modifié — enregistré comme proposition "
                                        f"{rec['id']}, non appliquée :\n    {inline(norm(want), norm(got))}")
            proposals.append(rec)
    return comments, proposals, problems


def import_grids(corpus: Corpus, iteration: str, paths: list[str | Path], *, today: str | None = None,
                 dry_run: bool = False) -> ImportResult:
    iteration_number(iteration)
    today = today or dt.date.today().isoformat()
    store = CommentsStore(corpus.root, iteration)
    res = ImportResult(store)
    cache: dict = {}
    for path in paths:
        shown = str(path)
        try:
            grid = read_grid(path)
            comments, proposals, problems = _grid_records(corpus, iteration, grid, shown, today, cache, res.notes)
        except GridError as exc:
            code = P.CONC_ITERATION if isinstance(exc, IterationMismatch) else P.CONC_GRID
            res.problems.append(P.problem(code, Source(shown, exc.row), f"{exc.message} ; rien n'a été enregistré depuis ce fichier"))
            continue
        res.files_ok += 1
        res.problems.extend(problems)
        for rec in comments + proposals:
            if store.add(rec):
                res.added.append(rec)
                if rec["type"] == "proposition":
                    res.proposals.append(rec)
                    res.problems.append(rec["_problem"])
            else:
                res.duplicates.append(rec)
                res.problems.append(P.problem(P.CONC_DUPLICATE, Source(shown, rec["ligne"]),
                                              f"ligne {rec['ligne']} {rec['exigence']} : {rec['id']} déjà enregistré "
                                              f"({rec['organisation']}) ; non ajouté de nouveau"))
    if res.added and not dry_run:
        store.save()
    return res
