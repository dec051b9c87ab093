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
from yaml.nodes import ScalarNode, SequenceNode
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


def _convert(loader: _Loader, root, lines: dict, dups: list):
    """Node graph -> plain data, filling `lines` (iterative: no recursion limit)."""
    def scalar(node):
        tag = node.tag
        if tag == _STR:
            return node.value
        if tag == _NULL:
            return None
        if tag == _BOOL:
            return node.value.lower() == "true"
        return loader.construct_object(node, deep=True)

    if isinstance(root, ScalarNode):
        return scalar(root)
    result = [] if isinstance(root, SequenceNode) else {}
    # a line is recorded only where it differs from the parent's: `line_at` walks up to the
    # parent, so one-line mappings (`- {id: …, texte: …}`) cost one entry, not three
    stack = [(root, result, (), 1)]
    while stack:
        node, target, path, parent_line = stack.pop()
        if isinstance(node, SequenceNode):
            for index, item in enumerate(node.value):
                p = path + (index,)
                line = item.start_mark.line + 1
                lines[p] = line
                if isinstance(item, ScalarNode):
                    target.append(scalar(item))
                else:
                    child = [] if isinstance(item, SequenceNode) else {}
                    target.append(child)
                    stack.append((item, child, p, line))
        else:
            for key_node, value_node in node.value:
                if not isinstance(key_node, ScalarNode):
                    raise YamlError(key_node.start_mark.line + 1, "une clé de mapping doit être une valeur simple")
                key = scalar(key_node)
                p = path + (key,)
                line = key_node.start_mark.line + 1
                if key in target:
                    dups.append((line, str(key)))
                if line != parent_line:
                    lines[p] = line
                if isinstance(value_node, ScalarNode):
                    target[key] = scalar(value_node)
                else:
                    child = [] if isinstance(value_node, SequenceNode) else {}
                    target[key] = child
                    stack.append((value_node, child, p, line))
    return result


def load_yaml(text: str):
    """Parse one YAML document. Returns (data, lines, duplicate_keys). Raises YamlError."""
    loader = _Loader(text)
    lines: dict = {(): 1}
    dups: list = []
    try:
        node = loader.get_single_node()
        data = None if node is None else _convert(loader, node, lines, dups)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        what = " ".join(x for x in (exc.context, exc.problem) if x)
        raise YamlError(mark.line + 1 if mark else 0, what or "YAML invalide") from None
    except yaml.YAMLError as exc:
        raise YamlError(0, str(exc).splitlines()[0]) from None
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
