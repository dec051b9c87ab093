"""A section written twice under two codes (SECTION-DUP), or one code written in two cases
(SECTION-CASE: the export's socle APCV holds APCV.01 and ApCV/va1.01).

ANS's DRIMbox REM holds its SPEC section twice: 71 requirements `DB.DB/SPEC.nn` and 71
`DB.SPEC.nn`, 68 of them with the same text. Each copy then repeats every finding of its
original. The duplication is one problem, and `section_copies` tells the engine which
records are copies so that their findings are reported once, on the original
(build_tools/problem_groups.py `merge_copies`).
"""
from __future__ import annotations

from collections import defaultdict

from .. import problems as P
from ..model import Corpus
from ..model_builder import norm_text
from ..problems import Source
from . import check, local

# a section is a copy of another when at least this share of its requirements have, under
# the same number, the same text in the other one (and at least MIN_SHARED of them do)
COPY_SHARE = 0.8
MIN_SHARED = 3


def _number(rid: str) -> str:
    return rid.rpartition(".")[2]


def _duplicated_sections(requirements) -> list[tuple[str, str, list[tuple[str, str]], int]]:
    """(original section, copy section, [(original id, copy id)…], how many share number and
    text) for each section of these
    requirements (one file) that repeats another one under the same numbers and texts. The
    original is the section met first in the file."""
    by_section: dict[str, list] = defaultdict(list)
    for r in requirements:
        by_section[r.section].append(r)
    key_sections: dict[tuple, list[str]] = defaultdict(list)
    for section, rs in by_section.items():
        for r in rs:
            if r.enonce.strip():
                key_sections[(_number(r.id), norm_text(r.enonce))].append(section)
    shared: dict[tuple[str, str], int] = defaultdict(int)
    for sections in key_sections.values():
        for i, a in enumerate(sections):
            for b in sections[i + 1:]:
                if a != b:
                    shared[(a, b)] += 1
    out = []
    for (a, b), n in shared.items():
        if n < MIN_SHARED or n < COPY_SHARE * min(len(by_section[a]), len(by_section[b])):
            continue
        numbered = {_number(r.id): r.id for r in by_section[a]}
        pairs = [(numbered[_number(r.id)], r.id) for r in by_section[b] if _number(r.id) in numbered]
        out.append((a, b, pairs, n))
    return out


def _files(corpus: Corpus):
    for socle in corpus.socles.values():
        yield socle.requirements
    for d in corpus.dispositifs.values():
        yield d.own


def section_copies(corpus: Corpus) -> dict[str, str]:
    """Copy id -> original id, for every record of a section written twice."""
    out: dict[str, str] = {}
    for requirements in _files(corpus):
        for _a, _b, pairs, _n in _duplicated_sections(requirements):
            out.update((copy, original) for original, copy in pairs)
    return out


@check
@local("socles", "dispositifs")     # one file's sections at a time: re-run per changed file
def duplicated_sections(corpus: Corpus):
    for requirements in _files(corpus):
        dups = _duplicated_sections(requirements)
        if not dups:
            continue
        first = {}
        for r in requirements:
            first.setdefault(r.section, r)
        for a, b, pairs, n in dups:
            r = first[b]
            yield P.problem(
                P.SECTION_DUP, Source(r.src.path, r.line_of("id")),
                f"la section {b} répète la section {a} : {n} de ses {len(pairs)} exigences ont le même numéro et "
                f"le même texte dans les deux ({pairs[0][1]} = {pairs[0][0]}, …) ; les problèmes des copies ne sont "
                f"signalés qu'une fois, sur la section {a}",
                ids=tuple(c for _o, c in pairs))


@check
@local("socles", "dispositifs")     # one file's section codes at a time
def section_case(corpus: Corpus):
    """Two section codes of one file that differ only by case are one section written two
    ways (section codes may mix cases, as ANS's `ePresc`, but one section has one spelling)."""
    for requirements in _files(corpus):
        first: dict[str, dict[str, object]] = defaultdict(dict)
        for r in requirements:
            first[r.section.casefold()].setdefault(r.section, r)
        for spellings in first.values():
            if len(spellings) < 2:
                continue
            codes = list(spellings)
            r = spellings[codes[1]]
            yield P.problem(P.SECTION_CASE, Source(r.src.path, r.line_of("id")),
                            f"les sections {' et '.join(codes)} ne diffèrent que par la casse ({r.id} est dans "
                            f"{codes[1]})", ids=tuple(x.id for x in requirements if x.section in codes[1:]))
