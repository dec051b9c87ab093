"""Change counts between two fingerprints (release records, or a record and the current
content): what the DSR's history table and the Versions page show beside the author's words.

Fingerprints hold hashes, not texts, so these counts name fewer kinds than `segur diff`
(no editorial/modality distinction); a requirement whose key disappears while a new key
carries the same text hash counts as renumbered.
"""
from __future__ import annotations

from ..model import Corpus, Dispositif
from .content import fingerprint

REQ_FIELDS = {"enonce": "text", "nature": "nature", "criticite": "criticite", "profils": "profils",
              "conditionnelle": "conditionnelle", "referentiels": "referentiels", "section": "moved",
              "bloc": "moved", "fonction": "moved"}
LABELS_FR = [("added", "ajoutée(s)"), ("removed", "retirée(s)"), ("renumbered", "renumérotée(s)"),
             ("text", "énoncé(s) modifié(s)"), ("nature", "nature(s) modifiée(s)"),
             ("criticite", "criticité(s) modifiée(s)"), ("profils", "profils modifiés"),
             ("conditionnelle", "conditionnalité(s) modifiée(s)"), ("referentiels", "référentiels modifiés"),
             ("moved", "déplacée(s)"), ("scenario", "scénario(s) modifié(s)"), ("proof", "preuve(s) modifiée(s)"),
             ("af", "terme(s) de l'AF modifié(s)"), ("perimetre", "entrée(s) du périmètre modifiée(s)"),
             ("dispositif", "description du dispositif modifiée")]


def _kind_of(key: str, fields: dict) -> str:
    if "enonce" in fields:
        return "requirement"
    if "preuves" in fields:
        return "scenario"
    if key.startswith("af"):
        return "af"
    if key.startswith("perimetre"):
        return "perimetre"
    if key == "dispositif" or key.startswith("profil:"):
        return "dispositif"
    return "proof"


def compare(old: dict, new: dict) -> dict[str, int]:
    counts: dict[str, int] = {}

    def bump(kind: str) -> None:
        counts[kind] = counts.get(kind, 0) + 1

    gone = {k: v for k, v in old.items() if k not in new and _kind_of(k, v) == "requirement"}
    by_text = {}
    for k, v in gone.items():
        by_text.setdefault(v.get("enonce"), []).append(k)
    for key, fields in new.items():
        kind = _kind_of(key, fields)
        before = old.get(key)
        if kind == "requirement":
            if before is None:
                same = by_text.get(fields.get("enonce"))
                if same:
                    gone.pop(same.pop(0))
                    bump("renumbered")
                else:
                    bump("added")
                continue
            for f, k in REQ_FIELDS.items():
                if before.get(f) != fields.get(f) and not (k == "moved" and f != "section" and
                                                          before.get("section") != fields.get("section")):
                    bump(k)
        elif before != fields:
            bump(kind)
    for key, fields in old.items():
        if key not in new and _kind_of(key, fields) != "requirement":
            bump(_kind_of(key, fields))
    for _ in gone:
        bump("removed")
    return counts


def counts_fr(counts: dict[str, int]) -> str:
    parts = [f"{counts[k]} {label}" if k != "dispositif" else label for k, label in LABELS_FR if counts.get(k)]
    return ", ".join(parts) if parts else "aucun changement"


def history_counts(corpus: Corpus, d: Dispositif) -> dict[str, str]:
    """version -> French summary of the changes since the previous release, for the DSR's
    history table. The current version is compared from its content, never from its own
    record, so writing that record does not change the DSR (same version, same bytes);
    empty when no other version is released."""
    out: dict[str, str] = {}
    earlier = [r for r in corpus.releases.get(d.id, ()) if r.version != d.version]
    previous = None
    for rel in earlier:
        out[rel.version] = (counts_fr(compare(previous.content, rel.content)) if previous is not None
                            else "première version enregistrée")
        previous = rel
    if previous is not None:
        out[d.version] = counts_fr(compare(previous.content, fingerprint(corpus, d)))
    return out
