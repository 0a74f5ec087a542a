"""The `field-client` command line: one-line errors with distinct exit codes, and --json output."""

from __future__ import annotations

import json
from collections.abc import Callable

import pytest

from field_client import cli_commands, cli_prompts, errors
from field_client.cli import main
from tests.field_client.fake_server import FakeServer

Cli = Callable[..., tuple[int, str, str]]


def _login(cli: Cli) -> None:
    code, out, _ = cli(
        "login", "--server", "http://fake.test", "--username", "rep1", "--password", "pw1"
    )
    assert code == 0 and "Logged in as rep1" in out
    assert cli("sync")[0] == 0  # fetches the HCPs and catalog that `log` resolves names against


def _log(cli: Cli, note: str, hcp: str = "X-1") -> str:
    code, out, err = cli("log", "--hcp", hcp, "--note", note, "--json")
    assert code == 0, err
    return str(json.loads(out)["id"])


def _one_line_error(err: str) -> str:
    lines = err.strip().splitlines()
    assert len(lines) == 1 and "Traceback" not in err
    return lines[0]


def test_bad_password_is_one_line_and_exit_code_auth(cli: Cli) -> None:
    code, _, err = cli(
        "login", "--server", "http://fake.test", "--username", "rep1", "--password", "bad"
    )

    assert code == errors.EXIT_AUTH
    assert "wrong username or password" in _one_line_error(err)


def test_sync_before_login_says_how_to_log_in(cli: Cli) -> None:
    code, _, err = cli("sync")

    assert code == errors.EXIT_AUTH
    assert "field-client login" in _one_line_error(err)


def test_offline_capture_then_sync_when_the_server_is_back(cli: Cli, fake: FakeServer) -> None:
    _login(cli)
    note_id = _log(cli, "logged on the train")
    fake.faults = ["connect"] * 3

    code, _, err = cli("sync")

    assert code == errors.EXIT_OFFLINE
    assert "cannot reach the server" in _one_line_error(err)
    status = json.loads(cli("status", "--json")[1])
    assert status["pending"] == 1 and "server_unreachable" in status["last_sync_error"]

    code, out, _ = cli("sync", "--json")
    assert code == 0 and json.loads(out)["outcomes"] == {"applied": 1}
    assert [o.id for o in fake.notes_of("rep1")] == [note_id]
    assert json.loads(cli("status", "--json")[1])["pending"] == 0


def test_an_expired_token_asks_to_log_in_again(cli: Cli, fake: FakeServer) -> None:
    _login(cli)
    fake.tokens.clear()

    code, _, err = cli("sync")

    assert code == errors.EXIT_AUTH
    assert "login" in _one_line_error(err)


def test_list_status_and_sync_json_parse(cli: Cli) -> None:
    _login(cli)
    note_id = _log(cli, "asked for the dosing card")

    sync_out = json.loads(cli("sync", "--json")[1])
    listed = json.loads(cli("list", "--json")[1])
    status = json.loads(cli("status", "--json")[1])

    assert sync_out["pushed"] == 1 and sync_out["pending"] == 0
    assert [(n["id"], n["sync_state"], n["hcp_name"]) for n in listed] == [
        (note_id, "synced", "Dr. Test 1")
    ]
    assert status["pending"] == 0 and status["username"] == "rep1"


def test_log_without_an_hcp_and_no_prompts_is_a_usage_error(cli: Cli) -> None:
    code, _, err = cli("log", "--note", "x")

    assert code == errors.EXIT_USAGE
    assert "--hcp" in _one_line_error(err)


def test_a_rejected_note_shows_in_status_and_show(cli: Cli) -> None:
    _login(cli)
    note_id = _log(cli, "x" * 10_001)

    code, out, _ = cli("sync")
    assert code == 0 and "Rejected" in out

    code, out, _ = cli("status")
    assert "Rejected changes: 1" in out and "note is too long" in out
    code, out, _ = cli("show", note_id[:8])
    assert "rejected" in out and "note is too long" in out
    assert json.loads(cli("show", note_id, "--json")[1])["sync_state"] == "rejected"


def test_conflicts_are_listed_and_resolved_from_the_cli(cli: Cli, fake: FakeServer) -> None:
    _login(cli)
    note_id = _log(cli, "original")
    cli("sync")
    obs = fake.observations[note_id]
    obs.data["note"] = "changed at HQ"
    fake._bump(obs)
    cli("edit", note_id, "--note", "changed on the device")
    cli("sync")

    code, out, _ = cli("conflicts", "--json")
    [conflict] = json.loads(out)
    assert conflict["fields"]["note"] == {
        "server": "changed at HQ",
        "device": "changed on the device",
    }

    code, _, _ = cli("conflicts", conflict["id"], "--keep", "mine")
    assert code == 0
    cli("sync")
    assert fake.observations[note_id].data["note"] == "changed on the device"
    assert json.loads(cli("conflicts", "--json")[1]) == []


def test_unknown_note_is_not_found(cli: Cli) -> None:
    code, _, err = cli("show", "abcdef")

    assert code == errors.EXIT_NOT_FOUND
    assert "no note" in _one_line_error(err)


def test_alerts_show_what_became_of_my_notes(cli: Cli, fake: FakeServer) -> None:
    _login(cli)
    note_id = _log(cli, "rep heard the card is outdated")
    cli("sync")
    fake.add_server_record(
        "rep1",
        "tags",
        note_id,
        {
            "observation": note_id,
            "labels": [{"label": "stale_content", "confidence": 0.91, "source": "model"}],
        },
    )
    fake.add_server_record(
        "rep1",
        "alert",
        "al-1",
        {
            "type": "stale_content",
            "severity": "high",
            "title": "Outdated dosing card in use",
            "message": "CDV-DOS v3 shown after supersession",
            "observations": [note_id],
            "created_at": "2025-03-14T10:00:00Z",
            "status": "open",
        },
    )
    cli("sync")

    feed = json.loads(cli("alerts", "--json")[1])
    code, out, _ = cli("alerts")

    assert [a["title"] for a in feed["alerts"]] == ["Outdated dosing card in use"]
    assert [(n["id"], n["labels"]) for n in feed["tagged_notes"]] == [(note_id, ["stale_content"])]
    assert code == 0 and "Outdated dosing card in use" in out and "stale_content" in out
    shown = json.loads(cli("show", note_id, "--json")[1])
    assert shown["labels"] == ["stale_content"] and shown["alerts"][0]["id"] == "al-1"


def test_another_user_cannot_log_in_over_unsent_notes(cli: Cli) -> None:
    _login(cli)
    _log(cli, "not yet synced")

    code, _, err = cli(
        "login", "--server", "http://fake.test", "--username", "rep2", "--password", "pw2"
    )

    assert code == errors.EXIT_USAGE
    assert "not synced yet" in _one_line_error(err)
    assert json.loads(cli("status", "--json")[1])["username"] == "rep1"


def test_missing_fields_are_asked_for_with_pickers(
    cli: Cli, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    _login(cli)
    answers = iter(["Test 2", "1", "1", "phone", "yesterday", "wants samples"])
    monkeypatch.setattr(cli_prompts.Prompt, "ask", lambda *a, **k: next(answers))
    monkeypatch.setattr(cli_commands, "_interactive", lambda args: True)

    code = main(["log", "--json"])

    note = json.loads(capsys.readouterr().out)
    assert code == 0
    assert (note["hcp"], note["products"], note["channel"], note["note"]) == (
        "h2",
        ["p1"],
        "phone",
        "wants samples",
    )
    assert note["content_shown"] == [{"asset": "CDV-DOS", "version": "4"}]
