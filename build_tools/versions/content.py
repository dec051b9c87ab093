"""Content fingerprint of a dispositif: one hash per field of every element it publishes.

An element is a requirement of its REM (own or picked, with the picked socle text), a
scenario, a proof, a profile, the dispositif's own metadata, an AF term or a scope entry.
Each element maps field -> 16 hex digits of sha256; each field also knows the file and
line where it is written, so a change is reported where an author can fix it.
"""
from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass

from ..model import Corpus, Dispositif, RemRequirement
from ..problems import Source

REQUIREMENT_FIELDS = ("enonce", "nature", "criticite", "profils", "conditionnelle", "section", "bloc",
                      "fonction", "referentiels", "statut", "id_precedent", "socle", "scenarios")
PICK_FIELDS = ("profils", "conditionnelle", "statut", "id_precedent")   # may be set on the pick line


def digest(value) -> str:
    raw = json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(raw.encode("utf-8")).hexdigest()[:16]


@dataclass(frozen=True)
class Element:
    key: str
    values: dict            # field -> plain value (hashed into `fields`)
    where: dict             # field -> Source
    default: Source         # where a removed or added element is reported
    socle: str = ""         # socle code when the text comes from a socle file

    @property
    def fields(self) -> dict:
        return {f: digest(v) for f, v in self.values.items()}


def _requirement(rr: RemRequirement) -> list[Element]:
    base = rr.base
    values = {"enonce": rr.enonce, "nature": rr.nature, "criticite": rr.criticite, "profils": list(rr.profils),
              "conditionnelle": rr.conditionnelle, "section": rr.section.code, "bloc": rr.bloc,
              "fonction": rr.fonction, "referentiels": list(rr.referentiels), "statut": rr.statut,
              "id_precedent": rr.id_precedent or "", "socle": rr.socle or "",
              "scenarios": [s.id for s in rr.scenarios]}
    where = {}
    for f in REQUIREMENT_FIELDS:
        if rr.socle and f in PICK_FIELDS:
            where[f] = rr.src
        elif f == "socle":
            where[f] = rr.src
        else:
            where[f] = Source(base.src.path, base.line_of(f if f != "scenarios" else "scenarios"))
    socle = rr.socle or ""
    out = [Element(rr.id, values, where, rr.src, socle)]
    for i, s in enumerate(rr.scenarios):
        at = Source(base.src.path, s.line or base.src.line)
        text_at = Source(base.src.path, base.lines.get(base.path + ("scenarios", i, "texte")) or at.line)
        out.append(Element(s.id, {"texte": s.texte, "preuves": [p.id for p in s.preuves]},
                           {"texte": text_at, "preuves": at}, at, socle))
        for p in s.preuves:
            pat = Source(base.src.path, p.line or at.line)
            out.append(Element(p.id, {"texte": p.texte}, {"texte": pat}, pat, socle))
    return out


def _meta(d: Dispositif) -> list[Element]:
    values = {"titre": d.titre, "vague": d.vague, "precedent": d.precedent or "",
              "professions": list(d.professions), "socles": list(d.socles),
              "profils": [p.nom for p in d.profils]}
    out = [Element("dispositif", values, {f: d.src for f in values}, d.src)]
    for p in d.profils:
        out.append(Element(f"profil:{p.nom}", {"description": p.description}, {"description": d.src}, d.src))
    return out


def _financement(corpus: Corpus, did: str) -> list[Element]:
    f = corpus.financements.get(did)
    if f is None:
        return []
    values = {"tva": f.tva, "arrondi_ttc": f.arrondi_ttc, "objet": f.objet, "eligibilite": list(f.eligibilite),
              "bareme": [f.bareme_type, f.unite, f.critere, [p.code for p in f.prix]],
              "inclus": list(f.inclus), "exclus": list(f.exclus), "paiement": f.paiement,
              "commande": f.commande, "controles": list(f.controles),
              "calendrier": [m.code for m in f.calendrier], "autres": [p.code for p in f.autres_prix]}
    out = [Element("af", values, {k: f.src for k in values}, f.src)]
    for kind, prices in (("prix", f.prix), ("autre", f.autres_prix)):
        for p in prices:
            v = {"libelle": p.libelle, "ht": p.ht, "ttc": p.ttc, "min": p.min, "max": p.max}
            out.append(Element(f"af:{kind}:{p.code}", v, {k: p.src for k in v}, p.src))
    for m in f.calendrier:
        v = {"libelle": m.libelle, "date": m.date, "heure": m.heure, "remplace": m.remplace}
        out.append(Element(f"af:jalon:{m.code}", v, {k: m.src for k in v}, m.src))
    return out


def _scope(corpus: Corpus, did: str) -> list[Element]:
    s = corpus.scopes.get(did)
    if s is None:
        return []
    out = [Element("perimetre", {"services": [x.code for x in s.services],
                                 "professions": [p.profession for p in s.professions]},
                   {"services": s.src, "professions": s.src}, s.src)]
    for x in s.services:
        v = {"socle": x.socle, "libelle": x.libelle}
        out.append(Element(f"perimetre:service:{x.code}", v, {k: x.src for k in v}, x.src))
    for p in s.professions:
        v = {"libelle": p.libelle}
        where = {"libelle": p.src}
        for name in ("services", "services_a_definir", "documents_produits", "documents_consultes"):
            items = getattr(p, name)
            v[name] = [code for code, _ in items]
            where[name] = Source(p.src.path, items[0][1]) if items and items[0][1] else p.src
        out.append(Element(f"perimetre:profession:{p.profession}", v, where, p.src))
    return out


def elements(corpus: Corpus, d: Dispositif) -> dict[str, Element]:
    """Every element a dispositif publishes, by key (stable order)."""
    found: list[Element] = _meta(d)
    for rr in d.rem + d.obsoletes:
        found.extend(_requirement(rr))
    found.extend(_financement(corpus, d.id))
    found.extend(_scope(corpus, d.id))
    out: dict[str, Element] = {}
    for e in found:
        out.setdefault(e.key, e)
    return out


def fingerprint(corpus: Corpus, d: Dispositif) -> dict[str, dict[str, str]]:
    """key -> {field: hash} as recorded in a release."""
    return {k: e.fields for k, e in elements(corpus, d).items()}
