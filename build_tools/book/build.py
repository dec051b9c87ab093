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
import shutil
import os
import sys
import threading
import time
from dataclasses import dataclass
from pathlib import Path

from ..marks import EXAMPLE
from . import pages as P
from ..progress import Progress
from .fastpath import SyncStamp, plan_swap
from .needs import needs_cached
from .pages.banner import draft_banners
from .pages.qa import QA_DOC, qa_page
from .sphinx_run import bring_up_to_date
from .stats import write_site_data

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


def inputs_digest(root: Path, publish_dir: Path) -> str:
    """Hash of the data the site is built from: corpus files, book skeleton, the publish
    manifest (which holds the sha256 of every published file). Taken before the corpus is
    read, so an edit made during the build is never taken for built."""
    h = hashlib.sha256()
    skel = _skeleton(root)
    files: list[Path] = []
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


def inputs_key(data: str, hypothesis: bool, code: list[str], draft: bool = False, brand: bool | None = None) -> str:
    """Hash of everything the site depends on: its data (`inputs_digest`), the build_tools
    code the previous build imported (`code`) and the versions of the Sphinx stack. Same
    key, same site: the build is skipped."""
    import jupyter_book
    import myst_nb
    import sphinx
    h = hashlib.sha256(f"{sys.version}|{sphinx.__version__}|{jupyter_book.__version__}|"
                       f"{myst_nb.__version__}|{hypothesis}|{'draft' if draft else ''}|{brand}|{data}".encode())
    for f in sorted(set(code)):
        f = Path(f)
        h.update(str(f).encode() + b"\0" + (f.read_bytes() if f.is_file() else b"(missing)") + b"\0")
    return h.hexdigest()


def build_book(root, publish_dir, out, clean: bool = False, *, hypothesis: bool = True,
               quiet: bool = True, allow_stale: bool = False, draft: bool = False, brand: bool | None = None) -> int:
    """`draft`: build even when the corpus has errors, as a preview — the BROUILLON mark on
    every page and a QA page listing every problem (book/gen/qa)."""
    t0 = time.perf_counter()
    root, publish_dir, out = Path(root).resolve(), Path(publish_dir).resolve(), Path(out).resolve()
    stamp = out.parent / f".{out.name}-inputs"
    data = inputs_digest(root, publish_dir)
    if not clean and stamp.is_file() and (out / "index.html").is_file() and (out / "needs.json").is_file():
        try:
            previous = json.loads(stamp.read_text("utf-8"))
            fresh = previous["key"] == inputs_key(data, hypothesis, previous["code"], draft, brand)
        except (ValueError, KeyError, TypeError):
            fresh = False
        if fresh:
            print(f"book: à jour (entrées inchangées), {time.perf_counter() - t0:.2f} s -> {out / 'index.html'}")
            return 0
    stamp.unlink(missing_ok=True)
    try:
        opts = SiteOptions(clean, hypothesis, quiet, allow_stale, draft, brand, inputs=data)
        job = _checked_job(root, publish_dir, out, opts, t0)
    finally:
        gc.unfreeze()
    gc.collect()        # the corpus index is gone with _checked_job's frame: Sphinx gets its memory
    if isinstance(job, int):
        _wait_aside()
        return job
    return finish_site(job)


def _checked_job(root: Path, publish_dir: Path, out: Path, opts: "SiteOptions", t0: float):
    """Load and check the corpus, then everything of the build that needs its index; the
    index is not kept (it is a third of the memory of a 20,000-requirement build)."""
    from ..engine import load_and_check
    with Progress("book").phase("vérification du corpus", "problème(s)") as ph:
        result = load_and_check(root)
        ph.count = len(result.problems)
    gc.freeze()     # the index lives until Sphinx: collections no longer rescan its objects
    if result.errors and not opts.draft:
        for p in result.errors[:5]:
            print(f"{p.path}:{p.line}: {p.code} {p.message}", file=sys.stderr)
        print(f"segur book: le corpus contient {len(result.errors)} erreur(s) : lancez `segur check` ; aucun site construit",
              file=sys.stderr)
        return 1
    return prepare_site(result.corpus, root, publish_dir, out, opts, problems=result.problems, t0=t0)


@dataclass(frozen=True)
class SiteOptions:
    clean: bool = False
    hypothesis: bool = True
    quiet: bool = True
    allow_stale: bool = False
    draft: bool = False
    brand: bool | None = None
    stamp_inputs: bool = True        # False: no inputs stamp (the preview rebuilds on every change anyway)
    inputs: str | None = None        # inputs_digest taken before the corpus was read (None: at the end)


@dataclass
class SiteJob:
    """What is left of a build once the sources, needs.json and downloads are written."""
    root: Path
    publish_dir: Path
    out: Path
    src: Path
    opts: SiteOptions
    counts: dict
    overrides: dict
    digest: str                      # fastpath.SyncStamp.digest(overrides)
    swap: dict | None                # pages to swap fragments into (None: run Sphinx)
    site_data: Path | None           # the notebooks' figures (stats.write_site_data)
    n_downloads: int
    t0: float
    t_gen: float

    @property
    def quiet(self) -> bool:
        return self.opts.quiet


