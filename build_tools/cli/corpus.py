"""`segur check`, `publish`, `book`, `serve` and `rules`: the corpus checked, published and previewed."""
from __future__ import annotations

import sys
from pathlib import Path

from .common import SEVERITY_FR, UsageError, _codes, _find_root, _rule_codes

def cmd_check(args) -> int:
    import gc
    from ..engine import load_and_check
    # the index stays alive until the process ends: re-enabling the cyclic GC after it is
    # built would only walk every object of it once (≈ 0.5 s at 20,000 requirements)
    gc.disable()
    from ..report import json_report, text_report
    select, ignore = _rule_codes(args.select, "--select"), _rule_codes(args.ignore, "--ignore")
    result = load_and_check(_find_root(args.root), select=select, ignore=ignore, use_cache=not args.no_cache)
    out = json_report(result) if args.format == "json" else text_report(result, args.strict)
    sys.stdout.write(out)
    return 1 if result.errors or (args.strict and result.warnings) else 0


def cmd_publish(args) -> int:
    from ..publish import PublishError, publish
    root = _find_root(args.root)
    out = Path(args.out) if args.out else root / "_build" / "publish"
    only = set(_codes(args.only)) or None
    if only:
        from ..writers import all_writers
        names = [w.name for w in all_writers()]
        if only - set(names):
            raise UsageError(f"--only : générateur(s) inconnu(s) {', '.join(sorted(only - set(names)))} ; "
                             f"générateurs : {', '.join(names)}")
    try:
        res = publish(root, out, only=only, with_pdf=not args.no_pdf, strict=args.strict, draft=args.draft)
    except PublishError as exc:
        if exc.check is not None:
            from ..report import text_report
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


def cmd_book(args) -> int:
    from ..book.build import build_book  # the site builder (issue: published site)
    root = _find_root(args.root)
    publish_dir = Path(args.publish) if args.publish else root / "_build" / "publish"
    out = Path(args.out) if args.out else root / "_build" / "html"
    if args.republish:   # publish first, so that the downloads match the pages
        from ..publish import PublishError, publish
        try:
            publish(root, publish_dir, with_pdf=not args.no_pdf, draft=args.draft)
        except PublishError as exc:
            print(f"segur book: {exc}", file=sys.stderr)
            return 1
    return build_book(root, publish_dir, out, clean=args.clean, draft=args.draft,
                      brand=False if args.sans_marque else None)


def cmd_serve(args) -> int:
    from ..preview.serve import serve
    root = _find_root(args.root)
    if not 0 <= args.port <= 65535:
        raise UsageError(f"--port {args.port} : un numéro de port va de 0 à 65535")
    publish_dir = Path(args.publish) if args.publish else root / "_build" / "publish"
    out = Path(args.out) if args.out else root / "_build" / "html"
    return serve(root, publish_dir, out, args.port)


def cmd_rules(args) -> int:
    from .. import checks  # noqa: F401  (registers nothing new, rules live in problems)
    from ..problems import RULES, STATUS_COLUMNS
    print(f"{'règle':26} " + " ".join(f"{label:24}" for label, _ in STATUS_COLUMNS) + "  titre — correction")
    for r in RULES.values():
        cells = " ".join(f"{SEVERITY_FR[r.severity_for(status).value]:24}" for _, status in STATUS_COLUMNS)
        print(f"{r.code:26} {cells}  {r.title} — {r.hint}")
    return 0


def add_parsers(sub, common) -> None:
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
    p = sub.add_parser("rules", help="lister toutes les règles avec leur code, leur gravité et leur correction")
    p.set_defaults(func=cmd_rules)
