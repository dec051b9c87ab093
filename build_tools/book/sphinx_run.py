"""Step 3 of the site build: Jupyter Book's Sphinx, in this process, incremental (its
doctrees beside the site), or — when only fragment files changed — the written pages
brought up to date without it (`fastpath`)."""
from __future__ import annotations

import gc
import json
import os
import sys
from pathlib import Path

from .fastpath import write_pages
from .sources import _write_if_changed
from .stats import SITE_DATA


def bring_up_to_date(job, progress) -> int:
    """Sphinx, or the fragment swap `job.swap` when there is one (0: done)."""
    if job.swap is not None:
        with progress.phase("pages mises à jour sans Sphinx (fragments seuls modifiés)", "page(s)") as ph:
            write_pages(job.swap)
            ph.count = len(job.swap)
        return 0
    return run_sphinx(job, progress)


def run_sphinx(job, progress) -> int:
    """The notebooks it runs get their figures from `job.site_data` (stats.write_site_data)."""
    out = job.out
    os.environ["SEGUR_ROOT"] = str(job.root)          # read by the notebook kernel (stats.load)
    quiet_kernel(out.parent / f".{out.name}-jupyter")
    try:
        from jupyter_book.sphinx import build_sphinx
    except ImportError as exc:  # pragma: no cover
        print(f"segur book: Jupyter Book n'est pas installé ({exc})", file=sys.stderr)
        return 2
    if job.site_data is not None:
        os.environ[SITE_DATA] = str(job.site_data)
    gc.freeze()    # what lives now stays: collections scan Sphinx's objects only
    try:
        with progress.phase("Sphinx (incrémental)", "fichier(s) source modifié(s)") as ph:
            ph.count = len(job.counts["changed"])
            res = build_sphinx(job.src, out, noconfig=True, path_config=str(job.src / "_config.yml"),
                               confoverrides=job.overrides, doctreedir=str(out.parent / f".{out.name}-doctrees"),
                               quiet=job.quiet)
    finally:
        gc.unfreeze()
        os.environ.pop(SITE_DATA, None)      # for this build's notebooks only
    if res != 0:
        if isinstance(res, BaseException):
            print(f"segur book: échec de Sphinx : {res!r}", file=sys.stderr)
        return 1
    return 0


def quiet_kernel(folder: Path) -> None:
    """The notebooks run on a `python3` kernel spec of our own (first on JUPYTER_PATH):
    the same interpreter, with the kernel's own log at error level. ipykernel 7 otherwise
    prints "[IPKernelApp] WARNING | Kernel is running over TCP without encryption" on
    every clean build: the kernel only talks to this process over loopback."""
    spec = folder / "kernels" / "python3"
    data = json.dumps({"argv": [sys.executable, "-m", "ipykernel_launcher", "-f", "{connection_file}",
                                "--IPKernelApp.log_level=ERROR"],
                       "display_name": "Python 3", "language": "python"}, indent=1).encode()
    _write_if_changed(spec / "kernel.json", data)
    paths = os.environ.get("JUPYTER_PATH", "").split(os.pathsep)
    if str(folder) not in paths:
        os.environ["JUPYTER_PATH"] = os.pathsep.join([str(folder)] + [p for p in paths if p])
