"""Time the site build (`segur book`): embedded corpus and a synthetic corpus of N requirements.

Usage: .venv/bin/python benchmarks/bench_book.py [--n 3000] [--no-needs] [--out benchmarks/out/book]

For each corpus: clean build; no-change rebuild (inputs stamp: nothing to do); no-change
rebuild without that stamp (corpus checked, pages keyed, Sphinx skipped: the site matches
its sources); the same forced through Sphinx (both stamps removed: what an unchanged
incremental Sphinx run costs); one requirement text edited, own then socle (checked on
every page that shows it). Every figure is the wall time of the `segur book` command
(process start included).

With the synthetic corpus it also builds the sphinx-needs variant of the same site: the
requirement pages written as `{req}` needs and the search page as a `needtable` (with
its datatables style), everything else identical, and times its clean, no-change and
one-need-edited builds with the same Jupyter Book configuration plus `sphinx_needs`.
"""
from __future__ import annotations

import argparse
import json
import shutil
import subprocess
import sys
import time
from pathlib import Path

import yaml

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "benchmarks"))

SEGUR = [str(REPO / ".venv" / "bin" / "segur")]
PY = str(REPO / ".venv" / "bin" / "python")


def run(cmd: list[str], cwd: Path | None = None) -> float:
    t0 = time.perf_counter()
    res = subprocess.run(cmd, cwd=cwd, capture_output=True, text=True)
    dt = time.perf_counter() - t0
    if res.returncode != 0:
        sys.stderr.write(res.stdout[-3000:] + res.stderr[-3000:])
        raise SystemExit(f"failed: {' '.join(cmd)}")
    return dt


class NoAlias(yaml.SafeDumper):
    def ignore_aliases(self, data):
        return True


def prepare_synthetic(n: int, dest: Path) -> list[str]:
    """benchmarks/synthetic.py, then the repairs its output needed when this was written
    (reported, so they can go once the generator does them): YAML aliases (PyYAML
    `&id001`), `OFF` read as a YAML 1.1 boolean, Exigence/Préconisation texts without
    their DOIT/PEUT. Also copies book/prose (the documents writer reads it)."""
    import synthetic
    synthetic.generate(n, dest)
    repairs: set[str] = set()
    for f in sorted((dest / "requirements").rglob("*.yaml")):
        raw = f.read_text("utf-8")
        if "&id0" in raw:
            repairs.add("aliases")
        data = yaml.safe_load(raw)
        if f.name == "programme.yaml":
            for c in data.get("couloirs", []):
                if c.get("code") is False:
                    c["code"] = "OFF"
                    repairs.add("OFF as boolean")
            for d in data.get("dispositifs", []):
                if d.get("couloir") is False:
                    d["couloir"] = "OFF"
                    repairs.add("OFF as boolean")
        for r in data.get("exigences") or [] if isinstance(data, dict) else []:
            t = r.get("enonce", "")
            if r.get("nature") == "Exigence" and "DOIT" not in t:
                r["enonce"] = "Le système DOIT " + t
                repairs.add("nature/verb")
            elif r.get("nature") == "Préconisation" and "DOIT" in t:
                r["nature"] = "Exigence"
                repairs.add("nature/verb")
        f.write_text(yaml.dump(data, Dumper=NoAlias, allow_unicode=True, sort_keys=False, width=100), "utf-8")
    shutil.copytree(REPO / "book" / "prose", dest / "book" / "prose")
    return sorted(repairs)


def edit_one(root: Path, socle: bool) -> tuple[str, list[str]]:
    """Change the text of one requirement whose statut stays the same (an own requirement
    already Modifiée or Nouvelle, or a socle requirement); returns the marker and the
    pages that must show it."""
    from build_tools.book import pages as P
    from build_tools.engine import load_and_check
    corpus = load_and_check(root).corpus
    marker = f"MARQUEUR-{int(time.time() * 1000) % 10**8}"
    if socle:
        pickers = {}
        for d in corpus.dispositifs.values():
            for r in d.rem:
                if r.socle:
                    pickers.setdefault(r.base.id, []).append(d)
        # the socle requirement picked by the most dispositifs: the widest edit
        sid = max(pickers, key=lambda k: (len(pickers[k]), k))
        req = corpus.socle_requirements[sid]
        where = [P.socle_doc(req.owner) + ".html"] + [P.dispositif_doc(d) + ".html" for d in pickers[sid]]
        path = req.src.path
    else:
        carried = {x.precedent for x in corpus.dispositifs.values() if x.precedent}
        d, r = next((d, r) for d in corpus.dispositifs.values() if d.id not in carried for r in d.rem
                    if r.socle is None and r.statut in ("Modifiée", "Nouvelle"))
        req = r.base
        where = [P.dispositif_doc(d) + ".html"]
        path = req.src.path
    where += [P.REQS + ".html"]
    f = root / path
    lines = f.read_text("utf-8").split("\n")
    start = req.line_of("enonce") - 1
    for i in range(start, start + 8):          # the enonce: line or its folded continuation
        for verb in ("DOIT", "PEUT"):
            if verb in lines[i]:
                lines[i] = lines[i].replace(verb, f"{verb} {marker}", 1)
                f.write_text("\n".join(lines), "utf-8")
                return marker, where
    raise AssertionError(f"no DOIT/PEUT near {path}:{start + 1}")


