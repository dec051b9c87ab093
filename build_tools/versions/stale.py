"""Is a publish folder the publication of this corpus? (the site must not serve old files)

The manifest records, per dispositif, its version and the sha256 of the source files it is
built from (`source_sha256`); the corpus index computes the same digest.
"""
from __future__ import annotations

from ..model import Corpus


def stale_dispositifs(corpus: Corpus, manifest: dict) -> list[str]:
    """Dispositifs whose published files were not built from the current corpus."""
    recorded = manifest.get("dispositifs") or {}
    out = []
    for d in corpus.dispositifs.values():
        m = recorded.get(d.id)
        if not isinstance(m, dict) or m.get("source_sha256") != d.source_sha256 or m.get("version") != d.version:
            out.append(d.id)
    out.extend(did for did in recorded if did not in corpus.dispositifs)
    return out


def stale_message(publish_dir, stale: list[str]) -> str:
    names = ", ".join(stale[:6]) + (f" et {len(stale) - 6} autre(s)" if len(stale) > 6 else "")
    return (f"segur book: le dossier de publication {publish_dir} ne correspond plus au corpus "
            f"(publié avant une modification de : {names}) ; ses téléchargements seraient plus anciens que "
            "les pages. Relancez `segur publish`, ou `segur book --republish` ; aucun site construit")
