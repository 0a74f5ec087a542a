"""Token login."""

from tests.factories import PASSWORD


def test_token_for_valid_credentials_and_it_authenticates(world, api):
    response = api(None).post(
        "/api/v1/auth/token", {"username": "alice", "password": PASSWORD}, format="json"
    )

    assert response.status_code == 200
    token = response.json()["token"]
    assert response.json()["user"] == {"username": "alice", "role": "rep", "territory": "N"}
    client = api(None)
    client.credentials(HTTP_AUTHORIZATION=f"Token {token}")
    assert client.get("/api/v1/me").json()["username"] == "alice"


def test_wrong_password_is_refused_with_a_stable_code(world, api):
    response = api(None).post(
        "/api/v1/auth/token", {"username": "alice", "password": "nope"}, format="json"
    )

    assert response.status_code == 400
    assert response.json()["error"]["code"] == "invalid_credentials"


def test_missing_fields_are_a_validation_error_not_a_500(world, api):
    response = api(None).post("/api/v1/auth/token", {"username": "alice"}, format="json")

    assert response.status_code == 400
    assert response.json()["error"]["code"] == "invalid_request"
    assert "password" in response.json()["error"]["details"]["fields"]


def test_a_bad_token_is_401(world, api):
    client = api(None)
    client.credentials(HTTP_AUTHORIZATION="Token not-a-real-token")
    response = client.get("/api/v1/me")
    assert (response.status_code, response.json()["error"]["code"]) == (
        401,
        "authentication_failed",
    )


def test_demo_users_all_get_tokens(db, api):
    from django.core.management import call_command

    call_command("seed_demo")
    for username in ["rep1", "rep2", "analyst1", "orchestrator1", "admin"]:
        response = api(None).post(
            "/api/v1/auth/token",
            {"username": username, "password": "fieldsignal-demo"},
            format="json",
        )
        assert response.status_code == 200, username
