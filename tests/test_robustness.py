"""Damaged input: every damaged corpus names the rule that must fire, at the damaged file.

Each case damages one file of the minimal corpus in one known way (bytes that are not
UTF-8, an empty file, a deleted file, a flow mapping left open, a tab in the indentation, a
duplicated key, an unknown key, a CSV row with one cell too many, a CSV without its
header). The expected rule for each (file kind, damage) is written out below by hand: the
test fails when the rule does not fire on that file, when the exit code is not 1, or when
the check raises.
"""
from __future__ import annotations

import shutil
import subprocess
import sys

import pytest

from build_tools.cli import main

from .conftest import MINIMAL

YAML_FILES = ["requirements/programme.yaml", "requirements/referentiels.yaml", "requirements/socles/INS.yaml",
              "requirements/Va1/MDV-LGC-Va1.yaml", "requirements/Va2/MDV-LGC-Va2.yaml",
              "requirements/financement/MDV-LGC-Va2.yaml", "matrices/scopes/Va2/MDV-LGC-Va2.yaml",
              "concertation/IT2/comments.yaml"]
CSV_FILES = ["matrices/document_types.csv", "matrices/habilitation.csv", "matrices/profession_groups.csv",
             "matrices/professions.csv"]
# files whose absence is an error of their own (the others are optional or reported elsewhere)
REQUIRED = {"requirements/programme.yaml", "requirements/referentiels.yaml", *CSV_FILES}


def _binary(text: str) -> bytes:
    return b"\xff\xfe\x00binaire\x81"


def _unclosed(text: str) -> bytes:
    return (text + "\n- {id: X\n").encode()


def _tab(text: str) -> bytes:
    assert "\n  " in text
    return text.replace("\n  ", "\n\t", 1).encode()


def _dupkey(text: str) -> bytes:
    lines = text.splitlines(keepends=True)
    i = next(k for k, line in enumerate(lines) if line[:1].isalpha() and ":" in line)
    return "".join(lines[: i + 1] + [lines[i]] + lines[i + 1:]).encode()


def _unknown_key(text: str) -> bytes:
    return ("champ_inconnu: 1\n" + text).encode()


def _csv_extra_cell(text: str) -> bytes:
    lines = text.splitlines(keepends=True)
    lines[1] = lines[1].rstrip("\n") + ";en trop\n"
    return "".join(lines).encode()


def _csv_no_header(text: str) -> bytes:
    return "".join(text.splitlines(keepends=True)[1:]).encode()


DAMAGES = {"binaire": _binary, "vide": lambda t: b"", "accolade-ouverte": _unclosed, "tabulation": _tab,
           "cle-double": _dupkey, "cle-inconnue": _unknown_key, "cellule-en-trop": _csv_extra_cell,
           "sans-en-tete": _csv_no_header, "supprime": None}

# (file kind, damage) -> the rule that must be reported on the damaged file
EXPECTED_YAML = {"binaire": "YAML-SYNTAX", "vide": "SCHEMA", "accolade-ouverte": "YAML-SYNTAX",
                 "tabulation": "YAML-SYNTAX", "cle-double": "YAML-DUPKEY", "cle-inconnue": "SCHEMA",
                 "supprime": "FILE-MISSING"}
EXPECTED_CSV = {"binaire": "CSV-FORMAT", "vide": "CSV-FORMAT", "cellule-en-trop": "CSV-FORMAT",
                "sans-en-tete": "CSV-FORMAT", "supprime": "FILE-MISSING"}

CASES = [(f, d, EXPECTED_YAML[d]) for f in YAML_FILES for d in EXPECTED_YAML if d != "supprime" or f in REQUIRED]
CASES += [(f, d, EXPECTED_CSV[d]) for f in CSV_FILES for d in EXPECTED_CSV]


def _damage(root, rel: str, damage: str) -> None:
    target = root / rel
    if damage == "supprime":
        target.unlink()
    else:
        target.write_bytes(DAMAGES[damage](target.read_text("utf-8")))


def _problem_lines(out: str) -> list[tuple[str, int, str]]:
    """(path, line, code) of every `path:line: CODE …` (or `path: CODE …`) line of the report."""
    found = []
    for line in out.splitlines():
        head, sep, rest = line.partition(": ")
        code = rest.split(" ", 1)[0]
        if not sep or not code.replace("-", "").isupper():
            continue
        path, _, num = head.rpartition(":")
        if num.isdigit():
            found.append((path, int(num), code))
        elif "/" in head:
            found.append((head, 0, code))
    return found


@pytest.mark.parametrize("rel,damage,code", CASES, ids=[f"{f}-{d}" for f, d, _ in CASES])
def test_damaged_file_reports_its_rule(rel, damage, code, minimal, capsys):
    _damage(minimal, rel, damage)
    exit_code = main(["check", "--root", str(minimal), "--no-cache"])
    out = capsys.readouterr().out
    assert exit_code == 1, out
    problems = _problem_lines(out)
    assert (rel, code) in {(p, c) for p, _, c in problems}, f"{code} not reported on {rel}:\n{out}"
    # a syntax or schema problem names a line of the damaged file (0 only for a missing file)
    lines = [n for p, n, c in problems if p == rel and c == code]
    assert all(n >= 1 for n in lines) or damage == "supprime", lines


@pytest.mark.parametrize("rel,damage", [("requirements/Va2/MDV-LGC-Va2.yaml", "binaire"),
                                        ("matrices/habilitation.csv", "cellule-en-trop")])
def test_real_process_exits_1_without_traceback(rel, damage, tmp_path):
    root = tmp_path / "corpus"
    shutil.copytree(MINIMAL, root, ignore=shutil.ignore_patterns(".segur-cache"))
    _damage(root, rel, damage)
    proc = subprocess.run([sys.executable, "-m", "build_tools.cli", "check", "--root", str(root), "--no-cache"],
                          capture_output=True, text=True, timeout=120)
    assert proc.returncode == 1, proc.stdout + proc.stderr
    assert "Traceback" not in proc.stderr and proc.stderr.strip() == "", proc.stderr
    assert f"{rel}:" in proc.stdout


def test_missing_folder_is_a_usage_error(tmp_path, capsys):
    assert main(["check", "--root", str(tmp_path)]) == 2
    assert "requirements/" in capsys.readouterr().err
