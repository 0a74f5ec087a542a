"""Many reps at once: N simulated reps push small batches and pull, for T minutes, against
PostgreSQL with P ASGI processes, Redis and one Celery worker (all on 127.0.0.1).

    .venv/bin/python bench/load_reps.py --reps 150 --minutes 2
    .venv/bin/python bench/load_reps.py --reps 500 --minutes 2 --processes 3

Each rep does what a device does when it has a network: push a batch of its new notes (1 to
--batch), pull what changed for it, then wait --think seconds (jittered) and again. Reps start
spread over the first think interval. Prints the errors (by status) and push/pull p50, p95,
p99 and max, the notes/s applied, and the tagging backlog the worker left at the end.

Uses its own database (--db, default fieldsignal_load, dropped and made again) and Redis db 12.
Note text comes from the demo simulator's note writer (backend/demo/sim_notes.py).
"""

import argparse
import asyncio
import contextlib
import json
import os
import random
import shutil
import subprocess
import sys
import time
import uuid
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from _support import (  # noqa: E402
    ROOT,
    backend_env,
    free_port,
    manage,
    percentile,
    recreate_database,
    wait_healthy,
)

from backend.demo.sim_notes import Catalog, NoteDeck, draft_from  # noqa: E402

REPS_SCRIPT = """
import json
from django.contrib.auth.hashers import make_password
from django.db import transaction
from rest_framework.authtoken.models import Token
from backend.accounts.models import Role, User
from backend.catalog.models import HCP, Territory
territories = list(Territory.objects.order_by("code"))
password = make_password("load-only")  # one hash for all: logins are not what this measures
out = []
with transaction.atomic():
    for n in range({count}):
        t = territories[n % len(territories)]
        user = User.objects.create(username=f"load{{n:04d}}", role=Role.REP, territory=t,
                                   password=password)
        out.append({{"token": Token.objects.create(user=user).key, "territory": t.id}})
print(json.dumps(out))
"""


@dataclass
class Figures:
    push: list[float] = field(default_factory=list)
    pull: list[float] = field(default_factory=list)
    first_pull: list[float] = field(default_factory=list)
    errors: Counter[str] = field(default_factory=Counter)
    notes: int = 0


def _start_servers(kind: str, env: dict[str, str], count: int) -> tuple[list[Any], list[str]]:
    procs, urls = [], []
    for _ in range(count):
        port = free_port()
        log = open(f"/tmp/fieldsignal-load-{kind}-{port}.log", "wb")  # noqa: SIM115
        if kind == "uvicorn":
            cmd = [
                str(ROOT / ".venv/bin/uvicorn"),
                "backend.asgi:application",
                "--host",
                "127.0.0.1",
                "--port",
                str(port),
                "--no-access-log",
                # Devices come back every few seconds: the default 5 s keep-alive closes the
                # connection just as a client reuses it (ReadError on the client).
                "--timeout-keep-alive",
                "75",
                "--lifespan",
                "off",
                "--log-level",
                "warning",
            ]
        else:
            cmd = [str(ROOT / ".venv/bin/daphne"), "-b", "127.0.0.1", "-p", str(port)]
            cmd.append("backend.asgi:application")
        procs.append(subprocess.Popen(cmd, cwd=ROOT, env=env, stdout=log, stderr=log))
        urls.append(f"http://127.0.0.1:{port}")
    for url in urls:
        wait_healthy(url)
    return procs, urls


def _start_worker(env: dict[str, str], concurrency: int, nice: int) -> Any:
    log = open("/tmp/fieldsignal-load-worker.log", "wb")  # noqa: SIM115
    return subprocess.Popen(
        [
            "nice",
            "-n",
            str(nice),
            str(ROOT / ".venv/bin/celery"),
            "-A",
            "backend",
            "worker",
            "--loglevel=warning",
            f"--concurrency={concurrency}",
            "--without-heartbeat",
            "--without-gossip",
            "--without-mingle",
        ],
        cwd=ROOT,
        env=env,
        stdout=log,
        stderr=log,
    )


