"""`segur release DISPOSITIF`: record the dispositif's current version as released.

Refused when the corpus has errors, when the version is already recorded, or when a file
the dispositif is built from differs from the git commit being named. The published files
are written into a temporary folder (the same writers as `segur publish`) to record the
sha256 of each; the content fingerprint freezes every published field.
"""
from __future__ import annotations

import re
import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path

from ..engine import load_and_check
from ..model import Corpus, Dispositif
from . import gitsrc
from .content import fingerprint
from .record import as_dict, record_path, write_record

DATE_RE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


class ReleaseRefused(Exception):
    pass


@dataclass(frozen=True)
class ReleaseResult:
    dispositif: str
    version: str
    commit: str
    record: Path
    files: int
    elements: int


def source_files(corpus: Corpus, d: Dispositif) -> list[str]:
    """Corpus files (relative paths) the dispositif's published files are built from."""
    paths = {"requirements/programme.yaml", "requirements/referentiels.yaml", f"releases/{d.id}.yaml"}
    if d.file:
        paths.add(d.file)
    for rr in d.rem + d.obsoletes:
        if rr.socle:
            paths.add(rr.base.src.path)
    for extra in (corpus.financements.get(d.id), corpus.scopes.get(d.id)):
        if extra is not None:
            paths.add(extra.src.path)
    for f in corpus.files:
        if f.path.startswith("matrices/") or f.path.startswith("book/prose/"):
            paths.add(f.path)
    return sorted(paths)


def published_files(root: Path, did: str, with_pdf: bool) -> list[dict]:
    """Publish into a temporary folder; the files of `did` with their sha256."""
    from ..prose import ProseError
    from ..publish import PublishError, publish
    tmp = Path(tempfile.mkdtemp(prefix="segur-release-"))
    try:
        try:
            res = publish(root, tmp / "publish", with_pdf=with_pdf)
        except (PublishError, ProseError) as exc:
            raise ReleaseRefused(f"la publication a échoué : {exc}") from None
        return [{"chemin": f["path"], "type": f["kind"], "octets": f["bytes"], "sha256": f["sha256"]}
                for f in res.manifest["files"] if f["dispositif"] == did]
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def make_release(root: Path, did: str, *, date: str | None = None, with_pdf: bool = True) -> ReleaseResult:
    root = Path(root)
    if date is not None and not DATE_RE.match(date):
        raise ReleaseRefused(f"date {date!r} invalide : écrivez-la AAAA-MM-JJ")
    result = load_and_check(root)
    corpus = result.corpus
    d = corpus.dispositifs.get(did)
    if d is None:
        raise ReleaseRefused(f"dispositif inconnu {did} : choisissez parmi {', '.join(corpus.dispositifs)}")
    if result.errors:
        raise ReleaseRefused(f"le corpus contient {len(result.errors)} erreur(s) : lancez `segur check` et "
                             "corrigez-les avant de publier une version")
    previous = list(corpus.releases.get(did, ()))
    if any(r.version == d.version for r in previous):
        raise ReleaseRefused(f"la version {d.version} de {did} est déjà publiée ({record_path(root, did)}) : "
                             "passez à une nouvelle `version` dans programme.yaml et ajoutez une entrée à l'`historique`")
    try:
        changed = gitsrc.dirty(root, source_files(corpus, d))
        commit = gitsrc.head(root)
    except gitsrc.GitError as exc:
        raise ReleaseRefused(f"le corpus doit être dans un dépôt git ({exc})") from None
    if changed:
        raise ReleaseRefused("fichiers modifiés depuis le dernier commit : " + ", ".join(changed)
                             + " ; commitez-les (ou annulez les modifications) puis relancez segur release")
    files = published_files(root, did, with_pdf)
    content = fingerprint(corpus, d)
    entry = {"version": d.version, "date": date or d.date, "commit": commit, "pdf": with_pdf,
             "fichiers": files, "contenu": content}
    path = write_record(root, did, [as_dict(r) for r in previous] + [entry])
    return ReleaseResult(did, d.version, commit, path, len(files), len(content))
