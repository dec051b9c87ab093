"""Word → PDF with LibreOffice headless, in one batch, with stable bytes.

How
---
``soffice --convert-to pdf`` does not update a Word table of contents: the PDF would show
the cached entries without page numbers. So the batch runs a small StarBasic macro
(installed in a throw-away LibreOffice profile, ``-env:UserInstallation=file:///tmp/…``)
that opens each .docx hidden, updates its indexes (TOC with page numbers) and fields, and
exports it with ``writer_pdf_Export``. One ``soffice`` call converts every document of a
publication; a first short call initialises the fresh profile (``--terminate_after_init``).
If the macro run fails for a document, that document falls back to a plain
``--convert-to pdf`` (TOC without page numbers) rather than being lost.

Reproducibility
---------------
LibreOffice stamps ``/CreationDate`` (and ``/ModDate`` when present) with the clock and
derives ``/ID`` and the trailer's ``/DocChecksum`` from it. :func:`normalise_pdf` rewrites them in place, keeping their
byte length so the xref offsets stay valid: dates become the document's own date
(``D:YYYYMMDD000000Z``, from the data) and both ``/ID`` strings become the first 32 hex
digits of the source .docx's sha256, ``/DocChecksum`` the last 32. With the same LibreOffice version and fonts, the same
.docx then gives the same PDF bytes (checked by the tests); another LibreOffice version or
font set may lay out differently.
"""
from __future__ import annotations

import hashlib
import os
import re
import shutil
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path

TIMEOUT_S = 600
INIT_TIMEOUT_S = 120

MACRO = """<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE script:module PUBLIC "-//OpenOffice.org//DTD OfficeDocument 1.0//EN" "module.dtd">
<script:module xmlns:script="http://openoffice.org/2000/script" script:name="Segur" script:language="StarBasic">
Sub ConvertAll(listFile As String, logFile As String)
  Dim n As Integer, m As Integer, sLine As String, parts
  n = FreeFile
  Open listFile For Input As #n
  m = FreeFile
  Open logFile For Output As #m
  Do While Not EOF(n)
    Line Input #n, sLine
    If Len(sLine) &gt; 0 Then
      parts = Split(sLine, Chr(9))
      Print #m, ConvertOne(parts(0), parts(1)) &amp; Chr(9) &amp; parts(1)
    End If
  Loop
  Close #m
  Close #n
End Sub

Function ConvertOne(src As String, dst As String) As String
  Dim doc As Object, i As Integer
  Dim args(0) As New com.sun.star.beans.PropertyValue
  Dim out(0) As New com.sun.star.beans.PropertyValue
  On Error GoTo Failed
  args(0).Name = &quot;Hidden&quot; : args(0).Value = True
  out(0).Name = &quot;FilterName&quot; : out(0).Value = &quot;writer_pdf_Export&quot;
  doc = StarDesktop.loadComponentFromURL(ConvertToURL(src), &quot;_blank&quot;, 0, args())
  For i = 0 To doc.getDocumentIndexes().getCount() - 1
    doc.getDocumentIndexes().getByIndex(i).update()
  Next i
  doc.getTextFields().refresh()
  doc.storeToURL(ConvertToURL(dst), out())
  doc.close(True)
  ConvertOne = &quot;OK&quot;
  Exit Function
Failed:
  ConvertOne = &quot;ERROR &quot; &amp; Err &amp; &quot; &quot; &amp; Error$
  On Error Resume Next
  If Not IsNull(doc) Then doc.close(True)
End Function
</script:module>
"""


class PdfUnavailable(RuntimeError):
    """LibreOffice is missing: the PDFs are skipped with a note."""


class PdfFailed(RuntimeError):
    """LibreOffice ran but did not produce every PDF whole: the publication must stop."""


@dataclass(frozen=True)
class PdfJob:
    docx: Path
    pdf: Path
    date_iso: str          # the document's date (fixed /CreationDate)


def find_soffice() -> str | None:
    for name in ("soffice", "libreoffice"):
        path = shutil.which(name)
        if path:
            return path
    return None


def _env() -> dict:
    env = dict(os.environ)
    env.setdefault("HOME", tempfile.gettempdir())
    env["SAL_USE_VCLPLUGIN"] = "svp"          # no display needed
    # same bytes on any machine: LibreOffice stamps dates with the local zone and lays out
    # some strings by locale, so both are fixed (the documents carry their own language)
    env["TZ"] = "UTC"
    env["LANG"] = env["LC_ALL"] = "C.UTF-8"
    env.pop("LANGUAGE", None)
    return env


def _init_profile(soffice: str, profile: Path) -> None:
    url = profile.as_uri()
    subprocess.run([soffice, f"-env:UserInstallation={url}", "--headless", "--terminate_after_init"],
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, timeout=INIT_TIMEOUT_S,
                   env=_env(), check=False)
    std = profile / "user" / "basic" / "Standard"
    if not (std / "script.xlb").is_file():
        raise PdfUnavailable("LibreOffice n'a pas initialisé son profil")
    (std / "Segur.xba").write_text(MACRO, "utf-8")
    xlb = (std / "script.xlb").read_text("utf-8")
    if 'library:name="Segur"' not in xlb:
        xlb = xlb.replace("</library:library>", ' <library:element library:name="Segur"/>\n</library:library>')
        (std / "script.xlb").write_text(xlb, "utf-8")


