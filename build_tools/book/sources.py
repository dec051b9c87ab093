"""The site's source folder (`<out>-src/`): the project's book skeleton plus the generated
pages, each written only when its bytes change (Sphinx then re-reads exactly those), stale
ones removed; big raw HTML blocks moved to fragment files; the downloads copied in with
their sha256 checked against the publish manifest."""
from __future__ import annotations

import hashlib
import json
import os
import posixpath
import shutil
from pathlib import Path

from . import pages as P
from .stats import key as summary_key
from .stats import summary

PROJECT = Path(__file__).resolve().parents[2]      # the segur-spec checkout (book skeleton)
KEY_MARKER = "@@SUMMARY_KEY@@"
CONCERTATION_MARKER = "@@CONCERTATION_KEY@@"


def _concertation_key(corpus) -> str:
    """The concertation dashboard notebook's cache key (its figures' input). Without any
    comment it is the key of an empty table, found without importing pandas (≈ 1 s)."""
    if not any(it.comments for it in corpus.comments.values()):
        return hashlib.sha256(b"").hexdigest()[:16]
    from ..api import CorpusIndex
    from ..concertation.dashboard import key
    return key(CorpusIndex(corpus, []).comments)


def _write_if_changed(path: Path, data: bytes) -> bool:
    if path.exists() and path.read_bytes() == data:
        return False
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(path.name + ".tmp")
    tmp.write_bytes(data)
    os.replace(tmp, path)
    return True


def _sha256(path: Path) -> str:
    from ..publish import sha256_file
    return sha256_file(path)


def _skeleton(root: Path) -> Path:
    """Where `_config.yml`, `_toc.yml` and `book/` come from: the corpus root when it has
    them (the project itself), else the project checkout (test and benchmark corpora)."""
    return root if (root / "_toc.yml").is_file() and (root / "book").is_dir() else PROJECT


DSR_ORDER = ("avant-propos", "contexte", "objet", "perimetre", "exigences", "processus", "eligibilite",
             "trajectoire")
DSR_TITLES = {"avant-propos": "Avant-propos", "contexte": "Contexte", "objet": "Objet du document",
              "perimetre": "Périmètre du dispositif", "exigences": "Exigences et profils de référencement",
              "processus": "Processus de référencement", "eligibilite": "Formulaire d'éligibilité",
              "trajectoire": "Trajectoire attendue et jalons réglementaires"}


def _prose_provider(corpus):
    """DSR prose of each dispositif via build_tools.prose.render_markdown (optional):
    returns prose_for(dispositif) -> [(title, MyST)] in DSR order."""
    names = [n for n in corpus.prose if n.startswith("dsr/")]
    order = {f"dsr/{n}": i for i, n in enumerate(DSR_ORDER)}
    names.sort(key=lambda n: (order.get(n, len(order)), n))
    try:
        from ..prose import render_markdown  # the prose module (another work item); may be absent
    except ImportError:
        render_markdown = None

    def prose_for(d):
        if render_markdown is None or not names:
            return []
        out = []
        for name in names:
            short = name[len("dsr/"):]
            title = DSR_TITLES.get(short, short.replace("-", " ").capitalize())
            try:
                out.append((title, render_markdown(corpus, name, d.id, heading_offset=3)))
            except Exception as exc:  # one broken fragment must not hide the rest of the site
                out.append((title, f"```text\nfragment {name} indisponible : {type(exc).__name__}: {exc}\n```"))
        return out
    return prose_for


RAW_OPEN, RAW_CLOSE = "````{raw} html\n", "\n````"
FRAGMENT_MIN = 4000
# blocks that change with each publication (file sizes, SHA-256): always fragment files, so
# an edit followed by `segur publish` still changes fragments only (fastpath)
FRAGMENT_ALWAYS = ('class="segur-dl"', 'class="segur-dl-link"', "segur-downloads")


def raw_blocks(text: str):
    """(start, end, body) of each raw HTML block: a line "````{raw} html", then the body up
    to the first line "````" (str.find, not a regex: the search page is megabytes)."""
    pos = 0
    while (a := text.find(RAW_OPEN, pos)) >= 0:
        if a and text[a - 1] != "\n":
            pos = a + 1
            continue
        b = text.find(RAW_CLOSE, a + len(RAW_OPEN))
        while b >= 0 and b + len(RAW_CLOSE) < len(text) and text[b + len(RAW_CLOSE)] != "\n":
            b = text.find(RAW_CLOSE, b + 1)
        if b < 0:
            return
        yield a, b + len(RAW_CLOSE), text[a + len(RAW_OPEN):b]
        pos = b + len(RAW_CLOSE)


