"""Compare two sets of dispositif views requirement by requirement and classify each change.

Matching, in order: same id; a new requirement whose `id_precedent` names an unmatched old
one (or equals the unmatched old one's `id_precedent`: a wave-2 requirement renumbered
between two versions); an unmatched old and new requirement with the same text (editorially) — the last two
are *renumbered*. Every matched pair is then compared field by field (kinds in `kinds.py`).
"""
from __future__ import annotations

from dataclasses import dataclass

from .kinds import MOVED_FIELDS
from .views import DispositifView, ReqView
from .words import editorial_form, modality, without_modality


@dataclass(frozen=True, slots=True)
class Change:
    dispositif: str
    id: str                  # id in NEW (in OLD for a removal)
    kind: str
    old: object = None
    new: object = None
    old_id: str | None = None
    field: str = ""          # for moved / scenario / proof: which field or sub-id
    section: str = ""        # for grouping in reports

    def as_dict(self) -> dict:
        d = {"dispositif": self.dispositif, "id": self.id, "kind": self.kind, "old": self.old, "new": self.new}
        if self.old_id and self.old_id != self.id:
            d["old_id"] = self.old_id
        if self.field:
            d["field"] = self.field
        return d


def _match(old: dict, new: dict) -> list[tuple[ReqView | None, ReqView | None]]:
    pairs: list[tuple[ReqView | None, ReqView | None]] = []
    left = {k: v for k, v in old.items() if k not in new}
    unmatched_new = []
    for rid, n in new.items():
        o = old.get(rid)
        if o is not None:
            pairs.append((o, n))
        else:
            unmatched_new.append(n)
    rest = []
    by_previous = {o.id_precedent: o.id for o in left.values() if o.id_precedent}
    for n in unmatched_new:
        o = None
        if n.id_precedent:   # renumbered: NEW names OLD, or both carry the same previous-wave id
            o = left.pop(n.id_precedent, None) or left.pop(by_previous.get(n.id_precedent, ""), None)
        if o is not None:
            pairs.append((o, n))
        else:
            rest.append(n)
    by_text: dict[str, list[ReqView]] = {}
    for o in left.values():
        by_text.setdefault(editorial_form(o.enonce), []).append(o)
    for n in rest:
        cands = by_text.get(editorial_form(n.enonce))
        if cands and (n.socle or "") == (cands[0].socle or ""):
            o = cands.pop(0)
            del left[o.id]
            pairs.append((o, n))
        else:
            pairs.append((None, n))
    pairs.extend((o, None) for o in left.values())
    return pairs


def _text_changes(did: str, o: ReqView, n: ReqView, sec: str) -> list[Change]:
    if o.enonce == n.enonce:
        return []
    args = dict(old=o.enonce, new=n.enonce, old_id=o.id, section=sec)
    if editorial_form(o.enonce) == editorial_form(n.enonce):
        return [Change(did, n.id, "editorial", **args)]
    out = []
    mo, mn = modality(o.enonce), modality(n.enonce)
    if mo == "PEUT" and mn == "DOIT":
        out.append(Change(did, n.id, "strengthened", **args))
    elif mo == "DOIT" and mn == "PEUT":
        out.append(Change(did, n.id, "weakened", **args))
    if not out or without_modality(o.enonce) != without_modality(n.enonce):
        out.append(Change(did, n.id, "text", **args))
    return out


def _suffix(child_id: str, parent_id: str) -> str:
    return child_id[len(parent_id):] if child_id.startswith(parent_id) else child_id


def _scen_content(scenarios) -> tuple:
    """Scenarios without their line numbers: (id, texte, ((proof id, texte), …))."""
    return tuple((s[0], s[1], tuple((p[0], p[1]) for p in s[2])) for s in scenarios)


def _same_scenarios(a, b) -> bool:
    return a is None or b is None or a == b or _scen_content(a) == _scen_content(b)


