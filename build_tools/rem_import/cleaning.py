"""Text normalisation for spreadsheet cells, each step reporting what it changed.

Every helper takes a cell value and returns ``(clean text, [fix descriptions])`` so that
an importer can report ``sheet!row: fix``. The descriptions are short French phrases shown
to authors ("3 balises HTML supprimées", "espace en fin supprimée de l'identifiant 'SGL.CDA/DD.05 '"); an empty list
means the value was already clean.

Only real HTML is touched: tags are recognised by name (``<p>``, ``<br/>``, ``<span …>`` …),
so placeholders written between angle brackets in requirement texts (``<NOM>``,
``<date de l’acte>``, ``<identifiant>``, ``<id>``) are kept.
"""
from __future__ import annotations

import html
import re

Fixes = list[str]

# HTML elements seen in rich-text exports (Squash TM, Google Sheets, Word paste)
_BLOCK_TAGS = ("p", "div", "li", "ul", "ol", "tr", "table", "h1", "h2", "h3", "h4", "h5", "h6",
               "blockquote", "pre", "tbody", "thead")
_INLINE_TAGS = ("span", "b", "i", "u", "s", "em", "strong", "font", "a", "sub", "sup", "td", "th",
                "small", "big", "code", "strike", "del", "ins", "mark", "o:p", "col", "colgroup",
                "hr", "img")
_TAG_NAMES = "|".join(sorted(set(_BLOCK_TAGS + _INLINE_TAGS + ("br",)), key=len, reverse=True))
# the name must be followed by '>', '/', or a space and attributes: `<b>` but not `<bilan>`
TAG_RE = re.compile(rf"</?(?:{_TAG_NAMES})(?:\s+[^<>]*)?\s*/?>", re.IGNORECASE)
_BREAK_RE = re.compile(r"<br\s*/?>", re.IGNORECASE)
_BLOCK_END_RE = re.compile(rf"</(?:{'|'.join(_BLOCK_TAGS)})\s*>", re.IGNORECASE)
_LI_RE = re.compile(r"<li(?:\s+[^<>]*)?>", re.IGNORECASE)
ENTITY_RE = re.compile(r"&(?:#\d{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});")
NBSP_CHARS = "\u00a0\u202f\u2007"          # no-break space, narrow no-break, figure space
_INVISIBLE = "\u200b\ufeff\u00ad"           # zero-width space, BOM, soft hyphen
_INVISIBLE_RE = re.compile(f"[{_INVISIBLE}]")


def _fix(n: int, noun: str, participle: str, adjective: str = "") -> str:
    """A French fix description with agreement: `3 balises HTML supprimées`, `1 balise HTML supprimée`."""
    plural = "" if n == 1 else "s"
    if adjective and not adjective.isupper():   # "HTML" is invariable
        adjective += plural
    words = [f"{noun}{plural}"] + ([adjective] if adjective else []) + [f"{participle}{plural}"]
    return f"{n} " + " ".join(words)


