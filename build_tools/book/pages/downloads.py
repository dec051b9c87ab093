"""The downloads page: every published file with its size and SHA-256."""
from __future__ import annotations

from collections import defaultdict

from ...model import Corpus
from ...render.html import badge, h, href, link, md, raw, size, table
from .common import Context, _dl_href, _dl_link, _page
from .docnames import DOWNLOADS, dispositif_doc


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


def pages(ctx: Context) -> dict[str, str]:
    return {DOWNLOADS + ".md": downloads_page(ctx.corpus, ctx.manifest)}