def _scenario_changes(did: str, o: ReqView, n: ReqView, sec: str) -> list[Change]:
    if _same_scenarios(o.scenarios, n.scenarios):
        return []
    out = []
    old_s = {_suffix(s[0], o.id): s for s in o.scenarios}
    new_s = {_suffix(s[0], n.id): s for s in n.scenarios}
    for key in list(new_s) + [k for k in old_s if k not in new_s]:
        so, sn = old_s.get(key), new_s.get(key)
        sid = (sn or so)[0]
        if so is None or sn is None or so[1] != sn[1]:
            out.append(Change(did, n.id, "scenario", so[1] if so else None, sn[1] if sn else None, o.id, sid, sec))
        if so is None or sn is None:
            continue
        old_p = {_suffix(p[0], so[0]): p for p in so[2]}
        new_p = {_suffix(p[0], sn[0]): p for p in sn[2]}
        for pk in list(new_p) + [k for k in old_p if k not in new_p]:
            po, pn = old_p.get(pk), new_p.get(pk)
            if po is None or pn is None or po[1] != pn[1]:
                out.append(Change(did, n.id, "proof", po[1] if po else None, pn[1] if pn else None, o.id,
                                  (pn or po)[0], sec))
    return out


def _pair_changes(did: str, o: ReqView, n: ReqView) -> list[Change]:
    sec = n.section
    out = []
    if o.id != n.id:
        out.append(Change(did, n.id, "renumbered", o.id, n.id, o.id, section=sec))
    out.extend(_text_changes(did, o, n, sec))
    for f in ("nature", "criticite", "profils", "conditionnelle", "referentiels"):
        a, b = getattr(o, f), getattr(n, f)
        if a is not None and b is not None and a != b:
            out.append(Change(did, n.id, f, list(a) if isinstance(a, tuple) else a,
                              list(b) if isinstance(b, tuple) else b, o.id, section=sec))
    for f in MOVED_FIELDS:
        a, b = getattr(o, f), getattr(n, f)
        if a != b:
            out.append(Change(did, n.id, "moved", a, b, o.id, f, sec))
    out.extend(_scenario_changes(did, o, n, sec))
    return out


def diff_dispositif(did: str, old: DispositifView | None, new: DispositifView | None) -> list[Change]:
    old_r = old.requirements if old else {}
    new_r = new.requirements if new else {}
    out: list[Change] = []
    for o, n in _match(old_r, new_r):
        if o is None:
            out.append(Change(did, n.id, "pick-added" if n.socle else "added", None, n.enonce, section=n.section))
        elif n is None:
            out.append(Change(did, o.id, "pick-removed" if o.socle else "removed", o.enonce, None, o.id,
                              section=o.section))
        elif o != n and (o.id != n.id or _differs(o, n)):
            out.extend(_pair_changes(did, o, n))
    return out


def _differs(o: ReqView, n: ReqView) -> bool:
    """Any compared field differs (a field unknown on one side — snapshot views — is not compared)."""
    if (o.enonce, o.nature, o.section, o.bloc, o.fonction) != (n.enonce, n.nature, n.section, n.bloc, n.fonction):
        return True
    for f in ("criticite", "profils", "conditionnelle", "referentiels"):
        a, b = getattr(o, f), getattr(n, f)
        if a is not None and b is not None and a != b:
            return True
    return not _same_scenarios(o.scenarios, n.scenarios)


def diff(old: dict[str, DispositifView], new: dict[str, DispositifView],
         only: set[str] | None = None) -> list[Change]:
    """Changes for every dispositif of either side (programme order of NEW, then OLD-only)."""
    out: list[Change] = []
    for did in list(new) + [d for d in old if d not in new]:
        if only and did not in only:
            continue
        out.extend(diff_dispositif(did, old.get(did), new.get(did)))
    return out


def counts(changes: list[Change]) -> dict[str, int]:
    out: dict[str, int] = {}
    for c in changes:
        out[c.kind] = out.get(c.kind, 0) + 1
    return out
