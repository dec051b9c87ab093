"""AF terms (``requirements/financement/<dispositif>.yaml``) → `Financement` records.

Called by :mod:`build_tools.model_builder` with the file's parsed data and a ``at(*path)``
function giving the `Source` of a value. The price scale is kept whole in
`Financement.bareme`; `Financement.prix` is its priced lines flattened in table order (a
combined prestation's lines are prefixed with their composante).
"""
from __future__ import annotations

from collections.abc import Callable

from . import model as M
from .problems import Source

At = Callable[..., Source]


def _price(code: str, libelle: str, x: dict, src: Source) -> M.Price:
    return M.Price(code, libelle, float(x["ht"]), float(x["ttc"]), x.get("min"), x.get("max"), src)


def build_bareme(b: dict, at: At, path: tuple) -> M.Bareme:
    kind = b["type"]
    prix: list[M.Price] = []
    formule = None
    composantes: tuple[M.Composante, ...] = ()
    if kind == "forfait":
        prix.append(_price("forfait", "Forfait", b["forfait"], at(*path, "forfait")))
    elif kind == "tranches":
        prix.extend(_price(t["code"], t["libelle"], t, at(*path, "tranches", i)) for i, t in enumerate(b["tranches"]))
    elif kind == "unitaire":
        if "part_fixe" in b:
            prix.append(_price("fixe", "Part fixe", b["part_fixe"], at(*path, "part_fixe")))
        prix.append(_price("unitaire", f"Montant par {b.get('unite_de_compte') or 'unité'}", b["unitaire"],
                           at(*path, "unitaire")))
    elif kind == "formule":
        f = b["formule"]
        prix.extend(_price(t["code"], t["libelle"], t, at(*path, "formule", "termes", i))
                    for i, t in enumerate(f["termes"]))
        formule = M.Formula(f["expression"], tuple((v["code"], v["libelle"]) for v in f["variables"]),
                            tuple(dict(e) for e in f.get("exemples") or ()), at(*path, "formule"))
    elif kind == "combine":
        parts = []
        for i, c in enumerate(b["composantes"]):
            sub = build_bareme(c["bareme"], at, path + ("composantes", i, "bareme"))
            parts.append(M.Composante(c["code"], c["libelle"], c.get("dispositif"), c.get("condition", ""),
                                      sub, at(*path, "composantes", i)))
            prix.extend(M.Price(f"{c['code']}.{p.code}", f"{c['libelle']} – {p.libelle}", p.ht, p.ttc,
                                p.min, p.max, p.src) for p in sub.prix)
        composantes = tuple(parts)
    if "plafond" in b:
        prix.append(_price("plafond", "Plafond", b["plafond"], at(*path, "plafond")))
    return M.Bareme(kind, b["unite"], b.get("critere", ""), tuple(prix), at(*path), b.get("unite_de_compte", ""),
                    b.get("plafond_unites"), formule, composantes)


def build_financement(f: dict, at: At) -> M.Financement:
    bareme = build_bareme(f["bareme"], at, ("bareme",))
    autres = tuple(_price(a["libelle"], a["libelle"], a, at("bareme", "autres", i))
                   for i, a in enumerate(f["bareme"].get("autres") or []))
    cal = tuple(M.Milestone(m["code"], m["libelle"], m["date"], m.get("heure"), m.get("remplace"),
                            at("calendrier", i), m.get("attendu", "")) for i, m in enumerate(f["calendrier"]))
    return M.Financement(
        f["dispositif"], float(f["tva"]), f.get("arrondi_ttc", "centime"), f.get("objet", ""),
        tuple(f.get("eligibilite") or ()), cal, bareme.type, bareme.unite, bareme.critere,
        bareme.prix, autres, tuple(f["perimetre"]["inclus"]), tuple(f["perimetre"]["exclus"]),
        dict(f.get("paiement") or {}), dict(f.get("commande") or {}), tuple(f.get("controles") or ()),
        at(), bareme)
