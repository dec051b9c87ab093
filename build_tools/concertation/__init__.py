"""Concertation: grids out to reviewers, comments back in, answers published.

Layout in a corpus root::

    concertation/<ITn>/snapshot.json   the texts sent out for iteration n (written by export)
    concertation/<ITn>/comments.yaml   the comments received and the authors' answers

See docs/concertation.md.
"""
from __future__ import annotations

import hashlib
import re
import unicodedata

STATUTS = ("à traiter", "intégré", "partiellement intégré", "rejeté", "sans objet")
OPEN = "à traiter"
CLOSED = tuple(s for s in STATUTS if s != OPEN)
ITERATION_RE = re.compile(r"^IT([0-9]{1,3})$")
EVOLUTIONS = ("Nouvelle", "Modifiée", "Inchangée", "Obsolète")


def iteration_number(iteration: str) -> int:
    m = ITERATION_RE.match(iteration or "")
    if not m:
        raise ValueError(f"l'itération {iteration!r} n'est pas de la forme IT<n> (IT1, IT2, …)")
    return int(m.group(1))


def norm(text) -> str:
    """Text as compared and hashed: NFC, every whitespace run (nbsp too) one space, stripped."""
    return " ".join(unicodedata.normalize("NFC", str(text or "")).split())


def comment_id(iteration: str, dispositif: str, organisation: str, exigence: str, texte: str,
               annotation: str = "") -> str:
    """Stable id: the same organisation writing the same text on the same requirement in the
    same iteration gets the same id, whichever grid or import run it comes from. A comment
    made on the site also hashes its annotation id (two identical replies stay two)."""
    key = f"{norm(organisation)}|{exigence.strip()}|{norm(texte)}"
    if annotation:
        key += f"|{annotation.strip()}"
    return f"{iteration}-{dispositif}-{hashlib.sha1(key.encode('utf-8')).hexdigest()[:8]}"


def concertation_dir(root, iteration: str):
    from pathlib import Path
    return Path(root) / "concertation" / iteration
