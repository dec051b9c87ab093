"""AF rules: amounts HT/TTC, price bands, formulas, composantes, milestone order; every
dispositif has AF terms and a document scope (a completeness rule: warned while a draft)."""
from __future__ import annotations

import re
from datetime import datetime
from decimal import ROUND_HALF_UP, Decimal

from .. import problems as P
from ..bareme_formula import FormulaError, names, parse
from ..model import Bareme, Corpus, Financement
from . import check

DATE_RE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
TIME_RE = re.compile(r"^\d{2}:\d{2}$")


def ttc_of(ht: float, tva: float, quantum: str = "0.01") -> Decimal:
    return (Decimal(str(ht)) * (1 + Decimal(str(tva)))).quantize(Decimal(quantum), rounding=ROUND_HALF_UP)


def _baremes(f: Financement):
    if f.bareme is None:
        return
    yield f.bareme
    for c in f.bareme.composantes:
        yield c.bareme


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
        for b in _baremes(f):
            yield from _bands(b)


def _bands(b: Bareme):
    bands = [p for p in b.prix if p.min is not None]
    for before, after in zip(bands, bands[1:]):
        if before.max is None or after.min != before.max + 1:
            yield P.problem(P.AF_BANDS, after.src,
                            f"la tranche {after.code} commence à {after.min} mais la tranche {before.code} se termine à {before.max}")
    for x in bands:
        if x.max is not None and x.max < x.min:
            yield P.problem(P.AF_BANDS, x.src, f"la tranche {x.code} se termine ({x.max}) avant de commencer ({x.min})")


@check
def formulas_and_composantes(corpus: Corpus):
    for f in corpus.financements.values():
        for b in _baremes(f):
            if b.formule is not None:
                yield from _formula(b)
        if f.bareme is None or not f.bareme.composantes:
            continue
        seen = set()
        for c in f.bareme.composantes:
            if c.code in seen:
                yield P.problem(P.AF_COMPOSANTE, c.src, f"la composante {c.code} est déclarée deux fois")
            seen.add(c.code)
            if c.dispositif and c.dispositif not in corpus.dispositifs:
                yield P.problem(P.AF_COMPOSANTE, c.src, f"la composante {c.code} renvoie au dispositif inconnu {c.dispositif}")


def _formula(b: Bareme):
    fm = b.formule
    terms = {p.code for p in b.prix if p.code != "plafond"}
    variables = {code for code, _ in fm.variables}
    try:
        used = names(parse(fm.expression))
    except FormulaError as exc:
        yield P.problem(P.AF_FORMULA, fm.src, f"expression « {fm.expression} » : {exc}")
        return
    for name in sorted(used - terms - variables):
        yield P.problem(P.AF_FORMULA, fm.src, f"« {name} » figure dans l'expression mais n'est ni un terme ni une variable")
    for name in sorted((terms | variables) - used):
        yield P.problem(P.AF_FORMULA, fm.src, f"« {name} » est déclaré mais absent de l'expression « {fm.expression} »")
    for i, ex in enumerate(fm.exemples, 1):
        if set(ex) != variables:
            yield P.problem(P.AF_FORMULA, fm.src, f"l'exemple {i} donne {', '.join(sorted(ex)) or 'aucune variable'} "
                                                  f"au lieu de {', '.join(sorted(variables))}")


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


@check
def af_and_scope_present(corpus: Corpus):
    """A publiée dispositif needs AF terms and a scope; a draft (brouillon, concertation,
    prépublication) is warned."""
    # a corpus with no AF terms (or no scope) at all, e.g. just imported from ANS's export,
    # has one cause for every dispositif: reported once (per severity), every id kept
    none_at_all = {P.AF_MISSING.code: not corpus.financements, P.SCOPE_MISSING.code: not corpus.scopes}
    for d in corpus.dispositifs.values():
        for present, rule, what in ((d.id in corpus.financements, P.AF_MISSING, "de conditions de financement (AF)"),
                                    (d.id in corpus.scopes, P.SCOPE_MISSING, "de périmètre documentaire")):
            if present:
                continue
            group = (f"aucun dispositif du corpus n'a {what} ; concernés ici : {{n}} dispositifs ({{ids}})"
                     if none_at_all[rule.code] else "")
            # a warning while the dispositif is a draft (completeness rule: the engine sets it)
            yield P.problem(rule, d.src, f"{d.id} ({d.statut_publication}) n'a pas {what}", dispositif=d.id,
                            ids=(d.id,), group=group)
