"""AF rules: amounts HT/TTC, price bands, milestone order."""
from __future__ import annotations

import re
from datetime import datetime
from decimal import ROUND_HALF_UP, Decimal

from .. import problems as P
from ..model import Corpus
from . import check

DATE_RE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
TIME_RE = re.compile(r"^\d{2}:\d{2}$")


def ttc_of(ht: float, tva: float, quantum: str = "0.01") -> Decimal:
    return (Decimal(str(ht)) * (1 + Decimal(str(tva)))).quantize(Decimal(quantum), rounding=ROUND_HALF_UP)


@check
def amounts(corpus: Corpus):
    for f in corpus.financements.values():
        for price in f.prix + f.autres_prix:
            exact = ttc_of(price.ht, f.tva)
            given = Decimal(str(price.ttc)).quantize(Decimal("0.01"))
            if given == exact:
                continue
            if f.arrondi_ttc == "euro" and given == ttc_of(price.ht, f.tva, "1"):
                yield P.problem(P.AF_TTC_ROUNDED, price.src,
                                f"{price.libelle} : TTC {given}, soit HT {price.ht:.2f} × {1 + f.tva:g} = {exact} arrondi à l'euro")
            else:
                yield P.problem(P.AF_TTC, price.src,
                                f"{price.libelle} : TTC {given} alors que HT {price.ht:.2f} × {1 + f.tva:g} = {exact}")
        bands = [p for p in f.prix if p.min is not None]
        for before, after in zip(bands, bands[1:]):
            if before.max is None or after.min != before.max + 1:
                yield P.problem(P.AF_BANDS, after.src,
                                f"la tranche {after.code} commence à {after.min} mais la tranche {before.code} se termine à {before.max}")
        for b in bands:
            if b.max is not None and b.max < b.min:
                yield P.problem(P.AF_BANDS, b.src, f"la tranche {b.code} se termine ({b.max}) avant de commencer ({b.min})")


@check
def milestones(corpus: Corpus):
    for f in corpus.financements.values():
        previous = None
        for m in f.calendrier:
            ok = DATE_RE.match(m.date) and (m.heure is None or TIME_RE.match(m.heure))
            try:
                when = datetime.strptime(f"{m.date} {m.heure or '00:00'}", "%Y-%m-%d %H:%M") if ok else None
            except ValueError:
                when = None
            if when is None:
                yield P.problem(P.AF_DATE, m.src, f"jalon {m.code} : {m.date} {m.heure or ''}".rstrip())
                continue
            if previous is not None and when < previous[1]:
                yield P.problem(P.AF_MILESTONE_ORDER, m.src,
                                f"le jalon {m.code} ({m.date}) vient après {previous[0]} "
                                f"({previous[1]:%Y-%m-%d}) dans la liste mais il est antérieur")
            previous = (m.code, when)
