"""Where a webhook may point: only http(s) to public addresses (no SSRF into our own network).

Refused unless ``ALERTS_WEBHOOK_ALLOWED_NETWORKS`` lists them: loopback, link-local, private,
shared (CGNAT), unspecified, multicast and reserved addresses, and the cloud metadata
endpoints. The check runs when a subscription is made and again before every delivery, on the
addresses the host resolves to then (DNS can change after the subscription was accepted); the
delivery connects to the address that was checked, so a second lookup cannot swap it.
"""

import ipaddress
import socket
from dataclasses import dataclass
from urllib.parse import urlsplit, urlunsplit

from django.conf import settings

from backend.core.errors import DomainError

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address

# Metadata services answer on these (AWS/GCP/Azure/OpenStack, AWS IPv6, Alibaba, Oracle).
METADATA = frozenset(
    ipaddress.ip_address(a)
    for a in ("169.254.169.254", "fd00:ec2::254", "100.100.100.200", "192.0.0.192")
)
_SHARED = ipaddress.ip_network("100.64.0.0/10")


class WebhookUrlRefused(DomainError):
    """A URL a webhook may not target (``webhook_url_*``, answered 400)."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(code, message, details={"field": "url"})


@dataclass(frozen=True)
class WebhookTarget:
    """A checked destination: connect to ``url`` (host replaced by the checked address) and
    send ``host`` as the Host header and TLS server name."""

    url: str
    host: str
    address: IPAddress


def _allowed_networks() -> list[ipaddress.IPv4Network | ipaddress.IPv6Network]:
    raw = getattr(settings, "ALERTS_WEBHOOK_ALLOWED_NETWORKS", [])
    return [ipaddress.ip_network(n, strict=False) for n in raw]


def address_class(address: IPAddress) -> str | None:
    """Why this address is refused (``metadata``, ``loopback``, ...), or None if public."""
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped is not None:
        address = address.ipv4_mapped
    if address in METADATA:
        return "metadata"
    if address.is_loopback:
        return "loopback"
    if address.is_link_local:
        return "link_local"
    if address.is_unspecified:
        return "unspecified"
    if address.is_multicast:
        return "multicast"
    if isinstance(address, ipaddress.IPv4Address) and address in _SHARED:
        return "private"
    if address.is_private:
        return "private"
    if address.is_reserved or not address.is_global:
        return "reserved"
    return None


def check_address(address: IPAddress) -> None:
    refused = address_class(address)
    if refused is None or any(address in net for net in _allowed_networks()):
        return
    raise WebhookUrlRefused(
        "webhook_url_forbidden",
        f"Webhooks may not target {refused.replace('_', '-')} addresses ({address}).",
    )


def _resolve(host: str, port: int) -> list[IPAddress]:
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except (socket.gaierror, UnicodeError) as exc:
        raise WebhookUrlRefused("webhook_url_unresolvable", f"{host} does not resolve.") from exc
    return list(
        dict.fromkeys(ipaddress.ip_address(str(info[4][0]).split("%")[0]) for info in infos)
    )


def webhook_target(url: str) -> WebhookTarget:
    """Check ``url`` and resolve it now; ``WebhookUrlRefused`` if it may not be a target."""
    try:
        parts = urlsplit(url)
        port = parts.port or (443 if parts.scheme == "https" else 80)
    except ValueError as exc:
        raise WebhookUrlRefused("webhook_url_invalid", "The URL is not valid.") from exc
    if parts.scheme not in ("http", "https"):
        raise WebhookUrlRefused("webhook_url_scheme", "Webhook URLs must be http or https.")
    host = parts.hostname
    if not host:
        raise WebhookUrlRefused("webhook_url_invalid", "The URL has no host.")
    if parts.username or parts.password:
        raise WebhookUrlRefused("webhook_url_invalid", "Credentials do not belong in the URL.")
    addresses = _resolve(host, port)
    if not addresses:
        raise WebhookUrlRefused("webhook_url_unresolvable", f"{host} does not resolve.")
    for address in addresses:  # every address: a host must not mix public and private ones
        check_address(address)
    chosen = addresses[0]
    literal = f"[{chosen}]" if chosen.version == 6 else str(chosen)
    netloc = f"{literal}:{parts.port}" if parts.port else literal
    pinned = urlunsplit((parts.scheme, netloc, parts.path, parts.query, ""))
    return WebhookTarget(url=pinned, host=parts.netloc.rsplit("@", 1)[-1], address=chosen)
