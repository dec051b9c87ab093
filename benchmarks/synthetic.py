"""Generate a synthetic corpus of N requirements with the shape of the real ones.

    python benchmarks/synthetic.py N OUT_DIR

Programme, référentiels and matrices are copied from the embedded corpus; requirements are
spread over 8 socles and 2 × 6 dispositifs (wave 2 carrying wave 1), with 1-3 scenarios of
1-4 proofs, French-like texts of realistic length, and picks of socle requirements.
The result passes `segur check` with no error.
"""
from __future__ import annotations

import random
import shutil
import sys
from pathlib import Path

import yaml

REPO = Path(__file__).resolve().parent.parent
WORDS = ("le système permet au professionnel de consulter document patient dossier affichage "
         "identité qualifiée messagerie sécurisée alimentation structuré volet synthèse compte rendu "
         "biologie imagerie prescription traçabilité habilitation authentification certificat "
         "consentement historique visibilité format métadonnées intégration lecture").split()
SOCLES = ["INS", "DMP", "MSS", "PSC", "CDA", "SSI", "APCV", "ORDN"]
COULOIRS = [("MDV", "LGC", "LGC"), ("HOP", "DPI", "DPI"), ("BIO", "SGL", "SGL"),
            ("RAD", "RIS", "RIS"), ("OFF", "LGO", "LGO"), ("PARAMED", "LGC", "PARA")]


def sentence(rng: random.Random, n: int) -> str:
    return " ".join(rng.choice(WORDS) for _ in range(n))


def requirement(rng: random.Random, rid: str, section: str, profile: str = "Général") -> dict:
    peut = rng.random() < 0.15
    verb = "PEUT" if peut else "DOIT"
    scenarios = []
    for s in range(1, rng.randint(1, 3) + 1):
        sid = f"{rid}.{s:02d}"
        scenarios.append({"id": sid, "texte": sentence(rng, 25), "preuves": [
            {"id": f"{sid}.{p:02d}", "texte": sentence(rng, 8)} for p in range(1, rng.randint(1, 4) + 1)]})
    return {"id": rid, "section": section, "bloc": sentence(rng, 3), "fonction": sentence(rng, 4),
            "nature": "Préconisation" if peut else "Exigence",
            "criticite": "Mineure" if rng.random() < 0.25 else "Majeure", "profils": [profile],
            "enonce": f"Le système {verb} {sentence(rng, 40)} [DMP1].", "referentiels": ["DMP1"],
            "scenarios": scenarios}


def generate(n: int, out: Path, seed: int = 1) -> Path:
    rng = random.Random(seed)
    if out.exists():
        shutil.rmtree(out)
    (out / "requirements" / "socles").mkdir(parents=True)
    shutil.copytree(REPO / "matrices", out / "matrices", ignore=shutil.ignore_patterns("scopes"))
    shutil.copy(REPO / "requirements" / "referentiels.yaml", out / "requirements")
    n_socle = n * 3 // 10
    per_socle = max(1, n_socle // len(SOCLES))
    socle_ids = []
    for code in SOCLES:
        reqs = [requirement(rng, f"SC.{code}/GEN.{i:03d}", f"{code}/GEN") for i in range(1, per_socle + 1)]
        socle_ids += [r["id"][3:] for r in reqs]
        doc = {"socle": code, "sections": [{"code": f"{code}/GEN", "libelle": f"Socle {code}"}], "exigences": reqs}
        (out / "requirements" / "socles" / f"{code}.yaml").write_text(
            yaml.safe_dump(doc, allow_unicode=True, sort_keys=False, width=100), "utf-8")
    n_own = n - per_socle * len(SOCLES)
    per_disp = max(2, n_own // (2 * len(COULOIRS)))
    dispositifs = []
    for vague in ("Va1", "Va2"):
        (out / "requirements" / vague).mkdir()
        for couloir, soft, prefix in COULOIRS:
            did = f"{couloir}-{soft}-{vague}"
            entry = {"id": did, "couloir": couloir, "vague": vague, "type_logiciel": {"code": soft, "libelle": soft},
                     "prefixe": prefix, "titre": f"Logiciels {soft} – {vague}", "statut_publication": "publiée",
                     "version": "1.0", "date": "2025-01-01", "professions": ["10"], "socles": list(SOCLES),
                     "profils": [{"nom": "Général"}]}
            own = []
            for i in range(1, per_disp + 1):
                r = requirement(rng, f"{prefix}.F{i // 100:02d}.{i % 100 + 1:02d}", f"F{i // 100:02d}")
                own.append(r)
            if vague == "Va2":
                entry["precedent"] = f"{couloir}-{soft}-Va1"
                prev = yaml.safe_load((out / "requirements" / "Va1" / f"{couloir}-{soft}-Va1.yaml").read_text("utf-8"))
                for r, old in zip(own, prev["exigences"]):
                    if rng.random() < 0.6:
                        r["enonce"], r["nature"] = old["enonce"], old["nature"]
                    r["statut"] = "Inchangée" if r["enonce"] == old["enonce"] else "Modifiée"
                    r["id_precedent"] = old["id"]
            picks = [{"id": sid} for sid in sorted(rng.sample(socle_ids, min(len(socle_ids), 40)))]
            if vague == "Va2":
                picks = prev["socle"]
            doc = {"dispositif": did,
                   "sections": [{"code": c, "libelle": f"Fonctions {c}"} for c in sorted({r["section"] for r in own})],
                   "socle": picks, "exigences": own}
            (out / "requirements" / vague / f"{did}.yaml").write_text(
                yaml.safe_dump(doc, allow_unicode=True, sort_keys=False, width=100), "utf-8")
            dispositifs.append(entry)
    _financing_and_scopes(out, [d["id"] for d in dispositifs])
    programme = yaml.safe_load((REPO / "requirements" / "programme.yaml").read_text("utf-8"))
    programme["dispositifs"] = dispositifs
    (out / "requirements" / "programme.yaml").write_text(
        yaml.safe_dump(programme, allow_unicode=True, sort_keys=False, width=100), "utf-8")
    return out


def _financing_and_scopes(out: Path, ids: list[str], model: str = "MDV-LGC-Va2") -> None:
    """Every dispositif gets AF terms and a scope (AF-MISSING, SCOPE-MISSING: warned in a draft, errors once publiée), both
    modelled on the embedded corpus's MDV-LGC-Va2 with the dispositif's id."""
    af = (REPO / "requirements" / "financement" / f"{model}.yaml").read_text("utf-8")
    scope = (REPO / "matrices" / "scopes" / "Va2" / f"{model}.yaml").read_text("utf-8")
    (out / "requirements" / "financement").mkdir(parents=True, exist_ok=True)
    for did in ids:
        vague = did.rsplit("-", 1)[1]
        (out / "requirements" / "financement" / f"{did}.yaml").write_text(af.replace(model, did), "utf-8")
        folder = out / "matrices" / "scopes" / vague
        folder.mkdir(parents=True, exist_ok=True)
        (folder / f"{did}.yaml").write_text(scope.replace(model, did), "utf-8")


if __name__ == "__main__":
    generate(int(sys.argv[1]), Path(sys.argv[2]))
    print(f"wrote {sys.argv[2]}")
