"""Reporters for `segur check`: human text (path:line: CODE message — fix) or JSON."""
from __future__ import annotations

import json
from collections import Counter

from .engine import CheckResult
from .problems import Severity


def summary_rows(result: CheckResult) -> list[dict]:
    """One row per dispositif: counts that authors glance at before committing."""
    errors = Counter(p.dispositif for p in result.problems if p.severity is Severity.ERROR)
    warnings = Counter(p.dispositif for p in result.problems if p.severity is Severity.WARNING)
    rows = []
    unreadable = set(result.unreadable)
    for d in result.summary["dispositifs"]:
        row = {"lisible": not (d["file"] in unreadable or f"requirements/{d['vague']}/{d['dispositif']}.yaml" in unreadable)}
        row.update((k, v) for k, v in d.items() if k != "file")
        row.update(erreurs=errors.get(d["dispositif"], 0), avertissements=warnings.get(d["dispositif"], 0))
        rows.append(row)
    return rows


def text_report(result: CheckResult, strict: bool = False) -> str:
    lines = [p.format() if p.severity is Severity.ERROR else p.format().replace(f" {p.code} ", f" {p.code} (avertissement) ", 1)
             for p in result.problems]
    rows = summary_rows(result)
    if lines:
        lines.append("")
    head = ("dispositif", "vague", "statut", "exig.", "socle", "spéc.", "précon.", "majeures", "scén.", "obsol.", "err.", "avert.")
    keys = ("dispositif", "vague", "statut", "exigences", "socle", "specifiques", "preconisations", "majeures",
            "scenarios", "obsoletes", "erreurs", "avertissements")
    table = [head] + [tuple(str(r[k]) for k in keys) if r["lisible"] else
                      tuple(str(r[k]) for k in keys[:3]) + ("fichier illisible",) + ("",) * (len(keys) - 4)
                      for r in rows]
    widths = [max(len(row[i]) for row in table if row[3] != "fichier illisible" or i != 3) for i in range(len(head))]
    for row in table:
        lines.append("  ".join(c.ljust(w) if i < 3 or row[3] == "fichier illisible" else c.rjust(w)
                               for i, (c, w) in enumerate(zip(row, widths))).rstrip())
    c = result.summary
    lines.append("")
    lines.append(f"{len(c['dispositifs'])} dispositifs, {c['socle_requirements']} exigences de socle, "
                 f"{c['own_requirements']} exigences de dispositif, "
                 f"{c['document_types']} types de document × {c['groups']} groupes de professions")
    by_rule = Counter(p.code for p in result.problems)
    if by_rule:
        lines.append("par règle : " + ", ".join(f"{code} {n}" for code, n in sorted(by_rule.items(), key=lambda kv: (-kv[1], kv[0]))))
    if result.unreadable:
        lines.append(f"fichier(s) illisible(s) : {', '.join(result.unreadable)} ; "
                     f"{result.silenced} problème(s) qui en découlent ne sont pas affichés : corrigez d'abord ces fichiers")
    elif result.silenced:
        lines.append(f"{result.silenced} problème(s) qui découlent d'enregistrements refusés par le schéma ne sont pas "
                     "affichés : corrigez d'abord les erreurs SCHEMA")
    n_err, n_warn = len(result.errors), len(result.warnings)
    verdict = "ÉCHEC" if n_err or (strict and n_warn) else "OK"
    lines.append(f"{verdict} : {n_err} erreur(s), {n_warn} avertissement(s)")
    return "\n".join(lines) + "\n"


def json_report(result: CheckResult) -> str:
    return json.dumps({"problems": [p.as_dict() for p in result.problems], "summary": summary_rows(result),
                       "unreadable": list(result.unreadable), "silenced": result.silenced},
                      ensure_ascii=False, indent=2) + "\n"
