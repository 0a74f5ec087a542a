"""The house rules of issue 15: one cursor codec, domain errors without HTTP, imports one way."""

import ast
import base64
import json
from pathlib import Path

import pytest

from backend.core.cursors import cursor_decode, cursor_encode
from backend.core.errors import DomainError, status_for

BACKEND = Path(__file__).resolve().parents[3] / "backend"


def _token(raw: object) -> str:
    return base64.urlsafe_b64encode(json.dumps(raw).encode()).decode().rstrip("=")


BAD = [
    "garbage!!",
    _token([1]),
    _token("x"),
    _token(None),
    _token({"v": 1, "t": True, "s": 1, "sc": "a"}),
    _token({"v": 1, "t": 1.5, "s": 1, "sc": "a"}),
    _token({"v": 1, "t": 2**63, "s": 1, "sc": "a"}),
    _token({"v": 2, "t": 1, "s": 1, "sc": "a"}),
    '{"v":1,"t":1e400}',
    "A" * 5000,
]


def test_one_codec_round_trips_and_refuses_anything_it_did_not_issue():
    token = cursor_encode({"t": 7, "s": 9, "sc": "abc"})
    assert cursor_decode(token, ints=("t", "s"), texts=("sc",))["t"] == 7
    for bad in BAD:
        with pytest.raises(DomainError) as caught:
            cursor_decode(bad, ints=("t", "s"), texts=("sc",))
        assert caught.value.code == "invalid_cursor"


@pytest.mark.parametrize("path", ["/api/v1/sync/pull", "/api/v1/signals"])
def test_sync_and_signal_feed_answer_400_invalid_cursor_to_every_bad_cursor(world, api, path):
    client = api("orchestrator" if "signals" in path else "alice")
    for bad in BAD:
        answer = client.get(path, {"cursor": bad})
        assert answer.status_code == 400, (bad, answer.status_code)
        assert answer.json()["error"]["code"] == "invalid_cursor"


def test_domain_errors_know_no_http_and_one_map_gives_the_status():
    error = DomainError("mutation_gap", "gap", details={"expected": 3})
    assert not hasattr(error, "status_code")
    assert (status_for("mutation_gap"), status_for("not_found"), status_for("whatever")) == (
        409,
        404,
        400,
    )


def _imports(path: Path) -> set[str]:
    found = set()
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.ImportFrom) and node.module:
            found.add(node.module)
        elif isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
    return found


def test_alerts_never_imports_sync_and_services_never_raise_http_errors():
    for path in (BACKEND / "alerts").rglob("*.py"):
        assert not any(m.startswith("backend.sync") for m in _imports(path)), path
    for path in BACKEND.rglob("*.py"):
        text = path.read_text()
        assert "ApiError" not in text, path
        if path.name in {"services.py", "signal_services.py", "rule_services.py"}:
            assert "rest_framework" not in text, path
