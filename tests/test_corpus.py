"""The embedded corpus: clean, complete as the foundation issue asks, and faithful to the seeds."""
from __future__ import annotations

import re
from collections import Counter

from build_tools.engine import load_and_check

from .conftest import REPO

SEEDS = REPO.parent / "shared" / "domain" / "seeds"
REQUIRED_DISPOSITIFS = {"MDV-LGC-Va1", "MDV-LGC-Va2", "HOP-DPI-Va2", "BIO-SGL-Va1", "BIO-SGL-Va2",
                        "RAD-RIS-Va2", "PARAMED-LGC-Va2", "DRIM-DB-Va2"}


def test_embedded_corpus_has_no_error():
    result = load_and_check(REPO, use_cache=False)
    assert [p.format() for p in result.errors] == []
    # the only warnings: the SGL price bands the arrêté rounds to the euro (flagged on purpose)
    assert {p.code for p in result.warnings} <= {"AF-TTC-ROUNDED"}


def test_embedded_corpus_covers_the_programme():
    c = load_and_check(REPO).corpus
    assert REQUIRED_DISPOSITIFS <= set(c.dispositifs)
    assert {"Va1", "Va2"} <= set(c.vagues)
    assert {"DMP", "MSS", "INS", "PSC", "SSI", "CDA", "APCV", "ORDN"} <= {s for s, x in c.socles.items() if x.requirements}
    n_socle = sum(len(s.requirements) for s in c.socles.values())
    n_own = sum(len(d.own) for d in c.dispositifs.values())
    assert n_socle + n_own >= 250
    assert all(s.preuves for d in c.dispositifs.values() for r in d.rem for s in r.scenarios)
    # socle requirements picked by several REMs
    pickers = Counter(pk.id for d in c.dispositifs.values() for pk in d.picks)
    assert sum(1 for n in pickers.values() if n >= 3) >= 10
    # wave-2 requirements carried from wave 1, with their statut
    statuts = Counter(r.statut for d in c.dispositifs.values() if d.precedent for r in d.rem + d.obsoletes)
    assert statuts["Inchangée"] and statuts["Modifiée"] and statuts["Obsolète"] and statuts["Nouvelle"]
    # habilitation: every column group, the classCodes asked for
    assert set(c.habilitation.columns) == set(c.groups) and len(c.groups) == 19
    assert {"10", "11", "42", "43", "44"} <= {dt.class_code for dt in c.document_types.values()}
    assert {"BIO-SGL-Va1"} <= set(c.financements) and any(d.endswith("Va2") for d in c.financements)
    assert "PARAMED-LGC-Va2" in c.scopes


# The slide behind the seed prints 57831-6 for « Prescription de produits de santé »; ANS's
# value set JDV_J279 (and LOINC) give 57833-6 — see docs/data-format.md.
SEED_CODE_FIXES = {"57831-6": "57833-6"}


def _seed_matrix() -> dict[str, list[str]]:
    """typeCode -> the 18 cells of the seed's habilitation excerpt (classCodes 42, 43, 44)."""
    text = next(SEEDS.glob("004_*.txt")).read_text("utf-8")
    rows = {}
    for line in text.splitlines():
        fields = line.split("\t")
        if len(fields) >= 21 and fields[0] == "" and fields[1] == "" and re.match(r"^[0-9A-Z_-]+", fields[2] or ""):
            code = fields[2].split(" ")[0]
            code = SEED_CODE_FIXES.get(code, code)
            if "X" in fields[4:]:
                rows[code] = [f.strip() for f in fields[4:22]] + [""] * (22 - len(fields))
    return rows


def test_habilitation_matches_the_seed_excerpt():
    """The seed's data rows carry one cell fewer than its 19 column groups: the first group
    (médecins, X on every row of these classes) is the one the extraction lost, so data
    field d belongs to the group of header field d - 1 (see docs/data-format.md)."""
    c = load_and_check(REPO).corpus
    seed = _seed_matrix()
    assert len(seed) == 19
    groups = list(c.groups)
    for code, cells in seed.items():
        assert c.document_types[code].class_code in {"42", "43", "44"}
        expected = {groups[0]} | {groups[i + 1] for i, v in enumerate(cells[:18]) if v == "X"}
        # cells the published summary of the arrêté settles against the slide (their own source line)
        expected -= {g for (c, g), cs in c.habilitation.sources.items() if c == code and g != "*"}
        assert set(c.habilitation.rows[code]) == expected, code


def test_paramed_scope_follows_the_seed_table():
    c = load_and_check(REPO).corpus
    scope = c.scopes["PARAMED-LGC-Va2"]
    by_prof = {sp.profession: {code for code, _ in sp.services} for sp in scope.professions}
    assert set(by_prof) == {"60", "70", "80", "91", "92"}
    services = {s.code: s.libelle for s in scope.services}
    # the seed ticks INS, document production, DMP feeding, PSC, portability, annuaire and ApCV for all five
    for needle in ("traits", "téléservice", "Qualification", "Alimentation du DMP", "Pro", "Portabilité", "nnuaire", "Carte Vitale"):
        code = next(k for k, v in services.items() if needle.lower() in v.lower())
        assert all(code in s for s in by_prof.values()), needle
    # only the IDE produce the note de vaccination
    vacc = next(k for k, v in services.items() if "vaccination" in v.lower())
    assert [p for p, s in by_prof.items() if vacc in s] == ["60"]


def test_habilitation_cells_name_their_source():
    """Every matrix row says where it comes from (the arrêté's excerpt, or the project);
    the cells the arrêté's published summary settles are closed in the matrix."""
    h = load_and_check(REPO).corpus.habilitation
    assert all((code, "*") in h.sources for code in h.rows)
    seed_rows = {code for (code, g), cs in h.sources.items() if g == "*" and cs.source == "arrete"}
    assert seed_rows == set(_seed_matrix())
    settled = {(code, g) for (code, g), cs in h.sources.items() if g != "*"}
    assert {("ATTEST-RESID", "MED"), ("80788-3", "CD"), ("75496-0", "CD")} <= settled
    for code, g in settled:
        assert h.sources[(code, g)].source == "arrete" and h.sources[(code, g)].reference
        assert not h.allows(code, g), (code, g)