def bench_corpus(name: str, root: Path, work: Path) -> dict:
    pub, out = work / "publish", work / "html"
    run(SEGUR + ["publish", "--root", str(root), "--out", str(pub), "--no-pdf"])
    book = SEGUR + ["book", "--root", str(root), "--publish", str(pub), "--out", str(out)]
    res = {"corpus": name}
    res["clean"] = run(book + ["--clean"])
    res["no_change"] = run(book)
    (out.parent / f".{out.name}-inputs").unlink()
    res["no_change_no_stamp"] = run(book)
    (out.parent / f".{out.name}-inputs").unlink()
    (out.parent / f".{out.name}-synced").unlink()
    res["no_change_sphinx"] = run(book)
    for kind in ("own", "socle"):
        marker, where = edit_one(root, socle=(kind == "socle"))
        run(SEGUR + ["publish", "--root", str(root), "--out", str(pub), "--no-pdf"])   # not timed
        res[f"edit_{kind}"] = run(book)
        missing = [w for w in where if marker not in (out / w).read_text("utf-8")]
        assert not missing, f"edited text missing from {missing}"
        res[f"edit_{kind}_pages"] = len(where)
    from build_tools.engine import load_and_check
    c = load_and_check(root).corpus
    res["requirements"] = sum(len(d.rem) for d in c.dispositifs.values())
    res["socle_requirements"] = len(c.socle_requirements)
    res["html_mb"] = round(sum(f.stat().st_size for f in out.rglob("*") if f.is_file()) / 1e6, 1)
    return res


# --------------------------------------------------------------------------- sphinx-needs variant

def needs_variant(root: Path, src: Path, dest: Path) -> None:
    """Same book sources, requirement pages as sphinx-needs `{req}` and a needtable."""
    from build_tools.book import pages as P
    from build_tools.render.html import md
    from build_tools.book.needs import need_id
    from build_tools.engine import load_and_check
    corpus = load_and_check(root).corpus
    if dest.exists():
        shutil.rmtree(dest)
    shutil.copytree(src, dest)
    cfg = (dest / "_config.yml").read_text("utf-8")
    cfg = cfg.replace("build_tools.book.sphinx_ext]", "build_tools.book.sphinx_ext, sphinx_needs]")
    cfg = cfg.replace("    language: fr\n", "    language: fr\n    needs_id_regex: '^[A-Z0-9_]{5,}'\n"
                      "    needs_build_json: false\n")
    (dest / "_config.yml").write_text(cfg, "utf-8")

    def need(nid, r, status, tags, links):
        opts = [f":id: {nid}", f":status: {md(status)}", f":tags: {';'.join(md(t) for t in tags)}"]
        if links:
            opts.append(f":links: {', '.join(links)}")
        return f":::{{req}} {md(r.id)} {md(r.fonction)}\n" + "\n".join(opts) + f"\n\n{md(r.enonce)}\n:::\n\n"

    for d in corpus.dispositifs.values():
        body = [f"# {md(d.id)} — {md(d.titre)}\n\n"]
        last = None
        for r in d.rem:
            if r.section.code != last:
                body.append(f"## {md(r.section.code)} — {md(r.section.libelle)}\n\n")
                last = r.section.code
            links = [need_id(r.base.id)] if r.socle else []
            body.append(need(need_id(d.id, r.id), r.base, r.statut, [d.id, r.nature, r.criticite], links))
        (dest / (P.dispositif_doc(d) + ".md")).write_text("".join(body), "utf-8")
    for code, s in corpus.socles.items():
        body = [f"# Socle {md(code)}\n\n"]
        for r in s.requirements:
            body.append(need(need_id(r.id), r, r.statut or "Active", [code, r.nature], []))
        (dest / (P.socle_doc(code) + ".md")).write_text("".join(body), "utf-8")
    (dest / (P.REQS + ".md")).write_text(
        "# Exigences\n\n```{needtable}\n:types: req\n:style: datatables\n"
        ":columns: id;title;status;tags\n```\n", "utf-8")
    shutil.rmtree(dest / "book" / "gen" / "dispositifs" / "Va1" / "_frag", ignore_errors=True)
    shutil.rmtree(dest / "book" / "gen" / "dispositifs" / "Va2" / "_frag", ignore_errors=True)
    shutil.rmtree(dest / "book" / "gen" / "socles" / "_frag", ignore_errors=True)


