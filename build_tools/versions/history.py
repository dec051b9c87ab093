"""The history of every released dispositif, for the book's *Versions* pages.

For each release: its files rebuilt from the recorded commit (cached per commit) and
checked against the recorded sha256 — a mismatch is an error, never a silent replacement —
copied into the site; the changes since the previous release (the same diff as `segur
diff`) and the Évolutions workbook between the two.
"""
from __future__ import annotations

import shutil
from dataclasses import dataclass, field
from pathlib import Path

from ..model import Corpus, Release
from . import gitsrc
from .diff import Change, diff
from .rebuild import RebuildError, rebuild
from .sources import load_corpus
from .views import from_corpus

SITE_DIR = "_versions-segur"          # under the html output root


@dataclass(frozen=True)
class VersionFile:
    name: str
    path: str                         # relative to the html output root
    kind: str
    size: int
    sha256: str


@dataclass(frozen=True)
class VersionEntry:
    release: Release
    files: tuple[VersionFile, ...]
    previous: str | None = None       # previous released version
    changes: tuple[Change, ...] = ()
    evolutions: str | None = None     # path of the Évolutions workbook (html root)


@dataclass
class History:
    entries: dict = field(default_factory=dict)     # dispositif -> [VersionEntry] (oldest first)
    errors: list = field(default_factory=list)      # French messages


def _rebuilt(root: Path, rel: Release, cache: Path, done: dict) -> tuple[Path | None, list[str]]:
    """The publish folder of a release's commit (one rebuild per commit, cached on disk),
    checked against this release's recorded sha256."""
    from ..publish import sha256_file
    key = f"{rel.commit[:16]}-{'pdf' if rel.pdf else 'sans-pdf'}"
    folder = cache / key
    if key not in done:
        if not (folder / ".complete").is_file():
            shutil.rmtree(folder, ignore_errors=True)
            folder.mkdir(parents=True)
            try:
                rebuild(root, rel, folder)
            except RebuildError as exc:
                done[key] = str(exc)
                return None, [f"{rel.dispositif} {rel.version} : {exc}"]
            (folder / ".complete").write_text(rel.commit, "utf-8")
        done[key] = ""
    if done[key]:
        return None, [f"{rel.dispositif} {rel.version} : {done[key]}"]
    out = folder / "publish"
    bad = []
    for f in rel.files:
        p = out / f.path
        if not p.is_file():
            bad.append(f"{rel.dispositif} {rel.version} : {f.path} : absent de la reconstruction")
        elif sha256_file(p) != f.sha256:
            bad.append(f"{rel.dispositif} {rel.version} : {f.path} : sha256 différent de celui enregistré")
    return (None if bad else out), bad


def collect(root: Path, corpus: Corpus, cache: Path, site: Path) -> History:
    """Rebuild, verify, copy and compare every release of the corpus."""
    hist = History()
    views_at: dict[str, dict] = {}
    dest_root = site / SITE_DIR
    wanted: set[Path] = set()
    done: dict[str, str] = {}
    for did, releases in corpus.releases.items():
        entries = []
        prev_rel = None
        for rel in releases:
            folder, errors = _rebuilt(root, rel, cache, done)
            hist.errors.extend(errors)
            files = []
            if folder is not None:
                for f in rel.files:
                    name = Path(f.path).name
                    dest = dest_root / did / rel.version / name
                    wanted.add(dest)
                    dest.parent.mkdir(parents=True, exist_ok=True)
                    shutil.copyfile(folder / f.path, dest)
                    files.append(VersionFile(name, f"{SITE_DIR}/{did}/{rel.version}/{name}", f.kind, f.size, f.sha256))
            changes, evol = (), None
            if prev_rel is not None:
                try:
                    for r in (prev_rel, rel):
                        if r.commit not in views_at:
                            with_views(root, r.commit, views_at)
                    changes = tuple(diff(views_at[prev_rel.commit], views_at[rel.commit], {did}))
                except gitsrc.GitError as exc:
                    hist.errors.append(f"{did} {rel.version} : commit illisible ({exc})")
                name = f"Evolutions-{did}-{prev_rel.version}-{rel.version}.xlsx"
                dest = dest_root / did / name
                wanted.add(dest)
                dest.parent.mkdir(parents=True, exist_ok=True)
                from .evolutions_xlsx import write_evolutions   # XlsxWriter: only when there is a release to compare
                write_evolutions(list(changes), dest, old_label=f"{did} {prev_rel.version}",
                                 new_label=f"{did} {rel.version}", created=rel.date)
                evol = f"{SITE_DIR}/{did}/{name}"
            entries.append(VersionEntry(rel, tuple(files), prev_rel.version if prev_rel else None, changes, evol))
            prev_rel = rel
        hist.entries[did] = entries
    if dest_root.exists():      # files of releases no longer recorded leave the site
        for f in sorted(dest_root.rglob("*"), reverse=True):
            if f.is_file() and f not in wanted:
                f.unlink()
            elif f.is_dir() and not any(f.iterdir()):
                f.rmdir()
    return hist


def with_views(root: Path, commit: str, cache: dict) -> None:
    import tempfile
    with tempfile.TemporaryDirectory(prefix="segur-hist-") as tmp:
        folder = gitsrc.export(root, commit, Path(tmp) / "corpus")
        cache[commit] = from_corpus(load_corpus(folder, use_cache=False))
