"""Git as the store of past data: the current commit, dirty files, a revision as a folder."""
from __future__ import annotations

import io
import subprocess
import tarfile
from pathlib import Path

CORPUS_DIRS = ("requirements", "matrices", "book/prose", "concertation", "releases")


class GitError(Exception):
    pass


def _git(root: Path, *args: str, binary: bool = False):
    try:
        res = subprocess.run(["git", "-C", str(root), *args], capture_output=True, check=False)
    except FileNotFoundError:
        raise GitError("git est introuvable sur cette machine") from None
    if res.returncode != 0:
        msg = res.stderr.decode("utf-8", "replace").strip().splitlines()
        raise GitError(msg[-1] if msg else f"git {' '.join(args)} a échoué")
    return res.stdout if binary else res.stdout.decode("utf-8")


def prefix(root: Path) -> str:
    """Path of the corpus root inside its git work tree ('' at the top, else 'a/b/')."""
    return _git(root, "rev-parse", "--show-prefix").strip()


def resolve(root: Path, rev: str) -> str:
    return _git(root, "rev-parse", "--verify", "--quiet", f"{rev}^{{commit}}").strip()


def head(root: Path) -> str:
    return resolve(root, "HEAD")


def dirty(root: Path, paths: list[str]) -> list[str]:
    """Files among `paths` (relative to root) that differ from HEAD or are untracked."""
    if not paths:
        return []
    out = _git(root, "status", "--porcelain=v1", "-z", "--untracked-files=all", "--", *paths)
    found = []
    pre = prefix(root)
    for entry in out.split("\0"):
        if len(entry) > 3:
            name = entry[3:]
            found.append(name[len(pre):] if pre and name.startswith(pre) else name)
    return sorted(set(found))


def export(root: Path, rev: str, dest: Path, dirs: tuple[str, ...] | None = CORPUS_DIRS) -> Path:
    """Write the corpus files of `rev` (the corpus root's folder at that commit) into dest."""
    commit = resolve(root, rev)
    data = _git(root, "archive", "--format=tar", f"{commit}:{prefix(root)}", binary=True)
    dest.mkdir(parents=True, exist_ok=True)
    with tarfile.open(fileobj=io.BytesIO(data)) as tar:
        members = [m for m in tar.getmembers()
                   if (m.isfile() or m.isdir()) and ".." not in Path(m.name).parts
                   and (dirs is None or any(m.name == d or m.name.startswith(d + "/") for d in dirs))]
        tar.extractall(dest, members=members, filter="data")
    return dest
