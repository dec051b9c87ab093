"""Shared helpers: copy the minimal fixture corpus, mutate it, run the checker, and find the
external clients the tests rely on (ANS's shared corpus, LibreOffice, pdftotext, Chromium).

`require(name)` is the one detector for those: a missing client skips the test on a
developer's machine and **fails** it under CI (the `CI` environment variable set), so a CI
machine without LibreOffice, Chromium or `../shared` can never pass silently.
"""
from __future__ import annotations

import json
import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

HERE = Path(__file__).parent
REPO = HERE.parent
MINIMAL = HERE / "fixtures" / "minimal"
# ANS's exports beside the clone; SEGUR_SHARED_CORPUS points elsewhere (e.g. from a mutation copy)
SHARED_CORPUS = Path(os.environ.get("SEGUR_SHARED_CORPUS")
                     or REPO.parent / "shared" / "corpus" / "ansforge-segur-squash-plugins")


def _which(*names: str) -> str | None:
    for name in names:
        found = shutil.which(name)
        if found:
            return found
    return None


def _find(name: str) -> str | None:
    if name == "shared":
        return str(SHARED_CORPUS) if (SHARED_CORPUS / "rem-va2-prepublication-export.xlsx").is_file() else None
    if name == "soffice":
        return _which("soffice", "libreoffice")
    if name == "pdftotext":
        return _which("pdftotext")
    if name == "chromium":
        return _which("chromium", "chromium-browser") or ("/usr/bin/chromium" if Path("/usr/bin/chromium").exists() else None)
    if name == "playwright":
        try:
            import playwright.sync_api  # noqa: F401
        except ImportError:
            return None
        return "playwright"
    raise ValueError(f"unknown external client {name!r}")


INSTALL_HINT = {
    "shared": "the shared ANS corpus (../shared beside the clone)",
    "soffice": "LibreOffice (run `make test` as root to install it)",
    "pdftotext": "poppler-utils (run `make test` as root to install it)",
    "chromium": "Debian's chromium (run `make test` as root to install it)",
    "playwright": "the playwright Python package (make install)",
}


def have(name: str) -> bool:
    return _find(name) is not None


def require(*names: str) -> str:
    """Return the path of the first client; skip when absent, fail under CI."""
    for name in names:
        if not have(name):
            msg = f"missing {INSTALL_HINT[name]}"
            if os.environ.get("CI"):
                pytest.fail(f"{msg}: required under CI")
            pytest.skip(msg)
    return _find(names[0])


@pytest.fixture
def minimal(tmp_path) -> Path:
    dest = tmp_path / "corpus"
    shutil.copytree(MINIMAL, dest, ignore=shutil.ignore_patterns(".segur-cache"))
    return dest


def replace_nth(text: str, old: str, new: str, nth: int = 1) -> str:
    """Replace the nth occurrence of `old` (1-based); fail loudly when absent."""
    start = -1
    for _ in range(nth):
        start = text.find(old, start + 1)
        assert start >= 0, f"{old!r} (occurrence {nth}) not found"
    return text[:start] + new + text[start + len(old):]


def run_under_ascii_locale(script: str, *args: str) -> subprocess.CompletedProcess:
    """Run `python -c script args` under LC_ALL=C with UTF-8 mode off, importing the package
    this test imported (a mutation run's copy included): file I/O must not depend on the locale."""
    import build_tools
    env = {k: v for k, v in os.environ.items() if not k.startswith(("LC_", "LANG", "PYTHONUTF8", "PYTHONIOENCODING"))}
    env.update(LC_ALL="C", PYTHONUTF8="0", PYTHONCOERCECLOCALE="0",
               PYTHONPATH=str(Path(build_tools.__file__).resolve().parent.parent))
    return subprocess.run([sys.executable, "-c", script, *args], env=env, capture_output=True, text=True, timeout=120)


def edit_file(root, rel: str, old: str, new: str, nth: int = 1) -> str:
    """Replace the nth `old` of the corpus file `rel` under `root` on disk; its new text."""
    path = root / rel
    text = replace_nth(path.read_text("utf-8"), old, new, nth)
    path.write_text(text, "utf-8")
    return text


def line_of(text: str, anchor: str, nth: int = 1) -> int:
    start = -1
    for _ in range(nth):
        start = text.find(anchor, start + 1)
        assert start >= 0, f"anchor {anchor!r} not found"
    return text.count("\n", 0, start) + 1


@pytest.fixture(scope="session")
def browser():
    """Debian's Chromium driven by Playwright, with a fresh temporary profile and no
    background networking (the machine's network is closed)."""
    exe = require("chromium", "playwright") and _find("chromium")
    from playwright.sync_api import sync_playwright
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=exe, args=[
            "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--no-first-run",
            "--disable-dev-shm-usage"])
        yield b
        b.close()


@pytest.fixture(scope="session")
def shared_corpus() -> Path:
    """ANS's public exports beside the clone (`../shared/corpus/...`)."""
    require("shared")
    return SHARED_CORPUS


needs_shared = pytest.mark.usefixtures("shared_corpus")


@pytest.fixture
def libreoffice() -> str:
    """LibreOffice's `soffice` (skipped when absent, failed under CI)."""
    return require("soffice")


def pytest_addoption(parser):
    parser.addoption("--update-goldens", action="store_true",
                     help="rewrite tests/golden/ from the current writers (then review `git diff tests/golden`)")


@pytest.fixture
def update_goldens(request) -> bool:
    return bool(request.config.getoption("--update-goldens"))


# --------------------------------------------------------------------------- the site
# One build of the embedded corpus's site per session, shared by every test module that
# reads or browses it (test_book, test_site_a11y, ...).

def _build(root: Path, work: Path, writers: set[str] | None = None, *, brand: bool | None = None) -> tuple[Path, dict]:
    from build_tools.book.build import build_book
    from build_tools.publish import publish
    pub = work / "publish"
    publish(root, pub, only=writers, with_pdf=False)
    out = work / "html"
    assert build_book(root, pub, out, brand=brand) == 0
    return out, json.loads((pub / "manifest.json").read_text("utf-8"))


@pytest.fixture(scope="session")
def site(tmp_path_factory):
    """The embedded corpus (the repository itself), every writer but PDF."""
    return _build(REPO, tmp_path_factory.mktemp("book"))


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Server:
    def __init__(self, root: Path):
        self.port = _free_port()
        self.proc = subprocess.Popen([sys.executable, "-m", "http.server", str(self.port), "--bind", "127.0.0.1",
                                      "-d", str(root)], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        self.base = f"http://127.0.0.1:{self.port}/"
        for _ in range(100):
            try:
                urllib.request.urlopen(self.base, timeout=1).close()
                return
            except OSError:
                time.sleep(0.05)
        raise RuntimeError("http.server did not start")

    def stop(self):
        self.proc.terminate()
        self.proc.wait(timeout=5)


@pytest.fixture(scope="session")
def server(site):
    s = Server(site[0])
    yield s
    s.stop()




def local_only(base: str, external: list[str]):
    """A Playwright route handler: requests to the local site go through; every other one is
    recorded in `external` and refused, except the optional hypothesis script, answered with
    an empty stub (the network is closed here; the site must work without it)."""
    def route(r):
        url = r.request.url
        if url.startswith(base):
            return r.continue_()
        external.append(url)
        if url.startswith("https://hypothes.is/"):
            return r.fulfill(status=200, content_type="application/javascript", body="/* hypothesis stub */")
        return r.abort()
    return route
