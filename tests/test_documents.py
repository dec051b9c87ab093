"""DSR and AF documents: read back with independent readers, compared with the corpus data.

The .docx files are opened with python-docx; the PDFs are produced once per session by
LibreOffice and read with pdftotext. Without LibreOffice the PDF tests are skipped on a
developer machine and fail in CI (``CI`` set).
"""
from __future__ import annotations

import dataclasses
import hashlib
import json
import os
import re
import shutil
import subprocess
from collections import Counter
from pathlib import Path

import docx
import pytest

from build_tools import pdf as pdfconv
from build_tools import prose
from build_tools.engine import load_and_check
from build_tools.publish import publish

from .conftest import REPO, have, require

HAVE_SOFFICE = have("soffice") and have("pdftotext")
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def need_pdf():
    require("soffice", "pdftotext")


@pytest.fixture(scope="session")
def corpus():
    return load_and_check(REPO).corpus


@pytest.fixture(scope="session")
def published(tmp_path_factory):
    out = tmp_path_factory.mktemp("pub") / "publish"
    if os.environ.get("CI"):
        require("soffice", "pdftotext")    # the PDF assertions below are never dropped under CI
    res = publish(REPO, out, only={"documents"}, with_pdf=HAVE_SOFFICE)
    return res


def fr_amount(x: float) -> str:
    return f"{x:,.2f}".replace(",", " ").replace(".", ",") + " €"


def fr_date(iso: str) -> str:
    y, m, d = iso.split("-")
    return f"{d}/{m}/{y}"


def norm(s: str) -> str:
    return re.sub(r"\s+", " ", s.replace("\u00a0", " ").replace("\u202f", " ")).strip()


def path_of(res, d, prefix: str, ext: str) -> Path:
    return res.out / d.vague / d.id / f"{prefix}-{d.id}.{ext}"


def table_with_header(document, header: list[str]):
    found = [t for t in document.tables if [c.text for c in t.rows[0].cells] == header]
    assert found, f"no table with header {header}"
    return found


def body_rows(tables) -> list[list[str]]:
    return [[norm(c.text) for c in row.cells] for t in tables for row in t.rows[1:]]


# --- manifest and files --------------------------------------------------------------------
def test_manifest_lists_every_document_with_sha(published, corpus):
    files = {f["path"]: f for f in published.manifest["files"]}
    for d in corpus.dispositifs.values():
        kinds = [("DSR", "dsr")] + ([("AF", "af")] if d.id in corpus.financements else [])
        for prefix, kind in kinds:
            rel = f"{d.vague}/{d.id}/{prefix}-{d.id}.docx"
            assert files[rel]["kind"] == kind and files[rel]["dispositif"] == d.id
            assert files[rel]["sha256"] == hashlib.sha256((published.out / rel).read_bytes()).hexdigest()
            if HAVE_SOFFICE:
                assert files[rel.replace(".docx", ".pdf")]["kind"] == f"{kind}-pdf"
        if d.id not in corpus.financements:
            assert not path_of(published, d, "AF", "docx").exists()
    manifest = json.loads((published.out / "manifest.json").read_text("utf-8"))
    assert manifest["files"] == published.manifest["files"]


# --- DSR -----------------------------------------------------------------------------------
DSR_H1 = ["1. Avant-propos", "2. Contexte et objet du document", "3. Périmètre du dispositif",
          "4. Exigences et profils de référencement", "5. Processus de référencement",
          "6. Trajectoire attendue et jalons réglementaires",
          "Annexe 1 – Référentiels cités", "Annexe 2 – Glossaire"]


def headings(document) -> list[tuple[int, str]]:
    out = []
    for p in document.paragraphs:
        m = re.fullmatch(r"Heading (\d)", p.style.name)
        if m:
            out.append((int(m.group(1)), p.text))
    return out


