"""Versions: release records in a real git history, the frozen rule, `segur diff` and its
Évolutions workbook (read back with openpyxl and converted by LibreOffice)."""
from __future__ import annotations

import csv
import json
import shutil
import subprocess
from pathlib import Path

import openpyxl
import pytest

from build_tools.cli import main
from build_tools.engine import load_and_check
from build_tools.versions.kinds import KINDS

from .conftest import MINIMAL, REPO, line_of, replace_nth

V1 = "requirements/Va1/MDV-LGC-Va1.yaml"
V2 = "requirements/Va2/MDV-LGC-Va2.yaml"
S = "requirements/socles/INS.yaml"
F = "requirements/financement/MDV-LGC-Va2.yaml"
P = "requirements/programme.yaml"


def git(root: Path, *args: str) -> str:
    res = subprocess.run(["git", "-C", str(root), "-c", "user.email=t@example.org", "-c", "user.name=test", *args],
                         capture_output=True, text=True, check=True)
    return res.stdout


def make_corpus(dest: Path) -> Path:
    """The minimal corpus with the shared prose, so that every document can be published."""
    shutil.copytree(MINIMAL, dest, ignore=shutil.ignore_patterns(".segur-cache"))
    shutil.copytree(REPO / "book" / "prose", dest / "book" / "prose")
    for f in sorted((dest / "requirements" / "financement").glob("*.yaml")):
        if "\ncommande:" not in f.read_text("utf-8"):     # the shared AF prose cites this term
            with open(f, "a", encoding="utf-8") as fh:
                fh.write("commande: {anteriorite_max_jours: 120}\n")
    return dest


def edit(root: Path, rel: str, old: str, new: str, nth: int = 1) -> str:
    path = root / rel
    text = replace_nth(path.read_text("utf-8"), old, new, nth)
    path.write_text(text, "utf-8")
    return text


