"""Generated pages of the site, from the corpus index only.

`generate(corpus, manifest, prose_for)` returns {path under the book source folder: MyST
text}. Requirement blocks and tables are HTML fragments rendered once here, every data
value escaped (`html.h`), inside MyST raw blocks (build.py moves the big ones to fragment
files); page and section titles stay MyST headings (escaped with `html.md`) so they feed
the page outline. Every requirement block has `id=<requirement id>`: `…#LGC.DMP.01`.
Filterable tables are DataTables fed from JSON (`_dt`).
"""
from __future__ import annotations

import hashlib
import json
import posixpath
import re
from collections import Counter, defaultdict

from ..model import Corpus, Dispositif, RemRequirement, Requirement
from .html import badge, h, href, link, md, raw, size, table

HOME = "book/index"
REQS = "book/gen/exigences"
MATRIX = "book/gen/habilitation"
SCOPES = "book/gen/perimetres"
DOWNLOADS = "book/gen/telechargements"
CONCERTATION = "book/gen/concertation"
RULES_DOC = "book/gen/regles"
DRAFT_STATUSES = ("brouillon", "concertation", "prépublication")
DOWNLOAD_DIR = "_downloads-segur"          # under the html output root
STATUTS_PUBLICATION = ("brouillon", "concertation", "prépublication", "publiée")


def vague_doc(v: str) -> str:
    return f"book/gen/vagues/{v}"


def dispositif_doc(d: Dispositif) -> str:
    return f"book/gen/dispositifs/{d.vague}/{d.id}"


def socle_doc(code: str) -> str:
    return f"book/gen/socles/{code}"


# --------------------------------------------------------------------------- banner

def _status_counts(ds) -> str:
    c = Counter(d.statut_publication for d in ds)
    return " · ".join(f"{badge('pub', s)} ×{c[s]}" for s in STATUTS_PUBLICATION if c[s])


def banners(corpus: Corpus) -> dict[str, str]:
    """Banner HTML per docname; key '*' for every other page.

    A dispositif page (and its scope) shows that dispositif's version and status; a vague
    page the statuses of its dispositifs; every other page the latest vague (highest
    numero): its most recent dispositif version and the count of each status.
    """
    out: dict[str, str] = {}
    for d in corpus.dispositifs.values():
        out[dispositif_doc(d)] = (
            f'<div class="segur-banner segur-banner-{h(_slug(d.statut_publication))}">'
            f'<strong>{h(d.id)}</strong> — version {h(d.version)} du {h(d.date)} — '
            f'statut de publication : {badge("pub", d.statut_publication)}</div>')
    for v in corpus.vagues.values():
        ds = corpus.dispositifs_of_vague(v.id)
        out[vague_doc(v.id)] = (f'<div class="segur-banner"><strong>{h(v.libelle)}</strong> — '
                                f'{len(ds)} dispositif(s) : {_status_counts(ds)}</div>')
    if corpus.vagues:
        last = max(corpus.vagues.values(), key=lambda v: v.numero)
        ds = corpus.dispositifs_of_vague(last.id) or list(corpus.dispositifs.values())
    else:
        last, ds = None, list(corpus.dispositifs.values())
    if ds:
        latest = max(ds, key=lambda d: (d.date, d.id))
        out["*"] = (f'<div class="segur-banner"><strong>Programme Ségur numérique</strong> — '
                    f'{h(last.libelle if last else "")} : {_status_counts(ds)} — dernière version : '
                    f'{h(latest.id)} {h(latest.version)} du {h(latest.date)} '
                    f'({badge("pub", latest.statut_publication)})</div>')
    else:
        out["*"] = '<div class="segur-banner">Programme Ségur numérique — aucun dispositif</div>'
    return out


