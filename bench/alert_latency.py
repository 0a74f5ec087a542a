"""Latency from a rep's push to the signal arriving at a webhook receiver and on /ws/signals.

Production shape on one machine: PostgreSQL (a scratch database made for the run), Redis (its
own database number), one daphne ASGI server and one Celery worker, all started here on
127.0.0.1 and stopped at the end. Each push carries one note reporting an adverse event; the
clock starts just before the HTTP push and stops when the signal raised from that note reaches
(a) a webhook receiver in this process and (b) a WebSocket client of the orchestration engine.
Path measured: push -> commit -> tag job (worker) -> tags commit -> rule job (worker) -> signal
commit -> group_send to the ASGI server | webhook job (worker) -> signed POST.

    .venv/bin/python bench/alert_latency.py [--pushes 60] [--gap 0.25] [--concurrency 4]

Needs PostgreSQL on 127.0.0.1:5432 (user root) and Redis on 127.0.0.1:6379. When there is
no trained NLP model to load, the worker tags with a keyword stand-in and says so.
"""

import argparse
import base64
import json
import os
import signal
import socket
import statistics
import subprocess
import sys
import threading
import time
import uuid
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
BENCH_DB = "fieldsignal_bench_alerts"
LOG_FILE = Path("/tmp/fieldsignal_alert_latency.log")
PG = "postgres://root@127.0.0.1:5432"
REDIS = "redis://127.0.0.1:6379/11"  # its own database: never touches other queues
ENV = {
    "DATABASE_URL": f"{PG}/{BENCH_DB}",
    "REDIS_URL": REDIS,
    "SECRET_KEY": "bench-only",
    "LOG_LEVEL": "WARNING",
    "DJANGO_SETTINGS_MODULE": "backend.settings",
    "THROTTLE_ENABLED": "false",  # benches measure latency, not rate limits
}
NOTE = "Pt broke out in hives two days after starting Ownbrand; stopped it."


class KeywordTagger:
    """Stand-in for nlp.api while it is unfinished: adverse_event when a note says 'hives'."""

    model_version = "bench-keyword-1"

    def tag(self, text: str) -> Any:
        from types import SimpleNamespace

        start = text.find("hives")
        hit = start >= 0
        return SimpleNamespace(
            labels=[{"label": "adverse_event", "confidence": 0.99}] if hit else [],
            scores={"adverse_event": 0.99 if hit else 0.0},
            evidence=[[start, start + 5, "adverse_event"]] if hit else [],
            entities=[],
            pii=[],
            redacted_text=text,
            model_version=self.model_version,
        )


def run_worker(concurrency: int) -> None:
    """The Celery worker process (``--worker``): the real app, the real tasks."""
    import django

    django.setup()
    if not real_tagger_available():
        import backend.tagging.tasks as tagging_tasks

        tagging_tasks.get_tagger = KeywordTagger  # type: ignore[assignment]
    from backend.celery import app

    app.worker_main(
        [
            "worker",
            "-l",
            "WARNING",
            "-c",
            str(concurrency),
            "-P",
            "prefork",
            "--without-gossip",
            "--without-mingle",
            "-n",
            f"bench-{os.getpid()}@%h",
        ]
    )


def real_tagger_available() -> bool:
    """Is there an nlp.api and a trained model to load? (Checked without loading it.)"""
    try:
        import nlp.api  # noqa: F401
        from nlp.models import resolve_model_dir

        resolve_model_dir(os.environ.get("FIELDSIGNAL_NLP_MODEL") or None)
        return True
    except (ImportError, FileNotFoundError):
        return False


def tagger_name() -> str:
    if real_tagger_available():
        return "nlp.api with the trained model"
    return "keyword stand-in (no trained nlp model available yet)"


def prepare_database() -> None:
    import psycopg2

    conn = psycopg2.connect(f"{PG}/postgres")
    conn.autocommit = True
    with conn.cursor() as cur:
        cur.execute(f"DROP DATABASE IF EXISTS {BENCH_DB} WITH (FORCE)")
        cur.execute(f"CREATE DATABASE {BENCH_DB}")
    conn.close()
    subprocess.run(
        [sys.executable, "manage.py", "migrate", "-v", "0"],
        cwd=ROOT,
        env={**os.environ, **ENV},
        check=True,
        timeout=300,
    )


