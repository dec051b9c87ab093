"""`segur serve`: build once, serve the site on 127.0.0.1, watch the corpus, rebuild.

On each batch of changes (watchfiles: inotify, debounced), the corpus is checked again
(unchanged files keep their parse, index pieces and file-local findings in memory), the pages whose bytes change are rewritten
and Sphinx runs incrementally, in this process (imports and caches stay warm). Problems
of the files edited during the session, and every error (an error blocks the build), are
printed as `file:line: CODE message` and sent to the open pages as a banner; a
successful build bumps the site generation and the open pages reload themselves.
"""
from __future__ import annotations

import queue
import sys
import threading
import time
from pathlib import Path

from . import server

WATCHED = ("requirements", "matrices", "book", "concertation")
IGNORED_PARTS = {".segur-cache", "_build", "__pycache__", ".ipynb_checkpoints", ".git"}
IGNORED_SUFFIXES = (".tmp", ".swp", ".swx", "~", ".part")


def _watch_filter(change, path: str) -> bool:
    p = Path(path)
    if IGNORED_PARTS.intersection(p.parts) or p.name.startswith(".#") or path.endswith(IGNORED_SUFFIXES):
        return False
    return True


def _problem_dict(p) -> dict:
    return {"path": p.path, "line": p.line or 0, "code": p.code, "message": p.message,
            "hint": p.hint or "", "severity": p.severity.value}


class Preview:
    def __init__(self, root: Path, publish_dir: Path, out: Path, state: server.LiveState,
                 log=print) -> None:
        self.root, self.publish_dir, self.out = root, publish_dir, out
        self.state, self.log = state, log
        self.edited: set[str] = set()       # corpus-relative paths edited during the session
        self.shown: set[tuple] = set()
        from ..engine import Memo
        self.memo = Memo()                  # parses, index pieces and file-local findings kept between checks

    def rebuild(self, changed: set[str] | None = None) -> bool:
        """Check, report, and build the site when the corpus has no error."""
        from ..book.build import build_site
        from ..book.fastpath import plan_swap, write_pages
        from ..engine import load_and_check
        t0 = time.perf_counter()
        if changed:
            self.edited |= changed
        result = load_and_check(self.root, memo=self.memo)
        shown = [p for p in result.problems if p.path in self.edited or p.severity.value == "error"]
        self._report(shown)
        problems = [_problem_dict(p) for p in shown]
        if result.errors:
            self.state.publish(rebuilt=False, problems=problems, built=False)
            self.log(f"serve : {len(result.errors)} erreur(s) : site non reconstruit (la page garde sa dernière version)")
            return False
        fast: dict[Path, str] = {}

        def show_fragments(src, out, counts):
            # only fragments changed: the book planned each page's new text; when the site
            # was not in sync with its sources the book goes through Sphinx, but the same
            # plan still shows the edit before Sphinx has finished
            swap = counts.get("swap") or plan_swap(src, out, counts["changed"]) or {}
            write_pages(swap)
            fast.update(swap)
            if fast:
                self.state.publish(rebuilt=True, problems=problems, built=True)
                self.log(f"serve : {len(fast)} page(s) affichée(s) en {time.perf_counter() - t0:.1f} s "
                         "(Sphinx suit)")
        code = build_site(result.corpus, self.root, self.publish_dir, self.out, problems=result.problems,
                          t0=t0, on_sources=show_fragments if changed else None, stamp_inputs=False,
                          allow_stale=True, skip_unchanged=True)
        ok = code == 0
        # after a swap, reload again only if Sphinx wrote those pages differently
        again = not fast or any(not f.is_file() or f.read_text("utf-8") != text for f, text in fast.items())
        self.state.publish(rebuilt=ok and again, problems=problems, built=ok)
        if ok:
            self.log(f"serve : site à jour en {time.perf_counter() - t0:.1f} s")
        return ok

    def _report(self, shown) -> None:
        keys = {(p.path, p.line, p.code, p.message) for p in shown}
        for p in shown:
            if (p.path, p.line, p.code, p.message) not in self.shown:
                self.log(p.format())
        for gone in sorted(self.shown - keys, key=str):
            self.log(f"{gone[0]}:{gone[1]}: {gone[2]} corrigé")
        self.shown = keys

    def relative(self, path: str) -> str | None:
        try:
            return Path(path).resolve().relative_to(self.root).as_posix()
        except ValueError:
            return None


def serve(root: Path, publish_dir: Path, out: Path, port: int, *, stop: threading.Event | None = None) -> int:
    import logging

    import watchfiles
    logging.getLogger("watchfiles").setLevel(logging.WARNING)   # no "N changes detected" lines
    root, publish_dir, out = Path(root).resolve(), Path(publish_dir).resolve(), Path(out).resolve()
    out.mkdir(parents=True, exist_ok=True)
    state = server.LiveState()
    log = _logger()
    try:
        httpd = server.start(out, port, state)
    except OSError as exc:
        print(f"segur serve : impossible d'écouter sur {server.HOST}:{port} ({exc.strerror}) : "
              "choisissez un autre port avec --port", file=sys.stderr)
        return 2
    url = f"http://{server.HOST}:{httpd.server_address[1]}/book/index.html"
    preview = Preview(root, publish_dir, out, state, log)
    stop = stop or threading.Event()
    batches: queue.Queue = queue.Queue()
    dirs = [root / w for w in WATCHED if (root / w).is_dir()]

    def watch() -> None:     # armed before the first build: no edit is missed
        for changes in watchfiles.watch(*dirs, watch_filter=_watch_filter, stop_event=stop,
                                        debounce=200, step=20, raise_interrupt=False):
            batches.put(changes)
    watcher = threading.Thread(target=watch, name="segur-serve-watch", daemon=True)
    watcher.start()
    try:
        log(f"serve : première construction du site ({root})")
        preview.rebuild()
        log(f"serve : {url} (Ctrl+C pour arrêter) ; surveille {', '.join(w + '/' for w in WATCHED)}")
        while not stop.is_set():
            try:
                changes = set(batches.get(timeout=0.5))
            except queue.Empty:
                continue
            while not batches.empty():          # what arrived during the last build: one rebuild
                changes |= batches.get_nowait()
            changed = {r for _, path in changes
                       if (r := preview.relative(path)) and (Path(path).exists() or Path(path).suffix)}
            if changed:
                log("serve : modifié : " + ", ".join(sorted(changed)[:5]) + (" …" if len(changed) > 5 else ""))
                preview.rebuild(changed)
    finally:
        stop.set()
        state.close()
        httpd.shutdown()
        httpd.server_close()
    return 0


def _logger():
    lock = threading.Lock()

    def log(msg: str) -> None:
        with lock:
            print(msg, flush=True)
    return log
