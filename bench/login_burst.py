"""A burst of logins: N token requests at once against PostgreSQL with P ASGI processes.

    .venv/bin/python bench/login_burst.py --logins 200

Prints the answers by status (and error code) and the latency p50/p95/max. The target: every
request answered, none ``503 server_busy`` (the password hash runs without holding a database
connection, backend/accounts/services.py). Throttles are off here: with them on, the
per-address limit answers 429 ``rate_limited`` to most of a burst from one address, as it should.
Uses its own database (fieldsignal_load) on 127.0.0.1.
"""

import argparse
import asyncio
import sys
import time
from collections import Counter
from pathlib import Path

import httpx

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _support import backend_env, manage, percentile, recreate_database, served  # noqa: E402

USERS_SCRIPT = """
from django.contrib.auth.hashers import make_password
from backend.accounts.models import Role, User
from backend.catalog.models import Territory
t = Territory.objects.order_by("code").first()
password = make_password("burst-pw")  # the real hasher and cost: each login checks it
User.objects.bulk_create([User(username=f"burst{{n:04d}}", role=Role.REP, territory=t,
                               password=password) for n in range({count})])
print("ok")
"""


async def _burst(urls: list[str], count: int, timeout: float) -> tuple[Counter[str], list[float]]:
    answers: Counter[str] = Counter()
    times: list[float] = []
    limits = httpx.Limits(max_connections=count + 10)
    async with httpx.AsyncClient(timeout=timeout, limits=limits) as http:

        async def one(n: int) -> None:
            started = time.perf_counter()
            try:
                response = await http.post(
                    f"{urls[n % len(urls)]}/api/v1/auth/token",
                    json={"username": f"burst{n:04d}", "password": "burst-pw"},
                )
            except httpx.HTTPError as exc:
                answers[type(exc).__name__] += 1
                return
            times.append(time.perf_counter() - started)
            code = ""
            if response.status_code != 200:
                code = " " + str(response.json().get("error", {}).get("code", ""))
            answers[f"{response.status_code}{code}"] += 1

        await asyncio.gather(*(one(n) for n in range(count)))
    return answers, times


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--logins", type=int, default=200)
    parser.add_argument("--processes", type=int, default=2)
    parser.add_argument("--timeout", type=float, default=300.0)
    args = parser.parse_args()
    if args.logins > 1000:
        sys.exit("bounded on purpose: at most 1000 logins")
    env = backend_env(recreate_database("fieldsignal_load"), THROTTLE_ENABLED="false")
    manage(env, "migrate", "--verbosity", "0")
    manage(env, "seed_demo")
    manage(env, "shell", "-c", USERS_SCRIPT.format(count=args.logins))
    with served(env, processes=args.processes) as urls:
        started = time.perf_counter()
        answers, times = asyncio.run(_burst(urls, args.logins, args.timeout))
        elapsed = time.perf_counter() - started
    ms = [t * 1000 for t in times] or [0.0]
    print(f"{args.logins} logins at once, {args.processes} daphne processes: {dict(answers)}")
    print(
        f"latency p50 {percentile(ms, 50):.0f} ms  p95 {percentile(ms, 95):.0f} ms  "
        f"max {max(ms):.0f} ms; all answered in {elapsed:.1f} s"
    )
    return 0 if answers.get("200") == args.logins else 1


if __name__ == "__main__":
    sys.exit(main())