def externalize(rel: str, text: str) -> tuple[str, dict[str, bytes]]:
    """Move big raw HTML blocks of a generated page into fragment files next to it,
    included by the `segur-html` directive (sphinx_ext), which records them as
    dependencies of the page. markdown-it then parses a few KB instead of megabytes
    (its block state scans every character in Python), and an edited requirement
    changes only the fragment that shows it. `h()` escapes backticks, so a raw block
    never contains its closing fence."""
    stem = rel[:-3]
    frags: dict[str, bytes] = {}
    out, pos = [], 0
    for a, b, body in raw_blocks(text):
        if len(body) < FRAGMENT_MIN and not any(m in body for m in FRAGMENT_ALWAYS):
            continue
        name = f"{posixpath.basename(stem)}.{len(frags) + 1:03d}.html"
        frags[f"{posixpath.dirname(stem)}/_frag/{name}"] = body.encode("utf-8")
        out += [text[pos:a], f"````{{segur-html}} _frag/{name}\n````"]
        pos = b
    out.append(text[pos:])
    return "".join(out), frags


PAGES_MEMO = ".segur-pages.json"     # {page: {key, files}} of the previous build (pages/units.py)
PARTS_MEMO = ".segur-parts.pickle"   # parts of pages kept by key (pages/units.py Memo)


def _read_parts(src: Path):
    """The previous build's page parts (a pickle this module wrote; removed until rewritten)."""
    import pickle
    path = src / PARTS_MEMO
    try:
        old = pickle.loads(path.read_bytes())
    except (OSError, pickle.UnpicklingError, EOFError, ValueError, TypeError, AttributeError):
        old = {}
    path.unlink(missing_ok=True)
    return P.Memo(old)


def _read_memo(src: Path) -> dict:
    path = src / PAGES_MEMO
    try:
        memo = json.loads(path.read_text("utf-8"))
    except (OSError, ValueError):
        return {}
    path.unlink()          # rewritten once every source is written: a crash leaves none
    return memo if isinstance(memo, dict) else {}


def _skeleton_files(corpus, skel: Path, extra: dict[str, str] | None) -> dict[str, bytes]:
    """`_config.yml`, `_toc.yml` (with a part for `extra` pages) and the skeleton's `book/`
    files, the notebooks' cache keys written into them."""
    wanted: dict[str, bytes] = {name: (skel / name).read_bytes() for name in ("_config.yml", "_toc.yml")}
    if extra:       # extra pages (the QA page of a draft) get a part of their own in the toc
        import yaml
        toc = yaml.safe_load(wanted["_toc.yml"])
        toc.setdefault("parts", []).append({"caption": "Aperçu (brouillon)",
                                            "chapters": [{"file": rel[:-3]} for rel in sorted(extra)]})
        wanted["_toc.yml"] = yaml.safe_dump(toc, allow_unicode=True, sort_keys=False).encode("utf-8")
    key = summary_key(summary(corpus))
    for f in sorted((skel / "book").rglob("*")):
        rel = f.relative_to(skel).as_posix()
        if not f.is_file() or rel.startswith(("book/prose/", "book/gen/", "book/_build/")) \
                or "/." in rel or "__pycache__" in rel:
            continue
        data = f.read_bytes()
        if f.suffix == ".md":
            data = data.replace(KEY_MARKER.encode(), key.encode())
            if CONCERTATION_MARKER.encode() in data:
                data = data.replace(CONCERTATION_MARKER.encode(), _concertation_key(corpus).encode())
        wanted[rel] = data
    return wanted


