"""Serve the rep app's shell under /app/. Thin: the app itself is JavaScript in ``shell/``."""

import json

from django.http import Http404, HttpRequest, HttpResponse

from backend.repapp.shell import CONTENT_TYPES, SHELL_DIR, render, shell

# The app talks only to its own origin; nothing is loaded from anywhere else.
CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "connect-src 'self'; manifest-src 'self'; worker-src 'self'; base-uri 'none'; "
    "form-action 'none'; frame-ancestors 'none'"
)


def _response(body: bytes, name: str) -> HttpResponse:
    suffix = "." + name.rsplit(".", 1)[-1]
    response = HttpResponse(body, content_type=CONTENT_TYPES[suffix])
    # The service worker is the cache; the browser's HTTP cache must not hold an old shell.
    response["Cache-Control"] = "no-cache"
    response["Content-Security-Policy"] = CSP
    response["X-Content-Type-Options"] = "nosniff"
    return response


def app_index(request: HttpRequest) -> HttpResponse:
    return _response((SHELL_DIR / "index.html").read_bytes(), "index.html")


def service_worker(request: HttpRequest) -> HttpResponse:
    """sw.js with the shell's file list and version filled in: any change to the shell makes a
    new worker, which caches the new files and drops the old cache."""
    current = shell()
    files = ["./", *(f for f in current.files if f not in ("sw.js", "index.html"))]
    body = (SHELL_DIR / "sw.js").read_text()
    body = body.replace("__SHELL_VERSION__", current.version).replace(
        "__SHELL_FILES__", json.dumps(files)
    )
    return _response(body.encode(), "sw.js")


def shell_file(request: HttpRequest, name: str) -> HttpResponse:
    # Only the files listed in the shell are served: no path is ever joined from the URL.
    if name not in shell().files or name == "index.html":
        raise Http404(name)
    return _response(render(name, (SHELL_DIR / name).read_bytes()), name)
