"""Group stage, shared state: what the socle, REM and wave-1 rows become, per socle and
per dispositif, for the write stage."""
from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from .dispositifs import Target
from .report import DispositifCounts
from .rows import Pick, Req


@dataclass
class Grouped:
    targets: dict[str, Target] = field(default_factory=dict)                 # REM code -> wave-2 dispositif
    wave1: dict[str, Target] = field(default_factory=dict)                   # REM code -> wave-1 dispositif
    counts: dict[str, DispositifCounts] = field(default_factory=dict)        # dispositif -> counts
    socle_reqs: dict[str, Req] = field(default_factory=dict)                 # socle id -> first record
    socle_of: dict[str, str] = field(default_factory=dict)                   # socle id -> socle code
    socle_order: dict[str, list[Req]] = field(default_factory=lambda: defaultdict(list))
    socle_sections: dict[str, dict[str, str]] = field(default_factory=lambda: defaultdict(dict))
    picking_cols: dict[str, int] = field(default_factory=dict)               # REM code -> column
    picking_flags: dict[str, tuple[int, set[str]]] = field(default_factory=dict)
    own: dict[str, list[Req]] = field(default_factory=lambda: defaultdict(list))
    picks: dict[str, list[Pick]] = field(default_factory=lambda: defaultdict(list))
    sections: dict[str, dict[str, str]] = field(default_factory=lambda: defaultdict(dict))
    profiles: dict[str, list[str]] = field(default_factory=lambda: defaultdict(list))
    picked_by: dict[str, set[str]] = field(default_factory=lambda: defaultdict(set))
    socle_scn_src: dict[str, tuple[str, str]] = field(default_factory=dict)  # scenario id -> (row, text)

    def add_profile(self, did: str, profil: str) -> None:
        if profil not in self.profiles[did]:
            self.profiles[did].append(profil)