async def _request(
    http: httpx.AsyncClient, figures: Figures, bucket: list[float], method: str, url: str, **kw: Any
) -> Any:
    started = time.perf_counter()
    try:
        response = await http.request(method, url, **kw)
    except httpx.HTTPError as exc:
        figures.errors[type(exc).__name__] += 1
        return None
    bucket.append(time.perf_counter() - started)
    if response.status_code >= 400:
        code = ""
        with contextlib.suppress(ValueError, KeyError, TypeError):
            code = response.json()["error"]["code"]
        figures.errors[f"{response.status_code} {code}".strip()] += 1
        return None
    return response.json()


async def _rep(
    n: int,
    rep: dict[str, Any],
    urls: list[str],
    http: httpx.AsyncClient,
    args: argparse.Namespace,
    deadline: float,
    figures: Figures,
) -> None:
    rng = random.Random(n)
    headers = {"Authorization": f"Token {rep['token']}"}
    client_id, mutation_id, cursor = str(uuid.uuid4()), 0, None
    await asyncio.sleep(rng.uniform(0, args.think))
    base = urls[n % len(urls)]
    # First sync: the rep's reference data (not counted with the incremental pulls). On a
    # shared PostgreSQL cluster a long transaction anywhere holds the commit horizon back, and
    # the reference data can stay invisible for a while: wait for it (bounded).
    products: list[dict[str, Any]] = []
    assets: list[dict[str, Any]] = []
    hcps: list[dict[str, Any]] = []
    patience = time.monotonic() + 60
    while True:
        params: dict[str, Any] = {"limit": 1000, "client_id": client_id}
        if cursor:
            params["cursor"] = cursor
        page = await _request(
            http,
            figures,
            figures.first_pull,
            "GET",
            f"{base}/api/v1/sync/pull",
            params=params,
            headers=headers,
        )
        if page is None:
            return
        for change in page["changes"]:
            kind = change["entity"]
            target = {"product": products, "content_asset": assets, "hcp": hcps}.get(kind)
            if target is not None and change["op"] == "upsert":
                target.append({"id": change["id"], **(change.get("data") or {})})
        cursor = page["cursor"]
        if page["has_more"]:
            continue
        if hcps and any(p.get("company") == "own" for p in products):
            break
        if time.monotonic() > patience:
            figures.errors["first sync saw no reference data"] += 1
            return
        await asyncio.sleep(1)
    catalog = Catalog.from_device(products, assets)
    deck = NoteDeck(rng)
    while time.monotonic() < deadline:
        base = urls[rng.randrange(len(urls))]  # a load balancer spreading requests
        mutations = []
        for _ in range(rng.randint(1, args.batch)):
            draft = draft_from(deck.draw(catalog), catalog, rng)
            mutation_id += 1
            now = time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())
            mutations.append(
                {
                    "mutation_id": mutation_id,
                    "op": "upsert",
                    "entity": "observation",
                    "id": str(uuid.uuid4()),
                    "base_rev": None,
                    "data": {
                        "hcp": rng.choice(hcps)["id"],
                        "visited_at": now,
                        "captured_at": now,
                        "channel": draft.channel,
                        "products": draft.products,
                        "content_shown": draft.content_shown,
                        "note": draft.note,
                    },
                }
            )
        body = {"client_id": client_id, "schema_version": 1, "mutations": mutations}
        pushed = await _request(
            http,
            figures,
            figures.push,
            "POST",
            f"{base}/api/v1/sync/push",
            json=body,
            headers=headers,
        )
        if pushed is None:
            mutation_id -= len(mutations)  # resend the same ids next time (no gap)
        else:
            figures.notes += sum(r["status"] == "applied" for r in pushed["results"])
        page = await _request(
            http,
            figures,
            figures.pull,
            "GET",
            f"{base}/api/v1/sync/pull",
            params={"limit": 500, "cursor": cursor, "client_id": client_id},
            headers=headers,
        )
        if page is not None and page.get("cursor"):
            cursor = page["cursor"]
        await asyncio.sleep(args.think * rng.uniform(0.5, 1.5))


async def _drive(reps: list[dict[str, Any]], urls: list[str], args: argparse.Namespace) -> Figures:
    figures = Figures()
    limits = httpx.Limits(max_connections=len(reps) + 10, max_keepalive_connections=len(reps))
    async with httpx.AsyncClient(timeout=args.timeout, limits=limits) as http:
        deadline = time.monotonic() + args.minutes * 60
        await asyncio.gather(
            *(_rep(n, rep, urls, http, args, deadline, figures) for n, rep in enumerate(reps))
        )
    return figures


