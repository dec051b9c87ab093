"""Write stage: the YAML files of the new corpus, then the folder moved into place.

Every record carries the sheet row it came from as a comment on its id line
(``- id: LGC.VSM/va2.XX  # prepub_va2_avec_scenarios!1130``), so that a ``segur check``
message ``file:line`` leads to the spreadsheet row.
"""
from __future__ import annotations

import os
import re
import shutil
import tempfile
from datetime import date
from pathlib import Path

import yaml

from .dispositifs import COULOIRS, Target
from .group import Grouped
from .report import AnsImportReport
from .rows import BRACKET_RE, Pick, Req
from .sheets import SHEET_REM, SHEET_SOCLE

REPO = Path(__file__).resolve().parents[3]
TO_COMPLETE = "à compléter"
SOCLE_TITLES = {
    "AAT": "Arrêt de travail dématérialisé (AATi)", "ANN": "Annuaire santé", "APCV": "Application carte Vitale",
    "CDA": "Documents de santé au format CDA R2 (CI-SIS)", "CSE": "Carnet de santé de l'enfant",
    "DB": "DRIMbox (partage d'imagerie)", "DMP": "Dossier médical partagé / Mon espace santé",
    "DOC": "Production des documents de santé", "INS": "Identité nationale de santé",
    "MSS": "Messagerie sécurisée de santé (MSSanté)", "ORDN": "Ordonnance numérique", "PSC": "Pro Santé Connect",
    "RUM": "Référentiel unique du médicament", "SSI": "Sécurité des systèmes d'information",
    "VACC": "Vaccination",
}


def corpus_files(g: Grouped, when: str, xlsx_name: str) -> dict[str, str]:
    """Relative path -> text of every YAML file of the corpus."""
    files: dict[str, str] = {}
    targets = list(g.wave1.values()) + list(g.targets.values())
    used_socles = {t.id: sorted({g.socle_of["SC." + p.id] for p in g.picks[t.id] if "SC." + p.id in g.socle_of})
                   for t in targets}
    files["requirements/programme.yaml"] = _programme(targets, g.profiles, used_socles, when, xlsx_name)
    all_socle = [q for reqs in g.socle_order.values() for q in reqs]
    all_texts = [q.enonce for q in all_socle] + [q.enonce for reqs in g.own.values() for q in reqs]
    codes = sorted({c for t in all_texts for c in BRACKET_RE.findall(t)}
                   | {c for q in all_socle for c in q.referentiels})
    files["requirements/referentiels.yaml"] = _referentiels(codes, sorted(g.socle_order), xlsx_name)
    for code, reqs in sorted(g.socle_order.items()):
        files[f"requirements/socles/{code}.yaml"] = _socle_file(code, g.socle_sections[code], reqs, xlsx_name)
    for t in targets:
        files[f"requirements/{t.vague}/{t.id}.yaml"] = _dispositif_file(
            t, g.sections[t.id], g.picks[t.id], g.own[t.id], xlsx_name)
    return files


def export_date(wb) -> str:
    try:
        when = wb.properties.modified or wb.properties.created
        if when:
            return when.date().isoformat()
    except AttributeError:
        pass
    return date.today().isoformat()


class _Dumper(yaml.SafeDumper):
    pass


def _str_representer(dumper, value: str):
    style = "|" if "\n" in value else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)


_Dumper.add_representer(str, _str_representer)


def _dump(data) -> str:
    return yaml.dump(data, Dumper=_Dumper, allow_unicode=True, sort_keys=False, width=100,
                     default_flow_style=False)


def _flow_list(items: list[dict]) -> str:
    return "".join("  - " + yaml.dump(i, Dumper=_Dumper, allow_unicode=True, sort_keys=False, width=10**6,
                                      default_flow_style=True).strip() + "\n" for i in items)


ID_LINE_RE = re.compile(r"^\s*- id: ")


def _records(records: list[dict], comments: list[list[str]]) -> str:
    """Records as a YAML block list indented by two, each `- id:` line with its comment."""
    out = []
    for rec, notes in zip(records, comments):
        lines = _dump([rec]).splitlines()
        k = 0
        for i, line in enumerate(lines):
            if ID_LINE_RE.match(line) and k < len(notes):
                lines[i] = f"{line}  # {notes[k]}"
                k += 1
        out.extend("  " + ln for ln in lines)
    return "\n".join(out) + ("\n" if out else "")



def _header(xlsx_name: str, what: str) -> str:
    return (f"# {what}\n# Imported by segur-spec from ANS's export {xlsx_name}: a scratch corpus to check the "
            "export.\n# Each record names the sheet row it comes from (sheet!row) in a comment.\n")


