"""PostgreSQL connections come from a per-process pool: a request hands its connection back and
the next request reuses it; a forked worker child never touches its parent's connections; an
exhausted pool answers a retryable 503."""

import os

import pytest
from django.conf import settings
from django.db import connection
from sqlalchemy.exc import TimeoutError as PoolTimeout

from backend.core.errors import api_exception_handler

on_postgres = pytest.mark.skipif(connection.vendor != "postgresql", reason="needs PostgreSQL")


def _backend_pid() -> int:
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        return int(cursor.fetchone()[0])


@on_postgres
@pytest.mark.django_db(transaction=True)
def test_requests_reuse_the_pooled_sessions_instead_of_opening_new_ones():
    # Given 25 requests one after the other, each closing its connection when it ends
    pids = []
    for _ in range(25):
        pids.append(_backend_pid())
        connection.close()
    # Then they were served by the pool's sessions, not by 25 new PostgreSQL sessions
    assert len(set(pids)) <= settings.DB_POOL_SIZE < 25


@on_postgres
@pytest.mark.django_db(transaction=True)
def test_a_forked_child_starts_with_an_empty_pool_and_leaves_the_parents_session_alone():
    from dj_db_conn_pool.core import pool_container

    parent_pid = _backend_pid()
    connection.close()  # checked back in: the pool now holds a live session of the parent
    assert pool_container
    child = os.fork()
    if child == 0:  # pragma: no cover - runs in the child
        os._exit(0 if not pool_container else 1)
    _, status = os.waitpid(child, 0)
    assert os.waitstatus_to_exitcode(status) == 0
    # The child dropped the inherited pool without closing the shared socket: the parent's
    # pooled session is still alive on the server.
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM pg_stat_activity WHERE pid = %s", [parent_pid])
        assert cursor.fetchone()[0] == 1


def test_an_exhausted_pool_answers_503_server_busy():
    response = api_exception_handler(PoolTimeout("QueuePool limit reached"), {})
    assert response is not None
    assert response.status_code == 503
    assert response.data["error"]["code"] == "server_busy"
    assert response["Retry-After"] == "1"
