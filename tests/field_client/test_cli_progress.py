"""The sync progress bar: drawn on a rep's terminal when a sync takes more than a moment, never
in `--json` output or when stderr is not a terminal (scripts, logs)."""

from __future__ import annotations

import io
import json
import sys

import pytest
from rich.console import Console

from field_client import cli_render
from tests.field_client.test_cli import Cli, _log, _login


@pytest.fixture
def terminal(monkeypatch: pytest.MonkeyPatch) -> io.StringIO:
    """stderr is a terminal 100 columns wide; returns what was drawn on it."""
    screen = io.StringIO()
    console = Console(file=screen, force_terminal=True, width=100, highlight=False)
    monkeypatch.setattr(cli_render, "err_console", console)
    # Whatever object stands for stderr when the command runs (pytest swaps it) is a terminal.
    monkeypatch.setattr(type(sys.stderr), "isatty", lambda self: True)
    return screen


def _notes_waiting(cli: Cli, monkeypatch: pytest.MonkeyPatch, count: int) -> None:
    """Logged in with ``count`` notes to send, and every sync from now on counts as slow.

    The delay is zeroed only after the login, whose own sync must not draw a bar."""
    _login(cli)
    for i in range(count):
        _log(cli, f"note {i}")
    monkeypatch.setattr(cli_render.SyncProgress, "DELAY_S", 0.0)


def test_a_slow_sync_draws_a_bar_with_the_count_of_changes_sent(
    cli: Cli, terminal: io.StringIO, monkeypatch: pytest.MonkeyPatch
) -> None:
    _notes_waiting(cli, monkeypatch, 30)

    code, _, _ = cli("sync")

    drawn = terminal.getvalue()
    assert code == 0
    assert "Sending changes" in drawn
    assert "30/30" in drawn


def test_json_output_never_has_a_bar(
    cli: Cli, terminal: io.StringIO, monkeypatch: pytest.MonkeyPatch
) -> None:
    _notes_waiting(cli, monkeypatch, 1)

    code, out, _ = cli("sync", "--json")

    assert code == 0 and json.loads(out)["pushed"] == 1
    assert "Sending changes" not in terminal.getvalue()


def test_no_bar_when_stderr_is_not_a_terminal(
    cli: Cli, terminal: io.StringIO, monkeypatch: pytest.MonkeyPatch
) -> None:
    _notes_waiting(cli, monkeypatch, 1)
    monkeypatch.setattr(type(sys.stderr), "isatty", lambda self: False)

    assert cli("sync")[0] == 0
    assert "Sending changes" not in terminal.getvalue()
