"""`segur serve` parses only the record an edit touched (loaders/record_patch.py): whenever
it does, the result is exactly the whole file's parse — data, line table, problems,
refused records — and it gives up (None) on anything that is not inside one record."""
from __future__ import annotations

import yaml

from build_tools.loaders.corpus_files import _parse, reparse

from .conftest import REPO

FILES = ("requirements/Va2/PARAMED-LGC-Va2.yaml", "requirements/socles/INS.yaml")


def _whole(rel: str, kind: str, text: str):
    lf = _parse(rel, kind, text)
    return lf.data, lf.lines, [p.as_dict() for p in lf.problems], lf.bad_records, lf.usable, lf.accepted


def _try(rel: str, kind: str, old: str, new: str, before=None):
    """reparse(new) from old's parse; when it answers, it must equal the whole parse."""
    before = before or _parse(rel, kind, old)
    got = reparse(before, old.encode(), new.encode())
    if got is not None:
        assert (got.data, got.lines, [p.as_dict() for p in got.problems], got.bad_records, got.usable,
                got.accepted) == _whole(rel, kind, new), (rel, new[:0])
    return got


def _texts():
    for rel in FILES:
        kind = "socle" if "/socles/" in rel else "dispositif"
        text = (REPO / rel).read_text("utf-8")
        yield rel, kind, text
        # the same data written by PyYAML (lists not indented under their key, as synthetic.py writes)
        yield rel, kind, yaml.safe_dump(yaml.safe_load(text), allow_unicode=True, sort_keys=False, width=100)


def test_every_line_edited_added_or_removed_gives_the_whole_parse_or_none():
    for rel, kind, text in _texts():
        lines = text.splitlines(keepends=True)
        before = _parse(rel, kind, text)
        answered = tried = 0
        for j in range(0, len(lines), 7):
            body = lines[j].rstrip("\n")
            for new_line in (body + " ajout\n", body + ' "\n', "", lines[j] + lines[j], lines[j] + "  # note\n"):
                new = "".join(lines[:j] + [new_line] + lines[j + 1:])
                answered += _try(rel, kind, text, new, before) is not None
                tried += 1
        assert answered > tried // 2, (rel, answered, tried)     # the fast path is taken, not always refused


def test_what_is_not_inside_one_record_is_parsed_whole():
    rel, kind = "requirements/Va2/MDV-LGC-Va2.yaml", "dispositif"
    text = (REPO / rel).read_text("utf-8")
    first = text.index("  - id: ", text.index("exigences:"))
    second = text.index("  - id: ", first + 1)
    record = text[first:second]
    cases = {
        "a new record": text[:second] + record.replace("  - id: ", "  - id: X", 1) + text[second:],
        "two records at once": text[:first] + record.replace("DOIT", "DOIT bien", 1)
        + text[second:].replace("DOIT", "DOIT aussi", 1),
        "the top-level key": text.replace("dispositif: ", "dispositif: X", 1),
        "a line that breaks the record's YAML": text[:first] + record.replace("enonce:", 'enonce: "', 1) + text[second:],
    }
    for what, new in cases.items():
        assert _try(rel, kind, text, new) is None, what
    inside = text[:first] + record.replace("DOIT", "DOIT bien", 1) + text[second:]
    assert _try(rel, kind, text, inside) is not None
