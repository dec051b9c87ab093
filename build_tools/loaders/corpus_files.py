"""Find, parse and structurally validate every file of a corpus.

Parsed files are cached under `<root>/.segur-cache/`, keyed by the sha256 of their
content and of the loader's code, so an unchanged file is never parsed again; line numbers
are part of the cached data, so messages stay exact.
"""
from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from pathlib import Path

from .. import problems as P
from .file_cache import Store, key_of, sources_digest
from .located_yaml import YamlError, line_at, load_yaml
from .record_patch import splice
from .tables import TableError, load_table
from .text_values import scan_data, scan_text_lines

LOADER_VERSION = "8"

# kinds of YAML files and the schema each one follows
YAML_KINDS = {"programme", "referentiels", "socle", "dispositif", "financement", "scope",
              "comments", "snapshot", "release"}   # snapshot.json is JSON, a subset of YAML
TABLES = ("professions", "profession_groups", "document_types", "habilitation")
OPTIONAL_TABLES = ("habilitation_sources",)      # read when present (where each matrix cell comes from)
RECORD_LISTS = {"socle": ("exigences",), "dispositif": ("exigences", "socle"), "comments": ("commentaires",)}


@dataclass
class LoadedFile:
    path: str                 # relative to the corpus root, with '/' separators
    kind: str
    data: object = None       # plain data for YAML; (header, rows) for tables; text for prose
    lines: dict = field(default_factory=dict)      # YAML: path tuple -> line
    sha256: str = ""
    usable: bool = True       # False: syntax or top-level schema error, skip the file
    bad_records: set = field(default_factory=set)   # {(list key, index)} failing the schema
    problems: list = field(default_factory=list)
    accepted: dict = field(default_factory=dict)    # line -> {codes} from `# segur: accepte CODE`


def discover(root: Path) -> list[tuple[str, str]]:
    """Return [(relative path, kind)] in a stable order."""
    found: list[tuple[str, str]] = []
    req = root / "requirements"
    for name, kind in (("programme.yaml", "programme"), ("referentiels.yaml", "referentiels")):
        found.append((f"requirements/{name}", kind))
    if req.is_dir():
        for sub in sorted(p for p in req.iterdir() if p.is_dir()):
            kind = {"socles": "socle", "financement": "financement"}.get(sub.name, "dispositif")
            for f in sorted(sub.glob("*.yaml")):
                found.append((f"requirements/{sub.name}/{f.name}", kind))
    for t in TABLES:
        found.append((f"matrices/{t}.csv", t))
    for t in OPTIONAL_TABLES:
        if (root / "matrices" / f"{t}.csv").is_file():
            found.append((f"matrices/{t}.csv", t))
    prose = root / "book" / "prose"
    if prose.is_dir():
        for f in sorted(prose.rglob("*.md")):
            found.append((f.relative_to(root).as_posix(), "prose"))
    scopes = root / "matrices" / "scopes"
    if scopes.is_dir():
        for f in sorted(scopes.glob("*/*.yaml")):
            found.append((f.relative_to(root).as_posix(), "scope"))
    conc = root / "concertation"
    if conc.is_dir():
        for f in sorted(conc.glob("*/snapshot.json")) + sorted(conc.glob("*/comments.yaml")):
            found.append((f.relative_to(root).as_posix(), "snapshot" if f.suffix == ".json" else "comments"))
    releases = root / "releases"       # release records written by `segur release`
    if releases.is_dir():
        for f in sorted(releases.glob("*.yaml")):
            found.append((f.relative_to(root).as_posix(), "release"))
    return found


ACCEPT_RE = re.compile(r"#\s*segur:\s*accepte\s+([A-Z0-9 ,-]+)")


