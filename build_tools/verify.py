"""Every published file is opened back before it enters the manifest.

A full disk or a crashed converter leaves files that exist but are not what they claim
(a PDF without trailer, a zip cut short). Each kind is read with an independent reader:
PDF with pypdf (page count > 0), xlsx/docx as zip archives (CRC of every entry, the
parts a reader needs), JSON and ReqIF/XML parsed, CSV decoded.
"""
from __future__ import annotations

import json
import zipfile
from pathlib import Path

REQUIRED_PARTS = {".xlsx": ("[Content_Types].xml", "xl/workbook.xml"),
                  ".docx": ("[Content_Types].xml", "word/document.xml")}


def _pdf(path: Path) -> str:
    import logging

    from pypdf import PdfReader
    from pypdf.errors import PyPdfError
    logging.getLogger("pypdf").setLevel(logging.ERROR)
    with open(path, "rb") as fh:
        head = fh.read(5)
    if head != b"%PDF-":
        return "ce n'est pas un PDF (en-tête %PDF- absent)"
    try:
        reader = PdfReader(str(path), strict=True)
        pages = len(reader.pages)
    except (PyPdfError, ValueError, KeyError, TypeError, OSError, AttributeError, IndexError) as exc:
        return f"PDF illisible ({type(exc).__name__}: {exc})"
    return "" if pages > 0 else "PDF sans aucune page"


def _zip(path: Path) -> str:
    try:
        with zipfile.ZipFile(path) as z:
            bad = z.testzip()
            if bad:
                return f"archive endommagée (partie {bad})"
            names = set(z.namelist())
    except (zipfile.BadZipFile, OSError, EOFError, ValueError) as exc:
        return f"archive illisible ({exc})"
    missing = [p for p in REQUIRED_PARTS.get(path.suffix, ()) if p not in names]
    return f"partie(s) manquante(s) : {', '.join(missing)}" if missing else ""


def problem_of(path: Path) -> str:
    """'' when the file reads back as what its suffix says, else why not (French)."""
    path = Path(path)
    try:
        if path.stat().st_size == 0:
            return "fichier vide"
        suffix = path.suffix.lower()
        if suffix == ".pdf":
            return _pdf(path)
        if suffix in (".xlsx", ".docx"):
            return _zip(path)
        if suffix == ".json":
            json.loads(path.read_text("utf-8"))
        elif suffix in (".reqif", ".xml"):
            from defusedxml import ElementTree
            ElementTree.parse(str(path))
        elif suffix == ".csv":
            path.read_bytes().decode("utf-8")
        elif suffix == ".reqif":   # our own XML: it must parse whole
            from xml.etree import ElementTree
            ElementTree.parse(path)
    except FileNotFoundError:
        return "fichier absent"
    except (OSError, UnicodeDecodeError, ValueError, SyntaxError) as exc:   # ParseError is a SyntaxError
        return f"relecture impossible ({exc})"
    return ""


def verify_all(folder: Path, relpaths: list[str]) -> list[str]:
    """['path: why'] for every file that does not read back."""
    return [f"{rel} : {why}" for rel in relpaths if (why := problem_of(folder / rel))]
