"""Webhook URLs are checked (SSRF): only http(s), and no loopback, link-local, private,
metadata or other non-public address unless a setting allows it, at subscribe time and again
at delivery time after DNS resolution."""

import socket

import pytest

from backend.alerts.models import WebhookDelivery
from backend.alerts.rule_services import rule_create
from backend.alerts.webhook_urls import WebhookUrlRefused, webhook_target
from backend.alerts.webhooks import deliveries_send_due
from tests.backend.alerts.helpers import evaluate, tagged_note

REFUSED = {
    "metadata": "http://169.254.169.254/latest/meta-data/",
    "metadata-ipv6": "http://[fd00:ec2::254]/",
    "loopback": "http://127.0.0.1:8000/hook",
    "loopback-localhost": "http://localhost:5432/",
    "loopback-decimal": "http://2130706433/",
    "loopback-ipv6": "http://[::1]/",
    "loopback-mapped": "http://[::ffff:127.0.0.1]/",
    "link-local": "http://169.254.10.1/",
    "link-local-ipv6": "http://[fe80::1]/",
    "private-10": "http://10.0.0.5/",
    "private-172": "http://172.16.3.4/",
    "private-192": "http://192.168.1.1/",
    "private-ipv6": "http://[fd12:3456::1]/",
    "shared-cgnat": "http://100.64.0.1/",
    "unspecified": "http://0.0.0.0:80/",
    "multicast": "http://224.0.0.1/",
    "reserved": "http://240.0.0.1/",
}


@pytest.fixture
def nothing_allowed(settings):
    settings.ALERTS_WEBHOOK_ALLOWED_NETWORKS = []


@pytest.mark.parametrize("url", REFUSED.values(), ids=REFUSED.keys())
def test_each_address_class_is_refused(nothing_allowed, url):
    with pytest.raises(WebhookUrlRefused) as refused:
        webhook_target(url)

    assert refused.value.code == "webhook_url_forbidden"


@pytest.mark.parametrize("url", REFUSED.values(), ids=REFUSED.keys())
def test_each_address_class_is_refused_at_subscription(world, api, nothing_allowed, url):
    answer = api("orchestrator").post("/api/v1/webhooks", {"url": url}, format="json")

    assert answer.status_code == 400, answer.content
    # DRF's URLField already refuses some spellings (a decimal host) before the address check.
    assert answer.json()["error"]["code"] in {"webhook_url_forbidden", "invalid_request"}


@pytest.mark.parametrize(
    "url", ["ftp://example.com/x", "file:///etc/passwd", "gopher://example.com/"]
)
def test_only_http_and_https_are_accepted(world, api, url):
    answer = api("orchestrator").post("/api/v1/webhooks", {"url": url}, format="json")

    assert answer.status_code == 400
    assert answer.json()["error"]["code"] in {"webhook_url_scheme", "invalid_request"}


def test_credentials_in_the_url_are_refused(nothing_allowed):
    with pytest.raises(WebhookUrlRefused) as refused:
        webhook_target("https://user:pw@93.184.216.34/hook")
    assert refused.value.code == "webhook_url_invalid"


def test_a_public_address_is_accepted_and_pinned(nothing_allowed, monkeypatch):
    monkeypatch.setattr(
        socket,
        "getaddrinfo",
        lambda host, port, **kw: [
            (socket.AF_INET, socket.SOCK_STREAM, 6, "", ("93.184.216.34", port))
        ],
    )

    target = webhook_target("https://hooks.example.com:8443/in?x=1")

    assert target.url == "https://93.184.216.34:8443/in?x=1"
    assert target.host == "hooks.example.com:8443"


def test_a_host_with_any_private_address_is_refused(nothing_allowed, monkeypatch):
    monkeypatch.setattr(
        socket,
        "getaddrinfo",
        lambda host, port, **kw: [
            (socket.AF_INET, socket.SOCK_STREAM, 6, "", ("93.184.216.34", port)),
            (socket.AF_INET, socket.SOCK_STREAM, 6, "", ("10.1.2.3", port)),
        ],
    )

    with pytest.raises(WebhookUrlRefused):
        webhook_target("https://mixed.example.com/")


def test_the_setting_allows_loopback_for_the_tests_and_the_demo(world, api, settings):
    settings.ALERTS_WEBHOOK_ALLOWED_NETWORKS = ["127.0.0.0/8"]

    answer = api("orchestrator").post(
        "/api/v1/webhooks", {"url": "http://127.0.0.1:9/x"}, format="json"
    )

    assert answer.status_code == 201
    refused = api("orchestrator").post(
        "/api/v1/webhooks", {"url": "http://169.254.169.254/"}, format="json"
    )
    assert refused.status_code == 400


def test_the_check_repeats_at_delivery_after_dns_changed(world, api, monkeypatch, settings):
    # Given a subscription accepted while its host resolved to a public address
    public = [(socket.AF_INET, socket.SOCK_STREAM, 6, "", ("93.184.216.34", 80))]
    internal = [(socket.AF_INET, socket.SOCK_STREAM, 6, "", ("169.254.169.254", 80))]
    answers = {"now": public}
    monkeypatch.setattr(socket, "getaddrinfo", lambda *a, **kw: answers["now"])
    settings.ALERTS_WEBHOOK_ALLOWED_NETWORKS = []
    created = api("orchestrator").post(
        "/api/v1/webhooks", {"url": "http://rebind.example.com/hook"}, format="json"
    )
    assert created.status_code == 201
    rule_create(name="AE", kind="adverse_event")

    # When the name now points at the metadata service and a signal is delivered
    answers["now"] = internal
    evaluate(tagged_note(world.alice, "pt had a rash", labels=("adverse_event",)))
    deliveries_send_due()

    # Then nothing was sent there: the attempt is recorded as refused
    delivery = WebhookDelivery.objects.get()
    assert delivery.status == "pending"
    assert delivery.last_error.startswith("refused:")
    assert delivery.last_status_code is None
