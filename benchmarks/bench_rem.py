"""Time the REM xlsx writer against a bare XlsxWriter script writing the same cells.

    python benchmarks/bench_rem.py [N=20000]

Corpora: the embedded one, ANS's prépublication export imported into a scratch corpus
(when ../shared is there), and a synthetic corpus of N requirements. The floor writes the
`Exigences` rows of every REM with nothing else (no formats, validations or other sheets).
Corpus loading is excluded: both sides start from the same index.
"""
from __future__ import annotations

import gc
import sys
import tempfile
import time
from pathlib import Path

import xlsxwriter

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
sys.path.insert(0, str(HERE))

from build_tools.engine import load_and_check  # noqa: E402
from build_tools.rem_rows import REM_COLUMNS, rem_rows  # noqa: E402
from build_tools.writers.rem_xlsx import write_rem_workbook  # noqa: E402


def floor(corpus, out: Path) -> float:
    t = time.perf_counter()
    for d in corpus.dispositifs.values():
        wb = xlsxwriter.Workbook(str(out / f"floor-{d.id}.xlsx"))
        ws = wb.add_worksheet("Exigences")
        for c, name in enumerate(REM_COLUMNS):
            ws.write_string(0, c, name)
        for r, row in enumerate(rem_rows(d), start=1):
            for c, value in enumerate(row):
                if value:
                    ws.write_string(r, c, value)
        wb.close()
    return time.perf_counter() - t


def ours(corpus, out: Path) -> float:
    t = time.perf_counter()
    for d in corpus.dispositifs.values():
        write_rem_workbook(corpus, d, out / f"REM-{d.id}.xlsx")
    return time.perf_counter() - t


def measure(name: str, root: Path) -> str:
    corpus = load_and_check(root).corpus
    rows = sum(len(rem_rows(d)) for d in corpus.dispositifs.values())
    gc.disable()   # as `segur publish` does; the floor gets the same treatment
    try:
        with tempfile.TemporaryDirectory() as tmp:
            f = min(floor(corpus, Path(tmp)) for _ in range(3))
            o = min(ours(corpus, Path(tmp)) for _ in range(3))
    finally:
        gc.enable()
    return f"| {name} | {len(corpus.dispositifs)} | {rows} | {f:.2f} s | {o:.2f} s | {o / f:.2f}× |"


def main() -> None:
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 20000
    lines = ["| corpus | REMs | rows | bare XlsxWriter | segur REM writer | ratio |", "|---|---|---|---|---|---|",
             measure("embedded", REPO)]
    export = REPO.parent / "shared" / "corpus" / "ansforge-segur-squash-plugins" / "rem-va2-prepublication-export.xlsx"
    try:
        from build_tools.rem_import.ans_export import import_ans_export
    except ImportError:
        import_ans_export = None
    if export.is_file() and import_ans_export is not None:
        target = HERE / "out" / "ans-export"
        if not (target / "requirements").is_dir():
            import_ans_export(export, target)
        lines.append(measure("ANS export (imported)", target))
    from synthetic import generate
    target = HERE / "out" / f"synthetic-{n}"
    if not (target / "requirements").is_dir():
        generate(n, target)
    lines.append(measure(f"synthetic {n}", target))
    print("\n".join(lines))


if __name__ == "__main__":
    main()
