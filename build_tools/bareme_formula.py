"""Published price formulas of the AF (``bareme.type: formule``): parse, name, evaluate.

A formula is written as in the arrêté, e.g. ``A + B × N`` or ``A + B × (N - 1)``: numbers
(``1,5`` or ``1.5``), term and variable codes (capital letters, digits, ``_``), ``+ - × * /``
and parentheses. Nothing is ever passed to ``eval``.
"""
from __future__ import annotations

import re
from decimal import ROUND_HALF_UP, Decimal

TOKEN = re.compile(r"\s*(?:(\d+(?:[.,]\d+)?)|([A-Z][A-Z0-9_]*)|([-+×*/()]))")


class FormulaError(ValueError):
    """The expression cannot be read (message in French)."""


def _tokens(expression: str) -> list[tuple[str, str]]:
    out, pos, text = [], 0, expression.rstrip()
    while pos < len(text):
        m = TOKEN.match(text, pos)
        if not m or m.end() == pos:
            raise FormulaError(f"caractère inattendu « {text[pos:].strip()[:1]} » en position {pos + 1}")
        num, name, op = m.groups()
        out.append(("n", num.replace(",", ".")) if num else ("v", name) if name else ("o", "*" if op == "×" else op))
        pos = m.end()
    return out


def parse(expression: str):
    """Expression → tree of tuples: ("n", Decimal) | ("v", code) | (op, left, right)."""
    toks = _tokens(expression)
    if not toks:
        raise FormulaError("expression vide")
    pos = 0

    def peek():
        return toks[pos] if pos < len(toks) else ("", "")

    def atom():
        nonlocal pos
        kind, value = peek()
        pos += 1
        if kind == "n":
            return ("n", Decimal(value))
        if kind == "v":
            return ("v", value)
        if (kind, value) == ("o", "("):
            node = expr()
            if peek() != ("o", ")"):
                raise FormulaError("parenthèse fermante manquante")
            pos += 1
            return node
        raise FormulaError(f"terme attendu avant « {value or 'la fin'} »")

    def term():
        nonlocal pos
        node = atom()
        while peek() in (("o", "*"), ("o", "/")):
            op = peek()[1]
            pos += 1
            node = (op, node, atom())
        return node

    def expr():
        nonlocal pos
        node = term()
        while peek() in (("o", "+"), ("o", "-")):
            op = peek()[1]
            pos += 1
            node = (op, node, term())
        return node

    tree = expr()
    if pos != len(toks):
        raise FormulaError(f"« {toks[pos][1]} » inattendu après la fin de l'expression")
    return tree


def names(tree) -> set[str]:
    if tree[0] == "v":
        return {tree[1]}
    if tree[0] == "n":
        return set()
    return names(tree[1]) | names(tree[2])


def evaluate(tree, env: dict[str, Decimal]) -> Decimal:
    kind = tree[0]
    if kind == "n":
        return tree[1]
    if kind == "v":
        return env[tree[1]]
    a, b = evaluate(tree[1], env), evaluate(tree[2], env)
    if kind == "+":
        return a + b
    if kind == "-":
        return a - b
    if kind == "*":
        return a * b
    if b == 0:
        raise FormulaError("division par zéro")
    return a / b


def cents(value: Decimal) -> Decimal:
    return value.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def example_amounts(expression: str, terms: dict[str, float], variables: dict, tva: float,
                    plafond_ht: float | None = None) -> tuple[Decimal, Decimal]:
    """HT and TTC of one worked example (HT capped by the plafond when there is one)."""
    env = {k: Decimal(str(v)) for k, v in terms.items()} | {k: Decimal(str(v)) for k, v in variables.items()}
    ht = cents(evaluate(parse(expression), env))
    if plafond_ht is not None:
        ht = min(ht, cents(Decimal(str(plafond_ht))))
    return ht, cents(ht * (1 + Decimal(str(tva))))
