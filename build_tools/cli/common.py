"""What every `segur` command shares: the corpus root, usage errors, code lists, labels."""
from __future__ import annotations

from pathlib import Path

# severity labels shown to authors (the JSON report keeps error/warning)
SEVERITY_FR = {"error": "erreur", "warning": "avertissement"}
LAYOUT_FR = {"published": "publié", "convergence": "Convergence", "prepublication": "prépublication"}


class UsageError(Exception):
    pass


def _find_root(arg: str | None) -> Path:
    root = Path(arg) if arg else Path.cwd()
    if not (root / "requirements").is_dir():
        raise UsageError(f"{root} ne contient pas de dossier requirements/ : lancez segur à la racine du corpus ou passez --root DIR")
    return root


def _codes(values: list[str] | None) -> tuple[str, ...]:
    out: list[str] = []
    for v in values or []:
        out.extend(c.strip() for c in v.split(",") if c.strip())
    return tuple(out)


def _rule_codes(values: list[str] | None, option: str) -> tuple[str, ...]:
    """--select/--ignore values: each a rule code or a prefix of one; anything else is a usage error."""
    from .. import checks  # noqa: F401  (every rule is declared once the checks are imported)
    from ..problems import RULES
    codes = _codes(values)
    unknown = [c for c in codes if not any(r.startswith(c) for r in RULES)]
    if unknown:
        raise UsageError(f"{option} : code(s) de règle inconnu(s) {', '.join(unknown)} ; codes connus : "
                         f"{', '.join(RULES)} (un préfixe comme STATUT est accepté ; voir `segur rules`)")
    return codes
