"""The signature check in docs/integrations.md works on what FieldSignal really sends."""

import re
import time
from pathlib import Path

from backend.alerts.signing import sign

DOC = Path(__file__).resolve().parents[3] / "docs" / "integrations.md"


def test_the_documented_verify_accepts_our_signature_and_refuses_tampering():
    example = next(
        block
        for block in re.findall(r"```python\n(.*?)```", DOC.read_text(), re.S)
        if "def verify" in block
    )
    namespace: dict = {}
    exec(compile(example, str(DOC), "exec"), namespace)  # noqa: S102 - our own doc
    verify = namespace["verify"]
    body, now = b'{"event":"signal.raised","delivery_id":1}', int(time.time())

    assert verify("whsec_a", str(now), body, sign("whsec_a", now, body))
    assert not verify("whsec_b", str(now), body, sign("whsec_a", now, body))
    assert not verify("whsec_a", str(now), body[:-1], sign("whsec_a", now, body))
    assert not verify("whsec_a", str(now - 900), body, sign("whsec_a", now - 900, body))


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
