"""One failing and one passing fixture per rule, asserting the rule id, file and line.

Each case mutates the minimal corpus (which checks clean) in one place and states where
the problem must be reported: the line is found from an anchor text in the mutated file.
"""
from __future__ import annotations

from pathlib import Path

import pytest

from build_tools.engine import load_and_check
from build_tools.problems import RULES

from .conftest import line_of, replace_nth

P = "requirements/programme.yaml"
R = "requirements/referentiels.yaml"
S = "requirements/socles/INS.yaml"
V1 = "requirements/Va1/MDV-LGC-Va1.yaml"
V2 = "requirements/Va2/MDV-LGC-Va2.yaml"
F = "requirements/financement/MDV-LGC-Va2.yaml"
F1 = "requirements/financement/MDV-LGC-Va1.yaml"
SC1 = "matrices/scopes/Va1/MDV-LGC-Va1.yaml"
H = "matrices/habilitation.csv"
DT = "matrices/document_types.csv"
SC = "matrices/scopes/Va2/MDV-LGC-Va2.yaml"
C = "concertation/IT2/comments.yaml"
REL = "releases/MDV-LGC-Va1.yaml"
RELEASE_TEXT = """format: 1
dispositif: MDV-LGC-Va1
versions:
  - version: "{version}"
    date: "2021-08-11"
    commit: "0123456789abcdef0123456789abcdef01234567"
    pdf: false
    fichiers: []
    contenu:
      "LGC.DMP.01": {{"enonce": "0000000000000000"}}
{second}"""
# rules raised while importing grids, not by `segur check`: covered in tests/test_concertation.py
IMPORT_ONLY = {"CONC-GRID", "CONC-PROTECTED", "CONC-DUPLICATE", "CONC-ANNOTATION", "CONC-ANNOTATIONS-FILE"}

