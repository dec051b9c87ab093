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
        raise UsageError(f"{root} ne contient pas de dossier requirements/ : lancez segur à la racine du corpus ou passez --root DIR")
    return root


# severity labels shown to authors (the JSON report keeps error/warning)
SEVERITY_FR = {"error": "erreur", "warning": "avertissement"}
LAYOUT_FR = {"published": "publié", "convergence": "Convergence", "prepublication": "prépublication"}


class UsageError(Exception):
    pass


def _codes(values: list[str] | None) -> tuple[str, ...]:
    out: list[str] = []
    for v in values or []:
        out.extend(c.strip() for c in v.split(",") if c.strip())
    return tuple(out)


def _rule_codes(values: list[str] | None, option: str) -> tuple[str, ...]:
    """--select/--ignore values: each a rule code or a prefix of one; anything else is a usage error."""
    from . import checks  # noqa: F401  (every rule is declared once the checks are imported)
    from .problems import RULES
    codes = _codes(values)
    unknown = [c for c in codes if not any(r.startswith(c) for r in RULES)]
    if unknown:
        raise UsageError(f"{option} : code(s) de règle inconnu(s) {', '.join(unknown)} ; codes connus : "
                         f"{', '.join(RULES)} (un préfixe comme STATUT est accepté ; voir `segur rules`)")
    return codes


def cmd_check(args) -> int:
    from .engine import load_and_check
    from .report import json_report, text_report
    select, ignore = _rule_codes(args.select, "--select"), _rule_codes(args.ignore, "--ignore")
    result = load_and_check(_find_root(args.root), select=select, ignore=ignore, use_cache=not args.no_cache)
    out = json_report(result) if args.format == "json" else text_report(result, args.strict)
    sys.stdout.write(out)
    return 1 if result.errors or (args.strict and result.warnings) else 0


def cmd_publish(args) -> int:
    from .publish import PublishError, publish
    root = _find_root(args.root)
    out = Path(args.out) if args.out else root / "_build" / "publish"
    only = set(_codes(args.only)) or None
    if only:
        from .writers import all_writers
        names = [w.name for w in all_writers()]
        if only - set(names):
            raise UsageError(f"--only : générateur(s) inconnu(s) {', '.join(sorted(only - set(names)))} ; "
                             f"générateurs : {', '.join(names)}")
    try:
        res = publish(root, out, only=only, with_pdf=not args.no_pdf, strict=args.strict, draft=args.draft)
    except PublishError as exc:
        if exc.check is not None:
            from .report import text_report
            sys.stdout.write(text_report(exc.check, args.strict))
        print(f"segur publish: {exc}", file=sys.stderr)
        return 1
    for note in res.notes:
        print(f"remarque : {note}")
    files = res.manifest["files"]
    total = sum(f["bytes"] for f in files)
    print(f"{len(files)} fichiers publiés ({total / 1e6:.1f} Mo) pour {len(res.manifest['dispositifs'])} "
          f"dispositifs dans {res.out}")
    print(f"manifeste : {res.out / 'manifest.json'}")
    if args.draft:
        print(f"BROUILLON — non publiable : {len(res.check.errors)} erreur(s), {len(res.check.warnings)} avertissement(s) "
              "dans le corpus ; chaque document porte la marque, le manifeste indique draft: true")
    return 0