def run(capsys, *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out = capsys.readouterr()
    return code, out.out, out.err


@pytest.fixture
def repo(tmp_path) -> Path:
    root = make_corpus(tmp_path / "corpus")
    git(root, "init", "-q")
    git(root, "add", "-A")
    git(root, "commit", "-qm", "initial corpus")
    return root


def release(capsys, root: Path, did: str) -> tuple[int, str, str]:
    return run(capsys, "release", did, "--root", str(root), "--no-pdf")


def two_releases(root: Path) -> Path:
    """A git history: MDV-LGC-Va1 released as 1.0, edited, bumped to 1.1 and released again."""
    git(root, "init", "-q")
    git(root, "add", "-A")
    git(root, "commit", "-qm", "initial corpus")
    assert main(["release", "MDV-LGC-Va1", "--root", str(root), "--no-pdf"]) == 0
    git(root, "add", "-A")
    git(root, "commit", "-qm", "release 1.0")
    edit(root, V1, "Le système DOIT supprimer un document.", "Le système PEUT supprimer un document archivé.")
    edit(root, V1, "nature: Exigence\n    criticite: Mineure", "nature: Préconisation\n    criticite: Mineure")
    edit(root, P, 'version: "1.0"', 'version: "1.1"')
    edit(root, P, "modifications: Publication}\n",
         "modifications: Publication}\n      - {version: \"1.1\", date: \"2021-09-01\", auteur: ANS, "
         "modifications: Suppression assouplie}\n")
    git(root, "commit", "-qam", "MDV-LGC-Va1 1.1")
    assert main(["release", "MDV-LGC-Va1", "--root", str(root), "--no-pdf", "--date", "2021-09-01"]) == 0
    git(root, "add", "-A")
    git(root, "commit", "-qm", "release 1.1")
    return root


def test_release_freeze_bump_release(repo, capsys):
    code, out, err = release(capsys, repo, "MDV-LGC-Va1")
    assert code == 0, err
    code, out, err = release(capsys, repo, "MDV-LGC-Va2")
    assert code == 0, err
    record = (repo / "releases" / "MDV-LGC-Va1.yaml").read_text("utf-8")
    head = git(repo, "rev-parse", "HEAD").strip()
    assert f'commit: "{head}"' in record and 'version: "1.0"' in record
    assert '"LGC.DMP.01": {' in record and '"INS.01.01.01": {' in record   # requirement, picked socle proof
    assert "REM-MDV-LGC-Va1.xlsx" in record
    git(repo, "add", "-A")
    git(repo, "commit", "-qm", "release MDV-LGC-Va1 1.0, MDV-LGC-Va2 0.2")
    assert load_and_check(repo).errors == []

    # the same version twice is refused
    code, _, err = release(capsys, repo, "MDV-LGC-Va1")
    assert code == 1 and "déjà publiée" in err

    # own text, socle text and an AF amount change: one error each, where they are written
    v1 = edit(repo, V1, "Le système DOIT supprimer un document.", "Le système DOIT supprimer un document sans délai.")
    socle = edit(repo, S, "texte: Appeler le téléservice.", "texte: Appeler le téléservice INSi.")
    fin = edit(repo, F, "ht: 1000.00, ttc: 1200.00", "ht: 1100.00, ttc: 1320.00")
    frozen = {(p.path, p.line): p for p in load_and_check(repo).errors if p.code == "VERSION-FROZEN"}
    own = frozen[(V1, line_of(v1, "enonce: Le système DOIT supprimer"))]
    assert "MDV-LGC-Va1 1.0" in own.message and "LGC.DMP.03" in own.message and "historique" in own.hint
    shared = frozen[(S, line_of(socle, "texte: Appeler le téléservice INSi."))]
    assert "MDV-LGC-Va1 1.0" in shared.message and "MDV-LGC-Va2 0.2" in shared.message   # every frozen REM reached
    assert (F, line_of(fin, "{code: A,")) in frozen
    assert len(frozen) == 3

    # revert the socle and AF edits, bump MDV-LGC-Va1 with a historique entry: clean again
    git(repo, "checkout", "-q", "--", S, F)
    edit(repo, P, 'version: "1.0"', 'version: "1.1"')
    edit(repo, P, "      - {version: \"1.0\", date: \"2021-08-11\", auteur: ANS, modifications: Publication}\n",
         "      - {version: \"1.0\", date: \"2021-08-11\", auteur: ANS, modifications: Publication}\n"
         "      - {version: \"1.1\", date: \"2021-09-01\", auteur: ANS, modifications: Précision du délai}\n")
    edit(repo, P, 'date: "2021-08-11"\n    professions', 'date: "2021-09-01"\n    professions')
    result = load_and_check(repo)
    assert [p.format() for p in result.errors if p.code.startswith("VERSION")] == []

    # an uncommitted source file refuses the release
    code, _, err = release(capsys, repo, "MDV-LGC-Va1")
    assert code == 1 and V1 in err and P in err
    git(repo, "commit", "-qam", "MDV-LGC-Va1 1.1")
    code, out, err = release(capsys, repo, "MDV-LGC-Va1")
    assert code == 0, err
    git(repo, "commit", "-qam", "release MDV-LGC-Va1 1.1")
    record = (repo / "releases" / "MDV-LGC-Va1.yaml").read_text("utf-8")
    assert record.count("  - version:") == 2

    # a released version rebuilt from its commit gives the recorded bytes (the tag workflow's check)
    dist = repo.parent / "dist"
    code, out, err = run(capsys, "release", "MDV-LGC-Va1", "--root", str(repo), "--verify", "1.0", "--out", str(dist))
    assert code == 0, err
    from build_tools.publish import sha256_file
    rel10 = load_and_check(repo).corpus.releases["MDV-LGC-Va1"][0]
    assert rel10.version == "1.0" and len(rel10.files) >= 3
    assert {p.name: sha256_file(p) for p in dist.iterdir()} == {Path(f.path).name: f.sha256 for f in rel10.files}
    rec = repo / "releases" / "MDV-LGC-Va1.yaml"
    rec.write_text(rec.read_text("utf-8").replace(rel10.files[0].sha256, "0" * 64), "utf-8")
    code, _, err = run(capsys, "release", "MDV-LGC-Va1", "--root", str(repo), "--verify", "1.0")
    assert code == 1 and rel10.files[0].path in err and "ne se reconstruit pas" in err
    git(repo, "checkout", "-q", "--", "releases")

    # what changed between the two releases
    code, out, err = run(capsys, "diff", "MDV-LGC-Va1@1.0", "MDV-LGC-Va1@1.1", "--root", str(repo), "--format", "json")
    assert code == 0, err
    doc = json.loads(out)
    assert [(c["dispositif"], c["id"], c["kind"]) for c in doc["changes"]] == [("MDV-LGC-Va1", "LGC.DMP.03", "text")]
    assert doc["changes"][0]["new"] == "Le système DOIT supprimer un document sans délai."
    # a git revision against the work tree, and an unknown version
    code, out, _ = run(capsys, "diff", "HEAD~2", "--root", str(repo), "--dispositif", "MDV-LGC-Va1")
    assert code == 0 and "LGC.DMP.03 [text]" in out
    code, _, err = run(capsys, "diff", "MDV-LGC-Va1@2.0", "--root", str(repo))
    assert code == 2 and "1.0, 1.1" in err


def test_release_refuses_a_corpus_with_errors(repo, capsys):
    edit(repo, V1, "Le système DOIT supprimer", "Le système supprime")
    code, _, err = release(capsys, repo, "MDV-LGC-Va1")
    assert code == 1 and "erreur" in err
    assert not (repo / "releases").exists()


# --- every change kind -------------------------------------------------------------------

EDITS = [
    (V1, "enonce: Le système DOIT alimenter le DMP.", "enonce: Le  système DOIT alimenter le dmp.", 1),   # editorial
    (V1, "      - id: LGC.DMP.01.01\n", "      - id: LGC.DMP.01.01\n", 1),
    (V1, "    profils: [Général]\n    enonce: Le  système", "    profils: [Général]\n    referentiels: [DMP1]\n    enonce: Le  système", 1),
    (V1, "id: LGC.DMP.02\n", "id: LGC.DMP.04\n", 1),                        # renumbered (same text)
    (V1, "criticite: Majeure\n    profils: [Général]\n    enonce: Le système DOIT remplacer",
     "criticite: Mineure\n    profils: [Général, Centres de santé]\n    enonce: Le système DOIT remplacer", 1),
    (V1, "fonction: Suppression\n    nature: Exigence", "fonction: Effacement\n    nature: Préconisation", 1),
    (V1, "Le système DOIT supprimer un document.", "Le système PEUT supprimer un document.", 1),
    (V1, "texte: Supprimer.", "texte: Supprimer un document.", 1),
    (V1, "{id: LGC.DMP.03.01.01, texte: Vidéo}", "{id: LGC.DMP.03.01.01, texte: Copie d'écran}", 1),
    (V1, "  - {id: INS.02}\n", "  - {id: INS.03}\n", 1),                     # pick removed + pick added
    (V2, "enonce: Le système PEUT proposer un VSM pré-rempli.", "enonce: Le système DOIT proposer un VSM complet.", 1),
    (V2, "id: LGC.DMP/va1.02\n    section: DMP", "id: LGC.VSM.02\n    section: VSM", 1),   # renumbered + moved
    (V2, """          - {id: LGC.VSM.01.01.01, texte: Vidéo}
""", """          - {id: LGC.VSM.01.01.01, texte: Vidéo}
      - id: LGC.VSM.01.02
        texte: Générer pour un enfant.
        preuves:
          - {id: LGC.VSM.01.02.01, texte: Vidéo}
  - id: LGC.VSM.03
    section: VSM
    bloc: Synthèse
    fonction: Mise à jour
    nature: Exigence
    criticite: Majeure
    profils: [Général]
    statut: Nouvelle
    enonce: Le système DOIT mettre à jour le VSM.
    scenarios:
      - id: LGC.VSM.03.01
        texte: Mettre à jour.
        preuves:
          - {id: LGC.VSM.03.01.01, texte: Vidéo}
""", 1),
]

EXPECTED = {
    ("MDV-LGC-Va1", "LGC.DMP.01", "editorial"), ("MDV-LGC-Va1", "LGC.DMP.01", "referentiels"),
    ("MDV-LGC-Va1", "LGC.DMP.04", "renumbered"), ("MDV-LGC-Va1", "LGC.DMP.04", "criticite"),
    ("MDV-LGC-Va1", "LGC.DMP.04", "profils"),
    ("MDV-LGC-Va1", "LGC.DMP.04", "conditionnelle"),        # derived from the profiles
    ("MDV-LGC-Va1", "LGC.DMP.03", "weakened"), ("MDV-LGC-Va1", "LGC.DMP.03", "nature"),
    ("MDV-LGC-Va1", "LGC.DMP.03", "moved"),
    ("MDV-LGC-Va1", "LGC.DMP.03", "scenario"), ("MDV-LGC-Va1", "LGC.DMP.03", "proof"),
    ("MDV-LGC-Va1", "INS.02", "pick-removed"), ("MDV-LGC-Va1", "INS.03", "pick-added"),
    ("MDV-LGC-Va2", "LGC.VSM.01", "strengthened"), ("MDV-LGC-Va2", "LGC.VSM.01", "text"),
    ("MDV-LGC-Va2", "LGC.VSM.01", "scenario"),
    ("MDV-LGC-Va2", "LGC.VSM.02", "renumbered"), ("MDV-LGC-Va2", "LGC.VSM.02", "moved"),
    ("MDV-LGC-Va2", "LGC.VSM.03", "added"), ("MDV-LGC-Va2", "LGC.DMP/va1.01", "removed"),
}


@pytest.fixture(scope="module")
def crafted(tmp_path_factory) -> tuple[Path, Path]:
    work = tmp_path_factory.mktemp("crafted")
    old = make_corpus(work / "old")
    new = make_corpus(work / "new")
    for rel, a, b, nth in EDITS:
        edit(new, rel, a, b, nth)
    # remove LGC.DMP/va1.01 from the wave-2 REM
    text = (new / V2).read_text("utf-8")
    start = text.index("  - id: LGC.DMP/va1.01\n")
    end = text.index("  - id: LGC.VSM.02\n")
    (new / V2).write_text(text[:start] + text[end:], "utf-8")
    return old, new


def test_every_kind_classified(crafted, capsys):
    old, new = crafted
    code, out, err = run(capsys, "diff", str(old), str(new), "--root", str(new), "--format", "json")
    assert code == 0, err
    doc = json.loads(out)
    got = {(c["dispositif"], c["id"], c["kind"]) for c in doc["changes"]}
    assert got == EXPECTED
    assert {k for _, _, k in got} == set(KINDS)          # the crafted set covers every documented kind
    by = {(c["id"], c["kind"]): c for c in doc["changes"]}
    assert by[("LGC.DMP.04", "renumbered")]["old_id"] == "LGC.DMP.02"
    assert by[("LGC.DMP.03", "moved")]["field"] == "fonction"
    assert by[("LGC.DMP.03", "moved")]["old"] == "Suppression"
    assert by[("LGC.VSM.02", "moved")]["field"] == "section"
    assert by[("LGC.DMP.03", "proof")]["new"] == "Copie d'écran"
    assert by[("LGC.VSM.01", "scenario")]["old"] is None
    # --dispositif narrows; the text output marks changed words
    code, out, _ = run(capsys, "diff", str(old), str(new), "--root", str(new), "--dispositif", "MDV-LGC-Va2")
    assert "MDV-LGC-Va1" not in out.split("\n", 1)[1]
    assert "[-PEUT-]" in out and "{+DOIT+}" in out


def test_evolutions_workbook(crafted, tmp_path, capsys, libreoffice):
    old, new = crafted
    out = tmp_path / "Évolutions.xlsx"
    code, _, err = run(capsys, "diff", str(old), str(new), "--root", str(new), "--format", "xlsx", "--out", str(out))
    assert code == 0, err
    wb = openpyxl.load_workbook(out, rich_text=True)
    ws = wb["Évolutions"]
    header = [c.value for c in ws[1]]
    assert header[:2] == ["Dispositif", "N° exigence"] and "Nouvelle valeur" in header
    assert ws.freeze_panes == "A2" and ws.auto_filter.ref.startswith("A1:")
    assert ws.page_setup.orientation == "landscape" and ws.print_title_rows == "$1:$1"
    rows = list(ws.iter_rows(min_row=2, values_only=True))
    assert len(rows) == len(EXPECTED)
    strengthened = next(r for r in rows if r[5] == "strengthened")
    old_cell, new_cell = strengthened[7], strengthened[8]
    # rich text: the changed words carry their own font
    from openpyxl.cell.rich_text import CellRichText, TextBlock
    assert isinstance(new_cell, CellRichText)
    marked_new = "".join(b.text for b in new_cell if isinstance(b, TextBlock) and b.font.b)
    marked_old = "".join(b.text for b in old_cell if isinstance(b, TextBlock) and b.font.strike)
    assert "DOIT" in marked_new and "complet" in marked_new and "système" not in marked_new
    assert "PEUT" in marked_old and "pré-rempli" in marked_old
    assert str(new_cell) == "Le système DOIT proposer un VSM complet."
    # same changes -> same bytes
    again = tmp_path / "again.xlsx"
    run(capsys, "diff", str(old), str(new), "--root", str(new), "--format", "xlsx", "--out", str(again))
    assert again.read_bytes() == out.read_bytes()
    # LibreOffice opens it
    conv = tmp_path / "csv"
    subprocess.run([libreoffice, f"-env:UserInstallation=file://{tmp_path}/lo", "--headless", "--convert-to",
                    "csv:Text - txt - csv (StarCalc):59,34,76,1", "--outdir", str(conv), str(out)],
                   check=True, capture_output=True, timeout=120)
    text = next(conv.glob("*.csv")).read_text("utf-8")
    lines = list(csv.reader(text.splitlines(), delimiter=";"))
    assert lines[0][0] == "Dispositif"
    assert any("Le système DOIT proposer un VSM complet." in cell for line in lines for cell in line)


# --- wave statut computed from the previous wave ------------------------------------------

def test_wave_statut_computed_when_not_written(tmp_path):
    root = make_corpus(tmp_path / "corpus")
    edit(root, V2, "    statut: Inchangée\n    id_precedent: LGC.DMP.01\n", "")     # counterpart from the /va1. id
    edit(root, V2, "    statut: Modifiée\n", "")                                     # counterpart from id_precedent
    edit(root, V2, "    statut: Nouvelle\n", "")                                     # no counterpart
    result = load_and_check(root)
    assert [p.format() for p in result.problems if p.code.startswith("STATUT")] == []
    d = result.corpus.dispositifs["MDV-LGC-Va2"]
    got = {r.id: (r.statut, r.statut_declared, r.id_precedent) for r in d.rem}
    assert got["LGC.DMP/va1.01"] == ("Inchangée", False, "LGC.DMP.01")
    assert got["LGC.DMP/va1.02"] == ("Modifiée", False, "LGC.DMP.02")
    assert got["LGC.VSM.01"] == ("Nouvelle", False, None)
    # a written statut that contradicts the texts stays an error
    text = edit(root, V2, "    id_precedent: LGC.DMP.02\n", "    statut: Inchangée\n    id_precedent: LGC.DMP.02\n")
    hits = [p for p in load_and_check(root).errors if p.code == "STATUT-UNCHANGED-DIFFERS"]
    assert [(p.path, p.line) for p in hits] == [(V2, line_of(text, "statut: Inchangée"))]


def test_official_layout_import_into_wave_two_leaves_no_statut_error(tmp_path, capsys):
    root = make_corpus(tmp_path / "corpus")
    pub = tmp_path / "pub"
    assert main(["publish", "--root", str(root), "--out", str(pub), "--only", "rem-xlsx"]) == 0
    wb = openpyxl.load_workbook(pub / "Va2" / "MDV-LGC-Va2" / "REM-MDV-LGC-Va2.xlsx")
    for name in wb.sheetnames:
        if name != "Exigences":          # the official layout: no statut anywhere
            del wb[name]
    ws = wb["Exigences"]
    header = [c.value for c in ws[1]]
    model = next(r for r in ws.iter_rows(min_row=2, values_only=True) if r[header.index("N° exigence")] == "LGC.VSM.01")
    row = list(model)
    row[header.index("N° exigence")] = "LGC.VSM.02"
    row[header.index("Énoncé de l'exigence (DOIT) ou de la préconisation (PEUT)")] = "Le système PEUT afficher le VSM."
    row[header.index("N° scénario")] = "LGC.VSM.02.01"
    row[header.index("N° preuve 1")] = "LGC.VSM.02.01.01"
    ws.append(row)
    official = tmp_path / "REM-officiel.xlsx"
    wb.save(official)
    capsys.readouterr()
    code = main(["import-rem", "--root", str(root), str(official), "--dispositif", "MDV-LGC-Va2", "--write"])
    out = capsys.readouterr().out
    assert "LGC.VSM.02" in out
    result = load_and_check(root)
    assert [p.format() for p in result.problems if p.code.startswith("STATUT")] == []
    assert code == 0
    d = result.corpus.dispositifs["MDV-LGC-Va2"]
    assert next(r for r in d.rem if r.id == "LGC.VSM.02").statut == "Nouvelle"


# --- no stale site ----------------------------------------------------------------------

def test_book_refuses_a_publish_folder_older_than_the_corpus(tmp_path, capsys):
    from build_tools.book.build import build_book
    from build_tools.publish import publish
    root = make_corpus(tmp_path / "corpus")
    pub = tmp_path / "pub"
    publish(root, pub, only={"rem-tables"}, with_pdf=False)
    edit(root, S, "texte: Appeler le téléservice.", "texte: Appeler le téléservice INSi.")
    capsys.readouterr()
    assert build_book(root, pub, tmp_path / "html") == 1
    err = capsys.readouterr().err
    assert "ne correspond plus au corpus" in err and "MDV-LGC-Va1" in err and "--republish" in err
    assert not (tmp_path / "html").exists()


# --- the book keeps history -------------------------------------------------------------

@pytest.fixture(scope="module")
def released_site(tmp_path_factory):
    """Two releases of MDV-LGC-Va1, published and built into a site."""
    from build_tools.book.build import build_book
    from build_tools.publish import publish
    work = tmp_path_factory.mktemp("released")
    root = two_releases(make_corpus(work / "corpus"))
    publish(root, work / "pub", with_pdf=False)
    assert build_book(root, work / "pub", work / "html") == 0
    return root, work


def test_dsr_history_shows_generated_counts(released_site):
    import docx
    _, work = released_site
    document = docx.Document(str(work / "pub" / "Va1" / "MDV-LGC-Va1" / "DSR-MDV-LGC-Va1.docx"))
    table = next(t for t in document.tables if t.rows[0].cells[0].text == "Version")
    rows = [[c.text for c in r.cells] for r in table.rows]
    assert rows[0] == ["Version", "Date", "Auteur", "Modifications", "Changements calculés"]
    assert rows[1][0] == "1.0" and rows[1][4] == "première version enregistrée"
    assert rows[2][0] == "1.1" and rows[2][3] == "Suppression assouplie"
    assert rows[2][4] == "1 énoncé(s) modifié(s), 1 nature(s) modifiée(s)"
    # recording 1.1 did not change what 1.1 publishes: the current files are the recorded bytes
    from build_tools.publish import sha256_file
    root, _ = released_site
    rel11 = load_and_check(root).corpus.releases["MDV-LGC-Va1"][1]
    assert rel11.version == "1.1"
    assert {f.path: sha256_file(work / "pub" / f.path) for f in rel11.files} == {f.path: f.sha256 for f in rel11.files}


def test_versions_page_in_chromium_with_matching_downloads(released_site, browser):
    import hashlib
    import socket
    import sys
    import time
    import urllib.request
    root, work = released_site
    releases = load_and_check(root).corpus.releases["MDV-LGC-Va1"]
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    server = subprocess.Popen([sys.executable, "-m", "http.server", str(port), "--bind", "127.0.0.1",
                               "-d", str(work / "html")], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    base = f"http://127.0.0.1:{port}/"
    try:
        for _ in range(200):
            try:
                urllib.request.urlopen(base, timeout=1).close()
                break
            except OSError:
                time.sleep(0.05)
        page = browser.new_page()
        page.route("**/*", lambda route: route.continue_() if route.request.url.startswith(base) else route.abort())
        page.goto(base + "book/gen/dispositifs/Va1/MDV-LGC-Va1.html")
        page.click("text=1.0, 1.1")                       # the dispositif page links to its Versions page
        page.wait_for_url("**/book/gen/versions/MDV-LGC-Va1.html")
        headings = page.locator("main h2").all_inner_texts()
        titles = [x.strip("#").strip() for x in headings if x.startswith("Version")]
        assert titles == ["Version 1.1 du 2021-09-01", "Version 1.0 du 2021-08-11"]
        assert "Suppression assouplie" in page.inner_text("main")
        counts = page.locator("table.segur-version-counts").first.inner_text()
        assert "weakened" in counts and "nature" in counts
        link = page.locator("table.segur-version-changes a", has_text="LGC.DMP.03").first
        assert link.get_attribute("href").endswith("MDV-LGC-Va1.html#LGC.DMP.03")
        # every download: fetched by the browser, hashed there, equal to the record
        hrefs = page.eval_on_selector_all("a.segur-version-file", "els => els.map(e => e.href)")
        expected = {f"{r.version}/{f.path.rsplit('/', 1)[-1]}": f.sha256 for r in releases for f in r.files}
        got = {}
        for url in hrefs:
            digest = page.evaluate("""async url => {
                const buf = await (await fetch(url)).arrayBuffer();
                const d = await crypto.subtle.digest('SHA-256', buf);
                return [...new Uint8Array(d)].map(b => b.toString(16).padStart(2, '0')).join('');
            }""", url)
            got["/".join(url.rsplit("/", 2)[-2:])] = digest
        assert got == expected and len(got) == sum(len(r.files) for r in releases) >= 8
        evol = page.locator("a.segur-evolutions").get_attribute("href")
        with page.expect_download() as dl:
            page.click("a.segur-evolutions")
        data = Path(dl.value.path()).read_bytes()
        assert data[:2] == b"PK" and hashlib.sha256(data).hexdigest() == hashlib.sha256(
            (work / "html" / "book" / "gen" / "versions" / evol).resolve().read_bytes()).hexdigest()
        page.close()
    finally:
        server.terminate()
        server.wait(timeout=5)


def test_a_past_version_that_does_not_rebuild_is_an_error(released_site, tmp_path, capsys):
    from build_tools.book.build import build_book
    root, work = released_site
    copy = tmp_path / "corpus"
    shutil.copytree(root, copy)
    rec = copy / "releases" / "MDV-LGC-Va1.yaml"
    rel10 = load_and_check(copy).corpus.releases["MDV-LGC-Va1"][0]
    rec.write_text(rec.read_text("utf-8").replace(rel10.files[1].sha256, "f" * 64), "utf-8")
    git(copy, "commit", "-qam", "tampered record")
    capsys.readouterr()
    assert build_book(copy, work / "pub", tmp_path / "html") == 1
    err = capsys.readouterr().err
    assert rel10.files[1].path in err and "ne se reconstruit pas" in err


def test_diff_against_a_concertation_snapshot(tmp_path, capsys):
    root = make_corpus(tmp_path / "corpus")
    code, _, err = run(capsys, "concertation", "export", "--iteration", "IT3", "--root", str(root),
                       "--out", str(tmp_path / "grids"))
    assert code == 0, err
    assert (root / "concertation" / "IT3" / "snapshot.json").is_file()
    edit(root, V2, "Le système PEUT proposer un VSM pré-rempli.", "Le système PEUT proposer un VSM complet.")
    edit(root, V1, "Le système DOIT supprimer un document.", "Le système DOIT effacer un document.")
    code, out, err = run(capsys, "diff", "IT3", "--root", str(root), "--format", "json")
    assert code == 0, err
    doc = json.loads(out)
    # only the dispositifs sent in IT3 (drafts) are compared; criticité and scenarios are not in a snapshot
    assert [(c["dispositif"], c["id"], c["kind"]) for c in doc["changes"]] == [("MDV-LGC-Va2", "LGC.VSM.01", "text")]
