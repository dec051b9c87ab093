"""The MyST subset of the prose fragments, parsed into blocks the Word writer lays out."""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from .errors import ProseError


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
            raise ProseError(f"{where}: construction MyST non prise en charge {stripped[:20]!r} (voir build_tools/prose/myst.py)")
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
