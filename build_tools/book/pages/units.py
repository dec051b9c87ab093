"""Which inputs each generated page depends on (the dependency map), as a key per page.

A page whose key is unchanged since the previous build is not generated again: the
builder keeps the files it wrote then (`book/build.py`, `.segur-pages.json` in the
sources folder). Keys are sha256 over:
- `base`: the page-generating code, whether there is a publication manifest, the list of corpus files,
  and the content of every corpus file that is neither a dispositif nor a socle
  (programme, referentiels, matrices, scopes, financement, prose, concertation, …): such
  an edit regenerates every keyed page;
- a dispositif page: its dispositif file, the previous vague's dispositif file (links to
  the previous version), the socle files it picks from and its entries of the manifest;
- a socle page: its socle file and the list of (dispositif, requirement) picking from it.
Pages without a key (the search page, vagues, matrix, …) are generated on every build.
"""
from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from ...model import Corpus

PER_PAGE_KINDS = {"dispositif", "socle"}


@dataclass(frozen=True)
class Unit:
    path: str                       # under the book source folder, with ".md"
    key: str | None                 # None: generated on every build
    render: Callable[[], str]


@cache
def code_digest() -> str:
    """The code that shapes generated pages: every build_tools module (cheap: ≈ 100 files)."""
    root = Path(__file__).resolve().parents[2]
    h = hashlib.sha256()
    for f in sorted(root.rglob("*.py")):
        h.update(f.relative_to(root).as_posix().encode() + b"\0" + f.read_bytes() + b"\0")
    return h.hexdigest()


class Deps:
    """File digests of one corpus, and keys built from them."""

    def __init__(self, corpus: Corpus, manifest: dict | None) -> None:
        self.sha = {f.path: f.sha256 for f in corpus.files}
        self.manifest = manifest
        h = hashlib.sha256(code_digest().encode())
        h.update(b"manifest" if manifest is not None else b"no manifest")
        for f in sorted(corpus.files, key=lambda f: f.path):
            # every file's name (a socle or dispositif added or removed changes links
            # everywhere); the content of all but dispositif and socle files
            h.update(f"{f.path}\0{f.sha256 if f.kind not in PER_PAGE_KINDS else ''}\0".encode())
        self.base = h.hexdigest()

    def key(self, *parts: str) -> str:
        h = hashlib.sha256(self.base.encode())
        for p in parts:
            h.update(b"\0" + p.encode())
        return h.hexdigest()

    def downloads(self, dispositif: str) -> str:
        """The publication manifest's entries of one dispositif (its page lists them): a
        new publication changes the pages of the dispositifs whose files changed only."""
        import json
        files = [f for f in (self.manifest or {}).get("files", []) if f.get("dispositif") == dispositif]
        return json.dumps(files, sort_keys=True, ensure_ascii=False)

    def file(self, path: str | None) -> str:
        return f"{path}={self.sha.get(path, '') if path else ''}"


class Memo:
    """Parts of pages computed for one group of inputs (one dispositif's rows of the
    search table), kept between builds by key: `get` returns the previous build's value
    when its key is the same, else builds it. `new` is what this build used (the builder
    saves it for the next one)."""

    def __init__(self, old: dict | None = None) -> None:
        self.old = old if isinstance(old, dict) else {}
        self.new: dict = {}

    def get(self, group: str, key: str, build: Callable[[], object]):
        hit = self.old.get(group)
        value = hit[1] if isinstance(hit, tuple) and len(hit) == 2 and hit[0] == key else build()
        self.new[group] = (key, value)
        return value
