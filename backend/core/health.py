"""GET /healthz: is the database, the channel layer and the broker reachable?"""

import asyncio
from typing import Any

from asgiref.sync import async_to_sync
from channels.layers import get_channel_layer
from django.conf import settings
from django.db import connection
from django.http import HttpRequest, JsonResponse


def _check_database() -> dict[str, Any]:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
        return {"ok": True, "vendor": connection.vendor}
    except Exception as exc:  # report, never raise: this endpoint exists to describe failures
        return {"ok": False, "error": str(exc)[:200]}


async def _layer_roundtrip() -> None:
    layer = get_channel_layer()
    assert layer is not None
    channel = await layer.new_channel()
    await layer.send(channel, {"type": "health.ping"})
    await asyncio.wait_for(layer.receive(channel), timeout=2)


def _check_channel_layer() -> dict[str, Any]:
    backend = str(settings.CHANNEL_LAYERS["default"]["BACKEND"]).rsplit(".", 1)[-1]
    try:
        async_to_sync(_layer_roundtrip)()
        return {"ok": True, "backend": backend}
    except Exception as exc:
        return {"ok": False, "backend": backend, "error": str(exc)[:200]}


def _check_broker() -> dict[str, Any]:
    if not settings.REDIS_URL:
        return {"ok": True, "mode": "in-process"}
    try:
        import redis

        redis.Redis.from_url(settings.REDIS_URL, socket_timeout=2).ping()
        return {"ok": True, "mode": "celery"}
    except Exception as exc:
        return {"ok": False, "mode": "celery", "error": str(exc)[:200]}


def healthz(request: HttpRequest) -> JsonResponse:
    checks = {
        "database": _check_database(),
        "channel_layer": _check_channel_layer(),
        "broker": _check_broker(),
    }
    healthy = all(check["ok"] for check in checks.values())
    return JsonResponse(
        {"status": "ok" if healthy else "degraded", "checks": checks},
        status=200 if healthy else 503,
    )
