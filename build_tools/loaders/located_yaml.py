"""YAML loading that keeps line numbers.

Mappings load as `YMap` (a dict remembering the line of each key) and sequences as
`YList` (a list remembering the line of each item). Dates stay strings: the JSON Schemas
check their format, and writers never see a `datetime` they did not ask for.
"""
from __future__ import annotations

import re

import yaml
from yaml.constructor import SafeConstructor
from yaml.resolver import Resolver

try:  # libyaml is much faster; fall back to the pure-Python parser
    from yaml import CParser as _Parser
except ImportError:  # pragma: no cover
    from yaml.parser import Parser as _Parser  # type: ignore
    from yaml.reader import Reader
    from yaml.scanner import Scanner
    from yaml.composer import Composer

    class _Parser(Reader, Scanner, _Parser, Composer):  # type: ignore[no-redef]
        def __init__(self, stream):
            Reader.__init__(self, stream)
            Scanner.__init__(self)
            yaml.parser.Parser.__init__(self)
            Composer.__init__(self)


class YMap(dict):
    """A mapping that knows the line of itself and of each key (1-based)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.line = 0
        self.key_lines: dict = {}

    def line_of(self, key) -> int:
        return self.key_lines.get(key, self.line)


class YList(list):
    """A sequence that knows the line of itself and of each item (1-based)."""

    def __init__(self, *args):
        super().__init__(*args)
        self.line = 0
        self.item_lines: list[int] = []

    def line_of(self, index: int) -> int:
        if 0 <= index < len(self.item_lines):
            return self.item_lines[index]
        return self.line


class _NoDateResolver(Resolver):
    pass


# YAML 1.1 reads `OFF`, `NO`, `ON`, `Y` as booleans and `2022-07-15` as a date: codes such
# as the couloir OFF (officine) must stay text. Keep only true/false, and no timestamps.
_BOOL = "tag:yaml.org,2002:bool"
_NoDateResolver.yaml_implicit_resolvers = {
    first: [(tag, rx) for tag, rx in resolvers
            if tag not in ("tag:yaml.org,2002:timestamp", _BOOL)]
    for first, resolvers in Resolver.yaml_implicit_resolvers.items()
}
_NoDateResolver.add_implicit_resolver(
    _BOOL, re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"), list("tTfF"))


class _Loader(_Parser, SafeConstructor, _NoDateResolver):
    def __init__(self, stream):
        _Parser.__init__(self, stream)
        SafeConstructor.__init__(self)
        _NoDateResolver.__init__(self)
        self.duplicate_keys: list[tuple[int, str]] = []


def _construct_map(loader: _Loader, node):
    mapping = YMap()
    mapping.line = node.start_mark.line + 1
    yield mapping
    loader.flatten_mapping(node)
    for key_node, value_node in node.value:
        key = loader.construct_object(key_node, deep=True)
        try:
            hash(key)
        except TypeError:
            raise yaml.constructor.ConstructorError(
                None, None, "a mapping key must be a plain value", key_node.start_mark)
        line = key_node.start_mark.line + 1
        if key in mapping:
            loader.duplicate_keys.append((line, str(key)))
        mapping[key] = loader.construct_object(value_node, deep=True)
        mapping.key_lines[key] = line


def _construct_seq(loader: _Loader, node):
    seq = YList()
    seq.line = node.start_mark.line + 1
    yield seq
    for item in node.value:
        seq.append(loader.construct_object(item, deep=True))
        seq.item_lines.append(item.start_mark.line + 1)


_Loader.add_constructor("tag:yaml.org,2002:map", _construct_map)
_Loader.add_constructor("tag:yaml.org,2002:seq", _construct_seq)


class YamlError(Exception):
    def __init__(self, line: int, message: str):
        super().__init__(message)
        self.line = line
        self.message = message


def load_yaml(text: str):
    """Parse one YAML document. Returns (data, duplicate_keys). Raises YamlError."""
    loader = _Loader(text)
    try:
        data = loader.get_single_data()
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else 0
        what = " ".join(x for x in (exc.context, exc.problem) if x)
        raise YamlError(line, what or "invalid YAML") from None
    except yaml.YAMLError as exc:
        raise YamlError(0, str(exc).splitlines()[0]) from None
    finally:
        loader.dispose()
    return data, loader.duplicate_keys


def line_at(data, path) -> int:
    """The line of the value at `path` (keys and indexes), or of its nearest parent."""
    line = getattr(data, "line", 0)
    node = data
    for step in path:
        if isinstance(node, YMap) and step in node:
            line = node.line_of(step) or line
            node = node[step]
        elif isinstance(node, YList) and isinstance(step, int) and 0 <= step < len(node):
            line = node.line_of(step) or line
            node = node[step]
        else:
            break
    return line