# rule: (edits [(file, old, new, nth)], reported file, anchor text or None for line 0/1, anchor nth)
FAILING = {
    "YAML-SYNTAX": ([(V2, "texte: Générer.", "texte: Générer: ici: non", 1)], V2, "Générer: ici", 1),
    "YAML-DUPKEY": ([(V2, "    fonction: Génération\n", "    fonction: Génération\n    fonction: Autre\n", 1)], V2, "fonction: Autre", 1),
    "CSV-FORMAT": ([(DT, "local\n", "local\n52;Certificat\n", 1)], DT, "52;Certificat", 1),
    "FILE-MISSING": ([(R, None, None, 1)], R, None, 1),
    "SCHEMA": ([(V2, "criticite: Mineure\n    profils: [Médecin", "criticite: Moyenne\n    profils: [Médecin", 1)], V2, "criticite: Moyenne", 1),
    "ID-DUP": ([(V1, "id: LGC.DMP.02\n", "id: LGC.DMP.01\n", 1)], V1, "id: LGC.DMP.01\n", 2),
    "ID-FORMAT": ([(V1, "id: LGC.DMP.03\n", "id: LGC-DMP-03\n", 1)], V1, "id: LGC-DMP-03", 1),
    "ID-SOCLE-RESERVED": ([(V1, "id: LGC.DMP.03\n", "id: SC.DMP.03\n", 1)], V1, "id: SC.DMP.03", 1),
    "ID-PREFIX": ([(V1, "id: LGC.DMP.03\n", "id: SGL.DMP.03\n", 1)], V1, "id: SGL.DMP.03", 1),
    "ID-PLACEHOLDER": ([(V1, "id: LGC.DMP.03\n", "id: LGC.DMP.XX\n", 1)], V1, "id: LGC.DMP.XX", 1),
    "ID-WHITESPACE": ([(V1, "id: LGC.DMP.03\n", 'id: "LGC.DMP.03 "\n', 1)], V1, 'id: "LGC.DMP.03 "', 1),
    "ID-SECTION": ([(V1, "id: LGC.DMP.03\n", "id: LGC.VSM.03\n", 1)], V1, "id: LGC.VSM.03", 1),
    "SCN-ID": ([(V1, "id: LGC.DMP.03.01\n", "id: LGC.DMP.02.05\n", 1)], V1, "id: LGC.DMP.02.05", 1),
    # VSM written Vsm for a second requirement
    "SECTION-CASE": ([(V2, "  - {code: VSM, libelle: Volet de synthèse médicale}\n",
                       "  - {code: VSM, libelle: Volet de synthèse médicale}\n  - {code: Vsm, libelle: Synthèse}\n", 1),
                      (V2, "          - {id: LGC.VSM.01.01.01, texte: Vidéo}\n",
                       "          - {id: LGC.VSM.01.01.01, texte: Vidéo}\n  - id: LGC.Vsm.02\n    section: Vsm\n"
                       "    bloc: Synthèse\n    fonction: Export\n    nature: Exigence\n    criticite: Majeure\n"
                       "    profils: [Général]\n    enonce: Le système DOIT exporter le VSM.\n    scenarios:\n"
                       "      - id: LGC.Vsm.02.01\n        texte: Exporter.\n        preuves:\n"
                       "          - {id: LGC.Vsm.02.01.01, texte: Vidéo}\n", 1)],
                     V2, "id: LGC.Vsm.02\n", 1),
    # the DMP section (01, 02, 03) written again as ALIM with the same numbers and texts
    "SECTION-DUP": ([(V2, "  - {code: VSM, libelle: Volet de synthèse médicale}\n",
                      "  - {code: VSM, libelle: Volet de synthèse médicale}\n  - {code: ALIM, libelle: Alimentation}\n", 1),
                     (V2, "          - {id: LGC.VSM.01.01.01, texte: Vidéo}\n",
                      "          - {id: LGC.VSM.01.01.01, texte: Vidéo}\n" + "".join(
                          f"  - id: LGC.ALIM.0{n}\n    section: ALIM\n    bloc: Alimentation\n    fonction: Envoi\n"
                          f"    nature: Exigence\n    criticite: Majeure\n    profils: [Général]\n    enonce: {t}\n"
                          f"    scenarios:\n      - id: LGC.ALIM.0{n}.01\n        texte: Vérifier.\n        preuves:\n"
                          f"          - {{id: LGC.ALIM.0{n}.01.01, texte: Vidéo}}\n"
                          for n, t in ((1, "Le système DOIT alimenter le DMP."),
                                       (2, "Le système DOIT remplacer un document en conservant son identifiant."),
                                       (3, "Le système DOIT supprimer un document."))), 1)],
                    V2, "id: LGC.ALIM.01\n", 1),
    "SCN-MISSING": ([(V2, """    scenarios:
      - id: LGC.VSM.01.01
        texte: Générer.
        preuves:
          - {id: LGC.VSM.01.01.01, texte: Vidéo}
""", "", 1)], V2, "id: LGC.VSM.01\n", 1),
    "PROSE": ([("book/prose/dsr/objet.md", "", "# Objet\n\nLe dispositif {{ dispositif.titr }}.\n", 0)],
              "book/prose/dsr/objet.md", "{{ dispositif.titr }}", 1),
    "NATURE-VERB": ([(V1, "Le système DOIT supprimer", "Le système supprime", 1)], V1, "Le système supprime", 1),
    "TEXT-EMPTY": ([(V1, "    fonction: Suppression\n", "    fonction: ''\n", 1)], V1, "id: LGC.DMP.03\n", 1),
    "TEXT-CONTROL": ([(V2, "texte: Générer.", 'texte: "Générer\\0 le VSM."', 1)], V2, "Générer\\0", 1),
    "TEXT-TOO-LONG": ([(V2, "texte: Générer.", "texte: " + "Générer. " * 3700, 1)], V2, "Générer. Générer.", 1),
    "TEXT-WHITESPACE": ([(V1, "supprimer un document.", "supprimer un document&nbsp;.", 1)], V1, "document&nbsp;", 1),
    "COND-DERIVED": ([(V2, "    profils: [Général]\n    statut: Inchangée\n",
                       "    profils: [Général]\n    conditionnelle: true\n    statut: Inchangée\n", 1)],
                     V2, "conditionnelle: true", 1),
    "REF-PROFILE": ([(V2, "profils: [Médecin traitant]", "profils: [Pédiatre]", 1)], V2, "profils: [Pédiatre]", 1),
    "REF-REFERENTIEL": ([(S, "selon le [INS1].", "selon le [INS9].", 1)], S, "[INS9]", 1),
    "REF-REFERENTIEL-LIST": ([(S, "    referentiels: [INS1]\n", "", 1)], S, "selon le [INS1]", 1),
    "REF-SECTION": ([(V2, "  - {code: VSM, libelle: Volet de synthèse médicale}\n", "", 1)], V2, "section: VSM", 1),
    "REF-SOCLE": ([(V2, "{id: INS.03}", "{id: INS.09}", 1)], V2, "{id: INS.09}", 1),
    "REF-SOCLE-UNLISTED": ([(P, "socles: [INS]", "socles: []", 2)], V2, "{id: INS.01}", 1),
    "REF-SOCLE-OBSOLETE": ([(V2, "{id: INS.03}", "{id: INS.02}", 1)], V2, "{id: INS.02}", 1),
    "REF-SOCLE-VAGUE": ([(V1, "{id: INS.02}", "{id: INS.03}", 1)], V1, "{id: INS.03}", 1),
    "REF-DISPOSITIF": ([(V2, "dispositif: MDV-LGC-Va2", "dispositif: MDV-LGC-Va9", 1)], V2, "dispositif: MDV-LGC-Va9", 1),
    "REF-DISPOSITIF-FILE": ([(V1, None, None, 1)], P, "- id: MDV-LGC-Va1", 1),
    "REF-PROGRAMME": ([(P, "couloir: MDV\n    vague: Va2", "couloir: HOP\n    vague: Va2", 1)], P, "- id: MDV-LGC-Va2", 1),
    "REF-DOCTYPE": ([(SC, "documents_consultes: [11502-2]", "documents_consultes: [99999-9]", 1)], SC, "documents_consultes", 1),
    "REF-PROFESSION": ([(SC, 'profession: "10"', 'profession: "11"', 1)], SC, 'profession: "11"', 1),
    "REF-SERVICE": ([(SC, "services: [INS.INSI]", "services: [INS.AUTRE]", 1)], SC, "services: [INS.AUTRE]", 1),
    "STATUT-MISSING": ([(V2, "    statut: Nouvelle\n", "", 1), (V2, "id: LGC.VSM.01\n", "id: LGC.VSM/va1.07\n", 1)],
                       V2, "id: LGC.VSM/va1.07\n", 1),
    "STATUT-NO-PREVIOUS": ([(V1, "fonction: Suppression\n", "fonction: Suppression\n    statut: Modifiée\n", 1)], V1, "statut: Modifiée", 1),
    "STATUT-NEW-WITH-PREVIOUS": ([(V2, "statut: Nouvelle\n", "statut: Nouvelle\n    id_precedent: LGC.DMP.01\n", 1)], V2, "id_precedent: LGC.DMP.01", 2),
    "STATUT-PREVIOUS-MISSING": ([(V2, "id_precedent: LGC.DMP.02", "id_precedent: LGC.DMP.22", 1)], V2, "id_precedent: LGC.DMP.22", 1),
    "STATUT-UNCHANGED-DIFFERS": ([(V2, "Le système DOIT alimenter le DMP.", "Le système DOIT alimenter le DMP sans délai.", 1)], V2, "statut: Inchangée", 1),
    "STATUT-MODIFIED-SAME": ([(V2, "remplacer un document en conservant son identifiant.", "remplacer un document.", 1)], V2, "statut: Modifiée", 1),
    "STATUT-PREVIOUS-TWICE": ([(V2, "id_precedent: LGC.DMP.02", "id_precedent: LGC.DMP.01", 1)], V2, "id_precedent: LGC.DMP.01", 2),
    "STATUT-OBSOLETE-ACTIVE": ([(V2, "statut: Obsolète\n    id_precedent: LGC.DMP.03", "statut: Obsolète\n    id_precedent: LGC.DMP.01", 1)], V2, "statut: Obsolète", 1),
    "STATUT-DROPPED": ([(V2, "    statut: Obsolète\n    id_precedent: LGC.DMP.03\n", "    statut: Nouvelle\n", 1)], V2, None, 1),
    "MATRIX-GROUP": ([(H, "type_code;MED;INF;MS_SOIN", "type_code;MED;INF;MS_SOINS", 1)], H, "type_code", 1),
    "MATRIX-CELL": ([(H, "PRESC-INF;X;X;X", "PRESC-INF;X;oui;X", 1)], H, "PRESC-INF", 1),
    "MATRIX-ROW": ([(H, "PRESC-INF;X;X;X\n", "PRESC-INF;X;X;X\n11502-2;X;;\n", 1)], H, "11502-2;X;;", 1),
    "SCOPE-HABILITATION": ([(H, "11502-2;X;X;", "11502-2;;X;", 1)], SC, "documents_consultes", 1),
    "SCOPE-PROFESSION": ([(P, 'professions: ["10", "60"]', 'professions: ["60"]', 1)], SC, 'profession: "10"', 1),
    "AF-TTC": ([(F, "ttc: 2400.00", "ttc: 2399.00", 1)], F, "code: B", 1),
    "AF-TTC-ROUNDED": ([(F, "tva: 0.20\n", "tva: 0.20\narrondi_ttc: euro\n", 1), (F, "ht: 1000.00", "ht: 999.70", 1)], F, "code: A", 1),
    "AF-MILESTONE-ORDER": ([(F, '"2026-06-30"', '"2025-05-30"', 1)], F, "code: J2", 1),
    "AF-BANDS": ([(F, "min: 2,", "min: 3,", 1)], F, "code: B", 1),
    "AF-DATE": ([(F, '"2026-06-30"', '"2026-13-30"', 1)], F, "code: J2", 1),
    "MATRIX-SOURCE": ([("matrices/habilitation_sources.csv", "", "type_code;groupe;source;reference\n"
                        "PRESC-INF;*;arrete;Arrêté, annexe\n11502-2;*;projet;choix\n99999-9;*;projet;choix\n", 0)],
                      "matrices/habilitation_sources.csv", "99999-9", 1),
    "AF-FORMULA": ([(F1, "expression: A × N", "expression: A × M", 1)], F1, "formule:", 1),
    "AF-COMPOSANTE": ([(F1, "dispositif: MDV-LGC-Va1", "dispositif: MDV-LGC-Va7", 2)], F1, "- code: V2", 1),
    "AF-MISSING": ([(F1, None, None, 1)], P, "- id: MDV-LGC-Va1", 1),
    "SCOPE-MISSING": ([(SC1, None, None, 1)], P, "- id: MDV-LGC-Va1", 1),
    "CONC-ITERATION": ([(C, "iteration: IT2", "iteration: IT1", 1)], C, "iteration: IT1", 1),
    "CONC-UNKNOWN-ID": ([(C, "exigence: INS.01", "exigence: INS.09", 1)], C, "exigence: INS.09", 1),
    "CONC-NO-ANSWER": ([(C, "reponse: Précisé dans la version 0.3.", "reponse: ''", 1)], C, "statut: intégré", 1),
    "CONC-ID": ([(C, "texte: Préciser le cas", "texte: Préciser encore le cas", 1)], C, "  - id: IT2-", 1),
    # a record of version 1.0 (the current one) whose fingerprint of LGC.DMP.01's text differs
    "VERSION-FROZEN": ([(REL, "", RELEASE_TEXT.format(version="1.0", second=""), 0)], V1,
                       "enonce: Le système DOIT alimenter", 1),
    "VERSION-RECORD": ([(REL, "", RELEASE_TEXT.format(version="0.9", second=RELEASE_TEXT.split("versions:\n")[1]
                                                      .format(version="0.9", second="")), 0)], REL, "  - version", 2),
}

