"""Identifier rules: format, prefixes, reserved SC., placeholders, uniqueness, numbering."""
from __future__ import annotations

import re

from .. import problems as P
from ..model import Corpus, Requirement
from ..problems import Source
from . import check, local

# <PREFIX>.<SECTION>[/va<n>].<nn>  — SECTION may hold '/' sub-sections (DMP/UX, CDA/DD)
ID_RE = re.compile(r"^(?P<prefix>[A-Z]+)\.(?P<section>[A-Za-z0-9][A-Za-z0-9_-]*(?:/[A-Za-z0-9_-]+)*?)"
                   r"(?:/va(?P<carried>\d+))?\.(?P<num>\d{2,3})$", re.ASCII)
SPACE_RE = re.compile(r"\s")
PLACEHOLDER_RE = re.compile(r"(?:^|[./])X{2,}(?:$|[./])")


def parse_id(rid: str):
    return ID_RE.match(rid)


def _id_shape_problems(rid: str, src: Source, what: str):
    """Whitespace, placeholder and format; returns (problems, match or None)."""
    if SPACE_RE.search(rid):
        return [P.problem(P.ID_WHITESPACE, src, f"l'identifiant {what} {rid!r} contient des espaces")], None
    if PLACEHOLDER_RE.search(rid):
        return [P.problem(P.ID_PLACEHOLDER, src, f"l'identifiant {what} {rid} a un numéro provisoire")], None
    m = parse_id(rid)
    if m is None:
        return [P.problem(P.ID_FORMAT, src, f"l'identifiant {what} {rid!r} n'est pas de la forme <PREFIXE>.<SECTION>.<nn>")], None
    return [], m


# `<SECTION>/va1.<nn>`: a requirement carried from wave 1 keeps the section it had then
CARRIED_RE = re.compile(r"/va(\d+)\.[^.]+$")


def _carried(rid: str, disp: str) -> bool:
    """`DMP/va1.22` in a wave-2 dispositif: numbered when it was carried from wave 1."""
    m = CARRIED_RE.search(rid)
    vague = re.search(r"-Va(\d+)$", disp)
    return bool(m and vague and int(m.group(1)) < int(vague.group(1)))


def _socle_sections(corpus: Corpus, vague: str) -> dict:
    """Section code -> socle code, for every section declared by a socle file whose
    requirements may be picked in `vague` (a socle offered only from wave 2 does not
    reserve its sections in a wave-1 REM, written before it existed)."""
    out: dict[str, str] = {}
    for socle in corpus.socles.values():
        if socle.requirements and not any(not r.vagues or vague in r.vagues for r in socle.requirements):
            continue
        for code in socle.sections:
            out.setdefault(code, socle.code)
    return out


# a file or section where at most this share of the active requirements has a scenario is
# one whose scenarios are not written yet: one cause, reported once
SCENARIOLESS_SHARE = 0.1


def _scenarioless_text(rs: list, where: str) -> str | None:
    """The SCN-MISSING group of `rs` (active requirements) when their scenarios are not
    written yet: two or more requirements, none or at most SCENARIOLESS_SHARE of them with a
    scenario (so two or more without)."""
    with_scn = sum(1 for r in rs if r.scenarios)
    if len(rs) < 2 or with_scn > SCENARIOLESS_SHARE * len(rs):
        return None
    have = "aucune n'a de scénario" if not with_scn else f"seules {with_scn} en ont un"
    return (f"scénarios non écrits dans {where} : sur {len(rs)} exigences actives, {have} ; "
            f"{{n}} exigences sans scénario ({{ids}})")


def _scenarioless_groups(requirements, where: str) -> dict[str, str]:
    """Requirement id -> SCN-MISSING group, for the requirements of a file (a REM's own
    requirements, a socle) or of a section whose scenarios are not written yet: one cause,
    reported once (build_tools/problem_groups.py). Elsewhere each is reported alone."""
    active = [r for r in requirements if r.statut != "Obsolète"]
    text = _scenarioless_text(active, f"le {where}")
    if text is not None:
        return {r.id: text for r in active if not r.scenarios}
    by_section: dict[str, list] = {}
    for r in active:
        by_section.setdefault(r.section, []).append(r)
    out = {}
    for section, rs in by_section.items():
        text = _scenarioless_text(rs, f"la section {section} du {where}")
        if text is not None:
            out.update((r.id, text) for r in rs if not r.scenarios)
    return out