def needs_build(root: Path, work: Path) -> tuple[Path, str]:
    """The sphinx-needs variant of the site's sources (work/needs-src) and the Python code
    that builds it with JB1 in a fresh process; its previous outputs are removed."""
    src = work / "html-src"
    dest = work / "needs-src"
    needs_variant(root, src, dest)
    code = (
        "import sys, os; from jupyter_book.sphinx import build_sphinx; "
        f"os.environ['SEGUR_ROOT']={str(root)!r}; "
        f"r = build_sphinx({str(dest)!r}, {str(work / 'needs-html')!r}, noconfig=True, "
        f"path_config={str(dest / '_config.yml')!r}, doctreedir={str(work / '.needs-doctrees')!r}, quiet=True, "
        f"confoverrides={{'external_toc_path': {str(dest / '_toc.yml')!r}, 'latex_individualpages': False, "
        f"'nb_execution_cache_path': {str(work / '.needs-jupyter-cache')!r}}}); sys.exit(0 if r == 0 else 1)")
    for d in (work / "needs-html", work / ".needs-doctrees", work / ".needs-jupyter-cache"):
        shutil.rmtree(d, ignore_errors=True)
    return dest, code


def bench_needs(root: Path, work: Path) -> dict:
    dest, code = needs_build(root, work)
    res = {"clean": run([PY, "-c", code]), "no_change": run([PY, "-c", code])}
    page = next(p for p in sorted((dest / "book/gen/dispositifs").rglob("*.md")))
    page.write_text(page.read_text("utf-8").replace("DOIT ", "DOIT bien ", 1), "utf-8")
    res["edit_own"] = run([PY, "-c", code])          # one need's text changed, then rebuilt
    return res


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--n", type=int, default=3000)
    ap.add_argument("--no-needs", action="store_true", help="skip the sphinx-needs variant")
    ap.add_argument("--no-embedded", action="store_true", help="skip the embedded corpus")
    ap.add_argument("--out", default=str(REPO / "benchmarks" / "out" / "book"))
    args = ap.parse_args()
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    results = []

    if not args.no_embedded:
        emb = out / "embedded"
        shutil.rmtree(emb, ignore_errors=True)
        corpus = emb / "corpus"
        corpus.mkdir(parents=True)
        for part in ("requirements", "matrices"):
            shutil.copytree(REPO / part, corpus / part)
        shutil.copytree(REPO / "book" / "prose", corpus / "book" / "prose")
        results.append(bench_corpus("embedded", corpus, emb))

    syn = out / f"synthetic-{args.n}"
    shutil.rmtree(syn, ignore_errors=True)
    repairs = prepare_synthetic(args.n, syn / "corpus")
    results.append(bench_corpus(f"synthetic-{args.n}", syn / "corpus", syn))
    results[-1]["generator_repairs"] = repairs
    if not args.no_needs:
        results.append({"corpus": f"synthetic-{args.n} (sphinx-needs variant)", **bench_needs(syn / "corpus", syn)})

    print(json.dumps(results, indent=1, ensure_ascii=False))
    (out / "results.json").write_text(json.dumps(results, indent=1, ensure_ascii=False) + "\n", "utf-8")
    keys = ("clean", "no_change", "no_change_no_stamp", "no_change_sphinx", "edit_own", "edit_socle")
    print("\n| corpus | " + " | ".join(keys) + " |\n|---|" + "---|" * len(keys))
    for r in results:
        print(f"| {r['corpus']} | " + " | ".join(f"{r[k]:.1f} s" if k in r else "—" for k in keys) + " |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
