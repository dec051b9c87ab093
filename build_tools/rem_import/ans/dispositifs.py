"""Which dispositif each REM code of the export becomes."""
from __future__ import annotations

import re
from dataclasses import dataclass

from ..rem_workbook import ImportRefused


@dataclass(frozen=True)
class Target:
    """A dispositif the import writes: from REM `rem` of the export, in `vague`."""

    rem: str
    id: str
    couloir: str
    prefix: str
    type_label: str
    vague: str = "Va2"
    precedent: str | None = None


# REM code of the export -> (dispositif, couloir, requirement prefix, software type)
KNOWN = {
    "BIO": ("BIO-SGL-Va2", "BIO", "SGL", "Système de gestion de laboratoire"),
    "LGC": ("MDV-LGC-Va2", "MDV", "LGC", "Logiciel de gestion de cabinet"),
    "RIS": ("RAD-RIS-Va2", "RAD", "RIS", "Système d'information de radiologie"),
    "DB": ("DRIM-DB-Va2", "DRIM", "DB", "DRIMbox"),
    "DPI": ("HOP-DPI-Va2", "HOP", "DPI", "Dossier patient informatisé"),
    "PFI": ("HOP-PFI-Va2", "HOP", "PFI", "Plateforme d'intermédiation"),
}
COULOIRS = {"BIO": "Biologie médicale", "MDV": "Médecins de ville", "RAD": "Radiologie",
            "DRIM": "Imagerie – réseau DRIM", "HOP": "Hôpital"}
CODE_RE = re.compile(r"^[A-Z]+$")


def known_target(rem_code: str) -> Target:
    did, couloir, prefix, label = KNOWN[rem_code]
    return Target(rem_code, did, couloir, prefix, label)


def target_for(rem_code: str, mapping: dict[str, str], where: str) -> Target:
    """The dispositif of a REM code: a known code; a code given in `mapping` (code ->
    known code it is modelled on: own dispositif `<couloir>-<code>-Va2`, prefix `<code>`);
    else a code that starts with a known one, its copy with a suffix (`LGCAA` is modelled
    on `LGC`: `MDV-LGCAA-Va2`, prefix `LGCAA`; `BIOAA` on `BIO`: `BIO-SGLAA-Va2`, prefix
    `SGLAA`)."""
    if rem_code in KNOWN:
        return known_target(rem_code)
    model = mapping.get(rem_code)
    tail = rem_code
    if model is None:
        model = next((k for k in sorted(KNOWN, key=len, reverse=True) if rem_code.startswith(k)), None)
        if model is not None:
            tail = KNOWN[model][2] + rem_code[len(model):]
    if not CODE_RE.match(rem_code) or model not in KNOWN:
        raise ImportRefused(
            f"{where}: REM {rem_code!r} ne fait pas partie de {', '.join(KNOWN)} et ne se rattache à aucun : "
            "un code en lettres majuscules qui commence par l'un d'eux (LGCB) est rattaché à celui-ci, sinon "
            f"passez --rem-code {rem_code or 'CODE'}=LGC (code connu sur lequel le modeler), rien n'a été importé")
    _, couloir, _, label = KNOWN[model]
    return Target(rem_code, f"{couloir}-{tail}-Va2", couloir, tail, f"{label} (REM {rem_code})")


def wave1_of(t: Target) -> Target:
    """The wave-1 dispositif a wave-2 one succeeds (same couloir, type and prefix)."""
    return Target(t.rem, t.id.rsplit("-", 1)[0] + "-Va1", t.couloir, t.prefix, t.type_label, "Va1")
