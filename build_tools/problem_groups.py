"""One problem per cause: problems that a check marked as sharing one cause are merged.

A check gives each such problem a `group` (the message of the merged problem, with `{n}`
for how many ids, `{m}` for how many problems and `{ids}` for the first ids) and the `ids` it is about. After the
`# segur: accepte` comments and the severities are applied, the problems of one group
(same rule, file, severity and group; the dispositif is kept when they share one) become
one, at the first one's line, with every id kept in `ids` (the JSON report lists them
all). A group left with a single problem keeps that problem's own message. Then the problems
left alone that share an `across` (one cause repeated in several files, e.g. a row copied
into several REMs) become one, at the first file's line, naming the dispositifs. `cause_keys`
compares two runs whatever the grouping.
"""
from __future__ import annotations

from dataclasses import replace

from .problems import Problem

SHOWN_IDS = 3


def shown_ids(ids: tuple[str, ...] | list[str], limit: int = SHOWN_IDS) -> str:
    """The first ids, for a message ('A, B, C, …' when there are more)."""
    head = ", ".join(ids[:limit])
    return head + (", …" if len(ids) > limit else "")


def _fill(group: str, n: int, ids: tuple[str, ...], m: int | None = None) -> str:
    """{n}: how many ids, {m}: how many problems (one id may be at fault in several
    places), {ids}: the first ids."""
    # plain replacement, not str.format: the template holds data values (codes, ids)
    return (group.replace("{n}", str(n)).replace("{m}", str(n if m is None else m))
            .replace("{ids}", shown_ids(ids)))


def merge_copies(problems: list[Problem], copies: dict[str, str]) -> list[Problem]:
    """A finding on a copied record (copy id -> original id, a section written twice: rule
    SECTION-DUP) that its original has too — same rule, severity and message once the copy's
    id is read as the original's — is reported once, on the original, naming the copy."""
    if not copies:
        return problems
    by_key = {(p.code, p.severity, p.message): i for i, p in enumerate(problems) if p.ids}
    out = list(problems)
    dropped: set[int] = set()
    for i, p in enumerate(problems):
        if len(p.ids) != 1 or p.ids[0] not in copies:
            continue
        copy, original = p.ids[0], copies[p.ids[0]]
        j = by_key.get((p.code, p.severity, p.message.replace(copy, original)))
        if j is None or j == i or original not in problems[j].ids:
            continue
        q = out[j]
        out[j] = replace(q, message=f"{q.message} (de même sa copie {copy})", ids=q.ids + (copy,))
        dropped.add(i)
    return [p for i, p in enumerate(out) if i not in dropped]


def merge_groups(problems: list[Problem]) -> list[Problem]:
    """Per file first (`group`), then across files (`across`) for what is left alone."""
    return _merge_across(_merge_in_files(problems))


def _merge_in_files(problems: list[Problem]) -> list[Problem]:
    members: dict[tuple, list[Problem]] = {}
    for p in problems:
        if p.group:
            members.setdefault((p.code, p.path, p.severity, p.group), []).append(p)
    if not members:
        return problems
    out = [p for p in problems if not p.group]
    for (_code, _path, _sev, group), ps in members.items():
        if len(ps) == 1:
            out.append(ps[0])
            continue
        ps.sort(key=lambda p: (p.line, p.message))
        ids = tuple(dict.fromkeys(i for p in ps for i in p.ids))
        disp = ps[0].dispositif if all(p.dispositif == ps[0].dispositif for p in ps) else ""
        # a group of one file is not merged again with other files
        out.append(replace(ps[0], message=_fill(group, len(ids), ids, len(ps)), ids=ids, dispositif=disp, across=""))
    return sorted(out, key=lambda p: (p.path, p.line, p.code, p.message))


def _merge_across(problems: list[Problem]) -> list[Problem]:
    """The same cause in two files or more (same rule, severity and `across`) is one
    problem, at the first file's line, naming every dispositif (or file) and keeping every id."""
    members: dict[tuple, list[Problem]] = {}
    for p in problems:
        if p.across:
            members.setdefault((p.code, p.severity, p.across), []).append(p)
    if not any(len({p.path for p in ps}) > 1 for ps in members.values()):
        return problems
    out = [p for p in problems if not p.across]
    for (_code, _sev, across), ps in members.items():
        if len({p.path for p in ps}) == 1:
            out.extend(ps)
            continue
        ps.sort(key=lambda p: (p.path, p.line, p.message))
        pairs = tuple(dict.fromkeys((i, p.path) for p in ps for i in p.ids))
        ids = tuple(i for i, _ in pairs)
        where = list(dict.fromkeys(p.dispositif or p.path for p in ps))
        disp = ps[0].dispositif if len(where) == 1 else ""
        # every dispositif is named (a handful): the list is the point of the message
        message = (across.split("\x00", 1)[0].replace("{n}", str(len(where))).replace("{where}", ", ".join(where))
                   .replace("{ids}", shown_ids(tuple(dict.fromkeys(ids)))))
        out.append(replace(ps[0], message=message, ids=ids, dispositif=disp, id_paths=tuple(f for _, f in pairs)))
    return sorted(out, key=lambda p: (p.path, p.line, p.code, p.message))


def cause_keys(p: Problem) -> set[tuple]:
    """What a problem reports, comparable between two runs of the checker whatever the
    grouping (a group's message names a count that changes when one id is fixed, and an id
    leaves its group when the group no longer holds): one key per id, or its message for a
    problem about no id (each id with its own file, also when merged across files). Coarse for a rule with two problems on one id (REF-REFERENTIEL-LIST,
    one per code): they compare as one."""
    if p.ids:
        paths = p.id_paths or (p.path,) * len(p.ids)
        return {(path, p.code, i) for i, path in zip(p.ids, paths)}
    return {(p.path, p.code, p.message)}