def _line(name: str, values: list[float]) -> str:
    if not values:
        return f"{name:>10}: no answers"
    ms = [v * 1000 for v in values]
    return (
        f"{name:>10}: n={len(ms):>6}  p50 {percentile(ms, 50):7.0f} ms  p95 "
        f"{percentile(ms, 95):7.0f} ms  p99 {percentile(ms, 99):7.0f} ms  max {max(ms):7.0f} ms"
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--reps", type=int, default=150)
    parser.add_argument("--minutes", type=float, default=2.0)
    parser.add_argument("--processes", type=int, default=2, help="ASGI server processes")
    parser.add_argument("--server", choices=["daphne", "uvicorn"], default="daphne")
    parser.add_argument("--batch", type=int, default=3, help="notes per push, at most")
    parser.add_argument("--think", type=float, default=10.0, help="seconds between syncs")
    parser.add_argument("--timeout", type=float, default=60.0, help="client timeout, seconds")
    parser.add_argument("--worker-concurrency", type=int, default=1)
    parser.add_argument(
        "--worker-nice",
        type=int,
        default=10,
        help="CPU priority of the worker (10: requests first, as a worker on its own host would "
        "leave them; 0: equal)",
    )
    parser.add_argument("--pool-size", type=int, default=10, help="DB_POOL_SIZE per process")
    parser.add_argument("--thread-pool", type=int, default=0, help="ASGI_THREADS (0: default)")
    parser.add_argument("--db", default="fieldsignal_load")
    args = parser.parse_args()
    if args.reps > 2000 or args.minutes > 15:
        sys.exit("bounded on purpose: at most 2000 reps and 15 minutes")
    if args.server == "uvicorn" and not shutil.which(str(ROOT / ".venv/bin/uvicorn")):
        sys.exit("uvicorn is not installed in .venv")

    url = recreate_database(args.db)
    extra = {
        "REDIS_URL": "redis://127.0.0.1:6379/12",
        "DB_POOL_SIZE": str(args.pool_size),
        "ALERTS_WEBHOOK_DISPATCH": "celery",
    }
    if args.thread_pool:
        extra["ASGI_THREADS"] = str(args.thread_pool)
    env = backend_env(url, **extra)
    subprocess.run(["redis-cli", "-n", "12", "flushdb"], check=False, capture_output=True)
    manage(env, "migrate", "--verbosity", "0")
    manage(env, "seed_demo")
    made = manage(env, "shell", "-c", REPS_SCRIPT.format(count=args.reps))
    reps = json.loads(made.strip().splitlines()[-1])  # the last line: other output may precede
    worker = _start_worker(env, args.worker_concurrency, args.worker_nice)
    procs, urls = _start_servers(args.server, env, args.processes)
    try:
        print(
            f"{args.reps} reps, {args.minutes} min, {args.processes} x {args.server}, "
            f"1 worker (concurrency {args.worker_concurrency}, nice {args.worker_nice}), pool {args.pool_size}/process, "
            f"think {args.think} s, up to {args.batch} notes per push; cores: {os.cpu_count()}"
        )
        started = time.monotonic()
        figures = asyncio.run(_drive(reps, urls, args))
        elapsed = time.monotonic() - started
    finally:
        for proc in procs:
            proc.terminate()
        worker.terminate()
        for proc in [*procs, worker]:
            try:
                proc.wait(timeout=30)
            except subprocess.TimeoutExpired:
                proc.kill()
    backlog = (
        manage(
            env,
            "shell",
            "-c",
            "from backend.observations.models import Observation as O;"
            "print(O.objects.filter(tagging__isnull=True).count(), O.objects.count())",
        )
        .strip()
        .splitlines()[-1]
        .split()
    )
    total_errors = sum(figures.errors.values())
    print(f"errors: {total_errors} {dict(figures.errors) if total_errors else ''}".rstrip())
    print(_line("push", figures.push))
    print(_line("pull", figures.pull))
    print(_line("first sync", figures.first_pull))
    print(f"notes applied: {figures.notes} ({figures.notes / elapsed:.1f}/s)")
    print(f"untagged at the end: {backlog[0]} of {backlog[1]} notes (the worker's backlog)")
    return 1 if total_errors else 0


if __name__ == "__main__":
    sys.exit(main())
