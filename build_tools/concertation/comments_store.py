"""concertation/<IT>/comments.yaml, edited with ruamel.yaml round-trip.

New comments are appended; existing entries (and the authors' answers, comments and
formatting in the file) are never rewritten.
"""
from __future__ import annotations

import io
import os
from pathlib import Path

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.error import YAMLError
from ruamel.yaml.scalarstring import LiteralScalarString

from . import OPEN, concertation_dir

HEADER = """\
# Commentaires de concertation {it} — écrits par `segur concertation import`.
# Les auteurs répondent ici : statut (à traiter | intégré | partiellement intégré | rejeté |
# sans objet) et reponse. Ne modifiez ni l'id ni le texte d'un commentaire importé.
"""
ORDER = ("id", "dispositif", "exigence", "organisation", "contact", "date", "type", "colonne", "actuel",
         "propose", "reponse_a", "citation", "texte", "fichier", "ligne", "annotation", "page", "statut", "reponse")


class StoreError(Exception):
    pass


def _yaml() -> YAML:
    y = YAML()               # round-trip
    y.width = 4096
    y.indent(sequence=4, offset=2)           # mappings indented by 2: ruamel's default
    y.preserve_quotes = True
    return y


def _scalar(value):
    if isinstance(value, str) and "\n" in value:
        return LiteralScalarString(value)      # `|-`: the text's own line breaks, no trailing one
    return value


class CommentsStore:
    def __init__(self, root: str | Path, iteration: str):
        self.iteration = iteration
        self.path = concertation_dir(root, iteration) / "comments.yaml"
        self._yaml = _yaml()
        self.added: list[dict] = []
        if self.path.is_file():
            try:
                self.doc = self._yaml.load(self.path.read_text("utf-8"))
            except YAMLError as exc:
                raise StoreError(f"{self.path} n'est pas un YAML valide ({exc}) : corrigez-le avant l'import") from None
            if not isinstance(self.doc, CommentedMap):
                raise StoreError(f"{self.path} n'est pas un mapping avec `iteration` et `commentaires`")
            if self.doc.get("commentaires") is None:
                self.doc["commentaires"] = CommentedSeq()
        else:
            self.doc = CommentedMap()
            self.doc["iteration"] = iteration
            self.doc["commentaires"] = CommentedSeq()
        self.ids = {str(c.get("id")) for c in self.doc["commentaires"] if isinstance(c, dict)}
        # annotation id (comments made on the site) -> the recorded comment
        self.annotations = {str(c["annotation"]): dict(c) for c in self.doc["commentaires"]
                            if isinstance(c, dict) and c.get("annotation")}

    def add(self, record: dict) -> bool:
        """Append one comment (False: its id, or its annotation id, is already recorded)."""
        if record["id"] in self.ids or (record.get("annotation") and record["annotation"] in self.annotations):
            return False
        m = CommentedMap()
        for k in ORDER:
            v = record.get(k)
            if k == "statut":
                v = v or OPEN
            if k == "reponse":
                v = v or ""
            if v is None or (v == "" and k not in ("reponse",)):
                continue
            m[k] = _scalar(v)
        self.doc["commentaires"].append(m)
        self.ids.add(record["id"])
        if record.get("annotation"):
            self.annotations[record["annotation"]] = record
        self.added.append(record)
        return True

    def text(self) -> str:
        buf = io.StringIO()
        self._yaml.dump(self.doc, buf)
        out = buf.getvalue()
        if not self.path.is_file():
            out = HEADER.format(it=self.iteration) + out
        return out

    def save(self) -> Path:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        tmp = self.path.with_name(f".{self.path.name}.{os.getpid()}.tmp")
        tmp.write_text(self.text(), "utf-8")
        tmp.replace(self.path)
        return self.path
