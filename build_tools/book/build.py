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
import shutil
import sys
import time
from pathlib import Path

from ..marks import EXAMPLE
from . import pages as P
from ..progress import Progress
from .fastpath import SyncStamp, plan_swap, write_pages
from .needs import needs_cached
from .pages.banner import draft_banners
from .pages.qa import QA_DOC, qa_page

from .sources import (  # noqa: F401  (assemble: used by the tests)
    PROJECT, _skeleton, _write_if_changed, assemble, copy_downloads,
)


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
    inputs stamp (the preview rebuilds on every change anyway); `skip_unchanged` returns
    at once when no source file changed and the site matches them (the preview).
    Sphinx runs only when something else than fragment files changed (`fastpath`)."""
    t0 = time.perf_counter() if t0 is None else t0
    progress = Progress("book")
    src = out.parent / f"{out.name}-src"
    stamp, sync = out.parent / f".{out.name}-inputs", SyncStamp(out)
    stamp.unlink(missing_ok=True)
    ok, manifest = _publish_manifest(corpus, publish_dir, draft, allow_stale)
    if not ok:
        return 1
    if clean:
        for d in (out, src, out.parent / f".{out.name}-doctrees", out.parent / f".{out.name}-jupyter-cache"):
            shutil.rmtree(d, ignore_errors=True)
    synced = sync.read()
    sync.clear()       # the sources change below: the site matches them again only once built
    hist = _past_versions(root, corpus, out, progress)
    if hist is None:
        return 1
    counts = _sources(corpus, root, src, manifest, hist.entries, problems if draft else None, progress)
    overrides = _overrides(corpus, src, out.parent / f".{out.name}-jupyter-cache", draft=draft, brand=brand,
                           hypothesis=hypothesis)
    digest = SyncStamp.digest(overrides)
    swap = (plan_swap(src, out, counts["changed"]) if counts["changed"] else {}) if synced == digest else None
    counts["swap"] = swap          # the preview shows these pages at once (on_sources)
    if on_sources is not None:
        on_sources(src, out, counts)
    t_gen = time.perf_counter()
    if skip_unchanged and swap == {}:
        sync.write(digest)
        return 0
    if swap is not None:
        with progress.phase("pages mises à jour sans Sphinx (fragments seuls modifiés)", "page(s)") as ph:
            write_pages(swap)
            ph.count = len(swap)
    elif (rc := _run_sphinx(root, src, out, overrides, quiet, progress, len(counts["changed"]))) != 0:
        return rc
    sync.write(digest)
    t_sphinx = time.perf_counter()
    n_dl = _needs_and_downloads(corpus, publish_dir, out, manifest, progress)
    how = f"sphinx {t_sphinx - t_gen:.1f} s" if swap is None else f"{len(swap)} page(s) mise(s) à jour sans Sphinx"
    print(f"book: {counts['generated']} page(s) générée(s), {counts['kept']} reprise(s) telle(s) quelle(s) ; "
          f"{counts['written']} fichier(s) source écrit(s), {counts['unchanged']} inchangé(s), "
          f"{counts['removed']} supprimé(s) ; {n_dl} téléchargement(s) ; génération {t_gen - t0:.1f} s, "
          f"{how}, total {time.perf_counter() - t0:.1f} s -> {out / 'index.html'}")
    _write_if_changed(out / "index.html", _redirect().encode())
    if not stamp_inputs:
        return 0
    code = _code_files()
    stamp.write_text(json.dumps({"key": inputs_key(root, publish_dir, hypothesis, code, draft, brand), "code": code}), "utf-8")
    return 0


def _sources(corpus, root: Path, src: Path, manifest, history, problems, progress) -> dict:
    """The source folder (`sources.assemble`), with the QA page when `problems` is given (a draft)."""
    extra = {QA_DOC + ".md": qa_page(corpus, list(problems))} if problems is not None else None
    gc.disable()    # the generated text stays alive until written: GC passes only rescan it
    try:
        with progress.phase("pages générées (les autres reprises telles quelles)", "page(s)") as ph:
            counts = assemble(corpus, root, src, manifest, history, extra)
            ph.count = counts["generated"]
    finally:
        gc.enable()
    return counts


def _needs_and_downloads(corpus, publish_dir: Path, out: Path, manifest, progress) -> int:
    with progress.phase("needs.json", "exigence(s)") as ph:
        ph.count = needs_cached(corpus, out.parent / f".{out.name}-needs.pickle", out)
    with progress.phase("téléchargements", "fichier(s)") as ph:
        n_dl = ph.count = copy_downloads(publish_dir, out, manifest)
    return n_dl


def _run_sphinx(root: Path, src: Path, out: Path, overrides: dict, quiet: bool, progress, n_changed: int) -> int:
    """Jupyter Book's Sphinx build, in this process, incremental (doctrees beside the site)."""
    os.environ["SEGUR_ROOT"] = str(root)          # read by the notebook kernel (stats.load)
    _quiet_kernel(out.parent / f".{out.name}-jupyter")
    try:
        from jupyter_book.sphinx import build_sphinx
    except ImportError as exc:  # pragma: no cover
        print(f"segur book: Jupyter Book n'est pas installé ({exc})", file=sys.stderr)
        return 2
    gc.disable()   # Sphinx builds large doctrees that stay alive: GC passes only rescan them
    try:
        with progress.phase("Sphinx (incrémental)", "fichier(s) source modifié(s)") as ph:
            ph.count = n_changed
            res = build_sphinx(src, out, noconfig=True, path_config=str(src / "_config.yml"),
                               confoverrides=overrides, doctreedir=str(out.parent / f".{out.name}-doctrees"),
                               quiet=quiet)
    finally:
        gc.enable()
    if res != 0:
        if isinstance(res, BaseException):
            print(f"segur book: échec de Sphinx : {res!r}", file=sys.stderr)
        return 1
    return 0


