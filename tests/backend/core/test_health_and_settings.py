"""Health endpoint, API schema, and settings that fail loudly."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[3]


def test_healthz_reports_database_channel_layer_and_broker(db, client):
    response = client.get("/healthz")
    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "ok"
    assert {"database", "channel_layer", "broker"} <= set(body["checks"])
    assert all(check["ok"] for check in body["checks"].values())


def test_openapi_schema_and_docs_are_served_without_a_cdn(db, client):
    schema = client.get("/api/schema/")
    assert schema.status_code == 200 and b"/api/v1/sync/push" in schema.content
    docs = client.get("/api/docs/")
    assert docs.status_code == 200
    assert b"cdn." not in docs.content and b"unpkg" not in docs.content


def _settings_with(
    env: dict[str, str], probe: str = "settings.DATABASES"
) -> subprocess.CompletedProcess[str]:
    full = {
        k: v
        for k, v in os.environ.items()
        if k not in {"DATABASE_URL", "REDIS_URL", "SECRET_KEY", "DEBUG"}
    }
    full.update(env)
    return subprocess.run(
        [
            sys.executable,
            "-c",
            "import django, os; os.environ['DJANGO_SETTINGS_MODULE']='backend.settings'; "
            f"from django.conf import settings; {probe}",
        ],
        cwd=ROOT,
        env=full,
        capture_output=True,
        text=True,
        timeout=60,
    )


@pytest.mark.parametrize(
    ("env", "message"),
    [
        ({"DEBUG": "maybe"}, "DEBUG='maybe' is not a boolean"),
        ({"SYNC_MAX_BATCH": "lots"}, "SYNC_MAX_BATCH='lots' is not an integer"),
        ({"DATABASE_URL": "mysql://x/y"}, "is not supported"),
        ({"DATABASE_URL": "postgres://root@127.0.0.1/x"}, "SECRET_KEY must be set"),
        ({"DB_POOL_SIZE": "-1"}, "DB_POOL_SIZE"),
        ({"DB_POOL_MAX_OVERFLOW": "some"}, "DB_POOL_MAX_OVERFLOW='some' is not an integer"),
    ],
)
def test_bad_environment_fails_loudly_at_start(env, message):
    result = _settings_with(env)
    assert result.returncode != 0
    assert message in result.stderr


def test_secret_key_can_come_from_a_file(tmp_path):
    secret = tmp_path / "secret"
    secret.write_text("from-a-file\n")
    env = {"DATABASE_URL": "postgres://root@127.0.0.1/x", "SECRET_KEY_FILE": str(secret)}
    assert _settings_with(env).returncode == 0


def _engine_with(env: dict[str, str]) -> str:
    result = _settings_with(env, "print(settings.DATABASES['default']['ENGINE'])")
    assert result.returncode == 0, result.stderr
    return result.stdout.strip()


def test_postgresql_connections_are_pooled_unless_the_pool_is_turned_off():
    pg = {"DATABASE_URL": "postgres://root@127.0.0.1/x", "SECRET_KEY": "k"}
    assert _engine_with(pg) == "dj_db_conn_pool.backends.postgresql"
    assert _engine_with({**pg, "DB_POOL_SIZE": "0"}) == "django.db.backends.postgresql"
    assert (
        _engine_with({"DATABASE_URL": "sqlite:////tmp/x.sqlite3"}) == "django.db.backends.sqlite3"
    )
