"""One page per dispositif: facts, downloads, scope, profiles, requirements, DSR prose."""
from __future__ import annotations

from collections import Counter

from ...model import Corpus, Dispositif, RemRequirement
from ...render.html import badge, fr_date, h, link, md, raw, size, table
from .common import Context, _alias, _blocs, _dl_link, _grouped, _page, _req_table, _scenarios
from .docnames import DRAFT_STATUSES, dispositif_doc, socle_doc, vague_doc
from .scopes import scope_html
from .units import Unit


def dispositif_page(corpus: Corpus, d: Dispositif, manifest: dict | None, prose: list[tuple[str, str]]) -> str:
    doc = dispositif_doc(d)
    prev = corpus.dispositifs.get(d.precedent) if d.precedent else None
    body = [raw('<table class="segur-facts">' + "".join(
        f"<tr><th>{h(k)}</th><td>{v}</td></tr>" for k, v in _facts(corpus, doc, d, prev)) + "</table>")]
    body += _downloads(doc, d, manifest)
    body.append("## Périmètre\n\n")
    body.append(raw(scope_html(corpus, doc, d.id)))
    body.append("## Profils de référencement\n\n")
    counts = Counter(p for r in d.rem for p in r.profils)
    body.append(raw(table(["Profil", "Description", "Exigences"],
                          [[h(p.nom), h(p.description), str(counts.get(p.nom, 0))] for p in d.profils])))
    body.append("## Exigences (recherche et filtres)\n\n")
    body.append(raw(_req_table(doc, [(d, r) for r in d.rem], with_disp=False)))
    body.append("## Exigences par section\n\n")
    prev_ids = frozenset(x.id for x in prev.rem) if prev is not None else frozenset()
    for section, blocs in _grouped(d.rem).items():
        sec = next(r.section for r in d.rem if r.section == section)
        body.append(f"### {md(sec.code)} — {md(sec.libelle)}\n\n")
        body.append(raw(_blocs(blocs, lambda r: _req_block(corpus, doc, d, r, prev_ids))))
    body += _obsoletes_and_history(d)
    body += _dsr(prose)
    return _page(f"{d.id} — {d.titre}", body)


def _facts(corpus: Corpus, doc: str, d: Dispositif, prev: Dispositif | None) -> list[tuple[str, str]]:
    """The facts table at the top of the page: (label, HTML)."""
    couloir = corpus.couloirs.get(d.couloir)
    vague = corpus.vagues.get(d.vague)
    nexts = [x for x in corpus.dispositifs.values() if x.precedent == d.id]
    facts = [
        ("Couloir", h(couloir.libelle if couloir else d.couloir)),
        ("Vague", link(doc, vague_doc(d.vague), vague.libelle if vague else d.vague)),
        ("Type de logiciel", f"{h(d.type_code)} — {h(d.type_libelle)}"),
        ("Statut de publication", badge("pub", d.statut_publication)),
        ("Version", f"{h(d.version)} du {h(fr_date(d.date))}"),
        ("Professions", h(", ".join(f"{c} {corpus.professions[c].libelle}" if c in corpus.professions else c
                                    for c in d.professions))),
        ("Socles", " ".join(link(doc, socle_doc(s), s) if s in corpus.socles else h(s) for s in d.socles)),
        ("Exigences", f"{len(d.rem)} ({sum(r.socle is not None for r in d.rem)} reprises des socles, "
                      f"{sum(r.socle is None for r in d.rem)} propres) ; {len(d.obsoletes)} obsolète(s)"),
    ]
    released = corpus.releases.get(d.id, ())
    if released:
        from .versions import versions_doc
        facts.append(("Versions publiées", link(doc, versions_doc(d.id), ", ".join(r.version for r in released))))
    if prev:
        facts.append(("Vague précédente", link(doc, dispositif_doc(prev), prev.id)))
    if nexts:
        facts.append(("Vague suivante", " ".join(link(doc, dispositif_doc(x), x.id) for x in nexts)))
    return facts


def _downloads(doc: str, d: Dispositif, manifest: dict | None) -> list[str]:
    files = [f for f in (manifest or {}).get("files", []) if f.get("dispositif") == d.id]
    body = ["## Téléchargements\n\n"]
    if files:
        body.append(raw("<ul class=\"segur-dl\">" + "".join(
            f'<li>{_dl_link(doc, f)} <span class="segur-kind">{h(f["kind"])}</span> {h(size(f["bytes"]))}</li>'
            for f in files) + "</ul>"))
    else:
        body.append("Aucun fichier publié pour ce dispositif (lancer `segur publish`).\n\n")
    return body


