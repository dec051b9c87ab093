"""Compare an imported REM with the corpus and plan the edits of the data files.

The plan is a list of `Change`s, each naming the data file, the record and the field, the
old and new values, and the cell it comes from (`Compléments!B12`). `segur import-rem`
prints it — texts as a word-level diff, scenarios as readable lines — and with --write
`apply.py` applies it. Untouched records are never rewritten. A requirement whose rows
disagree (two énoncés for one id) is a conflict: reported with both cells, not planned.
*Exigence conditionnelle* is derived from the profiles, so its column is never imported.
Layouts giving ANS's numbers (`VSM.06`) are mapped back to the dispositif's ids.
"""
from __future__ import annotations

from dataclasses import dataclass

from ..model import Corpus, Dispositif, RemRequirement, derived_conditionnelle
from ..rem_rows import BUSINESS_PREFIX_LEN, requirement_number
from ..worddiff import inline
from .records import requirement_record
from .rem_workbook import ImportedRem, ImportedRequirement


@dataclass(frozen=True, eq=False)
class Change:
    file: str            # data file to edit
    target: str          # "exigences" (own or socle requirement), "socle" (pick) or "sections"
    record: str          # id of the record in that list (SC. id in a socle file)
    field: str           # field name, or "*" for a whole new record
    old: object
    new: object
    source: str          # sheet!cell

    def describe(self) -> str:
        if self.field == "*":
            if self.target == "socle":
                return f"+ {self.record} : nouvelle reprise du socle dans {self.file} [{self.source}]"
            if self.target == "sections":
                return f"+ section {self.record} « {self.new['libelle']} » dans {self.file} [{self.source}]"
            lines = [f"+ {self.record} : nouvelle exigence dans {self.file} [{self.source}]",
                     f"    énoncé : {self.new.get('enonce', '')}"]
            return "\n".join(lines + scenario_lines([], self.new.get("scenarios") or [], "    "))
        head = f"~ {self.record} {self.field} [{self.source}, {self.file}]"
        if self.field == "scenarios":
            return "\n".join([head] + scenario_lines(self.old or [], self.new or [], "    "))
        return f"{head} : {_diff(self.old, self.new)}"


def _text(value) -> str:
    if isinstance(value, (list, tuple)):
        return ", ".join(str(v) for v in value)
    return "" if value is None else str(value)


def _diff(old, new) -> str:
    return inline(_text(old), _text(new))


def scenario_lines(old: list, new: list, indent: str) -> list[str]:
    """Readable lines for the difference between two scenario lists (dicts id/texte/preuves)."""
    before = {s["id"]: s for s in old}
    after = {s["id"]: s for s in new}
    lines = []
    for s in new:
        o = before.get(s["id"])
        if o is None:
            lines.append(f"{indent}+ scénario {s['id']} : {s['texte']}")
            lines += [f"{indent}    + preuve {p['id']} : {p['texte']}" for p in s["preuves"]]
            continue
        if o["texte"] != s["texte"]:
            lines.append(f"{indent}~ scénario {s['id']} : {inline(o['texte'], s['texte'])}")
        old_proofs = {p["id"]: p["texte"] for p in o["preuves"]}
        new_ids = {p["id"] for p in s["preuves"]}
        for p in s["preuves"]:
            if p["id"] not in old_proofs:
                lines.append(f"{indent}+ preuve {p['id']} : {p['texte']}")
            elif old_proofs[p["id"]] != p["texte"]:
                lines.append(f"{indent}~ preuve {p['id']} : {inline(old_proofs[p['id']], p['texte'])}")
        lines += [f"{indent}- preuve {pid} : {t}" for pid, t in old_proofs.items() if pid not in new_ids]
    lines += [f"{indent}- scénario {s['id']} : {s['texte']}" for s in old if s["id"] not in after]
    return lines


def _scenarios(imp: ImportedRequirement, prefix: str) -> list:
    return [{"id": prefix + s.id, "texte": s.texte,
             "preuves": [{"id": prefix + p.id, "texte": p.texte} for p in s.preuves]} for s in imp.scenarios]


def _model_scenarios(scenarios) -> list:
    return [{"id": s.id, "texte": s.texte, "preuves": [{"id": p.id, "texte": p.texte} for p in s.preuves]}
            for s in scenarios]