def test_dsr_outline_toc_and_properties(published, corpus):
    for d in corpus.dispositifs.values():
        document = docx.Document(path_of(published, d, "DSR", "docx"))
        outline = headings(document)
        assert [t for lvl, t in outline if lvl == 1] == DSR_H1
        assert (2, "4.2 Synthèse des exigences") in outline
        assert (2, "3.4 Documents dans le périmètre") in outline
        assert {lvl for lvl, _ in outline} <= {1, 2, 3}
        instr = " ".join(e.text or "" for e in document.element.body.iter(f"{W}instrText"))
        assert 'TOC \\o "1-3"' in instr
        texts = [p.text for p in document.paragraphs]
        assert f"[DSR-{d.id}]" in texts
        assert "Dossier de spécifications de référencement" in texts          # ANS's title
        assert (2, "5.3 Formulaire d'éligibilité") in outline
        assert any("Référentiel d'exigences minimales" in norm(t).replace("référentiel", "Référentiel")
                   for t in texts), "glossary: REM = Référentiel d'exigences minimales"
        milestones = body_rows(table_with_header(document, ["Jalon", "Échéance", "Date",
                                                            "Avancement attendu de l'éditeur"]))
        f = corpus.financements[d.id]
        assert [(r[0], r[1], r[3]) for r in milestones] == [(m.code, m.libelle, m.attendu or "–")
                                                            for m in f.calendrier]
        couloir = corpus.couloirs[d.couloir].libelle
        numero = corpus.vagues[d.vague].numero
        title = f"Ségur numérique – Couloir {couloir} – DSR – Logiciels {d.type_code} – Vague {numero}"
        assert title in texts
        cp = document.core_properties
        assert (cp.title, cp.version, cp.identifier) == (title, d.version, f"DSR-{d.id}")
        assert d.titre in cp.subject
        assert cp.created.date().isoformat() == d.date == cp.modified.date().isoformat()
        status = {r.cells[0].text: r.cells[1].text for r in document.tables[0].rows}
        assert status["Version"] == d.version and status["Classification"] == "Publique"
        assert status["Date"] == fr_date(d.date)
        footer = document.sections[0].footer
        assert f"DSR-{d.id}" in footer.paragraphs[0].text
        finstr = " ".join(e.text or "" for e in footer._element.iter(f"{W}instrText"))
        assert "PAGE" in finstr and "NUMPAGES" in finstr


def test_dsr_tables_match_data(published, corpus):
    for d in corpus.dispositifs.values():
        document = docx.Document(path_of(published, d, "DSR", "docx"))
        history = table_with_header(document, ["Version", "Date", "Auteur", "Modifications"])
        assert body_rows(history) == [[h.version, fr_date(h.date), h.auteur, h.modifications]
                                      for h in d.historique]
        # header rows repeat on each page
        for t in history:
            assert t.rows[0]._tr.trPr.find(f"{W}tblHeader") is not None
        profiles = table_with_header(document, ["Profil", "Description", "Exigences"])
        assert [r[0] for r in body_rows(profiles)] == [p.nom for p in d.profils]
        summary = body_rows(table_with_header(document, ["Section", "Intitulé", "Exigence majeure",
                                                         "Exigence mineure", "Préconisation majeure",
                                                         "Préconisation mineure", "Total"]))
        expected = Counter((r.section.code, r.nature, r.criticite) for r in d.rem)
        for row in summary[:-1]:
            code = row[0]
            assert [int(x) for x in row[2:6]] == [expected[(code, n, c)] for n in ("Exigence", "Préconisation")
                                                  for c in ("Majeure", "Mineure")]
        assert summary[-1][0] == "Total" and int(summary[-1][-1]) == len(d.rem)
        refs = body_rows(table_with_header(document, ["Code", "Référentiel", "Version", "Émetteur"]))
        cited = sorted({c for r in d.rem for c in r.referentiels})
        assert [r[0] for r in refs] == [f"[{c}]" for c in cited]
        assert [r[1] for r in refs] == [corpus.referentiels[c].titre for c in cited]
        scope = corpus.scopes[d.id]      # every dispositif has a document scope (SCOPE-MISSING)
        if scope:
            docs = body_rows(table_with_header(document, ["classCode", "typeCode", "Type de document",
                                                          "Produit par", "Consulté par",
                                                          "Consultation DMP autorisée"]))
            codes = {c for p in scope.professions for c, _ in p.documents_produits + p.documents_consultes}
            assert sorted(r[1] for r in docs) == sorted(codes)
            for r in docs:
                dt = corpus.document_types[r[1]]
                assert (r[0], r[2]) == (dt.class_code, dt.type_libelle)


