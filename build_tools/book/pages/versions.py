"""*Versions* pages: per released dispositif, every version with its date, the author's
historique, the changes since the previous release (counts by kind, each change linked to
its requirement), its files (rebuilt from the release's commit, sha256-checked) and the
Évolutions workbook between consecutive releases; an index of every released dispositif."""
from __future__ import annotations

import posixpath

from ...model import Corpus, Dispositif
from ...render.html import h, link, md, raw, size, table
from ...versions.kinds import KINDS
from ...versions.report import describe
from .common import Context, _page
from .docnames import dispositif_doc

INDEX = "book/gen/versions/index"


def versions_doc(did: str) -> str:
    return f"book/gen/versions/{did}"


def _file_href(doc: str, path: str) -> str:
    return posixpath.relpath(path, posixpath.dirname(doc))


def _counts_table(changes) -> str:
    counts: dict[str, int] = {}
    for c in changes:
        counts[c.kind] = counts.get(c.kind, 0) + 1
    rows = [[h(KINDS[k]), f"<code>{h(k)}</code>", str(counts[k])] for k in KINDS if k in counts]
    return table(["Type de changement", "Code", "Nombre"], rows, cls="segur-table segur-version-counts")


def _change_rows(corpus: Corpus, doc: str, d: Dispositif, changes) -> list[list[str]]:
    anchors = {r.id for r in d.rem} | {r.id for r in d.obsoletes}
    rows = []
    for c in changes:
        rid = link(doc, dispositif_doc(d), c.id, c.id) if c.id in anchors else h(c.id)
        rows.append([rid, f"<code>{h(c.kind)}</code>", h(describe(c))])
    return rows


def version_page(corpus: Corpus, d: Dispositif, entries) -> str:
    doc = versions_doc(d.id)
    notes = {x.version: x for x in d.historique}
    released = {e.release.version for e in entries}
    state = ("figée (publiée)" if d.version in released else
             f"en cours, non enregistrée (`segur release {d.id}` l'enregistrera)")
    body = [raw(f"<p>{link(doc, dispositif_doc(d), d.titre)} — version courante <strong>{h(d.version)}</strong> : "
                f"{h(state)}. Chaque version publiée reste téléchargeable : ses fichiers sont reconstruits "
                "depuis le commit enregistré et leur SHA-256 est comparé à celui de l’enregistrement.</p>")]
    for e in reversed(entries):
        rel = e.release
        body.append(f"## Version {md(rel.version)} du {md(rel.date)}\n\n")
        note = notes.get(rel.version)
        facts = [("Historique (auteur)", h(f"{note.auteur} : {note.modifications}") if note else "—"),
                 ("Commit", f"<code>{h(rel.commit[:12])}</code>")]
        if e.previous:
            facts.append(("Changements depuis " + e.previous, str(len(e.changes))))
        body.append(raw('<table class="segur-facts">' + "".join(
            f"<tr><th>{h(k)}</th><td>{v}</td></tr>" for k, v in facts) + "</table>"))
        if e.files:
            rows = [[f'<a class="segur-dl-link segur-version-file" href="{h(_file_href(doc, f.path))}">{h(f.name)}</a>',
                     h(f.kind), h(size(f.size)), f'<code class="segur-sha">{h(f.sha256)}</code>'] for f in e.files]
            body.append(raw(table(["Fichier", "Type", "Taille", "SHA-256"], rows,
                                  cls="segur-table segur-downloads segur-version-files")))
        if e.previous is None:
            body.append("Première version enregistrée.\n\n")
            continue
        body.append(f"### Changements depuis la version {md(e.previous)}\n\n")
        if e.evolutions:
            body.append(raw(f'<p><a class="segur-dl-link segur-evolutions" href="{h(_file_href(doc, e.evolutions))}">'
                            f"Classeur des évolutions {h(e.previous)} → {h(rel.version)} (xlsx)</a></p>"))
        if not e.changes:
            body.append("Aucun changement d’exigence.\n\n")
            continue
        body.append(raw(_counts_table(e.changes)))
        body.append(raw(table(["Exigence", "Code", "Changement"], _change_rows(corpus, doc, d, e.changes),
                              cls="segur-table segur-version-changes")))
    return _page(f"Versions de {d.id}", body)


def index_page(corpus: Corpus, history: dict) -> str:
    doc = INDEX
    body = ["Les versions publiées de chaque dispositif, enregistrées par `segur release` : une version "
            "publiée est figée (règle VERSION-FROZEN) et reste téléchargeable.\n\n"]
    rows = []
    for did, entries in history.items():
        d = corpus.dispositifs.get(did)
        if d is None or not entries:
            continue
        versions = ", ".join(e.release.version for e in entries)
        rows.append([link(doc, versions_doc(did), did), h(versions), h(entries[-1].release.date)])
    if rows:
        body.append(raw(table(["Dispositif", "Versions publiées", "Dernière publication"], rows)))
    else:
        body.append("Aucune version enregistrée pour l’instant.\n\n")
    return _page("Versions publiées", body)


def pages(ctx: Context) -> dict[str, str]:
    history = ctx.history or {}
    out = {INDEX + ".md": index_page(ctx.corpus, history)}
    for did, entries in history.items():
        d = ctx.corpus.dispositifs.get(did)
        if d is not None and entries:
            out[versions_doc(did) + ".md"] = version_page(ctx.corpus, d, entries)
    return out
