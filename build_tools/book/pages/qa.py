"""The QA page of a draft site (`segur book --draft`): every problem `segur check`
reports, by dispositif and rule, each linked to the requirement it is about (the FHIR IG
Publisher's qa.html is the model)."""
from __future__ import annotations

import bisect
from collections import Counter, defaultdict

from ...model import Corpus
from ...problems import RULES
from ...render.html import h, href, md, raw, table
from .docnames import dispositif_doc, socle_doc

QA_DOC = "book/gen/qa"
OTHER = "Autres fichiers"


def _record_index(corpus: Corpus) -> dict[str, tuple[list[int], list[tuple[str, str, str]]]]:
    """path -> (sorted id lines, [(group, page docname, requirement id)]): a problem on a
    line belongs to the record whose id line is the last one at or before it."""
    rows: dict[str, list[tuple[int, str, str, str]]] = defaultdict(list)
    for socle in corpus.socles.values():
        for r in socle.requirements:
            rows[r.src.path].append((r.line_of("id"), f"Socle {socle.code}", socle_doc(socle.code), r.id))
    for d in corpus.dispositifs.values():
        for r in d.own:
            rows[r.src.path].append((r.line_of("id"), d.id, dispositif_doc(d), r.id))
        for pk in d.picks:
            rows[pk.src.path].append((pk.src.line, d.id, dispositif_doc(d), pk.id))
    out = {}
    for path, items in rows.items():
        items.sort()
        out[path] = ([i[0] for i in items], [i[1:] for i in items])
    return out


def _locate(index, p) -> tuple[str, str, str] | None:
    lines, targets = index.get(p.path, ((), ()))
    k = bisect.bisect_right(lines, p.line) - 1
    return targets[k] if k >= 0 and p.line else None


def qa_page(corpus: Corpus, problems) -> str:
    index = _record_index(corpus)
    groups: dict[str, dict[str, list]] = defaultdict(lambda: defaultdict(list))
    for p in problems:
        where = _locate(index, p)
        group = p.dispositif or (where[0] if where else OTHER)
        groups[group][p.code].append((p, where))
    sev = Counter(p.severity.value for p in problems)
    body = [f"Cette page accompagne un aperçu **BROUILLON — non publiable** : le corpus contient "
            f"{sev['error']} erreur(s) et {sev['warning']} avertissement(s). Chaque problème est rangé par "
            "dispositif (ou socle) et par règle, avec un lien vers l'exigence concernée et le fichier et la "
            "ligne à corriger (voir aussi le [catalogue des règles](regles.md)).\n\n"]
    order = sorted(groups, key=lambda g: (g == OTHER, g.startswith("Socle "), g))
    summary = [[h(g), str(sum(len(v) for v in groups[g].values())),
                h(", ".join(f"{c} {len(groups[g][c])}" for c in sorted(groups[g])))] for g in order]
    body.append(raw(table(["Dispositif ou socle", "Problèmes", "Par règle"], summary)))
    for g in order:
        body.append(f"## {md(g)}\n\n")
        for code in sorted(groups[g]):
            items = groups[g][code]
            rule = RULES[code]
            body.append(f"### {md(code)} — {md(rule.title)} ({len(items)})\n\n")
            body.append(raw(table(["Gravité", "Exigence", "Fichier:ligne", "Problème"],
                                  [_row(p, where) for p, where in items])))
    return "# Contrôle qualité de l'aperçu\n\n" + "".join(body)


def _row(p, where) -> list[str]:
    if where:
        _, doc, rid = where
        target = f'<a href="{h(href(QA_DOC, doc, rid))}">{h(rid)}</a>'
    else:
        target = ""
    loc = f"{p.path}:{p.line}" if p.line else p.path
    return ["erreur" if p.severity.value == "error" else "avertissement", target, f"<code>{h(loc)}</code>",
            h(p.message)]
