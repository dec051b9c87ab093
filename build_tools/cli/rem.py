"""`segur import-rem`: a REM workbook (any of ANS's layouts) or ANS's export read back into the data."""
from __future__ import annotations

import sys
from pathlib import Path

from .common import LAYOUT_FR, UsageError, _find_root

def cmd_import_rem(args) -> int:
    from ..engine import load_and_check
    from ..rem_import.rem_workbook import ImportRefused, read_rem_workbook, sniff_layout
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
    from ..rem_import.plan import conflicts_of, plan_changes
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
    from ..rem_import.apply import prepare_changes, write_prepared
    prepared = prepare_changes(root, changes)
    after = load_and_check(root, overrides={p.relative_to(root).as_posix(): t for p, t in prepared.items()})
    from ..problem_groups import cause_keys
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
    from ..report import text_report
    result = load_and_check(root)
    sys.stdout.write(text_report(result))
    return 1 if result.errors or conflicts else 0


def _import_ans_export(args, path: Path) -> int:
    from ..rem_import.ans_export import ImportRefused as AnsRefused, import_ans_export
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


def add_parsers(sub, common) -> None:
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
