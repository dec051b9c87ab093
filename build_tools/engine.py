"""One call from a corpus folder to the checked index: load -> build -> check -> filter.

A check's outcome (problems, counts) is cached in `.segur-cache/` under the digest of every
corpus file, the options and the code: an unchanged corpus costs reading and hashing its
files, and the index is built only when a caller asks for it (`CheckResult.corpus`). After
an edit, file-local rules re-run only on the changed files (their findings per file are
kept there too, `checks.local`).
"""
from __future__ import annotations

import gc
import re
from dataclasses import dataclass, field, replace
from pathlib import Path

from .checks import local_dict, run_checks
from .loaders.corpus_files import Input, load_inputs, read_inputs
from .loaders.file_cache import Store, key_of, sources_digest
from .model import Corpus
from .model_builder import build
from .checks.sections import section_copies
from .problem_groups import merge_copies, merge_groups
from .problems import RULES, Problem, Severity


@dataclass(frozen=True, eq=False)
class CheckResult:
    index: object                        # the Corpus, or a function building it (cached outcome)
    problems: tuple[Problem, ...]
    unreadable: tuple[str, ...] = ()     # files that could not be used (syntax or top-level schema)
    silenced: int = 0                    # problems not shown because they follow from those files
    counts: dict | None = None           # corpus_summary(corpus), kept with a cached outcome

    @property
    def corpus(self) -> Corpus:
        if not isinstance(self.index, Corpus):
            object.__setattr__(self, "index", self.index())
        return self.index

    @property
    def summary(self) -> dict:
        """What the report shows of the corpus (`corpus_summary`), without building it when cached."""
        if self.counts is None:
            object.__setattr__(self, "counts", corpus_summary(self.corpus))
        return self.counts

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.severity is Severity.ERROR]

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self.problems if p.severity is Severity.WARNING]


def _selected(code: str, select: tuple[str, ...], ignore: tuple[str, ...]) -> bool:
    if select and not any(code.startswith(s) for s in select):
        return False
    return not any(code.startswith(i) for i in ignore)


def _severity_by_status(corpus: Corpus, problems: list[Problem]) -> list[Problem]:
    """Each problem gets its rule's severity for the publication status of its dispositif
    (a socle file: the most advanced status of the dispositifs that use the socle)."""
    status = {d.id: d.statut_publication for d in corpus.dispositifs.values()}
    # a socle no publiée dispositif uses publishes nothing yet: its completeness is a draft's
    socle_status = {s.file: "brouillon" for s in corpus.socles.values() if s.file}
    for d in corpus.dispositifs.values():
        for code in d.socles:
            socle = corpus.socles.get(code)
            if socle is not None and socle.file and socle_status.get(socle.file) != "publiée":
                socle_status[socle.file] = d.statut_publication
    out = []
    for p in problems:
        rule = RULES[p.code]
        if rule.draft_severity is None:
            out.append(p)
            continue
        sev = rule.severity_for(status.get(p.dispositif) or socle_status.get(p.path))
        out.append(p if sev is p.severity else replace(p, severity=sev))
    return out


# rules whose findings follow from the content of a file kind: while such a file cannot be
# read, their findings are consequences, not problems, and are silenced (the count is shown)
DEPENDS_ON = {
    "referentiels": ("REF-REFERENTIEL",),
    "socle": ("REF-SOCLE", "STATUT", "CONC-UNKNOWN-ID"),
    "professions": ("MATRIX", "SCOPE", "REF-PROFESSION", "REF-PROGRAMME"),
    "profession_groups": ("MATRIX", "SCOPE", "REF-PROFESSION"),
    "document_types": ("MATRIX", "SCOPE", "REF-DOCTYPE"),
    "habilitation": ("MATRIX", "SCOPE"),
    "snapshot": ("CONC",),
}