def cmd_import_rem(args) -> int:
    from .engine import load_and_check
    from .rem_import.rem_workbook import ImportRefused, read_rem_workbook, sniff_layout
    path = Path(args.file)
    if not path.is_file():
        raise UsageError(f"{path}: fichier introuvable")
    try:
        if sniff_layout(path) == "ans-export":
            return _import_ans_export(args, path)
        imported = read_rem_workbook(path)
    except ImportRefused as exc:
        print(f"segur import-rem: import refusé : {exc}", file=sys.stderr)
        print("rien n'a été modifié", file=sys.stderr)
        return 1
    root = _find_root(args.root)
    before = load_and_check(root)
    corpus = before.corpus
    did = args.dispositif or imported.dispositif
    if not did:
        raise UsageError("le classeur n'a pas de feuille Métadonnées qui nomme son dispositif : passez --dispositif ID")
    if did not in corpus.dispositifs:
        raise UsageError(f"dispositif inconnu {did} : déclarez-le d'abord dans requirements/programme.yaml")
    from .rem_import.plan import conflicts_of, plan_changes
    changes, notes = plan_changes(corpus, imported, corpus.dispositifs[did])
    conflicts = conflicts_of(notes)
    print(f"{path.name}: format {LAYOUT_FR.get(imported.layout, imported.layout)}, {len(imported.requirements)} exigence(s) pour {did}")
    for fix in imported.fixes:
        print(f"  normalisé {fix}")
    for note in notes:
        print(f"  {note}" if note in conflicts else f"  remarque : {note}")
    if not changes:
        print("aucun changement : les fichiers de données contiennent déjà ce REM" if not conflicts
              else f"{len(conflicts)} conflit(s), aucun autre changement")
        return 1 if conflicts else 0
    for c in changes:
        print("  " + c.describe())
    if not args.write:
        print(f"{len(changes)} changement(s) ; relancez avec --write pour les appliquer"
              + (f" ({len(conflicts)} conflit(s) non importé(s))" if conflicts else ""))
        return 1 if conflicts else 0
    from .rem_import.apply import prepare_changes, write_prepared
    prepared = prepare_changes(root, changes)
    after = load_and_check(root, overrides={p.relative_to(root).as_posix(): t for p, t in prepared.items()})
    from .problem_groups import cause_keys
    known = {k for p in before.errors for k in cause_keys(p)}
    new = [p for p in after.errors if not cause_keys(p) <= known]
    if new:
        print("import refusé : les fichiers modifiés ne passeraient pas la vérification :", file=sys.stderr)
        for p in new:
            print("  " + p.format(), file=sys.stderr)
        print("rien n'a été modifié : corrigez le classeur et relancez", file=sys.stderr)
        return 1
    written = write_prepared(root, prepared)
    print(f"fichiers écrits : {', '.join(written)}")
    from .report import text_report
    result = load_and_check(root)
    sys.stdout.write(text_report(result))
    return 1 if result.errors or conflicts else 0


def _import_ans_export(args, path: Path) -> int:
    from .rem_import.ans_export import ImportRefused as AnsRefused, import_ans_export
    if not args.into:
        raise UsageError("c'est l'export de prépublication de l'ANS : passez --into DIR pour l'importer dans un nouveau corpus")
    dest = Path(args.into)
    rem_codes = {}
    for item in args.rem_code or ():
        code, sep, model = item.partition("=")
        if not sep or not code.strip().isalpha() or not model.strip():
            raise UsageError(f"--rem-code {item!r} : écrivez CODE=CODE_CONNU (par exemple LGCX=LGC)")
        rem_codes[code.strip().upper()] = model.strip().upper()
    try:
        report = import_ans_export(path, dest, rem_codes)
    except AnsRefused as exc:
        print(f"segur import-rem: import refusé : {exc}", file=sys.stderr)
        print("rien n'a été modifié", file=sys.stderr)
        return 1
    print(report.format() if hasattr(report, "format") else report)
    return 0


def cmd_book(args) -> int:
    from .book.build import build_book  # the site builder (issue: published site)
    root = _find_root(args.root)
    publish_dir = Path(args.publish) if args.publish else root / "_build" / "publish"
    out = Path(args.out) if args.out else root / "_build" / "html"
    if args.republish:   # publish first, so that the downloads match the pages
        from .publish import PublishError, publish
        try:
            publish(root, publish_dir, with_pdf=not args.no_pdf, draft=args.draft)
        except PublishError as exc:
            print(f"segur book: {exc}", file=sys.stderr)
            return 1
    return build_book(root, publish_dir, out, clean=args.clean, draft=args.draft,
                      brand=False if args.sans_marque else None)


def cmd_serve(args) -> int:
    from .preview.serve import serve
    root = _find_root(args.root)
    if not 0 <= args.port <= 65535:
        raise UsageError(f"--port {args.port} : un numéro de port va de 0 à 65535")
    publish_dir = Path(args.publish) if args.publish else root / "_build" / "publish"
    out = Path(args.out) if args.out else root / "_build" / "html"
    return serve(root, publish_dir, out, args.port)


def cmd_concertation(args) -> int:
    from .cli_concertation import concertation
    return concertation(args)