def _scenario_cell(imp: ImportedRequirement, base_scenarios, prefix: str) -> str:
    """The cell of the first scenario or proof that differs (or the first row)."""
    old = {s["id"]: s for s in _model_scenarios(base_scenarios)}
    for s in imp.scenarios:
        o = old.get(prefix + s.id)
        if o is None or o["texte"] != s.texte:
            return s.cell or imp.row
        old_proofs = {p["id"]: p["texte"] for p in o["preuves"]}
        for p in s.preuves:
            if old_proofs.get(prefix + p.id) != p.texte:
                return p.cell or s.cell or imp.row
    return imp.row


def _content_changes(file: str, record: str, base, imp: ImportedRequirement, prefix: str):
    """Field changes of a requirement record (own or socle) from the imported values."""
    pairs = [("bloc", base.bloc, imp.bloc), ("fonction", base.fonction, imp.fonction),
             ("nature", base.nature, imp.nature), ("enonce", base.enonce, imp.enonce),
             ("scenarios", _model_scenarios(base.scenarios), _scenarios(imp, prefix))]
    if imp.criticite:
        pairs.append(("criticite", base.criticite, imp.criticite))
    if imp.referentiels is not None:
        pairs.append(("referentiels", list(base.referentiels), imp.referentiels))
    for name, old, new in pairs:
        if new != old and new not in ("", None) and not (name == "scenarios" and not new):
            where = _scenario_cell(imp, base.scenarios, prefix) if name == "scenarios" else imp.cell(name)
            yield Change(file, "exigences", record, name, old, new, where)


def _with_ids(imp: ImportedRequirement, rid: str) -> ImportedRequirement:
    """`imp` read with ANS numbers, renamed to the dispositif's id `rid` (prefix put back)."""
    if imp.id == rid:
        return imp
    prefix = rid[: len(rid) - len(imp.id)]
    for s in imp.scenarios:
        s.id = s.id if s.id.startswith(rid) else prefix + s.id
        for p in s.preuves:
            p.id = p.id if p.id.startswith(rid) else prefix + p.id
    imp.id = rid
    return imp


def resolve_ids(corpus: Corpus, d: Dispositif, imported: ImportedRem) -> list[ImportedRequirement]:
    """The imported requirements under the dispositif's ids (ANS numbers mapped back)."""
    ids = {r.id for r in d.rem + d.obsoletes}
    numbers = {requirement_number(r): r.id for r in d.rem + d.obsoletes}
    out = []
    for imp in imported.requirements.values():
        if imp.full_id or imp.id in ids:
            out.append(imp)
        elif imp.id in numbers:
            out.append(_with_ids(imp, numbers[imp.id]))
        elif "SC." + imp.id in corpus.socle_requirements or len(d.prefixe) != BUSINESS_PREFIX_LEN:
            out.append(imp)
        else:
            out.append(_with_ids(imp, f"{d.prefixe}.{imp.id}"))
    return out


def _predecessor_edited(imp, current: str | None, new_drops: bool) -> bool:
    """The Évolutions sheet changes a predecessor: a Nouvelle drops it (an own requirement's,
    written in its record; a pick's is left to the pick line); an empty cell beside a statut
    that needs one (Modifiée, Inchangée) keeps the current one (written or computed) instead
    of erasing it."""
    if not imp.statut or (imp.id_precedent or None) == (current or None):
        return False
    if imp.statut == "Nouvelle":
        return new_drops
    return bool(imp.id_precedent)


def _socle_changes(corpus, file, rr, imp, notes) -> list[Change]:
    socle_file = corpus.socles[rr.socle].file
    users = [x.id for x in corpus.dispositifs.values() if any(p.id == rr.id for p in x.picks)]
    changes = list(_content_changes(socle_file, rr.base.id, rr.base, imp, "SC."))
    if changes:
        notes.append(f"{imp.id} est une exigence de socle : son texte est modifié dans {socle_file} "
                     f"et change pour {len(users)} dispositif(s) : {', '.join(users)}")
    if imp.profils and list(rr.profils) != imp.profils:
        changes.append(Change(file, "socle", rr.id, "profils", list(rr.profils), imp.profils, imp.cell("profils")))
    if imp.statut and imp.statut != rr.statut:
        changes.append(Change(file, "socle", rr.id, "statut", rr.statut, imp.statut, imp.cell("statut")))
    if _predecessor_edited(imp, rr.id_precedent, new_drops=False):
        changes.append(Change(file, "socle", rr.id, "id_precedent", rr.id_precedent, imp.id_precedent,
                              imp.cell("id_precedent")))
    elif imp.statut not in (None, "Nouvelle", rr.statut) and not rr.statut_declared and rr.id_precedent:
        # a pick's predecessor is computed only while its statut is: declaring the statut
        # writes the computed predecessor beside it, or the pick would lose it
        changes.append(Change(file, "socle", rr.id, "id_precedent", None, rr.id_precedent,
                              imp.cell("id_precedent")))
    return changes


