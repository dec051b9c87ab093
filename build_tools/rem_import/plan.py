"""Compare an imported REM with the corpus and plan the edits of the data files.

The plan is a list of `Change`s, each naming the data file, the record and the field, the
old and new values, and the spreadsheet row it comes from. `segur import-rem` prints it;
with --write it is applied by `apply.py`. Untouched records are never rewritten.
"""
from __future__ import annotations

from dataclasses import dataclass

from ..model import Corpus, Dispositif, RemRequirement
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
    source: str          # sheet!row

    def describe(self) -> str:
        if self.field == "*":
            return f"+ {self.record} : {'nouvelle reprise' if self.target == 'socle' else 'nouvel enregistrement'} dans {self.file} ({self.source})"
        return f"~ {self.record} {self.field}: {_short(self.old)} → {_short(self.new)}  [{self.file}, {self.source}]"


def _short(value, width: int = 70) -> str:
    text = repr(value)
    return text if len(text) <= width else text[: width - 1] + "…"


def _scenarios(imp: ImportedRequirement, prefix: str = "") -> list:
    return [{"id": prefix + s.id, "texte": s.texte,
             "preuves": [{"id": prefix + p.id, "texte": p.texte} for p in s.preuves]} for s in imp.scenarios]


def _model_scenarios(scenarios) -> list:
    return [{"id": s.id, "texte": s.texte, "preuves": [{"id": p.id, "texte": p.texte} for p in s.preuves]}
            for s in scenarios]


def _content_changes(file: str, record: str, base, imp: ImportedRequirement, prefix: str, source: str):
    """Field changes of a requirement record (own or socle) from the imported values."""
    pairs = [("bloc", base.bloc, imp.bloc), ("fonction", base.fonction, imp.fonction),
             ("nature", base.nature, imp.nature), ("enonce", base.enonce, imp.enonce),
             ("scenarios", _model_scenarios(base.scenarios), _scenarios(imp, prefix))]
    if imp.criticite:
        pairs.append(("criticite", base.criticite, imp.criticite))
    if imp.referentiels is not None:
        pairs.append(("referentiels", list(base.referentiels), imp.referentiels))
    for name, old, new in pairs:
        if new != old and new not in ("", None):
            yield Change(file, "exigences", record, name, old, new, source)


def plan_changes(corpus: Corpus, imported: ImportedRem, d: Dispositif) -> tuple[list[Change], list[str]]:
    changes: list[Change] = []
    notes: list[str] = []
    current: dict[str, RemRequirement] = {r.id: r for r in d.rem + d.obsoletes}
    file = d.file or f"requirements/{d.vague}/{d.id}.yaml"
    for imp in imported.requirements.values():
        rr = current.get(imp.id)
        if rr is None:
            base = corpus.socle_requirements.get("SC." + imp.id)
            if base is not None:
                changes.append(Change(file, "socle", imp.id, "*", None, {"id": imp.id}, imp.row))
            else:
                changes.append(Change(file, "exigences", imp.id, "*", None, _new_record(imp), imp.row))
                if imp.section_code and imp.section_code not in d.sections:
                    changes.append(Change(file, "sections", imp.section_code, "*", None,
                                          {"code": imp.section_code, "libelle": imp.section_label or imp.section_code},
                                          imp.row))
            continue
        if rr.socle:
            socle_file = corpus.socles[rr.socle].file
            users = [x.id for x in corpus.dispositifs.values() if any(p.id == rr.id for p in x.picks)]
            content = list(_content_changes(socle_file, rr.base.id, rr.base, imp, "SC.", imp.row))
            if content:
                notes.append(f"{imp.id} est une exigence de socle : son texte est modifié dans {socle_file} "
                             f"et change pour {len(users)} dispositif(s) : {', '.join(users)}")
            changes += content
            if imp.profils and list(rr.profils) != imp.profils:
                changes.append(Change(file, "socle", rr.id, "profils", list(rr.profils), imp.profils, imp.row))
            if imp.conditionnelle is not None and rr.conditionnelle != imp.conditionnelle:
                changes.append(Change(file, "socle", rr.id, "conditionnelle", rr.conditionnelle, imp.conditionnelle, imp.row))
            if imp.statut and imp.statut != rr.statut:
                changes.append(Change(file, "socle", rr.id, "statut", rr.statut, imp.statut, imp.row))
            if imp.statut and imp.id_precedent != rr.id_precedent and imp.statut != "Nouvelle":
                changes.append(Change(file, "socle", rr.id, "id_precedent", rr.id_precedent, imp.id_precedent, imp.row))
            continue
        base = rr.base
        changes += list(_content_changes(file, rr.id, base, imp, "", imp.row))
        if imp.section_code and imp.section_code != base.section:
            changes.append(Change(file, "exigences", rr.id, "section", base.section, imp.section_code, imp.row))
        section = d.sections.get(imp.section_code)
        if section and imp.section_label and imp.section_label != section.libelle:
            changes.append(Change(file, "sections", section.code, "libelle", section.libelle, imp.section_label, imp.row))
        if imp.profils and list(base.profils) != imp.profils:
            changes.append(Change(file, "exigences", rr.id, "profils", list(base.profils), imp.profils, imp.row))
        if imp.conditionnelle is not None and base.conditionnelle != imp.conditionnelle:
            changes.append(Change(file, "exigences", rr.id, "conditionnelle", base.conditionnelle, imp.conditionnelle, imp.row))
        if imp.statut and imp.statut != (base.statut or rr.statut):
            changes.append(Change(file, "exigences", rr.id, "statut", base.statut, imp.statut, imp.row))
        if imp.statut and (imp.id_precedent or None) != (base.id_precedent or None):
            changes.append(Change(file, "exigences", rr.id, "id_precedent", base.id_precedent, imp.id_precedent, imp.row))
    absent = [r.id for r in d.rem if r.id not in imported.requirements]
    if absent:
        notes.append(f"{len(absent)} exigence(s) de {d.id} absente(s) du classeur et conservée(s) : "
                     + ", ".join(absent[:10]) + (" …" if len(absent) > 10 else ""))
    # one change per (file, list, record, field): a proposal repeated by two rows counts once
    unique = list({(c.file, c.target, c.record, c.field): c for c in changes}.values())
    return unique, notes


def _new_record(imp: ImportedRequirement) -> dict:
    return requirement_record(
        id=imp.id, section=imp.section_code, bloc=imp.bloc, fonction=imp.fonction, nature=imp.nature,
        criticite=imp.criticite or "Majeure", profils=imp.profils or ["Général"], conditionnelle=imp.conditionnelle,
        statut=imp.statut, id_precedent=imp.id_precedent, enonce=imp.enonce, referentiels=imp.referentiels,
        scenarios=[(s.id, s.texte, [(p.id, p.texte) for p in s.preuves]) for s in imp.scenarios])