def _consequence(p: Problem, unreadable: list, loader_level: set) -> bool:
    """True when `p` follows from a file that could not be read (and is not that file's own report)."""
    if id(p) in loader_level:
        return False
    for lf in unreadable:
        if lf.kind == "programme":
            return True          # nothing semantic holds without the programme
        if p.path == lf.path:
            return True
        if any(p.code.startswith(c) for c in DEPENDS_ON.get(lf.kind, ())):
            return True
        if lf.kind == "dispositif" and Path(lf.path).stem in p.message:
            return True          # e.g. the next vague's statuts against the unreadable one
    return False


def _refused_ids(files) -> dict[str, str]:
    """Ids of records dropped because they fail the schema -> their file. A reference to one
    elsewhere (a socle pick, a comment, a previous-vague id) follows from that refusal."""
    out: dict[str, str] = {}
    for lf in files:
        if not lf.bad_records or not isinstance(lf.data, dict):
            continue
        for key, index in lf.bad_records:
            items = lf.data.get(key)
            rec = items[index] if isinstance(items, list) and index < len(items) else None
            rid = rec.get("id") if isinstance(rec, dict) else None
            if isinstance(rid, str) and rid.strip():
                out[rid] = lf.path
                if rid.startswith("SC."):
                    out[rid[3:]] = lf.path
    return out


def _names_refused(p: Problem, refused: dict[str, str], pattern) -> bool:
    return any(refused.get(m) not in (None, p.path) for m in pattern.findall(p.message))


@dataclass
class Memo:
    """What a long-running caller (`segur serve`) keeps between checks of one corpus: each
    file's parse, the index pieces built from it, and the findings of file-local rules per
    unit. Only what the last check read is kept."""

    files: dict = field(default_factory=dict)     # (path, sha256) -> LoadedFile
    pieces: dict = field(default_factory=dict)    # (path, sha256) -> pieces of the index
    rules: dict = field(default_factory=dict)     # rule -> (context, {unit key: problems})
    previous: dict = field(default_factory=dict)  # path -> (LoadedFile, bytes) last read (record re-parse)

    def keep_only(self, inputs: list[Input]) -> None:
        now = {(i.path, i.sha256) for i in inputs}
        self.files = {k: v for k, v in self.files.items() if k in now}
        self.previous = {k: v for k, v in self.previous.items() if (k, v[0].sha256) in now}
        self.pieces = {k: v for k, v in self.pieces.items() if k in now}


def corpus_summary(corpus: Corpus) -> dict:
    """Counts per dispositif and for the corpus, as `segur check` prints them."""
    rows = [{
        "dispositif": d.id, "vague": d.vague, "statut": d.statut_publication, "version": d.version,
        "file": d.file, "exigences": len(d.rem), "socle": sum(1 for r in d.rem if r.socle),
        "specifiques": sum(1 for r in d.rem if not r.socle),
        "preconisations": sum(1 for r in d.rem if r.nature == "Préconisation"),
        "majeures": sum(1 for r in d.rem if r.criticite == "Majeure"),
        "scenarios": sum(len(r.scenarios) for r in d.rem), "obsoletes": len(d.obsoletes),
    } for d in corpus.dispositifs.values()]
    return {"dispositifs": rows, "socle_requirements": sum(len(s.requirements) for s in corpus.socles.values()),
            "own_requirements": sum(len(d.own) for d in corpus.dispositifs.values()),
            "document_types": len(corpus.document_types), "groups": len(corpus.groups)}


def _outcome_key(root: Path, inputs: list[Input], select: tuple, ignore: tuple) -> str:
    files = "\n".join(f"{i.path}\0{i.kind}\0{i.sha256}" for i in inputs)
    return key_of("check", sources_digest(""), str(root), ",".join(select), ",".join(ignore), files)


def _index_builder(root: Path, inputs: list[Input], use_cache: bool):
    def build_index() -> Corpus:
        gc_was_enabled = gc.isenabled()
        gc.disable()
        try:
            return build(str(root), load_inputs(root, inputs, use_cache))[0]
        finally:
            if gc_was_enabled:
                gc.enable()
    return build_index


