"""Semantic checks over the corpus index.

Each check is a generator registered with `@check`; it yields `Problem`s and never
prints. `run_checks` runs them in registration order (deterministic output).

A check whose findings split by file declares it with `@local`: what it finds in a socle
or dispositif depends only on that unit's file, a few fields of the unit (`unit`) and a
corpus-wide `context`. Given a memo kept between runs (`segur serve`), `run_checks` then
re-runs such a check only on the units whose key changed and reuses the others' findings,
in the same order as a full run.
"""
from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, replace

from ..model import Corpus
from ..problems import Problem

CheckFn = Callable[[Corpus], Iterator[Problem]]
CHECKS: list[CheckFn] = []


def check(fn: CheckFn) -> CheckFn:
    CHECKS.append(fn)
    return fn


@dataclass(frozen=True)
class Local:
    collections: tuple[str, ...]           # Corpus fields holding the units, in visiting order
    context: Callable[[Corpus], object]    # what else the check reads, corpus-wide (hashable)
    unit: Callable[[object], object]       # what it reads of a unit besides its file (hashable)


def local(*collections: str, context=lambda corpus: (), unit=lambda u: ()):
    def mark(fn: CheckFn) -> CheckFn:
        fn.local = Local(collections, context, unit)
        return fn
    return mark


def run_checks(corpus: Corpus, memo: dict | None = None) -> list[Problem]:
    # import for registration (order = module order)
    from . import concertation, conditionnelle, evolution, financing, frozen, identifiers, matrix, prose, references, sections  # noqa: F401,E501
    out: list[Problem] = []
    sha = {f.path: f.sha256 for f in corpus.files}
    for fn in CHECKS:
        spec = getattr(fn, "local", None)
        out.extend(fn(corpus) if memo is None or spec is None else _run_local(fn, spec, corpus, memo, sha))
    return out


def local_dict(fn: Callable[[Corpus], dict], corpus: Corpus, memo: dict | None,
               collections: tuple[str, ...] = ("socles", "dispositifs")) -> dict:
    """`fn(corpus)` for a function that, like a @local check, reads each unit's file alone
    and returns a dict: computed per unit (a corpus holding that unit only) and merged in
    unit order; with a memo, an unchanged unit's part is reused."""
    if memo is None:
        return fn(corpus)
    name = f"{fn.__module__}.{fn.__qualname__}"
    sha = {f.path: f.sha256 for f in corpus.files}
    known = memo.get(name, {})
    now, out = {}, {}
    for coll in collections:
        for code, u in getattr(corpus, coll).items():
            key = (coll, code, u.file, sha.get(u.file))
            part = known.get(key)
            if part is None:
                view = {c: ({code: u} if c == coll else {}) for c in collections}
                part = fn(replace(corpus, **view))
            now[key] = part
            out.update(part)
    memo[name] = now
    return out


def _run_local(fn: CheckFn, spec: Local, corpus: Corpus, memo: dict, sha: dict) -> list[Problem]:
    units = [(coll, code, (coll, code, u.file, sha.get(u.file), spec.unit(u)))
             for coll in spec.collections for code, u in getattr(corpus, coll).items()]
    ctx = spec.context(corpus)
    rule = f"{fn.__module__}.{fn.__qualname__}"
    known_ctx, known = memo.get(rule, (None, {}))
    if known_ctx != ctx:
        known = {}
    todo = [(coll, code, key) for coll, code, key in units if key not in known]
    files = [key[2] for _, _, key in todo if key[2]]
    found = {key: [] for _, _, key in todo}
    if todo:
        if len(set(files)) != len(files):      # two units share a file: findings cannot be told apart
            memo.pop(rule, None)
            return list(fn(corpus))
        view = {coll: {} for coll in spec.collections}
        for coll, code, _ in todo:
            view[coll][code] = getattr(corpus, coll)[code]
        of_file = {key[2]: key for _, _, key in todo if key[2]}
        for p in fn(replace(corpus, **view)):
            key = of_file.get(p.path)
            if key is None:                    # a finding outside its units: not local after all
                memo.pop(rule, None)
                return list(fn(corpus))
            found[key].append(p)
    now = {key: known[key] if key in known else found[key] for _, _, key in units}
    memo[rule] = (ctx, now)
    return [p for _, _, key in units for p in now[key]]
