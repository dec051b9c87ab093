"""Import ANS's wave-2 prépublication export (Squash TM → Excel) into a scratch corpus.

`import_ans_export(xlsx, dest)` reads the sheets of the export and writes a complete
corpus into `dest` (which must not exist or be empty), one stage per module of `ans/`:

1. read (`ans.sheets`): ``prepub_va2_avec_scenarios`` — one row per scenario of each REM
   requirement; ``db_ghseet_socle`` — the socle requirements (``SC.<SECTION>.<nn>``) and
   their "Picking dans REM …" columns; header mapped or the import refused;
2. normalise (`ans.rows`): cells cleaned, every change reported by sheet and row;
3. group (`ans.socle`, `ans.rem`): socle rows into socle requirements, REM rows into picks
   (a row with a ``reference socle``) and own requirements (``<PREFIXE>.<reference>``);
   ``prepub_avec_scenarios`` (`ans.wave1`): wave-1 requirements carried into wave 2, both
   sides (the wave-1 REMs ``Va1/<COULOIR>-<TYPE>-Va1`` are the wave-2 REMs' `precedent`);
4. write (`ans.corpus`): ``requirements/programme.yaml``, ``referentiels.yaml``,
   ``socles/<SOCLE>.yaml``, ``Va1/`` and ``Va2/<dispositif>.yaml`` and the tables of
   ``matrices/``.

Ids are kept as they are in the data after trimming spaces: malformed numbering is left
for the checker to report.
"""
from __future__ import annotations

from pathlib import Path

from .ans.corpus import corpus_files, export_date, write_corpus
from .ans.dispositifs import KNOWN
from .ans.group import Grouped
from .ans.report import AnsImportReport, DispositifCounts
from .ans.rem import add_groups, group_rows
from .ans.rows import Ctx
from .ans.sheets import SHEET_REM, SHEET_SOCLE, SHEET_VA1, mapped_sheets, open_workbook
from .ans.socle import check_socle_side, read_socle
from .ans.wave1 import read_wave1
from .rem_workbook import ImportRefused

__all__ = ["AnsImportReport", "DispositifCounts", "ImportRefused", "SHEET_REM", "SHEET_SOCLE", "SHEET_VA1",
           "import_ans_export"]


def import_ans_export(xlsx: Path, dest: Path, rem_codes: dict[str, str] | None = None) -> AnsImportReport:
    """Import the export into a new corpus folder `dest`; `rem_codes` maps a REM code the
    import does not know to a known one it is modelled on (see `ans.dispositifs`)."""
    xlsx, dest = Path(xlsx), Path(dest)
    if dest.exists() and (not dest.is_dir() or any(dest.iterdir())):
        raise ImportRefused(f"{dest} existe déjà et n'est pas vide : l'import écrit un nouveau corpus de travail")
    wb = open_workbook(xlsx)
    try:
        report = AnsImportReport(str(xlsx), str(dest))
        files = _build(wb, xlsx, report, rem_codes or {})
    finally:
        wb.close()
    write_corpus(files, dest, report)
    return report


def _build(wb, xlsx: Path, report: AnsImportReport, rem_codes: dict[str, str]) -> dict[str, str]:
    rem, soc, va1 = mapped_sheets(wb, xlsx, report)
    ctx, g = Ctx(report), Grouped()
    read_socle(soc, g, ctx)
    groups = group_rows(rem, g, ctx, rem_codes)
    _order_targets(g)
    add_groups(rem, groups, g, ctx)
    if va1 is not None:
        read_wave1(va1, g, ctx, rem_codes)
        _new_in_wave2(g)
    check_socle_side(g, report)
    report.dispositifs = g.counts
    report.socles = {code: len(reqs) for code, reqs in sorted(g.socle_order.items())}
    all_socle = [q for reqs in g.socle_order.values() for q in reqs]
    report.socle_scenarios = sum(1 for q in all_socle for x in q.scenarios if x.row)
    report.socle_proofs = sum(len(x.preuves) for q in all_socle for x in q.scenarios if x.row)
    return corpus_files(g, export_date(wb), xlsx.name)


def _new_in_wave2(g: Grouped) -> None:
    """Own requirements of the wave-2 sheet in a REM that now has a wave-1 precedent are
    new in wave 2 (the carried ones come from the wave-1 sheet with their statut)."""
    for t in g.targets.values():
        if t.precedent:
            for req in g.own[t.id]:
                if req.statut is None:
                    req.statut = "Nouvelle"


def _order_targets(g: Grouped) -> None:
    """Known REM codes in their usual order, then the others in order of appearance."""
    order = list(KNOWN)
    codes = sorted(g.targets, key=lambda c: (order.index(c) if c in order else len(order), 0))
    g.targets = {c: g.targets[c] for c in codes}
    g.counts = {g.targets[c].id: g.counts[g.targets[c].id] for c in codes}
