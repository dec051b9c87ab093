"""`segur book`: the Jupyter Book 1 site, from the corpus index and the publish folder.

1. load and check the corpus (one index; nothing below re-reads a YAML file);
2. assemble the book sources in `<out>-src/` (next to the html folder): `_config.yml`,
   `_toc.yml` and `book/` of the project (minus `book/prose/`, which reaches the pages
   through the corpus index), plus the pages generated under `book/gen/`. Every file is
   written only when its bytes change and stale ones are removed, so Sphinx's
   incremental build re-reads exactly the pages whose content changed;
3. run Sphinx in-process through Jupyter Book's `build_sphinx` (notebooks executed with
   jupyter-cache), banner per page through `build_tools.book.sphinx_ext`;
4. write `needs.json` and copy every file of the publish manifest into
   `<out>/_downloads-segur/` (sha256-checked against the manifest).

Returns 0 on success, 1 when the corpus has errors or Sphinx fails, 2 on a setup error.
"""
from __future__ import annotations

import gc
import hashlib
import json
import os
import posixpath
import re
import shutil
import sys
import time
from pathlib import Path

from ..marks import EXAMPLE
from . import pages as P
from ..progress import Progress
from .needs import needs_cached
from .pages.banner import draft_banners
from .pages.qa import QA_DOC, qa_page
from .stats import key as summary_key
from .stats import summary

PROJECT = Path(__file__).resolve().parents[2]      # the segur-spec checkout (book skeleton)
KEY_MARKER = "@@SUMMARY_KEY@@"
CONCERTATION_MARKER = "@@CONCERTATION_KEY@@"


def _concertation_key(corpus) -> str:
    """The concertation dashboard notebook's cache key (its figures' input)."""
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


RAW_BLOCK = re.compile(r"^````\{raw\} html\n(.*?)\n````$", re.M | re.S)
FRAGMENT_MIN = 4000


def externalize(rel: str, text: str) -> tuple[str, dict[str, bytes]]:
    """Move big raw HTML blocks of a generated page into fragment files next to it,
    included by the `segur-html` directive (sphinx_ext), which records them as
    dependencies of the page. markdown-it then parses a few KB instead of megabytes
    (its block state scans every character in Python), and an edited requirement
    changes only the fragment that shows it. `h()` escapes backticks, so a raw block
    never contains its closing fence."""
    stem = rel[:-3]
    frags: dict[str, bytes] = {}

    def repl(m):
        body = m.group(1)
        if len(body) < FRAGMENT_MIN:
            return m.group(0)
        name = f"{posixpath.basename(stem)}.{len(frags) + 1:03d}.html"
        frags[f"{posixpath.dirname(stem)}/_frag/{name}"] = body.encode("utf-8")
        return f"````{{segur-html}} _frag/{name}\n````"
    return RAW_BLOCK.sub(repl, text), frags


PAGES_MEMO = ".segur-pages.json"     # {page: {key, files}} of the previous build (pages/units.py)


def _read_memo(src: Path) -> dict:
    path = src / PAGES_MEMO
    try:
        memo = json.loads(path.read_text("utf-8"))
    except (OSError, ValueError):
        return {}
    path.unlink()          # rewritten once every source is written: a crash leaves none
    return memo if isinstance(memo, dict) else {}


