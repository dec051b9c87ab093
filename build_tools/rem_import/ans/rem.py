"""Group stage, REM sheet: rows grouped by REM and requirement (one row per scenario);
a group with a « reference socle » is a pick of a socle requirement, the others are the
dispositif's own requirements (id ``<PREFIXE>.<reference>``)."""
from __future__ import annotations

import re

from ..cleaning import clean_id
from ..rem_workbook import ImportRefused
from .dispositifs import target_for
from .group import Grouped
from .report import DispositifCounts
from .rows import ARBITRAGES, BRACKET_RE, SECTION_RE, Ctx, Pick, Req, Scenario, nature_of, parse_proofs, section_of
from .sheets import SHEET_REM as R, SHEET_SOCLE, Sheet, distinct_rows, key


def group_rows(rem: Sheet, g: Grouped, ctx: Ctx, rem_codes: dict[str, str]) -> dict[tuple, list]:
    """(REM code, requirement key) -> [(row, cells)…], each REM code given its dispositif."""
    groups: dict[tuple, list[tuple[int, tuple]]] = {}
    for row, r in distinct_rows(rem.rows, R, ctx.report):
        rem_code = clean_id(rem.get(r, "REM"))[0].upper()
        if rem_code not in g.targets:
            t = target_for(rem_code, rem_codes, f"{R}!{row}")
            g.targets[rem_code] = t
            g.counts[t.id] = DispositifCounts()
        if ARBITRAGES.get(key(rem.get(r, "arbitrage"))) is None:
            raise ImportRefused(f"{R}!{row}: arbitrage {rem.get(r, 'arbitrage')!r} ne fait pas partie de "
                                f"{', '.join(ARBITRAGES.values())}, rien n'a été importé")
        squash = rem.get(r, "id exigence")
        k = (rem_code, squash if squash not in (None, "") else clean_id(rem.get(r, "reference"))[0])
        groups.setdefault(k, []).append((row, r))
    return groups


def scenarios_of(rem: Sheet, rows: list, rid: str, full, ctx: Ctx, sheet: str = R) -> list[Scenario]:
    """One scenario per row of a group (rows without scenario cells are skipped)."""
    report = ctx.report
    scenarios: list[Scenario] = []
    for row, rr in rows:
        local = ctx.ident(sheet, row, "ref scenario", rem.get(rr, "ref scenario"))
        texte = ctx.text(sheet, row, "scenario", rem.get(rr, "scenario"))
        cell = ctx.text(sheet, row, "preuve", rem.get(rr, "preuve"))
        if not (local or texte or cell):
            continue
        if RELATIVE_RE.match(local):
            scn_id = relative(rid, local)
            report.fixes.append(f"{sheet}!{row}: ref scenario {local!r} sans l'identifiant de l'exigence : {scn_id}")
        elif local:
            scn_id = full(local)
        else:
            scn_id = f"{rid}.{len(scenarios) + 1:02d}"
            report.fixes.append(f"{sheet}!{row}: scénario sans « ref scenario » : numéroté {scn_id}")
        # an empty text or a scenario without proof stays so: `segur check` reports it (TEXT-EMPTY)
        proofs = parse_proofs(cell, scn_id, _proof_ids(rid, scn_id, full), sheet, row, ctx) if cell else []
        if len(proofs) > 10:
            report.warnings.append(f"{sheet}!{row}: le scénario {scn_id} a {len(proofs)} preuves (10 au plus)")
        scenarios.append(Scenario(scn_id, texte, proofs, row, "" if sheet == R else sheet))
    return scenarios


# a scenario or proof number written without its requirement's id: "01", "07.01", "01.02"
RELATIVE_RE = re.compile(r"^\d{1,3}(?:\.\d{1,3}){0,2}$")


def relative(rid: str, local: str) -> str:
    """`01` of SC.PSC.07 -> SC.PSC.07.01; `07.01` (it repeats the requirement's number) ->
    SC.DMP/UX.07.01."""
    head, _, number = rid.rpartition(".")
    if "." in local and local.split(".", 1)[0] == number:
        return f"{head}.{local}"
    return f"{rid}.{local}"


def _proof_ids(rid: str, scn_id: str, full):
    """local proof id -> full id: relative numbers under the scenario ("02") or the
    requirement ("01.02": scenario 01, proof 02 — a proof is two levels below its
    requirement, so a two-part number never repeats the requirement's; "07.01.02" may),
    the others as the scenario's."""
    def to_full(local: str) -> str:
        if RELATIVE_RE.match(local):
            dots = local.count(".")
            return f"{scn_id}.{local}" if not dots else f"{rid}.{local}" if dots == 1 else relative(rid, local)
        return full(local)
    return to_full


def full_id(prefix: str | None):
    """local id -> full id: `SC.` for a pick (prefix None), else the dispositif's prefix."""
    if prefix is None:
        return lambda local: local if local.startswith("SC.") else "SC." + local
    return lambda local: local if local.startswith(prefix + ".") else f"{prefix}.{local}"


