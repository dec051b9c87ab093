"""`segur serve`: the live preview, driven as an author would, in Debian's Chromium.

The server runs as a real `segur serve` process on a free port over a copy of the
minimal corpus. The test opens a dispositif page, edits a requirement's text on disk and
waits (no sleep: Playwright's retrying assertions) until the open page shows it without
any reload by the test; then breaks the YAML (the page shows the problem as a banner and
the terminal prints it as file:line) and fixes it (the banner goes away).
"""
from __future__ import annotations

import queue
import re
import shutil
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from .conftest import MINIMAL

DISP = "requirements/Va2/MDV-LGC-Va2.yaml"
PAGE = "book/gen/dispositifs/Va2/MDV-LGC-Va2.html"
OLD = "Le système DOIT remplacer un document en conservant son identifiant."
NEW = "Le système DOIT remplacer un document en conservant son identifiant et sa date de création."


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class ServeProcess:
    """`segur serve` in its own process; its output lines are kept and can be waited for."""

    def __init__(self, root: Path, port: int) -> None:
        self.lines: list[str] = []
        self._new: queue.Queue[str] = queue.Queue()
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "build_tools.cli", "serve", "--root", str(root), "--port", str(port)],
            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, encoding="utf-8")
        threading.Thread(target=self._pump, daemon=True).start()

    def _pump(self) -> None:
        for line in self.proc.stdout:
            self.lines.append(line.rstrip("\n"))
            self._new.put(line)

    def wait_for(self, pattern: str, timeout: float = 300) -> str:
        """The first line (already printed or to come) matching pattern."""
        rx = re.compile(pattern)
        deadline = time.monotonic() + timeout
        seen = 0
        while True:
            for line in self.lines[seen:]:
                if rx.search(line):
                    return line
            seen = len(self.lines)
            left = deadline - time.monotonic()
            if left <= 0 or self.proc.poll() is not None and self._new.empty():
                raise AssertionError(f"no line matching {pattern!r}; output:\n" + "\n".join(self.lines[-40:]))
            try:
                self._new.get(timeout=min(left, 5))
            except queue.Empty:
                pass

    def stop(self) -> None:
        self.proc.terminate()
        try:
            self.proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()


@pytest.fixture
def served(tmp_path):
    root = tmp_path / "corpus"
    shutil.copytree(MINIMAL, root, ignore=shutil.ignore_patterns(".segur-cache"))
    port = _free_port()
    proc = ServeProcess(root, port)
    try:
        proc.wait_for(r"^serve : http://127\.0\.0\.1:\d+/")
        yield root, f"http://127.0.0.1:{port}/", proc
    finally:
        proc.stop()


def test_serve_edit_break_fix(browser, served):
    from playwright.sync_api import expect
    root, base, proc = served
    external: list[str] = []
    errors: list[str] = []
    page = browser.new_page()
    page.on("pageerror", lambda e: errors.append(str(e)))

    def route(r):
        if r.request.url.startswith(base):
            return r.continue_()
        external.append(r.request.url)
        if r.request.url.startswith("https://hypothes.is/"):
            return r.fulfill(status=200, content_type="application/javascript", body="/* stub */")
        return r.abort()
    page.route("**/*", route)
    page.goto(base + PAGE)
    expect(page.locator("p.segur-enonce", has_text=OLD).first).to_be_visible()
    assert "date de création" not in page.content()

    # 1. an edit on disk reaches the open page, with no reload by the test
    f = root / DISP
    text = f.read_text("utf-8")
    assert text.count(OLD) == 1
    f.write_text(text.replace(OLD, NEW), "utf-8")
    expect(page.locator("p.segur-enonce", has_text="date de création")).to_have_count(1, timeout=240_000)
    expect(page.locator("#segur-live-problems")).to_have_count(0)

    # 2. broken YAML: the page keeps its last version and shows the problem as a banner;
    #    the terminal prints it as file:line
    broken = f.read_text("utf-8").replace("    statut: Modifiée\n", "    statut: [Modifiée\n", 1)
    f.write_text(broken, "utf-8")
    banner = page.locator("#segur-live-problems")
    expect(banner).to_be_visible(timeout=240_000)
    expect(banner).to_contain_text(re.compile(re.escape(DISP) + r":\d+: "))
    line = proc.wait_for(re.escape(DISP) + r":\d+: [A-Z]")
    assert re.match(re.escape(DISP) + r":\d+: ", line), line
    expect(page.locator("p.segur-enonce", has_text="date de création")).to_have_count(1)

    # 3. fixed: the banner goes away
    f.write_text(broken.replace("    statut: [Modifiée\n", "    statut: Modifiée\n", 1), "utf-8")
    expect(banner).to_have_count(0, timeout=240_000)
    proc.wait_for(re.escape(DISP) + r":\d+: .* corrigé")
    page.close()
    assert not errors, errors
    assert all(u.startswith("https://hypothes.is/") for u in external), external


def test_serve_listens_on_loopback_only(tmp_path):
    from build_tools.preview import server
    state = server.LiveState()
    httpd = server.start(tmp_path, 0, state)
    try:
        assert httpd.server_address[0] == "127.0.0.1"
    finally:
        state.close()
        httpd.shutdown()
        httpd.server_close()