def cmd_release(args) -> int:
    from .versions.release import ReleaseRefused, make_release
    root = _find_root(args.root)
    if args.verify:
        return _verify_release(root, args)
    try:
        res = make_release(root, args.dispositif, date=args.date, with_pdf=not args.no_pdf)
    except ReleaseRefused as exc:
        print(f"segur release: refusé : {exc}", file=sys.stderr)
        return 1
    print(f"{res.dispositif} {res.version} publiée au commit {res.commit[:12]} : {res.files} fichier(s), "
          f"{res.elements} éléments figés dans {res.record}")
    print("commitez ce fichier ; toute modification du contenu de cette version sera signalée (VERSION-FROZEN)")
    return 0


def _verify_release(root: Path, args) -> int:
    """Rebuild a released version from its commit; with --out, copy its files there."""
    import shutil
    import tempfile
    from .versions.rebuild import RebuildError, rebuild
    from .versions.sources import load_corpus
    corpus = load_corpus(root)
    rel = next((r for r in corpus.releases.get(args.dispositif, ()) if r.version == args.verify), None)
    if rel is None:
        known = ", ".join(r.version for r in corpus.releases.get(args.dispositif, ())) or "aucune"
        print(f"segur release: {args.dispositif} {args.verify} n'est pas publiée (versions publiées : {known})",
              file=sys.stderr)
        return 1
    with tempfile.TemporaryDirectory(prefix="segur-verify-") as tmp:
        try:
            res = rebuild(root, rel, Path(tmp))
        except RebuildError as exc:
            print(f"segur release: {exc}", file=sys.stderr)
            return 1
        for line in res.mismatches:
            print(f"segur release: {line}", file=sys.stderr)
        if res.mismatches:
            print(f"segur release: {args.dispositif} {rel.version} ne se reconstruit pas à l'identique depuis le "
                  f"commit {rel.commit[:12]}", file=sys.stderr)
            return 1
        if args.out:
            out = Path(args.out)
            out.mkdir(parents=True, exist_ok=True)
            for f in rel.files:
                shutil.copyfile(res.path_of(f.path), out / Path(f.path).name)
    print(f"{args.dispositif} {rel.version} : {len(rel.files)} fichier(s) reconstruit(s) depuis le commit "
          f"{rel.commit[:12]}, sha256 identiques" + (f", copiés dans {args.out}" if args.out else ""))
    return 0


def cmd_diff(args) -> int:
    from .versions.diff import diff
    from .versions.report import json_report, text_report
    from .versions.sources import SourceError, load_side
    root = _find_root(args.root)
    if args.format == "xlsx" and not args.out:
        raise UsageError("--format xlsx écrit un classeur : passez --out FICHIER.xlsx")
    import gc
    gc.disable()    # two corpus indexes stay alive to the end: GC passes would only rescan them
    try:
        old = load_side(root, args.old)
        new = load_side(root, args.new)
    except SourceError as exc:
        raise UsageError(str(exc)) from None
    only = set(_codes(args.dispositif)) | set(old.only) | set(new.only)
    known = set(old.views) | set(new.views)
    unknown = sorted(only - known)
    if unknown:
        raise UsageError(f"dispositif(s) inconnu(s) des deux côtés : {', '.join(unknown)}")
    changes = diff(old.views, new.views, only or None)
    if args.format == "json":
        sys.stdout.write(json_report(changes, old.label, new.label))
    elif args.format == "xlsx":
        from .versions.evolutions_xlsx import write_evolutions
        out = Path(args.out)
        try:
            write_evolutions(changes, out, old_label=old.label, new_label=new.label)
        except OSError as exc:
            print(f"segur diff: écriture impossible de {out} ({exc})", file=sys.stderr)
            return 1
        print(f"{len(changes)} changement(s) écrits dans {out}")
    else:
        sys.stdout.write(text_report(changes, old.label, new.label))
    return 0


def cmd_rapport(args) -> int:
    from .cli_concertation import rapport
    return rapport(args)