def _accepted(text: str) -> dict:
    """`# segur: accepte RULE-ID[, RULE-ID]` on a line accepts those problems on that line."""
    out = {}
    if "segur:" not in text:
        return out
    for number, line in enumerate(text.splitlines(), 1):
        m = ACCEPT_RE.search(line)
        if m:
            out[number] = {c for c in re.split(r"[ ,]+", m.group(1).strip()) if c}
    return out


def _parse(rel: str, kind: str, text: str) -> LoadedFile:
    from .schemas import validate_row     # jsonschema: imported only when a file is parsed
    lf = LoadedFile(rel, kind)
    lf.accepted = _accepted(text)
    if kind == "prose":
        lf.data = text
        lf.problems.extend(scan_text_lines(rel, text))
        return lf
    if kind in YAML_KINDS:
        try:
            data, lines, dups = load_yaml(text)
        except YamlError as exc:
            lf.usable = False
            lf.problems.append(P.problem(P.YAML_SYNTAX, P.Source(rel, exc.line), exc.message))
            return lf
        return _yaml_loaded(lf, data, lines, dups)
    # CSV tables
    try:
        header, rows = load_table(text)
    except TableError as exc:
        lf.usable = False
        lf.problems.append(P.problem(P.CSV_FORMAT, P.Source(rel, exc.line), exc.message))
        return lf
    lf.data = (header, rows)
    lf.problems.extend(scan_text_lines(rel, text))
    for index, (line, row) in enumerate(rows):
        for path, message in validate_row(kind, row):
            lf.problems.append(P.problem(P.SCHEMA, P.Source(rel, line), message))
            lf.bad_records.add(("rows", index))
    missing = [c for c in _required_columns(kind) if c not in header]
    if missing:
        lf.usable = False
        lf.problems.append(P.problem(P.CSV_FORMAT, P.Source(rel, 1),
                                     f"colonne(s) manquante(s) : {', '.join(missing)}"))
    return lf


def _yaml_loaded(lf: LoadedFile, data, lines: dict, dups: list) -> LoadedFile:
    """A parsed YAML file's own checks: repeated keys, emptiness, text values, schema."""
    from .schemas import validate
    rel, kind = lf.path, lf.kind
    for line, key in dups:
        lf.problems.append(P.problem(P.YAML_DUPKEY, P.Source(rel, line), f"la clé {key!r} est répétée"))
    if data is None:
        lf.usable = False
        lf.problems.append(P.problem(P.SCHEMA, P.Source(rel, 1), "le fichier est vide"))
        return lf
    lf.data, lf.lines = data, lines
    lf.problems.extend(scan_data(rel, data, lines))
    lists = RECORD_LISTS.get(kind, ())
    for path, message in validate(kind, data):
        lf.problems.append(P.problem(P.SCHEMA, P.Source(rel, line_at(lines, path)), message))
        if len(path) >= 2 and path[0] in lists and isinstance(path[1], int):
            lf.bad_records.add((path[0], path[1]))
        else:
            lf.usable = False
    return lf


def reparse(old: LoadedFile, old_raw: bytes, raw: bytes) -> LoadedFile | None:
    """The file's new parse from its previous one when the edit stays inside one record
    (`record_patch.splice`), else None. Equal to `_parse` of the new text."""
    if old.kind not in RECORD_LISTS or not old.usable or any(p.code == P.YAML_DUPKEY.code for p in old.problems):
        return None
    try:
        old_text, text = old_raw.decode("utf-8"), raw.decode("utf-8")
    except UnicodeDecodeError:
        return None
    got = splice(old_text, old.data, old.lines, text, RECORD_LISTS[old.kind])
    if got is None:
        return None
    lf = LoadedFile(old.path, old.kind)
    lf.accepted = _accepted(text)
    return _yaml_loaded(lf, *got, [])


def _required_columns(kind: str) -> list[str]:
    from .schemas import table_row_schema
    return list(table_row_schema(kind).get("required", []))


def parse_version() -> str:
    """What a cached parse depends on besides the file: the loaders, the schemas and the
    rule catalogue (messages and hints)."""
    return key_of(LOADER_VERSION, sources_digest("loaders", "schemas", "problems.py"))


