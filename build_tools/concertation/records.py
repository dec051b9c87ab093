"""Index records of the concertation files, built once with the rest of the corpus index.

`build_iterations(by_kind)` is called by model_builder with the usable loaded files of
kinds "comments" (concertation/<IT>/comments.yaml) and "snapshot"
(concertation/<IT>/snapshot.json); it returns {iteration: Iteration}.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import PurePosixPath

from ..loaders.located_yaml import line_at
from ..problems import Source
from . import ITERATION_RE, OPEN


@dataclass(frozen=True)
class Comment:
    id: str
    iteration: str                  # the iteration folder the comment is recorded in
    dispositif: str
    exigence: str
    organisation: str
    contact: str
    date: str
    texte: str
    statut: str
    reponse: str
    type: str                       # remarque | proposition
    colonne: str = ""               # proposition: the protected column the reviewer edited
    propose: str = ""               # proposition: the reviewer's text for that column
    actuel: str = ""                # proposition: the text that was sent out
    fichier: str = ""
    ligne: int = 0
    annotation: str = ""            # comment made on the site: the hypothesis annotation id
    reponse_a: str = ""             # a reply: the id of the comment it answers
    citation: str = ""              # annotation: the passage the reviewer selected
    page: str = ""                  # annotation: the page it was made on
    src: Source = Source("?")
    lines: dict = field(default_factory=dict, repr=False, compare=False)
    path: tuple = ()

    def line_of(self, key: str) -> int:
        return self.lines.get(self.path + (key,)) or self.src.line

    @property
    def closed(self) -> bool:
        return self.statut != OPEN

    @property
    def log_label(self) -> str:
        """ANS's log form: `[ IT2 MDV-LGC-Va2 ORGANISATION 03/02/2025 ]`."""
        y, m, d = (self.date.split("-") + ["", "", ""])[:3]
        when = f"{d}/{m}/{y}" if d else self.date
        return f"[ {self.iteration} {self.dispositif} {self.organisation} {when} ]"


@dataclass(frozen=True)
class Iteration:
    id: str                          # IT<n> (the folder name)
    numero: int
    comments: tuple[Comment, ...] = ()
    declared: str = ""               # `iteration:` written in comments.yaml
    src: Source | None = None        # comments.yaml (None when there is none)
    snapshot: dict | None = None     # dispositif -> {"exigences": {id: row}, "supprimees": {id: row}, …}
    snapshot_src: Source | None = None

    def grid_ids(self, dispositif: str) -> set[str] | None:
        """Ids sent out in this iteration's grid of `dispositif` (None: no snapshot for it)."""
        snap = (self.snapshot or {}).get(dispositif)
        if snap is None:
            return None
        return set(snap.get("exigences") or {}) | set(snap.get("supprimees") or {})


def _folder(path: str) -> str:
    return PurePosixPath(path).parent.name


def build_iterations(by_kind: dict) -> dict:
    found: dict[str, dict] = {}
    for lf in by_kind.get("snapshot", []):
        it = _folder(lf.path)
        found.setdefault(it, {})["snapshot"] = (lf.data.get("dispositifs") or {}, Source(lf.path, 1))
    for lf in by_kind.get("comments", []):
        it = _folder(lf.path)
        data = lf.data
        comments = []
        for i, c in enumerate(data.get("commentaires") or []):
            if ("commentaires", i) in lf.bad_records:
                continue
            comments.append(Comment(
                id=c["id"], iteration=it, dispositif=c["dispositif"], exigence=c["exigence"],
                organisation=c["organisation"], contact=c.get("contact") or "", date=str(c["date"]),
                texte=c["texte"], statut=c.get("statut") or OPEN, reponse=c.get("reponse") or "",
                type=c.get("type") or "remarque", colonne=c.get("colonne") or "",
                propose=c.get("propose") or "", actuel=c.get("actuel") or "",
                fichier=c.get("fichier") or "", ligne=int(c.get("ligne") or 0),
                annotation=str(c.get("annotation") or ""), reponse_a=c.get("reponse_a") or "",
                citation=c.get("citation") or "", page=c.get("page") or "",
                src=Source(lf.path, line_at(lf.lines, ("commentaires", i))), lines=lf.lines,
                path=("commentaires", i)))
        found.setdefault(it, {})["comments"] = (tuple(comments), str(data.get("iteration") or ""),
                                                Source(lf.path, lf.lines.get(("iteration",), 1)))
    out = {}
    for it in sorted(found, key=lambda x: (int(ITERATION_RE.match(x).group(1)) if ITERATION_RE.match(x) else 0, x)):
        parts = found[it]
        m = ITERATION_RE.match(it)
        comments, declared, src = parts.get("comments", ((), "", None))
        snapshot, snap_src = parts.get("snapshot", (None, None))
        out[it] = Iteration(it, int(m.group(1)) if m else 0, comments, declared, src, snapshot, snap_src)
    return out


COMMENT_COLUMNS = ("iteration", "numero", "id", "dispositif", "vague", "exigence", "organisation", "contact", "date",
                   "type", "origine", "reponse_a", "statut", "traite", "reponse", "texte", "citation")


def comment_rows(iterations: dict, dispositifs: dict) -> list[tuple]:
    """One row per comment of every iteration (`COMMENT_COLUMNS`): the notebook API's
    comments table (`api.CorpusIndex.comments`) and the site's dashboard data."""
    rows = []
    for it in iterations.values():
        for c in it.comments:
            d = dispositifs.get(c.dispositif)
            rows.append((it.id, it.numero, c.id, c.dispositif, d.vague if d else "", c.exigence, c.organisation,
                         c.contact, c.date, c.type, "site" if c.annotation else "grille", c.reponse_a, c.statut,
                         c.closed, c.reponse, c.texte, c.citation))
    return rows
