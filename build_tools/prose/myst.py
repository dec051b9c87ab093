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


class _Blocks:
    """The blocks of one level (the page, or an admonition's body) and the paragraph or list
    being read."""

    def __init__(self) -> None:
        self.blocks: list = []
        self.para: list[str] = []
        self.items: list[ListItem] = []
        self.ordered = False
        self.item_lines: list[str] = []
        self.item_level = 0

    def flush_para(self) -> None:
        if self.para:
            self.blocks.append(Paragraph(parse_inline(_join(self.para))))
            self.para.clear()

    def flush_item(self) -> None:
        if self.item_lines:
            self.items.append(ListItem(parse_inline(_join(self.item_lines)), self.item_level))
            self.item_lines = []

    def flush_list(self) -> None:
        self.flush_item()
        if self.items:
            self.blocks.append(BulletList(tuple(self.items), self.ordered))
            self.items.clear()

    def close(self) -> None:
        self.flush_para()
        self.flush_list()

    def in_list(self) -> bool:
        return bool(self.items or self.item_lines)

    def blank(self, list_follows: bool) -> None:
        """An empty line ends a paragraph, and the list unless another item follows."""
        self.flush_para()
        if self.in_list() and list_follows:
            self.flush_item()
        else:
            self.flush_list()

    def start_item(self, m: re.Match) -> None:
        self.flush_item()
        is_ordered = m.group("m")[0].isdigit()
        if self.items and is_ordered != self.ordered and not m.group("ind"):
            self.flush_list()
        if not self.items:
            self.ordered = is_ordered
        self.item_level = len(m.group("ind")) // 2
        self.item_lines = [m.group("t")]


def _admonition(lines: list[str], i: int, name: str, m: re.Match, where: str) -> tuple[Admonition, int]:
    kind, title = m.group(2), m.group(3).strip()
    if kind not in ADMONITIONS:
        raise ProseError(f"{where}: directive {{{kind}}} non prise en charge (acceptées : "
                         f"{', '.join(sorted(ADMONITIONS))})")
    j = i + 1
    while j < len(lines) and lines[j].strip().startswith(":") and not lines[j].strip().startswith(":::"):
        j += 1                                         # directive options (:class: …)
    inner, end = _parse(lines, j, name, m.group(1))
    return Admonition(kind, title or ADMONITIONS[kind], tuple(inner)), end


def _heading(m: re.Match, where: str) -> Heading:
    level = len(m.group(1))
    if level > 3:
        raise ProseError(f"{where}: titres plus profonds que ### non pris en charge")
    return Heading(level, parse_inline(m.group(2).strip()))


def _parse(lines: list[str], i: int, name: str, fence: str | None) -> tuple[list, int]:
    st = _Blocks()
    while i < len(lines):
        raw = lines[i]
        line = raw.rstrip()
        stripped = line.strip()
        where = f"book/prose/{name}.md:{i + 1}"
        if fence is not None and stripped == fence:
            st.close()
            return st.blocks, i + 1
        if not stripped:
            st.blank(i + 1 < len(lines) and bool(LIST_RE.match(lines[i + 1])))
            i += 1
            continue
        if stripped.startswith("%") or re.fullmatch(r"\([\w:.-]+\)=", stripped):
            i += 1
            continue
        m_adm = re.match(r"^(:{3,})\{([a-z-]+)\}\s*(.*)$", stripped)
        if m_adm:
            st.close()
            block, i = _admonition(lines, i, name, m_adm, where)
            st.blocks.append(block)
            continue
        if stripped.startswith(("```", "|", ">", ":::", "<")):
            raise ProseError(f"{where}: construction MyST non prise en charge {stripped[:20]!r} (voir build_tools/prose/myst.py)")
        m_head = re.match(r"^(#{1,6})\s+(.*)$", stripped)
        if m_head:
            st.close()
            st.blocks.append(_heading(m_head, where))
        elif (m_list := LIST_RE.match(line)) and not st.para:
            st.start_item(m_list)
        elif st.in_list() and raw.startswith(" "):
            st.item_lines.append(stripped)                      # continuation of an item
        else:
            st.flush_list()
            st.para.append(stripped)
        i += 1
    if fence is not None:
        raise ProseError(f"book/prose/{name}.md: encadré non fermé par {fence}")
    st.close()
    return st.blocks, i