def assemble(corpus, root: Path, src: Path, manifest: dict | None, history: dict | None = None,
             extra: dict[str, str] | None = None) -> dict:
    """Write the book sources (plus `extra` generated pages: the QA page of a draft);
    returns counts {written, unchanged, removed, generated, kept} and `changed`, the
    paths (under src) written or removed. A page whose inputs key is the one recorded by
    the previous build is not generated again: its files stay as they are."""
    skel = _skeleton(root)
    key = summary_key(summary(corpus))
    wanted: dict[str, bytes] = {}
    for name in ("_config.yml", "_toc.yml"):
        wanted[name] = (skel / name).read_bytes()
    if extra:       # extra pages (the QA page of a draft) get a part of their own in the toc
        import yaml
        toc = yaml.safe_load(wanted["_toc.yml"])
        toc.setdefault("parts", []).append({"caption": "Aperçu (brouillon)",
                                            "chapters": [{"file": rel[:-3]} for rel in sorted(extra)]})
        wanted["_toc.yml"] = yaml.safe_dump(toc, allow_unicode=True, sort_keys=False).encode("utf-8")
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
    units = P.plan(corpus, manifest, _prose_provider(corpus), history)
    units += [P.Unit(rel, None, lambda text=text: text) for rel, text in (extra or {}).items()]
    old, memo, keep = _read_memo(src), {}, set()
    generated = 0
    for unit in units:
        prev = old.get(unit.path)
        if unit.key is not None and isinstance(prev, dict) and prev.get("key") == unit.key \
                and all((src / f).is_file() for f in prev.get("files", ())):
            keep.update(prev["files"])
            memo[unit.path] = prev
            continue
        text, fragments = externalize(unit.path, unit.render())
        generated += 1
        wanted[unit.path] = text.encode("utf-8")
        wanted.update(fragments)
        if unit.key is not None:
            memo[unit.path] = {"key": unit.key, "files": [unit.path, *fragments]}
    changed = [rel for rel, data in wanted.items() if _write_if_changed(src / rel, data)]
    written = len(changed)
    removed = 0
    for f in sorted(src.rglob("*"), reverse=True):
        rel = f.relative_to(src).as_posix()
        if f.is_file() and rel not in wanted and rel not in keep and rel != PAGES_MEMO:
            f.unlink()
            changed.append(rel)
            removed += 1
        elif f.is_dir() and not any(f.iterdir()):
            f.rmdir()
    _write_if_changed(src / PAGES_MEMO, json.dumps(memo, sort_keys=True).encode("utf-8"))
    return {"written": written, "unchanged": len(wanted) - written + len(keep), "removed": removed,
            "generated": generated, "kept": sum(1 for p in memo if p not in wanted), "changed": changed}


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


def _code_files() -> list[str]:
    """The build_tools modules this process imported (the code the site depends on) and
    the schemas; other work in build_tools does not invalidate the site."""
    files = {m.__file__ for name, m in list(sys.modules.items())
             if (name == "build_tools" or name.startswith("build_tools.")) and getattr(m, "__file__", None)}
    files.update(str(p) for p in (PROJECT / "build_tools" / "schemas").glob("*.json"))
    return sorted(files)


def inputs_key(root: Path, publish_dir: Path, hypothesis: bool, code: list[str], draft: bool = False,
               brand: bool | None = None) -> str:
    """Hash of everything the site depends on: corpus files, book skeleton, the publish
    manifest (which holds the sha256 of every published file), the build_tools code the
    previous build imported (`code`) and the versions of the Sphinx stack. Same key, same
    site: the build is skipped."""
    import jupyter_book
    import myst_nb
    import sphinx
    h = hashlib.sha256(f"{sys.version}|{sphinx.__version__}|{jupyter_book.__version__}|"
                       f"{myst_nb.__version__}|{hypothesis}|{'draft' if draft else ''}|{brand}".encode())
    skel = _skeleton(root)
    files: list[Path] = [Path(c) for c in code]
    for base, pats in ((root, ("requirements/**/*", "matrices/**/*", "book/prose/**/*", "releases/**/*")),
                       (skel, ("_config.yml", "_toc.yml", "book/**/*"))):
        for pat in pats:
            files.extend(p for p in base.glob(pat) if p.is_file() and "__pycache__" not in p.parts)
    manifest = publish_dir / "manifest.json"
    if manifest.is_file():
        files.append(manifest)
    for f in sorted(set(files)):
        h.update(str(f).encode() + b"\0" + (f.read_bytes() if f.is_file() else b"(missing)") + b"\0")
    return h.hexdigest()