def build_site(corpus, root: Path, publish_dir: Path, out: Path, *, problems=(), clean: bool = False,
               hypothesis: bool = True, quiet: bool = True, allow_stale: bool = False, draft: bool = False,
               t0: float | None = None, on_sources=None, stamp_inputs: bool = True,
               skip_unchanged: bool = False, brand: bool | None = None) -> int:
    """Steps 2-4 from a checked corpus (`segur serve`; `segur book` does the same without
    keeping the index through Sphinx).

    `on_sources(src, out, counts)` is called once the sources are written, before Sphinx
    (the live preview shows edited fragments from there); `stamp_inputs=False` writes no
    inputs stamp; `skip_unchanged` returns at once when no source file changed and the
    site matches them (the preview)."""
    opts = SiteOptions(clean, hypothesis, quiet, allow_stale, draft, brand, stamp_inputs)
    job = prepare_site(corpus, root, publish_dir, out, opts, problems=problems, t0=t0, on_sources=on_sources)
    if isinstance(job, int):
        _wait_aside()
        return job
    if skip_unchanged and job.swap == {}:
        SyncStamp(out).write(job.digest)
        return 0
    return finish_site(job)


def prepare_site(corpus, root: Path, publish_dir: Path, out: Path, opts: SiteOptions, *, problems=(),
                 t0: float | None = None, on_sources=None) -> SiteJob | int:
    """Sources, needs.json and downloads written; whether Sphinx must run decided."""
    t0 = time.perf_counter() if t0 is None else t0
    progress = Progress("book")
    src, sync = out.parent / f"{out.name}-src", SyncStamp(out)
    (out.parent / f".{out.name}-inputs").unlink(missing_ok=True)
    ok, manifest = _publish_manifest(corpus, publish_dir, opts.draft, opts.allow_stale)
    if not ok:
        return 1
    if opts.clean:
        _set_aside([out, src, out.parent / f".{out.name}-doctrees", out.parent / f".{out.name}-jupyter-cache"])
    synced = sync.read()
    sync.clear()       # the sources change below: the site matches them again only once built
    hist = _past_versions(root, corpus, out, progress)
    if hist is None:
        return 1
    counts = _sources(corpus, root, src, manifest, hist.entries, problems if opts.draft else None, progress)
    overrides = _overrides(corpus, src, out.parent / f".{out.name}-jupyter-cache", draft=opts.draft,
                           brand=opts.brand, hypothesis=opts.hypothesis)
    digest = SyncStamp.digest(overrides)
    swap = (plan_swap(src, out, counts["changed"]) if counts["changed"] else {}) if synced == digest else None
    counts["swap"] = swap          # the preview shows these pages at once (on_sources)
    if on_sources is not None:
        on_sources(src, out, counts)
    t_gen = time.perf_counter()
    site_data = None
    if swap is None:
        site_data = out.parent / f".{out.name}-notebooks.json"
        write_site_data(site_data, root, corpus)
    n_dl = _needs_and_downloads(corpus, publish_dir, out, manifest, progress)
    return SiteJob(root, publish_dir, out, src, opts, counts, overrides, digest, swap, site_data, n_dl, t0, t_gen)


def _set_aside(folders: list[Path]) -> None:
    """A clean build's old folders are renamed at once and deleted by a thread while the
    build goes on (hundreds of MB at 20,000 requirements); `finish_site` waits for it."""
    trash = []
    for d in folders:
        if d.exists():
            aside = d.with_name(f".{d.name}-supprime-{os.getpid()}-{len(_TRASH)}")
            os.replace(d, aside)
            trash.append(aside)
    if trash:
        t = threading.Thread(target=lambda: [shutil.rmtree(d, ignore_errors=True) for d in trash], daemon=True)
        t.start()
        _TRASH.append(t)


_TRASH: list = []        # threads deleting the folders a clean build set aside


def _wait_aside() -> None:
    while _TRASH:
        _TRASH.pop().join()


def finish_site(job: SiteJob) -> int:
    """Sphinx (or the fragment swap), then the stamps and the summary line."""
    t_sphinx = time.perf_counter()
    try:
        rc = bring_up_to_date(job, Progress("book"))
    finally:
        _wait_aside()
    if rc != 0:
        return rc
    SyncStamp(job.out).write(job.digest)
    out, counts = job.out, job.counts
    how = f"sphinx {time.perf_counter() - t_sphinx:.1f} s" if job.swap is None else \
        f"{len(job.swap)} page(s) mise(s) à jour sans Sphinx"
    print(f"book: {counts['generated']} page(s) générée(s), {counts['kept']} reprise(s) telle(s) quelle(s) ; "
          f"{counts['written']} fichier(s) source écrit(s), {counts['unchanged']} inchangé(s), "
          f"{counts['removed']} supprimé(s) ; {job.n_downloads} téléchargement(s) ; "
          f"génération {job.t_gen - job.t0:.1f} s, {how}, total {time.perf_counter() - job.t0:.1f} s "
          f"-> {out / 'index.html'}")
    _write_if_changed(out / "index.html", _redirect().encode())
    if job.opts.stamp_inputs:
        code, o = _code_files(), job.opts
        data = o.inputs if o.inputs is not None else inputs_digest(job.root, job.publish_dir)
        key = inputs_key(data, o.hypothesis, code, o.draft, o.brand)
        (out.parent / f".{out.name}-inputs").write_text(json.dumps({"key": key, "code": code}), "utf-8")
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


def _redirect() -> str:
    return ('<!DOCTYPE html><html lang="fr"><head><meta charset="utf-8">'
            '<meta http-equiv="refresh" content="0; url=book/index.html">'
            '<title>Ségur numérique — spécifications</title></head>'
            '<body><a href="book/index.html">Ségur numérique — spécifications</a></body></html>\n')
