"""Shared helpers: copy the minimal fixture corpus, mutate it, run the checker."""
from __future__ import annotations

import shutil
from pathlib import Path

import pytest

HERE = Path(__file__).parent
REPO = HERE.parent
MINIMAL = HERE / "fixtures" / "minimal"
SHARED_CORPUS = REPO.parent / "shared" / "corpus" / "ansforge-segur-squash-plugins"


@pytest.fixture
def minimal(tmp_path) -> Path:
    dest = tmp_path / "corpus"
    shutil.copytree(MINIMAL, dest, ignore=shutil.ignore_patterns(".segur-cache"))
    return dest


def replace_nth(text: str, old: str, new: str, nth: int = 1) -> str:
    """Replace the nth occurrence of `old` (1-based); fail loudly when absent."""
    start = -1
    for _ in range(nth):
        start = text.find(old, start + 1)
        assert start >= 0, f"{old!r} (occurrence {nth}) not found"
    return text[:start] + new + text[start + len(old):]


def line_of(text: str, anchor: str, nth: int = 1) -> int:
    start = -1
    for _ in range(nth):
        start = text.find(anchor, start + 1)
        assert start >= 0, f"anchor {anchor!r} not found"
    return text.count("\n", 0, start) + 1
