"""The preview's HTTP side: the built site on 127.0.0.1 only, a live script injected into
every HTML page, and one Server-Sent Events stream that tells open pages the site's
generation (a rebuild reloads them) and the problems to show (a banner, no reload).

Standard library only: `ThreadingHTTPServer` + `SimpleHTTPRequestHandler`; the script is
`live.js` beside this file.
"""
from __future__ import annotations

import json
import threading
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

HOST = "127.0.0.1"             # never another interface: the preview shows unpublished drafts
LIVE_JS = (Path(__file__).with_name("live.js")).read_bytes()
HEARTBEAT_S = 15.0


class LiveState:
    """What the open pages must know; `publish()` wakes every event stream."""

    def __init__(self) -> None:
        self._cond = threading.Condition()
        self.generation = 0          # bumped after each successful site build
        self.problems: list[dict] = []
        self.built = True            # False while the shown site is older than the files
        self.closed = False

    def publish(self, *, rebuilt: bool, problems: list[dict], built: bool) -> None:
        with self._cond:
            if rebuilt:
                self.generation += 1
            self.problems, self.built = problems, built
            self._cond.notify_all()

    def _data(self) -> bytes:
        return json.dumps({"generation": self.generation, "problems": self.problems, "built": self.built},
                          ensure_ascii=False).encode("utf-8")

    def snapshot(self) -> tuple[int, bytes]:
        with self._cond:
            return self.generation, self._data()

    def wait_change(self, seen: bytes, timeout: float) -> bytes | None:
        """The new state once it differs from `seen` (None after `timeout` or on close)."""
        with self._cond:
            self._cond.wait_for(lambda: self.closed or self._data() != seen, timeout)
            now = self._data()
            return None if now == seen else now

    def close(self) -> None:
        with self._cond:
            self.closed = True
            self._cond.notify_all()


class _Handler(SimpleHTTPRequestHandler):
    state: LiveState

    def log_message(self, format, *args):  # noqa: A002  (the terminal shows build news only)
        pass

    def do_GET(self):  # noqa: N802
        path = self.path.split("?", 1)[0]
        if path == "/_segur/live.js":
            return self._send(200, "application/javascript; charset=utf-8", LIVE_JS)
        if path == "/_segur/events":
            return self._events()
        if path.endswith("/") or path.endswith(".html"):
            return self._html(path)
        return super().do_GET()

    def _send(self, code: int, ctype: str, body: bytes) -> None:
        self.send_response(code)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", "no-store")
        self.end_headers()
        self.wfile.write(body)

    def _html(self, path: str) -> None:
        file = Path(self.translate_path(path))
        if file.is_dir():
            file = file / "index.html"
        if not file.is_file():
            return super().do_GET()
        generation, _ = self.state.snapshot()
        tag = f'<script src="/_segur/live.js" data-generation="{generation}"></script>'.encode()
        body = file.read_bytes()
        at = body.rfind(b"</body>")
        body = body[:at] + tag + body[at:] if at >= 0 else body + tag
        self._send(200, "text/html; charset=utf-8", body)

    def _events(self) -> None:
        self.send_response(200)
        self.send_header("Content-Type", "text/event-stream")
        self.send_header("Cache-Control", "no-store")
        self.end_headers()
        _, data = self.state.snapshot()
        try:
            while True:
                self.wfile.write(b"event: state\ndata: " + data + b"\n\n")
                self.wfile.flush()
                while True:
                    new = self.state.wait_change(data, HEARTBEAT_S)
                    if self.state.closed:
                        return
                    if new is not None:
                        data = new
                        break
                    self.wfile.write(b": heartbeat\n\n")
                    self.wfile.flush()
        except (BrokenPipeError, ConnectionResetError):
            return


def start(site: Path, port: int, state: LiveState) -> ThreadingHTTPServer:
    """Serve `site` on 127.0.0.1:port in a daemon thread (port 0: any free port)."""
    handler = type("Handler", (_Handler,), {"state": state})
    httpd = ThreadingHTTPServer((HOST, port), partial(handler, directory=str(site)))
    httpd.daemon_threads = True
    threading.Thread(target=httpd.serve_forever, name="segur-serve-http", daemon=True).start()
    return httpd
