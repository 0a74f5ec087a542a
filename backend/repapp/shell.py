"""The rep app's shell: the static files the service worker caches, and their version.

The files live in ``shell/`` beside this module and are served under ``/app/`` (not
``/static/``) so that the service worker at ``/app/sw.js`` controls exactly ``/app/``.
"""

import functools
import hashlib
import json
from dataclasses import dataclass
from pathlib import Path

from backend.core.labels import LABEL_TITLES

SHELL_DIR = Path(__file__).resolve().parent / "shell"

CONTENT_TYPES = {
    ".html": "text/html; charset=utf-8",
    ".js": "text/javascript; charset=utf-8",
    ".css": "text/css; charset=utf-8",
    ".webmanifest": "application/manifest+json",
    ".svg": "image/svg+xml",
    ".png": "image/png",
}


@dataclass(frozen=True)
class Shell:
    files: tuple[str, ...]  # paths relative to SHELL_DIR, "/"-separated
    version: str  # changes whenever any file changes: a new service worker, a new cache


def _stamp() -> tuple[tuple[str, int, int], ...]:
    return tuple(
        (p.relative_to(SHELL_DIR).as_posix(), p.stat().st_mtime_ns, p.stat().st_size)
        for p in sorted(SHELL_DIR.rglob("*"))
        if p.is_file() and p.suffix in CONTENT_TYPES
    )


@functools.lru_cache(maxsize=4)
def _shell_for(stamp: tuple[tuple[str, int, int], ...]) -> Shell:
    digest = hashlib.sha256()
    for name, _, _ in stamp:
        digest.update(name.encode())
        digest.update(render(name, (SHELL_DIR / name).read_bytes()))
    return Shell(files=tuple(name for name, _, _ in stamp), version=digest.hexdigest()[:16])


def render(name: str, body: bytes) -> bytes:
    """A shell file as served: ``js/labels.js`` gets the label names of ``backend.core.labels``."""
    if name != "js/labels.js":
        return body
    titles = json.dumps(LABEL_TITLES, indent=2, sort_keys=True)
    return body.replace(b"__LABEL_TITLES__", titles.encode())


def shell() -> Shell:
    """The current shell; re-hashed only when a file's mtime or size changes."""
    return _shell_for(_stamp())
