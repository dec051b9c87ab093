"""The on-disk cache under `<root>/.segur-cache/`: pickled values by key, and the digest of
the code that computed them (a changed module invalidates what it computed).

Keys are sha256 hex digests built by the callers from the content they depend on; a value
is written to a temporary file then moved into place, so a reader never sees half a value.
An unreadable entry (truncated, from an older Python) is a miss, never an error.
"""
from __future__ import annotations

import hashlib
import os
import pickle
from functools import lru_cache
from pathlib import Path

CACHE_DIR = ".segur-cache"
PACKAGE = Path(__file__).resolve().parent.parent      # build_tools/


@lru_cache(maxsize=None)
def sources_digest(*parts: str) -> str:
    """sha256 of the build_tools sources under `parts` (module files or folders, relative to
    the package): Python modules and JSON Schemas, by path and content."""
    h = hashlib.sha256()
    for part in parts:
        base = PACKAGE / part
        files = [base] if base.is_file() else sorted(p for p in base.rglob("*")
                                                     if p.suffix in (".py", ".json") and "__pycache__" not in p.parts)
        for f in files:
            h.update(f.relative_to(PACKAGE).as_posix().encode() + b"\0" + f.read_bytes() + b"\0")
    return h.hexdigest()


def key_of(*fields: str) -> str:
    return hashlib.sha256("\0".join(fields).encode("utf-8", "surrogatepass")).hexdigest()


class Store:
    """Pickled values by key in `<root>/.segur-cache/` (disabled when the root is read-only)."""

    def __init__(self, root: Path, enabled: bool = True):
        self.dir = Path(root) / CACHE_DIR
        self.enabled = enabled and os.access(root, os.W_OK)

    def get(self, key: str, prefix: str = ""):
        if not self.enabled:
            return None
        try:
            with open(self.dir / f"{prefix}{key}.pickle", "rb") as fh:
                return pickle.load(fh)
        except (OSError, pickle.PickleError, EOFError, AttributeError, ImportError, ValueError, TypeError):
            return None

    def put(self, key: str, value, prefix: str = "") -> None:
        if not self.enabled:
            return
        try:
            self.dir.mkdir(exist_ok=True)
            tmp = self.dir / f"{prefix}{key}.{os.getpid()}.tmp"
            with open(tmp, "wb") as fh:
                pickle.dump(value, fh, protocol=pickle.HIGHEST_PROTOCOL)
            os.replace(tmp, self.dir / f"{prefix}{key}.pickle")
        except OSError:
            pass

    def prune(self, prefix: str, keep: int) -> None:
        """Keep the `keep` most recently written entries whose name starts with `prefix`."""
        if not self.enabled or not prefix:
            return
        try:
            entries = sorted(self.dir.glob(f"{prefix}*.pickle"), key=lambda p: p.stat().st_mtime, reverse=True)
            for old in entries[keep:]:
                old.unlink(missing_ok=True)
        except OSError:
            pass
