"""Time DSR + AF generation for every dispositif of the corpus: .docx, then PDF separately.

Usage: .venv/bin/python benchmarks/bench_documents.py [--root DIR] [--repeat N] [--no-pdf]

- docx: the ``documents`` writer's Word part (build + deterministic save), best of N runs;
- pdf: one LibreOffice batch over all those .docx (profile init + macro run + normalisation).
Corpus loading and checking are timed apart and excluded from both figures.
"""
from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from build_tools import pdf as pdfconv  # noqa: E402
from build_tools.engine import load_and_check  # noqa: E402
from build_tools.writers import PublishContext  # noqa: E402
from build_tools.writers.documents import write_docx  # noqa: E402


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--root", default=str(REPO))
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--no-pdf", action="store_true")
    args = ap.parse_args()

    t0 = time.perf_counter()
    corpus = load_and_check(args.root).corpus
    t_load = time.perf_counter() - t0
    n_disp = len(corpus.dispositifs)
    n_af = len(corpus.financements)
    print(f"corpus: {n_disp} dispositifs ({n_af} with an AF), {sum(len(d.rem) for d in corpus.dispositifs.values())} "
          f"requirements; load+check {t_load:.2f} s")

    best, jobs, tmp = None, [], None
    for _ in range(max(1, args.repeat)):
        tmp = Path(tempfile.mkdtemp(prefix="bench-docs-"))
        ctx = PublishContext(corpus, tmp, with_pdf=False)
        t0 = time.perf_counter()
        artifacts, jobs = write_docx(ctx)
        dt = time.perf_counter() - t0
        best = dt if best is None else min(best, dt)
    size = sum((tmp / a.path).stat().st_size for a in artifacts)
    print(f"docx: {len(artifacts)} documents ({size / 1e3:.0f} kB) in {best:.2f} s (best of {args.repeat}), "
          f"{best / len(artifacts) * 1000:.0f} ms per document")

    if args.no_pdf:
        return 0
    if not pdfconv.find_soffice():
        print("pdf: skipped (LibreOffice not installed)")
        return 0
    t0 = time.perf_counter()
    warnings = pdfconv.convert(jobs)
    dt = time.perf_counter() - t0
    pages = 0
    for j in jobs:
        pages += pdfconv_pages(j.pdf)
    print(f"pdf: {len(jobs)} documents, {pages} pages in {dt:.2f} s (one LibreOffice batch), "
          f"{dt / len(jobs):.2f} s per document" + (f"; warnings: {warnings}" if warnings else ""))
    return 0


def pdfconv_pages(path: Path) -> int:
    return path.read_bytes().count(b"/Type/Page") - path.read_bytes().count(b"/Type/Pages")


if __name__ == "__main__":
    sys.exit(main())
