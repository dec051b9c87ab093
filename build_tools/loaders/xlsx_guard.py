"""Measure an .xlsx before any parser opens it: refuse zip bombs and oversized sheets.

openpyxl inflates and parses whole sheets: a 1 MB file can hold a 1 GiB sheet, and a
200,000-row grid costs minutes and gigabytes. :func:`survey` reads only the zip directory
(declared sizes) and then streams each worksheet's XML once, counting rows, stopping at
the first limit crossed. Every importer (REM workbook, ANS export, concertation grid)
calls :func:`open_workbook`, which surveys first. XML is parsed through defusedxml
(installed with the project; openpyxl uses it when present).
"""
from __future__ import annotations

import posixpath
import re
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

from defusedxml import ElementTree as SafeET

MAX_UNCOMPRESSED = 100 * 1024 * 1024     # all parts together, as declared in the zip directory
MAX_PART = 64 * 1024 * 1024              # one part (sheet, shared strings)
MAX_ROWS = 50_000                        # rows of one sheet
MAX_PARTS = 2_000                        # entries in the zip
_CHUNK = 1 << 20
_TAG = re.compile(rb"<(?:[A-Za-z][\w.-]*:)?(row|f)[\s>/]")
_NS_MAIN = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
_NS_REL = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
_NS_PKG = "{http://schemas.openxmlformats.org/package/2006/relationships}"


class XlsxRefused(Exception):
    """The file is not a workbook we may open; the message says why and gives the limit."""


@dataclass
class SheetSurvey:
    title: str
    part: str
    rows: int = 0
    formulas: int = 0


@dataclass
class XlsxSurvey:
    path: Path
    uncompressed: int
    sheets: list[SheetSurvey] = field(default_factory=list)

    def sheet(self, title: str) -> SheetSurvey | None:
        return next((s for s in self.sheets if s.title == title), None)


def _mb(n: int) -> str:
    return f"{n / (1024 * 1024):.0f} Mo"


def _sheet_titles(z: zipfile.ZipFile) -> dict[str, str]:
    """Worksheet part name -> sheet title (parts without a title keep their file name)."""
    try:
        book = SafeET.fromstring(z.read("xl/workbook.xml"))
        rels = SafeET.fromstring(z.read("xl/_rels/workbook.xml.rels"))
    except (KeyError, SafeET.ParseError, ValueError):
        return {}
    targets = {r.get("Id"): r.get("Target", "") for r in rels.iter(f"{_NS_PKG}Relationship")}
    out = {}
    for s in book.iter(f"{_NS_MAIN}sheet"):
        target = targets.get(s.get(f"{_NS_REL}id"), "")
        part = target.lstrip("/") if target.startswith("/") else posixpath.normpath(posixpath.join("xl", target))
        out[part] = s.get("name", part)
    return out


def _stream_sheet(z: zipfile.ZipFile, info: zipfile.ZipInfo, sheet: SheetSurvey, name: str) -> None:
    carry = b""
    read = 0
    with z.open(info) as fh:
        while True:
            chunk = fh.read(_CHUNK)
            if not chunk:
                break
            read += len(chunk)
            if read > MAX_PART:
                raise XlsxRefused(f"{name} : la feuille « {sheet.title} » dépasse {_mb(MAX_PART)} une fois décompressée "
                                  f"(limite par partie du classeur)")
            data = carry + chunk
            cut = data.rfind(b"<")
            if cut >= 0 and len(data) - cut < 64:
                data, carry = data[:cut], data[cut:]
            else:
                carry = b""
            for m in _TAG.finditer(data):
                if m.group(1) == b"row":
                    sheet.rows += 1
                else:
                    sheet.formulas += 1
            if sheet.rows > MAX_ROWS:
                raise XlsxRefused(f"{name} : la feuille « {sheet.title} » a plus de {MAX_ROWS:,} lignes "
                                  f"(limite de l'outil ; un REM ou une grille en compte quelques milliers)"
                                  .replace(",", " "))


def survey(path: str | Path) -> XlsxSurvey:
    """Sizes and row counts of a workbook, without parsing it; raises XlsxRefused."""
    path = Path(path)
    name = path.name
    try:
        z = zipfile.ZipFile(path)
    except (zipfile.BadZipFile, OSError, ValueError) as exc:
        raise XlsxRefused(f"{name} : ce n'est pas un classeur .xlsx lisible ({exc})") from None
    with z:
        infos = z.infolist()
        if len(infos) > MAX_PARTS:
            raise XlsxRefused(f"{name} : {len(infos)} parties dans le classeur (limite {MAX_PARTS})")
        total = sum(i.file_size for i in infos)
        if total > MAX_UNCOMPRESSED:
            raise XlsxRefused(f"{name} : {_mb(total)} une fois décompressé, au-delà de la limite de "
                              f"{_mb(MAX_UNCOMPRESSED)} (fichier de {_mb(path.stat().st_size)} : archive piégée ?)")
        big = next((i for i in infos if i.file_size > MAX_PART), None)
        if big is not None:
            raise XlsxRefused(f"{name} : la partie {big.filename} fait {_mb(big.file_size)} une fois décompressée, "
                              f"au-delà de la limite de {_mb(MAX_PART)}")
        titles = _sheet_titles(z)
        out = XlsxSurvey(path, total)
        try:
            for info in infos:
                if info.filename.startswith("xl/worksheets/") and info.filename.endswith(".xml"):
                    sheet = SheetSurvey(titles.get(info.filename, info.filename), info.filename)
                    _stream_sheet(z, info, sheet, name)
                    out.sheets.append(sheet)
        except (zipfile.BadZipFile, OSError, EOFError, RuntimeError, NotImplementedError) as exc:
            raise XlsxRefused(f"{name} : archive endommagée ({exc})") from None
    return out


def open_workbook(path: str | Path, **kwargs):
    """openpyxl.load_workbook after :func:`survey` (raises XlsxRefused before any parsing)."""
    import openpyxl
    survey(path)
    return openpyxl.load_workbook(path, **kwargs)
