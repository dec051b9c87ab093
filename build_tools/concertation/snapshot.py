"""What a grid shows for one dispositif and iteration, and the snapshot of it.

The rows of iteration n are computed from the corpus index; Evolution and the old text
come from the snapshot of iteration n-1 when it holds the dispositif, else from the
previous vague (RemRequirement.statut / id_precedent and the precedent's REM).
"""
from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from ..model import Corpus, Dispositif, RemRequirement
from . import concertation_dir, iteration_number, norm

FORMAT = 1
# grid columns: (key in a row, header label); {n} / {ref} filled per grid
COLUMNS = (
    ("id", "ID Exigence"),
    ("domaine", "Domaine"),
    ("bloc", "Bloc"),
    ("fonction", "Fonction"),
    ("nature", "Nature de l'exigence"),
    ("evolution", "Evolution"),
    ("commentaire", "Commentaire ANS/DNS/CNAM"),
    ("enonce", "Énoncé de l'exigence - Itération #{n}"),
    ("ancien", "Ancien énoncé de l'exigence - {ref}"),
    ("remarques", "Remarques\n(proposition de reformulation, questions, etc.)"),
    ("rem", "REM"),
)
PROTECTED = ("domaine", "bloc", "fonction", "nature", "evolution", "commentaire", "enonce", "ancien", "rem")
LABELS = {"domaine": "Domaine", "bloc": "Bloc", "fonction": "Fonction", "nature": "Nature",
          "evolution": "Evolution", "commentaire": "Commentaire ANS/DNS/CNAM", "enonce": "Énoncé",
          "ancien": "Ancien énoncé", "rem": "REM"}
SNAP_KEYS = ("enonce", "nature", "section", "domaine", "bloc", "fonction", "statut", "evolution",
             "commentaire", "ancien")


@dataclass(frozen=True)
class GridPlan:
    dispositif: Dispositif
    iteration: str
    reference: str                  # "IT1" (previous snapshot), "Va1" (previous vague) or ""
    rows: tuple[dict, ...]          # one dict per grid row: id + SNAP_KEYS + rem, removed flag

    @property
    def headers(self) -> list[str]:
        n = iteration_number(self.iteration)
        if self.reference.startswith("IT"):
            ref = f"Itération #{iteration_number(self.reference)}"
        elif self.reference:
            ref = f"{self.reference} (vague précédente)"
        else:
            ref = "sans objet"
        return [label.format(n=n, ref=ref) for _, label in COLUMNS]

    def snapshot_entry(self) -> dict:
        ex = {r["id"]: {k: r[k] for k in SNAP_KEYS} for r in self.rows if not r["removed"]}
        gone = {r["id"]: {k: r[k] for k in SNAP_KEYS} for r in self.rows if r["removed"]}
        entry = {"titre": self.dispositif.titre, "reference": self.reference, "exigences": ex}
        if gone:
            entry["supprimees"] = gone
        return entry


def _commentaire(r: RemRequirement) -> str:
    if r.base.note:
        return r.base.note
    return "Exigence en cours d'instruction" if r.base.a_retravailler else ""


def _row(d: Dispositif, r: RemRequirement, evolution: str, ancien: str, removed: bool = False) -> dict:
    return {"id": r.id, "enonce": "" if removed else r.enonce, "nature": r.nature, "section": r.section.code,
            "domaine": r.section.libelle, "bloc": r.bloc, "fonction": r.fonction, "statut": r.statut,
            "evolution": evolution, "commentaire": _commentaire(r), "ancien": ancien, "rem": d.id,
            "removed": removed}


def previous_snapshot(corpus: Corpus, iteration: str, dispositif: str) -> tuple[str, dict | None]:
    n = iteration_number(iteration)
    prev = f"IT{n - 1}"
    it = corpus.comments.get(prev)
    if n > 1 and it is not None and it.snapshot and dispositif in it.snapshot:
        return prev, it.snapshot[dispositif]
    return "", None


