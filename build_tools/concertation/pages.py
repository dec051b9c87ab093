"""Book content for the concertation, from the corpus index only (no file read).

For the book builder:
- `iteration_page_markdown(corpus, iteration, href_for=None)` -> MyST page of one
  iteration: counts per dispositif and status (table + SVG stacked bars), then every
  comment with its answer. `href_for(dispositif_id, requirement_id)` may return a URL
  (relative to that page) to the requirement's anchor; without it ids are plain text.
- `comments_for(corpus, dispositif_id, requirement_id)` -> [Comment] about one
  requirement (every iteration, oldest first); `comments_html(comments)` renders them as
  an escaped HTML fragment to append inside the requirement block of a draft page.
- `iterations(corpus)` -> iteration ids that have comments (for the toc).
All corpus text goes through `h()` / `md()` (no markup from reviewers reaches the site).
"""
from __future__ import annotations

from collections import Counter

from ..model import Corpus
from ..render.html import badge, h, md, raw, table
from ..worddiff import word_diff
from . import STATUTS
from .records import Comment

COLORS = {"à traiter": "#c0504d", "intégré": "#4f8a3c", "partiellement intégré": "#9bbb59",
          "rejeté": "#7f7f7f", "sans objet": "#bfbfbf"}


def iterations(corpus: Corpus) -> list[str]:
    return [i for i, it in corpus.comments.items() if it.comments]


def comments_for(corpus: Corpus, dispositif_id: str, requirement_id: str) -> list[Comment]:
    out = [c for it in corpus.comments.values() for c in it.comments
           if c.dispositif == dispositif_id and c.exigence == requirement_id]
    numero = {i: it.numero for i, it in corpus.comments.items()}
    return sorted(out, key=lambda c: (numero.get(c.iteration, 0), c.date, c.organisation, c.id))


def diff_html(old: str, new: str) -> str:
    """A proposal as a word-level diff: removed words in <del>, added ones in <ins>."""
    tag = {"-": "del", "+": "ins"}
    return "".join(h(s.text) if s.op == "=" else f"<{tag[s.op]}>{h(s.text)}</{tag[s.op]}>"
                   for s in word_diff(old, new))


def _comment_item(c: Comment, replies: dict[str, list[Comment]]) -> str:
    if c.type == "proposition":
        body = (f'<p class="segur-conc-texte">Proposition sur « {h(c.colonne)} » :</p>'
                f'<p class="segur-conc-propose">{diff_html(c.actuel, c.propose)}</p>')
    else:
        quote = (f'<blockquote class="segur-conc-citation">{h(c.citation)}</blockquote>' if c.citation else "")
        body = f'{quote}<p class="segur-conc-texte">{h(c.texte)}</p>'
    origin = ' <span class="segur-conc-origine">(commentaire sur le site)</span>' if c.annotation else ""
    answer = (f'<p class="segur-conc-reponse"><strong>Réponse :</strong> {h(c.reponse)}</p>'
              if c.reponse.strip() else "")
    thread = "".join(_comment_item(r, replies) for r in replies.get(c.id, ()))
    thread = f'<ul class="segur-conc-replies">{thread}</ul>' if thread else ""
    return (f'<li class="segur-conc" id="{h(c.id)}"><span class="segur-conc-head">{h(c.log_label)}{origin} '
            f'{badge("conc", c.statut)}</span>{body}{answer}{thread}</li>')


def threads(comments: list[Comment]) -> tuple[list[Comment], dict[str, list[Comment]]]:
    """(top-level comments, {comment id: its replies}); a reply whose parent is not in the
    list stays top-level."""
    ids = {c.id for c in comments}
    replies: dict[str, list[Comment]] = {}
    top = []
    for c in comments:
        if c.reponse_a and c.reponse_a in ids and c.reponse_a != c.id:
            replies.setdefault(c.reponse_a, []).append(c)
        else:
            top.append(c)
    return top, replies


def comments_html(comments: list[Comment]) -> str:
    if not comments:
        return ""
    n_open = sum(1 for c in comments if not c.closed)
    top, replies = threads(comments)
    return (f'<details class="segur-conc-list"><summary>Concertation : {len(comments)} commentaire(s), '
            f'{n_open} à traiter</summary><ul>{"".join(_comment_item(c, replies) for c in top)}</ul></details>')


COMMENTER_HELP = ("Le panneau d’annotation (hypothesis) n’a pas pu se charger : le réseau est peut-être fermé "
                  "ou le service bloqué. Vous pouvez commenter l’exigence {rid} dans la grille de concertation "
                  "envoyée par l’ANS (colonne « Remarques ») ou ouvrir cette page depuis un poste connecté à internet.")