def _publish_manifest(corpus, publish_dir: Path, draft: bool, allow_stale: bool) -> tuple[bool, dict | None]:
    """The publish folder's manifest, refused when it is a draft (for a real build) or older
    than the corpus (its downloads would not match the pages; a live preview may allow it)."""
    mpath = publish_dir / "manifest.json"
    if not mpath.is_file():
        print(f"avertissement : {mpath} introuvable : la page des téléchargements sera vide (lancez d'abord `segur publish`)",
              file=sys.stderr)
        return True, None
    manifest = json.loads(mpath.read_text("utf-8"))
    if manifest.get("draft") and not draft:
        print(f"segur book: {publish_dir} est un aperçu BROUILLON (segur publish --draft) : republiez sans --draft, "
              "ou construisez l'aperçu avec segur book --draft ; aucun site construit", file=sys.stderr)
        return False, manifest
    from ..versions.stale import stale_dispositifs, stale_message
    stale = stale_dispositifs(corpus, manifest)
    if stale and not allow_stale:
        print(stale_message(publish_dir, stale), file=sys.stderr)
        return False, manifest
    return True, manifest


def _past_versions(root: Path, corpus, out: Path, progress):
    """Every released version rebuilt from its commit and sha256-checked (None: a mismatch, reported)."""
    from ..versions.history import collect
    with progress.phase("versions publiées", "dispositif(s)") as ph:
        hist = collect(root, corpus, out.parent / f".{out.name}-versions", out)
        ph.count = len(hist.entries or {})
    if not hist.errors:
        return hist
    for line in hist.errors:
        print(f"segur book: {line}", file=sys.stderr)
    print("segur book: une version publiée ne se reconstruit pas à l'identique depuis son commit : "
          "corrigez la cause (ou l'enregistrement releases/) ; aucun site construit", file=sys.stderr)
    return None


def _overrides(corpus, src: Path, nbcache: Path, *, draft: bool, brand: bool | None, hypothesis: bool) -> dict:
    """Sphinx configuration of this build: the toc, banners and marks, the notebook cache."""
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
    return overrides


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
