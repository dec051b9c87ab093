"""Draft previews: `segur publish --draft` and `segur book --draft` on a corpus with
errors; every document and page carries the BROUILLON mark, the manifest says so, and
the QA page links each problem to its requirement. Read back with openpyxl and python-docx."""
from __future__ import annotations

import json
import shutil

import docx
import openpyxl
import pytest

from build_tools.book.pages.qa import QA_DOC, qa_page
from build_tools.cli import main
from build_tools.engine import load_and_check
from build_tools.marks import DRAFT
from build_tools.publish import PublishError, publish

from build_tools.render.html import md

from .conftest import REPO, replace_nth

V2 = "requirements/Va2/MDV-LGC-Va2.yaml"


@pytest.fixture
def broken(minimal):
    """The minimal corpus with a structural error (placeholder id) and a completeness gap."""
    path = minimal / V2
    text = replace_nth(path.read_text("utf-8"), "id: LGC.VSM.01\n", "id: LGC.VSM.XX\n")
    path.write_text(text, "utf-8")
    # the project's DSR/AF narrative; the fixture's financing terms do not carry every field it uses
    shutil.copytree(REPO / "book" / "prose", minimal / "book" / "prose")
    shutil.rmtree(minimal / "requirements" / "financement", ignore_errors=True)
    return minimal


def test_publish_refuses_errors_without_draft(broken, tmp_path):
    with pytest.raises(PublishError):
        publish(broken, tmp_path / "pub", with_pdf=False)
    assert not (tmp_path / "pub").exists()


def test_publish_draft_marks_every_rem_and_document(broken, tmp_path):
    res = publish(broken, tmp_path / "pub", with_pdf=False, draft=True)
    assert res.check.errors, "the fixture must have errors"
    manifest = json.loads((tmp_path / "pub" / "manifest.json").read_text("utf-8"))
    assert manifest["draft"] is True and manifest["marks"] == [DRAFT.code]
    kinds = {f["kind"] for f in manifest["files"]}
    assert {"rem", "dsr"} <= kinds
    for f in manifest["files"]:
        path = tmp_path / "pub" / f["path"]
        if path.suffix == ".xlsx":
            wb = openpyxl.load_workbook(path)
            assert wb.sheetnames[-1] == "BROUILLON", f["path"]
            assert wb["BROUILLON"]["A1"].value == DRAFT.title
            assert all(DRAFT.title in (ws.oddHeader.center.text or "") for ws in wb.worksheets), f["path"]
        elif path.suffix == ".docx":
            d = docx.Document(str(path))
            section = d.sections[0]
            assert section.header.paragraphs[0].text.startswith(DRAFT.title), f["path"]
            assert DRAFT.title in section.first_page_header.paragraphs[0].text
            assert any(DRAFT.title in p.text for p in d.paragraphs[:40])


def test_normal_publish_has_no_mark(minimal, tmp_path):
    publish(minimal, tmp_path / "pub", with_pdf=False, only={"rem-xlsx"})
    manifest = json.loads((tmp_path / "pub" / "manifest.json").read_text("utf-8"))
    assert "draft" not in manifest
    rem = next(f for f in manifest["files"] if f["kind"] == "rem")
    wb = openpyxl.load_workbook(tmp_path / "pub" / rem["path"])
    assert "BROUILLON" not in wb.sheetnames and not (wb.worksheets[0].oddHeader.center.text or "")


def test_cli_publish_draft(broken, tmp_path, capsys):
    assert main(["publish", "--root", str(broken), "--out", str(tmp_path / "p"), "--no-pdf", "--only", "rem-xlsx"]) == 1
    assert main(["publish", "--root", str(broken), "--out", str(tmp_path / "p"), "--no-pdf", "--only", "rem-xlsx",
                 "--draft"]) == 0
    assert "BROUILLON" in capsys.readouterr().out


def test_qa_page_groups_by_dispositif_and_rule_with_links(broken):
    result = load_and_check(broken, use_cache=False)
    page = qa_page(result.corpus, result.problems)
    assert f"## {md('MDV-LGC-Va2')}\n" in page and f"### {md('ID-PLACEHOLDER')}" in page
    assert f'href="dispositifs/Va2/MDV-LGC-Va2.html#LGC.VSM.XX"' in page
    assert QA_DOC == "book/gen/qa"
    # every problem appears once, with its file:line
    for p in result.problems:
        assert f"{p.path}:{p.line}" in page or p.path in page