def plan(corpus: Corpus, dispositif: str, iteration: str) -> GridPlan:
    d = corpus.dispositifs[dispositif]
    ref, snap = previous_snapshot(corpus, iteration, dispositif)
    rows = []
    if snap is not None:
        old = snap.get("exigences") or {}
        for r in d.rem:
            o = old.get(r.id)
            if o is None:
                rows.append(_row(d, r, "Nouvelle", ""))
            else:
                same = norm(o["enonce"]) == norm(r.enonce) and o["nature"] == r.nature
                rows.append(_row(d, r, "Inchangée" if same else "Modifiée", o["enonce"]))
        current = {r.id for r in d.rem}
        for rid, o in old.items():
            if rid not in current:
                rows.append({"id": rid, **{k: o.get(k, "") for k in SNAP_KEYS}, "enonce": "",
                             "evolution": "Obsolète", "ancien": o["enonce"], "rem": d.id, "removed": True})
    else:
        prev = corpus.dispositifs.get(d.precedent or "")
        prev_text = {r.id: r.enonce for r in (prev.rem if prev else ())}
        ref = prev.vague if prev else ""
        for r in d.rem:
            ancien = prev_text.get(r.id_precedent or "", "") if r.statut != "Nouvelle" else ""
            rows.append(_row(d, r, r.statut if prev else "Nouvelle", ancien))
        for r in d.obsoletes:
            rows.append(_row(d, r, "Obsolète", prev_text.get(r.id_precedent or r.id, r.enonce), removed=True))
    return GridPlan(d, iteration, ref, tuple(rows))


def plan_from_snapshot(corpus: Corpus, dispositif: str, iteration: str) -> GridPlan | None:
    """The grid as it was exported, from that iteration's snapshot (None if it has none)."""
    it = corpus.comments.get(iteration)
    snap = (it.snapshot or {}).get(dispositif) if it else None
    if snap is None or dispositif not in corpus.dispositifs:
        return None
    rows = [{"id": rid, **{k: o.get(k, "") for k in SNAP_KEYS}, "rem": dispositif, "removed": False}
            for rid, o in (snap.get("exigences") or {}).items()]
    rows += [{"id": rid, **{k: o.get(k, "") for k in SNAP_KEYS}, "rem": dispositif, "removed": True}
             for rid, o in (snap.get("supprimees") or {}).items()]
    return GridPlan(corpus.dispositifs[dispositif], iteration, snap.get("reference", ""), tuple(rows))


def _json_text(obj) -> str:
    text = json.dumps(obj, ensure_ascii=False, indent=1) + "\n"
    # characters YAML (the corpus loader) would read as line breaks or a BOM: keep them escaped
    for ch in ("\u2028", "\u2029", "\x85", "\ufeff"):
        text = text.replace(ch, "\\u%04x" % ord(ch))
    return text


def write_snapshot(corpus: Corpus, iteration: str, plans: list[GridPlan]) -> Path:
    """concertation/<IT>/snapshot.json: dispositifs exported now replace their entries;
    others (exported earlier for the same iteration) are kept."""
    path = concertation_dir(corpus.root, iteration) / "snapshot.json"
    dispositifs = {}
    if path.is_file():
        try:
            dispositifs = json.loads(path.read_text("utf-8")).get("dispositifs") or {}
        except (ValueError, OSError):
            dispositifs = {}
    for p in plans:
        dispositifs[p.dispositif.id] = p.snapshot_entry()
    order = [d for d in corpus.dispositifs if d in dispositifs] + sorted(d for d in dispositifs if d not in corpus.dispositifs)
    obj = {"format": FORMAT, "iteration": iteration, "dispositifs": {d: dispositifs[d] for d in order}}
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(".json.tmp")
    tmp.write_text(_json_text(obj), "utf-8")
    tmp.replace(path)
    return path
