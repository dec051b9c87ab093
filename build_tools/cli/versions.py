"""`segur release` and `segur diff`: versions recorded, verified and compared."""
from __future__ import annotations

import sys
from pathlib import Path

from .common import UsageError, _codes, _find_root

def cmd_release(args) -> int:
    from ..versions.release import ReleaseRefused, make_release
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
    from ..versions.rebuild import RebuildError, rebuild
    from ..versions.sources import load_corpus
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
    from ..versions.diff import diff
    from ..versions.report import json_report, text_report
    from ..versions.sources import SourceError, load_side
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
        from ..versions.evolutions_xlsx import write_evolutions
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


def add_parsers(sub, common) -> None:
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
