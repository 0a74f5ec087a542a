"""Token issue under a burst: the slow password hash runs without holding a database connection,
so a burst of logins queues on CPU instead of exhausting the pool (503 server_busy)."""

from django.db import connection
from rest_framework.test import APIClient

from backend.accounts import services
from backend.accounts.models import Role
from tests.factories import PASSWORD, UserFactory


def test_the_password_hash_runs_after_the_connection_is_handed_back(db, monkeypatch):
    UserFactory(username="rep1", role=Role.REP)
    order: list[str] = []
    real_check, real_release = services.User.check_password, services._release_connection

    def check(user, raw):
        order.append("hash")
        return real_check(user, raw)

    def release():
        order.append("release")
        real_release()

    monkeypatch.setattr(services.User, "check_password", check)
    monkeypatch.setattr(services, "_release_connection", release)

    answer = APIClient().post(
        "/api/v1/auth/token", {"username": "rep1", "password": PASSWORD}, format="json"
    )

    assert answer.status_code == 200 and answer.json()["token"]
    assert order == ["release", "hash"]


def test_release_outside_a_transaction_closes_the_connection(transactional_db, monkeypatch):
    closed: list[bool] = []
    monkeypatch.setattr(connection, "close", lambda: closed.append(True))

    services._release_connection()

    assert closed == [True]


def test_unknown_user_costs_a_hash_and_answers_invalid_credentials(db, monkeypatch):
    calls: list[str] = []
    monkeypatch.setattr(services, "make_password", lambda raw: calls.append(raw) or "x")

    answer = APIClient().post(
        "/api/v1/auth/token", {"username": "nobody", "password": "guess"}, format="json"
    )

    assert answer.status_code == 400
    assert answer.json()["error"]["code"] == "invalid_credentials"
    assert calls == ["guess"]


def test_inactive_user_gets_no_token(db):
    UserFactory(username="gone", role=Role.REP, is_active=False)

    answer = APIClient().post(
        "/api/v1/auth/token", {"username": "gone", "password": PASSWORD}, format="json"
    )

    assert answer.json()["error"]["code"] == "invalid_credentials"
