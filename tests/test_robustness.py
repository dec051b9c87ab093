"""Bad input gives problems and a non-zero exit, never a traceback.

Each case damages the minimal corpus at random (lines deleted, duplicated or truncated,
characters injected, a file replaced by bytes that are not text) with a fixed seed, then
runs the whole check in-process through the CLI.
"""
from __future__ import annotations

import random

import pytest

from build_tools.cli import main

from .conftest import MINIMAL

FILES = sorted(str(p.relative_to(MINIMAL)) for p in MINIMAL.rglob("*") if p.is_file() and ".segur-cache" not in p.parts)
JUNK = [":", "- ", "{", "[", "]", "'", '"', "\t", "  ", "&a", "*a", "!!python/object:os.system", "\x00", "é", ";", "X;"]


def damage(text: str, rng: random.Random) -> str:
    lines = text.splitlines(keepends=True) or [""]
    for _ in range(rng.randint(1, 3)):
        i = rng.randrange(len(lines))
        op = rng.choice(("delete", "duplicate", "truncate", "inject", "indent"))
        if op == "delete" and len(lines) > 1:
            del lines[i]
        elif op == "duplicate":
            lines.insert(i, lines[i])
        elif op == "truncate":
            lines[i] = lines[i][: rng.randrange(len(lines[i]) + 1)] + "\n"
        elif op == "inject":
            cut = rng.randrange(len(lines[i]) + 1)
            lines[i] = lines[i][:cut] + rng.choice(JUNK) + lines[i][cut:]
        else:
            lines[i] = " " * rng.randint(1, 3) + lines[i]
    return "".join(lines)


@pytest.mark.parametrize("seed", range(120))
def test_damaged_corpus_never_crashes(seed, minimal, capsys):
    rng = random.Random(seed)
    target = minimal / rng.choice(FILES)
    if seed % 17 == 0:
        target.write_bytes(b"\xff\xfe\x00binary\x81")
    else:
        target.write_text(damage(target.read_text("utf-8"), rng), "utf-8")
    code = main(["check", "--root", str(minimal), "--no-cache"])
    out = capsys.readouterr()
    assert code in (0, 1)
    assert "Traceback" not in out.out + out.err
    if code == 1:
        # every problem line names a file of the corpus
        problem_lines = [l for l in out.out.splitlines() if ": " in l and l.split(":")[0].endswith((".yaml", ".csv", ".md"))]
        assert problem_lines


def test_missing_folder_is_a_usage_error(tmp_path, capsys):
    assert main(["check", "--root", str(tmp_path)]) == 2
    assert "requirements/" in capsys.readouterr().err