def load_and_check(root: str | Path, *, select: tuple[str, ...] = (), ignore: tuple[str, ...] = (),
                   use_cache: bool = True, overrides: dict[str, str] | None = None,
                   memo: Memo | None = None) -> CheckResult:
    """The checked corpus under root. With the cache, an outcome already computed for the
    same files, options and code is read back (same problems, same order) and the index is
    built on first use of `.corpus`. With a `memo` (kept by the caller between calls), the
    index is always built, from what did not change since the previous call."""
    root = Path(root)
    inputs = read_inputs(root, overrides)
    if memo is not None:
        result = _check(root, inputs, select, ignore, use_cache, memo)
        memo.keep_only(inputs)
        return result
    store = Store(root, use_cache and not overrides)
    key = _outcome_key(root, inputs, select, ignore) if store.enabled else ""
    cached = store.get(key, "check-") if store.enabled else None
    if isinstance(cached, tuple) and len(cached) == 4:
        problems, unreadable, silenced, counts = cached
        return CheckResult(_index_builder(root, inputs, use_cache), problems, unreadable, silenced, counts)
    # the findings of file-local rules per file, from the last run with this code
    rules_key = key_of("rules", sources_digest(""), str(root)) if store.enabled else ""
    known = store.get(rules_key, "rules-") if store.enabled else None
    memo = Memo(rules=known if isinstance(known, dict) else {}) if store.enabled else None
    result = _check(root, inputs, select, ignore, use_cache, memo)
    if store.enabled:
        store.put(key, (result.problems, result.unreadable, result.silenced, result.summary), "check-")
        store.prune("check-", keep=8)
        store.put(rules_key, memo.rules, "rules-")
        store.prune("rules-", keep=2)
    return result


def _check(root: Path, inputs: list[Input], select: tuple[str, ...], ignore: tuple[str, ...],
           use_cache: bool, memo: Memo | None = None) -> CheckResult:
    # building the index creates a few hundred thousand small objects that all stay alive:
    # the cyclic GC would rescan them again and again for nothing (≈ 25 % of the run)
    gc_was_enabled = gc.isenabled()
    gc.disable()
    try:
        files = load_inputs(root, inputs, use_cache, memo.files if memo else None,
                            memo.previous if memo else None)
        corpus, build_problems = build(str(root), files, memo.pieces if memo else None)
        loaded = [p for lf in files for p in lf.problems]
        found = loaded + build_problems + run_checks(corpus, memo.rules if memo else None)
    finally:
        if gc_was_enabled:
            gc.enable()
    accepted = {lf.path: lf.accepted for lf in files if lf.accepted}
    unreadable = [lf for lf in files if not lf.usable and lf.problems]
    loader_level = {id(p) for p in loaded}
    refused = _refused_ids(files)
    id_token = re.compile(r"(?<![\w.])(?:" + "|".join(sorted(map(re.escape, refused), key=len, reverse=True))
                          + r")(?!\w)") if refused else None
    silenced = 0
    kept = []
    for p in found:
        if (unreadable and _consequence(p, unreadable, loader_level)) or \
                (id_token and id(p) not in loader_level and _names_refused(p, refused, id_token)):
            silenced += 1
            continue
        if p.line and p.code in accepted.get(p.path, {}).get(p.line, ()):
            continue
        if _selected(p.code, select, ignore):
            kept.append(p)
    # attribute each problem to the dispositif whose file it is in
    owner = {}
    for d in corpus.dispositifs.values():
        if d.file:
            owner[d.file] = d.id
    for did, f in corpus.financements.items():
        owner[f.src.path] = did
    for did, s in corpus.scopes.items():
        owner[s.src.path] = did
    out = sorted({(p.path, p.line, p.code, p.message): p for p in kept}.values(),
                 key=lambda p: (p.path, p.line, p.code, p.message))
    out = [p if p.dispositif or p.path not in owner else replace(p, dispositif=owner[p.path]) for p in out]
    assert all(p.code in RULES for p in out), "a problem uses an undeclared rule"
    copies = local_dict(section_copies, corpus, memo.rules if memo else None)
    out = merge_groups(merge_copies(_severity_by_status(corpus, out), copies))
    return CheckResult(corpus, tuple(out), tuple(lf.path for lf in unreadable), silenced)
