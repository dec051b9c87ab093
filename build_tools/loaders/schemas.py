"""JSON Schema validation of loaded files.

fastjsonschema decides quickly whether a document is valid; only an invalid document is
re-validated with jsonschema to collect every error with its path (never just the first).
"""
from __future__ import annotations

import json
from functools import lru_cache
from importlib import resources

import fastjsonschema
import jsonschema

from .schema_messages import french

SCHEMA_FILES = ("programme", "referentiels", "socle", "dispositif", "financement", "scope", "tables",
                "comments", "snapshot", "release")


def _inline(node, loaded: dict):
    if isinstance(node, dict):
        ref = node.get("$ref")
        if isinstance(ref, str) and ref.endswith(".json") and not ref.startswith("#"):
            target = {k: v for k, v in raw_schema(ref[:-5]).items() if k not in ("$schema", "$id")}
            return _inline(target, loaded)
        return {k: _inline(v, loaded) for k, v in node.items()}
    if isinstance(node, list):
        return [_inline(v, loaded) for v in node]
    return node


@lru_cache(maxsize=None)
def raw_schema(name: str) -> dict:
    text = resources.files("build_tools.schemas").joinpath(f"{name}.json").read_text("utf-8")
    return json.loads(text)


@lru_cache(maxsize=None)
def schema(name: str) -> dict:
    """The schema with references to sibling files inlined (self-contained)."""
    return _inline(raw_schema(name), {})


@lru_cache(maxsize=None)
def _fast(name: str):
    return fastjsonschema.compile(schema(name))


@lru_cache(maxsize=None)
def _full(name: str):
    s = schema(name)
    cls = jsonschema.validators.validator_for(s)
    return cls(s)


def table_row_schema(table: str) -> dict:
    return schema("tables")["$defs"][table]


@lru_cache(maxsize=None)
def _fast_table(table: str):
    return fastjsonschema.compile(table_row_schema(table))


def _messages(validator, data) -> list[tuple[tuple, str]]:
    out = []
    for err in validator.iter_errors(data):
        # for oneOf/anyOf the context errors are more telling than the summary
        best = jsonschema.exceptions.best_match(err.context) if err.context else err
        path = tuple(best.absolute_path) or tuple(err.absolute_path)
        where = "/".join(str(p) for p in path)
        if best.validator == "additionalProperties" and isinstance(best.instance, dict):
            known = (best.schema.get("properties") or {}).keys()
            extra = [k for k in best.instance if k not in known]
            path = path + tuple(extra[:1])          # the line of the unknown key itself
        out.append((path, f"{where} : {french(best)}" if where else french(best)))
    out.sort(key=lambda e: [str(p) for p in e[0]])
    return out


def validate(name: str, data) -> list[tuple[tuple, str]]:
    """Return [(path, message)] for every schema error of `data` ([] when valid)."""
    try:
        _fast(name)(data)
        return []
    except fastjsonschema.JsonSchemaException:
        return _messages(_full(name), data) or [((), "non conforme au schéma")]


def validate_row(table: str, row: dict) -> list[tuple[tuple, str]]:
    try:
        _fast_table(table)(row)
        return []
    except fastjsonschema.JsonSchemaException:
        s = table_row_schema(table)
        return _messages(jsonschema.Draft202012Validator(s), row)
