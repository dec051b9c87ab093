"""The AF's price scale chapter: what the scale says in words, then its table.

One table always lists every priced line of the scale (`Financement.prix`, then the other
prices) with HT and TTC; the words before it say how they combine: a forfait, bands by
size, an amount per counted unit (with a fixed part and a cap), a published formula (with
worked examples computed here), or a combined prestation whose composantes add up.
"""
from __future__ import annotations

from ..bareme_formula import FormulaError, example_amounts
from ..docx_build import add_table
from ..model import Bareme, Financement
from ..prose import format_amount, format_rate

FIRST_COLUMN = {"tranches": "Tranche", "combine": "Composante", "formule": "Terme", "unitaire": "Élément"}


def first_column(f: Financement) -> str:
    return FIRST_COLUMN.get(f.bareme_type, "Barème")


def price_rows(f: Financement) -> list[list[str]]:
    rows = []
    for p in f.prix:
        code = p.libelle if f.bareme_type == "forfait" else p.code
        label = f.unite if f.bareme_type == "forfait" else p.libelle
        rows.append([code, label, format_amount(p.ht), format_amount(p.ttc)])
    for p in f.autres_prix:
        rows.append(["–", p.libelle, format_amount(p.ht), format_amount(p.ttc)])
    return rows


def describe(b: Bareme) -> list[str]:
    """Sentences saying how the scale's lines give the amount of one prestation."""
    plafond = next((p for p in b.prix if p.code == "plafond"), None)
    cap = f" Le montant est plafonné à {format_amount(plafond.ht)} HT." if plafond else ""
    if b.type == "forfait":
        return [f"Forfait unique {b.unite}."]
    if b.type == "tranches":
        return [f"Montant {b.unite}, selon la tranche : {b.critere.lower() or 'critère de la tranche'}.{cap}"]
    if b.type == "unitaire":
        fixed = next((p for p in b.prix if p.code == "fixe"), None)
        text = f"Montant {b.unite} : "
        text += f"une part fixe de {format_amount(fixed.ht)} HT, plus " if fixed else ""
        unit = next(p for p in b.prix if p.code == "unitaire")
        text += f"{format_amount(unit.ht)} HT par {b.unite_de_compte}"
        if b.plafond_unites:
            text += f", pour {b.plafond_unites} au plus"
        return [text + "." + cap]
    if b.type == "formule":
        variables = "; ".join(f"{code} : {libelle}" for code, libelle in b.formule.variables)
        return [f"Montant HT {b.unite} = {b.formule.expression}, où {variables}. "
                f"Les termes de la formule sont donnés dans le tableau ci-dessous.{cap}"]
    lines = [f"Prestation combinée {b.unite} : son montant est la somme des composantes dues."]
    for c in b.composantes:
        sub = " ".join(describe(c.bareme))
        lines.append(f"{c.code} – {c.libelle}. {c.condition} {sub}".replace("  ", " ").strip())
    return lines


def examples(b: Bareme, tva: float) -> list[tuple[str, Bareme]]:
    out = []
    for label, part in [("", b)] + [(c.code, c.bareme) for c in b.composantes]:
        if part.formule is not None and part.formule.exemples:
            out.append((label, part))
    return out


def example_rows(label: str, b: Bareme, tva: float) -> list[list[str]]:
    terms = {p.code: p.ht for p in b.prix if p.code not in ("plafond",)}
    plafond = next((p.ht for p in b.prix if p.code == "plafond"), None)
    rows = []
    for ex in b.formule.exemples:
        try:
            ht, ttc = example_amounts(b.formule.expression, terms, ex, tva, plafond)
        except (FormulaError, KeyError):
            continue  # reported by the AF-FORMULA rule
        given = ", ".join(f"{k} = {v:g}" for k, v in sorted(ex.items()))
        rows.append([label or "–", given, format_amount(ht), format_amount(ttc)])
    return rows


def add_bareme(builder, f: Financement) -> None:
    """Sentences, the price table, then worked examples of the formulas."""
    b = f.bareme
    if b is not None:
        for text in describe(b):
            builder.para(text)
    rounding = "arrondis à l'euro" if f.arrondi_ttc == "euro" else "au centime"
    add_table(builder.doc, [first_column(f), f.critere or "Unité", "Montant HT", "Montant TTC"], price_rows(f),
              [2.0, 8.0, 3.0, 3.0], caption=f"Montants {f.unite} ; TVA {format_rate(f.tva)} ; montants TTC {rounding}.")
    rows = [r for label, part in (examples(b, f.tva) if b else []) for r in example_rows(label, part, f.tva)]
    if rows:
        builder.para("Exemples de calcul", "Cover Label")
        add_table(builder.doc, ["Composante", "Valeurs", "Montant HT", "Montant TTC"], rows, [2.0, 8.0, 3.0, 3.0],
                  caption="Montants calculés par la formule publiée, plafond appliqué.")
