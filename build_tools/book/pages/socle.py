"""One page per socle: who picks each requirement, then every requirement block."""
from __future__ import annotations

from collections import defaultdict

from ...model import Corpus, Dispositif, RemRequirement, Requirement
from ...render.html import badge, h, link, md, raw
from .common import Context, _alias, _blocs, _dt, _grouped, _page, _scenarios
from .docnames import dispositif_doc, socle_doc
from .units import Unit


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
                         5: ("Dispositif", users)}, page_length=25,
                        classes=["segur-col-id", "", "", "", "segur-col-enonce", ""])))
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
    local = r.id[len("SC."):] if r.id.startswith("SC.") else ""
    return (f'<div class="segur-req" id="{h(r.id)}">' + (_alias(local) if local else "") +
            f'<div class="segur-req-head"><a class="segur-req-id" href="#{h(r.id)}">{h(r.id)}</a> '
            f'{badge("nature", r.nature)} {badge("crit", r.criticite)} {st}'
            f'<span class="segur-profils">profils : {h(", ".join(r.profils))}</span></div>'
            f'<p class="segur-enonce">{h(r.enonce)}</p>'
            f'<div class="segur-links">reprise par : {used}'
            + (" · " + " · ".join(extra) if extra else "") + "</div>"
            + _scenarios(r.scenarios) + "</div>")


def pages(ctx: Context) -> dict[str, str]:
    return {u.path: u.render() for u in units(ctx)}


def units(ctx: Context) -> list[Unit]:
    """Keyed on the socle's file and on who picks its requirements."""
    c, deps = ctx.corpus, ctx.deps
    picks: dict[str, list[str]] = defaultdict(list)
    for d in c.dispositifs.values():
        for r in d.rem:
            if r.socle:
                picks[r.socle].append(f"{d.id}\0{r.id}\0{r.base.id}")
    return [Unit(socle_doc(code) + ".md",
                 deps.key("socle", code, deps.file(s.file), *picks.get(code, ())),
                 lambda code=code: socle_page(c, code))
            for code, s in c.socles.items()]