# rule: edits that come close to breaking it but must not trigger it
PASSING = {
    "PROSE": [("book/prose/dsr/objet.md", "", "# Objet\n\nLe dispositif {{ dispositif.titre }}, {{ dispositif.date | date }}.\n", 0)],
    # an Obsolète record may keep no scenario
    "SCN-MISSING": [(V2, """    scenarios:
      - id: LGC.DMP.03.01
        texte: Supprimer.
        preuves:
          - {id: LGC.DMP.03.01.01, texte: Vidéo}
""", "", 1)],
    "ID-FORMAT": [(V2, "id: LGC.VSM.01\n", "id: LGC.VSM.101\n", 1), (V2, "LGC.VSM.01.01", "LGC.VSM.101.01", 1),
                  (V2, "LGC.VSM.01.01.01", "LGC.VSM.101.01.01", 1)],
    "NATURE-VERB": [(V2, "Le système PEUT proposer", "Le système PEUT, s'il le doit, proposer", 1)],
    "AF-TTC": [(F, "ht: 1000.00, ttc: 1200.00", "ht: 999.99, ttc: 1199.99", 1)],
    # every row of the minimal matrix sourced, one cell too
    "MATRIX-SOURCE": [("matrices/habilitation_sources.csv", "", "type_code;groupe;source;reference\n"
                       "PRESC-INF;*;arrete;Arrêté, annexe\n11502-2;*;projet;choix\n11502-2;INF;arrete;Arrêté\n", 0)],
    # the same formula written with parentheses and a constant
    "AF-FORMULA": [(F1, "expression: A × N", "expression: (A × N) + 0", 1)],
    "AF-TTC-ROUNDED": [(F, "tva: 0.20\n", "tva: 0.20\narrondi_ttc: euro\n", 1)],
    "REF-SOCLE-OBSOLETE": [(V2, "  - {id: INS.03}\n", "  - {id: INS.03}\n  - {id: INS.02, statut: Obsolète, id_precedent: INS.02}\n", 1)],
    "STATUT-DROPPED": [(V2, "  - {id: INS.03}\n", "  - {id: INS.03}\n", 1)],   # INS.02 dropped: its socle record is Obsolète
    "SCOPE-HABILITATION": [(SC, "documents_produits: [PRESC-INF]", "documents_produits: [11502-2]", 1)],
    "AF-MILESTONE-ORDER": [(F, '"2026-06-30", heure: "14:00"', '"2025-06-01", heure: "14:00"', 1)],
    "REF-PROGRAMME": [(P, "couloirs:\n", "couloirs:\n  - {code: OFF, libelle: Officine}\n", 1)],
    "YAML-DUPKEY": [(V2, "    fonction: Génération\n", "    fonction: Génération  # segur: accepte YAML-DUPKEY\n", 1)],
}


