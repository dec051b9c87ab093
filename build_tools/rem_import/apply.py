"""Apply planned changes to the YAML data files with ruamel.yaml round-trip.

Comments, key order, quoting and untouched records are preserved; a changed scenario
list is edited in place (untouched scenarios and proofs keep their style and the comments
around them; a changed text keeps its scalar style); a file without changes is not
rewritten. All files are prepared first and written only if every one
could be prepared (no half-applied import).
"""
from __future__ import annotations

import io
import os
from pathlib import Path

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.scalarstring import FoldedScalarString, ScalarString

from .plan import Change

LONG_TEXT = 80


def _yaml() -> YAML:
    y = YAML()                                    # round-trip; mappings indented by 2 (its default)
    y.indent(sequence=4, offset=2)
    y.width = 4096
    y.preserve_quotes = True
    return y


def _folded(value: str, width: int = 84) -> FoldedScalarString:
    """A `>-` block folded at spaces like the hand-written files (lines of ≤ width)."""
    text = FoldedScalarString(value)
    folds, start = [], 0
    while len(value) - start > width:
        cut = value.rfind(" ", start, start + width)
        if cut <= start:
            break
        folds.append(cut)
        start = cut + 1
    text.fold_pos = folds
    return text


def _text(value: str, like=None):
    if "\n" in value:
        return value
    if isinstance(like, FoldedScalarString) or (like is None and len(value) > LONG_TEXT):
        return _folded(value)
    if isinstance(like, ScalarString):       # quoted or literal: keep the author's style
        return type(like)(value)
    return value


def _flow(mapping: dict) -> CommentedMap:
    m = CommentedMap(mapping)
    m.fa.set_flow_style()
    return m


def _scenarios(value: list) -> CommentedSeq:
    seq = CommentedSeq()
    for s in value:
        m = CommentedMap()
        m["id"] = s["id"]
        m["texte"] = _text(s["texte"])
        proofs = CommentedSeq(_flow({"id": p["id"], "texte": p["texte"]}) for p in s["preuves"])
        m["preuves"] = proofs
        seq.append(m)
    return seq


def _update_items(seq, new: list, make, update) -> None:
    """Edit `seq` (maps with an id) into `new` in place: removed items deleted, kept ones
    updated by `update(node, item)`, new ones made by `make(item)` at their position."""
    wanted = [item["id"] for item in new]
    for i in range(len(seq) - 1, -1, -1):
        if seq[i].get("id") not in wanted:
            del seq[i]
    for i, item in enumerate(new):
        if i < len(seq) and seq[i].get("id") == item["id"]:
            update(seq[i], item)
            continue
        node = next((x for x in seq if x.get("id") == item["id"]), None)
        if node is not None:
            seq.remove(node)
            update(node, item)
        seq.insert(i, node if node is not None else make(item))


def _update_proof(node, p: dict) -> None:
    if node.get("texte") != p["texte"]:
        node["texte"] = _text(p["texte"], node.get("texte"))


def _update_scenario(node, s: dict) -> None:
    if node.get("texte") != s["texte"]:
        node["texte"] = _text(s["texte"], node.get("texte"))
    proofs = node.get("preuves")
    if proofs is None:
        node["preuves"] = CommentedSeq(_flow({"id": p["id"], "texte": p["texte"]}) for p in s["preuves"])
        return
    _update_items(proofs, s["preuves"], lambda p: _flow({"id": p["id"], "texte": p["texte"]}), _update_proof)


def _set_field(node, field: str, new) -> None:
    old = node.get(field)
    if field == "scenarios" and isinstance(old, CommentedSeq):
        _update_items(old, new, lambda s: _scenarios([s])[0], _update_scenario)
    else:
        node[field] = _value(field, new, old)


def _value(field: str, new, old_node):
    if field == "scenarios":
        return _scenarios(new)
    if field in ("profils", "referentiels"):
        seq = CommentedSeq(new)
        seq.fa.set_flow_style()
        return seq
    if isinstance(new, str):
        return _text(new, old_node)
    return new


def _record(item: dict) -> CommentedMap:
    m = CommentedMap()
    for k, v in item.items():
        m[k] = _value(k, v, None)
    return m


def apply_changes(root: Path, changes: list[Change]) -> list[str]:
    """Edit the files named by the changes; return the files written."""
    return write_prepared(root, prepare_changes(root, changes))


def prepare_changes(root: Path, changes: list[Change]) -> dict[Path, str]:
    """The new text of every file the changes touch (nothing written)."""
    y = _yaml()
    by_file: dict[str, list[Change]] = {}
    for c in changes:
        by_file.setdefault(c.file, []).append(c)
    prepared: dict[Path, str] = {}
    for rel, file_changes in by_file.items():
        path = root / rel
        data = y.load(path.read_text("utf-8"))
        for c in file_changes:
            items = data.get(c.target)
            if items is None:
                items = data[c.target] = CommentedSeq()
            key = "code" if c.target == "sections" else "id"
            if c.field == "*":
                items.append(_flow(c.new) if c.target in ("socle", "sections") else _record(c.new))
                continue
            node = next((x for x in items if x.get(key) == c.record), None)
            if node is None:
                raise KeyError(f"{rel}: {c.record} not found")
            if c.new is None:
                node.pop(c.field, None)
            else:
                _set_field(node, c.field, c.new)
        buf = io.StringIO()
        y.dump(data, buf)
        prepared[path] = buf.getvalue()
    return prepared


def write_prepared(root: Path, prepared: dict[Path, str]) -> list[str]:
    """Write prepared texts (each through a temporary file and a rename)."""
    for path, text in prepared.items():
        tmp = path.with_name(f".{path.name}.tmp")
        tmp.write_text(text, "utf-8")
        os.replace(tmp, path)
    return sorted(str(p.relative_to(root)) for p in prepared)
