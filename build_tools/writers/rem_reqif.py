"""REM-<dispositif>.reqif: the REM in ReqIF 1.2 (OMG, namespace 20110401) so that vendors
load it into their own requirement tools (DOORS, Polarion, Capella, StrictDoc …).

Written with lxml in the element order of the ReqIF schema. One specification per
dispositif; one chapter object per section (`ReqIF.ChapterName`), under it one object
per requirement with the conventional attributes `ReqIF.ForeignID` (the REM id),
`ReqIF.Name` (the fonction) and `ReqIF.Text` (the énoncé), and the REM's other columns
as XHTML attributes (scenarios and proofs as one text, one line each). Text is stored
as it is, escaped by lxml, each line break as `<xhtml:br/>`; identifiers
are derived from the ids, and the date is the dispositif's, so the same data gives the
same bytes.
"""
from __future__ import annotations

import hashlib
import re

from lxml import etree

from ..model import Dispositif, RemRequirement
from ..rem_rows import NATURE_OUT
from . import Artifact, PublishContext, dispositif_dir, writer

NS = "http://www.omg.org/spec/ReqIF/20110401/reqif.xsd"
XHTML = "http://www.w3.org/1999/xhtml"
DT_STRING = "DT-IDENTIFIANT"
DT_XHTML = "DT-TEXTE"
REQ_TYPE = "SOT-EXIGENCE"
SECTION_TYPE = "SOT-SECTION"
SPEC_TYPE = "ST-REM"
MAX_LENGTH = "1000000"
# (identifier, long name) of the requirement attributes, in order; the first is a plain
# string (the id), the others XHTML (the usual type of ReqIF text, accents kept as they are)
REQ_ATTRIBUTES = [
    ("AD-ID", "ReqIF.ForeignID"), ("AD-NOM", "ReqIF.Name"), ("AD-TEXTE", "ReqIF.Text"),
    ("AD-SECTION", "Section"), ("AD-BLOC", "Bloc"), ("AD-NATURE", "Nature"), ("AD-CRITICITE", "Criticité"),
    ("AD-PROFIL", "Profil"), ("AD-CONDITIONNELLE", "Exigence conditionnelle"), ("AD-STATUT", "Statut"),
    ("AD-PRECEDENT", "N° exigence vague précédente"), ("AD-REFERENTIELS", "Référentiels cités"),
    ("AD-SCENARIOS", "Scénarios de conformité et preuves"),
]
SECTION_ATTRIBUTES = [("AD-CHAPITRE", "ReqIF.ChapterName")]
_NOT_NCNAME = re.compile(r"[^A-Za-z0-9_.-]")


def _e(parent, tag: str, **attrs) -> etree._Element:
    el = etree.SubElement(parent, f"{{{NS}}}{tag}")
    for k, v in attrs.items():
        el.set(k.replace("_", "-"), v)
    return el


def xml_id(prefix: str, ref: str) -> str:
    """A valid, stable xsd:ID for a REM reference (`/` and other characters are not allowed)."""
    digest = hashlib.sha256(ref.encode("utf-8")).hexdigest()[:8]
    return f"{prefix}-{_NOT_NCNAME.sub('_', ref)}-{digest}"


def scenarios_text(r: RemRequirement) -> str:
    lines = []
    for s in r.scenarios:
        lines.append(f"{s.id} : {s.texte}")
        lines += [f"- {p.id} : {p.texte}" for p in s.preuves]
    return "\n".join(lines)


def requirement_values(r: RemRequirement) -> list[str]:
    return [r.id, r.fonction, r.enonce, f"{r.section.code} — {r.section.libelle}", r.bloc, NATURE_OUT[r.nature],
            r.criticite, ", ".join(r.profils), "OUI" if r.conditionnelle else "NON", r.statut,
            r.id_precedent or "", ", ".join(r.referentiels), scenarios_text(r)]


def _kind(ad_id: str) -> str:
    return "STRING" if ad_id == REQ_ATTRIBUTES[0][0] else "XHTML"


def _datatypes_and_types(content, stamp: str) -> None:
    types = _e(content, "DATATYPES")
    _e(types, "DATATYPE-DEFINITION-STRING", IDENTIFIER=DT_STRING, LAST_CHANGE=stamp, LONG_NAME="Identifiant",
       MAX_LENGTH=MAX_LENGTH)
    _e(types, "DATATYPE-DEFINITION-XHTML", IDENTIFIER=DT_XHTML, LAST_CHANGE=stamp, LONG_NAME="Texte")
    spec_types = _e(content, "SPEC-TYPES")
    for type_id, name, attrs in ((SECTION_TYPE, "Section", SECTION_ATTRIBUTES), (REQ_TYPE, "Exigence", REQ_ATTRIBUTES)):
        sot = _e(spec_types, "SPEC-OBJECT-TYPE", IDENTIFIER=type_id, LAST_CHANGE=stamp, LONG_NAME=name)
        defs = _e(sot, "SPEC-ATTRIBUTES")
        for ad_id, long_name in attrs:
            kind = _kind(ad_id)
            ad = _e(defs, f"ATTRIBUTE-DEFINITION-{kind}", IDENTIFIER=ad_id, LAST_CHANGE=stamp, LONG_NAME=long_name)
            _e(_e(ad, "TYPE"), f"DATATYPE-DEFINITION-{kind}-REF").text = DT_STRING if kind == "STRING" else DT_XHTML
    _e(spec_types, "SPECIFICATION-TYPE", IDENTIFIER=SPEC_TYPE, LAST_CHANGE=stamp, LONG_NAME="REM")


