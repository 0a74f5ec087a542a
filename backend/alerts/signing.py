"""Webhook signatures: HMAC-SHA256 over ``"<timestamp>.<body>"`` with the subscription's secret.

Receivers recompute it and refuse old timestamps, which stops both forgery and replay. The same
function is the working example in docs/integrations.md.
"""

import hashlib
import hmac
import secrets
import time

SIGNATURE_HEADER = "X-FieldSignal-Signature"
TIMESTAMP_HEADER = "X-FieldSignal-Timestamp"
SCHEME = "v1"


def secret_new() -> str:
    return "whsec_" + secrets.token_urlsafe(32)


def sign(secret: str, timestamp: int, body: bytes) -> str:
    """The signature header value for a body sent at ``timestamp`` (Unix seconds)."""
    mac = hmac.new(secret.encode(), f"{timestamp}.".encode() + body, hashlib.sha256)
    return f"{SCHEME}={mac.hexdigest()}"


def verify(
    secret: str,
    timestamp: str,
    body: bytes,
    signature: str,
    *,
    tolerance: int = 300,
    now: float | None = None,
) -> bool:
    """True when ``signature`` is ours for this body and the timestamp is recent."""
    try:
        sent = int(timestamp)
    except (TypeError, ValueError):
        return False
    if abs((time.time() if now is None else now) - sent) > tolerance:
        return False
    expected = sign(secret, sent, body)
    # Several comma-separated signatures are allowed while a secret is being rotated.
    return any(hmac.compare_digest(expected, part.strip()) for part in signature.split(","))
