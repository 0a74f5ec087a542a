"""Building push requests the way a device does."""

import uuid
from typing import Any

from rest_framework.test import APIClient


class Device:
    """A fake device: its own client_id and mutation counter, like field_client's outbox."""

    def __init__(self, client: APIClient, client_id: uuid.UUID | None = None) -> None:
        self.client = client
        self.client_id = client_id or uuid.uuid4()
        self.next_id = 1

    def mutation(
        self,
        op: str,
        obs_id: Any,
        data: dict[str, Any] | None = None,
        base_rev: int | None = None,
        entity: str = "observation",
    ) -> dict[str, Any]:
        m = {
            "mutation_id": self.next_id,
            "op": op,
            "entity": entity,
            "id": str(obs_id),
            "base_rev": base_rev,
            "data": data or {},
        }
        self.next_id += 1
        return m

    def push(self, mutations: list[dict[str, Any]], **extra: Any) -> Any:
        body = {
            "client_id": str(self.client_id),
            "schema_version": 1,
            "mutations": mutations,
            **extra,
        }
        return self.client.post("/api/v1/sync/push", body, format="json")

    def pull_all(
        self, limit: int = 100, cursor: str | None = None
    ) -> tuple[list[dict[str, Any]], str | None]:
        changes: list[dict[str, Any]] = []
        while True:
            params: dict[str, Any] = {"limit": limit}
            if cursor:
                params["cursor"] = cursor
            page = self.client.get("/api/v1/sync/pull", params).json()
            assert not page["reset"], page
            changes += page["changes"]
            cursor = page["cursor"]
            if not page["has_more"]:
                return changes, cursor
