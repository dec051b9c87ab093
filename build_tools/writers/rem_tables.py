"""REM as CSV (French Excel: UTF-8 with BOM, ';') and JSON (one record per requirement).

A CSV is opened by spreadsheets, which evaluate a cell that starts like a formula. Every
CSV cell starting with `=`, `+`, `-`, `@`, a tab or a carriage return is written with a
leading `'` (OWASP's advice against CSV injection); the JSON keeps the raw text.
"""
from __future__ import annotations

import csv
import io
import json

from ..rem_rows import REM_COLUMNS, rem_rows, requirement_record
from . import Artifact, PublishContext, dispositif_dir, writer

JSON_SCHEMA_NAME = "exigences.schema.json"


FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def neutralise(cell: str) -> str:
    """A cell a spreadsheet would read as a formula gets a leading apostrophe (shown as text)."""
    return "'" + cell if cell.startswith(FORMULA_START) else cell


def csv_text(rows: list[list[str]]) -> str:
    buf = io.StringIO(newline="")
    w = csv.writer(buf, delimiter=";")      # csv's excel dialect: CRLF line ends, minimal quoting
    w.writerow([neutralise(c) for c in REM_COLUMNS])
    w.writerows([neutralise(c) for c in row] for row in rows)
    return "\ufeff" + buf.getvalue()


def published_schema() -> dict:
    s = {"type": "string"}
    nullable = {"type": ["string", "null"]}
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": JSON_SCHEMA_NAME,
        "title": "Exigences d'un REM Ségur (une entrée par exigence)",
        "type": "array",
        "items": {
            "type": "object", "additionalProperties": False,
            "required": ["id", "dispositif", "vague", "section", "bloc", "fonction", "nature", "criticite",
                         "profils", "conditionnelle", "enonce", "referentiels", "origine", "id_socle", "statut",
                         "id_precedent", "enonce_precedent", "scenarios"],
            "properties": {
                "id": s, "dispositif": s, "vague": s,
                "section": {"type": "object", "additionalProperties": False, "required": ["code", "libelle"],
                            "properties": {"code": s, "libelle": s}},
                "bloc": s, "fonction": s, "nature": {"enum": ["Exigence", "Préconisation"]},
                "criticite": {"enum": ["Majeure", "Mineure"]}, "profils": {"type": "array", "items": s},
                "conditionnelle": {"type": "boolean"}, "enonce": s, "referentiels": {"type": "array", "items": s},
                "origine": s, "id_socle": nullable,
                "statut": {"enum": ["Nouvelle", "Modifiée", "Inchangée", "Obsolète"]},
                "id_precedent": nullable, "enonce_precedent": nullable,
                "scenarios": {"type": "array", "items": {
                    "type": "object", "additionalProperties": False, "required": ["id", "texte", "preuves"],
                    "properties": {"id": s, "texte": s, "preuves": {"type": "array", "maxItems": 10, "items": {
                        "type": "object", "additionalProperties": False, "required": ["id", "texte"],
                        "properties": {"id": s, "texte": s}}}}}},
            },
        },
    }


@writer("rem-tables", "exigences-<dispositif>.csv and .json, with the JSON Schema")
def write_rem_tables(ctx: PublishContext) -> list[Artifact]:
    out: list[Artifact] = []
    (ctx.out / JSON_SCHEMA_NAME).write_text(
        json.dumps(published_schema(), ensure_ascii=False, indent=2) + "\n", "utf-8")
    out.append(Artifact(JSON_SCHEMA_NAME, "schema"))
    for d in ctx.corpus.dispositifs.values():
        folder = dispositif_dir(d)
        (ctx.out / folder).mkdir(parents=True, exist_ok=True)
        name = f"{folder}/exigences-{d.id}.csv"
        (ctx.out / name).write_bytes(csv_text(rem_rows(d)).encode("utf-8"))
        out.append(Artifact(name, "csv", d.id, d.vague))
        records = [requirement_record(ctx.corpus, d, r) for r in d.rem]
        name = f"{folder}/exigences-{d.id}.json"
        (ctx.out / name).write_text(json.dumps(records, ensure_ascii=False, indent=1) + "\n", "utf-8")
        out.append(Artifact(name, "json", d.id, d.vague))
    return out
