"""A webhook receiver on 127.0.0.1 for tests and benches: verifies signatures, can be told to
fail, and records what it accepted."""

import json
import threading
from collections.abc import Callable
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

from standardwebhooks import Webhook


class Receiver:
    def __init__(
        self, secret: str = "", *, on_accept: Callable[[dict[str, Any]], None] | None = None
    ):
        self.secret = secret
        self.failing = False
        self.accepted: list[dict[str, Any]] = []
        self.headers: list[dict[str, str]] = []
        self.refused_signatures = 0
        self.calls = 0
        self.on_accept = on_accept
        self._lock = threading.Lock()
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:  # noqa: N802 - http.server's naming
                body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
                status = receiver.handle(body, dict(self.headers.items()))
                self.send_response(status)
                self.end_headers()

            def log_message(self, *args: Any) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/hook"
        self._thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def handle(self, body: bytes, headers: dict[str, str]) -> int:
        with self._lock:
            self.calls += 1
            self.headers.append({k.lower(): v for k, v in headers.items()})
            try:
                # The Standard Webhooks reference library, as an integrator would use it.
                Webhook(self.secret).verify(body, headers)
            except Exception:  # noqa: BLE001 - a wrong, empty or malformed secret refuses too
                self.refused_signatures += 1
                return 401
            if self.failing:
                return 503
            event = json.loads(body)
            self.accepted.append(event)
        if self.on_accept is not None:
            self.on_accept(event)
        return 204

    def __enter__(self) -> "Receiver":
        self._thread.start()
        return self

    def __exit__(self, *exc: Any) -> None:
        self.server.shutdown()
        self.server.server_close()
