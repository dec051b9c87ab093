"""Text and JSON renderings of a list of changes (the terminal and machine outputs of `segur diff`)."""
from __future__ import annotations

import json

from .diff import Change, counts
from .kinds import KINDS
from ..worddiff import inline

TEXT_KINDS = ("text", "editorial", "strengthened", "weakened", "scenario", "proof")


def _short(value) -> str:
    if value is None:
        return "—"
    if isinstance(value, list):
        return ", ".join(map(str, value)) or "—"
    if isinstance(value, bool):
        return "oui" if value else "non"
    return str(value)


def describe(c: Change) -> str:
    label = KINDS[c.kind]
    if c.kind in ("added", "pick-added"):
        return f"{label} : {c.new}"
    if c.kind in ("removed", "pick-removed"):
        return f"{label} : {c.old}"
    if c.kind == "renumbered":
        return f"{label} : {c.old} → {c.new}"
    where = f" {c.field}" if c.field and c.kind in ("scenario", "proof") else ""
    if c.kind in TEXT_KINDS and isinstance(c.old, str) and isinstance(c.new, str):
        return f"{label}{where} : {inline(c.old, c.new)}"
    if c.kind in ("scenario", "proof"):
        state = "ajouté" if c.old is None else "retiré" if c.new is None else "modifié"
        return f"{label}{where} ({state}) : {_short(c.old)} → {_short(c.new)}"
    field = f" ({c.field})" if c.field else ""
    return f"{label}{field} : {_short(c.old)} → {_short(c.new)}"


def text_report(changes: list[Change], old_label: str, new_label: str) -> str:
    lines = [f"segur diff : {old_label} → {new_label}"]
    for c in changes:
        lines.append(f"{c.dispositif} {c.id} [{c.kind}] {describe(c)}")
    total = counts(changes)
    if not changes:
        lines.append("aucune différence")
    else:
        lines.append(f"{len(changes)} changement(s) : " + ", ".join(f"{k} {total[k]}" for k in KINDS if k in total))
    return "\n".join(lines) + "\n"


def json_report(changes: list[Change], old_label: str, new_label: str) -> str:
    doc = {"old": old_label, "new": new_label, "kinds": KINDS, "counts": counts(changes),
           "changes": [c.as_dict() for c in changes]}
    return json.dumps(doc, ensure_ascii=False, indent=1) + "\n"
