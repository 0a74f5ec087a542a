"""An in-process fake of the FieldSignal sync API (DESIGN.md v1 and briefs/sync_api.md), for
httpx.MockTransport: exactly-once push by mutation_id, field merge with conflicts, a cursor pull,
the 413 limits, and switches to inject faults (5xx, dropped connections, resets)."""

from __future__ import annotations

import base64
import json
import uuid
from dataclasses import dataclass, field
from typing import Any

import httpx

CHANNELS = {"in_person", "remote", "phone", "email"}
FIELDS = ("hcp", "visited_at", "channel", "products", "content_shown", "note", "captured_at")


@dataclass
class Obs:
    id: str
    owner: str
    data: dict[str, Any]
    rev: int = 1
    deleted: bool = False
    history: dict[int, dict[str, Any]] = field(default_factory=dict)


def _error(status: int, code: str, message: str = "", **details: Any) -> httpx.Response:
    body = {"error": {"code": code, "message": message or code, "details": details}}
    return httpx.Response(status, json=body)


class FakeServer:
    def __init__(self, *, max_batch: int = 500, max_body: int = 2 * 1024 * 1024) -> None:
        self.max_batch = max_batch
        self.max_body = max_body
        self.users = {"rep1": "pw1", "rep2": "pw2"}
        self.tokens: dict[str, str] = {}
        self.clients: dict[str, str] = {}  # client_id -> username
        self.last_mutation: dict[str, int] = {}
        self.outcomes: dict[tuple[str, int], dict[str, Any]] = {}
        self.observations: dict[str, Obs] = {}
        self.conflicts: dict[str, dict[str, Any]] = {}
        self.log: list[dict[str, Any]] = []  # change log; the cursor is an index into it
        # consumed one per request: "500", "503:7" (with Retry-After), "connect", "timeout"
        self.faults: list[str] = []
        self.reset_next_pull = False
        self.requests: list[tuple[str, str]] = []
        self.push_sizes: list[int] = []
        self.on_push: Any = None  # a hook called before a push is applied (concurrent edits)
        for n in range(1, 4):
            self.add_reference("hcp", f"h{n}", {"name": f"Dr. Test {n}", "external_id": f"X-{n}"})
        self.add_reference(
            "product", "p1", {"name": "Cardivra", "aliases": ["CDV"], "company": "own"}
        )
        self.add_reference(
            "content_asset",
            "a1",
            {"code": "CDV-DOS", "version": "4", "status": "current", "title": "Dosing"},
        )

    # -- setup helpers -------------------------------------------------------------------------

    def add_reference(self, entity: str, record_id: str, data: dict[str, Any]) -> None:
        self.log.append(
            {
                "audience": "*",
                "entity": entity,
                "id": record_id,
                "op": "upsert",
                "rev": 1,
                "data": data,
            }
        )

    def add_server_record(
        self, owner: str, entity: str, record_id: str, data: dict[str, Any]
    ) -> None:
        """Something the server owns (tags, alert) arriving in `owner`'s pull."""
        self.log.append(
            {
                "audience": owner,
                "entity": entity,
                "id": record_id,
                "op": "upsert",
                "rev": 1,
                "data": data,
            }
        )

    def notes_of(self, owner: str) -> list[Obs]:
        return [o for o in self.observations.values() if o.owner == owner and not o.deleted]

    def transport(self) -> httpx.MockTransport:
        return httpx.MockTransport(self.handle)

    # -- dispatch ------------------------------------------------------------------------------

    def handle(self, request: httpx.Request) -> httpx.Response:
        path = request.url.path
        self.requests.append((request.method, path))
        if self.faults:
            fault = self.faults.pop(0)
            if fault == "connect":
                raise httpx.ConnectError("connection refused", request=request)
            if fault == "timeout":
                raise httpx.ReadTimeout("timed out", request=request)
            if fault.startswith("429:"):  # rate limited, told to wait N seconds
                response = _error(429, "rate_limited", "slow down", retry_after=int(fault[4:]))
                response.headers["Retry-After"] = fault[4:]
                return response
            if fault.isdigit():
                return _error(int(fault), "injected", "injected fault")
            if ":" in fault:  # "503:7": that status with Retry-After: 7, as an outage answers
                status, retry_after = fault.split(":")
                answer = _error(int(status), "service_unavailable", "injected outage")
                answer.headers["Retry-After"] = retry_after
                return answer
        if path == "/api/v1/auth/token":
            return self._login(request)
        auth = request.headers.get("Authorization", "")
        user = self.tokens.get(auth.removeprefix("Token "))
        if user is None:
            return _error(401, "not_authenticated", "Invalid token.")
        if path == "/api/v1/sync/push":
            return self._push(request, user)
        if path == "/api/v1/sync/pull":
            return self._pull(request, user)
        return _error(404, "not_found")

    def _login(self, request: httpx.Request) -> httpx.Response:
        body = json.loads(request.content)
        if self.users.get(body.get("username")) != body.get("password"):
            return _error(400, "invalid_credentials", "Unable to log in with provided credentials.")
        token = uuid.uuid4().hex
        self.tokens[token] = body["username"]
        return httpx.Response(
            200,
            json={
                "token": token,
                "user": {"username": body["username"], "role": "rep", "territory": "NE"},
            },
        )

    # -- push ----------------------------------------------------------------------------------

    def _push(self, request: httpx.Request, user: str) -> httpx.Response:
        if len(request.content) > self.max_body:
            return _error(413, "body_too_large", limit=self.max_body)
        try:
            body = json.loads(request.content)
        except ValueError:
            return _error(400, "malformed_json")
        if body.get("schema_version") != 1:
            return _error(426, "upgrade_required", supported=[1])
        mutations = body["mutations"]
        if len(mutations) > self.max_batch:
            return _error(413, "batch_too_large", limit=self.max_batch)
        client_id = body["client_id"]
        if self.clients.setdefault(client_id, user) != user:
            return _error(403, "client_id_taken")
        last = self.last_mutation.get(client_id, 0)
        new = [m for m in mutations if m["mutation_id"] > last]
        if new and new[0]["mutation_id"] != last + 1:
            return _error(409, "mutation_gap", expected=last + 1, last_mutation_id=last)
        if self.on_push is not None:
            self.on_push(mutations)
        self.push_sizes.append(len(mutations))
        results = []
        for m in mutations:
            key = (client_id, m["mutation_id"])
            if m["mutation_id"] <= last:
                stored = self.outcomes[key]
                results.append(
                    {**stored, "status": "duplicate", "original_status": stored["status"]}
                )
                continue
            outcome = {"mutation_id": m["mutation_id"], "id": m["id"], **self._apply(user, m)}
            self.outcomes[key] = outcome
            self.last_mutation[client_id] = last = m["mutation_id"]
            results.append(outcome)
        return httpx.Response(200, json={"results": results, "last_mutation_id": last})

    def _apply(self, user: str, m: dict[str, Any]) -> dict[str, Any]:
        if m["entity"] == "conflict":
            return self._resolve(user, m)
        obs = self.observations.get(m["id"])
        if obs is not None and obs.owner != user:
            return _rejected("id", "forbidden")
        data = {k: v for k, v in (m.get("data") or {}).items() if k in FIELDS}
        errors = self._validate(data, creating=obs is None and m["op"] == "upsert")
        if errors:
            return {"status": "rejected", "rev": None, "errors": errors}
        if m["op"] == "delete":
            if obs is None:
                return _rejected("id", "not_found")
            obs.deleted = True
            self._bump(obs)
            return {"status": "applied", "rev": obs.rev}
        if obs is None:
            obs = Obs(id=m["id"], owner=user, data={"products": [], "content_shown": [], **data})
            obs.history[1] = dict(obs.data)
            self.observations[obs.id] = obs
            self._emit_observation(obs)
            return {"status": "applied", "rev": 1}
        base_rev = m.get("base_rev") or 1
        base = obs.history.get(base_rev, obs.data)
        conflicts = {}
        for key, value in data.items():
            server_changed = obs.data.get(key) != base.get(key)
            if server_changed and value != obs.data.get(key):
                conflicts[key] = {"server": obs.data[key], "device": value}
            else:
                obs.data[key] = value
        self._bump(obs)
        if conflicts:
            cid = str(uuid.uuid4())
            conflict = {
                "observation": obs.id,
                "fields": conflicts,
                "kind": "edit",
                "resolved": False,
            }
            self.conflicts[cid] = {**conflict, "owner": user}
            self.log.append(
                {
                    "audience": user,
                    "entity": "conflict",
                    "id": cid,
                    "op": "upsert",
                    "rev": 1,
                    "data": conflict,
                }
            )
            return {"status": "conflict", "rev": obs.rev, "conflict": {"id": cid, **conflict}}
        return {"status": "applied", "rev": obs.rev}

    def _validate(self, data: dict[str, Any], *, creating: bool) -> list[dict[str, str]]:
        errors = []
        if creating:
            errors += [
                {"field": f, "code": "required", "message": f"{f} is required"}
                for f in ("hcp", "visited_at", "channel")
                if f not in data
            ]
        if "hcp" in data and not any(
            c["entity"] == "hcp" and c["id"] == data["hcp"] for c in self.log
        ):
            errors.append({"field": "hcp", "code": "unknown_hcp", "message": "unknown HCP"})
        if "channel" in data and data["channel"] not in CHANNELS:
            errors.append({"field": "channel", "code": "invalid_channel", "message": "bad channel"})
        if len(data.get("note") or "") > 10_000:
            errors.append({"field": "note", "code": "note_too_long", "message": "note is too long"})
        return errors

    def _resolve(self, user: str, m: dict[str, Any]) -> dict[str, Any]:
        conflict = self.conflicts.get(m["id"])
        if conflict is None or conflict["owner"] != user:
            return _rejected("id", "not_found")
        conflict["resolved"] = True
        obs = self.observations[conflict["observation"]]
        if m["data"]["resolution"] == "keep_device":
            for key, versions in conflict["fields"].items():
                obs.data[key] = versions["device"]
            self._bump(obs)
        public = {k: v for k, v in conflict.items() if k != "owner"}
        self.log.append(
            {
                "audience": user,
                "entity": "conflict",
                "id": m["id"],
                "op": "upsert",
                "rev": 2,
                "data": public,
            }
        )
        return {"status": "applied", "rev": obs.rev}

    def _bump(self, obs: Obs) -> None:
        obs.rev += 1
        obs.history[obs.rev] = dict(obs.data)
        self._emit_observation(obs)

    def _emit_observation(self, obs: Obs) -> None:
        data = {**obs.data, "rev": obs.rev, "deleted": obs.deleted}
        op = "delete" if obs.deleted else "upsert"
        self.log.append(
            {
                "audience": obs.owner,
                "entity": "observation",
                "id": obs.id,
                "op": op,
                "rev": obs.rev,
                "data": data,
            }
        )

    # -- pull ----------------------------------------------------------------------------------

    def _pull(self, request: httpx.Request, user: str) -> httpx.Response:
        if self.reset_next_pull:
            self.reset_next_pull = False
            return httpx.Response(
                200,
                json={
                    "changes": [],
                    "cursor": None,
                    "has_more": True,
                    "reset": True,
                    "last_mutation_id": None,
                },
            )
        raw = request.url.params.get("cursor")
        try:
            position = int(base64.urlsafe_b64decode(raw.encode()).decode()) if raw else 0
        except ValueError:
            return _error(400, "invalid_cursor")
        limit = min(int(request.url.params.get("limit", "500")), 1000)
        changes = []
        while position < len(self.log) and len(changes) < limit:
            entry = self.log[position]
            position += 1
            if entry["audience"] in ("*", user):
                changes.append({k: entry[k] for k in ("entity", "id", "op", "rev", "data")})
        cursor = base64.urlsafe_b64encode(str(position).encode()).decode()
        return httpx.Response(
            200,
            json={
                "changes": changes,
                "cursor": cursor,
                "has_more": position < len(self.log),
                "reset": False,
                "last_mutation_id": None,
            },
        )


def _rejected(field_name: str, code: str) -> dict[str, Any]:
    return {
        "status": "rejected",
        "rev": None,
        "errors": [{"field": field_name, "code": code, "message": code}],
    }