def _requirement_problems(r: Requirement, expected_prefix: str, sections: dict, disp: str = "",
                          socle_sections: dict | None = None, scn_group: str = ""):
    src = Source(r.src.path, r.line_of("id"))
    out, m = _id_shape_problems(r.id, src, "d'exigence")
    if m is not None:
        prefix = m.group("prefix")
        if r.is_socle and prefix != "SC":
            out.append(P.problem(P.ID_FORMAT, src, f"l'exigence de socle {r.id} doit commencer par 'SC.'",
                                 "numérotez les exigences de socle SC.<SECTION>.<nn>"))
        elif not r.is_socle and prefix == "SC":
            out.append(P.problem(P.ID_SOCLE_RESERVED, src, f"{r.id} utilise le préfixe de socle dans {disp}"))
        elif not r.is_socle and prefix != expected_prefix:
            out.append(P.problem(P.ID_PREFIX, src,
                                 f"{r.id} commence par {prefix}. mais {disp} utilise le préfixe {expected_prefix}."))
        if not r.is_socle and prefix != "SC" and socle_sections and not _carried(r.id, disp):
            # an own requirement numbered in (or filed under) a section of a socle: the
            # section belongs to the socle (ANS: "Référence Exigence réservée au socle")
            reserved = next((c for c in (m.group("section"), r.section) if c in socle_sections), None)
            if reserved is not None:
                # the REM's section collides with the socle's: one cause for all its requirements
                out.append(P.problem(
                    P.ID_SOCLE_RESERVED, src,
                    f"{r.id} dans {disp} utilise la section {reserved}, réservée au socle {socle_sections[reserved]}",
                    "reprenez l'exigence du socle (socle: - id: …) ou numérotez l'exigence dans une section du dispositif",
                    ids=(r.id,),
                    group=f"{{n}} exigences de {disp} utilisent la section {reserved}, réservée au socle "
                          f"{socle_sections[reserved]} ({{ids}})",
                    # the same record copied into several REMs: one cause
                    across=f"{r.id[len(prefix) + 1:]} utilise la section {reserved}, réservée au socle "
                           f"{socle_sections[reserved]}, dans {{n}} REM ({{where}})"))
        if m.group("section") != r.section:
            out.append(P.problem(P.ID_SECTION, src,
                                 f"{r.id} est numérotée dans la section {m.group('section')} mais sa section est {r.section}"))
    if not r.scenarios and r.statut != "Obsolète":
        out.append(P.problem(P.SCN_MISSING, src, f"{r.id} n'a aucun scénario de conformité",
                             ids=(r.id,), group=scn_group))
    if r.section not in sections:
        out.append(P.problem(P.REF_SECTION, Source(r.src.path, r.line_of("section")),
                             f"la section {r.section} de {r.id} n'est pas déclarée dans ce fichier"))
    path = r.src.path
    for s in r.scenarios:
        if not _child_ok(s.id, r.id):
            out.extend(_child_problems(s.id, r.id, Source(path, s.line), "de scénario"))
        for p in s.preuves:
            if not _child_ok(p.id, s.id):
                out.extend(_child_problems(p.id, s.id, Source(path, p.line), "de preuve"))
    return out


def _child_ok(cid: str, parent: str) -> bool:
    """Fast path for the common case: `<parent>.<2 or 3 ASCII digits>`."""
    n = len(parent)
    tail = cid[n + 1:]
    return (len(cid) in (n + 3, n + 4) and cid.startswith(parent) and cid[n] == "."
            and tail.isdigit() and tail.isascii())


def _child_problems(cid: str, parent: str, src: Source, what: str):
    """The problem of a scenario or proof id that `_child_ok` refused (`_child_ok` is the
    whole numbering rule: `<parent>.` then 2 or 3 ASCII digits)."""
    if SPACE_RE.search(cid):
        return [P.problem(P.ID_WHITESPACE, src, f"l'identifiant {what} {cid!r} contient des espaces")]
    same = " : c'est celui de son parent" if cid == parent else ""
    # ids numbered as children of the same wrong parent are one numbering slip, reported once
    # (a scenario numbered like its requirement claims a section, not a parent: alone)
    claimed = cid.rpartition(".")[0]
    group = "" if same and what == "de scénario" else (
        f"{{m}} scénarios ou preuves ({{ids}}) sont numérotés comme enfants de {claimed}, qui n'est pas leur parent")
    return [P.problem(P.SCN_ID, src, f"l'identifiant {what} {cid} ne prolonge pas {parent}{same} "
                                     f"(attendu : {parent}.NN)", ids=(cid,), group=group)]


