"""Time `segur check` on the embedded corpus and on a synthetic corpus of N requirements.

    python benchmarks/bench_check.py [N=20000]

Each figure is the best of 3 runs of the real command line (process start included):
cold = no parse cache (`--no-cache`), warm = parse cache filled by a previous run.
"""
from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
SEGUR = [sys.executable, "-m", "build_tools.cli"]


def best_of(cmd: list[str], runs: int = 3) -> float:
    best = float("inf")
    for _ in range(runs):
        t = time.perf_counter()
        subprocess.run(cmd, cwd=REPO, stdout=subprocess.DEVNULL, check=False)
        best = min(best, time.perf_counter() - t)
    return best


def main() -> None:
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 20000
    sys.path.insert(0, str(HERE))
    from synthetic import generate
    target = HERE / "out" / f"synthetic-{n}"
    if not (target / "requirements").is_dir():
        generate(n, target)
    rows = []
    for name, root in (("embedded corpus", REPO), (f"synthetic {n}", target)):
        cold = best_of(SEGUR + ["check", "--root", str(root), "--no-cache"], runs=1 if "synthetic" in name else 3)
        best_of(SEGUR + ["check", "--root", str(root)], runs=1)
        warm = best_of(SEGUR + ["check", "--root", str(root)])
        rows.append((name, cold, warm))
    print("| corpus | cold (no cache) | warm (parse cache) |")
    print("|---|---|---|")
    for name, cold, warm in rows:
        print(f"| {name} | {cold:.2f} s | {warm:.2f} s |")


if __name__ == "__main__":
    main()