# --- AF ------------------------------------------------------------------------------------
AF_H1 = ["1. Objet", "2. Calendrier", "3. Éligibilité", "4. Périmètre de la Prestation Ségur",
         "5. Barème de financement", "6. Modalités de paiement", "7. Contrôles"]


def test_af_outline_calendar_and_prices(published, corpus):
    assert corpus.financements, "the corpus has AF data"
    for did, f in corpus.financements.items():
        d = corpus.dispositifs[did]
        document = docx.Document(path_of(published, d, "AF", "docx"))
        assert [t for lvl, t in headings(document) if lvl == 1] == AF_H1
        cal = body_rows(table_with_header(document, ["Jalon", "Événement", "Date", "Heure", "Observation"]))
        assert cal == [[m.code, m.libelle, fr_date(m.date), m.heure.replace(":", "h") if m.heure else "",
                        norm(m.remplace or "")] for m in f.calendrier]
        first = {"tranches": "Tranche", "combine": "Composante", "formule": "Terme", "unitaire": "Élément"}.get(
            f.bareme_type, "Barème")
        prices = body_rows(table_with_header(document, [first, f.critere or "Unité", "Montant HT", "Montant TTC"]))
        assert [(r[2], r[3]) for r in prices] == [(fr_amount(p.ht), fr_amount(p.ttc))
                                                  for p in f.prix + f.autres_prix]
        texts = [norm(p.text) for p in document.paragraphs]
        for item in f.inclus + f.exclus + f.controles + tuple(f.paiement["solde"].get("pieces", ())):
            assert norm(item) in texts
        assert any(f"{f.commande['anteriorite_max_jours']} jours calendaires" in t for t in texts)


# --- reproducibility ---------------------------------------------------------------------
def test_docx_byte_reproducible(published, tmp_path):
    again = publish(REPO, tmp_path / "again", only={"documents"}, with_pdf=False)
    docs = sorted(p.relative_to(published.out) for p in published.out.rglob("*.docx"))
    assert docs
    for rel in docs:
        assert (again.out / rel).read_bytes() == (published.out / rel).read_bytes(), rel


# --- PDF -----------------------------------------------------------------------------------
def pdftext(path: Path) -> str:
    return norm(subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True,
                               check=True).stdout)


def test_pdf_text(published, corpus):
    need_pdf()
    for d in corpus.dispositifs.values():
        text = pdftext(path_of(published, d, "DSR", "pdf"))
        assert f"DSR-{d.id}" in text
        assert "Sommaire" in text
        assert re.search(r"Avant-propos\s*\.{3,}\s*\d", text), "the TOC has page numbers"
    for did, f in corpus.financements.items():
        d = corpus.dispositifs[did]
        text = pdftext(path_of(published, d, "AF", "pdf"))
        assert f"AF-{did}" in text
        assert fr_date(f.calendrier[-1].date) in text
        assert norm(fr_amount(f.prix[0].ttc)) in text