def _duplicates(items, what: str):
    """items: iterable of (id, path, line[, parent line]); yields ID-DUP for every repeat.
    The scenarios and proofs of a repeated record repeat with it (one cause): they are
    not reported again."""
    seen: dict[str, tuple] = {}
    repeated: set[tuple] = set()
    for iid, path, line, *parent in items:
        if parent and (path, parent[0]) in repeated:
            repeated.add((path, line))
            continue
        first = seen.setdefault(iid, (path, line))
        if first != (path, line):
            repeated.add((path, line))
            yield P.problem(P.ID_DUP, Source(path, line), f"{what} {iid} déjà défini en {first[0]}:{first[1]}")


def _all_ids(requirements):
    """(id, path, line[, parent's line]) of requirements, their scenarios and proofs. A scenario or proof
    whose id does not prolong its parent's is SCN-ID's (one cause, one problem): it is left
    out, and so are the proofs of such a scenario (numbered after it, they are renumbered
    with it) — e.g. a proof numbered like its scenario is not also reported as a repeat."""
    for r in requirements:
        path = r.src.path
        rline = r.line_of("id")
        yield r.id, path, rline
        for s in r.scenarios:
            if not _child_ok(s.id, r.id):
                continue
            yield s.id, path, s.line, rline
            for p in s.preuves:
                if _child_ok(p.id, s.id):
                    yield p.id, path, p.line, s.line


def _id_duplicates(requirements, what: str):
    """ID-DUP over requirements, scenarios and proofs. Repeats are rare: a set over every id
    tells in one pass that there is none; only then is the ordered walk (with its numbering
    filter and the lines of first definitions) needed."""
    requirements = list(requirements)
    ids = [x for r in requirements for x in (r.id, *(y for s in r.scenarios for y in (s.id, *(p.id for p in s.preuves))))]
    if len(ids) != len(set(ids)):
        yield from _duplicates(_all_ids(requirements), what)


def _socle_duplicates(corpus: Corpus):
    yield from _id_duplicates((r for socle in corpus.socles.values() for r in socle.requirements), "identifiant")


def _socle_identifier_problems(corpus: Corpus):
    for socle in corpus.socles.values():
        groups = _scenarioless_groups(socle.requirements, f"socle {socle.code}")
        for r in socle.requirements:
            yield from _requirement_problems(r, "SC", socle.sections, scn_group=groups.get(r.id, ""))


def _pick_problems(d):
    """A dispositif's socle picks: repeats, the `SC.` prefix kept, whitespace and placeholders."""
    yield from _duplicates(((pk.id, pk.src.path, pk.src.line) for pk in d.picks), "identifiant repris")
    for pk in d.picks:
        if pk.id.startswith("SC."):
            yield P.problem(P.ID_FORMAT, pk.src, f"la reprise {pk.id} garde le préfixe 'SC.'",
                            f"reprenez-la sous la forme {pk.id[3:]} (l'identifiant local au REM n'a pas de 'SC.')")
        else:
            # whitespace and placeholders; existence is REF-SOCLE's job
            probs, _ = _id_shape_problems(pk.id, pk.src, "repris")
            yield from (p for p in probs if p.code != "ID-FORMAT")


def _dispositif_identifier_problems(corpus: Corpus):
    by_vague = {v: _socle_sections(corpus, v) for v in {d.vague for d in corpus.dispositifs.values()}}
    for d in corpus.dispositifs.values():
        socle_sections = by_vague[d.vague]
        yield from _id_duplicates(d.own, "identifiant")
        yield from _pick_problems(d)
        groups = _scenarioless_groups(d.own, f"REM {d.id}")
        for r in d.own:
            yield from _requirement_problems(r, d.prefixe, d.sections, d.id, socle_sections, groups.get(r.id, ""))


# the registered checks are wrappers only: the rules live in undecorated functions, which
# the mutation tool can mutate (mutmut leaves decorated functions out)
@check
def socle_duplicates(corpus: Corpus):
    yield from _socle_duplicates(corpus)


# what a socle's own requirements break depends on its file alone (@local: re-run per file)
@check
@local("socles")
def socle_identifiers(corpus: Corpus):
    yield from _socle_identifier_problems(corpus)


def _sections_by_vague(corpus: Corpus) -> tuple:
    return tuple((v, tuple(_socle_sections(corpus, v).items()))
                 for v in sorted({d.vague for d in corpus.dispositifs.values()}))


@check
@local("dispositifs", context=_sections_by_vague, unit=lambda d: (d.id, d.prefixe, d.vague))
def dispositif_identifiers(corpus: Corpus):
    yield from _dispositif_identifier_problems(corpus)
