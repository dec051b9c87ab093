"""`segur rapport concertation --iteration ITn`: the book's concertation dashboard notebook,
executed for one iteration and exported with nbconvert as one standalone HTML file (charts
embedded, inputs hidden, no script fetched from the network) for the steering committees.

The notebook is `book/tableau-de-bord-concertation.md` (MyST, read with jupytext); its
`parameters` cell gets the iteration and the corpus folder. The file is written next to
its destination and moved into place once complete.
"""
from __future__ import annotations

from pathlib import Path

PROJECT = Path(__file__).resolve().parents[2]
NOTEBOOK = Path("book") / "tableau-de-bord-concertation.md"
TEMPLATES = Path(__file__).resolve().parents[1] / "templates"


class RapportError(Exception):
    pass


def notebook_path(root: Path) -> Path:
    """The corpus's own copy of the notebook when it has one, else the project's."""
    own = root / NOTEBOOK
    return own if own.is_file() else PROJECT / NOTEBOOK


def _parameters(nb, iteration: str, root: Path) -> None:
    for cell in nb.cells:
        if "parameters" in cell.get("metadata", {}).get("tags", []):
            cell.source = f"ITERATION = {iteration!r}\nROOT = {str(root)!r}\n"
            return
    raise RapportError(f"{NOTEBOOK} n'a pas de cellule « parameters »")


def render(root: Path, iteration: str, out: Path, *, timeout: int = 300) -> Path:
    import jupytext
    from nbclient import NotebookClient
    from nbclient.exceptions import CellExecutionError
    from nbconvert import HTMLExporter

    root = Path(root).resolve()
    source = notebook_path(root)
    nb = jupytext.reads(source.read_text("utf-8"), fmt="md:myst")
    for i, cell in enumerate(nb.cells):     # jupytext draws random cell ids: same data, same bytes
        cell.id = f"cell-{i}"
    _parameters(nb, iteration, root)
    nb.metadata["title"] = f"Concertation {iteration} — tableau de bord"
    client = NotebookClient(nb, timeout=timeout, kernel_name="python3", record_timing=False,
                            resources={"metadata": {"path": str(root)}})
    try:
        client.execute()
    except CellExecutionError as exc:
        last = (str(exc).strip().splitlines() or [type(exc).__name__])[-1]
        raise RapportError(f"le carnet {source} a échoué : {last}") from None
    nb.cells = [c for c in nb.cells if "remove-cell" not in c.get("metadata", {}).get("tags", [])]
    for cell in nb.cells:       # nothing of the kernel's bookkeeping in the file
        cell.get("metadata", {}).pop("execution", None)
    exporter = HTMLExporter(template_name="segur-rapport", extra_template_basedirs=[str(TEMPLATES)],
                            exclude_input=True, exclude_input_prompt=True, exclude_output_prompt=True)
    html, _ = exporter.from_notebook_node(nb)
    out = Path(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = out.with_name(f".{out.name}.tmp")
    tmp.write_text(html, "utf-8")
    if "</html>" not in tmp.read_text("utf-8")[-200:]:
        tmp.unlink()
        raise RapportError(f"{out} : export HTML incomplet")
    tmp.replace(out)
    return out