def build_book(root, publish_dir, out, clean: bool = False, *, hypothesis: bool = True,
               quiet: bool = True, allow_stale: bool = False, draft: bool = False, brand: bool | None = None) -> int:
    """`draft`: build even when the corpus has errors, as a preview — the BROUILLON mark on
    every page and a QA page listing every problem (book/gen/qa)."""
    t0 = time.perf_counter()
    root, publish_dir, out = Path(root).resolve(), Path(publish_dir).resolve(), Path(out).resolve()
    stamp = out.parent / f".{out.name}-inputs"
    if not clean and stamp.is_file() and (out / "index.html").is_file() and (out / "needs.json").is_file():
        try:
            previous = json.loads(stamp.read_text("utf-8"))
            fresh = previous["key"] == inputs_key(root, publish_dir, hypothesis, previous["code"], draft, brand)
        except (ValueError, KeyError, TypeError):
            fresh = False
        if fresh:
            print(f"book: à jour (entrées inchangées), {time.perf_counter() - t0:.2f} s -> {out / 'index.html'}")
            return 0
    stamp.unlink(missing_ok=True)

    from ..engine import load_and_check
    with Progress("book").phase("vérification du corpus", "problème(s)") as ph:
        result = load_and_check(root)
        ph.count = len(result.problems)
    if result.errors and not draft:
        for p in result.errors[:5]:
            print(f"{p.path}:{p.line}: {p.code} {p.message}", file=sys.stderr)
        print(f"segur book: le corpus contient {len(result.errors)} erreur(s) : lancez `segur check` ; aucun site construit",
              file=sys.stderr)
        return 1
    return build_site(result.corpus, root, publish_dir, out, problems=result.problems, clean=clean,
                      hypothesis=hypothesis, quiet=quiet, allow_stale=allow_stale, draft=draft, t0=t0, brand=brand)


def build_site(corpus, root: Path, publish_dir: Path, out: Path, *, problems=(), clean: bool = False,
               hypothesis: bool = True, quiet: bool = True, allow_stale: bool = False, draft: bool = False,
               t0: float | None = None, on_sources=None, stamp_inputs: bool = True,
               skip_unchanged: bool = False, brand: bool | None = None) -> int:
    """Steps 2-4 from a checked corpus (`segur book` and `segur serve`).

    `on_sources(src, out, counts)` is called once the sources are written, before Sphinx
    (the live preview shows edited fragments from there); `stamp_inputs=False` writes no
    inputs stamp (the preview rebuilds on every change anyway); `skip_unchanged` skips
    Sphinx when no source file and no banner changed since this process's previous build
    of `out` (the preview: the code cannot have changed in between)."""
    t0 = time.perf_counter() if t0 is None else t0
    progress = Progress("book")
    src = out.parent / f"{out.name}-src"
    doctrees = out.parent / f".{out.name}-doctrees"
    nbcache = out.parent / f".{out.name}-jupyter-cache"
    stamp = out.parent / f".{out.name}-inputs"
    stamp.unlink(missing_ok=True)
    manifest = None
    mpath = publish_dir / "manifest.json"
    if mpath.is_file():
        manifest = json.loads(mpath.read_text("utf-8"))
        if manifest.get("draft") and not draft:
            print(f"segur book: {publish_dir} est un aperçu BROUILLON (segur publish --draft) : republiez sans --draft, "
                  "ou construisez l'aperçu avec segur book --draft ; aucun site construit", file=sys.stderr)
            return 1
        from ..versions.stale import stale_dispositifs, stale_message
        stale = stale_dispositifs(corpus, manifest)
        if stale and not allow_stale:   # never serve downloads older than the pages (a live preview may)
            print(stale_message(publish_dir, stale), file=sys.stderr)
            return 1
    else:
        print(f"avertissement : {mpath} introuvable : la page des téléchargements sera vide (lancez d'abord `segur publish`)",
              file=sys.stderr)

    if clean:
        for d in (out, src, doctrees, nbcache):
            shutil.rmtree(d, ignore_errors=True)
    from ..versions.history import collect   # past versions rebuilt from their commits, sha256-checked
    with progress.phase("versions publiées", "dispositif(s)") as ph:
        hist = collect(root, corpus, out.parent / f".{out.name}-versions", out)
        ph.count = len(hist.entries or {})
    if hist.errors:
        for line in hist.errors:
            print(f"segur book: {line}", file=sys.stderr)
        print("segur book: une version publiée ne se reconstruit pas à l'identique depuis son commit : "
              "corrigez la cause (ou l'enregistrement releases/) ; aucun site construit", file=sys.stderr)
        return 1
    extra = {QA_DOC + ".md": qa_page(corpus, list(problems))} if draft else None
    gc.disable()    # the generated text stays alive until written: GC passes only rescan it
    try:
        with progress.phase("pages générées (les autres reprises telles quelles)", "page(s)") as ph:
            counts = assemble(corpus, root, src, manifest, hist.entries, extra)
            ph.count = counts["generated"]
    finally:
        gc.enable()
    if on_sources is not None:
        on_sources(src, out, counts)
    t_gen = time.perf_counter()

    os.environ["SEGUR_ROOT"] = str(root)          # read by the notebook kernel (stats.load)
    _quiet_kernel(out.parent / f".{out.name}-jupyter")
    overrides = {
        "external_toc_path": str(src / "_toc.yml"),
        "segur_banners": draft_banners(P.banners(corpus), QA_DOC) if draft else P.banners(corpus),
        "segur_page_marks": [EXAMPLE.title] if corpus.donnees_exemple else [],
        "nb_execution_cache_path": str(nbcache),
        "latex_individualpages": False,
    }
    if brand is not None:    # else `segur_brand` of _config.yml (on for the programme's corpus)
        overrides["segur_brand"] = brand
    if not hypothesis:
        overrides["comments_config"] = {}
    if skip_unchanged and not counts["changed"] and _LAST_BANNERS.get(out) == overrides["segur_banners"] \
            and (out / "index.html").is_file():
        return 0
    _LAST_BANNERS.pop(out, None)
    try:
        from jupyter_book.sphinx import build_sphinx
    except ImportError as exc:  # pragma: no cover
        print(f"segur book: Jupyter Book n'est pas installé ({exc})", file=sys.stderr)
        return 2
    gc.disable()   # Sphinx builds large doctrees that stay alive: GC passes only rescan them
    try:
        with progress.phase("Sphinx (incrémental)", "fichier(s) source modifié(s)") as ph:
            ph.count = len(counts["changed"])
            res = build_sphinx(src, out, noconfig=True, path_config=str(src / "_config.yml"),
                               confoverrides=overrides, doctreedir=str(doctrees), quiet=quiet)
    finally:
        gc.enable()
    if res != 0:
        if isinstance(res, BaseException):
            print(f"segur book: échec de Sphinx : {res!r}", file=sys.stderr)
        return 1
    t_sphinx = time.perf_counter()
    _LAST_BANNERS[out] = overrides["segur_banners"]

    with progress.phase("needs.json", "exigence(s)") as ph:
        ph.count = needs_cached(corpus, out.parent / f".{out.name}-needs.pickle", out)
    with progress.phase("téléchargements", "fichier(s)") as ph:
        n_dl = ph.count = copy_downloads(publish_dir, out, manifest)
    t1 = time.perf_counter()
    print(f"book: {counts['generated']} page(s) générée(s), {counts['kept']} reprise(s) telle(s) quelle(s) ; "
          f"{counts['written']} fichier(s) source écrit(s), {counts['unchanged']} inchangé(s), "
          f"{counts['removed']} supprimé(s) ; {n_dl} téléchargement(s) ; génération {t_gen - t0:.1f} s, "
          f"sphinx {t_sphinx - t_gen:.1f} s, total {t1 - t0:.1f} s -> {out / 'index.html'}")
    _write_if_changed(out / "index.html", _redirect().encode())
    if not stamp_inputs:
        return 0
    code = _code_files()
    stamp.write_text(json.dumps({"key": inputs_key(root, publish_dir, hypothesis, code, draft, brand), "code": code}), "utf-8")
    return 0


