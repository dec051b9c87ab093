"""Time `segur check` on the embedded corpus and on a synthetic corpus of N requirements.

    python benchmarks/bench_check.py [N=20000] [--runs 5]

Each figure is the median of RUNS runs of the real command line (process start included),
wall and CPU (user + system of the child) side by side — on a shared machine the CPU time
is the figure to compare:
- cold: no cache at all (`--no-cache`: every file parsed, every rule run);
- warm: nothing changed since the previous run (the stored outcome is read back);
- edit: one requirement's text changed before each run (the edited file parsed again,
  the file-local rules re-run on that file only, the other rules on the whole index).
The edited file is restored at the end.
"""
from __future__ import annotations

import argparse
import resource
import statistics
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
SEGUR = [sys.executable, "-m", "build_tools.cli"]


def timed(cmd: list[str]) -> tuple[float, float]:
    """(wall, cpu) seconds of one run of cmd."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    t = time.perf_counter()
    subprocess.run(cmd, cwd=REPO, stdout=subprocess.DEVNULL, check=False)
    wall = time.perf_counter() - t
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return wall, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def median_of(cmd: list[str], runs: int, before_each=None) -> tuple[float, float]:
    walls, cpus = [], []
    for i in range(runs):
        if before_each is not None:
            before_each(i)
        wall, cpu = timed(cmd)
        walls.append(wall)
        cpus.append(cpu)
    return statistics.median(walls), statistics.median(cpus)


def edit_file(root: Path) -> Path:
    """The largest dispositif file (the slowest to parse again)."""
    return max((root / "requirements").glob("Va*/*.yaml"), key=lambda p: p.stat().st_size)


def figures(root: Path, runs: int, cold_runs: int) -> dict:
    check = SEGUR + ["check", "--root", str(root)]
    out = {"cold": median_of(check + ["--no-cache"], cold_runs)}
    timed(check)                                   # fills the caches
    out["warm"] = median_of(check, runs)
    target = edit_file(root)
    original = target.read_text("utf-8")

    def edit(i: int) -> None:
        # a word added to the first text with DOIT (new bytes each time)
        edited = original.replace(" DOIT ", f" DOIT bien{i} ", 1)
        target.write_text(edited if edited != original else original + f"# {i}\n", "utf-8")
    try:
        out["edit"] = median_of(check, runs, edit)
    finally:
        target.write_text(original, "utf-8")
    return out


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("n", nargs="?", type=int, default=20000)
    ap.add_argument("--runs", type=int, default=5)
    args = ap.parse_args()
    sys.path.insert(0, str(HERE))
    from synthetic import generate
    target = HERE / "out" / f"synthetic-{args.n}"
    if not (target / "requirements").is_dir():
        generate(args.n, target)
    rows = [("embedded corpus", figures(REPO, args.runs, 3)),
            (f"synthetic {args.n}", figures(target, args.runs, 1))]
    print("| corpus | cold (no cache) | warm (no change) | one file edited |")
    print("|---|---|---|---|")
    for name, f in rows:
        print(f"| {name} | " + " | ".join(f"{f[k][0]:.2f} s (cpu {f[k][1]:.2f} s)" for k in ("cold", "warm", "edit")) + " |")


if __name__ == "__main__":
    main()
