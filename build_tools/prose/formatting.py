"""French formatting of data values in prose and documents (dates, times, amounts, rates)."""
from __future__ import annotations

NBSP = "\u00a0"


def format_date(iso: str) -> str:
    """``2022-07-15`` → ``15/07/2022``."""
    y, m, d = str(iso).split("-")
    return f"{d}/{m}/{y}"


def format_time(hhmm: str | None) -> str:
    """``14:00`` → ``14h00``; None → ``""``."""
    if not hhmm:
        return ""
    h, m = str(hhmm).split(":")
    return f"{h}h{m}"


def format_amount(value: float) -> str:
    """``27000`` → ``27 000,00 €`` (no-break spaces as thousands separator and before €)."""
    cents = round(float(value) * 100)
    euros, c = divmod(abs(cents), 100)
    groups = f"{euros:,}".replace(",", NBSP)
    return f"{'-' if cents < 0 else ''}{groups},{c:02d}{NBSP}€"


def _number(v: float) -> str:
    v = float(v)
    return str(int(v)) if v.is_integer() else f"{v:g}".replace(".", ",")


def format_rate(value: float) -> str:
    """``0.2`` → ``20 %``."""
    return f"{_number(round(float(value) * 100, 6))}{NBSP}%"


FILTERS = {
    "date": format_date,
    "heure": format_time,
    "montant": format_amount,
    "taux": format_rate,
    "pourcentage": lambda v: f"{_number(v)}{NBSP}%",
    "minuscule": lambda v: str(v).lower(),
}