_LAST_BANNERS: dict[Path, dict] = {}     # out folder -> banners of this process's last build


def _quiet_kernel(folder: Path) -> None:
    """The notebooks run on a `python3` kernel spec of our own (first on JUPYTER_PATH):
    the same interpreter, with the kernel's own log at error level. ipykernel 7 otherwise
    prints "[IPKernelApp] WARNING | Kernel is running over TCP without encryption" on
    every clean build: the kernel only talks to this process over loopback."""
    spec = folder / "kernels" / "python3"
    data = json.dumps({"argv": [sys.executable, "-m", "ipykernel_launcher", "-f", "{connection_file}",
                                "--IPKernelApp.log_level=ERROR"],
                       "display_name": "Python 3", "language": "python"}, indent=1).encode()
    _write_if_changed(spec / "kernel.json", data)
    paths = os.environ.get("JUPYTER_PATH", "").split(os.pathsep)
    if str(folder) not in paths:
        os.environ["JUPYTER_PATH"] = os.pathsep.join([str(folder)] + [p for p in paths if p])


def _redirect() -> str:
    return ('<!DOCTYPE html><html lang="fr"><head><meta charset="utf-8">'
            '<meta http-equiv="refresh" content="0; url=book/index.html">'
            '<title>Ségur numérique — spécifications</title></head>'
            '<body><a href="book/index.html">Ségur numérique — spécifications</a></body></html>\n')