def _xhtml(parent, text: str) -> None:
    """`text` as one xhtml:div, its line breaks as xhtml:br (lxml escapes the characters)."""
    div = etree.SubElement(parent, f"{{{XHTML}}}div")
    lines = text.split("\n")
    div.text = lines[0]
    for line in lines[1:]:
        etree.SubElement(div, f"{{{XHTML}}}br").tail = line


_T = {name: f"{{{NS}}}{name}" for name in (
    "SPEC-OBJECT", "VALUES", "ATTRIBUTE-VALUE-STRING", "ATTRIBUTE-VALUE-XHTML", "DEFINITION", "THE-VALUE", "TYPE",
    "ATTRIBUTE-DEFINITION-STRING-REF", "ATTRIBUTE-DEFINITION-XHTML-REF", "SPEC-OBJECT-TYPE-REF")}


def _spec_object(objects, ident: str, stamp: str, type_id: str, attrs, values) -> None:
    sub = etree.SubElement
    obj = sub(objects, _T["SPEC-OBJECT"], {"IDENTIFIER": ident, "LAST-CHANGE": stamp})
    vals = sub(obj, _T["VALUES"])
    for (ad_id, _), value in zip(attrs, values):
        if not value:
            continue
        if _kind(ad_id) == "STRING":
            av = sub(vals, _T["ATTRIBUTE-VALUE-STRING"], {"THE-VALUE": value})
            sub(sub(av, _T["DEFINITION"]), _T["ATTRIBUTE-DEFINITION-STRING-REF"]).text = ad_id
        else:
            av = sub(vals, _T["ATTRIBUTE-VALUE-XHTML"])
            sub(sub(av, _T["DEFINITION"]), _T["ATTRIBUTE-DEFINITION-XHTML-REF"]).text = ad_id
            _xhtml(sub(av, _T["THE-VALUE"]), value)
    sub(sub(obj, _T["TYPE"]), _T["SPEC-OBJECT-TYPE-REF"]).text = type_id


def reqif_bytes(d: Dispositif) -> bytes:
    stamp = f"{d.date}T00:00:00Z"
    root = etree.Element(f"{{{NS}}}REQ-IF", nsmap={None: NS, "xhtml": XHTML})
    header = _e(_e(root, "THE-HEADER"), "REQ-IF-HEADER", IDENTIFIER=xml_id("H", d.id))
    _e(header, "COMMENT").text = f"REM {d.id}, version {d.version} ({d.statut_publication})"
    _e(header, "CREATION-TIME").text = stamp
    _e(header, "REQ-IF-TOOL-ID").text = "segur-spec"
    _e(header, "REQ-IF-VERSION").text = "1.0"
    _e(header, "SOURCE-TOOL-ID").text = "segur-spec"
    _e(header, "TITLE").text = f"REM-{d.id} — {d.titre}"
    content = _e(_e(root, "CORE-CONTENT"), "REQ-IF-CONTENT")
    _datatypes_and_types(content, stamp)
    objects = _e(content, "SPEC-OBJECTS")
    sections: dict[str, list[RemRequirement]] = {}
    for r in d.rem:
        sections.setdefault(r.section.code, []).append(r)
    for code, reqs in sections.items():
        _spec_object(objects, xml_id("S", code), stamp, SECTION_TYPE, SECTION_ATTRIBUTES,
                     [f"{code} — {reqs[0].section.libelle}"])
        for r in reqs:
            _spec_object(objects, xml_id("E", r.id), stamp, REQ_TYPE, REQ_ATTRIBUTES, requirement_values(r))
    _e(content, "SPEC-RELATIONS")
    spec = _e(_e(content, "SPECIFICATIONS"), "SPECIFICATION", IDENTIFIER=xml_id("SP", d.id), LAST_CHANGE=stamp,
              LONG_NAME=f"REM-{d.id}")
    _e(_e(spec, "TYPE"), "SPECIFICATION-TYPE-REF").text = SPEC_TYPE
    children = _e(spec, "CHILDREN")
    for code, reqs in sections.items():
        node = _e(children, "SPEC-HIERARCHY", IDENTIFIER=xml_id("HS", code), LAST_CHANGE=stamp)
        below = _e(node, "CHILDREN")
        for r in reqs:
            leaf = _e(below, "SPEC-HIERARCHY", IDENTIFIER=xml_id("HE", r.id), LAST_CHANGE=stamp)
            _e(_e(leaf, "OBJECT"), "SPEC-OBJECT-REF").text = xml_id("E", r.id)
        _e(_e(node, "OBJECT"), "SPEC-OBJECT-REF").text = xml_id("S", code)
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True)


def verify_reqif(data: bytes, d: Dispositif) -> None:
    """Parse the bytes back and count the requirements (a truncated file never enters the manifest)."""
    root = etree.fromstring(data)
    n = sum(1 for o in root.iter(f"{{{NS}}}SPEC-OBJECT")
            if o.find(f"{{{NS}}}TYPE/{{{NS}}}SPEC-OBJECT-TYPE-REF").text == REQ_TYPE)
    if n != len(d.rem):
        raise ValueError(f"REM-{d.id}.reqif : {n} exigence(s) relue(s) au lieu de {len(d.rem)}")


@writer("rem-reqif", "REM-<dispositif>.reqif (ReqIF 1.2) for vendors' requirement tools")
def write_rem_reqif(ctx: PublishContext) -> list[Artifact]:
    out = []
    for d in ctx.corpus.dispositifs.values():
        folder = dispositif_dir(d)
        (ctx.out / folder).mkdir(parents=True, exist_ok=True)
        name = f"{folder}/REM-{d.id}.reqif"
        data = reqif_bytes(d)
        verify_reqif(data, d)
        (ctx.out / name).write_bytes(data)
        out.append(Artifact(name, "reqif", d.id, d.vague))
    return out
