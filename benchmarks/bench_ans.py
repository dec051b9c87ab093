"""Check, publish and book on ANS's real text at several sizes.

    python benchmarks/bench_ans.py [N …]        (default: 1500 3000 20000)

For each N: `ans_replica.py` copies the real export's REMs to about N requirements
(1,500 = the export itself), `segur import-rem … --into` imports it, then the real command
lines are timed once each (process start included; median of `--runs` when given):
`segur check --no-cache` (cold), `segur check` (warm parse cache), `segur publish --draft
--no-pdf`, `segur book --draft --clean` (the real text has errors: both are previews).
Needs `../shared/corpus/…/rem-va2-prepublication-export.xlsx` beside the clone.
"""
from __future__ import annotations

import argparse
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
SEGUR = [sys.executable, "-m", "build_tools.cli"]
EXPORT = REPO.parent / "shared" / "corpus" / "ansforge-segur-squash-plugins" / "rem-va2-prepublication-export.xlsx"


def timed(cmd: list[str], runs: int) -> float:
    times = []
    for _ in range(runs):
        t = time.perf_counter()
        subprocess.run(cmd, cwd=REPO, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False)
        times.append(time.perf_counter() - t)
    return statistics.median(times)


def corpus_of(n: int, work: Path) -> Path:
    sys.path.insert(0, str(HERE))
    from ans_replica import replicate
    root = work / f"ans-{n}"
    if (root / "requirements").is_dir():
        return root
    xlsx = EXPORT
    if n > 1600:
        xlsx = work / f"ans-{n}.xlsx"
        replicate(n, EXPORT, xlsx)
    shutil.rmtree(root, ignore_errors=True)
    subprocess.run(SEGUR + ["import-rem", str(xlsx), "--into", str(root)], cwd=REPO, check=True,
                   stdout=subprocess.DEVNULL)
    return root


def main(argv: list[str]) -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("sizes", nargs="*", type=int, default=[1500, 3000, 20000])
    ap.add_argument("--runs", type=int, default=1)
    args = ap.parse_args(argv)
    if not EXPORT.is_file():
        print(f"{EXPORT} introuvable", file=sys.stderr)
        return 2
    work = HERE / "out"
    work.mkdir(exist_ok=True)
    print("| N | check cold | check warm | publish --draft --no-pdf | book --draft --clean |")
    print("|---|---|---|---|---|")
    for n in args.sizes:
        root = corpus_of(n, work)
        pub, html = work / f"ans-{n}-publish", work / f"ans-{n}-html"
        cold = timed(SEGUR + ["check", "--root", str(root), "--no-cache"], args.runs)
        timed(SEGUR + ["check", "--root", str(root)], 1)
        warm = timed(SEGUR + ["check", "--root", str(root)], args.runs)
        publish = timed(SEGUR + ["publish", "--root", str(root), "--draft", "--no-pdf", "--out", str(pub)], args.runs)
        book = timed(SEGUR + ["book", "--root", str(root), "--draft", "--clean", "--publish", str(pub),
                              "--out", str(html)], args.runs)
        print(f"| {n} | {cold:.1f} s | {warm:.1f} s | {publish:.1f} s | {book:.1f} s |", flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