def as_text(value) -> str:
    """A cell value as text: None -> '', numbers without a spurious '.0'."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def strip_html(text: str) -> tuple[str, Fixes]:
    """Remove HTML tags; `<br/>`, `</p>`, `</div>`, `</li>` … become line breaks."""
    tags = TAG_RE.findall(text)
    if not tags:
        return text, []
    out = text.replace("\r\n", "\n")
    # a <br/> directly followed by a newline (the usual export form) is one break, not two
    out = re.sub(r"<br\s*/?>[ \t]*\n", "\n", out, flags=re.IGNORECASE)
    out = _BREAK_RE.sub("\n", out)
    out = _LI_RE.sub("\n- ", out)
    out = _BLOCK_END_RE.sub("\n", out)
    out = TAG_RE.sub("", out)
    out = re.sub(r"\n{3,}", "\n\n", out)
    return out, [_fix(len(tags), "balise", "supprimée", "HTML")]


def unescape_entities(text: str) -> tuple[str, Fixes]:
    """Decode HTML entities (`&eacute;`, `&#39;`, `&nbsp;` …); a bare '&' is kept."""
    found = ENTITY_RE.findall(text)
    if not found:
        return text, []
    out = ENTITY_RE.sub(lambda m: html.unescape(m.group(0)), text)
    decoded = sum(1 for e in found if html.unescape(e) != e)
    if not decoded:
        return text, []
    return out, [_fix(decoded, "entité", "décodée", "HTML")]


def replace_nbsp(text: str) -> tuple[str, Fixes]:
    """Non-breaking spaces -> plain spaces; zero-width characters removed."""
    n = sum(text.count(c) for c in NBSP_CHARS)
    z = len(_INVISIBLE_RE.findall(text))
    if not n and not z:
        return text, []
    out = text
    for c in NBSP_CHARS:
        out = out.replace(c, " ")
    out = _INVISIBLE_RE.sub("", out)
    fixes = []
    if n:
        fixes.append(_fix(n, "espace", "remplacée", "insécable"))
    if z:
        fixes.append(_fix(z, "caractère", "supprimé", "invisible"))
    return out, fixes


def trim_spaces(text: str, multiline: bool = True) -> tuple[str, Fixes]:
    """Strip the text, the end of each line and runs of blank lines (multiline), or
    collapse every whitespace run to one space (single line)."""
    if multiline:
        lines = [ln.rstrip() for ln in text.replace("\r\n", "\n").replace("\r", "\n").split("\n")]
        out = re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip()
        out = re.sub(r"[ \t]{2,}", " ", out)
    else:
        out = " ".join(text.split())
    if out == text:
        return text, []
    if out == text.strip():
        what = []
        if text[:1].isspace():
            what.append("en début")
        if text[-1:].isspace():
            what.append("en fin")
        return out, [f"espaces {' et '.join(what)} supprimées"]
    return out, ["espaces superflues supprimées"]


def clean_text(value, multiline: bool = True) -> tuple[str, Fixes]:
    """The whole normalisation of a text cell: HTML tags, entities, non-breaking spaces,
    stray spaces. ``multiline=False`` also folds line breaks (labels, titles)."""
    text = as_text(value)
    fixes: Fixes = []
    for step in (strip_html, unescape_entities, replace_nbsp):
        text, f = step(text)
        fixes += f
    text, f = trim_spaces(text, multiline)
    # after HTML/NBSP fixes the trim is part of the same clean-up; report it only alone
    if f and not fixes:
        fixes += f
    return text, fixes


def clean_label(value) -> tuple[str, Fixes]:
    """A one-line text (section, bloc, fonction, profile): everything on one line."""
    return clean_text(value, multiline=False)


def clean_id(value) -> tuple[str, Fixes]:
    """An identifier cell: non-breaking spaces and surrounding spaces removed, nothing else.

    Inner spaces, placeholders (XX) and malformed numbering are kept on purpose: the
    checker reports them.
    """
    raw = as_text(value)
    text = raw
    for c in NBSP_CHARS:
        text = text.replace(c, " ")
    text = _INVISIBLE_RE.sub("", text).strip()
    if text == raw:
        return text, []
    where = []
    if raw[:1].isspace() or raw[:1] in _INVISIBLE:
        where.append("en début")
    if raw[-1:].isspace() or raw[-1:] in _INVISIBLE:
        where.append("en fin")
    kind = "espace insécable" if any(c in raw for c in NBSP_CHARS) else "espace"
    where_text = " et ".join(where) or "intérieure"
    if len(where) == 2:   # one on each side
        kind = kind.replace("espace", "espaces").replace("insécable", "insécables")
        return text, [f"{kind} {where_text} supprimées de l'identifiant {raw!r}"]
    return text, [f"{kind} {where_text} supprimée de l'identifiant {raw!r}"]


def split_code_label(value: str, code: str) -> str:
    """`DMP/HISTO_Reprise historique` -> `Reprise historique` when the cell repeats a code
    before '_' (ANS's "<code>_<libellé>" section cells); otherwise the text itself."""
    head, sep, tail = value.partition("_")
    if sep and tail.strip() and (head == code or code.startswith(head) or head.startswith("SC.")
                                 or re.fullmatch(r"[A-Z0-9/-]+", head)):
        return tail.strip()
    return value
