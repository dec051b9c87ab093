"""Versions of the specification: release records, content fingerprints, diffs.

- `content`: a fingerprint (field hashes) of everything a dispositif publishes, with
  where each field is written — what a release records and the frozen rule compares;
- `record`: read and write `releases/<dispositif>.yaml`;
- `release`: `segur release` (check, publish into a temporary folder, record);
- `gitsrc`: git revisions exported into a folder (git stays the store of past data);
- `views`, `words`, `diff`, `kinds`: `segur diff` — requirement views, word-level
  comparison, matching and classification, the documented list of change kinds;
- `sources`: OLD/NEW arguments (git revision, DISPOSITIF@VERSION, ITn, folder) to views;
- `evolutions_xlsx`: the vendors' *Évolutions* workbook.
"""
