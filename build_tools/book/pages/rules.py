"""The catalogue of the rules `segur check` enforces, from the rule registry."""
from __future__ import annotations

from ...render.html import h, raw, table
from .common import Context
from .docnames import RULES_DOC


def rules_page() -> str:
    """The catalogue of the rules `segur check` enforces, generated from the registry."""
    from ... import checks  # noqa: F401  (the concertation rules are declared on import)
    from ...problems import RULES, STATUS_COLUMNS
    def fr(sev) -> str:
        return "erreur" if sev.value == "error" else "avertissement"
    rows = [[f"<code>{h(r.code)}</code>", *(fr(r.severity_for(status)) for _, status in STATUS_COLUMNS),
             h(r.title), h(r.hint)] for r in RULES.values()]
    return ("# Règles de vérification\n\n"
            "`segur check` applique ces règles à chaque fichier du corpus. Chaque problème est signalé "
            "avec le fichier et la ligne (ou la feuille et la ligne d'un classeur), le code de la règle "
            "et la manière de le corriger. Les erreurs bloquent la publication ; les avertissements "
            "aussi avec `--strict`. Un problème connu et accepté se note sur sa ligne : "
            "`# segur: accepte CODE`.\n\n"
            "La gravité dépend du statut de publication du dispositif : les règles de complétude "
            "(scénario manquant, texte vide, référentiel cité mais non listé, nature sans DOIT/PEUT) "
            "sont des avertissements tant que le dispositif est en brouillon, concertation ou "
            "prépublication, et des erreurs une fois publié (les conditions de financement et le "
            "périmètre documentaire sont exigés dès la prépublication) ; les règles de structure "
            "restent des erreurs partout.\n\n"
            + raw(table(["Code", *(f"Gravité ({label})" for label, _ in STATUS_COLUMNS),
                         "Règle", "Correction"], rows)) + "\n")


def pages(ctx: Context) -> dict[str, str]:
    return {RULES_DOC + ".md": rules_page()}