def seed(webhook_url: str) -> dict[str, Any]:
    """A rep, the engine with a token, an HCP, the AE rule and a webhook subscription."""
    from rest_framework.authtoken.models import Token

    from backend.accounts.models import Role, User
    from backend.alerts.rule_services import rule_create
    from backend.alerts.webhooks import subscription_create
    from backend.catalog.models import HCP, Product, Territory

    north = Territory.objects.create(code="N", name="North")
    rep = User.objects.create_user("rep", password="x", role=Role.REP, territory=north)
    engine = User.objects.create_user("engine", password="x", role=Role.ORCHESTRATOR)
    hcp = HCP.objects.create(external_id="H1", name="Dr. Who", territory=north)
    Product.objects.create(name="Ownbrand", company="own")
    rule_create(name="AE", kind="adverse_event")
    sub = subscription_create(owner=engine, url=webhook_url, types=["adverse_event"])
    return {
        "rep_token": Token.objects.create(user=rep).key,
        "engine_token": Token.objects.create(user=engine).key,
        "hcp": str(hcp.pk),
        "secret": sub.secret,
    }


class Arrivals:
    """Arrival times per observation id, from any thread."""

    def __init__(self) -> None:
        self.times: dict[str, float] = {}
        self.lock = threading.Lock()

    def add(self, signal: dict[str, Any]) -> None:
        now = time.perf_counter()
        with self.lock:
            for item in signal.get("evidence", []):
                self.times.setdefault(item["observation"], now)


def start_receiver(arrivals: Arrivals, secrets: dict[str, str]) -> Any:
    from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

    from standardwebhooks import Webhook

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:  # noqa: N802
            body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
            try:
                Webhook(secrets.get("secret", "")).verify(body, dict(self.headers.items()))
                ok = True
            except Exception:  # noqa: BLE001 - any failure to verify refuses the delivery
                ok = False
            if ok:
                arrivals.add(json.loads(body)["signal"])
            self.send_response(204 if ok else 401)
            self.end_headers()

        def log_message(self, *args: Any) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


def _recv_exactly(sock: socket.socket, size: int) -> bytes:
    data = b""
    while len(data) < size:
        chunk = sock.recv(size - len(data))
        if not chunk:
            raise ConnectionError("WebSocket closed")
        data += chunk
    return data


def _pong(sock: socket.socket, payload: bytes) -> None:
    mask = os.urandom(4)
    masked = bytes(b ^ mask[i % 4] for i, b in enumerate(payload))
    sock.sendall(bytes([0x8A, 0x80 | len(payload)]) + mask + masked)


def start_ws_client(port: int, token: str, arrivals: Arrivals, ready: threading.Event) -> None:
    """A minimal RFC 6455 client (the server process already owns twisted's autobahn)."""

    def run() -> None:
        sock = socket.create_connection(("127.0.0.1", port), timeout=None)
        key = base64.b64encode(os.urandom(16)).decode()
        sock.sendall(
            f"GET /ws/signals?token={token} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\n"
            "Upgrade: websocket\r\nConnection: Upgrade\r\n"
            f"Sec-WebSocket-Key: {key}\r\nSec-WebSocket-Version: 13\r\n"
            f"Origin: http://127.0.0.1:{port}\r\n\r\n".encode()
        )
        head = b""
        while b"\r\n\r\n" not in head:
            head += sock.recv(1)
        if b" 101 " not in head.split(b"\r\n", 1)[0]:
            raise SystemExit(f"WebSocket refused: {head[:80]!r}")
        ready.set()
        while True:
            try:
                first, second = _recv_exactly(sock, 2)
            except (ConnectionError, OSError):
                return  # the server stopped at the end of the run
            length = second & 0x7F
            if length == 126:
                length = int.from_bytes(_recv_exactly(sock, 2), "big")
            elif length == 127:
                length = int.from_bytes(_recv_exactly(sock, 8), "big")
            payload = _recv_exactly(sock, length)
            opcode = first & 0x0F
            if opcode == 1:
                message = json.loads(payload)
                if message.get("event") == "signal.raised":
                    arrivals.add(message["signal"])
            elif opcode == 9:
                _pong(sock, payload)
            elif opcode == 8:
                return

    threading.Thread(target=run, daemon=True).start()


def wait_healthy(base: str, deadline: float) -> None:
    import httpx

    while time.time() < deadline:
        try:
            if httpx.get(f"{base}/healthz", timeout=2).status_code == 200:
                return
        except httpx.HTTPError:
            pass
        time.sleep(0.2)
    raise SystemExit("the server did not become healthy in time")


