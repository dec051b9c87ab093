"""Group stage, wave-1 sheet ``prepub_avec_scenarios``: requirements of wave 1 carried into
wave 2. Each row gives the wave-2 id (``<SECTION>/va1.<nn>``, a pick when it has a
« reference socle »), the wave-1 id (« reference vague1 »), the wave-1 text and the
modified text (empty when unchanged).

Both sides are written: the wave-2 requirement (own, or a pick of the socle requirement,
created from these rows when the socle sheet lacks it) with `statut` Inchangée / Modifiée
from the two texts (Obsolète when ANS's arbitrage says so) and `id_precedent`; and the
wave-1 requirement in the dispositif's wave-1 REM (``<COULOIR>-<TYPE>-Va1``, the wave 2's
`precedent`), with its wave-1 id and text. Wave-1 REMs numbered their requirements on
their own (INS.01 of BIO is not INS.01 of LGC), so the wave-1 side is own requirements.
The export has no wave-1 scenario: each wave-1 record accepts SCN-MISSING on its line,
and the import reports it once.
"""
from __future__ import annotations

import re
from dataclasses import replace

from ..cleaning import clean_id
from .dispositifs import target_for, wave1_of
from .group import Grouped
from .report import DispositifCounts
from .rem import full_id, scenarios_of
from .rows import ARBITRAGES, BRACKET_RE, SECTION_RE, Ctx, Pick, Req, nature_of, section_of
from .sheets import SHEET_VA1 as V, Sheet, distinct_rows, key

ACCEPT_NO_SCENARIO = " # segur: accepte SCN-MISSING"
V1_ID_RE = re.compile(r"^(?P<head>[A-Za-z0-9/_-]+)\.(?P<nums>\d+(?:[ ,]+\d+)*)$")


def read_wave1(va1: Sheet, g: Grouped, ctx: Ctx, rem_codes: dict[str, str]) -> None:
    groups: dict[tuple, list] = {}
    for row, r in distinct_rows(va1.rows, V, ctx.report):
        rem_code = clean_id(va1.get(r, "REM"))[0].upper()
        squash = va1.get(r, "id exigence")
        k = (rem_code, squash if squash not in (None, "") else clean_id(va1.get(r, "reference"))[0])
        groups.setdefault(k, []).append((row, r))
    for (rem_code, _), rows in groups.items():
        t, w1 = _targets(rem_code, rows[0][0], g, rem_codes)
        g.counts[t.id].rows += len(rows)
        _carried(va1, rows, t, w1, g, ctx)
    n = sum(len(g.own[w.id]) for w in g.wave1.values())
    if n:
        ctx.report.warnings.append(
            f"{V}: {n} exigence(s) de vague 1 écrite(s) sans scénario (l'export n'a pas les scénarios de la vague 1) : "
            "chacune accepte SCN-MISSING sur sa ligne (# segur: accepte SCN-MISSING)")


def _targets(rem_code: str, row: int, g: Grouped, rem_codes):
    t = g.targets.get(rem_code)
    if t is None:
        t = target_for(rem_code, rem_codes, f"{V}!{row}")
        g.counts[t.id] = DispositifCounts()
    w1 = g.wave1.get(rem_code)
    if w1 is None:
        w1 = g.wave1[rem_code] = wave1_of(t)
        g.counts.setdefault(w1.id, DispositifCounts())
    g.targets[rem_code] = replace(t, precedent=w1.id)
    return g.targets[rem_code], w1


def _wave1_ids(raw: str, where: str, report) -> list[str]:
    """« reference vague1 »: `INS.01`, or several merged into one (`INS.32, 33, 34`)."""
    m = V1_ID_RE.match(raw)
    if not m:
        if raw:
            report.warnings.append(f"{where}: « reference vague1 » {raw!r} n'est pas un identifiant : ignorée")
        return []
    return [f"{m.group('head')}.{n}" for n in re.split(r"[ ,]+", m.group("nums"))]