def _plain_convert(soffice: str, profile: Path, jobs: list[PdfJob], tmp: Path) -> None:
    outdir = tmp / "plain"
    outdir.mkdir(exist_ok=True)
    run = subprocess.run([soffice, f"-env:UserInstallation={profile.as_uri()}", "--headless", "--convert-to", "pdf",
                          "--outdir", str(outdir), *[str(j.docx) for j in jobs]],
                         stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, timeout=TIMEOUT_S, env=_env(), check=False)
    if run.returncode != 0:
        raise PdfFailed(f"LibreOffice (conversion simple) a échoué avec le code {run.returncode} : "
                        f"{_last_line(run.stderr)}")
    for j in jobs:
        produced = outdir / (j.docx.stem + ".pdf")
        if produced.is_file():
            shutil.move(str(produced), j.pdf)


def _last_line(stderr: bytes | None) -> str:
    lines = [x for x in (stderr or b"").decode("utf-8", "replace").splitlines() if x.strip()]
    return lines[-1][:200] if lines else "aucun message"


def convert(jobs: list[PdfJob], *, soffice: str | None = None) -> list[str]:
    """Convert every job in one LibreOffice batch; returns warnings (documents that fell back).

    Raises :class:`PdfUnavailable` when LibreOffice is missing, :class:`PdfFailed` when it ran
    but some PDF is missing or could not be normalised.
    """
    if not jobs:
        return []
    soffice = soffice or find_soffice()
    if not soffice:
        raise PdfUnavailable("LibreOffice (soffice) n'est pas installé")
    warnings: list[str] = []
    with tempfile.TemporaryDirectory(prefix="segur-lo-") as t:
        tmp = Path(t)
        profile = tmp / "profile"
        try:
            _init_profile(soffice, profile)
            listing = tmp / "jobs.tsv"
            log = tmp / "log.tsv"
            listing.write_text("".join(f"{j.docx.resolve()}\t{j.pdf.resolve()}\n" for j in jobs), "utf-8")
            macro = f'macro:///Standard.Segur.ConvertAll("{listing}","{log}")'
            run = subprocess.run([soffice, f"-env:UserInstallation={profile.as_uri()}", "--headless", "--invisible",
                                  macro], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, timeout=TIMEOUT_S,
                                 env=_env(), check=False)
            if run.returncode != 0:        # whatever it wrote is suspect: convert again, plainly
                for j in jobs:
                    j.pdf.unlink(missing_ok=True)
                raise PdfUnavailable(f"code de sortie {run.returncode} : {_last_line(run.stderr)}")
            failed = [x for x in log.read_text("utf-8", "replace").splitlines() if not x.startswith("OK\t")] \
                if log.is_file() else []
            for line in failed:
                Path(line.rsplit("\t", 1)[-1]).unlink(missing_ok=True)
        except (subprocess.TimeoutExpired, PdfUnavailable, OSError) as exc:
            warnings.append(f"échec de la macro LibreOffice ({exc}) : conversion simple utilisée")
        missing = [j for j in jobs if not j.pdf.is_file()]
        if missing:
            warnings.extend(f"{j.docx.name}: sommaire non mis à jour (conversion simple)" for j in missing)
            try:
                _plain_convert(soffice, profile, missing, tmp)
            except (subprocess.TimeoutExpired, OSError) as exc:
                raise PdfFailed(f"LibreOffice interrompu : {exc}") from None
    still = [j.docx.name for j in jobs if not j.pdf.is_file()]
    if still:
        raise PdfFailed(f"LibreOffice n'a pas converti {', '.join(still)}")
    for j in jobs:
        try:
            normalise_pdf(j.pdf, j.date_iso, hashlib.sha256(j.docx.read_bytes()).hexdigest())
        except ValueError as exc:
            raise PdfFailed(str(exc)) from None
    return warnings


_DATE_RE = re.compile(rb"/(CreationDate|ModDate)\s*\((D:[^)]*)\)")
_ID_RE = re.compile(rb"/ID\s*\[\s*<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>\s*\]")
_CHECKSUM_RE = re.compile(rb"/DocChecksum\s*/([0-9A-Fa-f]+)")


def normalise_pdf(path: Path, date_iso: str, seed_hex: str) -> None:
    """Fix /CreationDate, /ModDate and /ID in place (same byte lengths, xref untouched)."""
    data = Path(path).read_bytes()
    stamp = "D:" + date_iso.replace("-", "") + "000000Z"

    def fix_date(m: re.Match) -> bytes:
        old = m.group(2)                              # e.g. D:20261122155532Z' or …+01'00'
        tail = old[len(stamp):].translate(bytes.maketrans(b"0123456789", b"0000000000"))
        return b"/" + m.group(1) + b"(" + (stamp.encode() + tail)[:len(old)] + b")"

    def fix_id(m: re.Match) -> bytes:
        a, b = m.group(1), m.group(2)
        ida = (seed_hex.upper().encode() * 4)[:len(a)]
        idb = (seed_hex.upper().encode() * 4)[:len(b)]
        return m.group(0).replace(a, ida, 1).replace(b, idb, 1) if a != b else m.group(0).replace(a, ida)

    new = _DATE_RE.sub(fix_date, data)
    new = _ID_RE.sub(fix_id, new)
    new = _CHECKSUM_RE.sub(lambda m: m.group(0)[:-len(m.group(1))]
                           + (seed_hex.upper().encode() * 4)[-len(m.group(1)):], new)
    if len(new) != len(data):                         # never break the xref offsets
        raise ValueError(f"{Path(path).name} : la normalisation des dates du PDF en changerait la longueur")
    if new != data:
        Path(path).write_bytes(new)