def test_example_mark_on_every_page_of_every_document(published, corpus):
    """programme.yaml declares the embedded data illustrative: each DSR/AF carries the mark
    in the header of every page (python-docx) and on every page of its PDF (pdftotext)."""
    assert corpus.donnees_exemple
    mark = "Données d'exemple — document non officiel"
    for d in corpus.dispositifs.values():
        for prefix in ("DSR", "AF"):
            document = docx.Document(path_of(published, d, prefix, "docx"))
            section = document.sections[0]
            for header in (section.header, section.first_page_header):
                assert any(mark in p.text for p in header.paragraphs), (d.id, prefix)
            if HAVE_SOFFICE:
                pages = subprocess.run(["pdftotext", str(path_of(published, d, prefix, "pdf")), "-"],
                                       capture_output=True, text=True, check=True).stdout.split("\f")
                pages = [p for p in pages if p.strip()]
                assert pages and all(mark in p for p in pages), (d.id, prefix)


def test_pdf_reproducible(published, corpus, tmp_path):
    need_pdf()
    did = next(iter(corpus.financements))
    d = corpus.dispositifs[did]
    src = path_of(published, d, "AF", "docx")
    copy = tmp_path / src.name
    shutil.copy(src, copy)
    pdfconv.convert([pdfconv.PdfJob(copy, tmp_path / "again.pdf", d.date)])
    assert (tmp_path / "again.pdf").read_bytes() == path_of(published, d, "AF", "pdf").read_bytes()


def test_without_libreoffice_one_note_and_no_pdf(tmp_path, monkeypatch):
    monkeypatch.setattr(pdfconv, "find_soffice", lambda: None)
    res = publish(REPO, tmp_path / "p", only={"documents"}, with_pdf=True)
    assert len([n for n in res.notes if "PDF" in n]) == 1
    assert not list(res.out.rglob("*.pdf"))
    assert list(res.out.rglob("*.docx"))


# --- shared prose --------------------------------------------------------------------------
def test_render_markdown_resolves_placeholders(corpus):
    did = next(iter(corpus.financements))
    d = corpus.dispositifs[did]
    text = prose.render_markdown(corpus, "af/eligibilite", did)
    assert "{{" not in text and f"DSR-{did}" in text
    assert str(corpus.financements[did].commande["anteriorite_max_jours"]) in text
    assert "{{" not in prose.render_markdown(corpus, "dsr/avant-propos", d.id)
    assert prose.render_markdown(corpus, "dsr/processus", d.id, heading_offset=1).count("\n## ") >= 2


def test_prose_errors_are_loud(corpus):
    did = next(iter(corpus.dispositifs))
    with pytest.raises(prose.ProseError, match="champ inconnu"):
        prose.resolve(corpus, "x {{ dispositif.nope }}", did)
    with pytest.raises(prose.ProseError, match="filtre inconnu"):
        prose.resolve(corpus, "{{ dispositif.date | nope }}", did)
    with pytest.raises(prose.ProseError, match="fragment de texte manquant"):
        prose.render_markdown(corpus, "nope/nope", did)
    with pytest.raises(prose.ProseError, match="non pris"):
        prose.parse_markdown("| a | b |\n|---|---|")
    without_af = dataclasses.replace(corpus, financements={})
    with pytest.raises(prose.ProseError):
        prose.resolve(without_af, "{{ af.tva }}", did)


def test_parse_subset():
    blocks = prose.parse_markdown(
        "% comment\n(target)=\n# Titre\n\nUn **gras** et *italique*,\nsuite.\n\n- a\n  suite a\n- b\n  - b1\n\n"
        "1. un\n2. deux\n\n:::{note}\nTexte `code`.\n:::\n")
    kinds = [type(b).__name__ for b in blocks]
    assert kinds == ["Heading", "Paragraph", "BulletList", "BulletList", "Admonition"]
    assert blocks[1].text == "Un gras et italique, suite."
    assert [s.bold for s in blocks[1].spans] == [False, True, False, False, False]
    assert [(i.level, "".join(s.text for s in i.spans)) for i in blocks[2].items] == \
        [(0, "a suite a"), (0, "b"), (1, "b1")]
    assert blocks[3].ordered and blocks[4].title == "Note"
    assert prose.format_amount(27000) == "27\u00a0000,00\u00a0€"
    assert prose.format_date("2022-07-15") == "15/07/2022" and prose.format_time("14:00") == "14h00"