def apply(root: Path, edits) -> dict[str, str]:
    texts = {}
    for rel, old, new, nth in edits:
        path = root / rel
        if old is None:
            path.unlink()
            continue
        if old == "" and not path.exists():      # a new file
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(new, "utf-8")
            texts[rel] = new
            continue
        text = texts.get(rel, path.read_text("utf-8"))
        texts[rel] = replace_nth(text, old, new, nth)
        path.write_text(texts[rel], "utf-8")
    return texts


def test_minimal_corpus_is_clean(minimal):
    result = load_and_check(minimal, use_cache=False)
    assert [p.format() for p in result.problems] == []
    d = result.corpus.dispositifs["MDV-LGC-Va2"]
    statuts = {r.id: r.statut for r in d.rem + d.obsoletes}
    assert statuts == {"INS.01": "Inchangée", "INS.03": "Nouvelle", "LGC.DMP/va1.01": "Inchangée",
                       "LGC.DMP/va1.02": "Modifiée", "LGC.VSM.01": "Nouvelle", "LGC.DMP.03": "Obsolète",
                       "INS.02": "Obsolète"}


def test_completeness_severity_follows_publication_status(minimal):
    """The same missing scenario is a warning in the concertation REM (Va2), an error in
    the publiée one (Va1); a structural rule is an error in both."""
    for rel, old in ((V2, "id: LGC.VSM.01\n"), (V1, "id: LGC.DMP.03\n")):
        text = (minimal / rel).read_text("utf-8")
        start = text.index(old)
        scn = text.index("    scenarios:\n", start)
        end = text.find("\n  - id:", scn)
        (minimal / rel).write_text(text[:scn] + (text[end + 1:] if end != -1 else ""), "utf-8")
    (minimal / V2).write_text((minimal / V2).read_text("utf-8").replace("id: LGC.VSM.01\n", "id: LGC.VSM.XX\n", 1), "utf-8")
    result = load_and_check(minimal, use_cache=False)
    sev = {(p.code, p.path): p.severity.value for p in result.problems}
    assert sev[("SCN-MISSING", V2)] == "warning"
    assert sev[("SCN-MISSING", V1)] == "error"
    assert sev[("ID-PLACEHOLDER", V2)] == "error"
    assert RULES["SCN-MISSING"].severity_for("publiée").value == "error"
    assert RULES["ID-DUP"].severity_for("brouillon").value == "error"