@dataclass(frozen=True)
class Input:
    """One discovered corpus file as read once: its bytes (None: missing) and their sha256."""

    path: str
    kind: str
    raw: bytes | None
    sha256: str


def read_inputs(root: Path, overrides: dict[str, str] | None = None) -> list[Input]:
    """Every corpus file under root, read and hashed, in `discover` order."""
    overrides = overrides or {}
    root = Path(root)
    out = []
    for rel, kind in discover(root):
        full = root / rel
        if rel in overrides:
            raw = overrides[rel].encode("utf-8")
        elif full.is_file():
            raw = full.read_bytes()
        else:
            out.append(Input(rel, kind, None, ""))
            continue
        out.append(Input(rel, kind, raw, hashlib.sha256(raw).hexdigest()))
    return out


def load_inputs(root: Path, inputs: list[Input], use_cache: bool = True,
                memo: dict | None = None, previous: dict | None = None) -> list[LoadedFile]:
    """Parse and validate read inputs (missing required files reported); unchanged files
    come from `memo` ((path, sha256) -> LoadedFile, kept in memory by a long-running
    caller, who drops what is no longer read), else from the parse cache. `previous`
    (path -> (LoadedFile, bytes) of the last call, updated here) lets an edit inside one
    record re-parse that record only (`reparse`)."""
    root = Path(root)
    cache = Store(root, use_cache)
    version = parse_version() if cache.enabled else ""
    out: list[LoadedFile] = []
    for inp in inputs:
        rel, kind, raw = inp.path, inp.kind, inp.raw
        if raw is None:
            lf = LoadedFile(rel, kind, usable=False)
            lf.problems.append(P.problem(P.FILE_MISSING, P.Source(rel), f"{rel} introuvable sous {root}"))
            out.append(lf)
            continue
        lf = memo.get((rel, inp.sha256)) if memo is not None else None
        if lf is None or lf.kind != kind:
            lf = _load_one(cache, version, inp, previous.get(rel) if previous is not None else None)
            if memo is not None:
                memo[(rel, inp.sha256)] = lf
        if previous is not None:
            previous[rel] = (lf, raw)
        out.append(lf)
    return out


def _load_one(cache: Store, version: str, inp: Input, before: tuple | None) -> LoadedFile:
    """One changed file: from the parse cache, else its edited record alone, else parsed whole."""
    key = key_of(version, inp.kind, inp.path, inp.sha256)
    lf = cache.get(key)
    if lf is not None:
        return lf
    if before is not None and before[0].kind == inp.kind:
        lf = reparse(before[0], before[1], inp.raw)
        if lf is not None:          # not stored: the parse cache holds whole parses only
            lf.sha256 = inp.sha256
            return lf
    lf = _parse_bytes(inp.path, inp.kind, inp.raw)
    lf.sha256 = inp.sha256
    cache.put(key, lf)
    return lf


def _parse_bytes(rel: str, kind: str, raw: bytes) -> LoadedFile:
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        lf = LoadedFile(rel, kind, usable=False)
        line = raw[: exc.start].count(b"\n") + 1
        lf.problems.append(P.problem(P.CSV_FORMAT if kind in TABLES + OPTIONAL_TABLES else P.YAML_SYNTAX,
                                     P.Source(rel, line), "le fichier n'est pas en UTF-8",
                                     "enregistrez le fichier en UTF-8"))
        return lf
    return _parse(rel, kind, text)


def load_files(root: Path, use_cache: bool = True, overrides: dict[str, str] | None = None) -> list[LoadedFile]:
    """Parse and validate every corpus file under root (missing required files reported).

    `overrides` maps relative paths to texts read instead of the files: an import checks
    what it would write with the same rules before writing anything.
    """
    return load_inputs(root, read_inputs(root, overrides), use_cache)
