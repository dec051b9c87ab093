"""Import of ANS's prépublication export (Squash TM → Excel), one module per stage:

* `sheets`  — read: open the workbook, map each sheet's header, walk its distinct rows;
* `rows`    — normalise: clean cells (reported by sheet and row), natures, proofs, sections;
* `socle`, `rem`, `wave1` — group: socle rows, wave-2 REM rows and the wave-1 rows they
  carry into requirement and pick records (`group.Grouped`); `dispositifs` says which
  dispositif a REM code becomes;
* `corpus`  — write: the YAML files of a new corpus, moved into place when complete.

`build_tools.rem_import.ans_export.import_ans_export` runs them in that order.
"""