def assemble(corpus, root: Path, src: Path, manifest: dict | None, history: dict | None = None,
             extra: dict[str, str] | None = None) -> dict:
    """Write the book sources (plus `extra` generated pages: the QA page of a draft);
    returns counts {written, unchanged, removed, generated, kept} and `changed`, the
    paths (under src) written or removed. A page whose inputs key is the one recorded by
    the previous build is not generated again: its files stay as they are. Each page is
    written as soon as it is rendered (the site's text is never all in memory)."""
    wanted = _skeleton_files(corpus, _skeleton(root), extra)
    parts = _read_parts(src)
    units = P.plan(corpus, manifest, _prose_provider(corpus), history, parts)
    units += [P.Unit(rel, None, lambda text=text: text) for rel, text in (extra or {}).items()]
    old, memo, keep = _read_memo(src), {}, set()
    names, changed, generated = set(wanted), [], 0
    for unit in units:
        prev = old.get(unit.path)
        if unit.key is not None and isinstance(prev, dict) and prev.get("key") == unit.key \
                and all((src / f).is_file() for f in prev.get("files", ())):
            keep.update(prev["files"])
            memo[unit.path] = prev
            continue
        text, fragments = externalize(unit.path, unit.render())
        generated += 1
        for rel, data in ((unit.path, text.encode("utf-8")), *fragments.items()):
            names.add(rel)
            if _write_if_changed(src / rel, data):
                changed.append(rel)
        if unit.key is not None:
            memo[unit.path] = {"key": unit.key, "files": [unit.path, *fragments]}
    wanted["_toc.yml"] = _without_empty_globs(wanted["_toc.yml"], names | keep)
    changed += [rel for rel, data in wanted.items() if _write_if_changed(src / rel, data)]
    written = len(changed)
    removed = _remove_stale(src, names | keep, changed)
    _write_if_changed(src / PAGES_MEMO, json.dumps(memo, sort_keys=True).encode("utf-8"))
    _write_parts(src, parts)
    return {"written": written, "unchanged": len(names) - written + len(keep), "removed": removed,
            "generated": generated, "kept": sum(1 for p in memo if p not in names), "changed": changed}


def _remove_stale(src: Path, wanted: set[str], changed: list[str]) -> int:
    """Remove the files of the source folder this build did not want (appended to `changed`)."""
    removed = 0
    for f in sorted(src.rglob("*"), reverse=True):
        rel = f.relative_to(src).as_posix()
        if f.is_file() and rel not in wanted and rel not in (PAGES_MEMO, PARTS_MEMO):
            f.unlink()
            changed.append(rel)
            removed += 1
        elif f.is_dir() and not any(f.iterdir()):
            f.rmdir()
    return removed


def _write_parts(src: Path, parts) -> None:
    import pickle
    _write_if_changed(src / PARTS_MEMO, pickle.dumps(parts.new, protocol=pickle.HIGHEST_PROTOCOL))


def _without_empty_globs(toc_bytes: bytes, files: set[str]) -> bytes:
    """The toc without `glob` entries that match no page of this build (no release recorded,
    no concertation iteration): Sphinx would warn about each on every build."""
    import fnmatch
    import yaml
    pages = {f.rsplit(".", 1)[0] for f in files if f.endswith((".md", ".ipynb"))}
    empty = []

    def prune(node):
        if isinstance(node, dict):
            for key, value in list(node.items()):
                if key in ("sections", "chapters") and isinstance(value, list):
                    kept = [v for v in value if not (isinstance(v, dict) and "glob" in v
                                                     and not fnmatch.filter(pages, v["glob"]))]
                    empty.extend(v for v in value if v not in kept)
                    if kept:
                        node[key] = kept
                    else:
                        del node[key]
                prune(node.get(key))
        elif isinstance(node, list):
            for v in node:
                prune(v)

    toc = yaml.safe_load(toc_bytes)
    prune(toc)
    return yaml.safe_dump(toc, allow_unicode=True, sort_keys=False).encode("utf-8") if empty else toc_bytes


def copy_downloads(publish_dir: Path, out: Path, manifest: dict | None) -> int:
    """Copy the manifest's files into the site; every copy's sha256 matches the manifest."""
    dest = out / P.DOWNLOAD_DIR
    wanted = set()
    if manifest:
        for f in manifest.get("files", []):
            s, d = publish_dir / f["path"], dest / f["path"]
            wanted.add(d)
            if not d.exists() or d.stat().st_size != f["bytes"] or _sha256(d) != f["sha256"]:
                d.parent.mkdir(parents=True, exist_ok=True)
                shutil.copyfile(s, d)
            if _sha256(d) != f["sha256"]:
                raise RuntimeError(f"{f['path']}: sha256 differs from the manifest (publish folder changed?)")
        _write_if_changed(dest / "manifest.json", (publish_dir / "manifest.json").read_bytes())
        wanted.add(dest / "manifest.json")
    if dest.exists():
        for f in sorted(dest.rglob("*"), reverse=True):
            if f.is_file() and f not in wanted:
                f.unlink()
            elif f.is_dir() and not any(f.iterdir()):
                f.rmdir()
    return len(wanted)
