"""The dispositifs of the index: each REM assembled from its file's own requirements, its
socle picks and the previous vague's REM (statuts computed where none is written)."""
from __future__ import annotations

import hashlib

from . import model as M


def norm_text(text: str) -> str:
    """Text compared across vagues: whitespace runs collapsed."""
    return " ".join(text.split())


def computed_statut(r: M.Requirement, prev_index: dict) -> tuple[str, str | None]:
    """Statut of an own requirement that states none: from its previous-wave counterpart
    (id_precedent, the id a carried-over id implies, or the same id) — Inchangée when the text
    is the same, Modifiée otherwise; Nouvelle without a counterpart."""
    for candidate in (r.id_precedent, M.carried_from(r.id), r.id):
        old = prev_index.get(candidate) if candidate else None
        if old is not None:
            return ("Inchangée" if norm_text(old.enonce) == norm_text(r.enonce) else "Modifiée"), candidate
    return "Nouvelle", None


def localized(req: M.Requirement) -> tuple[M.Scenario, ...]:
    if not req.is_socle:
        return req.scenarios
    return tuple(
        M.Scenario(M.local_id(s.id), s.texte,
                   tuple(M.Proof(M.local_id(p.id), p.texte, p.line) for p in s.preuves), s.line)
        for s in req.scenarios)


class RemAssembly:
    """What every dispositif's REM is assembled from: the socles, their requirements, the
    vagues, and each file's sha256 (for the dispositif's source digest)."""

    def __init__(self, socles: dict, socle_reqs: dict, vagues: dict, sha: dict):
        self.socles, self.socle_reqs, self.vagues, self.sha = socles, socle_reqs, vagues, sha
        self.localized: dict[str, tuple] = {}
        self.common = [p for p in ("requirements/programme.yaml", "requirements/referentiels.yaml") if p in sha]
        self.matrix_files = sorted(p for p in sha if p.startswith("matrices/") and p.endswith(".csv"))

    def picked(self, pk: M.Pick, prev, prev_index: dict) -> M.RemRequirement | None:
        """A socle pick as a REM requirement (None: no socle defines it, the checks say so)."""
        base = self.socle_reqs.get("SC." + pk.id)
        if base is None:
            return None
        if base.id not in self.localized:
            self.localized[base.id] = localized(base)
        socle = self.socles.get(base.owner)
        section = (socle.sections.get(base.section) if socle else None) or M.Section(base.section, base.section, base.src)
        if pk.statut is not None:
            statut, declared, previous = pk.statut, True, pk.id_precedent
        elif prev is None:
            statut, declared, previous = "Nouvelle", False, None
        else:
            candidate = pk.id_precedent or (M.local_id(base.remplace) if base.remplace else pk.id)
            old = prev_index.get(candidate)
            if old is None:
                statut, declared, previous = "Nouvelle", False, None
            else:
                same = norm_text(old.enonce) == norm_text(base.enonce)
                statut, declared, previous = ("Inchangée" if same else "Modifiée"), False, candidate
        profils = pk.profils or base.profils
        return M.RemRequirement(pk.id, base, section, profils, M.derived_conditionnelle(profils),
                                statut, declared, previous, pk.src, base.owner, self.localized[base.id])

    @staticmethod
    def own(r: M.Requirement, sections: dict, prev_index: dict) -> M.RemRequirement:
        section = sections.get(r.section) or M.Section(r.section, r.section, r.src)
        statut, previous = r.statut, r.id_precedent
        if statut is None:
            statut, previous = computed_statut(r, prev_index)
        return M.RemRequirement(r.id, r, section, r.profils, M.derived_conditionnelle(r.profils), statut,
                                r.statut is not None, previous, r.src, None, r.scenarios)

    def dropped(self, prev, vague: str, rem: list, obsoletes: list) -> list:
        """A previous pick whose socle requirement is Obsolète (or no longer offered in this
        vague) and that nothing carries is Obsolète here too, without restating it."""
        carried = {r.id_precedent for r in rem + obsoletes if r.id_precedent}
        current = {r.id for r in rem + obsoletes}
        out = []
        for old in prev.rem:
            base = self.socle_reqs.get("SC." + old.id) if old.socle else None
            if base is None or old.id in carried or old.id in current:
                continue
            offered = base.vagues or tuple(self.vagues)
            if base.statut == "Obsolète" or vague not in offered:
                replaced = any(r.base.remplace == base.id for r in rem if r.socle)
                if not replaced:
                    out.append(M.RemRequirement(old.id, base, old.section, old.profils, old.conditionnelle,
                                                "Obsolète", False, old.id, base.src, base.owner, old.scenarios))
        return out

    def digest(self, did: str, file: str | None, picks, prev, extras) -> str:
        """sha256 of every file the dispositif's pages are made from."""
        deps = set(self.common) | set(self.matrix_files)
        if file is not None:
            deps.add(file)
        for pk in picks:
            base = self.socle_reqs.get("SC." + pk.id)
            if base is not None and self.socles.get(base.owner) and self.socles[base.owner].file:
                deps.add(self.socles[base.owner].file)
        if prev is not None and prev.file:
            deps.add(prev.file)
        for extra in extras:
            if extra is not None:
                deps.add(extra.src.path)
        return hashlib.sha256("".join(f"{p}\0{self.sha.get(p, '')}\n" for p in sorted(deps)).encode()).hexdigest()

    def dispositif(self, did: str, disp_src, x: dict, file_pieces, file: str | None, prev, extras) -> M.Dispositif:
        """One dispositif: `file_pieces` = (sections, own, picks) of its file, `prev` its
        precedent (built before it), `extras` its AF terms and scope (or None)."""
        sections, own, picks = file_pieces
        prev_index = {r.id: r for r in (prev.rem if prev else ())}
        rem, obsoletes = [], []
        for rr in [self.picked(pk, prev, prev_index) for pk in picks] + [self.own(r, sections, prev_index) for r in own]:
            if rr is not None:
                (obsoletes if rr.statut == "Obsolète" else rem).append(rr)
        if prev is not None:
            obsoletes.extend(self.dropped(prev, x["vague"], rem, obsoletes))
        return M.Dispositif(
            id=did, couloir=x["couloir"], vague=x["vague"], type_code=x["type_logiciel"]["code"],
            type_libelle=x["type_logiciel"]["libelle"], prefixe=x["prefixe"], titre=x["titre"],
            statut_publication=x["statut_publication"], version=x["version"], date=x["date"],
            precedent=x.get("precedent"), professions=tuple(x.get("professions") or ()),
            socles=tuple(x.get("socles") or ()),
            profils=tuple(M.Profile(p["nom"], p.get("description", "")) for p in x["profils"]),
            historique=tuple(M.HistoryEntry(h["version"], h["date"], h["auteur"], h["modifications"])
                             for h in x.get("historique") or ()),
            src=disp_src, file=file, sections=sections, picks=picks, own=own,
            rem=tuple(rem), obsoletes=tuple(obsoletes), source_sha256=self.digest(did, file, picks, prev, extras))
