"""DSR-<dispositif>.docx/.pdf and AF-<dispositif>.docx/.pdf.

Narrative comes from the shared prose fragments (``corpus.prose``, see
:mod:`build_tools.prose`), tables from the corpus index; nothing is read from disk. The
.docx files are byte-reproducible; the PDFs are made by LibreOffice in one batch at the
end (:mod:`build_tools.pdf`) and skipped, with one note, when LibreOffice is missing.
"""
from __future__ import annotations

from collections import Counter
from pathlib import Path

from docx.enum.text import WD_BREAK

from .. import pdf as pdfconv
from ..docx_build import add_blocks, add_key_value_table, add_table, add_toc, new_document, save_reproducible, \
    setup_page
from ..docx_build.fields import add_bookmark
from ..docx_build.styles import add_par
from ..marks import header_text
from ..model import Corpus, Dispositif, Financement
from ..prose import ProseError, format_date, format_rate, format_time, render_blocks
from ..versions.summary import history_counts
from . import Artifact, PublishContext, WriterError, dispositif_dir, writer
from .af_bareme import add_bareme

AUTHOR = "Agence du numérique en santé"
CLASSIFICATION = "Publique"
STATUTS = {"publiée": "Publiée", "prépublication": "Prépublication", "concertation": "En concertation"}
NATURES = ("Exigence", "Préconisation")
CRITICITES = ("Majeure", "Mineure")


# --- titles and codes (also used by the tests' expectations through the data only) ------
def title_line(corpus: Corpus, d: Dispositif, kind: str) -> str:
    couloir = corpus.couloirs[d.couloir].libelle if d.couloir in corpus.couloirs else d.couloir
    numero = corpus.vagues[d.vague].numero if d.vague in corpus.vagues else d.vague
    return f"Ségur numérique – Couloir {couloir} – {kind} – Logiciels {d.type_code} – Vague {numero}"


def doc_code(d: Dispositif, kind: str) -> str:
    return f"{kind}-{d.id}"


class Builder:
    """One document: numbered headings with bookmarks, collected for the table of contents."""

    def __init__(self, corpus: Corpus, d: Dispositif, kind: str, subtitle: str, marks: tuple = ()):
        self.corpus, self.d, self.kind, self.marks = corpus, d, kind, marks
        self.code = doc_code(d, kind)
        self.title = title_line(corpus, d, kind)
        self.subtitle = subtitle
        self.doc = new_document()
        self.counters = [0, 0, 0]
        self.outline: list[tuple[int, str, str]] = []
        setup_page(self.doc, code=self.code, header_text=header_text(marks, self.title), version=d.version,
                   cover_footer=f"Classification : {CLASSIFICATION} – {self.code}")
        if marks:      # the cover has no running header: the mark goes in its own
            self.doc.sections[0].first_page_header.paragraphs[0].add_run(header_text(marks)).bold = True

    # headings ---------------------------------------------------------------------------
    def heading(self, text: str, level: int, *, numbered: bool = True) -> None:
        if numbered:
            self.counters[level - 1] += 1
            for i in range(level, 3):
                self.counters[i] = 0
            number = ".".join(str(n) for n in self.counters[:level])
            text = f"{number}. {text}" if level == 1 else f"{number} {text}"
        p = self.doc.add_heading(text, level)
        bookmark = f"_Toc{len(self.outline) + 1:04d}"
        add_bookmark(p, bookmark, len(self.outline) + 1)
        self.outline.append((level, text, bookmark))

    def prose(self, name: str, base_level: int) -> None:
        add_blocks(self.doc, render_blocks(self.corpus, name, self.d.id), base_level,
                   lambda text, level: self.heading(text, min(level, 3)))

    def para(self, text: str, style: str = "Normal"):
        return add_par(self.doc, text, style)

    def bullets(self, items) -> None:
        for item in items:
            add_par(self.doc, item, "List Bullet")

    def page_break(self) -> None:
        self.doc.add_paragraph().add_run().add_break(WD_BREAK.PAGE)

    # cover and TOC ----------------------------------------------------------------------
    def cover(self, document_name: str) -> None:
        d = self.d
        for text, style in (("RÉPUBLIQUE FRANÇAISE", "Cover Ministry"), ("Liberté", "Cover Motto"),
                            ("Égalité", "Cover Motto"), ("Fraternité", "Cover Motto")):
            self.para(text, style)
        self.para("", "Cover Motto")
        self.para("MINISTÈRE CHARGÉ DE LA SANTÉ", "Cover Ministry")
        self.para("Délégation au numérique en santé – Agence du numérique en santé", "Cover Motto")
        for _ in range(5):
            self.para("")
        self.para(document_name, "Subtitle")
        self.para(self.title, "Title")
        self.para(self.subtitle, "Subtitle")
        self.para(f"[{self.code}]", "Cover Code")
        for m in self.marks:
            self.para(f"{m.title} — {m.detail}", "Cover Code")
        add_key_value_table(self.doc, [
            ("Statut", STATUTS.get(d.statut_publication, d.statut_publication.capitalize())),
            ("Classification", CLASSIFICATION),
            ("Version", d.version),
            ("Date", format_date(d.date)),
            ("Dispositif", d.id),
        ])

    def toc_anchor(self):
        self.page_break()
        self.para("Sommaire", "TOC Heading")
        anchor = self.para("")
        self.page_break()
        return anchor

    def finish(self, anchor, path: Path, subject: str) -> bytes:
        add_toc(self.doc, self.outline, anchor=anchor)
        anchor._p.getparent().remove(anchor._p)
        return save_reproducible(
            self.doc, path, title=self.title, subject=subject, version=self.d.version, date_iso=self.d.date,
            author=AUTHOR, identifier=self.code, category=self.kind,
            keywords=f"Ségur numérique; {self.kind}; {self.d.id}; {self.d.vague}")