def push_all(base: str, seeded: dict[str, Any], pushes: int, gap: float) -> dict[str, float]:
    import httpx

    headers = {"Authorization": f"Token {seeded['rep_token']}"}
    client_id, started = str(uuid.uuid4()), {}
    with httpx.Client(base_url=base, headers=headers, timeout=10) as http:
        for n in range(1, pushes + 1):
            obs_id = str(uuid.uuid4())
            data = {
                "hcp": seeded["hcp"],
                "visited_at": "2026-01-05T10:00:00Z",
                "channel": "in_person",
                "products": [],
                "content_shown": [],
                "note": NOTE,
                "captured_at": "2026-01-05T10:05:00Z",
            }
            body = {
                "client_id": client_id,
                "schema_version": 1,
                "mutations": [
                    {
                        "mutation_id": n,
                        "op": "upsert",
                        "entity": "observation",
                        "id": obs_id,
                        "base_rev": None,
                        "data": data,
                    }
                ],
            }
            started[obs_id] = time.perf_counter()
            answer = http.post("/api/v1/sync/push", json=body)
            answer.raise_for_status()
            time.sleep(gap)
    return started


def summary(name: str, started: dict[str, float], arrived: dict[str, float]) -> str:
    ms = sorted((arrived[k] - t) * 1000 for k, t in started.items() if k in arrived)
    if not ms:
        return f"{name}: nothing arrived"
    p95 = ms[min(len(ms) - 1, int(round(0.95 * len(ms))) - 1)]
    return (
        f"{name}: p50 {statistics.median(ms):.0f} ms, p95 {p95:.0f} ms, max {ms[-1]:.0f} ms "
        f"({len(ms)}/{len(started)} arrived)"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pushes", type=int, default=60)
    parser.add_argument("--gap", type=float, default=0.25, help="seconds between pushes")
    parser.add_argument("--concurrency", type=int, default=4, help="worker processes")
    parser.add_argument("--port", type=int, default=8765)
    parser.add_argument("--worker", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    os.environ.update(ENV)
    if args.worker:
        run_worker(args.concurrency)
        return
    prepare_database()
    import django

    django.setup()
    arrivals_hook, arrivals_ws, secrets = Arrivals(), Arrivals(), {}
    receiver = start_receiver(arrivals_hook, secrets)
    seeded = seed(f"http://127.0.0.1:{receiver.server_address[1]}/hook")
    secrets["secret"] = seeded["secret"]
    logs = open(LOG_FILE, "w")  # noqa: SIM115 - open for the processes' whole life
    commands = [
        [
            str(ROOT / ".venv/bin/daphne"),
            "-b",
            "127.0.0.1",
            "-p",
            str(args.port),
            "backend.asgi:application",
        ],
        [sys.executable, __file__, "--worker", "--concurrency", str(args.concurrency)],
    ]
    procs = [
        subprocess.Popen(
            cmd, cwd=ROOT, env={**os.environ}, stdout=logs, stderr=logs, start_new_session=True
        )
        for cmd in commands
    ]
    try:
        base = f"http://127.0.0.1:{args.port}"
        wait_healthy(base, time.time() + 60)
        ready = threading.Event()
        start_ws_client(args.port, seeded["engine_token"], arrivals_ws, ready)
        if not ready.wait(20):
            raise SystemExit("WebSocket client could not connect")
        time.sleep(3)  # let the worker finish booting its pool
        started = push_all(base, seeded, args.pushes, args.gap)
        deadline = time.time() + 30
        while time.time() < deadline and (
            len(arrivals_hook.times) < len(started) or len(arrivals_ws.times) < len(started)
        ):
            time.sleep(0.1)
        print(
            f"alert latency: {len(started)} pushes, {args.gap}s apart, each an adverse-event "
            f"note; Celery worker ({args.concurrency} processes) on Redis, daphne, PostgreSQL"
        )
        print(f"tagger: {tagger_name()}")
        print(summary("push -> webhook receiver", started, arrivals_hook.times))
        print(summary("push -> WebSocket", started, arrivals_ws.times))
    finally:
        receiver.shutdown()
        for proc in procs:  # the processes this script started, by their own group id
            if proc.poll() is None:
                os.killpg(proc.pid, signal.SIGTERM)
        for proc in procs:
            try:
                proc.wait(timeout=20)
            except subprocess.TimeoutExpired:
                os.killpg(proc.pid, signal.SIGKILL)
        logs.close()
        print(f"(server and worker output: {LOG_FILE})")


if __name__ == "__main__":
    main()
