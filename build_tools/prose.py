"""Shared prose: MyST Markdown fragments under ``book/prose/``, used by the book and by Word.

The narrative of the DSR and AF (context, référencement process, eligibility, payment…) is
written once, in French, as small MyST Markdown files under ``book/prose/``. The corpus
loader puts them in ``corpus.prose`` (``"dsr/contexte"`` → text). Two consumers:

* the Jupyter Book pages call :func:`render_markdown` and get MyST text with every data
  placeholder resolved for one dispositif;
* the Word writer calls :func:`render_blocks` and gets the same text parsed into a small
  block tree (:class:`Heading`, :class:`Paragraph`, :class:`BulletList`, :class:`Admonition`).

Placeholders
------------
``{{ path }}`` or ``{{ path | filter }}`` inside a fragment is replaced by a value of the
corpus index. ``path`` starts with one of these roots (every value is inserted inert: MyST markup in
the data is escaped by :func:`~build_tools.render.html.myst_field`, and read back as
plain text by :func:`parse_inline` for Word):

``dispositif``
    the :class:`~build_tools.model.Dispositif` (``id``, ``titre``, ``version``, ``date``,
    ``type_code``, ``type_libelle``, ``prefixe``, ``statut_publication`` …) plus
    ``couloir_libelle``, ``vague_numero``, ``vague_libelle``, ``vague_periode``,
    ``vague_objet``, ``code_dsr`` (``DSR-<id>``), ``code_af`` (``AF-<id>``),
    ``rem_xlsx`` / ``rem_csv`` (file names of the published REM) and ``nb_exigences``.
``af``
    the dispositif's :class:`~build_tools.model.Financement` (``tva``, ``unite``,
    ``critere``, ``paiement.avance.pourcentage``, ``commande.anteriorite_max_jours`` …);
    an error when the dispositif has no AF.

Dotted segments read attributes of records and keys of dicts. Filters: ``date``
(``2022-07-15`` → ``15/07/2022``), ``heure`` (``14:00`` → ``14h00``), ``montant``
(``27000`` → ``27 000,00 €``), ``taux`` (``0.2`` → ``20 %``), ``pourcentage``
(``30`` → ``30 %``), ``minuscule``. An unknown root, segment or filter raises
:class:`ProseError`: a typo never reaches a published document.

Supported MyST subset (anything else raises :class:`ProseError`)
-----------------------------------------------------------------
``#``…``###`` headings (relative: ``#`` is one level below the section that includes the
fragment), paragraphs, ``-``/``*`` bullet lists (two-space indent = one nesting level),
``1.`` numbered lists, ``**bold**``, ``*italic*``, inline ```code```, ``[text](url)``
links, MyST roles ``{abbr}`text``` (text kept), admonitions written as a colon fence
``:::{note}`` … ``:::`` (``note``, ``important``, ``warning``, ``tip``, ``attention``,
``admonition`` with a title), ``%`` comment lines and ``(label)=`` targets (dropped for
Word), YAML front matter (dropped).
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from .model import Corpus, Dispositif
from .render.html import myst_field

__all__ = ["ProseError", "render_markdown", "render_blocks", "resolve", "parse_markdown",
           "Span", "Heading", "Paragraph", "BulletList", "Admonition", "FILTERS",
           "format_date", "format_time", "format_amount", "format_rate"]


class ProseError(ValueError):
    """A fragment is missing, uses an unknown placeholder or an unsupported construct."""


# --- French formatting (shared with the documents writer) ------------------------------
NBSP = "\u00a0"


def format_date(iso: str) -> str:
    """``2022-07-15`` → ``15/07/2022``."""
    y, m, d = str(iso).split("-")
    return f"{d}/{m}/{y}"


def format_time(hhmm: str | None) -> str:
    """``14:00`` → ``14h00``; None → ``""``."""
    if not hhmm:
        return ""
    h, m = str(hhmm).split(":")
    return f"{h}h{m}"


def format_amount(value: float) -> str:
    """``27000`` → ``27 000,00 €`` (no-break spaces as thousands separator and before €)."""
    cents = round(float(value) * 100)
    euros, c = divmod(abs(cents), 100)
    groups = f"{euros:,}".replace(",", NBSP)
    return f"{'-' if cents < 0 else ''}{groups},{c:02d}{NBSP}€"


def _number(v: float) -> str:
    v = float(v)
    return str(int(v)) if v.is_integer() else f"{v:g}".replace(".", ",")


def format_rate(value: float) -> str:
    """``0.2`` → ``20 %``."""
    return f"{_number(round(float(value) * 100, 6))}{NBSP}%"


FILTERS = {
    "date": format_date,
    "heure": format_time,
    "montant": format_amount,
    "taux": format_rate,
    "pourcentage": lambda v: f"{_number(v)}{NBSP}%",
    "minuscule": lambda v: str(v).lower(),
}


# --- placeholder resolution -------------------------------------------------------------
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


# --- the MyST subset --------------------------------------------------------------------
@dataclass(frozen=True)
class Span:
    text: str
    bold: bool = False
    italic: bool = False
    code: bool = False


@dataclass(frozen=True)
class Heading:
    level: int                       # 1 = one level below the including section
    spans: tuple[Span, ...]

    @property
    def text(self) -> str:
        return "".join(s.text for s in self.spans)


@dataclass(frozen=True)
class Paragraph:
    spans: tuple[Span, ...]

    @property
    def text(self) -> str:
        return "".join(s.text for s in self.spans)


@dataclass(frozen=True)
class ListItem:
    spans: tuple[Span, ...]
    level: int = 0                   # nesting depth


@dataclass(frozen=True)
class BulletList:
    items: tuple[ListItem, ...]
    ordered: bool = False


@dataclass(frozen=True)
class Admonition:
    kind: str                        # note, important, warning, tip, attention, admonition
    title: str
    blocks: tuple = field(default_factory=tuple)


ADMONITIONS = {"note": "Note", "important": "Important", "warning": "Avertissement", "tip": "Conseil",
               "attention": "Attention", "admonition": ""}
INLINE = re.compile(
    r"\\(?P<esc>[!-/:-@\[-`{-~])"
    r"|\*\*(?P<b>.+?)(?<!\\)\*\*"
    r"|(?<![\w*])\*(?P<i>[^*\s][^*]*?)\*(?![\w*])"
    r"|(?<!\w)_(?P<i2>[^_\s][^_]*?)_(?!\w)"
    r"|`(?P<c>[^`]+)`"
    r"|\{[a-z-]+\}`(?P<role>[^`]+)`"
    r"|\[(?P<lt>[^\]]+)\]\((?P<lu>[^)\s]+)\)")
LIST_RE = re.compile(r"^(?P<ind> *)(?P<m>[-*]|\d+\.) +(?P<t>.*)$")


def _parse_inline(text: str) -> list[Span]:
    spans: list[Span] = []
    pos = 0
    for m in INLINE.finditer(text):
        if m.start() > pos:
            spans.append(Span(text[pos:m.start()]))
        if m.group("esc") is not None:          # a backslash-escaped character is plain text
            spans.append(Span(m.group("esc")))
        elif m.group("b") is not None:
            spans.extend(Span(s.text, True, s.italic, s.code) for s in _parse_inline(m.group("b")))
        elif m.group("i") is not None or m.group("i2") is not None:
            inner = m.group("i") if m.group("i") is not None else m.group("i2")
            spans.extend(Span(s.text, s.bold, True, s.code) for s in _parse_inline(inner))
        elif m.group("c") is not None:
            spans.append(Span(m.group("c"), code=True))
        elif m.group("role") is not None:
            role = m.group("role")
            spans.append(Span(re.sub(r"\s*<[^>]*>$", "", role)))
        else:
            spans.append(Span(m.group("lt")))
        pos = m.end()
    if pos < len(text):
        spans.append(Span(text[pos:]))
    return spans


def parse_inline(text: str) -> tuple[Span, ...]:
    """Inline MyST -> spans; neighbours with the same formatting are merged."""
    out: list[Span] = []
    for span in _parse_inline(text):
        if out and (out[-1].bold, out[-1].italic, out[-1].code) == (span.bold, span.italic, span.code):
            out[-1] = Span(out[-1].text + span.text, span.bold, span.italic, span.code)
        else:
            out.append(span)
    return tuple(out)


def _join(lines: list[str]) -> str:
    return " ".join(line.strip() for line in lines if line.strip())


def parse_markdown(text: str, name: str = "<text>") -> list:
    """Parse the supported MyST subset into blocks; raise :class:`ProseError` otherwise."""
    lines = text.splitlines()
    if lines and lines[0].strip() == "---":                     # front matter
        try:
            end = next(i for i in range(1, len(lines)) if lines[i].strip() == "---")
        except StopIteration:
            raise ProseError(f"book/prose/{name}.md:1: en-tête (front matter) non fermé") from None
        lines = [""] * (end + 1) + lines[end + 1:]
    blocks, _ = _parse(lines, 0, name, None)
    return blocks


def _parse(lines: list[str], i: int, name: str, fence: str | None) -> tuple[list, int]:
    blocks: list = []
    para: list[str] = []
    items: list[ListItem] = []
    ordered = False
    item_lines: list[str] = []
    item_level = 0

    def flush_para():
        if para:
            blocks.append(Paragraph(parse_inline(_join(para))))
            para.clear()

    def flush_item():
        nonlocal item_lines
        if item_lines:
            items.append(ListItem(parse_inline(_join(item_lines)), item_level))
            item_lines = []

    def flush_list():
        flush_item()
        if items:
            blocks.append(BulletList(tuple(items), ordered))
            items.clear()

    while i < len(lines):
        raw = lines[i]
        line = raw.rstrip()
        stripped = line.strip()
        where = f"book/prose/{name}.md:{i + 1}"
        if fence is not None and stripped == fence:
            flush_para()
            flush_list()
            return blocks, i + 1
        m_adm = re.match(r"^(:{3,})\{([a-z-]+)\}\s*(.*)$", stripped)
        if not stripped:
            flush_para()
            if (items or item_lines) and i + 1 < len(lines) and LIST_RE.match(lines[i + 1]):
                flush_item()
            else:
                flush_list()
            i += 1
            continue
        if stripped.startswith("%") or re.fullmatch(r"\([\w:.-]+\)=", stripped):
            i += 1
            continue
        if m_adm:
            flush_para()
            flush_list()
            kind, title = m_adm.group(2), m_adm.group(3).strip()
            if kind not in ADMONITIONS:
                raise ProseError(f"{where}: directive {{{kind}}} non prise en charge (acceptées : "
                                 f"{', '.join(sorted(ADMONITIONS))})")
            j = i + 1
            while j < len(lines) and lines[j].strip().startswith(":") and not lines[j].strip().startswith(":::"):
                j += 1                                         # directive options (:class: …)
            inner, i = _parse(lines, j, name, m_adm.group(1))
            blocks.append(Admonition(kind, title or ADMONITIONS[kind], tuple(inner)))
            continue
        if stripped.startswith("```") or stripped.startswith("|") or stripped.startswith(">") \
                or stripped.startswith(":::") or stripped.startswith("<"):
            raise ProseError(f"{where}: construction MyST non prise en charge {stripped[:20]!r} (voir build_tools/prose.py)")
        m_head = re.match(r"^(#{1,6})\s+(.*)$", stripped)
        if m_head:
            flush_para()
            flush_list()
            level = len(m_head.group(1))
            if level > 3:
                raise ProseError(f"{where}: titres plus profonds que ### non pris en charge")
            blocks.append(Heading(level, parse_inline(m_head.group(2).strip())))
            i += 1
            continue
        m_list = LIST_RE.match(line)
        if m_list and not para:
            flush_item()
            is_ordered = m_list.group("m")[0].isdigit()
            if items and is_ordered != ordered and not m_list.group("ind"):
                flush_list()
            if not items:
                ordered = is_ordered
            item_level = len(m_list.group("ind")) // 2
            item_lines = [m_list.group("t")]
            i += 1
            continue
        if (items or item_lines) and raw.startswith(" "):
            item_lines.append(stripped)                         # continuation of an item
            i += 1
            continue
        flush_list()
        para.append(stripped)
        i += 1
    if fence is not None:
        raise ProseError(f"book/prose/{name}.md: encadré non fermé par {fence}")
    flush_para()
    flush_list()
    return blocks, i
