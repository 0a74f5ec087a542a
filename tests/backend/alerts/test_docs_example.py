"""The signature check in docs/integrations.md works on what FieldSignal really sends."""

import datetime as dt
import re
from pathlib import Path

from django.utils import timezone

from backend.alerts.signing import secret_new, signed_headers

DOC = Path(__file__).resolve().parents[3] / "docs" / "integrations.md"


def test_the_documented_verify_accepts_our_signature_and_refuses_tampering():
    example = next(
        block
        for block in re.findall(r"```python\n(.*?)```", DOC.read_text(), re.S)
        if "def verified_event" in block
    )
    namespace: dict = {}
    exec(compile(example, str(DOC), "exec"), namespace)  # noqa: S102 - our own doc
    verified_event = namespace["verified_event"]
    secret, other = secret_new(), secret_new()
    body, now = b'{"event":"signal.raised","delivery_id":1}', timezone.now()
    headers = signed_headers(secret=secret, msg_id="msg_fieldsignal_1", body=body, at=now)
    stale = signed_headers(
        secret=secret, msg_id="msg_fieldsignal_1", body=body, at=now - dt.timedelta(minutes=15)
    )

    assert verified_event(secret, body, headers) == {"event": "signal.raised", "delivery_id": 1}
    assert verified_event(other, body, headers) is None
    assert verified_event(secret, body[:-1] + b" }", headers) is None
    assert verified_event(secret, body, stale) is None


def test_the_documented_consumer_applies_each_revision_once_in_any_order():
    example = next(
        block
        for block in re.findall(r"```python\n(.*?)```", DOC.read_text(), re.S)
        if "def apply_signal" in block
    )
    namespace: dict = {}
    exec(compile(example, str(DOC), "exec"), namespace)  # noqa: S102 - our own doc
    apply_signal = namespace["apply_signal"]
    store: dict = {}
    raised = {"id": "s1", "revision": 1, "count": 2, "event": "signal.raised"}
    updated = {"id": "s1", "revision": 2, "count": 3, "event": "signal.updated"}

    assert apply_signal(store, raised)
    assert apply_signal(store, updated)
    assert not apply_signal(store, raised)  # a late webhook of the older revision
    assert not apply_signal(store, updated)  # the same revision from the feed
    assert store["s1"]["count"] == 3
