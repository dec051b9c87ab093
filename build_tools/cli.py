"""The `segur` command line.

Exit codes: 0 clean, 1 problems found (errors, or warnings with --strict), 2 usage or
environment error. Every command acts on the corpus in the current folder or --root.
"""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

from . import __version__


def _find_root(arg: str | None) -> Path:
    root = Path(arg) if arg else Path.cwd()
    if not (root / "requirements").is_dir():
        raise UsageError(f"{root} holds no requirements/ folder: run segur in the corpus root or pass --root DIR")
    return root


class UsageError(Exception):
    pass


def _codes(values: list[str] | None) -> tuple[str, ...]:
    out: list[str] = []
    for v in values or []:
        out.extend(c.strip() for c in v.split(",") if c.strip())
    return tuple(out)


def cmd_check(args) -> int:
    from .engine import load_and_check
    from .report import json_report, text_report
    result = load_and_check(_find_root(args.root), select=_codes(args.select), ignore=_codes(args.ignore),
                            use_cache=not args.no_cache)
    out = json_report(result) if args.format == "json" else text_report(result, args.strict)
    sys.stdout.write(out)
    return 1 if result.errors or (args.strict and result.warnings) else 0


def cmd_publish(args) -> int:
    from .publish import PublishError, publish
    root = _find_root(args.root)
    out = Path(args.out) if args.out else root / "_build" / "publish"
    only = set(_codes(args.only)) or None
    try:
        res = publish(root, out, only=only, with_pdf=not args.no_pdf, strict=args.strict)
    except PublishError as exc:
        from .report import text_report
        from .engine import load_and_check
        sys.stdout.write(text_report(load_and_check(root), args.strict))
        print(f"segur publish: {exc}", file=sys.stderr)
        return 1
    for note in res.notes:
        print(f"note: {note}")
    files = res.manifest["files"]
    total = sum(f["bytes"] for f in files)
    print(f"published {len(files)} files ({total / 1e6:.1f} MB) for {len(res.manifest['dispositifs'])} "
          f"dispositifs into {res.out}")
    print(f"manifest: {res.out / 'manifest.json'}")
    return 0


def cmd_import_rem(args) -> int:
    from .engine import load_and_check
    from .rem_import.rem_workbook import ImportRefused, read_rem_workbook, sniff_layout
    path = Path(args.file)
    if not path.is_file():
        raise UsageError(f"{path}: no such file")
    try:
        if sniff_layout(path) == "ans-export":
            return _import_ans_export(args, path)
        imported = read_rem_workbook(path)
    except ImportRefused as exc:
        print(f"segur import-rem: refused: {exc}", file=sys.stderr)
        print("nothing was changed", file=sys.stderr)
        return 1
    root = _find_root(args.root)
    corpus = load_and_check(root).corpus
    did = args.dispositif or imported.dispositif
    if not did:
        raise UsageError("the workbook has no Métadonnées sheet naming its dispositif: pass --dispositif ID")
    if did not in corpus.dispositifs:
        raise UsageError(f"unknown dispositif {did}: declare it in requirements/programme.yaml first")
    from .rem_import.plan import plan_changes
    changes, notes = plan_changes(corpus, imported, corpus.dispositifs[did])
    print(f"{path.name}: {imported.layout} layout, {len(imported.requirements)} requirement(s) for {did}")
    for fix in imported.fixes:
        print(f"  normalised {fix}")
    for note in notes:
        print(f"  note: {note}")
    if not changes:
        print("no change: the data files already hold this REM")
        return 0
    for c in changes:
        print("  " + c.describe())
    if not args.write:
        print(f"{len(changes)} change(s); run again with --write to apply them")
        return 0
    from .rem_import.apply import apply_changes
    written = apply_changes(root, changes)
    print(f"wrote {', '.join(written)}")
    from .report import text_report
    result = load_and_check(root)
    sys.stdout.write(text_report(result))
    return 1 if result.errors else 0


def _import_ans_export(args, path: Path) -> int:
    from .rem_import.ans_export import ImportRefused as AnsRefused, import_ans_export
    if not args.into:
        raise UsageError("this is ANS's prépublication export: pass --into DIR to import it into a new corpus")
    dest = Path(args.into)
    try:
        report = import_ans_export(path, dest)
    except AnsRefused as exc:
        print(f"segur import-rem: refused: {exc}", file=sys.stderr)
        print("nothing was changed", file=sys.stderr)
        return 1
    print(report.format() if hasattr(report, "format") else report)
    return 0


def cmd_book(args) -> int:
    from .book.build import build_book  # the site builder (issue: published site)
    root = _find_root(args.root)
    publish_dir = Path(args.publish) if args.publish else root / "_build" / "publish"
    out = Path(args.out) if args.out else root / "_build" / "html"
    return build_book(root, publish_dir, out, clean=args.clean)


