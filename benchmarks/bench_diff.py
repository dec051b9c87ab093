"""`segur diff` between two synthetic corpora that differ by about 5 %, and StrictDoc's
`strictdoc diff` on the same two versions exported as StrictDoc documents.

    .venv/bin/python benchmarks/bench_diff.py 20000 [--strictdoc /path/to/venv/bin/strictdoc]

OLD is `synthetic.py N`; NEW is OLD with about 5 % of the requirements changed, one change
kind after another (text, editorial, PEUT→DOIT, DOIT→PEUT, renumbered, removed, added,
scenario, proof, criticité, bloc). `segur diff OLD NEW --format json` runs as a process
(start-up included): cold (no parse cache) once, then warm (best of 3). StrictDoc (in its
own venv, never the project's) gets one `.sdoc` per dispositif with Markdown markup: the
REM requirements with UID, TITLE (fonction), STATUS (nature), STATEMENT (énoncé) and the
scenarios and proofs in COMMENT; StrictDoc 0.30 computes its diff and changelog during an
HTML export (`export --generate-diff-dirs OLD NEW`, feature DIFF), so its time includes
that export.
"""
from __future__ import annotations

import argparse
import json
import random
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import yaml

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))
sys.path.insert(0, str(HERE))

from synthetic import generate  # noqa: E402

SEGUR = Path(sys.executable).with_name("segur")
OWN_KINDS = ("text", "editorial", "strengthened", "weakened", "renumbered", "removed", "added", "scenario",
             "proof", "criticite", "moved")
SOCLE_KINDS = ("text", "editorial", "scenario", "proof", "criticite")


