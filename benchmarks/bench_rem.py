"""Time the REM writers of every layout against a bare script writing the same cells.

    python benchmarks/bench_rem.py [N=20000] [--layout=publication|prepublication|convergence|reqif …]

Corpora: the embedded one, ANS's prépublication export imported into a scratch corpus
(when ../shared is there), and a synthetic corpus of N requirements. For each xlsx layout
the floor is a bare XlsxWriter script writing that layout's `Exigences` rows for every
dispositif with nothing else (no formats, heights, paper set-up, validations, protection
or other sheets); for ReqIF it is bare lxml writing one element per requirement with the
same text values; the ratio of ReqIF is also given against the bare XlsxWriter floor of the
publication layout (the one floor the aim names). Every layout is written for every dispositif (the prépublication one
too). Corpus loading is excluded: both sides start from the same index; best of 3.
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

from lxml import etree  # noqa: E402

from build_tools.engine import load_and_check  # noqa: E402
from build_tools.rem_rows import CONVERGENCE_COLUMNS, PREPUB_COLUMNS, REM_COLUMNS, rem_rows  # noqa: E402
from build_tools.writers.rem_convergence import convergence_rows, write_convergence_workbook  # noqa: E402
from build_tools.writers.rem_prepub import prepub_rows, write_prepub_workbook  # noqa: E402
from build_tools.writers.rem_reqif import reqif_bytes, requirement_values  # noqa: E402
from build_tools.writers.rem_xlsx import write_rem_workbook  # noqa: E402


def bare_xlsx(columns, rows_of):
    def write(corpus, d, path):
        wb = xlsxwriter.Workbook(str(path), {"in_memory": True})   # same packaging as ours
        ws = wb.add_worksheet("Exigences")
        for c, name in enumerate(columns):
            ws.write_string(0, c, name)
        for r, row in enumerate(rows_of(d), start=1):
            for c, value in enumerate(row):
                if value:
                    ws.write_string(r, c, value)
        wb.close()
    return write


def bare_reqif(corpus, d, path):  # noqa: ARG001  (same signature as the writers)
    root = etree.Element("REQ-IF")
    for r in d.rem:
        obj = etree.SubElement(root, "SPEC-OBJECT")
        for value in requirement_values(r):
            etree.SubElement(obj, "V").text = value
    path.write_bytes(etree.tostring(root, encoding="UTF-8"))


def our_reqif(corpus, d, path):
    path.write_bytes(reqif_bytes(d))


# layout: (floor, ours, rows counted)
LAYOUTS = {
    "publication": (bare_xlsx(REM_COLUMNS, rem_rows), write_rem_workbook, rem_rows),
    "prepublication": (bare_xlsx(PREPUB_COLUMNS, prepub_rows), lambda c, d, p: write_prepub_workbook(d, p),
                       prepub_rows),
    "convergence": (bare_xlsx(CONVERGENCE_COLUMNS, convergence_rows),
                    lambda c, d, p: write_convergence_workbook(d, p), convergence_rows),
    "reqif": (bare_reqif, our_reqif, lambda d: d.rem),
}


def timed(fn, corpus, out: Path) -> float:
    t = time.perf_counter()
    for d in corpus.dispositifs.values():
        fn(corpus, d, out / f"{d.id}.out")
    return time.perf_counter() - t


def measure(name: str, root: Path, layouts: list[str]) -> list[str]:
    corpus = load_and_check(root).corpus
    lines = []
    gc.disable()   # as `segur publish` does; the floor gets the same treatment
    try:
        with tempfile.TemporaryDirectory() as tmp:
            for layout in layouts:
                bare, mine, rows_of = LAYOUTS[layout]
                rows = sum(len(rows_of(d)) for d in corpus.dispositifs.values())
                f = min(timed(bare, corpus, Path(tmp)) for _ in range(3))
                o = min(timed(mine, corpus, Path(tmp)) for _ in range(3))
                vs_pub = ""
                if layout == "reqif":
                    pub = min(timed(LAYOUTS["publication"][0], corpus, Path(tmp)) for _ in range(3))
                    vs_pub = f" ({o / pub:.2f}× the XlsxWriter publication floor, {pub:.2f} s)"
                lines.append(f"| {name} | {layout} | {len(corpus.dispositifs)} | {rows} | {f:.2f} s | {o:.2f} s "
                             f"| {o / f:.2f}×{vs_pub} |")
    finally:
        gc.enable()
    return lines


def main() -> None:
    args = [a for a in sys.argv[1:] if not a.startswith("--layout")]
    layouts = [a.split("=", 1)[1] for a in sys.argv[1:] if a.startswith("--layout=")] or list(LAYOUTS)
    n = int(args[0]) if args else 20000
    lines = ["| corpus | layout | REMs | rows | bare floor | segur writer | ratio |",
             "|---|---|---|---|---|---|---|", *measure("embedded", REPO, layouts)]
    export = REPO.parent / "shared" / "corpus" / "ansforge-segur-squash-plugins" / "rem-va2-prepublication-export.xlsx"
    try:
        from build_tools.rem_import.ans_export import import_ans_export
    except ImportError:
        import_ans_export = None
    if export.is_file() and import_ans_export is not None:
        target = HERE / "out" / "ans-export"
        if not (target / "requirements").is_dir():
            import_ans_export(export, target)
        lines += measure("ANS export (imported)", target, layouts)
    from synthetic import generate
    target = HERE / "out" / f"synthetic-{n}"
    if not (target / "requirements").is_dir():
        generate(n, target)
    lines += measure(f"synthetic {n}", target, layouts)
    print("\n".join(lines))


if __name__ == "__main__":
    main()
