"""JSON Schema errors as French sentences, with a "vouliez-vous dire" hint for typos.

jsonschema's own messages are English (`'majeure' is not one of [...]`); authors read
French. Each keyword the schemas use has a sentence; an unexpected value or key is
compared with the allowed ones (difflib) to suggest the closest.
"""
from __future__ import annotations

import difflib

TYPES = {"string": "un texte", "integer": "un nombre entier", "number": "un nombre", "boolean": "true ou false",
         "array": "une liste", "object": "un ensemble de champs (mapping)", "null": "vide"}


def _show(value) -> str:
    text = repr(value) if not isinstance(value, str) else f"« {value} »"
    return text if len(text) <= 80 else text[:77] + "…"


def suggestion(value, allowed) -> str:
    """' (vouliez-vous dire « Majeure » ?)' when one allowed value is close to `value`."""
    if not isinstance(value, str):
        return ""
    options = [str(a) for a in allowed if a is not None]
    lowered = {o.lower(): o for o in options}
    best = lowered.get(value.strip().lower())
    if best is None:
        close = difflib.get_close_matches(value.lower(), list(lowered), n=1, cutoff=0.6)
        best = lowered[close[0]] if close else None
    return f" (vouliez-vous dire « {best} » ?)" if best is not None and best != value else ""


def _type_names(t) -> str:
    names = [TYPES.get(x, x) for x in (t if isinstance(t, list) else [t])]
    return " ou ".join(names)


def french(error) -> str:
    """One jsonschema ValidationError as a French sentence."""
    kw, arg, value = error.validator, error.validator_value, error.instance
    if kw == "enum":
        allowed = ", ".join(_show(a) for a in arg)
        return f"valeur {_show(value)} non acceptée{suggestion(value, arg)} ; valeurs possibles : {allowed}"
    if kw == "const":
        return f"valeur {_show(value)} non acceptée : {_show(arg)} attendu"
    if kw == "required":
        missing = [k for k in arg if isinstance(value, dict) and k not in value]
        return f"champ obligatoire absent : {', '.join(missing) or ', '.join(arg)}"
    if kw == "additionalProperties":
        known = list((error.schema.get("properties") or {}).keys())
        extra = [k for k in value if k not in known] if isinstance(value, dict) else []
        parts = [f"« {k} »{suggestion(k, known)}" for k in extra]
        return f"champ inconnu {', '.join(parts)}" + (f" ; champs possibles : {', '.join(known)}" if known else "")
    if kw == "type":
        return f"{_show(value)} n'est pas {_type_names(arg)}"
    if kw == "pattern":
        return f"{_show(value)} n'a pas la forme attendue (motif {arg})"
    if kw in ("minLength", "maxLength"):
        return (f"texte vide ou trop court (au moins {arg} caractère(s))" if kw == "minLength"
                else f"texte trop long ({len(value)} caractères, au plus {arg})")
    if kw in ("minItems", "maxItems"):
        return (f"liste trop courte (au moins {arg} élément(s))" if kw == "minItems"
                else f"liste trop longue ({len(value)} éléments, au plus {arg})")
    if kw in ("minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum"):
        bound = {"minimum": "au moins", "maximum": "au plus", "exclusiveMinimum": "plus de",
                 "exclusiveMaximum": "moins de"}[kw]
        return f"{_show(value)} hors limites ({bound} {arg})"
    if kw == "uniqueItems":
        return "la liste contient deux fois le même élément"
    if kw in ("oneOf", "anyOf"):
        return f"{_show(value)} ne correspond à aucune des formes acceptées"
    if kw == "not":
        return f"{_show(value)} n'est pas accepté ici"
    if kw == "format":
        return f"{_show(value)} n'est pas au format {arg}"
    return f"valeur non conforme au schéma ({kw}) [{error.message}]"
