"""REM-<dispositif>.reqif read back by independent clients installed in their own venv:
the `reqif` package's strict ReqIF 1.2 schema validation and StrictDoc's ReqIF import
(requirement count, ids, fonctions, énoncés and scenarios with accents, quotes and line
breaks).

The venv is created once per machine under the temporary directory (pip from PyPI);
without network it skips on a developer machine and fails under CI.
"""
from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest

from build_tools.engine import load_and_check
from build_tools.publish import publish
from build_tools.writers.rem_reqif import scenarios_text

from .conftest import MINIMAL

STRICTDOC = "strictdoc==0.30.4"
VENV = Path(tempfile.gettempdir()) / "segur-test-strictdoc-0.30.4"

READER = r'''
import html, json, re, sys
from strictdoc.backend.reqif.reqif_import import ReqIFImport, ReqIFImportOptions
from strictdoc.core.project_config import ProjectConfig

def plain(value):
    if value is None:
        return None
    text = re.sub(r"<br\s*/?>", "\n", value)
    text = re.sub(r"</?div>", "", text)
    return html.unescape(text).strip("\n")

def walk(node, chapter):
    for child in getattr(node, "section_contents", []):
        if getattr(child, "node_type", "") == "EXIGENCE":
            fields = {f.field_name: plain(f.get_text_value()) for f in child.enumerate_fields()}
            fields["chapter"] = chapter
            out["requirements"].append(fields)
        else:
            walk(child, plain(child.reserved_title))

result = {}
for path in sys.argv[1:]:
    docs = ReqIFImport.import_from_file(
        ReqIFImportOptions(path, "p01_sdoc", False, "HTML"), ProjectConfig.default_config())
    out = {"documents": [d.title for d in docs], "requirements": []}
    for d in docs:
        walk(d, None)
    result[path] = out
print(json.dumps(result, ensure_ascii=False))
'''


def strictdoc_python() -> Path:
    py = VENV / "bin" / "python"
    if (VENV / ".ready").is_file():
        return py
    shutil.rmtree(VENV, ignore_errors=True)
    try:
        subprocess.run([sys.executable, "-m", "venv", str(VENV)], check=True, capture_output=True, timeout=300)
        subprocess.run([str(py), "-m", "pip", "install", "-q", "--disable-pip-version-check", STRICTDOC],
                       check=True, capture_output=True, timeout=900)
    except (subprocess.SubprocessError, OSError) as exc:
        shutil.rmtree(VENV, ignore_errors=True)
        msg = f"could not install {STRICTDOC} in {VENV}: {exc}"
        if os.environ.get("CI"):
            pytest.fail(msg + " (required under CI)")
        pytest.skip(msg)
    (VENV / ".ready").write_text(STRICTDOC)
    return py


@pytest.fixture(scope="module")
def tricky_corpus(tmp_path_factory) -> Path:
    """The minimal corpus with an énoncé and a scenario holding quotes, accents and line breaks."""
    root = tmp_path_factory.mktemp("reqif") / "corpus"
    shutil.copytree(MINIMAL, root, ignore=shutil.ignore_patterns(".segur-cache"))
    path = root / "requirements" / "Va2" / "MDV-LGC-Va2.yaml"
    text = path.read_text("utf-8")
    old = "    enonce: Le système DOIT alimenter le DMP.\n"
    assert old in text
    text = text.replace("statut: Inchangée\n    id_precedent: LGC.DMP.01\n",
                        "statut: Modifiée\n    id_precedent: LGC.DMP.01\n", 1)   # the text changes
    text = text.replace(old, '    enonce: "Le système DOIT alimenter le DMP « sans délai » ;\\n'
                             'il DOIT afficher l\'état \\"envoyé\\" & <daté>."\n', 1)
    path.write_text(text, "utf-8")
    result = load_and_check(root)
    assert not result.errors, [p.format() for p in result.errors]
    publish(root, root / "_build" / "publish", only={"rem-reqif"}, with_pdf=False)
    return root


def test_strictdoc_reads_every_requirement_back(tricky_corpus, tmp_path):
    py = strictdoc_python()
    corpus = load_and_check(tricky_corpus).corpus
    paths = {d.id: str(tricky_corpus / "_build" / "publish" / d.vague / d.id / f"REM-{d.id}.reqif")
             for d in corpus.dispositifs.values()}
    schema = subprocess.run([str(VENV / "bin" / "reqif"), "validate", "--use-reqif-schema", paths["MDV-LGC-Va2"]],
                            capture_output=True, text=True, timeout=300)
    assert schema.returncode == 0 and "0 schema issues" in schema.stdout, schema.stdout + schema.stderr
    proc = subprocess.run([str(py), "-c", READER, *paths.values()], capture_output=True, text=True, timeout=600)
    assert proc.returncode == 0, proc.stderr
    read = json.loads(proc.stdout)
    checked_tricky = False
    for d in corpus.dispositifs.values():
        got = read[paths[d.id]]
        assert got["documents"] == [f"REM-{d.id}"]
        reqs = got["requirements"]
        assert [r["UID"] for r in reqs] == [r.id for r in d.rem], "same count, ids and order"
        for mine, theirs in zip(d.rem, reqs):
            assert theirs["STATEMENT"] == mine.enonce
            assert theirs["TITLE"] == mine.fonction
            assert theirs["SC_NARIOS_DE_CONFORMIT__ET_PREUVES"] == scenarios_text(mine)
            assert theirs["chapter"] == f"{mine.section.code} — {mine.section.libelle}"
            checked_tricky |= "\n" in mine.enonce and '"' in mine.enonce and "«" in mine.enonce
    assert checked_tricky, "the énoncé with quotes, accents and a line break went through"
