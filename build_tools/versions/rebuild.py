"""Rebuild a released version's files from its commit and compare them with the record.

The commit's tree is exported with `git archive`; when it holds the toolchain
(`build_tools/`), that code publishes it (in a subprocess), so a later change of a writer
cannot alter a past version; otherwise the current code does. Every file recorded must
come out with its recorded sha256: a mismatch is reported, never silently replaced.
"""
from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

from ..model import Release
from . import gitsrc


class RebuildError(Exception):
    pass


@dataclass(frozen=True)
class Rebuilt:
    release: Release
    folder: Path                     # the publish folder of the rebuild
    mismatches: tuple[str, ...]      # French lines, one per file that differs or is missing

    def path_of(self, rel: str) -> Path:
        return self.folder / rel


def _publish(tree: Path, out: Path, with_pdf: bool) -> None:
    args = ["publish", "--root", str(tree), "--out", str(out)] + ([] if with_pdf else ["--no-pdf"])
    cli = tree / "build_tools"
    if (cli / "cli.py").is_file() or (cli / "cli" / "__init__.py").is_file():     # the commit's own toolchain
        env = dict(os.environ, PYTHONPATH=str(tree))
        res = subprocess.run([sys.executable, "-m", "build_tools.cli", *args], cwd=tree, env=env,
                             capture_output=True, text=True, check=False)
        if res.returncode != 0:
            tail = (res.stderr or res.stdout).strip().splitlines()[-1:] or ["?"]
            raise RebuildError(f"la publication au commit a échoué : {tail[0]}")
        return
    from ..publish import PublishError, publish
    try:
        publish(tree, out, with_pdf=with_pdf)
    except PublishError as exc:
        raise RebuildError(f"la publication au commit a échoué : {exc}") from None


def rebuild(root: Path, rel: Release, dest: Path) -> Rebuilt:
    """Publish `rel`'s commit into dest/publish and compare with the recorded sha256."""
    from ..publish import sha256_file
    tmp = Path(tempfile.mkdtemp(prefix="segur-rebuild-"))
    try:
        try:
            tree = gitsrc.export(root, rel.commit, tmp / "tree", dirs=None)
        except gitsrc.GitError as exc:
            raise RebuildError(f"commit {rel.commit[:12]} illisible ({exc})") from None
        out = dest / "publish"
        if out.exists():
            shutil.rmtree(out)
        _publish(tree, out, rel.pdf)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    bad = []
    for f in rel.files:
        p = out / f.path
        if not p.is_file():
            bad.append(f"{f.path} : absent de la reconstruction")
        elif (got := sha256_file(p)) != f.sha256:
            bad.append(f"{f.path} : sha256 {got[:12]}… au lieu de {f.sha256[:12]}… enregistré")
    return Rebuilt(rel, out, tuple(bad))