def _carried(va1: Sheet, rows: list, t, w1, g: Grouped, ctx: Ctx) -> None:
    report = ctx.report
    first, r = rows[0]
    where = f"{V}!{first}"
    arb = ARBITRAGES.get(key(va1.get(r, "arbitrage"))) or "Approuvée"
    reference = ctx.ident(V, first, "reference", va1.get(r, "reference"))
    ref_socle = ctx.ident(V, first, "reference socle", va1.get(r, "reference socle"))
    v1_ids = _wave1_ids(ctx.ident(V, first, "reference vague1", va1.get(r, "reference vague1")), where, report)
    text1 = ctx.text(V, first, "Description vague 1", va1.get(r, "Description vague 1"))
    text2 = ctx.text(V, first, "Description modifiée", va1.get(r, "Description modifiée"))
    profil = ctx.text(V, first, "profil", va1.get(r, "profil"), label=True) or "Général"
    g.add_profile(t.id, profil)
    for row, _ in rows[1:]:
        report.merged.append(f"{V}!{row}: ligne répétée de {reference or '?'} ({t.rem}) fusionnée dans la ligne {first}")
    if len(v1_ids) > 1:
        report.warnings.append(f"{where}: {reference} ({t.id}) reprend {len(v1_ids)} exigences de vague 1 "
                               f"({', '.join(v1_ids)}) : id_precedent {v1_ids[0]}, les autres ne sont pas écrites")
    previous = None
    if v1_ids:
        previous = _wave1_record(va1, r, first, f"{w1.prefix}.{v1_ids[0]}", text1, profil, w1, g, ctx)
    else:
        report.warnings.append(f"{where}: {reference} ({t.id}) n'a pas d'identifiant de vague 1 : écrite sans "
                               "id_precedent, `segur check` le signale")
    text = text2 or text1
    statut = "Obsolète" if arb == "Obsolète" else \
        "Inchangée" if not text2 or " ".join(text2.split()) == " ".join(text1.split()) else "Modifiée"
    full = full_id(None if ref_socle else t.prefix)
    rid = ref_socle or full(reference)
    scenarios = scenarios_of(va1, rows, rid, full, ctx, V)
    if ref_socle:
        g.counts[t.id].picks += 1
        _pick(va1, r, first, reference, ref_socle, text, profil, scenarios, statut, previous, t, g, ctx)
    else:
        g.counts[t.id].requirements += 1
        g.counts[t.id].scenarios += len(scenarios)
        req = _record(va1, r, first, rid, t.prefix, text, profil, g.sections[t.id], ctx)
        req.statut, req.id_precedent, req.scenarios = statut, previous, scenarios
        req.omit_scenarios = not scenarios
        g.own[t.id].append(req)
    if arb == "Obsolète":
        g.counts[t.id].obsolete += 1


def _record(sheet: Sheet, r, row: int, rid: str, prefix: str, text: str, profil: str, sections: dict,
            ctx: Ctx) -> Req:
    section = section_of(rid, prefix)
    if not SECTION_RE.match(section):
        ctx.report.fixes.append(f"{V}!{row}: pas de code de section dans l'identifiant {rid!r} : section A-CLASSER")
        section = "A-CLASSER"
    label = ctx.text(V, row, "section", sheet.get(r, "section"), label=True)
    sections.setdefault(section, ctx.label_of(label, section))
    nature, _ = nature_of(text)
    return Req(id=rid, row=f"{V}!{row}", section=section,
               bloc=ctx.text(V, row, "bloc", sheet.get(r, "bloc"), label=True),
               fonction=ctx.text(V, row, "fonction", sheet.get(r, "fonction"), label=True),
               nature=nature, profils=[profil], enonce=text, referentiels=sorted(set(BRACKET_RE.findall(text))))


def _wave1_record(sheet, r, row, rid, text1, profil, w1, g: Grouped, ctx: Ctx) -> str:
    """The wave-1 requirement `rid` in the wave-1 REM (once), its id returned."""
    if any(q.id == rid for q in g.own[w1.id]):
        return rid
    req = _record(sheet, r, row, rid, w1.prefix, text1, profil, g.sections[w1.id], ctx)
    req.omit_scenarios, req.comment_extra = True, ACCEPT_NO_SCENARIO
    g.own[w1.id].append(req)
    g.add_profile(w1.id, profil)
    g.counts[w1.id].requirements += 1
    g.counts[w1.id].rows += 1
    return rid


def _pick(sheet, r, row, reference, ref_socle, text, profil, scenarios, statut, previous, t, g: Grouped,
          ctx: Ctx) -> None:
    base = g.socle_reqs.get(ref_socle)
    if base is None:                 # carried socle requirement the socle sheet lacks
        code = section_of(ref_socle, "SC").split("/")[0].upper()      # SC.ApCV/va1.01 -> APCV
        base = _record(sheet, r, row, ref_socle, "SC", text, "Général", g.socle_sections[code], ctx)
        base.vagues = ["Va2"]
        g.socle_reqs[ref_socle], g.socle_of[ref_socle] = base, code
        g.socle_order[code].append(base)
    known = {s.id for s in base.scenarios}
    base.scenarios.extend(s for s in scenarios if s.id not in known)
    base.omit_scenarios = not base.scenarios
    local = ref_socle[3:] if ref_socle.startswith("SC.") else ref_socle
    if local != reference:
        ctx.report.warnings.append(f"{V}!{row}: {t.id} reprend {reference} mais sa « reference socle » est "
                                   f"{ref_socle} : la reprise garde {local}")
    # Inchangée / Modifiée are computed by the checker from the two texts
    pk = Pick(local, row, statut="Obsolète" if statut == "Obsolète" else None, id_precedent=previous, sheet=V)
    if profil != "Général" and [profil] != base.profils:
        pk.profils = [profil]
    g.picks[t.id].append(pk)
    if statut != "Obsolète":
        g.picked_by[ref_socle].add(t.rem)