# --- DSR ---------------------------------------------------------------------------------
def requirement_summary(d: Dispositif) -> list[list[str]]:
    """Rows: section code, libellé, counts per (nature, criticité), total; then a total row."""
    order: list = []
    counts: dict[str, Counter] = {}
    for r in d.rem:
        if r.section.code not in counts:
            order.append(r.section)
            counts[r.section.code] = Counter()
        counts[r.section.code][(r.nature, r.criticite)] += 1
    rows, total = [], Counter()
    for s in order:
        c = counts[s.code]
        total.update(c)
        rows.append([s.code, s.libelle] + [str(c[(n, k)]) for n in NATURES for k in CRITICITES]
                    + [str(sum(c.values()))])
    rows.append(["Total", ""] + [str(total[(n, k)]) for n in NATURES for k in CRITICITES]
                + [str(sum(total.values()))])
    return rows


def document_scope_rows(corpus: Corpus, d: Dispositif) -> list[list[str]]:
    scope = corpus.scopes.get(d.id)
    if scope is None:
        return []
    produced: dict[str, list[str]] = {}
    consulted: dict[str, list[str]] = {}
    for p in scope.professions:
        for code, _ in p.documents_produits:
            produced.setdefault(code, []).append(p.profession)
        for code, _ in p.documents_consultes:
            consulted.setdefault(code, []).append(p.profession)
    groups = sorted({g for prof in d.professions for g in corpus.groups_of(prof)},
                    key=lambda g: corpus.groups[g].ordre)
    hab = corpus.habilitation
    rows = []
    for code in set(produced) | set(consulted):
        dt = corpus.document_types.get(code)
        allowed = [g for g in groups if hab is not None and hab.allows(code, g)]
        rows.append([dt.class_code if dt else "", code, dt.type_libelle if dt else "(type inconnu)",
                     ", ".join(sorted(set(produced.get(code, [])))) or "–",
                     ", ".join(sorted(set(consulted.get(code, [])))) or "–",
                     ", ".join(allowed) or "–"])
    return sorted(rows, key=lambda r: (r[0], r[1]))


def referentiel_codes(d: Dispositif) -> list[str]:
    return sorted({code for r in d.rem for code in r.referentiels})


def build_dsr(corpus: Corpus, d: Dispositif, path: Path, marks: tuple = ()) -> bytes:
    b = Builder(corpus, d, "DSR", d.titre, marks)
    b.cover("Dossier de spécifications de référencement")
    _dsr_history(b, corpus, d)
    anchor = b.toc_anchor()

    b.heading("Avant-propos", 1)
    b.prose("dsr/avant-propos", 1)
    b.heading("Contexte et objet du document", 1)
    b.heading("Contexte", 2)
    b.prose("dsr/contexte", 2)
    b.heading("Objet du document", 2)
    b.prose("dsr/objet", 2)
    _dsr_scope(b, corpus, d)
    _dsr_requirements(b, d)

    b.heading("Processus de référencement", 1)
    b.prose("dsr/processus", 1)
    b.heading("Formulaire d'éligibilité", 2)
    b.prose("dsr/eligibilite", 2)
    _dsr_trajectory(b, corpus, d)
    _dsr_annexes(b, corpus, d)
    return b.finish(anchor, path, f"Dossier de spécifications de référencement – {d.titre}")


