"""`needs.json` in the sphinx-needs format, so other Sphinx projects can `needimport` us.

Need ids must match sphinx-needs' default `needs_id_regex` (`^[A-Z0-9_]{5,}`) and must
not hold dots (sphinx-needs reads `A.B` as part B of need A): a socle requirement
`SC.DMP/UX.01` becomes `SC_DMP_UX_01`, a REM requirement `LGC.DMP.01` of `MDV-LGC-Va2`
becomes `MDV_LGC_VA2__LGC_DMP_01`. The original id is kept in `segur_id`.
The file carries no timestamp: same corpus, same bytes.
"""
from __future__ import annotations

import filecmp
import json
import os
import pickle
import re
from pathlib import Path

from .. import __version__
from ..model import Corpus
from .pages import dispositif_doc, socle_doc


def need_id(*parts: str) -> str:
    return "__".join(re.sub(r"[^A-Za-z0-9]+", "_", p).strip("_").upper() for p in parts)


def _need(nid, *, title, content, doc, anchor, section, status, tags, links, extra) -> dict:
    return {
        "id": nid, "type": "req", "type_name": "Exigence", "title": title,
        "description": content, "content": content, "docname": doc,
        "external_url": f"{doc}.html#{anchor}", "section_name": section, "sections": [section],
        "status": status, "tags": tags, "links": links, "is_external": False, **extra,
    }


def _socle_needs(code: str, socle) -> dict[str, dict]:
    needs = {}
    for r in socle.requirements:
        sec = socle.sections.get(r.section)
        nid = need_id(r.id)
        needs[nid] = _need(
            nid, title=f"{r.id} {r.fonction}", content=r.enonce, doc=socle_doc(code), anchor=r.id,
            section=f"{r.section} {sec.libelle if sec else ''}".strip(), status=r.statut or "Active",
            tags=["socle", code, r.nature, r.criticite],
            links=[need_id(r.remplace)] if r.remplace else [],
            extra={"segur_id": r.id, "dispositif": "", "vague": ",".join(r.vagues), "nature": r.nature,
                   "criticite": r.criticite, "profils": list(r.profils), "bloc": r.bloc, "fonction": r.fonction})
    return needs


def _dispositif_needs(corpus: Corpus, d) -> dict[str, dict]:
    needs = {}
    prev = corpus.dispositifs.get(d.precedent) if d.precedent else None
    prev_ids = {x.id for x in prev.rem} if prev else set()
    for r in d.rem:
        links = []
        if r.socle:
            links.append(need_id(r.base.id))
        if r.id_precedent and r.id_precedent in prev_ids:
            links.append(need_id(prev.id, r.id_precedent))
        nid = need_id(d.id, r.id)
        needs[nid] = _need(
            nid, title=f"{r.id} {r.fonction}", content=r.enonce, doc=dispositif_doc(d),
            anchor=r.id, section=f"{r.section.code} {r.section.libelle}", status=r.statut,
            tags=[d.id, d.vague, r.socle or "propre", r.nature, r.criticite],
            links=links,
            extra={"segur_id": r.id, "dispositif": d.id, "vague": d.vague, "nature": r.nature,
                   "criticite": r.criticite, "profils": list(r.profils), "bloc": r.bloc, "fonction": r.fonction})
    return needs


def _groups(corpus: Corpus):
    """(group name, builder) in the order their needs enter the file."""
    for code, socle in corpus.socles.items():
        yield f"socle:{code}", (lambda code=code, socle=socle: _socle_needs(code, socle))
    for d in corpus.dispositifs.values():
        yield f"dispositif:{d.id}", (lambda d=d: _dispositif_needs(corpus, d))


def _envelope(corpus: Corpus, needs, amount: int | None = None) -> dict:
    dates = sorted(d.date for d in corpus.dispositifs.values())
    version = dates[-1] if dates else "0"
    return {
        "created": "",
        "current_version": version,
        "project": "segur-spec",
        "versions": {version: {"created": "", "creator": {"program": "segur-spec", "version": __version__},
                               "needs_amount": len(needs) if amount is None else amount,
                               "needs": needs}},
    }