def _programme(targets: list[Target], profiles, socles, when: str, xlsx_name: str) -> str:
    couloirs = sorted({t.couloir for t in targets})
    data = {
        "vagues": [
            {"id": "Va1", "numero": 1, "libelle": "Vague 1", "periode": "2021-2023"},
            {"id": "Va2", "numero": 2, "libelle": "Vague 2", "periode": "2024-2026", "precedente": "Va1"},
        ],
        "couloirs": [{"code": c, "libelle": COULOIRS.get(c, c)} for c in couloirs],
        "dispositifs": [],
    }
    for t in targets:
        item = {
            "id": t.id, "couloir": t.couloir, "vague": t.vague,
            "type_logiciel": {"code": t.id.split("-")[1], "libelle": t.type_label},
            "prefixe": t.prefix,
            "titre": f"{t.type_label} – Vague {t.vague[2:]} (REM {t.rem}, "
                     + ("extrait : exigences reprises en vague 2)" if t.vague == "Va1" else "export ANS de prépublication)"),
            # wave 1 was published; the export holds the part of it wave 2 carries
            "statut_publication": "publiée" if t.vague == "Va1" else "prépublication", "version": "0.1", "date": when,
            "socles": socles.get(t.id, []),
            "profils": [{"nom": p} for p in (profiles.get(t.id) or ["Général"])],
        }
        if t.precedent:
            item["precedent"] = t.precedent
        data["dispositifs"].append(item)
    return _header(xlsx_name, "Programme: vagues, couloirs and the dispositifs of the export.") + _dump(data)


def _referentiels(codes: list[str], socles: list[str], xlsx_name: str) -> str:
    data = {
        "referentiels": [{"code": c, "titre": TO_COMPLETE, "version": TO_COMPLETE, "emetteur": TO_COMPLETE}
                         for c in codes],
        "socles": [{"code": s, "titre": SOCLE_TITLES.get(s, f"{s} ({TO_COMPLETE})")} for s in socles],
    }
    return _header(xlsx_name, "Référentiels cited between brackets in the export (titles to complete) and socles.") \
        + _dump(data)


def _sections(sections: dict[str, str]) -> str:
    if not sections:
        return "sections: []\n"
    return "sections:\n" + _flow_list([{"code": c, "libelle": lib} for c, lib in sections.items()])


def _socle_file(code: str, sections: dict[str, str], reqs: list[Req], xlsx_name: str) -> str:
    text = _header(xlsx_name, f"Socle {code} (sheet {SHEET_SOCLE}; scenarios from the REM rows that pick it).")
    text += _dump({"socle": code}) + _sections(sections)
    text += "exigences:\n" + _records([q.as_dict() for q in reqs], [q.comments(SHEET_REM) for q in reqs])
    return text


def _dispositif_file(t: Target, sections, picks: list[Pick], own: list[Req], xlsx_name: str) -> str:
    text = _header(xlsx_name, f"{t.id}: REM {t.rem} of the export (picks and own requirements).")
    text += _dump({"dispositif": t.id}) + _sections(sections)
    if picks:
        text += "socle:\n"
        for pk in picks:
            item = {"id": pk.id}
            if pk.profils:
                item["profils"] = pk.profils
            if pk.statut:
                item["statut"] = pk.statut
            if pk.id_precedent:
                item["id_precedent"] = pk.id_precedent
            line = yaml.dump(item, Dumper=_Dumper, allow_unicode=True, sort_keys=False, width=10**6,
                             default_flow_style=True).strip()
            note = f"{pk.sheet or SHEET_REM}!{pk.row}" + (" A retravailler" if pk.a_retravailler else "")
            text += f"  - {line}  # {note}\n"
    else:
        text += "socle: []\n"
    text += "exigences:\n" + _records([q.as_dict() for q in own], [q.comments(SHEET_REM) for q in own]) \
        if own else "exigences: []\n"
    return text


def write_corpus(files: dict[str, str], dest: Path, report: AnsImportReport) -> None:
    """Write everything into a temporary folder beside `dest`, then move it into place."""
    dest.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=f".{dest.name}.", dir=dest.parent))
    try:
        for rel, text in files.items():
            path = tmp / rel
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text, encoding="utf-8")
        matrices = REPO / "matrices"
        (tmp / "matrices").mkdir(exist_ok=True)
        copied = []
        for csv in sorted(matrices.glob("*.csv")):
            shutil.copy2(csv, tmp / "matrices" / csv.name)
            copied.append(f"matrices/{csv.name}")
        # the DSR/AF narrative is the project's own text, shared by every corpus
        for md in sorted((REPO / "book" / "prose").rglob("*.md")):
            rel = md.relative_to(REPO).as_posix()
            (tmp / rel).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(md, tmp / rel)
            copied.append(rel)
        scopes = sorted(p.relative_to(matrices).as_posix() for p in matrices.glob("scopes/*/*.yaml"))
        if scopes:
            report.not_imported.append(f"matrices : les tables ont été copiées depuis le corpus intégré, mais pas ses périmètres "
                                       f"({', '.join(scopes)}) (l'export n'a pas de périmètre)")
        if dest.exists():
            dest.rmdir()          # empty, checked before reading
        os.replace(tmp, dest)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    report.files = sorted(files) + copied
