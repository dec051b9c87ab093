"""One problem per cause: problems that a check marked as sharing one cause are merged.

A check gives each such problem a `group` (the message of the merged problem, with `{n}`
for how many ids, `{m}` for how many problems and `{ids}` for the first ids) and the `ids` it is about. After the
`# segur: accepte` comments and the severities are applied, the problems of one group
(same rule, file, severity and group; the dispositif is kept when they share one) become
one, at the first one's line, with every id kept in `ids` (the JSON report lists them
all). A group left with a single problem keeps that problem's own message; `cause_keys`
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


def merge_groups(problems: list[Problem]) -> list[Problem]:
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
        out.append(replace(ps[0], message=_fill(group, len(ids), ids, len(ps)), ids=ids, dispositif=disp))
    return sorted(out, key=lambda p: (p.path, p.line, p.code, p.message))


def cause_keys(p: Problem) -> set[tuple]:
    """What a problem reports, comparable between two runs of the checker whatever the
    grouping (a group's message names a count that changes when one id is fixed, and an id
    leaves its group when the group no longer holds): one key per id, or its message for a
    problem about no id. Coarse for a rule with two problems on one id (REF-REFERENTIEL-LIST,
    one per code): they compare as one."""
    if p.ids:
        return {(p.path, p.code, i) for i in p.ids}
    return {(p.path, p.code, p.message)}
