"""One real HTTP server on 127.0.0.1 for the tests that fetch (no mocks)."""
from __future__ import annotations

import threading
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Iterator


class QuietServer(ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request, client_address):  # clients hang up on purpose in some tests
        pass


def start(handler) -> tuple[QuietServer, str]:
    """A running server for ``handler`` on a free port, and its base URL."""
    httpd = QuietServer(("127.0.0.1", 0), handler)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    return httpd, f"http://127.0.0.1:{httpd.server_address[1]}"


def stop(httpd: QuietServer) -> None:
    httpd.shutdown()
    httpd.server_close()


@contextmanager
def serving(handler) -> Iterator[str]:
    """The base URL of a server for ``handler`` while the block runs."""
    httpd, url = start(handler)
    try:
        yield url
    finally:
        stop(httpd)


def reply(handler, status: int, body: bytes, ctype: str, headers=()) -> None:
    """Answer a request of ``handler`` (a BaseHTTPRequestHandler) with ``body`` whole."""
    handler.send_response(status)
    handler.send_header("Content-Type", ctype)
    handler.send_header("Content-Length", str(len(body)))
    for name, value in headers:
        handler.send_header(name, value)
    handler.end_headers()
    handler.wfile.write(body)


class QuietHandler(BaseHTTPRequestHandler):
    """A handler that logs nothing and lets robots go anywhere."""

    def log_message(self, *args):
        pass

    def answered_robots(self) -> bool:
        """Answer /robots.txt (everything allowed); True when that was the request."""
        if self.path != "/robots.txt":
            return False
        reply(self, 200, b"User-agent: *\nAllow: /\n", "text/plain")
        return True
