"""`needs.json` in the sphinx-needs format, so other Sphinx projects can `needimport` us.

Need ids must match sphinx-needs' default `needs_id_regex` (`^[A-Z0-9_]{5,}`) and must
not hold dots (sphinx-needs reads `A.B` as part B of need A): a socle requirement
`SC.DMP/UX.01` becomes `SC_DMP_UX_01`, a REM requirement `LGC.DMP.01` of `MDV-LGC-Va2`
becomes `MDV_LGC_VA2__LGC_DMP_01`. The original id is kept in `segur_id`.
The file carries no timestamp: same corpus, same bytes.
"""
from __future__ import annotations

import json
import re

from .. import __version__
from ..model import Corpus
from .pages import dispositif_doc, socle_doc


def need_id(*parts: str) -> str:
    return "__".join(re.sub(r"[^A-Za-z0-9]+", "_", p).strip("_").upper() for p in parts)


def build_needs(corpus: Corpus) -> dict:
    needs: dict[str, dict] = {}

    def add(nid, *, title, content, doc, anchor, section, status, tags, links, extra):
        needs[nid] = {
            "id": nid, "type": "req", "type_name": "Exigence", "title": title,
            "description": content, "content": content, "docname": doc,
            "external_url": f"{doc}.html#{anchor}", "section_name": section, "sections": [section],
            "status": status, "tags": tags, "links": links, "is_external": False, **extra,
        }

    for code, socle in corpus.socles.items():
        for r in socle.requirements:
            sec = socle.sections.get(r.section)
            add(need_id(r.id), title=f"{r.id} {r.fonction}", content=r.enonce, doc=socle_doc(code), anchor=r.id,
                section=f"{r.section} {sec.libelle if sec else ''}".strip(), status=r.statut or "Active",
                tags=["socle", code, r.nature, r.criticite],
                links=[need_id(r.remplace)] if r.remplace else [],
                extra={"segur_id": r.id, "dispositif": "", "vague": ",".join(r.vagues), "nature": r.nature,
                       "criticite": r.criticite, "profils": list(r.profils), "bloc": r.bloc, "fonction": r.fonction})
    for d in corpus.dispositifs.values():
        prev = corpus.dispositifs.get(d.precedent) if d.precedent else None
        prev_ids = {x.id for x in prev.rem} if prev else set()
        for r in d.rem:
            links = []
            if r.socle:
                links.append(need_id(r.base.id))
            if r.id_precedent and r.id_precedent in prev_ids:
                links.append(need_id(prev.id, r.id_precedent))
            add(need_id(d.id, r.id), title=f"{r.id} {r.fonction}", content=r.enonce, doc=dispositif_doc(d),
                anchor=r.id, section=f"{r.section.code} {r.section.libelle}", status=r.statut,
                tags=[d.id, d.vague, r.socle or "propre", r.nature, r.criticite],
                links=links,
                extra={"segur_id": r.id, "dispositif": d.id, "vague": d.vague, "nature": r.nature,
                       "criticite": r.criticite, "profils": list(r.profils), "bloc": r.bloc, "fonction": r.fonction})
    dates = sorted(d.date for d in corpus.dispositifs.values())
    version = dates[-1] if dates else "0"
    return {
        "created": "",
        "current_version": version,
        "project": "segur-spec",
        "versions": {version: {"created": "", "creator": {"program": "segur-spec", "version": __version__},
                               "needs_amount": len(needs), "needs": needs}},
    }


def needs_json(corpus: Corpus) -> str:
    # compact: the C encoder (indent forces the pure-Python one, ~10x slower at 3,000 needs)
    return json.dumps(build_needs(corpus), ensure_ascii=False, separators=(",", ":"), sort_keys=True) + "\n"