def test_every_rule_has_a_failing_case():
    assert sorted(set(RULES) - IMPORT_ONLY) == sorted(FAILING)


@pytest.mark.parametrize("code", sorted(FAILING))
def test_rule_fails(code, minimal, update_goldens):
    edits, reported, anchor, nth = FAILING[code]
    texts = apply(minimal, edits)
    result = load_and_check(minimal, use_cache=False)
    hits = [p for p in result.problems if p.code == code]
    assert hits, f"{code} not reported; got {[p.format() for p in result.problems]}"
    if anchor is None:
        expected_line = 1 if code == "STATUT-DROPPED" else 0
    else:
        text = texts.get(reported) or (minimal / reported).read_text("utf-8")
        expected_line = line_of(text, anchor, nth)
    assert (reported, expected_line) in {(p.path, p.line) for p in hits}, [p.format() for p in hits]
    for p in hits:
        assert p.hint and p.message, "every problem says what is wrong and how to fix it"
    _compare_messages(code, [p.format().replace(str(minimal), "<corpus>") for p in hits], update_goldens)


MESSAGES = Path(__file__).parent / "golden" / "rule-messages.json"


def _compare_messages(code: str, lines: list[str], update: bool) -> None:
    """What authors read for each rule's failing case, kept in tests/golden/rule-messages.json
    (`make goldens` rewrites it after an intended change; review the diff)."""
    import json
    golden = json.loads(MESSAGES.read_text("utf-8")) if MESSAGES.exists() else {}
    if update:
        golden[code] = lines
        MESSAGES.write_text(json.dumps(dict(sorted(golden.items())), ensure_ascii=False, indent=1) + "\n", "utf-8")
        return
    assert code in golden, f"no golden message for {code}: run `make goldens` and review tests/golden/rule-messages.json"
    assert lines == golden[code], f"{code}: the message changed — if intended, `make goldens` and review the diff"


