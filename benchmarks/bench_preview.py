"""Time the author's loop: one requirement edited → `segur book` done, and → the page
served by `segur serve` shows the new text; plus the clean site (time, peak memory).

Usage:
  .venv/bin/python benchmarks/bench_preview.py [--n 3000] [--corpus DIR] [--edits 3] [--peer]
  .venv/bin/python benchmarks/bench_preview.py edit DIR     # one edit (for an outside timer)

The corpus is `synthetic.py N` (or a copy of --corpus DIR). Each edit writes a new mark in the
énoncé of an own requirement (Nouvelle or Modifiée, in a dispositif no later vague
carries, so the check stays clean). `--peer` also builds the same site with every
requirement as a sphinx-needs need (bench_book.needs_variant: JB1 + sphinx-needs) and
times a clean build and one need edited → rebuilt. Figures are wall times of whole
commands (process start included); the serve figure is from the file write to the page,
fetched over HTTP once the server's event stream announced a new site generation (what the
open page does before it reloads), containing the new text.
"""
from __future__ import annotations

import argparse
import json
import re
import resource
import shutil
import socket
import statistics
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "benchmarks"))

SEGUR = [str(REPO / ".venv" / "bin" / "segur")]
PY = str(REPO / ".venv" / "bin" / "python")


def run(cmd: list[str]) -> float:
    t0 = time.perf_counter()
    res = subprocess.run(cmd, capture_output=True, text=True)
    dt = time.perf_counter() - t0
    if res.returncode != 0:
        sys.stderr.write(res.stdout[-3000:] + res.stderr[-3000:])
        raise SystemExit(f"failed: {' '.join(cmd)}")
    return dt


def edit_target(root: Path) -> dict:
    """The requirement every edit changes, found once (kept in root/.bench-edit.json)."""
    memo = root / ".bench-edit.json"
    if memo.is_file():
        return json.loads(memo.read_text("utf-8"))
    from build_tools.book import pages as P
    from build_tools.engine import load_and_check
    corpus = load_and_check(root).corpus
    carried = {x.precedent for x in corpus.dispositifs.values() if x.precedent}
    d, r = next((d, r) for d in corpus.dispositifs.values() if d.id not in carried for r in d.rem
                if r.socle is None and r.statut in ("Modifiée", "Nouvelle"))
    target = {"file": r.base.src.path, "line": r.base.line_of("enonce"), "id": r.id,
              "page": P.dispositif_doc(d) + ".html"}
    memo.write_text(json.dumps(target), "utf-8")
    return target


def edit(root: Path) -> str:
    """Write a new edition mark after the verb (DOIT, PEUT) in the target's énoncé ('DOIT v1 …', 'DOIT v2 …':
    never a text seen before, so no build is ever already up to date); returns the line."""
    t = edit_target(root)
    f = root / t["file"]
    lines = f.read_text("utf-8").split("\n")
    for i in range(t["line"] - 1, t["line"] + 7):
        m = re.search(r"\b(DOIT|PEUT) (v(\d+) )?", lines[i])
        if m:
            n = int(m.group(3) or 0) + 1
            lines[i] = lines[i][:m.start()] + f"{m.group(1)} v{n} " + lines[i][m.end():]
            break
    else:
        raise SystemExit(f"no DOIT/PEUT near {t['file']}:{t['line']}")
    f.write_text("\n".join(lines), "utf-8")
    return lines[i]


def fragment_of(line: str) -> str:
    """A piece of the edited text as it appears in the page (after the verb)."""
    text = line.split("enonce:", 1)[-1].strip().strip("'\"> -")
    m = re.search(r"(DOIT|PEUT) v\d+ \S+", text)
    return m.group(0)


def peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024


def book_figures(root: Path, work: Path, edits: int) -> dict:
    """No publication folder: the downloads page stays empty, and an edit needs no new
    `segur publish` (which `segur book` would otherwise ask for: stale downloads)."""
    pub, out = work / "no-publish", work / "html"
    book = SEGUR + ["book", "--root", str(root), "--publish", str(pub), "--out", str(out)]
    res = {"clean": run(book + ["--clean"]), "clean_peak_mb": round(peak_mb())}
    res["html_mb"] = round(sum(f.stat().st_size for f in out.rglob("*") if f.is_file()) / 1e6)
    times = []
    for _ in range(edits):
        edit(root)
        times.append(run(book))
    res["edit_book"] = statistics.median(times)
    res["edit_book_runs"] = [round(x, 2) for x in times]
    return res


