"""Scopes (services and documents per profession), checked against the matrix."""
from __future__ import annotations

from ...model import Corpus
from ...render.html import h, link, md, raw, table
from .common import Context, _page, scroll_region
from .docnames import MATRIX, SCOPES, dispositif_doc


def scope_html(corpus: Corpus, doc: str, did: str) -> str:
    scope = corpus.scopes.get(did)
    if scope is None:
        return '<p class="segur-empty">Aucun périmètre de professions déclaré pour ce dispositif.</p>'
    return "\n".join(_services(scope, did) + _documents(corpus, scope, doc, did))


def _services(scope, did: str) -> list[str]:
    """Services × professions (x: expected, ?: to be defined)."""
    profs = scope.professions
    head = ["Service", "Socle"] + [f"{p.libelle} ({p.profession})" for p in profs]
    rows = []
    for s in scope.services:
        cells = [f"<code>{h(s.code)}</code> {h(s.libelle)}", h(s.socle)]
        for p in profs:
            if s.code in {c for c, _ in p.services}:
                cells.append('<span class="segur-yes">x</span>')
            elif s.code in {c for c, _ in p.services_a_definir}:
                cells.append('<span class="segur-tbd" title="à définir">?</span>')
            else:
                cells.append("")
        rows.append(cells)
    return ["<h3>Services × professions</h3>",
            scroll_region(table(head, rows, cls="segur-table segur-scope", cards=False), f"Services par profession — {did}")]


def _documents(corpus: Corpus, scope, doc: str, did: str) -> list[str]:
    """Documents produced / consulted, consulted ones checked against the matrix."""
    profs = scope.professions
    out: list[str] = []
    codes: list[str] = []
    for p in profs:
        for c, _ in p.documents_produits + p.documents_consultes:
            if c not in codes:
                codes.append(c)
    hab = corpus.habilitation
    problems = []
    rows = []
    for code in codes:
        dt = corpus.document_types.get(code)
        cells = [f"<code>{h(code)}</code> {h(dt.type_libelle if dt else '(type inconnu)')}",
                 h(f"{dt.class_code} {dt.class_libelle}" if dt else "")]
        for p in profs:
            prod = code in {c for c, _ in p.documents_produits}
            cons = code in {c for c, _ in p.documents_consultes}
            groups = [p.groupe] if p.groupe else corpus.groups_of(p.profession)
            allowed = bool(hab) and any(hab.allows(code, g) for g in groups)
            marks = []
            if prod:
                marks.append('<span class="segur-prod" title="produit">P</span>')
            if cons:
                if allowed:
                    marks.append('<span class="segur-cons" title="consulté, autorisé par la matrice">C</span>')
                else:
                    marks.append('<span class="segur-warn" title="consulté mais non autorisé par la matrice">C ⚠</span>')
                    problems.append(f"{h(p.libelle)} consulte <code>{h(code)}</code> sans habilitation "
                                    f"(groupe(s) {h(', '.join(groups) or '—')})")
            cells.append(" ".join(marks))
        rows.append(cells)
    out.append("<h3>Documents produits (P) et consultés (C)</h3>")
    out.append(scroll_region(table(["Type de document", "classCode"] + [f"{p.libelle} ({p.profession})" for p in profs],
                                   rows, cls="segur-table segur-scope", cards=False), f"Documents par profession — {did}"))
    if problems:
        out.append('<div class="segur-check segur-check-ko"><strong>Contrôle croisé avec la '
                   f'{link(doc, MATRIX, "matrice d’habilitation")} :</strong><ul>'
                   + "".join(f"<li>{p}</li>" for p in problems) + "</ul></div>")
    else:
        out.append('<div class="segur-check segur-check-ok">Contrôle croisé avec la '
                   f'{link(doc, MATRIX, "matrice d’habilitation")} : chaque document consulté est autorisé '
                   "pour le groupe de la profession.</div>")
    return out


def scopes_page(corpus: Corpus) -> str:
    doc = SCOPES
    body = ["Pour chaque dispositif qui déclare un périmètre : les services attendus par profession "
            "(x = attendu, ? = à définir) et les documents produits et consultés, ces derniers "
            "contrôlés contre la matrice d’habilitation.\n\n"]
    any_scope = False
    for d in corpus.dispositifs.values():
        if d.id not in corpus.scopes:
            continue
        any_scope = True
        body.append(f"## {md(d.id)}\n\n")
        body.append(raw(f"<p>{link(doc, dispositif_doc(d), d.titre)}</p>" + scope_html(corpus, doc, d.id)))
    if not any_scope:
        body.append("Aucun périmètre déclaré.\n\n")
    return _page("Périmètres : services et documents par profession", body)


def pages(ctx: Context) -> dict[str, str]:
    return {SCOPES + ".md": scopes_page(ctx.corpus)}
