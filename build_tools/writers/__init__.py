"""Writers: one per output format, registered once, run in registration order.

A writer reads only the corpus index (never the corpus files) and writes into the
publish context's temporary folder; it returns the artefacts it wrote for the manifest.
"""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from ..model import Corpus


@dataclass(frozen=True)
class Artifact:
    path: str            # relative to the publish folder, '/' separators
    kind: str            # rem, csv, json, schema, dsr, af, pdf, needs …
    dispositif: str = ""
    vague: str = ""


def dispositif_dir(d) -> str:
    """Folder of a dispositif's files inside the publish folder: <vague>/<dispositif>."""
    return f"{d.vague}/{d.id}"


@dataclass
class PublishContext:
    corpus: Corpus
    out: Path                                   # temporary folder being filled
    with_pdf: bool = True
    notes: list[str] = field(default_factory=list)   # one-line notices for the user (printed once)
    marks: tuple = ()                           # build_tools.marks.Mark on every document (draft …)


class WriterError(Exception):
    """A writer could not produce a file it must produce: the publication stops (exit 1)."""


WriterFn = Callable[[PublishContext], list[Artifact]]


@dataclass(frozen=True)
class Writer:
    name: str
    run: WriterFn
    description: str = ""


WRITERS: list[Writer] = []


def writer(name: str, description: str = ""):
    def register(fn: WriterFn) -> WriterFn:
        if any(w.name == name for w in WRITERS):
            raise ValueError(f"writer {name} registered twice")
        WRITERS.append(Writer(name, fn, description))
        return fn
    return register


def all_writers() -> list[Writer]:
    # registration order = import order here
    from . import rem_tables, rem_xlsx  # noqa: F401
    from . import rem_prepub, rem_convergence, rem_reqif  # noqa: F401  (other REM layouts)
    try:
        from . import documents  # noqa: F401
    except ImportError:  # documents writer not present yet
        pass
    return list(WRITERS)