def _dsr_history(b: Builder, corpus: Corpus, d: Dispositif) -> None:
    b.para("Historique du document", "Cover Label")
    generated = history_counts(corpus, d)    # from the release records (releases/<dispositif>.yaml)
    if generated:
        add_table(b.doc, ["Version", "Date", "Auteur", "Modifications", "Changements calculés"],
                  [[h.version, format_date(h.date), h.auteur, h.modifications, generated.get(h.version, "")]
                   for h in d.historique], [1.6, 2.2, 2.0, 6.2, 4.0])
    else:
        add_table(b.doc, ["Version", "Date", "Auteur", "Modifications"],
                  [[h.version, format_date(h.date), h.auteur, h.modifications] for h in d.historique],
                  [1.6, 2.2, 2.2, 10.0])


def _dsr_scope(b: Builder, corpus: Corpus, d: Dispositif) -> None:
    b.heading("Périmètre du dispositif", 1)
    b.heading("Type de logiciel", 2)
    b.prose("dsr/perimetre", 2)
    couloir = corpus.couloirs.get(d.couloir)
    add_table(b.doc, ["Couloir", "Vague", "Type de logiciel", "Code", "Préfixe des exigences"],
              [[couloir.libelle if couloir else d.couloir, corpus.vagues[d.vague].libelle, d.type_libelle,
                d.type_code, d.prefixe]], [3.4, 2.0, 5.4, 1.8, 3.4])
    b.heading("Professions concernées", 2)
    add_table(b.doc, ["Code", "Profession", "Groupe(s) de la matrice d'habilitation"],
              [[code, corpus.professions[code].libelle if code in corpus.professions else "",
                "\n".join(corpus.groups[g].libelle for g in corpus.groups_of(code))] for code in d.professions],
              [1.5, 4.0, 10.5], caption="Codes profession de la carte CPS (nomenclature des professions).")
    b.heading("Services socles", 2)
    add_table(b.doc, ["Socle", "Service", "Référentiels"],
              [[code, corpus.socles[code].titre if code in corpus.socles else "",
                " ".join(f"[{r}]" for r in corpus.socles[code].referentiels) if code in corpus.socles else ""]
               for code in d.socles], [2.0, 9.0, 5.0])
    b.heading("Documents dans le périmètre", 2)
    rows = document_scope_rows(corpus, d)
    if rows:
        add_table(b.doc, ["classCode", "typeCode", "Type de document", "Produit par", "Consulté par",
                          "Consultation DMP autorisée"], rows, [1.9, 2.3, 5.2, 1.9, 1.9, 2.8],
                  caption="classCode (JDV_J57) et typeCode (JDV_J66) ; professions par code CPS ; groupes "
                          "autorisés selon la matrice d'habilitation.")
    else:
        b.para("Le périmètre documentaire de ce dispositif est celui des exigences du REM.")


def _dsr_requirements(b: Builder, d: Dispositif) -> None:
    b.heading("Exigences et profils de référencement", 1)
    b.heading("Profils de référencement", 2)
    add_table(b.doc, ["Profil", "Description", "Exigences"],
              [[p.nom, p.description, str(sum(1 for r in d.rem if p.nom in r.profils))] for p in d.profils],
              [4.0, 10.0, 2.0])
    b.heading("Synthèse des exigences", 2)
    b.prose("dsr/exigences", 2)
    add_table(b.doc, ["Section", "Intitulé", "Exigence majeure", "Exigence mineure", "Préconisation majeure",
                      "Préconisation mineure", "Total"], requirement_summary(d),
              [1.8, 4.8, 1.95, 1.95, 1.95, 1.95, 1.6], bold_last=True,
              caption=f"Nombre d'exigences du REM {d.id} par section, nature et criticité.")


def _dsr_trajectory(b: Builder, corpus: Corpus, d: Dispositif) -> None:
    b.heading("Trajectoire attendue et jalons réglementaires", 1)
    b.prose("dsr/trajectoire", 1)
    f = corpus.financements.get(d.id)
    if f is not None:
        add_table(b.doc, ["Jalon", "Échéance", "Date", "Avancement attendu de l'éditeur"],
                  [[m.code, m.libelle, f"{format_date(m.date)} {format_time(m.heure)}".strip(), m.attendu or "–"]
                   for m in f.calendrier], [1.3, 6.2, 2.6, 5.9],
                  caption=f"Jalons de l'appel à financement AF-{d.id}.")


def _dsr_annexes(b: Builder, corpus: Corpus, d: Dispositif) -> None:
    b.heading("Annexe 1 – Référentiels cités", 1, numbered=False)
    add_table(b.doc, ["Code", "Référentiel", "Version", "Émetteur"],
              [[f"[{c}]", corpus.referentiels[c].titre, corpus.referentiels[c].version,
                corpus.referentiels[c].emetteur] for c in referentiel_codes(d) if c in corpus.referentiels],
              [2.0, 8.6, 1.8, 3.6])
    b.heading("Annexe 2 – Glossaire", 1, numbered=False)
    b.prose("glossaire", 1)


