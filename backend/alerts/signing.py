"""Webhook signatures as the Standard Webhooks specification defines them.

Each delivery carries ``webhook-id`` (the same on every retry), ``webhook-timestamp`` (Unix
seconds) and ``webhook-signature: v1,<base64 HMAC-SHA256 of "<id>.<timestamp>.<body>">``, keyed
with the bytes of the subscription's ``whsec_<base64>`` secret. Receivers verify with any
Standard Webhooks library (``standardwebhooks.Webhook(secret).verify(body, headers)``), which
also refuses timestamps more than five minutes away: no forgery, no replay.
"""

import base64
import datetime as dt
import secrets

from standardwebhooks import Webhook

ID_HEADER = "webhook-id"
TIMESTAMP_HEADER = "webhook-timestamp"
SIGNATURE_HEADER = "webhook-signature"
_SECRET_BYTES = 24  # 192-bit keys, within the 24-64 bytes the specification asks for


def secret_new() -> str:
    """A new signing secret: ``whsec_`` and standard base64 of random bytes."""
    return "whsec_" + base64.b64encode(secrets.token_bytes(_SECRET_BYTES)).decode()


def message_id(delivery_id: int) -> str:
    """The ``webhook-id`` of a delivery: stable across retries, so receivers dedupe on it."""
    return f"msg_fieldsignal_{delivery_id}"


def signed_headers(*, secret: str, msg_id: str, body: bytes, at: dt.datetime) -> dict[str, str]:
    """The three Standard Webhooks headers for ``body`` sent at ``at``."""
    return {
        ID_HEADER: msg_id,
        TIMESTAMP_HEADER: str(int(at.timestamp())),
        SIGNATURE_HEADER: Webhook(secret).sign(msg_id=msg_id, timestamp=at, data=body),
    }
