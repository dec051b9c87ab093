"""Replicate ANS's real prépublication export to about N requirements, as a bigger
programme would look: the REM rows are copied as extra REMs whose codes (and so the ids
of their own requirements) get a suffix — LGC, LGCAA, LGCAB … — and pick the same socle
requirements; the socle sheet is kept once.

    python benchmarks/ans_replica.py N SOURCE.xlsx OUT.xlsx

N counts the distinct requirements of the REM sheets (one per REM and « id exigence » of
`prepub_va2_avec_scenarios`, the real export has 1,522): N ≤ that gives the source rows
unchanged. The result is importable with `segur import-rem OUT.xlsx --into DIR`: a REM code
that starts with a known one (LGCAA) becomes its own dispositif modelled on it
(MDV-LGCAA-Va2), with a wave-1 REM when its rows carry wave-1 requirements. Texts are the
real ones, untouched: the point is to measure on real text.
"""
from __future__ import annotations

import string
import sys
from pathlib import Path

import openpyxl
import xlsxwriter

REM_SHEETS = ("prepub_va2_avec_scenarios", "prepub_avec_scenarios")
KEPT = ("prepub_va2_avec_scenarios", "prepub_avec_scenarios", "db_ghseet_socle")


def suffix(k: int) -> str:
    """0 -> '' (the original), 1 -> 'AA', 2 -> 'AB' … (letters only: codes are [A-Z]+)."""
    if k == 0:
        return ""
    k -= 1
    return string.ascii_uppercase[k // 26 % 26] + string.ascii_uppercase[k % 26]


def _rows(wb, name: str) -> list[tuple]:
    return [r for r in wb[name].iter_rows(values_only=True)]


def requirement_count(rows: list[tuple]) -> int:
    header = rows[0]
    rem, sid = header.index("REM"), header.index("id exigence")
    return len({(r[rem], r[sid]) for r in rows[1:] if any(v not in (None, "") for v in r)})


def replicate(n: int, source: Path, out: Path) -> dict:
    src = openpyxl.load_workbook(source, read_only=True, data_only=True)
    try:
        sheets = {name: _rows(src, name) for name in KEPT}
    finally:
        src.close()
    per_copy = requirement_count(sheets["prepub_va2_avec_scenarios"])
    copies = max(1, -(-n // per_copy))              # ceil
    # shared strings (not constant_memory): the copies repeat the same texts, the file stays
    # far below the importers' limit on a workbook's uncompressed size
    wb = xlsxwriter.Workbook(str(out), {"strings_to_numbers": False,
                                        "strings_to_formulas": False, "strings_to_urls": False})
    for name in KEPT:
        ws = wb.add_worksheet(name)
        rows = sheets[name]
        header = rows[0]
        for c, v in enumerate(header):
            ws.write(0, c, v)
        rem = header.index("REM") if name in REM_SHEETS else None
        r_out = 1
        for k in range(copies if name in REM_SHEETS else 1):
            for row in rows[1:]:
                for c, v in enumerate(row):
                    if v is None:
                        continue
                    if c == rem and isinstance(v, str) and v.strip():
                        v = v.strip() + suffix(k)
                    ws.write(r_out, c, v)
                r_out += 1
    wb.close()
    return {"copies": copies, "requirements": copies * per_copy}


def main(argv: list[str]) -> int:
    if len(argv) != 3 or not argv[0].isdigit():
        print(__doc__, file=sys.stderr)
        return 2
    info = replicate(int(argv[0]), Path(argv[1]), Path(argv[2]))
    print(f"{argv[2]}: {info['copies']} copie(s) des REM, {info['requirements']} exigences de REM")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
