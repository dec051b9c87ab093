"""Data flows one way: files → loaders → model → checks → writers / book → CLI.

Each module of `build_tools` has a stage (its rank below); a module may import modules of
its own stage or of earlier ones, never of a later one. A new module must be given a stage
here, so the direction of every new import is a decision someone made.
"""
from __future__ import annotations

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent.parent / "build_tools"

# longest prefix wins; paths are module paths relative to build_tools, without ".py"
STAGES = {
    # 0: foundations that know nothing of the corpus's stages
    "__init__": 0, "problems": 0, "problem_groups": 0, "render": 0, "worddiff": 0, "progress": 0, "marks": 0, "bareme_formula": 0,
    "concertation/__init__": 0, "rem_import/cleaning": 0, "versions/kinds": 0, "versions/words": 0,
    # 1: files → located values
    "loaders": 1,
    # 2: the immutable index and what is computed from it alone
    "model": 2, "model_builder": 2, "rem_builder": 2, "financing_builder": 2,
    "versions/content": 2, "versions/summary": 2, "concertation/records": 2,
    # 3: rules, and the engine that loads then checks; the shared prose (rendered for checks and writers)
    "checks": 3, "engine": 3, "prose": 3,
    # 4: writers and the publication
    "writers": 4, "docx_build": 4, "pdf": 4, "verify": 4, "rem_rows": 4, "publish": 4, "report": 4,
    # 5: workflows that read outside files back (imports, concertation, versions) and the notebook API
    "rem_import": 5, "concertation": 5, "versions": 5, "api": 5,
    # 6: the site and its live preview
    "book": 6, "preview": 6,
    # 7: the command line
    "cli": 7,
}


def _stage(module: str) -> int:
    parts = module.split("/")
    for n in range(len(parts), 0, -1):
        key = "/".join(parts[:n])
        if key in STAGES:
            return STAGES[key]
    raise KeyError(module)


def _modules():
    for path in sorted(PACKAGE.rglob("*.py")):
        yield path, str(path.relative_to(PACKAGE).with_suffix(""))


def _imports(path: Path, module: str):
    """Modules of build_tools imported by `module` (relative and absolute imports)."""
    package = module.split("/")[:-1]
    if module.endswith("__init__"):
        package = module.split("/")[:-1]
    for node in ast.walk(ast.parse(path.read_text("utf-8"))):
        if isinstance(node, ast.ImportFrom):
            if node.level:
                base = package[: len(package) - node.level + 1]
                target = base + (node.module.split(".") if node.module else [])
            elif node.module and node.module.split(".")[0] == "build_tools":
                target = node.module.split(".")[1:]
            else:
                continue
            names = [a.name for a in node.names]
            for name in names:     # `from . import checks` imports a module
                candidate = "/".join(target + [name])
                if (PACKAGE / f"{candidate}.py").exists() or (PACKAGE / candidate).is_dir():
                    yield candidate, node.lineno
                    break
            else:
                joined = "/".join(target)
                yield (f"{joined}/__init__" if (PACKAGE / joined).is_dir() else joined) or "__init__", node.lineno
        elif isinstance(node, ast.Import):
            for a in node.names:
                if a.name.split(".")[0] == "build_tools":
                    yield "/".join(a.name.split(".")[1:]) or "__init__", node.lineno


def test_every_module_has_a_stage():
    missing = [m for _, m in _modules() if _safe_stage(m) is None]
    assert missing == [], f"give these modules a stage in tests/test_architecture.py: {missing}"


def _safe_stage(module: str):
    try:
        return _stage(module)
    except KeyError:
        return None


def test_imports_never_go_upstream():
    upward = []
    for path, module in _modules():
        mine = _safe_stage(module)
        for target, line in _imports(path, module):
            theirs = _safe_stage(target)
            if mine is not None and theirs is not None and theirs > mine:
                upward.append(f"build_tools/{module}.py:{line} imports {target} (stage {theirs} > {mine})")
    assert upward == [], "\n".join(upward)