def cmd_rules(args) -> int:
    from . import checks  # noqa: F401  (registers nothing new, rules live in problems)
    from .problems import RULES, STATUS_COLUMNS
    print(f"{'règle':26} " + " ".join(f"{label:24}" for label, _ in STATUS_COLUMNS) + "  titre — correction")
    for r in RULES.values():
        cells = " ".join(f"{SEVERITY_FR[r.severity_for(status).value]:24}" for _, status in STATUS_COLUMNS)
        print(f"{r.code:26} {cells}  {r.title} — {r.hint}")
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="segur", description="Outillage des spécifications du Ségur du numérique")
    parser.add_argument("--version", action="version", version=f"segur-spec {__version__}")
    sub = parser.add_subparsers(dest="command", required=True)

    def common(p):
        p.add_argument("--root", help="dossier du corpus (contenant requirements/ et matrices/) ; par défaut : le dossier courant")

    p = sub.add_parser("check", help="valider le corpus (schémas et règles sémantiques)")
    common(p)
    p.add_argument("--strict", action="store_true", help="les avertissements font aussi échouer")
    p.add_argument("--select", action="append", help="seulement ces codes de règle ou préfixes (séparés par des virgules)")
    p.add_argument("--ignore", action="append", help="ignorer ces codes de règle ou préfixes (séparés par des virgules)")
    p.add_argument("--format", choices=("text", "json"), default="text")
    p.add_argument("--no-cache", action="store_true", help="ne pas utiliser .segur-cache/")
    p.set_defaults(func=cmd_check)

    p = sub.add_parser("publish", help="vérifier, puis écrire REM/DSR/AF, CSV, JSON et le manifeste")
    common(p)
    p.add_argument("--out", help="dossier de publication (par défaut : <root>/_build/publish)")
    p.add_argument("--only", action="append", help="seulement ces générateurs (séparés par des virgules)")
    p.add_argument("--no-pdf", action="store_true", help="sans les conversions PDF")
    p.add_argument("--strict", action="store_true", help="les avertissements bloquent aussi la publication")
    p.add_argument("--draft", action="store_true",
                   help="aperçu : publier même avec des erreurs, chaque document marqué BROUILLON — non publiable")
    p.set_defaults(func=cmd_publish)

    p = sub.add_parser("import-rem", help="relire un classeur REM dans les fichiers de données")
    common(p)
    p.add_argument("file", help="classeur REM (.xlsx) : format publié, format Convergence ou export ANS")
    p.add_argument("--dispositif", help="identifiant du dispositif quand le classeur ne le nomme pas")
    p.add_argument("--write", action="store_true", help="appliquer les changements (par défaut : les afficher)")
    p.add_argument("--into", help="nouveau dossier de corpus pour l'export de prépublication de l'ANS")
    p.add_argument("--rem-code", action="append", metavar="CODE=CONNU",
                   help="export ANS : rattacher un code de REM inconnu à un code connu (BIO, LGC, RIS, DB, DPI, PFI) "
                        "sur lequel le modeler ; un code qui commence par un code connu (LGCB) l'est d'office")
    p.set_defaults(func=cmd_import_rem)

    p = sub.add_parser("book", help="construire le site Jupyter Book dans _build/html (après publish)")
    common(p)
    p.add_argument("--publish", help="dossier de publication dont la page des téléchargements liste le manifeste")
    p.add_argument("--out", help="dossier de sortie HTML (par défaut : <root>/_build/html)")
    p.add_argument("--clean", action="store_true", help="tout reconstruire")
    p.add_argument("--republish", action="store_true",
                   help="republier d'abord (segur publish) : sans cela, un dossier de publication qui ne correspond plus au corpus est refusé")
    p.add_argument("--no-pdf", action="store_true", help="avec --republish : sans les conversions PDF")
    p.add_argument("--draft", action="store_true",
                   help="aperçu : construire même avec des erreurs, marque BROUILLON sur chaque page et page QA des problèmes")
    p.add_argument("--sans-marque", action="store_true",
                   help="sans la marque de l'État (bloc République française, police Marianne), réservée aux services de l'État")
    p.set_defaults(func=cmd_book)

    p = sub.add_parser("serve", help="prévisualisation en direct : construit le site, le sert sur 127.0.0.1 "
                       "et le reconstruit à chaque modification du corpus")
    common(p)
    p.add_argument("--port", type=int, default=8000, help="port local (par défaut : 8000 ; 0 : un port libre)")
    p.add_argument("--publish", help="dossier de publication dont la page des téléchargements liste le manifeste")
    p.add_argument("--out", help="dossier de sortie HTML (par défaut : <root>/_build/html)")
    p.set_defaults(func=cmd_serve)

    p = sub.add_parser("concertation", help="grilles de concertation : export vers les relecteurs, import de leurs commentaires")
    csub = p.add_subparsers(dest="action", required=True)
    c = csub.add_parser("export", help="une grille protégée par dispositif + concertation/<IT>/snapshot.json")
    common(c)
    c.add_argument("--iteration", required=True, help="IT1, IT2, …")
    c.add_argument("--dispositif", action="append", help="seulement ces dispositifs (par défaut : tous ceux qui ne sont pas publiés)")
    c.add_argument("--out", help="dossier des grilles (par défaut : <root>/_build/concertation/<iteration>)")
    c.set_defaults(func=cmd_concertation)
    c = csub.add_parser("import", help="enregistrer les commentaires des grilles retournées dans concertation/<IT>/comments.yaml")
    common(c)
    c.add_argument("--iteration", required=True, help="IT1, IT2, …")
    c.add_argument("grids", nargs="+", metavar="GRID.xlsx")
    c.add_argument("--date", help="date des commentaires dont la grille n'a pas de date (par défaut : aujourd'hui, AAAA-MM-JJ)")
    c.add_argument("--dry-run", action="store_true", help="rapport seulement, sans rien écrire")
    c.set_defaults(func=cmd_concertation)
    c = csub.add_parser("import-annotations",
                        help="enregistrer les annotations hypothesis du site (réponse JSON de l'API de recherche) dans comments.yaml")
    common(c)
    c.add_argument("--iteration", required=True, help="IT1, IT2, …")
    c.add_argument("file", metavar="FILE.json", help="réponse de l'API de recherche d'hypothesis ({\"total\": …, \"rows\": […]})")
    c.add_argument("--site", help="site construit où chercher les pages annotées (par défaut : <root>/_build/html)")
    c.add_argument("--organisations", metavar="FICHIER.csv",
                   help="table « compte;organisation » : l'organisation de chaque relecteur (sinon : son nom affiché)")
    c.add_argument("--dry-run", action="store_true", help="rapport seulement, sans rien écrire")
    c.set_defaults(func=cmd_concertation)

    c = csub.add_parser("retour", help="un classeur de retour par organisation : ses commentaires, la réponse et le statut")
    common(c)
    c.add_argument("--iteration", required=True, help="IT1, IT2, …")
    c.add_argument("--out", help="dossier des retours (par défaut : <root>/_build/concertation/<iteration>/retours)")
    c.set_defaults(func=cmd_concertation)

    p = sub.add_parser("rapport", help="rapports pour les comités (HTML autonome)")
    rsub = p.add_subparsers(dest="kind", required=True)
    r = rsub.add_parser("concertation", help="tableau de bord d'une itération de concertation (carnet exécuté, exporté en HTML)")
    common(r)
    r.add_argument("--iteration", required=True, help="IT1, IT2, …")
    r.add_argument("--out", help="fichier HTML (par défaut : <root>/_build/rapports/concertation-<iteration>.html)")
    r.set_defaults(func=cmd_rapport)

    p = sub.add_parser("release", help="enregistrer la version courante d'un dispositif comme publiée (releases/<dispositif>.yaml)")
    common(p)
    p.add_argument("dispositif", help="identifiant du dispositif, par ex. MDV-LGC-Va1")
    p.add_argument("--date", help="date de publication AAAA-MM-JJ (par défaut : la date du dispositif dans programme.yaml)")
    p.add_argument("--no-pdf", action="store_true", help="sans les PDF (leurs empreintes ne sont pas enregistrées)")
    p.add_argument("--verify", metavar="VERSION",
                   help="ne rien enregistrer : reconstruire cette version publiée depuis son commit et comparer les sha256")
    p.add_argument("--out", help="avec --verify : dossier où copier les fichiers de la version")
    p.set_defaults(func=cmd_release)

    p = sub.add_parser("diff", help="ce qui a changé entre deux versions, exigence par exigence")
    common(p)
    p.add_argument("old", metavar="OLD", help="révision git, DISPOSITIF@VERSION (version publiée), ITn (instantané de concertation) ou dossier de corpus")
    p.add_argument("new", metavar="NEW", nargs="?", help="idem ; par défaut : la copie de travail")
    p.add_argument("--dispositif", action="append", help="seulement ces dispositifs (séparés par des virgules)")
    p.add_argument("--format", choices=("text", "json", "xlsx"), default="text")
    p.add_argument("--out", help="classeur Évolutions à écrire (avec --format xlsx)")
    p.set_defaults(func=cmd_diff)

    p = sub.add_parser("rules", help="lister toutes les règles avec leur code, leur gravité et leur correction")
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
