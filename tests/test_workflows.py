"""The forge's CI workflows (.github/workflows) cannot run here: they are validated against
the GitHub workflow schema that check-jsonschema ships, and their key steps asserted."""
from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from .conftest import REPO

WORKFLOWS = sorted((REPO / ".github" / "workflows").glob("*.yml"))


def checker() -> str:
    """check-jsonschema from the test extras (skipped when absent, failed under CI)."""
    exe = Path(sys.executable).with_name("check-jsonschema")
    if not exe.is_file():
        if os.environ.get("CI"):
            pytest.fail("check-jsonschema missing (make install): required under CI")
        pytest.skip("check-jsonschema missing: make install")
    return str(exe)


def test_workflows_match_the_github_schema():
    assert [p.name for p in WORKFLOWS] == ["ci.yml", "release.yml"]
    res = subprocess.run([checker(), "--builtin-schema", "vendor.github-workflows", *map(str, WORKFLOWS)],
                         capture_output=True, text=True)
    assert res.returncode == 0, res.stdout + res.stderr


def test_a_broken_workflow_is_rejected(tmp_path):
    bad = tmp_path / "bad.yml"
    bad.write_text("name: x\non: push\njobs:\n  t:\n    runs-on: ubuntu-latest\n    step:\n      - run: make test\n", "utf-8")
    res = subprocess.run([checker(), "--builtin-schema", "vendor.github-workflows", str(bad)],
                         capture_output=True, text=True)
    assert res.returncode == 1


def test_ci_runs_the_tests_and_keeps_a_preview_and_release_checks_the_tag():
    ci = yaml.safe_load((REPO / ".github/workflows/ci.yml").read_text("utf-8"))
    steps = ci["jobs"]["test"]["steps"]
    runs = "\n".join(s.get("run", "") for s in steps)
    assert "make test" in runs and "segur book" in runs
    assert any(s.get("uses", "").startswith("actions/upload-artifact") and s["with"]["path"] == "_build/html"
               for s in steps)
    rel = yaml.safe_load((REPO / ".github/workflows/release.yml").read_text("utf-8"))
    assert rel[True]["push"]["tags"] == ["*/v*"]          # PyYAML reads the key `on` as True
    steps = rel["jobs"]["release"]["steps"]
    runs = "\n".join(s.get("run", "") for s in steps)
    assert "segur check" in runs and 'segur release "$DISPOSITIF" --verify "$VERSION" --out dist' in runs
    assert any(s.get("uses", "").startswith("softprops/action-gh-release") and s["with"]["files"] == "dist/*"
               for s in steps)