# --- AF ----------------------------------------------------------------------------------
def calendar_rows(f: Financement) -> list[list[str]]:
    return [[m.code, m.libelle, format_date(m.date), format_time(m.heure), m.remplace or ""] for m in f.calendrier]


def build_af(corpus: Corpus, d: Dispositif, f: Financement, path: Path, marks: tuple = ()) -> bytes:
    b = Builder(corpus, d, "AF", d.titre, marks)
    b.cover("Appel à financement – Prestation Ségur")
    anchor = b.toc_anchor()

    b.heading("Objet", 1)
    b.prose("af/objet", 1)
    if f.objet:
        b.para(f.objet)
    b.heading("Calendrier", 1)
    add_table(b.doc, ["Jalon", "Événement", "Date", "Heure", "Observation"], calendar_rows(f),
              [1.3, 6.6, 2.1, 1.4, 4.6], caption="Heures exprimées en heure de Paris, lorsqu'elles sont précisées.")
    b.heading("Éligibilité", 1)
    b.prose("af/eligibilite", 1)
    b.bullets(f.eligibilite)
    b.heading("Périmètre de la Prestation Ségur", 1)
    b.heading("Principes", 2)
    b.prose("af/perimetre", 2)
    b.heading("Prestations incluses", 2)
    b.bullets(f.inclus)
    b.heading("Prestations exclues", 2)
    b.bullets(f.exclus)
    b.heading("Barème de financement", 1)
    b.prose("af/bareme", 1)
    add_bareme(b, f)
    b.heading("Modalités de paiement", 1)
    b.prose("af/paiement", 1)
    for key, label in (("avance", "Avance"), ("solde", "Solde")):
        part = f.paiement.get(key)
        if not part:
            continue
        b.heading(label, 2)
        if "pourcentage" in part:
            b.para(f"{label} : {format_rate(part['pourcentage'] / 100)} du montant de la Prestation Ségur.")
        if part.get("condition"):
            b.para(part["condition"])
        if part.get("pieces"):
            b.para("Pièces justificatives :")
            b.bullets(part["pieces"])
    b.heading("Contrôles", 1)
    b.prose("af/controles", 1)
    b.bullets(f.controles)
    return b.finish(anchor, path, f"Appel à financement – {d.titre}")


# --- the writer --------------------------------------------------------------------------
def write_docx(ctx: PublishContext) -> tuple[list[Artifact], list[pdfconv.PdfJob]]:
    corpus = ctx.corpus
    out: list[Artifact] = []
    jobs: list[pdfconv.PdfJob] = []
    for d in corpus.dispositifs.values():
        folder = dispositif_dir(d)
        (ctx.out / folder).mkdir(parents=True, exist_ok=True)
        todo = [("DSR", "dsr", lambda p, d=d: build_dsr(corpus, d, p, ctx.marks))]
        if d.id in corpus.financements:
            todo.append(("AF", "af", lambda p, d=d: build_af(corpus, d, corpus.financements[d.id], p, ctx.marks)))
        for prefix, kind, build in todo:
            name = f"{folder}/{prefix}-{d.id}.docx"
            build(ctx.out / name)
            out.append(Artifact(name, kind, d.id, d.vague))
            jobs.append(pdfconv.PdfJob(ctx.out / name, ctx.out / name.replace(".docx", ".pdf"), d.date))
    return out, jobs


def write_pdfs(ctx: PublishContext, jobs: list[pdfconv.PdfJob]) -> list[Artifact]:
    if not ctx.with_pdf or not jobs:
        return []
    try:
        warnings = pdfconv.convert(jobs)
    except pdfconv.PdfFailed as exc:
        raise WriterError(f"conversion PDF en échec : {exc}") from None
    except pdfconv.PdfUnavailable as exc:
        ctx.notes.append(f"PDF des DSR et AF non produits : {exc} (installez libreoffice-writer)")
        for j in jobs:
            j.pdf.unlink(missing_ok=True)
        return []
    ctx.notes.extend(warnings)
    out = []
    for j in jobs:
        rel = j.pdf.relative_to(ctx.out).as_posix()
        kind = "dsr-pdf" if j.pdf.name.startswith("DSR-") else "af-pdf"
        d = ctx.corpus.dispositifs[j.pdf.stem.split("-", 1)[1]]
        out.append(Artifact(rel, kind, d.id, d.vague))
    return out


@writer("documents", "DSR-<dispositif> and AF-<dispositif> in Word (.docx) and PDF")
def write_documents(ctx: PublishContext) -> list[Artifact]:
    try:
        artifacts, jobs = write_docx(ctx)
    except ProseError as exc:       # e.g. a fragment missing from book/prose
        raise WriterError(str(exc)) from None
    return artifacts + write_pdfs(ctx, jobs)
