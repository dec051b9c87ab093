"""Semantic checks over the corpus index.

Each check is a generator registered with `@check`; it yields `Problem`s and never
prints. `run_checks` runs them in registration order (deterministic output).
"""
from __future__ import annotations

from collections.abc import Callable, Iterator

from ..model import Corpus
from ..problems import Problem

CheckFn = Callable[[Corpus], Iterator[Problem]]
CHECKS: list[CheckFn] = []


def check(fn: CheckFn) -> CheckFn:
    CHECKS.append(fn)
    return fn


def run_checks(corpus: Corpus) -> list[Problem]:
    # import for registration (order = module order)
    from . import concertation, conditionnelle, evolution, financing, frozen, identifiers, matrix, prose, references  # noqa: F401
    out: list[Problem] = []
    for fn in CHECKS:
        out.extend(fn(corpus))
    return out
