"""OLD / NEW of `segur diff`: a git revision, DISPOSITIF@VERSION, ITn or a corpus folder.

A git revision (and a release, which names its commit) is exported with `git archive`
into a temporary folder and loaded by the normal loader; nothing is checked out.
"""
from __future__ import annotations

import gc
import json
import re
import shutil
import tempfile
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from ..loaders.corpus_files import load_files
from ..model import Corpus
from ..model_builder import build
from . import gitsrc
from .views import DispositifView, from_corpus, from_snapshot

RELEASE_RE = re.compile(r"^(?P<did>[A-Za-z0-9][A-Za-z0-9_-]*)@(?P<version>[0-9A-Za-z.\-]+)$")
ITERATION_RE = re.compile(r"^IT[0-9]{1,3}$")


class SourceError(Exception):
    pass


@dataclass(frozen=True)
class Side:
    label: str
    views: dict[str, DispositifView]
    only: frozenset[str] = frozenset()          # a release narrows to its dispositif
    corpus: Corpus | None = None


def load_corpus(root: Path, use_cache: bool = True) -> Corpus:
    gc_was = gc.isenabled()
    gc.disable()
    try:
        return build(str(root), load_files(root, use_cache=use_cache))[0]
    finally:
        if gc_was:
            gc.enable()


@contextmanager
def revision_folder(root: Path, rev: str):
    tmp = Path(tempfile.mkdtemp(prefix="segur-rev-"))
    try:
        yield gitsrc.export(root, rev, tmp / "corpus")
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def _release_commit(root: Path, did: str, version: str) -> str:
    corpus = load_corpus(root)
    for rel in corpus.releases.get(did, ()):
        if rel.version == version:
            return rel.commit
    known = ", ".join(r.version for r in corpus.releases.get(did, ())) or "aucune"
    raise SourceError(f"{did}@{version} : version non publiée (versions publiées : {known} ; voir segur release)")


def load_side(root: Path, spec: str | None) -> Side:
    """The views of one side; `spec` None is the work tree."""
    if spec is None:
        c = load_corpus(root)
        return Side("copie de travail", from_corpus(c), corpus=c)
    folder = Path(spec)
    if (folder / "requirements").is_dir():
        c = load_corpus(folder)
        return Side(str(folder), from_corpus(c), corpus=c)
    if ITERATION_RE.match(spec):
        snap = root / "concertation" / spec / "snapshot.json"
        if not snap.is_file():
            raise SourceError(f"{spec} : {snap} introuvable (écrit par segur concertation export --iteration {spec})")
        try:
            data = json.loads(snap.read_text("utf-8"))
        except (OSError, ValueError) as exc:
            raise SourceError(f"{snap} illisible : {exc}") from None
        views = from_snapshot(data)    # a snapshot holds the dispositifs sent in that iteration only
        return Side(f"instantané {spec}", views, frozenset(views))
    m = RELEASE_RE.match(spec)
    only: frozenset[str] = frozenset()
    rev, label = spec, spec
    if m and m.group("did") not in ("HEAD",):
        rev = _release_commit(root, m.group("did"), m.group("version"))
        only, label = frozenset({m.group("did")}), f"{spec} ({rev[:10]})"
    try:
        with revision_folder(root, rev) as folder:
            c = load_corpus(folder, use_cache=False)
    except gitsrc.GitError as exc:
        raise SourceError(f"{spec} : ni un dossier de corpus, ni ITn, ni DISPOSITIF@VERSION, ni une révision git "
                          f"lisible ({exc})") from None
    return Side(label, from_corpus(c), only, c)