@pytest.mark.parametrize("code", sorted(PASSING))
def test_rule_passes_on_near_miss(code, minimal):
    apply(minimal, PASSING[code])
    result = load_and_check(minimal, use_cache=False)
    assert [p.format() for p in result.problems if p.code == code] == []


def test_prepublication_without_af_or_scope_is_an_error(minimal):
    """AF terms and scope are required from prépublication on (issue #13), unlike the other
    completeness rules, which wait for publiée."""
    apply(minimal, [(F, None, None, 1), (SC, None, None, 1),
                    (P, "statut_publication: concertation", "statut_publication: prépublication", 1)])
    result = load_and_check(minimal, use_cache=False)
    found = {(p.code, p.severity.value) for p in result.problems if "MDV-LGC-Va2" in (p.dispositif, *p.ids)}
    assert {("AF-MISSING", "error"), ("SCOPE-MISSING", "error")} <= found


def test_draft_without_af_or_scope_is_only_warned(minimal):
    """MDV-LGC-Va2 is in concertation: missing AF terms and scope are warnings, not errors."""
    apply(minimal, [(F, None, None, 1), (SC, None, None, 1)])
    result = load_and_check(minimal, use_cache=False)
    found = {(p.code, p.severity.value) for p in result.problems if p.dispositif == "MDV-LGC-Va2"}
    assert found == {("AF-MISSING", "warning"), ("SCOPE-MISSING", "warning")}
    assert not result.errors
