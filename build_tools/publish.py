"""`segur publish`: check, write every artefact into a temporary folder, then swap it in.

Nothing is written when the check fails, and the previous publication stays in place
until the new one is complete: vendors never download a half-written folder. Every file is
read back (:mod:`build_tools.verify`) before it enters the manifest. The temporary folder
is named `.<out>-<pid>-…`: a publish killed with `kill -9` leaves it behind, and the next
publish removes the folders whose process is gone.
"""
from __future__ import annotations

import errno
import gc
import hashlib
import json
import os
import re
import shutil
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

from xlsxwriter.exceptions import FileCreateError

from .engine import CheckResult, load_and_check
from .verify import verify_all
from .marks import DRAFT, build_marks
from .progress import Progress
from .prose import ProseError
from .writers import Artifact, PublishContext, WriterError, all_writers


class PublishError(Exception):
    def __init__(self, message: str, check: "CheckResult | None" = None):
        super().__init__(message)
        self.check = check       # set when the corpus check refused the publication


@dataclass(frozen=True)
class PublishResult:
    check: CheckResult
    out: Path
    manifest: dict
    notes: tuple[str, ...]


def sha256_file(path: Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def build_manifest(out: Path, artifacts: list[Artifact], corpus, marks: tuple = ()) -> dict:
    files = []
    for a in sorted(artifacts, key=lambda a: a.path):
        p = out / a.path
        files.append({"path": a.path, "kind": a.kind, "dispositif": a.dispositif, "vague": a.vague,
                      "bytes": p.stat().st_size, "sha256": sha256_file(p)})
    disp = {d.id: {"vague": d.vague, "version": d.version, "statut_publication": d.statut_publication,
                   "date": d.date, "source_sha256": d.source_sha256}
            for d in corpus.dispositifs.values()}
    manifest = {"generator": "segur-spec", "dispositifs": disp, "files": files}
    if marks:      # a draft build: `segur release` refuses it (key absent from normal builds)
        manifest["draft"] = any(m.code == DRAFT.code for m in marks)
        manifest["marks"] = [m.code for m in marks]
    return manifest


_REASONS = {errno.ENOSPC: "disque plein", errno.EDQUOT: "quota disque dépassé", errno.EROFS: "système de fichiers en lecture seule",
            errno.EACCES: "accès refusé (dossier en lecture seule ?)", errno.EPERM: "opération non permise",
            errno.EFBIG: "fichier trop grand pour le système"}


def describe_os_error(exc: BaseException) -> str:
    """An OSError (or xlsxwriter's FileCreateError wrapping one) in one French phrase."""
    inner = exc.__context__ if isinstance(exc, FileCreateError) and exc.__context__ else exc
    code = getattr(inner, "errno", None)
    where = getattr(inner, "filename", None)
    reason = _REASONS.get(code) or getattr(inner, "strerror", None) or str(inner)
    return f"{reason} ({where})" if where else reason


def _process_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except (PermissionError, OverflowError):
        return True
    return True


def remove_stale(out: Path) -> list[str]:
    """Remove temporary folders left by killed publishes into `out`; returns their names."""
    pattern = re.compile(rf"^\.{re.escape(out.name)}-(?:(\d+)-.*|old-.*|[a-z0-9_]{{8}})$")
    removed = []
    try:
        entries = list(out.parent.iterdir())
    except OSError:
        return removed
    for entry in entries:
        m = pattern.match(entry.name)
        if not m or not entry.is_dir() or entry.is_symlink():
            continue
        if m.group(1) and (int(m.group(1)) == os.getpid() or _process_alive(int(m.group(1)))):
            continue
        shutil.rmtree(entry, ignore_errors=True)
        removed.append(entry.name)
    return removed


def _ignore(unraisable) -> None:
    """While the writers run: a writer that failed mid-file (disk full) leaves objects whose
    destructor tries to flush again (xlsxwriter's zip file); Python would print that second
    failure as a traceback beside our one clear message. The first failure is reported."""


def _make_tmp(out: Path) -> Path:
    try:
        out.parent.mkdir(parents=True, exist_ok=True)
        tmp = Path(tempfile.mkdtemp(prefix=f".{out.name}-{os.getpid()}-", dir=out.parent))
    except OSError as exc:
        raise PublishError(f"impossible d'écrire dans {out.parent} : {describe_os_error(exc)} ; rien n'a été publié") from None
    umask = os.umask(0)
    os.umask(umask)
    os.chmod(tmp, 0o777 & ~umask)   # mkdtemp's 0700 would make the publication private
    return tmp


def _swap(tmp: Path, out: Path, manifest: dict) -> None:
    """Write the manifest, then replace `out` with `tmp` (two renames)."""
    (tmp / "manifest.json").write_text(json.dumps(manifest, ensure_ascii=False, indent=2) + "\n", "utf-8")
    old = None
    if out.exists():
        old = out.with_name(f".{out.name}-{os.getpid()}-old-{tmp.name[-8:]}")
        out.rename(old)
    tmp.rename(out)
    if old is not None:
        shutil.rmtree(old, ignore_errors=True)


def publish(root: str | Path, out: str | Path, *, only: set[str] | None = None, with_pdf: bool = True,
            strict: bool = False, draft: bool = False) -> PublishResult:
    """Check, then write every artefact. `draft` publishes even a corpus with errors, as a
    preview: every document carries the BROUILLON mark and the manifest says `draft: true`."""
    progress = Progress("publish")
    with progress.phase("vérification du corpus", "problème(s)") as ph:
        result = load_and_check(root)
        ph.count = len(result.problems)
    marks = build_marks(result.corpus, draft)
    if not draft and (result.errors or (strict and result.warnings)):
        raise PublishError(f"le corpus contient {len(result.errors)} erreur(s) : lancez `segur check` et corrigez-les ; "
                           "rien n'a été publié", result)
    out = Path(out).resolve()
    removed = remove_stale(out)
    tmp = _make_tmp(out)
    try:
        ctx = PublishContext(result.corpus, tmp, with_pdf=with_pdf, marks=marks)
        if removed:
            ctx.notes.append(f"dossier(s) temporaire(s) d'une publication interrompue supprimé(s) : {', '.join(removed)}")
        artifacts: list[Artifact] = []
        gc.disable()   # the index stays alive throughout: rescanning it is pure overhead
        failure = ""
        hook, sys.unraisablehook = sys.unraisablehook, _ignore   # see _ignore
        try:
            for w in all_writers():
                if only and w.name not in only:
                    continue
                try:
                    with progress.phase(w.name, "fichier(s)") as ph:
                        made = list(w.run(ctx))
                        ph.count = len(made)
                    artifacts.extend(made)
                except (OSError, FileCreateError) as exc:   # disk full, permissions: say so, keep the old output
                    failure = f"{w.name} : écriture impossible ({describe_os_error(exc)}) ; rien n'a été publié"
                except (WriterError, ProseError) as exc:   # a prose fragment the documents need is broken
                    failure = f"{w.name} : {exc} ; rien n'a été publié"
                if failure:
                    break
        finally:
            if failure:
                gc.collect()
            sys.unraisablehook = hook
            gc.enable()
        if failure:
            raise PublishError(failure)
        with progress.phase("relecture des fichiers produits", "fichier(s)") as ph:
            broken = verify_all(tmp, [a.path for a in artifacts])
            ph.count = len(artifacts)
        if broken:
            raise PublishError("fichier(s) produit(s) illisible(s) à la relecture : " + " ; ".join(broken)
                               + " ; rien n'a été publié (disque plein ? LibreOffice interrompu ?)")
        manifest = build_manifest(tmp, artifacts, result.corpus, marks)
        _swap(tmp, out, manifest)
    except OSError as exc:
        shutil.rmtree(tmp, ignore_errors=True)
        raise PublishError(f"écriture impossible ({describe_os_error(exc)}) ; rien n'a été publié") from None
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    return PublishResult(result, out, manifest, tuple(ctx.notes))