def _slug(s: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", s.lower().translate(str.maketrans("éèêàâîôûùç", "eeeaaiouuc"))).strip("-")


# --------------------------------------------------------------------------- helpers

def _page(title: str, body: list[str], *, orphan: bool = False) -> str:
    head = "---\norphan: true\n---\n\n" if orphan else ""
    return head + f"# {md(title)}\n\n" + "".join(body)


def _json_script(obj) -> str:
    """JSON inside <script type="application/json">: '<', '>' and '&' as \\u escapes, so
    no data can close the script element."""
    text = json.dumps(obj, ensure_ascii=False, separators=(",", ":"))
    return (text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
            .replace("`", "\\u0060"))


def _dt(headers: list[str], rows: list[list[str]], filters: dict[int, tuple[str, list]] | None = None,
        *, page_length: int = 25) -> str:
    """A DataTables table fed from JSON (fast for thousands of rows, `deferRender`).

    `rows` cells are escaped HTML fragments; `filters` = {column: (label, [value or
    [values] per row])} gives a select filter on plain-text values, compared in JS and
    only ever written to the page with textContent."""
    filters = filters or {}
    payload = {"rows": rows, "filters": [{"col": c, "label": lab, "values": vals}
                                         for c, (lab, vals) in sorted(filters.items())]}
    data = _json_script(payload)
    tid = "segur-data-" + hashlib.sha1(data.encode()).hexdigest()[:12]
    head = "".join(f"<th>{h(x)}</th>" for x in headers)
    return (f'<script type="application/json" id="{tid}">{data}</script>\n'
            f'<table class="segur-dt display compact" data-source="{tid}" data-page-length="{page_length}">'
            f"<thead><tr>{head}</tr></thead></table>")


def _req_row(doc: str, d: Dispositif, r: RemRequirement, with_disp: bool) -> list[str]:
    row = [link(doc, dispositif_doc(d), r.id, r.id)]
    if with_disp:
        row.append(h(d.id))
    row += [h(r.section.code), h(r.bloc), h(r.fonction), h(r.nature), h(r.criticite), h(r.statut),
            h(", ".join(r.profils)), h(r.enonce)]
    return row


def _req_table(doc: str, items: list[tuple[Dispositif, RemRequirement]], with_disp: bool) -> str:
    headers = ["Id"] + (["Dispositif"] if with_disp else []) + [
        "Section", "Bloc", "Fonction", "Nature", "Criticité", "Statut", "Profils", "Énoncé"]
    off = 1 if with_disp else 0
    filters = {1 + off: ("Section", [r.section.code for _, r in items]),
               4 + off: ("Nature", [r.nature for _, r in items]),
               5 + off: ("Criticité", [r.criticite for _, r in items]),
               6 + off: ("Statut", [r.statut for _, r in items]),
               7 + off: ("Profil", [list(r.profils) for _, r in items])}
    if with_disp:
        filters[1] = ("Dispositif", [d.id for d, _ in items])
        filters[-1] = ("Vague", [d.vague for d, _ in items])
    rows = [_req_row(doc, d, r, with_disp) for d, r in items]
    return _dt(headers, rows, filters)


def _previous_link(corpus: Corpus, doc: str, d: Dispositif, r: RemRequirement) -> str:
    if not r.id_precedent:
        return ""
    prev = corpus.dispositifs.get(d.precedent) if d.precedent else None
    if prev is not None and any(x.id == r.id_precedent for x in prev.rem):
        return f"version précédente : {link(doc, dispositif_doc(prev), f'{r.id_precedent} ({prev.id})', r.id_precedent)}"
    where = f" ({h(prev.id)})" if prev else ""
    return f"version précédente : {h(r.id_precedent)}{where}"


def _scenarios(scenarios) -> str:
    if not scenarios:
        return ""
    n_proofs = sum(len(s.preuves) for s in scenarios)
    items = []
    for s in scenarios:
        proofs = "".join(f'<li><code>{h(p.id)}</code> {h(p.texte)}</li>' for p in s.preuves)
        items.append(f'<li><code>{h(s.id)}</code> {h(s.texte)}<ul class="segur-proofs">{proofs}</ul></li>')
    return (f'<details class="segur-scen"><summary>{len(scenarios)} scénario(s), {n_proofs} preuve(s)</summary>'
            f'<ul>{"".join(items)}</ul></details>')


def _req_block(corpus: Corpus, doc: str, d: Dispositif, r: RemRequirement) -> str:
    links = []
    if r.socle:
        links.append(f"origine : {link(doc, socle_doc(r.socle), r.base.id, r.base.id)}")
    prev = _previous_link(corpus, doc, d, r)
    if prev:
        links.append(prev)
    if r.referentiels:
        links.append("référentiels : " + ", ".join(f"<code>[{h(c)}]</code>" for c in r.referentiels))
    cond = badge("cond", "conditionnelle") if r.conditionnelle else ""
    return (f'<div class="segur-req" id="{h(r.id)}">'
            f'<div class="segur-req-head"><a class="segur-req-id" href="#{h(r.id)}">{h(r.id)}</a> '
            f'{badge("nature", r.nature)} {badge("crit", r.criticite)} {badge("statut", r.statut)} {cond}'
            f'<span class="segur-profils">profils : {h(", ".join(r.profils))}</span></div>'
            f'<p class="segur-enonce">{h(r.enonce)}</p>'
            + (f'<div class="segur-links">{" · ".join(links)}</div>' if links else "")
            + _scenarios(r.scenarios) + _comments(corpus, d, r) + "</div>")


def _comments(corpus: Corpus, d: Dispositif, r: RemRequirement) -> str:
    """Concertation comments and answers about a requirement of a draft dispositif."""
    if d.statut_publication not in DRAFT_STATUSES or not corpus.comments:
        return ""
    from ..concertation.pages import comments_for, comments_html
    return comments_html(comments_for(corpus, d.id, r.id))


def concertation_pages(corpus: Corpus) -> dict[str, str]:
    """An overview page and one page per concertation iteration."""
    from ..concertation.pages import iteration_page_markdown, iterations
    its = iterations(corpus)
    pages = {}
    for it in its:
        doc = f"{CONCERTATION}/{it}"
        pages[doc + ".md"] = iteration_page_markdown(
            corpus, it, href_for=lambda did, rid, doc=doc: (
                href(doc, dispositif_doc(corpus.dispositifs[did]), rid) if did in corpus.dispositifs else None))
    intro = ["# Concertation\n\n",
             "Chaque itération de concertation recueille les remarques des éditeurs, des représentants "
             "des professionnels et du public sur les REM en cours d'écriture, puis les réponses des auteurs.\n\n"]
    if its:
        intro.append("".join(f"- {link(CONCERTATION + '/index', CONCERTATION + '/' + it, it)}\n" for it in its))
    else:
        intro.append("Aucune itération de concertation n'est enregistrée pour le moment.\n")
    pages[CONCERTATION + "/index.md"] = "".join(intro)
    return pages


def _grouped(reqs):
    """section -> bloc -> fonction -> [requirements], in first-seen order."""
    tree: dict = {}
    for r in reqs:
        tree.setdefault(r.section, {}).setdefault(r.bloc, {}).setdefault(r.fonction, []).append(r)
    return tree


def _blocs(blocs: dict, render) -> str:
    """Bloc and fonction titles as plain HTML headings: only sections enter Sphinx's
    toctree (the sidebar copies every page's toctree on every page: deep outlines made
    the write phase quadratic)."""
    out = []
    for bloc, fonctions in blocs.items():
        out.append(f'<h4 class="segur-bloc">{h(bloc)}</h4>')
        for fonction, reqs in fonctions.items():
            out.append(f'<h5 class="segur-fonction">{h(fonction)}</h5>')
            out.extend(render(r) for r in reqs)
    return "\n".join(out)


# --------------------------------------------------------------------------- scopes

def scope_html(corpus: Corpus, doc: str, did: str) -> str:
    scope = corpus.scopes.get(did)
    if scope is None:
        return '<p class="segur-empty">Aucun périmètre de professions déclaré pour ce dispositif.</p>'
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
    out = ["<h4>Services × professions</h4>",
           '<div class="segur-scroll">' + table(head, rows, cls="segur-table segur-scope") + "</div>"]
    # documents produced / consulted, consulted ones checked against the matrix
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
    out.append("<h4>Documents produits (P) et consultés (C)</h4>")
    out.append('<div class="segur-scroll">'
               + table(["Type de document", "classCode"] + [f"{p.libelle} ({p.profession})" for p in profs],
                       rows, cls="segur-table segur-scope") + "</div>")
    if problems:
        out.append('<div class="segur-check segur-check-ko"><strong>Contrôle croisé avec la '
                   f'{link(doc, MATRIX, "matrice d’habilitation")} :</strong><ul>'
                   + "".join(f"<li>{p}</li>" for p in problems) + "</ul></div>")
    else:
        out.append('<div class="segur-check segur-check-ok">Contrôle croisé avec la '
                   f'{link(doc, MATRIX, "matrice d’habilitation")} : chaque document consulté est autorisé '
                   "pour le groupe de la profession.</div>")
    return "\n".join(out)


# --------------------------------------------------------------------------- pages

def dispositif_page(corpus: Corpus, d: Dispositif, manifest: dict | None, prose: list[tuple[str, str]]) -> str:
    doc = dispositif_doc(d)
    couloir = corpus.couloirs.get(d.couloir)
    vague = corpus.vagues.get(d.vague)
    prev = corpus.dispositifs.get(d.precedent) if d.precedent else None
    nexts = [x for x in corpus.dispositifs.values() if x.precedent == d.id]
    facts = [
        ("Couloir", h(couloir.libelle if couloir else d.couloir)),
        ("Vague", link(doc, vague_doc(d.vague), vague.libelle if vague else d.vague)),
        ("Type de logiciel", f"{h(d.type_code)} — {h(d.type_libelle)}"),
        ("Statut de publication", badge("pub", d.statut_publication)),
        ("Version", f"{h(d.version)} du {h(d.date)}"),
        ("Professions", h(", ".join(f"{c} {corpus.professions[c].libelle}" if c in corpus.professions else c
                                    for c in d.professions))),
        ("Socles", " ".join(link(doc, socle_doc(s), s) if s in corpus.socles else h(s) for s in d.socles)),
        ("Exigences", f"{len(d.rem)} ({sum(r.socle is not None for r in d.rem)} reprises des socles, "
                      f"{sum(r.socle is None for r in d.rem)} propres) ; {len(d.obsoletes)} obsolète(s)"),
    ]
    if prev:
        facts.append(("Vague précédente", link(doc, dispositif_doc(prev), prev.id)))
    if nexts:
        facts.append(("Vague suivante", " ".join(link(doc, dispositif_doc(x), x.id) for x in nexts)))
    body = [raw('<table class="segur-facts">' + "".join(
        f"<tr><th>{h(k)}</th><td>{v}</td></tr>" for k, v in facts) + "</table>")]

    files = [f for f in (manifest or {}).get("files", []) if f.get("dispositif") == d.id]
    body.append("## Téléchargements\n\n")
    if files:
        body.append(raw("<ul class=\"segur-dl\">" + "".join(
            f'<li>{_dl_link(doc, f)} <span class="segur-kind">{h(f["kind"])}</span> {h(size(f["bytes"]))}</li>'
            for f in files) + "</ul>"))
    else:
        body.append("Aucun fichier publié pour ce dispositif (lancer `segur publish`).\n\n")

    body.append("## Périmètre\n\n")
    body.append(raw(scope_html(corpus, doc, d.id)))

    body.append("## Profils de référencement\n\n")
    counts = Counter(p for r in d.rem for p in r.profils)
    body.append(raw(table(["Profil", "Description", "Exigences"],
                          [[h(p.nom), h(p.description), str(counts.get(p.nom, 0))] for p in d.profils])))

    body.append("## Exigences (recherche et filtres)\n\n")
    body.append(raw(_req_table(doc, [(d, r) for r in d.rem], with_disp=False)))

    body.append("## Exigences par section\n\n")
    for section, blocs in _grouped(d.rem).items():
        sec = next(r.section for r in d.rem if r.section == section)
        body.append(f"### {md(sec.code)} — {md(sec.libelle)}\n\n")
        body.append(raw(_blocs(blocs, lambda r: _req_block(corpus, doc, d, r))))

    if d.obsoletes:
        body.append("## Exigences devenues obsolètes\n\n")
        seen = {r.id for r in d.rem}
        rows = []
        for r in d.obsoletes:
            anchor = f' id="{h(r.id)}"' if r.id not in seen else ""
            seen.add(r.id)
            rows.append([f"<span{anchor}>{h(r.id)}</span>", h(r.section.code), h(r.enonce)])
        body.append(raw(table(["Id", "Section", "Énoncé"], rows)))

    if d.historique:
        body.append("## Historique du document\n\n")
        body.append(raw(table(["Version", "Date", "Auteur", "Modifications"],
                              [[h(x.version), h(x.date), h(x.auteur), h(x.modifications)] for x in d.historique])))

    body.append("## Dossier de spécifications (DSR)\n\n")
    if prose:
        for title, text in prose:
            body.append(f"### {md(title)}\n\n{text}\n\n")
    else:
        body.append(raw('<p class="segur-empty">La prose du DSR de ce dispositif n’est pas encore disponible '
                        "(aucun texte sous <code>book/prose/dsr/</code> ou module "
                        "<code>build_tools.prose</code> absent).</p>"))
    return _page(f"{d.id} — {d.titre}", body)


def _dl_link(doc: str, f: dict) -> str:
    name = f["path"].rsplit("/", 1)[-1]
    return f'<a class="segur-dl-link" href="{h(_dl_href(doc, f["path"]))}">{h(name)}</a>'


def _dl_href(doc: str, path: str) -> str:
    return posixpath.relpath(f"{DOWNLOAD_DIR}/{path}", posixpath.dirname(doc))


def vague_page(corpus: Corpus, vid: str) -> str:
    v = corpus.vagues[vid]
    doc = vague_doc(vid)
    ds = corpus.dispositifs_of_vague(vid)
    body = [f"{md(v.objet or v.libelle)}" + (f" ({md(v.periode)})" if v.periode else "") + ".\n\n"]
    if v.precedente and v.precedente in corpus.vagues:
        body.append(raw(f"<p>Vague précédente : {link(doc, vague_doc(v.precedente), corpus.vagues[v.precedente].libelle)}</p>"))
    body.append("## Dispositifs\n\n")
    rows = []
    for d in ds:
        st = Counter(r.statut for r in d.rem)
        rows.append([link(doc, dispositif_doc(d), d.id), h(corpus.couloirs[d.couloir].libelle if d.couloir in corpus.couloirs else d.couloir),
                     h(d.titre), badge("pub", d.statut_publication), h(d.version), h(d.date), str(len(d.rem)),
                     str(st.get("Nouvelle", 0)), str(st.get("Modifiée", 0)), str(st.get("Inchangée", 0)),
                     str(len(d.obsoletes))])
    body.append(raw(table(["Dispositif", "Couloir", "Titre", "Statut", "Version", "Date", "Exigences",
                           "Nouvelles", "Modifiées", "Inchangées", "Obsolètes"], rows)))
    body.append("## Exigences par socle et nature\n\n")
    c = Counter()
    for d in ds:
        for r in d.rem:
            c[(r.socle or "propres", r.nature)] += 1
    socles = sorted({k[0] for k in c})
    natures = sorted({k[1] for k in c})
    body.append(raw(table(["Socle"] + natures + ["Total"],
                          [[h(s)] + [str(c[(s, n)]) for n in natures] + [str(sum(c[(s, n)] for n in natures))]
                           for s in socles])))
    body.append(raw(f"<p>Rechercher et filtrer les exigences de la vague : "
                    f"{link(doc, REQS, 'toutes les exigences')} (filtre « Vague »).</p>"))
    return _page(f"{v.libelle} ({v.periode})" if v.periode else v.libelle, body)


def socle_page(corpus: Corpus, code: str) -> str:
    s = corpus.socles[code]
    doc = socle_doc(code)
    pickers: dict[str, list[tuple[Dispositif, RemRequirement]]] = defaultdict(list)
    for d in corpus.dispositifs.values():
        for r in d.rem:
            if r.socle == code:
                pickers[r.base.id].append((d, r))
    body = [raw("<p>Référentiels : " + (", ".join(f"<code>[{h(c)}]</code> {h(corpus.referentiels[c].titre) if c in corpus.referentiels else ''}"
                                                 for c in s.referentiels) or "—") + "</p>")]
    body.append("## Recherche et reprise par dispositif\n\n")
    rows, users = [], []
    for req in s.requirements:
        picked = pickers.get(req.id, [])
        rows.append([f'<a href="#{h(req.id)}">{h(req.id)}</a>', h(req.section), h(req.nature), h(req.statut or ""),
                     h(req.enonce), " ".join(link(doc, dispositif_doc(d), d.id, r.id) for d, r in picked)])
        users.append([d.id for d, _ in picked])
    body.append(raw(_dt(["Id", "Section", "Nature", "Statut", "Énoncé", "Reprise par"], rows,
                        {1: ("Section", [r.section for r in s.requirements]),
                         2: ("Nature", [r.nature for r in s.requirements]),
                         3: ("Statut", [r.statut or "" for r in s.requirements]),
                         5: ("Dispositif", users)}, page_length=25)))
    body.append("## Exigences\n\n")
    for section, blocs in _grouped(s.requirements).items():
        sec = s.sections.get(section)
        body.append(f"### {md(section)} — {md(sec.libelle if sec else section)}\n\n")
        body.append(raw(_blocs(blocs, lambda r: _socle_block(corpus, doc, r, pickers.get(r.id, [])))))
    return _page(f"Socle {code} — {s.titre}", body)


def _socle_block(corpus: Corpus, doc: str, r: Requirement, picks) -> str:
    extra = []
    if r.vagues:
        extra.append("vagues : " + h(", ".join(r.vagues)))
    if r.remplace:
        extra.append(f'remplace : <a href="#{h(r.remplace)}">{h(r.remplace)}</a>'
                     if r.remplace in corpus.socle_requirements and corpus.socle_requirements[r.remplace].owner == r.owner
                     else f"remplace : {h(r.remplace)}")
    if r.referentiels:
        extra.append("référentiels : " + ", ".join(f"<code>[{h(c)}]</code>" for c in r.referentiels))
    used = (" ".join(link(doc, dispositif_doc(d), f"{d.id} ({rr.id})", rr.id) for d, rr in picks)
            if picks else "aucun dispositif")
    st = badge("statut", r.statut) if r.statut else ""
    return (f'<div class="segur-req" id="{h(r.id)}">'
            f'<div class="segur-req-head"><a class="segur-req-id" href="#{h(r.id)}">{h(r.id)}</a> '
            f'{badge("nature", r.nature)} {badge("crit", r.criticite)} {st}'
            f'<span class="segur-profils">profils : {h(", ".join(r.profils))}</span></div>'
            f'<p class="segur-enonce">{h(r.enonce)}</p>'
            f'<div class="segur-links">reprise par : {used}'
            + (" · " + " · ".join(extra) if extra else "") + "</div>"
            + _scenarios(r.scenarios) + "</div>")


def requirements_page(corpus: Corpus) -> str:
    items = [(d, r) for d in corpus.dispositifs.values() for r in d.rem]
    body = [f"Les {len(items)} exigences publiées des {len(corpus.dispositifs)} dispositifs. "
            "Chercher dans le champ de recherche, filtrer par dispositif, section, nature, criticité, "
            "statut ou profil ; l’identifiant mène au bloc de l’exigence dans la page de son dispositif. "
            "Le fichier `needs.json` (format sphinx-needs) à la racine du site contient les mêmes exigences.\n\n"]
    body.append(raw(_req_table(REQS, items, with_disp=True)))
    return _page("Exigences — recherche et filtres", body)


def matrix_page(corpus: Corpus) -> str:
    hab = corpus.habilitation
    if hab is None:
        return _page("Matrice d’habilitation", ["La matrice n’est pas chargée.\n"])
    groups = [corpus.groups[g] for g in hab.columns if g in corpus.groups]
    body = ["Annexe de l’arrêté du 26 octobre 2023 : quels groupes de professions peuvent consulter "
            "chaque type de document du DMP (X). Les lignes sont groupées par classCode.\n\n"]
    legend = "".join(f"<li><code>{h(g.groupe)}</code> {h(g.libelle)}</li>" for g in groups)
    body.append(raw(f'<details><summary>Groupes de professions ({len(groups)})</summary><ul>{legend}</ul></details>'))
    body.append("## Matrice complète\n\n")
    by_class: dict[str, list] = {}
    for dt in corpus.document_types.values():
        by_class.setdefault(dt.class_code, []).append(dt)
    head = "<tr><th>typeCode</th><th>Type de document</th>" + "".join(
        f'<th class="segur-vert" title="{h(g.libelle)}"><span>{h(g.groupe)}</span></th>' for g in groups) + "</tr>"
    rows = []
    for cc, dts in by_class.items():
        rows.append(f'<tr class="segur-class"><th colspan="{2 + len(groups)}">{h(cc)} — {h(dts[0].class_libelle)}</th></tr>')
        for dt in dts:
            allowed = hab.rows.get(dt.type_code, frozenset())
            cells = "".join('<td class="segur-x">X</td>' if g.groupe in allowed else "<td></td>" for g in groups)
            rows.append(f'<tr id="doc-{h(dt.type_code)}"><td><code>{h(dt.type_code)}</code></td>'
                        f"<td>{h(dt.type_libelle)}</td>{cells}</tr>")
    body.append(raw(f'<div class="segur-scroll"><table class="segur-table segur-matrix"><thead>{head}</thead>'
                    f'<tbody>{"".join(rows)}</tbody></table></div>'))

    body.append("## Carte de chaleur par classCode\n\n")
    body.append("Part des types de documents de chaque classCode que le groupe peut consulter.\n\n")
    hrows = []
    for cc, dts in by_class.items():
        cells = []
        for g in groups:
            n = sum(1 for dt in dts if hab.allows(dt.type_code, g.groupe))
            frac = n / len(dts) if dts else 0
            cells.append(f'<td class="segur-heat" style="background: rgba(31, 119, 180, {frac:.2f}); '
                         f'color: {"#fff" if frac > 0.55 else "#222"}" title="{n}/{len(dts)}">{round(frac * 100)}</td>')
        hrows.append(f"<tr><th>{h(cc)} {h(dts[0].class_libelle)}</th>{''.join(cells)}</tr>")
    hhead = "<tr><th>classCode</th>" + "".join(
        f'<th class="segur-vert" title="{h(g.libelle)}"><span>{h(g.groupe)}</span></th>' for g in groups) + "</tr>"
    body.append(raw(f'<div class="segur-scroll"><table class="segur-table segur-heatmap"><thead>{hhead}</thead>'
                    f'<tbody>{"".join(hrows)}</tbody></table></div>'))

    body.append("## Qui peut lire le document X ?\n\n")
    items = []
    for dt in corpus.document_types.values():
        allowed = [g for g in groups if hab.allows(dt.type_code, g.groupe)]
        items.append(f'<details class="segur-who" id="qui-{h(dt.type_code)}"><summary><code>{h(dt.type_code)}</code> '
                     f'{h(dt.type_libelle)} — {len(allowed)} groupe(s)</summary><ul>'
                     + "".join(f"<li><code>{h(g.groupe)}</code> {h(g.libelle)}</li>" for g in allowed)
                     + "</ul></details>")
    body.append(raw("\n".join(items)))
    body.append("## Que peut lire la profession Y ?\n\n")
    items = []
    for g in groups:
        allowed = [dt for dt in corpus.document_types.values() if hab.allows(dt.type_code, g.groupe)]
        codes = " ".join(g.professions) + (" " + " ".join(g.genres) if g.genres else "")
        items.append(f'<details class="segur-who" id="groupe-{h(g.groupe)}"><summary><code>{h(g.groupe)}</code> '
                     f'{h(g.libelle)} (codes {h(codes)}) — {len(allowed)} type(s)</summary><ul>'
                     + "".join(f'<li><a href="#doc-{h(dt.type_code)}"><code>{h(dt.type_code)}</code></a> '
                               f"{h(dt.type_libelle)} ({h(dt.class_code)})</li>" for dt in allowed)
                     + "</ul></details>")
    body.append(raw("\n".join(items)))
    return _page("Matrice d’habilitation", body)


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


def downloads_page(corpus: Corpus, manifest: dict | None) -> str:
    doc = DOWNLOADS
    if not manifest:
        return _page("Téléchargements", ["Aucune publication trouvée : lancer `segur publish` avant "
                                         "`segur book`.\n\n"])
    body = ["Chaque fichier publié (REM, DSR, AF, CSV, JSON) avec sa taille et son empreinte SHA-256, "
            "telles qu’inscrites dans le manifeste de la publication.\n\n"]
    body.append(raw(f'<p><a class="segur-dl-link" href="{h(_dl_href(doc, "manifest.json"))}">manifest.json</a> · '
                    f'<a href="{h(href(doc, "needs")[:-5] + ".json")}">needs.json</a> (format sphinx-needs)</p>'))
    files = manifest.get("files", [])
    tree: dict = defaultdict(lambda: defaultdict(list))
    for f in files:
        tree[f.get("vague") or ""][f.get("dispositif") or ""].append(f)
    order_v = [v for v in corpus.vagues if v in tree] + sorted(v for v in tree if v not in corpus.vagues)
    for v in order_v:
        vl = corpus.vagues[v].libelle if v in corpus.vagues else (v or "Fichiers communs")
        body.append(f"## {md(vl)}\n\n")
        for did in sorted(tree[v], key=lambda x: (x not in corpus.dispositifs, list(corpus.dispositifs).index(x)
                                                     if x in corpus.dispositifs else 0, x)):
            d = corpus.dispositifs.get(did)
            if did:
                body.append(f"### {md(did)}\n\n")
            rows = []
            for f in tree[v][did]:
                rows.append([_dl_link(doc, f), h(f["kind"]), h(size(f["bytes"])),
                             f'<code class="segur-sha">{h(f["sha256"])}</code>'])
            head = raw((f"<p>{link(doc, dispositif_doc(d), d.titre)} — version {h(d.version)}, "
                        f"{badge('pub', d.statut_publication)}</p>" if d else "")
                       + table(["Fichier", "Type", "Taille", "SHA-256"], rows, cls="segur-table segur-downloads"))
            body.append(head)
    return _page("Téléchargements", body)


# --------------------------------------------------------------------------- all

def generate(corpus: Corpus, manifest: dict | None, prose_for) -> dict[str, str]:
    """{path relative to the book source root: text} for every generated page.

    `prose_for(dispositif) -> [(name, MyST)]` supplies the DSR prose (build.py guards the
    optional `build_tools.prose` module)."""
    pages = {REQS + ".md": requirements_page(corpus), MATRIX + ".md": matrix_page(corpus),
             SCOPES + ".md": scopes_page(corpus), DOWNLOADS + ".md": downloads_page(corpus, manifest)}
    for v in corpus.vagues:
        pages[vague_doc(v) + ".md"] = vague_page(corpus, v)
    for d in corpus.dispositifs.values():
        pages[dispositif_doc(d) + ".md"] = dispositif_page(corpus, d, manifest, prose_for(d))
    for code in corpus.socles:
        pages[socle_doc(code) + ".md"] = socle_page(corpus, code)
    pages.update(concertation_pages(corpus))
    pages[RULES_DOC + ".md"] = rules_page()
    return pages


def rules_page() -> str:
    """The catalogue of the rules `segur check` enforces, generated from the registry."""
    from .. import checks  # noqa: F401  (the concertation rules are declared on import)
    from ..problems import RULES
    rows = [[f"<code>{h(r.code)}</code>", "erreur" if r.severity.value == "error" else "avertissement",
             h(r.title), h(r.hint)] for r in RULES.values()]
    return ("# Règles de vérification\n\n"
            "`segur check` applique ces règles à chaque fichier du corpus. Chaque problème est signalé "
            "avec le fichier et la ligne (ou la feuille et la ligne d'un classeur), le code de la règle "
            "et la manière de le corriger. Les erreurs bloquent la publication ; les avertissements "
            "aussi avec `--strict`. Un problème connu et accepté se note sur sa ligne : "
            "`# segur: accepte CODE`.\n\n"
            + raw(table(["Code", "Gravité", "Règle", "Correction"], rows)) + "\n")
