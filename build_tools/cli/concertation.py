"""`segur concertation …` and `segur rapport concertation`: command bodies and their options."""
from __future__ import annotations

import sys
import time
from pathlib import Path

from .common import UsageError, _codes, _find_root


def _corpus(args):
    from ..concertation import iteration_number
    from ..engine import load_and_check
    root = _find_root(args.root)
    try:
        iteration_number(args.iteration)
    except ValueError as exc:
        raise UsageError(str(exc)) from None
    return root, load_and_check(root).corpus


def concertation(args) -> int:
    """export: grids + snapshot; import / import-annotations: comments.yaml; retour: workbooks."""
    start = time.perf_counter()
    root, corpus = _corpus(args)
    if args.action == "export":
        return _export(args, root, corpus, start)
    if args.action == "retour":
        return _retour(args, root, corpus)
    return _import(args, root, corpus, start)


def _export(args, root: Path, corpus, start: float) -> int:
    from ..concertation.export import export
    out = Path(args.out) if args.out else root / "_build" / "concertation" / args.iteration
    try:
        res = export(corpus, args.iteration, out, _codes(args.dispositif) or None)
    except KeyError as exc:
        raise UsageError(exc.args[0]) from None
    if not res.grids:
        raise UsageError("aucun dispositif à exporter (tous sont publiés) : passez --dispositif ID")
    for g in res.grids:
        print(f"grille : {g}")
    if res.combined:
        print(f"grille de toutes les REM : {res.combined}")
    print(f"instantané : {res.snapshot}")
    print(f"{len(res.grids)} grille(s) exportée(s), {res.rows} lignes, en {time.perf_counter() - start:.2f} s")
    return 0


def _retour(args, root: Path, corpus) -> int:
    from ..concertation.retour import RetourError, write_retours
    out = Path(args.out) if args.out else root / "_build" / "concertation" / args.iteration / "retours"
    try:
        res = write_retours(corpus, args.iteration, out)
    except RetourError as exc:
        raise UsageError(str(exc)) from None
    for org, f in res.files.items():
        print(f"retour : {f} ({org})")
    print(f"{len(res.files)} classeur(s) de retour, {res.comments} commentaire(s), dans {res.out}")
    return 0


def _import(args, root: Path, corpus, start: float) -> int:
    from ..concertation.comments_store import StoreError
    from ..concertation.importer import import_grids
    annotations = args.action == "import-annotations"
    try:
        if annotations:
            from ..concertation.annotations import import_annotations
            site = Path(args.site) if args.site else root / "_build" / "html"
            res = import_annotations(corpus, args.iteration, args.file, site, dry_run=args.dry_run,
                                     organisations=args.organisations)
        else:
            res = import_grids(corpus, args.iteration, args.grids, today=args.date, dry_run=args.dry_run)
    except StoreError as exc:
        raise UsageError(str(exc)) from None
    for prob in sorted(res.problems, key=lambda x: (x.path, x.line, x.code)):
        print(prob.format())
    for note in dict.fromkeys(res.notes):
        print(f"remarque : {note}")
    took = f"{time.perf_counter() - start:.2f} s"
    if annotations:
        replies = sum(1 for r in res.added if r.get("reponse_a"))
        verb = "à enregistrer (simulation)" if args.dry_run else "enregistrée(s)"
        print(f"{len(res.added)} annotation(s) {verb}, dont {replies} réponse(s), dans {res.store.path} ; "
              f"{len(res.duplicates)} déjà enregistrée(s) ; {took}")
    else:
        verb = "à enregistrer (simulation)" if args.dry_run else "enregistré(s)"
        print(f"{len(res.added)} commentaire(s) {verb}, dont {len(res.proposals)} proposition(s), depuis "
              f"{res.files_ok}/{len(args.grids)} grille(s) dans {res.store.path} ; {len(res.duplicates)} doublon(s) "
              f"ignoré(s) ; {took}")
    return 1 if res.errors else 0


def rapport(args) -> int:
    """rapport concertation: the dashboard notebook of one iteration as a standalone HTML file."""
    from ..concertation.rapport import RapportError, render
    root, corpus = _corpus(args)
    it = corpus.comments.get(args.iteration)
    if it is None or not it.comments:
        known = ", ".join(i for i, x in corpus.comments.items() if x.comments) or "aucune"
        raise UsageError(f"aucun commentaire enregistré pour {args.iteration} (itérations avec commentaires : {known})")
    out = Path(args.out) if args.out else root / "_build" / "rapports" / f"concertation-{args.iteration}.html"
    try:
        path = render(root, args.iteration, out)
    except RapportError as exc:
        print(f"segur rapport : {exc}", file=sys.stderr)
        return 1
    print(f"rapport : {path}")
    return 0


def cmd_concertation(args) -> int:
    return concertation(args)


def cmd_rapport(args) -> int:
    return rapport(args)


def add_parsers(sub, common) -> None:
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
