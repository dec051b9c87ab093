"""Deterministic save: same document → same bytes.

python-docx stamps zip entries with the current time and keeps the template's thumbnail;
core properties default to "now". :func:`save_reproducible` fixes all of that: core
properties from the caller (dates from the data), no thumbnail, zip entries re-written in
the same order with ``date_time=(1980, 1, 1, 0, 0, 0)``, fixed permissions and
``create_system=0``, deflate level 9.
"""
from __future__ import annotations

import io
import zipfile
from datetime import datetime, timezone
from pathlib import Path

from docx.oxml import OxmlElement
from docx.oxml.ns import qn

ZIP_DATE = (1980, 1, 1, 0, 0, 0)


def _drop_thumbnail(doc) -> None:
    rels = doc.part.package.rels
    for rid in [rid for rid, rel in rels.items() if rel.reltype.endswith("/thumbnail")]:
        del rels[rid]


def _update_fields_on_open(doc) -> None:
    settings = doc.settings.element
    if settings.find(qn("w:updateFields")) is None:
        el = OxmlElement("w:updateFields")
        el.set(qn("w:val"), "true")
        settings.append(el)
    rsids = settings.find(qn("w:rsids"))
    if rsids is not None:
        settings.remove(rsids)


def save_reproducible(doc, path: str | Path, *, title: str, subject: str, version: str, date_iso: str,
                      author: str, identifier: str = "", keywords: str = "", category: str = "",
                      language: str = "fr-FR") -> bytes:
    """Save ``doc`` to ``path`` byte-reproducibly; returns the bytes written."""
    when = datetime.fromisoformat(date_iso).replace(tzinfo=timezone.utc)
    cp = doc.core_properties
    cp.title, cp.subject, cp.version = title, subject, version
    cp.author = cp.last_modified_by = author
    cp.identifier, cp.keywords, cp.category, cp.language = identifier, keywords, category, language
    cp.comments = ""
    cp.revision = 1
    cp.created = cp.modified = when
    _drop_thumbnail(doc)
    _update_fields_on_open(doc)
    raw = io.BytesIO()
    doc.save(raw)
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(raw.getvalue())) as zin, \
            zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as zout:
        for info in zin.infolist():
            fixed = zipfile.ZipInfo(info.filename, date_time=ZIP_DATE)
            fixed.compress_type = zipfile.ZIP_DEFLATED
            fixed.create_system = 0
            fixed.external_attr = 0
            zout.writestr(fixed, zin.read(info.filename), compresslevel=9)
    data = out.getvalue()
    Path(path).write_bytes(data)
    return data