def add_groups(rem: Sheet, groups: dict, g: Grouped, ctx: Ctx) -> None:
    for (rem_code, _), rows in groups.items():
        t = g.targets[rem_code]
        c = g.counts[t.id]
        c.rows += len(rows)
        first_row, r = rows[0]
        arb = ARBITRAGES[key(rem.get(r, "arbitrage"))]
        reference = ctx.ident(R, first_row, "reference", rem.get(r, "reference"))
        ref_socle = ctx.ident(R, first_row, "reference socle", rem.get(r, "reference socle"))
        profil = ctx.text(R, first_row, "profil", rem.get(r, "profil"), label=True)
        for row, _ in rows[1:]:
            ctx.report.merged.append(f"{R}!{row}: ligne répétée de {reference or '?'} ({rem_code}) "
                                     f"fusionnée dans la ligne {first_row}")
        full = full_id(None if ref_socle else t.prefix)
        rid = ref_socle or full(reference)
        scenarios = scenarios_of(rem, rows, rid, full, ctx)
        if arb == "A retravailler":
            ctx.report.a_retravailler.append(f"{R}!{first_row}: {rid} ({t.id}{', reprise' if ref_socle else ''})")
            c.a_retravailler += 1
        if arb == "Obsolète":
            c.obsolete += 1
        if ref_socle:
            c.picks += 1
            _add_pick(t, rem_code, first_row, arb, reference, ref_socle, profil, scenarios, g, ctx)
        else:
            c.requirements += 1
            c.scenarios += len(scenarios)
            c.proofs += sum(len(s.preuves) for s in scenarios)
            g.own[t.id].append(_own(rem, r, t, first_row, arb, rid, profil, scenarios, g, ctx))


def _add_pick(t, rem_code, first_row, arb, reference, ref_socle, profil, scenarios, g: Grouped, ctx: Ctx) -> None:
    report = ctx.report
    if "SC." + reference != ref_socle:
        report.warnings.append(f"{R}!{first_row}: {t.id} reprend {reference} mais sa « reference socle » est "
                               f"{ref_socle} : la reprise garde {reference}")
    base = g.socle_reqs.get(ref_socle)
    pk = Pick(reference, first_row, statut="Obsolète" if arb == "Obsolète" else None,
              a_retravailler=arb == "A retravailler")
    if base is not None and profil and [profil] != base.profils:
        pk.profils = [profil]
    g.picks[t.id].append(pk)
    if arb != "Obsolète":
        g.picked_by[ref_socle].add(rem_code)
    for p in (pk.profils or (base.profils if base else [profil] if profil else [])):
        g.add_profile(t.id, p)
    if base is None:
        if scenarios:
            report.warnings.append(f"{R}!{first_row}: {ref_socle} n'est pas dans {SHEET_SOCLE} : "
                                   f"ses {len(scenarios)} scénario(s) ne sont pas importés")
        return
    for s in scenarios:
        norm = " ".join((s.texte + " " + " ".join(p.id + p.texte for p in s.preuves)).split())
        known = g.socle_scn_src.get(s.id)
        if known is None:
            g.socle_scn_src[s.id] = (f"{R}!{s.row}", norm)
            base.scenarios.append(s)
        elif known[1] != norm:
            report.warnings.append(f"{R}!{s.row}: le scénario {s.id} diffère de celui de {known[0]} : "
                                   "le premier est conservé")


def _own(rem: Sheet, r, t, first_row, arb, rid, profil, scenarios, g: Grouped, ctx: Ctx) -> Req:
    report = ctx.report
    section = section_of(rid, t.prefix)
    if not SECTION_RE.match(section):
        fallback = clean_id(rem.get(r, "ID Section"))[0]
        new = fallback if SECTION_RE.match(fallback) else "A-CLASSER"
        report.fixes.append(f"{R}!{first_row}: pas de code de section dans l'identifiant {rid!r} : section {new}")
        section = new
    label = ctx.text(R, first_row, "section", rem.get(r, "section"), label=True)
    g.sections[t.id].setdefault(section, ctx.label_of(label, section))
    enonce = ctx.text(R, first_row, "description", rem.get(r, "description"))
    nature, how = nature_of(enonce)
    if how:
        report.fixes.append(f"{R}!{first_row}: {rid} : {how}")
    if not profil:
        profil = "Général"
        report.fixes.append(f"{R}!{first_row}: {rid} : profil vide : Général")
    g.add_profile(t.id, profil)
    req = Req(id=rid, row=f"{R}!{first_row}", section=section,
              bloc=ctx.text(R, first_row, "bloc", rem.get(r, "bloc"), label=True),
              fonction=ctx.text(R, first_row, "fonction", rem.get(r, "fonction"), label=True),
              nature=nature, profils=[profil], enonce=enonce,
              referentiels=sorted(set(BRACKET_RE.findall(enonce))), scenarios=scenarios,
              statut="Obsolète" if arb == "Obsolète" else None, a_retravailler=arb == "A retravailler")
    if req.a_retravailler:
        req.note = "Arbitrage ANS : A retravailler"
    if not scenarios:
        req.omit_scenarios = True
        if arb != "Obsolète":
            report.warnings.append(f"{R}!{first_row}: {rid} ({t.id}, {arb}) n'a pas de scénario : écrite sans "
                                   "`scenarios`, `segur check` le signale (SCN-MISSING)")
    return req