def commenter_html(requirement_id: str) -> str:
    """The *Commenter* control of a requirement block: opens the hypothesis panel
    (`data-hypothesis-trigger`, the client's documented trigger) with the requirement's text
    selected; segur-concertation.js shows the message when hypothesis is not there."""
    rid = h(requirement_id)
    return (f'<div class="segur-commenter"><button type="button" class="segur-commenter-btn" '
            f'data-hypothesis-trigger data-segur-req="{rid}">Commenter</button>'
            f'<p class="segur-commenter-msg" role="status" hidden>{h(COMMENTER_HELP.format(rid=requirement_id))}</p>'
            "</div>")


def _chart(counts: dict[str, Counter]) -> str:
    """Horizontal stacked bars, one per dispositif (plain SVG, no JS, no dependency)."""
    if not counts:
        return ""
    label_w, bar_w, row_h = 170, 420, 24
    top = max(sum(c.values()) for c in counts.values()) or 1
    height = row_h * len(counts) + 40
    parts = [f'<svg class="segur-conc-chart" xmlns="http://www.w3.org/2000/svg" width="{label_w + bar_w + 60}" '
             f'height="{height}" role="img" aria-label="Commentaires par dispositif et statut">']
    for i, (did, c) in enumerate(counts.items()):
        y = i * row_h + 4
        parts.append(f'<text x="{label_w - 6}" y="{y + 15}" text-anchor="end" font-size="12">{h(did)}</text>')
        x = float(label_w)
        for s in STATUTS:
            if c[s]:
                w = bar_w * c[s] / top
                parts.append(f'<rect x="{x:.1f}" y="{y}" width="{w:.1f}" height="{row_h - 6}" fill="{COLORS[s]}">'
                             f'<title>{h(did)} — {h(s)} : {c[s]}</title></rect>')
                x += w
        parts.append(f'<text x="{x + 4:.1f}" y="{y + 15}" font-size="12">{sum(c.values())}</text>')
    y = row_h * len(counts) + 18
    x = float(label_w)
    for s in STATUTS:
        parts.append(f'<rect x="{x:.0f}" y="{y - 10}" width="10" height="10" fill="{COLORS[s]}"/>'
                     f'<text x="{x + 14:.0f}" y="{y}" font-size="11">{h(s)}</text>')
        x += 14 + 7 * len(s) + 14
    parts.append("</svg>")
    return "".join(parts)


def iteration_page_markdown(corpus: Corpus, iteration: str, href_for=None) -> str:
    it = corpus.comments.get(iteration)
    comments = list(it.comments) if it else []
    counts: dict[str, Counter] = {}
    for c in comments:
        counts.setdefault(c.dispositif, Counter())[c.statut] += 1
    counts = {d: counts[d] for d in sorted(counts, key=lambda d: (list(corpus.dispositifs).index(d)
                                                                   if d in corpus.dispositifs else 1 << 30, d))}
    orgs = {c.organisation for c in comments}
    sent = sorted((it.snapshot or {}) if it else ())
    out = [f"# Concertation {md(iteration)}\n\n"]
    out.append(f"{len(comments)} commentaire(s) de {len(orgs)} organisation(s) sur {len(counts)} dispositif(s)"
               + (f" ; grilles envoyées pour : {md(', '.join(sent))}" if sent else "") + ".\n\n")
    out.append("## Commentaires par dispositif et statut\n\n")
    rows = [[h(d)] + [str(c[s]) for s in STATUTS] + [str(sum(c.values()))] for d, c in counts.items()]
    if counts:
        total = Counter()
        for c in counts.values():
            total.update(c)
        rows.append(["<strong>Total</strong>"] + [f"<strong>{total[s]}</strong>" for s in STATUTS]
                    + [f"<strong>{sum(total.values())}</strong>"])
    out.append(raw(table(["Dispositif", *STATUTS, "Total"], rows) + "\n" + _chart(counts)))
    for did in counts:
        title = corpus.dispositifs[did].titre if did in corpus.dispositifs else did
        out.append(f"## {md(did)} — {md(title)}\n\n")
        items = sorted((c for c in comments if c.dispositif == did), key=lambda c: (c.exigence, c.date, c.id))
        trs = []
        for c in items:
            url = href_for(did, c.exigence) if href_for else None
            rid = f'<a href="{h(url)}">{h(c.exigence)}</a>' if url else h(c.exigence)
            text = (h(c.texte) if c.type != "proposition" else f"{h(c.colonne)} : {diff_html(c.actuel, c.propose)}")
            if c.citation:
                text = f'<q class="segur-conc-citation">{h(c.citation)}</q> ' + text
            if c.reponse_a:
                text = f'<span class="segur-conc-origine">en réponse à <a href="#{h(c.reponse_a)}">{h(c.reponse_a)}</a> :</span> ' + text
            trs.append([f'<span id="{h(c.id)}">{rid}</span>', h(c.organisation), h(c.date),
                        "proposition" if c.type == "proposition" else "remarque", text,
                        badge("conc", c.statut), h(c.reponse)])
        out.append(raw(table(["Exigence", "Organisation", "Date", "Type", "Commentaire", "Statut", "Réponse"], trs)))
    return "".join(out)