def build_needs(corpus: Corpus) -> dict:
    needs: dict[str, dict] = {}
    for _, build in _groups(corpus):
        needs.update(build())
    return _envelope(corpus, needs)


def _dumps(obj) -> str:
    # compact: the C encoder (indent forces the pure-Python one, ~10x slower at 3,000 needs)
    return json.dumps(obj, ensure_ascii=False, separators=(",", ":"), sort_keys=True)


def needs_json(corpus: Corpus) -> str:
    return _dumps(build_needs(corpus)) + "\n"


_SLOT = "@@segur-needs@@"


def group_key(corpus: Corpus, deps, group: str) -> str:
    """The inputs of one group of needs: its socle file, or its dispositif's file, the
    previous version's file and the socle files it picks from (plus `deps.base`)."""
    kind, name = group.split(":", 1)
    if kind == "socle":
        return deps.key("needs", group, deps.file(corpus.socles[name].file))
    d = corpus.dispositifs[name]
    prev = corpus.dispositifs.get(d.precedent) if d.precedent else None
    socles = sorted({r.socle for r in d.rem if r.socle})
    return deps.key("needs", group, deps.file(d.file), deps.file(prev.file if prev else None),
                    *(deps.file(corpus.socles[s].file if s in corpus.socles else None) for s in socles))


def needs_cached(corpus: Corpus, path: Path, out: Path) -> int:
    """Write `out/needs.json` (the same bytes as `needs_json`), serialising again only the
    groups of needs (one per socle, one per dispositif) whose inputs changed since the
    previous build; the others come from the cache file `path` (a pickle this function
    wrote). When no group changed and the file is the one written then (size and time),
    nothing is written. Returns the number of needs."""
    from .pages.units import Deps
    deps = Deps(corpus, None)
    target = out / "needs.json"
    old = _read_cache(path)
    new, merged, missed = {}, {}, False
    for group, build in _groups(corpus):
        key = group_key(corpus, deps, group)
        hit = old["groups"].get(group)
        if isinstance(hit, tuple) and len(hit) == 2 and hit[0] == key:
            items = hit[1]
        else:
            items, missed = {nid: _dumps(need) for nid, need in build().items()}, True
        new[group] = (key, items)
        merged.update(items)
    if not missed and len(new) == len(old["groups"]) and old["stat"] == _stat(target):
        return len(merged)
    head, tail = _dumps(_envelope(corpus, _SLOT, len(merged))).split(_dumps(_SLOT), 1)
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = target.with_name("needs.json.tmp")
    with open(tmp, "w", encoding="utf-8", newline="") as f:      # streamed: 31 MB at 20,000 needs
        f.write(head + "{")
        for i, nid in enumerate(sorted(merged)):
            f.write(("," if i else "") + _dumps(nid) + ":" + merged[nid])
        f.write("}" + tail + "\n")
    if target.is_file() and filecmp.cmp(tmp, target, shallow=False):
        tmp.unlink()
    else:
        os.replace(tmp, target)
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(path.name + ".tmp")
    tmp.write_bytes(pickle.dumps({"groups": new, "stat": _stat(target)}, protocol=pickle.HIGHEST_PROTOCOL))
    os.replace(tmp, path)
    return len(merged)


def _stat(path: Path) -> tuple | None:
    try:
        st = path.stat()
    except OSError:
        return None
    return (st.st_size, st.st_mtime_ns)


def _read_cache(path: Path) -> dict:
    try:
        old = pickle.loads(path.read_bytes())
    except (OSError, pickle.UnpicklingError, EOFError, ValueError, TypeError, AttributeError):
        old = None
    if not isinstance(old, dict) or not isinstance(old.get("groups"), dict):
        return {"groups": {}, "stat": None}
    return old
