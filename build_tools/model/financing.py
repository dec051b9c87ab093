"""AF terms: calendar, price scales (forfait, bands, per unit, formula, combined) and payment."""
from __future__ import annotations

from dataclasses import dataclass

from ..problems import Source


@dataclass(frozen=True)
class Milestone:
    code: str
    libelle: str
    date: str
    heure: str | None
    remplace: str | None
    src: Source
    attendu: str = ""              # what the vendor should have achieved by then (DSR trajectory)


@dataclass(frozen=True)
class Price:
    code: str
    libelle: str
    ht: float
    ttc: float
    min: int | None
    max: int | None
    src: Source


@dataclass(frozen=True)
class Formula:
    """An amount computed from a published formula (``bareme.type: formule``)."""

    expression: str                                 # e.g. "A + B × N"
    variables: tuple[tuple[str, str], ...]          # (code, libellé) of the beneficiary's figures
    exemples: tuple[dict, ...]                      # variable code -> value, computed for the AF
    src: Source


@dataclass(frozen=True)
class Bareme:
    """A price scale: forfait, tranches, unitaire, formule, or combine (composantes)."""

    type: str
    unite: str
    critere: str
    prix: tuple[Price, ...]                         # the priced lines, in table order
    src: Source
    unite_de_compte: str = ""                       # unitaire: what is counted (professionnel, site…)
    plafond_unites: int | None = None               # unitaire: units paid at most
    formule: Formula | None = None
    composantes: tuple["Composante", ...] = ()


@dataclass(frozen=True)
class Composante:
    """One part of a combined prestation (e.g. the wave-1 catch-up and the wave-2 update)."""

    code: str
    libelle: str
    dispositif: str | None
    condition: str
    bareme: Bareme
    src: Source


@dataclass(frozen=True)
class Financement:
    dispositif: str
    tva: float
    arrondi_ttc: str
    objet: str
    eligibilite: tuple[str, ...]
    calendrier: tuple[Milestone, ...]
    bareme_type: str
    unite: str
    critere: str
    prix: tuple[Price, ...]                         # the scale's priced lines, flattened (see bareme)
    autres_prix: tuple[Price, ...]
    inclus: tuple[str, ...]
    exclus: tuple[str, ...]
    paiement: dict
    commande: dict
    controles: tuple[str, ...]
    src: Source
    bareme: Bareme | None = None                    # the whole scale: type, formula, composantes
