"""The browser tests' server: daphne on the given port, with the fake tagger plugged in.

    python tests/browser/server.py PORT

Settings come from the environment the fixture prepares (a fresh SQLite file).
"""

import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "backend.settings")

import django  # noqa: E402

django.setup()

from backend.tagging import tagger, tasks  # noqa: E402
from tests.browser.fake_tagger import FakeTagger  # noqa: E402

_tagger = FakeTagger()
tagger.get_tagger = lambda: _tagger  # type: ignore[assignment]
tasks.get_tagger = lambda: _tagger  # type: ignore[assignment]

if __name__ == "__main__":
    from daphne.cli import CommandLineInterface

    CommandLineInterface().run(["-b", "127.0.0.1", "-p", sys.argv[1], "backend.asgi:application"])