def _obsoletes_and_history(d: Dispositif) -> list[str]:
    body = []
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
                              [[h(x.version), h(fr_date(x.date)), h(x.auteur), h(x.modifications)] for x in d.historique])))
    return body


def _dsr(prose: list[tuple[str, str]]) -> list[str]:
    body = ["## Dossier de spécifications (DSR)\n\n"]
    if prose:
        for title, text in prose:
            body.append(f"### {md(title)}\n\n{text}\n\n")
    else:
        body.append(raw('<p class="segur-empty">La prose du DSR de ce dispositif n’est pas encore disponible '
                        "(aucun texte sous <code>book/prose/dsr/</code> ou module "
                        "<code>build_tools.prose</code> absent).</p>"))
    return body


def _previous_link(corpus: Corpus, doc: str, d: Dispositif, r: RemRequirement,
                   prev_ids: frozenset[str]) -> str:
    """Link to the requirement in the previous vague's dispositif; `prev_ids` are the ids
    of that dispositif's REM (computed once per page, not scanned per requirement)."""
    if not r.id_precedent:
        return ""
    prev = corpus.dispositifs.get(d.precedent) if d.precedent else None
    if prev is not None and r.id_precedent in prev_ids:
        return f"version précédente : {link(doc, dispositif_doc(prev), f'{r.id_precedent} ({prev.id})', r.id_precedent)}"
    where = f" ({h(prev.id)})" if prev else ""
    return f"version précédente : {h(r.id_precedent)}{where}"


def _req_block(corpus: Corpus, doc: str, d: Dispositif, r: RemRequirement,
               prev_ids: frozenset[str] = frozenset()) -> str:
    links = []
    if r.socle:
        links.append(f"origine : {link(doc, socle_doc(r.socle), r.base.id, r.base.id)}")
    prev = _previous_link(corpus, doc, d, r, prev_ids)
    if prev:
        links.append(prev)
    if r.referentiels:
        links.append("référentiels : " + ", ".join(f"<code>[{h(c)}]</code>" for c in r.referentiels))
    cond = badge("cond", "conditionnelle") if r.conditionnelle else ""
    alias = _alias(r.base.id) if r.socle and r.base.id != r.id else ""
    return (f'<div class="segur-req" id="{h(r.id)}">{alias}'
            f'<div class="segur-req-head"><a class="segur-req-id" href="#{h(r.id)}">{h(r.id)}</a> '
            f'{badge("nature", r.nature)} {badge("crit", r.criticite)} {badge("statut", r.statut)} {cond}'
            f'<span class="segur-profils">profils : {h(", ".join(r.profils))}</span></div>'
            f'<p class="segur-enonce">{h(r.enonce)}</p>'
            + (f'<div class="segur-links">{" · ".join(links)}</div>' if links else "")
            + _scenarios(r.scenarios) + _comments(corpus, d, r) + "</div>")


def _comments(corpus: Corpus, d: Dispositif, r: RemRequirement) -> str:
    """A draft dispositif's requirement: the *Commenter* control, then the concertation
    comments and answers about it."""
    if d.statut_publication not in DRAFT_STATUSES:
        return ""
    from ...concertation.pages import commenter_html, comments_for, comments_html
    return commenter_html(r.id) + comments_html(comments_for(corpus, d.id, r.id))


def pages(ctx: Context) -> dict[str, str]:
    return {u.path: u.render() for u in units(ctx)}


def units(ctx: Context) -> list[Unit]:
    """Keyed on the dispositif's file, its previous version's file, its socles' files."""
    c = ctx.corpus
    return [Unit(dispositif_doc(d) + ".md", dispositif_key(ctx, d, "dispositif"),
                 lambda d=d: dispositif_page(c, d, ctx.manifest, ctx.prose_for(d)))
            for d in c.dispositifs.values()]


def dispositif_key(ctx: Context, d: Dispositif, what: str) -> str:
    """Key of what shows one dispositif's requirements (`what`: its page, its rows of the
    search table): its file, its previous version's file, the files of its socles."""
    c, deps = ctx.corpus, ctx.deps
    prev = c.dispositifs.get(d.precedent) if d.precedent else None
    socles = sorted({r.socle for r in d.rem if r.socle})
    return deps.key(what, d.id, deps.file(d.file), deps.file(prev.file if prev else None),
                    *(deps.file(c.socles[s].file if s in c.socles else None) for s in socles),
                    deps.downloads(d.id) if what == "dispositif" else "")
