"""YAML loading that keeps line numbers.

A document loads as plain data (dict, list, str, int, float, bool, None) plus a line table
mapping each path — a tuple of keys and indexes — to the 1-based line where that key or
item starts. Plain data validates fast, pickles fast (the parse cache) and the line table
keeps every message exact. Dates stay strings and only true/false are booleans: codes
such as `OFF` or `NO` remain text.
"""
from __future__ import annotations

import re

import yaml
from yaml.constructor import SafeConstructor
from yaml.events import (AliasEvent, MappingEndEvent, MappingStartEvent, SequenceEndEvent,
                         SequenceStartEvent, StreamEndEvent)
from yaml.nodes import ScalarNode
from yaml.resolver import Resolver

try:  # libyaml parses in C; the pure-Python parser is the fallback
    from yaml.cyaml import CParser as _Parser
except ImportError:  # pragma: no cover
    from yaml.composer import Composer
    from yaml.parser import Parser
    from yaml.reader import Reader
    from yaml.scanner import Scanner

    class _Parser(Reader, Scanner, Parser, Composer):  # type: ignore[no-redef]
        def __init__(self, stream):
            Reader.__init__(self, stream)
            Scanner.__init__(self)
            Parser.__init__(self)
            Composer.__init__(self)


class _Resolver(Resolver):
    pass