def _mutate(r: dict, kind: str, rng: random.Random, out: list, i: int) -> dict | None:
    """Apply one change to a requirement record; None removes it."""
    if kind == "text":
        words = r["enonce"].split()
        words[len(words) // 2] = "notamment"
        r["enonce"] = " ".join(words)
    elif kind == "editorial":
        r["enonce"] = r["enonce"].replace(" ", "  ", 1).replace("le ", "Le ", 1)
    elif kind == "strengthened" and " PEUT " in r["enonce"]:
        r["enonce"] = r["enonce"].replace(" PEUT ", " DOIT ")
        r["nature"] = "Exigence"
    elif kind == "weakened" and " DOIT " in r["enonce"]:
        r["enonce"] = r["enonce"].replace(" DOIT ", " PEUT ")
        r["nature"] = "Préconisation"
    elif kind == "renumbered":
        new_id = re.sub(r"\.(\d+)$", lambda m: f".{int(m.group(1)) + 500:03d}", r["id"])
        for s in r["scenarios"]:
            for p in s["preuves"]:
                p["id"] = new_id + p["id"][len(r["id"]):]
            s["id"] = new_id + s["id"][len(r["id"]):]
        r["id"] = new_id
    elif kind == "removed":
        return None
    elif kind == "added":
        extra = json.loads(json.dumps(r))
        _mutate(extra, "renumbered", rng, out, i)
        extra["enonce"] = extra["enonce"].replace("Le système", "Le système désormais", 1)
        out.append(extra)
    elif kind == "scenario":
        r["scenarios"][0]["texte"] += " puis vérifier le résultat"
    elif kind == "proof":
        r["scenarios"][0]["preuves"][0]["texte"] += " horodatée"
    elif kind == "criticite":
        r["criticite"] = "Mineure" if r["criticite"] == "Majeure" else "Majeure"
    elif kind == "moved":
        r["bloc"] += " révisé"
    return r


def mutate_corpus(old: Path, new: Path, share: float = 0.05, seed: int = 7) -> int:
    rng = random.Random(seed)
    shutil.copytree(old, new, ignore=shutil.ignore_patterns(".segur-cache"))
    touched = 0
    for f in sorted((new / "requirements").glob("*/*.yaml")):
        if f.parent.name == "financement":
            continue
        doc = yaml.safe_load(f.read_text("utf-8"))
        kinds = SOCLE_KINDS if f.parent.name == "socles" else OWN_KINDS
        out: list = []
        for i, r in enumerate(doc.get("exigences") or []):
            if rng.random() < share:
                touched += 1
                r = _mutate(r, kinds[touched % len(kinds)], rng, out, i)
            if r is not None:
                out.append(r)
        doc["exigences"] = out
        f.write_text(yaml.safe_dump(doc, allow_unicode=True, sort_keys=False, width=100), "utf-8")
    return touched


def _sdoc_text(s: str) -> str:
    return s.replace("<<<", "< < <").replace(">>>", "> > >")


def export_sdoc(corpus_dir: Path, dest: Path) -> int:
    """One StrictDoc document per dispositif (its REM), Markdown markup."""
    from build_tools.versions.sources import load_corpus
    corpus = load_corpus(corpus_dir)
    dest.mkdir(parents=True, exist_ok=True)
    n = 0
    for d in corpus.dispositifs.values():
        out = [f"[DOCUMENT]\nTITLE: {d.id}\nOPTIONS:\n  MARKUP: Markdown\n\n"]
        for r in d.rem:
            scen = "\n".join(f"- {s.id} {s.texte}" + "".join(f"\n  - {p.id} {p.texte}" for p in s.preuves)
                             for s in r.scenarios)
            out.append(f"[REQUIREMENT]\nUID: {d.id}.{r.id}\nSTATUS: {r.nature}\nTITLE: {_sdoc_text(r.fonction)}\n"
                       f"STATEMENT: >>>\n{_sdoc_text(r.enonce)}\n<<<\n"
                       + (f"COMMENT: >>>\n{_sdoc_text(scen)}\n<<<\n" if scen else "") + "\n")
            n += 1
        (dest / f"{d.id}.sdoc").write_text("".join(out), "utf-8")
    return n


def timed(cmd: list[str], cwd: Path | None = None) -> tuple[float, subprocess.CompletedProcess]:
    t = time.perf_counter()
    res = subprocess.run(cmd, capture_output=True, text=True, cwd=cwd)
    return time.perf_counter() - t, res


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("n", type=int, nargs="?", default=20000)
    ap.add_argument("--strictdoc", help="strictdoc executable (its own venv)")
    args = ap.parse_args()
    work = Path(tempfile.mkdtemp(prefix="bench-diff-"))
    try:
        old = generate(args.n, work / "old")
        touched = mutate_corpus(old, work / "new")
        print(f"{args.n} requirements, {touched} changed in NEW")
        cmd = [str(SEGUR), "diff", str(old), str(work / "new"), "--root", str(work / "new"), "--format", "json"]
        cold, res = timed(cmd)
        assert res.returncode == 0, res.stderr
        warm = min(timed(cmd)[0] for _ in range(3))
        doc = json.loads(res.stdout)
        print(f"segur diff: cold {cold:.2f} s, warm {warm:.2f} s (best of 3), {len(doc['changes'])} changes")
        print("  by kind: " + ", ".join(f"{k} {v}" for k, v in sorted(doc["counts"].items())))
        if args.strictdoc:
            n_old = export_sdoc(old, work / "sd" / "old")
            n_new = export_sdoc(work / "new", work / "sd" / "new")
            print(f"StrictDoc export: {n_old} / {n_new} requirements")
            sd = work / "sd"
            (sd / "strictdoc.toml").write_text('[project]\ntitle = "bench"\nfeatures = ["DIFF"]\n', "utf-8")
            # StrictDoc 0.30 has no `diff` command: its diff and changelog come with an HTML export
            t, res = timed([args.strictdoc, "export", str(sd / "new"), "--formats", "html",
                            "--generate-diff-dirs", str(sd / "old"), str(sd / "new"),
                            "--output-dir", str(sd / "out"), "--config", str(sd / "strictdoc.toml")])
            page = sd / "out" / "html" / "changelog.html"
            if res.returncode != 0 or not page.is_file():
                print(f"strictdoc failed ({t:.1f} s): {(res.stderr or res.stdout)[-800:]}")
                return
            text = re.sub(r"<script.*?</script>|<style.*?</style>", "", page.read_text("utf-8"), flags=re.S)
            text = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", text))
            nodes = re.search(r"Nodes modified (\d+)", text)
            reqs = re.search(r"REQUIREMENT nodes (.*?)(?: #|$)", text)
            print(f"strictdoc export + diff: {t:.2f} s; nodes modified {nodes.group(1) if nodes else '?'}; "
                  f"requirements: {reqs.group(1).strip() if reqs else '?'}")
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
