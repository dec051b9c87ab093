"""Group stage, socle sheet: one socle requirement per row (`SC.<SECTION>.<nn>`), its
status, and the "Picking dans REM …" flags compared with the REM rows afterwards."""
from __future__ import annotations

import re

from .group import Grouped
from .rows import BRACKET_RE, SECTION_RE, SOCLE_CODE_RE, Ctx, Req, nature_of, section_of
from .sheets import PICKING_RE, SHEET_REM, SHEET_SOCLE as S, Sheet, distinct_rows, key


def read_socle(soc: Sheet, g: Grouped, ctx: Ctx) -> None:
    g.picking_cols = {PICKING_RE.match(key(h)).group(1).upper(): j for h, j in soc.extra.items()}
    for row, r in distinct_rows(soc.rows, S, ctx.report):
        r = _realigned(soc, r, row, ctx.report)
        sid = ctx.ident(S, row, "ID Exigence", soc.get(r, "ID Exigence"))
        if not sid:
            ctx.report.skipped.append(f"{S}!{row}: pas d'ID Exigence : ignorée")
            continue
        code = ctx.ident(S, row, "Socle", soc.get(r, "Socle"))
        if not SOCLE_CODE_RE.match(code) or code.isdigit():
            guess = re.match(r"^(?:SC\.)?([A-Z0-9]+)", sid)
            new = guess.group(1) if guess else "A-CLASSER"
            ctx.report.fixes.append(f"{S}!{row}: Socle {code!r} n'est pas un code de socle : socle {new} tiré de l'identifiant {sid}")
            code = new
        req = _socle_record(soc, r, row, sid, code, g, ctx)
        g.socle_order[code].append(req)
        if sid not in g.socle_reqs:
            g.socle_reqs[sid] = req
            g.socle_of[sid] = code
        flags = {rem_code for rem_code, j in g.picking_cols.items() if j < len(r) and key(r[j]) == "oui"}
        g.picking_flags.setdefault(sid, (row, flags))


def _socle_record(soc: Sheet, r: tuple, row: int, sid: str, code: str, g: Grouped, ctx: Ctx) -> Req:
    report = ctx.report
    section = section_of(sid, "SC")
    if not SECTION_RE.match(section):
        report.fixes.append(f"{S}!{row}: pas de code de section dans l'identifiant {sid!r} : section A-CLASSER")
        section = "A-CLASSER"
    label = ctx.text(S, row, "Section", soc.get(r, "Section"), label=True)
    g.socle_sections[code].setdefault(section, ctx.label_of(label, section))
    enonce = ctx.text(S, row, "Description", soc.get(r, "Description"))
    if not enonce:
        old = ctx.text(S, row, "Description old", soc.get(r, "Description old"))
        if old:
            report.fixes.append(f"{S}!{row}: {sid} : Description vide, « Description old » utilisée")
            enonce = old
    nat_col = ctx.text(S, row, "Nature", soc.get(r, "Nature"), label=True)
    nature, how = nature_of(enonce, nat_col)
    if how:
        report.fixes.append(f"{S}!{row}: {sid} : {how}")
    profil = ctx.text(S, row, "Profil", soc.get(r, "Profil"), label=True)
    if not profil:
        profil = "Général"
        report.fixes.append(f"{S}!{row}: {sid} : Profil vide : Général")
    refs_col = ctx.text(S, row, "Référentiels", soc.get(r, "Référentiels"), label=True)
    refs = sorted(set(BRACKET_RE.findall(enonce)) | set(BRACKET_RE.findall(refs_col)))
    final = key(soc.get(r, "Statut final de l'exigence Socle"))
    squash = key(soc.get(r, "Statut Squash"))
    porteur = key(soc.get(r, "Statut porteur socle"))
    decision = key(soc.get(r, "Décision du comité de validation"))
    vague = re.search(r"(\d+)", str(soc.get(r, "Vague") or ""))
    bloc = ctx.text(S, row, "Bloc", soc.get(r, "Bloc"), label=True)
    fonction = ctx.text(S, row, "Fonction", soc.get(r, "Fonction"), label=True)
    # an empty cell stays empty: `segur check` reports it once (TEXT-EMPTY)
    req = Req(id=sid, row=f"{S}!{row}", section=section, bloc=bloc, fonction=fonction,
              nature=nature, profils=[profil], enonce=enonce, referentiels=refs,
              statut="Obsolète" if "obsolete" in (squash, final, porteur, key(nat_col)) else None,
              vagues=[f"Va{vague.group(1)}"] if vague else [],
              a_retravailler="instruction" in final or "retravailler" in decision)
    if req.a_retravailler:
        req.note = "Statut socle : " + (str(soc.get(r, "Statut final de l'exigence Socle") or "").strip()
                                        or str(soc.get(r, "Décision du comité de validation")).strip())
        report.a_retravailler.append(f"{S}!{row}: {sid} (socle {code}): {req.note}")
    return req


def _realigned(sheet: Sheet, r: tuple, row: int, report) -> tuple:
    """A socle row whose cells slid one column left (no Porteur: the id sits under
    « Socle », the socle under « Porteur ») is put back in place."""
    sid, socle = str(sheet.get(r, "ID Exigence") or ""), str(sheet.get(r, "Socle") or "")
    if "." not in sid and socle.strip().startswith("SC."):
        report.fixes.append(f"{S}!{row}: cellules décalées d'une colonne vers la gauche (identifiant {socle.strip()!r} "
                            f"sous « Socle », {sid!r} sous « ID Exigence ») : réalignées")
        return (None,) + tuple(r[:-1])
    return r


# the export gives a socle requirement's scenarios only on the REM rows that pick it: for
# one no active row picks, it cannot say whether the requirement has any
ACCEPT_UNPICKED = " # segur: accepte SCN-MISSING (reprise par aucune ligne REM active)"


def check_socle_side(g: Grouped, report) -> None:
    """Socle requirements without scenario; "Picking dans REM" flags vs the REM rows."""
    no_scn, unpicked = 0, []
    for reqs in g.socle_order.values():
        for req in reqs:
            if not req.scenarios:
                req.omit_scenarios = True
                no_scn += 1
                if req.statut != "Obsolète" and not g.picked_by.get(req.id):
                    req.comment_extra = ACCEPT_UNPICKED
                    unpicked.append(req.id)
    if no_scn:
        report.warnings.append(f"{S}: {no_scn} exigence(s) de socle sans scénario dans les lignes REM : "
                               "écrite(s) sans `scenarios` (SCN-MISSING)")
    if unpicked:
        report.warnings.append(
            f"{S}: {len(unpicked)} exigence(s) de socle active(s) reprise(s) par aucune ligne REM active "
            f"({', '.join(unpicked)}) : l'export ne donne les scénarios du socle que sur les lignes REM, il ne dit "
            "donc rien des leurs ; chacune accepte SCN-MISSING sur sa ligne (# segur: accepte SCN-MISSING)")
    for sid, (row, flags) in g.picking_flags.items():
        rows_pick = g.picked_by.get(sid, set())
        for rem_code in sorted(flags - rows_pick):
            report.warnings.append(f"{S}!{row}: {sid} est marquée « Picking dans REM {rem_code} = Oui » "
                                   f"mais aucune ligne active de {SHEET_REM} pour {rem_code} ne la reprend")
        for rem_code in sorted(rows_pick - flags):
            if rem_code in g.picking_cols:
                report.warnings.append(f"{S}!{row}: {sid} est reprise par {rem_code} dans {SHEET_REM} mais "
                                       f"« Picking dans REM {rem_code} » n'est pas à Oui")