_BOOL = "tag:yaml.org,2002:bool"
_Resolver.yaml_implicit_resolvers = {
    first: [(tag, rx) for tag, rx in resolvers if tag not in ("tag:yaml.org,2002:timestamp", _BOOL)]
    for first, resolvers in Resolver.yaml_implicit_resolvers.items()
}
_Resolver.add_implicit_resolver(_BOOL, re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"), list("tTfF"))


class _Loader(_Parser, SafeConstructor, _Resolver):
    def __init__(self, stream):
        _Parser.__init__(self, stream)
        SafeConstructor.__init__(self)
        _Resolver.__init__(self)


_STR = "tag:yaml.org,2002:str"
_NULL = "tag:yaml.org,2002:null"


class YamlError(Exception):
    def __init__(self, line: int, message: str):
        super().__init__(message)
        self.line = line
        self.message = message


MAX_DEPTH = 32           # nesting of mappings/sequences; the data format needs 6
_ANCHOR_HINT = ("les ancres et alias YAML (&nom, *nom) ne font pas partie du format : "
                "recopiez la valeur à chaque endroit")


def _scalar(loader: _Loader, event):
    tag = event.tag
    if tag is None or tag == "!":
        tag = loader.resolve(ScalarNode, event.value, event.implicit)
    if tag == _STR:
        return event.value
    if tag == _NULL:
        return None
    if tag == _BOOL:
        return event.value.lower() == "true"
    # int, float and any explicit tag go through the safe constructor (`!!python/…` is refused)
    return loader.construct_object(ScalarNode(tag, event.value, event.start_mark, event.end_mark, event.style))


def _compose(loader: _Loader, lines: dict, dups: list):
    """Event stream -> plain data, filling `lines`, in one flat pass.

    Anchors, aliases and nesting deeper than MAX_DEPTH are refused at the event where they
    appear, before anything is built: an alias bomb or a 50,000-level nesting costs nothing.
    """
    loader.get_event()                    # StreamStart
    if loader.check_event(StreamEndEvent):
        return None
    loader.get_event()                    # DocumentStart
    # a stack frame: [container, path, line of the container, pending key (mappings)]
    stack: list = []
    root = None
    while True:
        event = loader.get_event()
        line = event.start_mark.line + 1
        if isinstance(event, AliasEvent) or getattr(event, "anchor", None):
            raise YamlError(line, _ANCHOR_HINT)
        if isinstance(event, (MappingEndEvent, SequenceEndEvent)):
            stack.pop()
            if not stack:
                break
            continue
        is_collection = isinstance(event, (MappingStartEvent, SequenceStartEvent))
        if stack:
            frame = stack[-1]
            target, path = frame[0], frame[1]
            if isinstance(target, dict) and frame[3] is _NO_KEY:
                if is_collection:
                    raise YamlError(line, "une clé de mapping doit être une valeur simple")
                key = _scalar(loader, event)
                if key in target:
                    dups.append((line, str(key)))
                frame[3] = key
                if line != frame[2]:
                    lines[path + (key,)] = line
                continue
            if isinstance(target, dict):
                key, frame[3] = frame[3], _NO_KEY
                p = path + (key,)
                line = lines.get(p, frame[2])
            else:
                key = len(target)
                p = path + (key,)
                lines[p] = line
        else:
            p = ()
        if is_collection:
            if event.tag not in _PLAIN_COLLECTION_TAGS:
                raise YamlError(line, f"étiquette YAML {event.tag} non acceptée : seules les valeurs simples, "
                                      "listes et mappings le sont")
            value = {} if isinstance(event, MappingStartEvent) else []
            if len(stack) >= MAX_DEPTH:
                raise YamlError(line, f"imbrication de plus de {MAX_DEPTH} niveaux : le format n'en utilise "
                                      "que quelques-uns (vérifiez l'indentation ou les crochets)")
        else:
            value = _scalar(loader, event)
        if stack:
            target = stack[-1][0]
            if isinstance(target, dict):
                target[key] = value
            else:
                target.append(value)
        else:
            root = value
        if is_collection:
            stack.append([value, p, line if stack else 1, _NO_KEY])
        elif not stack:
            break
    loader.get_event()                    # DocumentEnd
    if not loader.check_event(StreamEndEvent):
        raise YamlError(loader.peek_event().start_mark.line + 1,
                        "un seul document YAML est attendu par fichier (supprimez le second '---')")
    return root


_NO_KEY = object()
_PLAIN_COLLECTION_TAGS = (None, "!", "tag:yaml.org,2002:map", "tag:yaml.org,2002:seq")

# libyaml's messages, in French (the original stays in brackets for searching)
_FRENCH = (
    ("could not determine a constructor for the tag", "étiquette YAML non acceptée (seules les valeurs simples, listes et mappings le sont)"),
    ("mapping values are not allowed", "« : » inattendu : mettez entre guillemets un texte qui contient « : »"),
    ("did not find expected ',' or ']'", "liste entre crochets non fermée"),
    ("did not find expected ',' or '}'", "mapping entre accolades non fermé"),
    ("did not find expected key", "indentation incohérente (clé attendue)"),
    ("did not find expected '-' indicator", "indentation incohérente (élément de liste attendu)"),
    ("found character that cannot start any token", "caractère inattendu (une tabulation dans l'indentation ? utilisez des espaces)"),
    ("found unexpected end of stream", "fin de fichier inattendue (guillemet non fermé ?)"),
    ("found undefined alias", _ANCHOR_HINT),
    ("could not find expected ':'", "« : » attendu après la clé"),
    ("found unknown escape character", "séquence d'échappement inconnue entre guillemets doubles"),
    ("control characters are not allowed", "caractère de contrôle interdit dans le fichier"),
)


def _line_of_position(text: str, position) -> int:
    return text.count("\n", 0, position) + 1 if isinstance(position, int) else 0


def _french(exc: yaml.MarkedYAMLError) -> str:
    what = " ".join(x for x in (exc.context, exc.problem) if x) or "YAML invalide"
    for english, french in _FRENCH:
        if english in what:
            return f"{french} [{what}]"
    return f"YAML invalide [{what}]"


def load_yaml(text: str):
    """Parse one YAML document. Returns (data, lines, duplicate_keys). Raises YamlError."""
    loader = _Loader(text)
    lines: dict = {(): 1}
    dups: list = []
    try:
        data = _compose(loader, lines, dups)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        raise YamlError(mark.line + 1 if mark else 0, _french(exc)) from None
    except yaml.YAMLError as exc:       # the reader's errors (control characters, encoding) carry no mark
        first = str(exc).splitlines()[0]
        raise YamlError(_line_of_position(text, getattr(exc, "position", None)),
                        f"caractère de contrôle ou non imprimable interdit dans le fichier [{first}]"
                        if "control characters" in first or "unacceptable character" in first
                        else f"YAML invalide [{first}]") from None
    finally:
        loader.dispose()
    return data, lines, dups


def line_at(lines: dict, path) -> int:
    """Line of the value at `path`, or of its nearest ancestor that has one."""
    path = tuple(path)
    while path:
        line = lines.get(path)
        if line:
            return line
        path = path[:-1]
    return lines.get((), 0)
