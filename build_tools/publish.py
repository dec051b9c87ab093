"""`segur publish`: check, write every artefact into a temporary folder, then swap it in.

Nothing is written when the check fails, and the previous publication stays in place
until the new one is complete: vendors never download a half-written folder.
"""
from __future__ import annotations

import gc
import hashlib
import json
import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path

from .engine import CheckResult, load_and_check
from .writers import Artifact, PublishContext, all_writers


class PublishError(Exception):
    pass


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


def build_manifest(out: Path, artifacts: list[Artifact], corpus) -> dict:
    files = []
    for a in sorted(artifacts, key=lambda a: a.path):
        p = out / a.path
        files.append({"path": a.path, "kind": a.kind, "dispositif": a.dispositif, "vague": a.vague,
                      "bytes": p.stat().st_size, "sha256": sha256_file(p)})
    disp = {d.id: {"vague": d.vague, "version": d.version, "statut_publication": d.statut_publication,
                   "date": d.date, "source_sha256": d.source_sha256}
            for d in corpus.dispositifs.values()}
    return {"generator": "segur-spec", "dispositifs": disp, "files": files}


def publish(root: str | Path, out: str | Path, *, only: set[str] | None = None, with_pdf: bool = True,
            strict: bool = False) -> PublishResult:
    result = load_and_check(root)
    if result.errors or (strict and result.warnings):
        raise PublishError(f"le corpus contient {len(result.errors)} erreur(s) : lancez `segur check` et corrigez-les ; "
                           "rien n'a été publié")
    out = Path(out).resolve()
    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=f".{out.name}-", dir=out.parent))
    try:
        ctx = PublishContext(result.corpus, tmp, with_pdf=with_pdf)
        artifacts: list[Artifact] = []
        gc.disable()   # the index stays alive throughout: rescanning it is pure overhead
        try:
            for w in all_writers():
                if only and w.name not in only:
                    continue
                try:
                    artifacts.extend(w.run(ctx))
                except OSError as exc:   # disk full, permissions: say so, keep the old output
                    raise PublishError(f"{w.name} : écriture impossible ({exc}) ; rien n'a été publié") from None
        finally:
            gc.enable()
        manifest = build_manifest(tmp, artifacts, result.corpus)
        (tmp / "manifest.json").write_text(json.dumps(manifest, ensure_ascii=False, indent=2) + "\n", "utf-8")
        old = None
        if out.exists():
            old = out.with_name(f".{out.name}-old-{tmp.name[-8:]}")
            out.rename(old)
        tmp.rename(out)
        if old is not None:
            shutil.rmtree(old, ignore_errors=True)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    return PublishResult(result, out, manifest, tuple(ctx.notes))
