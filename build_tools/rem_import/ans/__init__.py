"""Import of ANS's wave-2 prépublication export (Squash TM → Excel), one module per stage:

* `sheets`  — read: open the workbook, map each sheet's header, walk its distinct rows;
* `rows`    — normalise: clean cells (reported by sheet and row), natures, proofs, sections;
* `socle`, `rem` — group: socle rows and REM rows into requirement and pick records;
* `corpus`  — write: the YAML files of a new corpus, moved into place when complete.

`build_tools.rem_import.ans_export.import_ans_export` runs them in that order.
"""
