"""Write `releases/<dispositif>.yaml`: one entry per released version, oldest first.

The file is written by `segur release` only; it is YAML whose scalars are JSON strings
(one element per line), so a record reads well in a diff and parses with any YAML
reader. It is validated against `schemas/release.json` before it replaces the old one.
"""
from __future__ import annotations

import json
import os
from pathlib import Path

from ..loaders.located_yaml import load_yaml
from ..loaders.schemas import validate
from ..model import Release

HEADER = ("# Versions publiées de {did}, écrites par `segur release` : ne pas modifier à la main.\n"
          "# Chaque version nomme le commit git de ses données, le sha256 de chaque fichier publié\n"
          "# et une empreinte de chaque champ publié (règle VERSION-FROZEN).\n")


def _q(value: str) -> str:
    return json.dumps(value, ensure_ascii=False)


def record_path(root: Path, did: str) -> Path:
    return Path(root) / "releases" / f"{did}.yaml"


def render(did: str, releases: list[dict]) -> str:
    """YAML text of a record; `releases` are plain dicts in the schema's shape."""
    out = [HEADER.format(did=did), "format: 1\n", f"dispositif: {_q(did)}\n", "versions:\n"]
    for r in releases:
        out.append(f"  - version: {_q(r['version'])}\n")
        out.append(f"    date: {_q(r['date'])}\n")
        out.append(f"    commit: {_q(r['commit'])}\n")
        out.append(f"    pdf: {'true' if r['pdf'] else 'false'}\n")
        out.append("    fichiers:\n" if r["fichiers"] else "    fichiers: []\n")
        for f in r["fichiers"]:
            out.append(f"      - {{chemin: {_q(f['chemin'])}, type: {_q(f['type'])}, "
                       f"octets: {int(f['octets'])}, sha256: {_q(f['sha256'])}}}\n")
        out.append("    contenu:\n" if r["contenu"] else "    contenu: {}\n")
        for key, fields in r["contenu"].items():
            inner = ", ".join(f"{_q(k)}: {_q(v)}" for k, v in fields.items())
            out.append(f"      {_q(key)}: {{{inner}}}\n")
    return "".join(out)


def as_dict(rel: Release) -> dict:
    return {"version": rel.version, "date": rel.date, "commit": rel.commit, "pdf": rel.pdf,
            "fichiers": [{"chemin": f.path, "type": f.kind, "octets": f.size, "sha256": f.sha256}
                         for f in rel.files],
            "contenu": rel.content}


def write_record(root: Path, did: str, releases: list[dict]) -> Path:
    """Validate, then atomically replace the record file."""
    text = render(did, releases)
    data, _, _ = load_yaml(text)
    errors = list(validate("release", data))
    if errors:   # our own output: a bug, never user data
        raise ValueError(f"enregistrement de version invalide : {errors[0][1]}")
    path = record_path(root, did)
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    tmp.write_text(text, "utf-8")
    os.replace(tmp, path)
    return path
