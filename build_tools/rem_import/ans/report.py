"""What an import of ANS's export did: counts per dispositif and every fix, merge, skip
and warning by sheet and row."""
from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class DispositifCounts:
    requirements: int = 0          # own requirements (Obsolète included)
    picks: int = 0                 # picked socle requirements (Obsolète included)
    scenarios: int = 0             # scenarios of own requirements
    proofs: int = 0                # proofs of own requirements
    obsolete: int = 0              # own + picks with statut Obsolète
    a_retravailler: int = 0        # own + picks with arbitrage "A retravailler"
    rows: int = 0                  # sheet rows read for this REM


@dataclass
class AnsImportReport:
    source: str
    dest: str
    dispositifs: dict[str, DispositifCounts] = field(default_factory=dict)
    socles: dict[str, int] = field(default_factory=dict)          # socle -> requirements
    socle_scenarios: int = 0
    socle_proofs: int = 0
    fixes: list[str] = field(default_factory=list)                # "sheet!row: what was normalised"
    skipped: list[str] = field(default_factory=list)              # "sheet!row: why"
    merged: list[str] = field(default_factory=list)               # "sheet!row: repeated row merged into …"
    a_retravailler: list[str] = field(default_factory=list)       # "sheet!row: id (dispositif)"
    warnings: list[str] = field(default_factory=list)             # data the checker cannot see
    not_imported: list[str] = field(default_factory=list)
    files: list[str] = field(default_factory=list)

    def summary(self) -> str:
        lines = [f"{self.source} importé dans {self.dest}",
                 f"{'dispositif':<14}{'lignes':>7}{'propres':>8}{'repr.':>7}{'scén.':>7}{'preuves':>8}{'obsol.':>8}{'à retr.':>9}"]
        for did, c in self.dispositifs.items():
            lines.append(f"{did:<14}{c.rows:>7}{c.requirements:>8}{c.picks:>7}{c.scenarios:>7}{c.proofs:>8}"
                         f"{c.obsolete:>8}{c.a_retravailler:>9}")
        lines.append("socles : " + ", ".join(f"{s} {n}" for s, n in self.socles.items())
                     + f" ({sum(self.socles.values())} exigences, {self.socle_scenarios} scénarios, "
                       f"{self.socle_proofs} preuves)")
        lines.append(f"{len(self.fixes)} correction(s) de normalisation, {len(self.merged)} ligne(s) répétée(s) fusionnée(s), "
                     f"{len(self.skipped)} ligne(s) ignorée(s), {len(self.a_retravailler)} « A retravailler », "
                     f"{len(self.warnings)} avertissement(s)")
        return "\n".join(lines)

    def format(self) -> str:
        parts = [self.summary()]
        for title, items in (("Non importé", self.not_imported), ("Avertissements", self.warnings),
                             ("A retravailler", self.a_retravailler), ("Lignes ignorées", self.skipped),
                             ("Normalisation", self.fixes), ("Lignes fusionnées", self.merged)):
            if items:
                parts.append(f"\n{title} ({len(items)}) :")
                parts.extend(f"  {x}" for x in items)
        return "\n".join(parts)