def serve_figures(root: Path, work: Path, edits: int) -> dict:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    out = work / "html"
    proc = subprocess.Popen(SEGUR + ["serve", "--root", str(root), "--publish", str(work / "no-publish"),
                                     "--out", str(out), "--port", str(port)],
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    try:
        for line in proc.stdout:
            if line.startswith("serve : http://"):
                break
        else:
            raise SystemExit("segur serve stopped before serving")
        url = f"http://127.0.0.1:{port}/" + edit_target(root)["page"]
        events = urllib.request.urlopen(f"http://127.0.0.1:{port}/_segur/events")
        generation = _next_generation(events, None)
        times = []
        for _ in range(edits):
            t0 = time.perf_counter()
            want = fragment_of(edit(root))
            while True:      # as the open page does: wait for a new generation, then load the page
                generation = _next_generation(events, generation)
                if want in urllib.request.urlopen(url).read().decode("utf-8"):
                    break
            times.append(time.perf_counter() - t0)
            for line in proc.stdout:            # let the rebuild finish before the next edit
                if line.startswith("serve : site à jour") or "erreur(s)" in line:
                    break
        events.close()
        return {"serve_edit_to_page": statistics.median(times), "serve_runs": [round(x, 2) for x in times]}
    finally:
        proc.terminate()
        proc.wait(timeout=30)


def _next_generation(events, seen):
    """Read the preview's event stream until its site generation differs from `seen`."""
    for raw in events:
        line = raw.decode("utf-8")
        if line.startswith("data: "):
            generation = json.loads(line[6:])["generation"]
            if generation != seen:
                return generation
    raise SystemExit("the event stream ended")


def peer_figures(root: Path, work: Path) -> dict:
    """JB1 + sphinx-needs on the same site: clean build, then one need's text edited."""
    from bench_book import needs_build
    dest, code = needs_build(root, work)
    res = {"peer_clean": run([PY, "-c", code])}
    page = next(p for p in sorted((dest / "book/gen/dispositifs").rglob("*.md")))
    text = page.read_text("utf-8")
    page.write_text(text.replace("DOIT ", "DOIT bien ", 1), "utf-8")
    res["peer_edit"] = run([PY, "-c", code])
    return res


def main() -> int:
    if len(sys.argv) == 3 and sys.argv[1] == "edit":
        edit(Path(sys.argv[2]))
        return 0
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--n", type=int, default=3000)
    ap.add_argument("--corpus", help="copy this corpus instead of generating one")
    ap.add_argument("--edits", type=int, default=3)
    ap.add_argument("--peer", action="store_true", help="also JB1 + sphinx-needs (clean, one edit)")
    ap.add_argument("--out", default=str(REPO / "benchmarks" / "out" / "preview"))
    ap.add_argument("--serve-only", action="store_true", help="only the serve figure, on the previous run's site")
    args = ap.parse_args()
    work = Path(args.out) / f"synthetic-{args.n}"
    root = work / "corpus"
    if args.serve_only:
        print(json.dumps(serve_figures(root, work, args.edits), indent=1))
        return 0
    shutil.rmtree(work, ignore_errors=True)
    if args.corpus:
        shutil.copytree(args.corpus, root, ignore=shutil.ignore_patterns("_build", ".segur-cache", ".bench-edit.json"))
    else:
        from bench_book import prepare_synthetic
        prepare_synthetic(args.n, root)
    # synthetic.py writes no AF terms and no scopes, which a publiée or prépublication
    # dispositif must have (AF-MISSING, SCOPE-MISSING): benchmark them in concertation
    prog = root / "requirements" / "programme.yaml"
    prog.write_text(re.sub(r"statut_publication: (publiée|prépublication)", "statut_publication: concertation",
                           prog.read_text("utf-8")), "utf-8")
    res = {"corpus": f"synthetic-{args.n}", **book_figures(root, work, args.edits)}
    res.update(serve_figures(root, work, args.edits))
    if args.peer:
        res.update(peer_figures(root, work))
    print(json.dumps(res, indent=1, ensure_ascii=False))
    (work / "results.json").write_text(json.dumps(res, indent=1, ensure_ascii=False) + "\n", "utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
