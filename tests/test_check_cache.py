"""The check's persistent cache (`.segur-cache/`): a warm run, and a warm run after an
edit, report exactly what a cold run reports — on the embedded corpus, with an edit that
creates a problem across two files (a socle id defined again in another socle) and one
that fixes it."""
from __future__ import annotations

import shutil

import pytest

from build_tools.engine import Memo, load_and_check
from build_tools.report import json_report, text_report

from .conftest import REPO

A, B = "requirements/socles/INS.yaml", "requirements/socles/APCV.yaml"


@pytest.fixture(scope="module")
def embedded(tmp_path_factory):
    root = tmp_path_factory.mktemp("embedded")
    for part in ("requirements", "matrices", "concertation", "book/prose"):
        shutil.copytree(REPO / part, root / part, ignore=shutil.ignore_patterns(".segur-cache"))
    return root


def _reports(result) -> tuple[str, str]:
    return text_report(result), json_report(result)


def _same_as_cold(root, memo=None, **options):
    cold = load_and_check(root, use_cache=False, **options)
    if memo is not None:                               # `segur serve`: one process, checked again and again
        kept = load_and_check(root, memo=memo, **options)
        assert kept.problems == cold.problems and _reports(kept) == _reports(cold)
        assert [p.as_dict() for p in kept.problems] == [p.as_dict() for p in cold.problems]
        assert kept.corpus == cold.corpus
    filled = load_and_check(root, **options)          # computes and stores the outcome
    cached = load_and_check(root, **options)          # reads it back
    assert not hasattr(cached.index, "dispositifs"), "the second warm run did not use the stored outcome"
    assert cached.problems == cold.problems and [p.as_dict() for p in cached.problems] == [p.as_dict() for p in cold.problems]
    assert _reports(filled) == _reports(cold) == _reports(cached)
    assert cached.corpus == cold.corpus                # the index, built on demand, is the cold one
    return cold


def _ids(path) -> list[str]:
    return [line.split("id:", 1)[1].strip() for line in path.read_text("utf-8").splitlines()
            if line.startswith("  - id:")]


def test_warm_and_edited_runs_report_what_a_cold_run_reports(embedded):
    root, memo = embedded, Memo()
    before = _same_as_cold(root, memo)
    assert not any(p.code == "ID-DUP" for p in before.problems)
    assert _same_as_cold(root, ignore=("SCN",)).problems == tuple(p for p in before.problems if not p.code.startswith("SCN"))

    # a socle id defined again in another socle: a problem across two files
    taken, renamed = _ids(root / A)[0], _ids(root / B)[-1]
    original = (root / B).read_text("utf-8")
    (root / B).write_text(original.replace(f"  - id: {renamed}\n", f"  - id: {taken}\n"), "utf-8")
    broken = _same_as_cold(root, memo)
    dup = [p for p in broken.problems if p.code == "ID-DUP"]
    assert dup and dup[0].path == B and A in dup[0].message and taken in dup[0].message

    # fixed: the problem is gone, and the outcome is the first one again
    (root / B).write_text(original, "utf-8")
    fixed = _same_as_cold(root, memo)
    assert fixed.problems == before.problems and _reports(fixed) == _reports(before)
    assert memo.rules, "no file-local rule was memoised"

    # what every file's rules read (the référentiels) changes: every file is checked again
    refs = root / "requirements" / "referentiels.yaml"
    text = refs.read_text("utf-8")
    assert "{code: CISIS3," in text
    refs.write_text(text.replace("{code: CISIS3,", "{code: CISIS3X,", 1), "utf-8")
    renamed = _same_as_cold(root, memo)
    assert sum(p.code == "REF-REFERENTIEL" for p in renamed.problems) > sum(p.code == "REF-REFERENTIEL" for p in before.problems)
    refs.write_text(text, "utf-8")
    assert _same_as_cold(root, memo).problems == before.problems


def test_cached_outcome_depends_on_every_file(embedded):
    """An edit anywhere (a matrix cell, a prose fragment) is never answered from the cache."""
    root = embedded
    first = load_and_check(root)
    matrix = root / "matrices" / "professions.csv"
    text = matrix.read_text("utf-8")
    lines = text.splitlines(keepends=True)
    matrix.write_text(text + lines[1].replace(lines[1].split(";")[0], "ZZZ-INCONNU", 1), "utf-8")
    try:
        edited = load_and_check(root)
        cold = load_and_check(root, use_cache=False)
        assert edited.problems == cold.problems
        assert _reports(edited) == _reports(cold) and _reports(edited) != _reports(first)
    finally:
        matrix.write_text(text, "utf-8")


def test_memo_and_cache_on_the_ans_export(tmp_path, shared_corpus):
    """ANS's real export (hundreds of problems, a section written twice): the session memo
    and the stored outcome give the cold run's problems, before and after an edit of the
    dispositif whose section is copied."""
    from build_tools.rem_import.ans_export import import_ans_export
    root = tmp_path / "ans"
    import_ans_export(shared_corpus / "rem-va2-prepublication-export.xlsx", root)
    memo = Memo()
    before = _same_as_cold(root, memo)
    assert any(p.code == "SECTION-DUP" for p in before.problems) and len(before.problems) > 100
    path = next(root.glob("requirements/Va2/DRIM-DB-Va2.yaml"))
    text = path.read_text("utf-8")
    first = text.index("  - id: ")
    path.write_text(text[:first] + text[first:].replace("  - id: ", "  - id: X", 1), "utf-8")
    edited = _same_as_cold(root, memo)
    assert edited.problems != before.problems
    path.write_text(text, "utf-8")
    assert _same_as_cold(root, memo).problems == before.problems


def test_a_local_rule_that_is_not_local_falls_back_to_a_full_run(minimal):
    """`@local` is a promise about a rule; when a finding lands outside the units it was
    asked about (or two units share a file) the runner drops its memo and runs the rule on
    the whole corpus: the findings stay those of a full run."""
    from build_tools.checks import Local, _run_local
    from build_tools.problems import problem, ID_DUP, Source

    corpus = load_and_check(minimal, use_cache=False).corpus
    files = sorted(d.file for d in corpus.dispositifs.values() if d.file)

    def leaky(c):         # one finding per dispositif seen, always filed on the first file
        for d in c.dispositifs.values():
            yield problem(ID_DUP, Source(files[0], 1), f"vu {d.id}")

    spec = Local(("dispositifs",), lambda c: (), lambda d: ())
    full = list(leaky(corpus))
    memo = {}
    assert _run_local(leaky, spec, corpus, memo, {f.path: f.sha256 for f in corpus.files}) == full
    # a second run with one file's digest changed: the partial run's finding is misfiled
    sha = {f.path: f.sha256 for f in corpus.files}
    memo = {f"{leaky.__module__}.{leaky.__qualname__}": ((), {})}
    _run_local(leaky, spec, corpus, memo, sha)
    sha[files[-1]] = "changed"
    assert _run_local(leaky, spec, corpus, memo, sha) == full
