"""A requirement as a YAML record: the key order of docs/data-format.md, optional keys
only when they carry something. Shared by the importers that write new records."""
from __future__ import annotations

KEY_ORDER = ("id", "section", "bloc", "fonction", "nature", "criticite", "profils", "conditionnelle", "vagues",
             "statut", "id_precedent", "enonce", "referentiels", "a_retravailler", "note", "scenarios")
REQUIRED = {"id", "section", "bloc", "fonction", "nature", "criticite", "profils", "enonce"}


def requirement_record(**fields) -> dict:
    """`scenarios` is a list of (id, texte, [(id, texte), …]); None leaves the key out."""
    unknown = set(fields) - set(KEY_ORDER)
    if unknown:
        raise TypeError(f"unknown requirement field(s): {', '.join(sorted(unknown))}")
    record: dict = {}
    for key in KEY_ORDER:
        value = fields.get(key)
        if key == "scenarios" and value is not None:
            value = [{"id": sid, "texte": texte, "preuves": [{"id": pid, "texte": pt} for pid, pt in proofs]}
                     for sid, texte, proofs in value]
        if key in REQUIRED or value:
            record[key] = value
    return record
