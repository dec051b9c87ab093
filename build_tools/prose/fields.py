"""Fragments with their ``{{ path | filter }}`` fields resolved for one dispositif."""
from __future__ import annotations

import re
from typing import Any

from ..model import Corpus, Dispositif
from ..render.html import myst_field
from .errors import ProseError
from .formatting import FILTERS, _number
from .myst import parse_markdown


PLACEHOLDER = re.compile(r"\{\{\s*([A-Za-z_][\w.]*)\s*(?:\|\s*([a-z_]+)\s*)?\}\}")


def _dispositif_ns(corpus: Corpus, d: Dispositif) -> dict[str, Any]:
    v = corpus.vagues.get(d.vague)
    c = corpus.couloirs.get(d.couloir)
    extra = {
        "couloir_libelle": c.libelle if c else d.couloir,
        "vague_numero": v.numero if v else "",
        "vague_libelle": v.libelle if v else d.vague,
        "vague_periode": v.periode if v else "",
        "vague_objet": v.objet if v else "",
        "code_dsr": f"DSR-{d.id}",
        "code_af": f"AF-{d.id}",
        "rem_xlsx": f"REM-{d.id}.xlsx",
        "rem_csv": f"exigences-{d.id}.csv",
        "nb_exigences": len(d.rem),
    }
    return _Overlay(d, extra)


class _Overlay:
    """Attributes of a record, plus computed extras (extras win)."""

    def __init__(self, base: Any, extra: dict[str, Any]):
        self._base, self._extra = base, extra

    def get(self, name: str) -> Any:
        if name in self._extra:
            return self._extra[name]
        if name.startswith("_") or not hasattr(self._base, name):
            raise KeyError(name)
        return getattr(self._base, name)


def _namespace(corpus: Corpus, dispositif_id: str) -> dict[str, Any]:
    d = corpus.dispositifs.get(dispositif_id)
    if d is None:
        raise ProseError(f"dispositif inconnu {dispositif_id!r}")
    return {"dispositif": _dispositif_ns(corpus, d), "af": corpus.financements.get(d.id)}


def _lookup(ns: dict[str, Any], path: str) -> Any:
    root, *rest = path.split(".")
    if root not in ns:
        raise KeyError(root)
    value = ns[root]
    if value is None:
        raise KeyError(f"{root} (no data for this dispositif)")
    for seg in rest:
        if isinstance(value, _Overlay):
            value = value.get(seg)
        elif isinstance(value, dict):
            value = value[seg]
        elif not seg.startswith("_") and hasattr(value, seg):
            value = getattr(value, seg)
        else:
            raise KeyError(seg)
    return value


def resolve(corpus: Corpus, text: str, dispositif_id: str, name: str = "<text>") -> str:
    """Replace every ``{{ path | filter }}`` of ``text`` for one dispositif."""
    ns = _namespace(corpus, dispositif_id)

    def sub(m: re.Match) -> str:
        path, filt = m.group(1), m.group(2)
        line = text.count("\n", 0, m.start()) + 1
        try:
            value = _lookup(ns, path)
        except (KeyError, TypeError) as exc:
            raise ProseError(f"book/prose/{name}.md:{line}: champ inconnu {{{{ {path} }}}} "
                             f"pour {dispositif_id} : {exc}") from None
        if filt:
            if filt not in FILTERS:
                raise ProseError(f"book/prose/{name}.md:{line}: filtre inconnu {filt!r}")
            return myst_field(FILTERS[filt](value), in_code=_in_code_span(text, m.start()))
        if isinstance(value, (list, tuple, dict)) or hasattr(value, "__dataclass_fields__"):
            raise ProseError(f"book/prose/{name}.md:{line}: {{{{ {path} }}}} n'est pas une valeur simple")
        shown = _number(value) if isinstance(value, float) else str(value)
        return myst_field(shown, in_code=_in_code_span(text, m.start()))

    return PLACEHOLDER.sub(sub, text)


def _in_code_span(text: str, pos: int) -> bool:
    """Whether `pos` lies inside an inline code span (odd number of backticks before it
    in its paragraph)."""
    start = text.rfind("\n\n", 0, pos) + 1
    return text.count("`", start, pos) % 2 == 1


def _fragment(corpus: Corpus, name: str) -> str:
    try:
        return corpus.prose[name]
    except KeyError:
        raise ProseError(f"fragment de texte manquant : book/prose/{name}.md") from None


def render_markdown(corpus: Corpus, name: str, dispositif_id: str, *, heading_offset: int = 0) -> str:
    """MyST text of fragment ``name`` (``"dsr/contexte"``) with placeholders resolved.

    ``heading_offset`` adds that many ``#`` to every heading, to nest the fragment under a
    page's own headings. Raises :class:`ProseError` for a missing fragment or placeholder.
    """
    text = resolve(corpus, _fragment(corpus, name), dispositif_id, name)
    if heading_offset:
        text = re.sub(r"(?m)^(#{1,6}) ", lambda m: "#" * (len(m.group(1)) + heading_offset) + " ", text)
    return text


def render_blocks(corpus: Corpus, name: str, dispositif_id: str) -> list:
    """Fragment ``name`` resolved for one dispositif and parsed into blocks (for Word)."""
    return parse_markdown(render_markdown(corpus, name, dispositif_id), name)