def cmd_concertation(args) -> int:
    """export: one grid per dispositif + the snapshot; import: returned grids -> comments.yaml."""
    import time
    from .concertation import iteration_number
    from .engine import load_and_check
    root = _find_root(args.root)
    try:
        iteration_number(args.iteration)
    except ValueError as exc:
        raise UsageError(str(exc)) from None
    start = time.perf_counter()
    corpus = load_and_check(root).corpus
    if args.action == "export":
        from .concertation.export import export
        out = Path(args.out) if args.out else root / "_build" / "concertation" / args.iteration
        try:
            res = export(corpus, args.iteration, out, _codes(args.dispositif) or None)
        except KeyError as exc:
            raise UsageError(exc.args[0]) from None
        if not res.grids:
            raise UsageError("no dispositif to export (all are publiée): pass --dispositif ID")
        for g in res.grids:
            print(f"grid: {g}")
        print(f"snapshot: {res.snapshot}")
        print(f"exported {len(res.grids)} grid(s), {res.rows} rows, in {time.perf_counter() - start:.2f} s")
        return 0
    from .concertation.comments_store import StoreError
    from .concertation.importer import import_grids
    try:
        res = import_grids(corpus, args.iteration, args.grids, today=args.date, dry_run=args.dry_run)
    except StoreError as exc:
        raise UsageError(str(exc)) from None
    for prob in sorted(res.problems, key=lambda x: (x.path, x.line, x.code)):
        print(prob.format())
    for note in dict.fromkeys(res.notes):
        print(f"note: {note}")
    verb = "would record" if args.dry_run else "recorded"
    print(f"{verb} {len(res.added)} comment(s) ({len(res.proposals)} proposal(s)) from {res.files_ok}/"
          f"{len(args.grids)} grid(s) into {res.store.path}; {len(res.duplicates)} duplicate(s) skipped; "
          f"{time.perf_counter() - start:.2f} s")
    return 1 if res.errors else 0


def cmd_rules(args) -> int:
    from . import checks  # noqa: F401  (registers nothing new, rules live in problems)
    from .problems import RULES
    for r in RULES.values():
        print(f"{r.code:26} {r.severity.value:7}  {r.title} — {r.hint}")
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="segur", description="Ségur numérique specifications toolchain")
    parser.add_argument("--version", action="version", version=f"segur-spec {__version__}")
    sub = parser.add_subparsers(dest="command", required=True)

    def common(p):
        p.add_argument("--root", help="corpus folder (holding requirements/ and matrices/); default: current folder")

    p = sub.add_parser("check", help="validate the corpus (schemas and semantic rules)")
    common(p)
    p.add_argument("--strict", action="store_true", help="warnings fail too")
    p.add_argument("--select", action="append", help="only these rule codes or prefixes (comma-separated)")
    p.add_argument("--ignore", action="append", help="skip these rule codes or prefixes (comma-separated)")
    p.add_argument("--format", choices=("text", "json"), default="text")
    p.add_argument("--no-cache", action="store_true", help="do not use .segur-cache/")
    p.set_defaults(func=cmd_check)

    p = sub.add_parser("publish", help="check, then write REM/DSR/AF, CSV, JSON and the manifest")
    common(p)
    p.add_argument("--out", help="publish folder (default: <root>/_build/publish)")
    p.add_argument("--only", action="append", help="only these writers (comma-separated)")
    p.add_argument("--no-pdf", action="store_true", help="skip the PDF conversions")
    p.add_argument("--strict", action="store_true", help="warnings block the publication too")
    p.set_defaults(func=cmd_publish)

    p = sub.add_parser("import-rem", help="read a REM spreadsheet back into the data files")
    common(p)
    p.add_argument("file", help="REM workbook (.xlsx): published layout, Convergence layout or ANS export")
    p.add_argument("--dispositif", help="dispositif id when the workbook does not name it")
    p.add_argument("--write", action="store_true", help="apply the changes (default: show them)")
    p.add_argument("--into", help="new corpus folder for ANS's prépublication export")
    p.set_defaults(func=cmd_import_rem)

    p = sub.add_parser("book", help="build the Jupyter Book site into _build/html (after publish)")
    common(p)
    p.add_argument("--publish", help="publish folder whose manifest the downloads page lists")
    p.add_argument("--out", help="HTML output folder (default: <root>/_build/html)")
    p.add_argument("--clean", action="store_true", help="rebuild from scratch")
    p.set_defaults(func=cmd_book)

    p = sub.add_parser("concertation", help="concertation grids: export to reviewers, import their comments")
    csub = p.add_subparsers(dest="action", required=True)
    c = csub.add_parser("export", help="one protected grid per dispositif + concertation/<IT>/snapshot.json")
    common(c)
    c.add_argument("--iteration", required=True, help="IT1, IT2, …")
    c.add_argument("--dispositif", action="append", help="only these dispositifs (default: every one not publiée)")
    c.add_argument("--out", help="grid folder (default: <root>/_build/concertation/<iteration>)")
    c.set_defaults(func=cmd_concertation)
    c = csub.add_parser("import", help="record the comments of returned grids in concertation/<IT>/comments.yaml")
    common(c)
    c.add_argument("--iteration", required=True, help="IT1, IT2, …")
    c.add_argument("grids", nargs="+", metavar="GRID.xlsx")
    c.add_argument("--date", help="date of comments whose grid has no date (default: today, YYYY-MM-DD)")
    c.add_argument("--dry-run", action="store_true", help="report only, write nothing")
    c.set_defaults(func=cmd_concertation)

    p = sub.add_parser("rules", help="list every rule with its code, severity and fix")
    p.set_defaults(func=cmd_rules)
    return parser


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        return args.func(args)
    except UsageError as exc:
        print(f"segur: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:  # pragma: no cover
        return 130
    except BrokenPipeError:  # output piped into `head`: not an error of ours
        sys.stderr.close()
        return 0


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