def _own_changes(d, file, rr, imp) -> list[Change]:
    base = rr.base
    changes = list(_content_changes(file, rr.id, base, imp, ""))
    if imp.section_code and "section" in imp.cells and imp.section_code != base.section:
        changes.append(Change(file, "exigences", rr.id, "section", base.section, imp.section_code, imp.cell("section")))
    # a row moved to another section still shows its old section's label: only a row that
    # stays in its section renames it
    section = d.sections.get(imp.section_code) if imp.section_code == base.section else None
    if section and imp.section_label and imp.section_label != section.libelle:
        changes.append(Change(file, "sections", section.code, "libelle", section.libelle, imp.section_label,
                              imp.cell("section_label")))
    if imp.profils and list(base.profils) != imp.profils:
        changes.append(Change(file, "exigences", rr.id, "profils", list(base.profils), imp.profils, imp.cell("profils")))
    if imp.statut and imp.statut != (base.statut or rr.statut):
        changes.append(Change(file, "exigences", rr.id, "statut", base.statut, imp.statut, imp.cell("statut")))
    if _predecessor_edited(imp, base.id_precedent, new_drops=True):
        changes.append(Change(file, "exigences", rr.id, "id_precedent", base.id_precedent, imp.id_precedent,
                              imp.cell("id_precedent")))
    return changes


def plan_changes(corpus: Corpus, imported: ImportedRem, d: Dispositif) -> tuple[list[Change], list[str]]:
    """(changes, notes); conflicts are notes starting with "conflit" (see `conflicts_of`)."""
    changes: list[Change] = []
    notes: list[str] = []
    current: dict[str, RemRequirement] = {r.id: r for r in d.rem + d.obsoletes}
    file = d.file or f"requirements/{d.vague}/{d.id}.yaml"
    for imp in resolve_ids(corpus, d, imported):
        if imp.conflicts:
            notes += [f"conflit {imp.id} : {c} — rien n'est importé pour cette exigence : "
                      "gardez le même texte sur toutes ses lignes" for c in imp.conflicts]
            continue
        rr = current.get(imp.id)
        profils = imp.profils or (list(rr.profils) if rr else [])
        if imp.conditionnelle is not None and profils and imp.conditionnelle != derived_conditionnelle(profils):
            notes.append(f"{imp.id} : colonne conditionnelle ignorée [{imp.cell('conditionnelle')}] : "
                         f"elle est déduite du profil ({'OUI' if derived_conditionnelle(profils) else 'NON'})")
        if rr is None:
            changes += _new_changes(corpus, d, file, imp)
        elif rr.socle:
            changes += _socle_changes(corpus, file, rr, imp, notes)
        else:
            changes += _own_changes(d, file, rr, imp)
    seen = {imp.id for imp in imported.requirements.values()}
    absent = [r.id for r in d.rem if r.id not in seen]
    if absent:
        notes.append(f"{len(absent)} exigence(s) de {d.id} absente(s) du classeur et conservée(s) : "
                     + ", ".join(absent[:10]) + (" …" if len(absent) > 10 else ""))
    # one change per (file, list, record, field): a proposal repeated by two rows counts once
    unique = list({(c.file, c.target, c.record, c.field): c for c in changes}.values())
    return unique, notes


def conflicts_of(notes: list[str]) -> list[str]:
    return [n for n in notes if n.startswith("conflit ")]


def _new_changes(corpus, d, file, imp) -> list[Change]:
    if corpus.socle_requirements.get("SC." + imp.id) is not None:
        return [Change(file, "socle", imp.id, "*", None, {"id": imp.id}, imp.row)]
    out = [Change(file, "exigences", imp.id, "*", None, _new_record(imp), imp.row)]
    if imp.section_code and imp.section_code not in d.sections:
        out.append(Change(file, "sections", imp.section_code, "*", None,
                          {"code": imp.section_code, "libelle": imp.section_label or imp.section_code}, imp.row))
    return out


def _new_record(imp: ImportedRequirement) -> dict:
    return requirement_record(
        id=imp.id, section=imp.section_code, bloc=imp.bloc, fonction=imp.fonction, nature=imp.nature,
        criticite=imp.criticite or "Majeure", profils=imp.profils or ["Général"],
        statut=imp.statut, id_precedent=imp.id_precedent, enonce=imp.enonce, referentiels=imp.referentiels,
        scenarios=[(s.id, s.texte, [(p.id, p.texte) for p in s.preuves]) for s in imp.scenarios])
