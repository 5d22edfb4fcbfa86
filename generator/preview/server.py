"""The preview's web server: loopback only, its own few files only, nothing loaded from elsewhere.

It answers exactly these addresses, and 404 to anything else (no path is ever joined to a
folder, so no path can lead outside):

- ``/``, ``/preview.js``, ``/preview.css``: the page and its script and style (templates/preview/);
- ``/pages/<key>.png``: a page picture the preview drew (looked up by key, never by path);
- ``/status``: JSON, the state of the last build (``/status?wait=N`` waits up to 20 s for a build
  other than N, so the page follows each build at once without asking many times).

Every answer carries a Content-Security-Policy allowing only the server's own script, style and
pictures; requests naming another host (DNS rebinding) are refused.
"""
from __future__ import annotations

import json
import re
import sys
import threading
from dataclasses import asdict
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit

from generator.config import TEMPLATES_DIR
from generator.fmt import whole_number
from generator.preview.build import Build
from generator.preview.pages import PageShelf

HOST = "127.0.0.1"
STATIC = {"/": ("page.html", "text/html; charset=utf-8"),
          "/preview.js": ("preview.js", "text/javascript; charset=utf-8"),
          "/preview.css": ("preview.css", "text/css; charset=utf-8")}
PAGE_PICTURE = re.compile(r"/pages/([0-9a-f]{24})\.png")
POLICY = ("default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self'; connect-src 'self'; "
          "object-src 'none'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'")
LONGEST_WAIT = 20.0


class Shown:
    """The builds as the page sees them: the last one, and the last one with pages."""

    def __init__(self, year: int):
        self.year = year
        self.last: Build | None = None
        self.good: Build | None = None
        self.changed = threading.Condition()

    def publish(self, build: Build) -> None:
        with self.changed:
            self.last = build
            if build.pages is not None:
                self.good = build
            self.changed.notify_all()

    def status(self, after: int | None = None) -> dict:
        """The JSON of ``/status``; with ``after``, once a build other than ``after`` is done."""
        with self.changed:
            if after is not None:
                self.changed.wait_for(lambda: self.last is not None and self.last.number != after,
                                      timeout=LONGEST_WAIT)
            last, good = self.last, self.good
        return {
            "year": self.year,
            "build": last.number if last else 0,
            "seconds": last.seconds if last else None,
            "shown": good.number if good else 0,
            "problems": last.problems if last else [],
            "findings": [asdict(f) for f in (good.findings if good else [])],
            "pages": [{"src": f"/pages/{p.key}.png", "text": p.text, "width": p.width, "height": p.height}
                      for p in (good.pages if good else [])],
        }


def make_server(port: int, shown: Shown, shelf: PageShelf) -> ThreadingHTTPServer:
    """A server on 127.0.0.1:``port`` (0: a free port, see ``server.server_port``), not yet serving."""
    files = {path: ((TEMPLATES_DIR / "preview" / name).read_bytes(), kind) for path, (name, kind) in STATIC.items()}

    class Handler(_Handler):
        pass

    Handler.files, Handler.shown, Handler.shelf = files, shown, shelf
    return _Server((HOST, port), Handler)


class _Server(ThreadingHTTPServer):
    """One thread per request, none kept at exit; a browser that went away is not an error."""
    daemon_threads = True

    def handle_error(self, request, client_address) -> None:
        if not isinstance(sys.exc_info()[1], ConnectionError):     # a closed tab, a reload
            super().handle_error(request, client_address)


class _Handler(BaseHTTPRequestHandler):
    """GET and HEAD of the preview's own addresses; nothing else."""
    files: dict[str, tuple[bytes, str]]
    shown: Shown
    shelf: PageShelf
    server_version = "report-preview"
    sys_version = ""

    def do_GET(self) -> None:
        self._answer(send_body=True)

    def do_HEAD(self) -> None:
        self._answer(send_body=False)

    def _answer(self, send_body: bool) -> None:
        if not self._own_host():
            return self._send(HTTPStatus.FORBIDDEN, b"Only the preview's own address is served.\n",
                              "text/plain; charset=utf-8", send_body)
        url = urlsplit(self.path)
        if url.path in self.files:
            body, kind = self.files[url.path]
            return self._send(HTTPStatus.OK, body, kind, send_body)
        if url.path == "/favicon.ico":         # asked for by every browser; there is none
            return self._send(HTTPStatus.NO_CONTENT, b"", "text/plain; charset=utf-8", send_body)
        if url.path == "/status":
            wait = parse_qs(url.query).get("wait", [""])[0]
            status = self.shown.status(whole_number(wait))
            return self._send(HTTPStatus.OK, json.dumps(status, ensure_ascii=False).encode("utf-8"),
                              "application/json", send_body)
        found = PAGE_PICTURE.fullmatch(url.path)
        picture = self._picture(found.group(1)) if found else None
        if picture is not None:
            return self._send(HTTPStatus.OK, picture, "image/png", send_body, keep=True)
        self._send(HTTPStatus.NOT_FOUND, b"Not found.\n", "text/plain; charset=utf-8", send_body)

    def _picture(self, key: str) -> bytes | None:
        """A page picture's bytes; None if unknown, or forgotten by a build meanwhile."""
        path = self.shelf.path(key)
        try:
            return path.read_bytes() if path is not None else None
        except FileNotFoundError:
            return None

    def _own_host(self) -> bool:
        """The Host header names this server (a page of another site pointed at 127.0.0.1 does not)."""
        port = self.server.server_address[1]
        return self.headers.get("Host", "") in (f"{HOST}:{port}", f"localhost:{port}")

    def _send(self, status: HTTPStatus, body: bytes, kind: str, send_body: bool, keep: bool = False) -> None:
        self.send_response(status)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Content-Security-Policy", POLICY)
        self.send_header("X-Content-Type-Options", "nosniff")
        self.send_header("Referrer-Policy", "no-referrer")
        # a page picture's address names its content: it never changes
        self.send_header("Cache-Control", "private, max-age=86400, immutable" if keep else "no-store")
        self.end_headers()
        if send_body:
            self.wfile.write(body)

    def log_message(self, format: str, *args) -> None:
        """Quiet: the terminal shows the builds, not each request."""
