"""Telephony speed: prints figures, asserts nothing.

Starts the real server (2 worker processes, SQLite, demo data, telephony on with a test account) and measures:
- the incoming-call webhook (POST /telephony/voice, signed as Twilio signs it) under 20 concurrent calls, beside a
  trivial endpoint of the same app (/healthz) at the same concurrency in the same run; target: p95 < 50 ms;
- the screen-pop: an agent's console polls /telephony/console/calls as the page does; for calls arriving one by
  one, the time from the webhook's answer until the console's fragment shows the caller (either worker process may
  serve either request).

    .venv/bin/python bench/telephony.py [--calls 400] [--concurrency 20] [--pops 30]
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import requests
from service import Server, cct, percentile, signed_in
from twilio.request_validator import RequestValidator

ACCOUNT = "AC" + "0" * 32
TOKEN = "bench-auth-token-0123456789abcdef"  # noqa: S105 - a made-up account for this run
PUBLIC = "https://cct.example.test"
NUMBER = "+48856696000"
POLL_MS = 700  # as telephony.console.POLL_MS


def call_form(sid: str, caller: str) -> dict[str, str]:
    return {
        "AccountSid": ACCOUNT,
        "ApiVersion": "2010-04-01",
        "CallSid": sid,
        "CallStatus": "ringing",
        "Direction": "inbound",
        "From": caller,
        "To": NUMBER,
        "Caller": caller,
        "Called": NUMBER,
    }


def timed_posts(base: str, total: int, concurrency: int, offset: int) -> list[float]:
    validator = RequestValidator(TOKEN)
    local = threading.local()

    def one(i: int) -> float:
        session = getattr(local, "session", None) or requests.Session()
        local.session = session
        form = call_form(f"CA{offset + i:032x}", f"+48600{(offset + i) % 1_000_000:06d}")
        headers = {"X-Twilio-Signature": validator.compute_signature(PUBLIC + "/telephony/voice", form)}
        start = time.perf_counter()
        response = session.post(base + "/telephony/voice", data=form, headers=headers, timeout=60)
        elapsed = time.perf_counter() - start
        if response.status_code != 200:
            raise RuntimeError(f"webhook: {response.status_code} {response.text[:200]}")
        return elapsed

    with ThreadPoolExecutor(concurrency) as pool:
        return list(pool.map(one, range(total)))


def timed_gets(base: str, total: int, concurrency: int) -> list[float]:
    local = threading.local()

    def one(_i: int) -> float:
        session = getattr(local, "session", None) or requests.Session()
        local.session = session
        start = time.perf_counter()
        response = session.get(base + "/healthz", timeout=60)
        if response.status_code != 200:
            raise RuntimeError(f"/healthz: {response.status_code}")
        return time.perf_counter() - start

    with ThreadPoolExecutor(concurrency) as pool:
        return list(pool.map(one, range(total)))


def screen_pop(base: str, count: int) -> list[float]:
    """Seconds from a webhook's answer to the first console poll that shows the caller."""
    agent = signed_in(base, "konsultant")
    seen: dict[str, float] = {}
    stop = threading.Event()

    def poll() -> None:
        while not stop.is_set():
            html = agent.get(base + "/telephony/console/calls", timeout=30).text
            now = time.perf_counter()
            for sid in pending:
                if sid not in seen and sid in html:
                    seen[sid] = now
            stop.wait(POLL_MS / 1000)

    pending: list[str] = []
    poller = threading.Thread(target=poll, daemon=True)
    poller.start()
    validator = RequestValidator(TOKEN)
    answered: dict[str, float] = {}
    for n in range(count):
        sid = f"CB{n:032x}"
        form = call_form(sid, f"+48601{n:06d}")
        pending.append(sid)
        headers = {"X-Twilio-Signature": validator.compute_signature(PUBLIC + "/telephony/voice", form)}
        requests.post(base + "/telephony/voice", data=form, headers=headers, timeout=30).raise_for_status()
        answered[sid] = time.perf_counter()
        deadline = time.perf_counter() + 5
        while sid not in seen and time.perf_counter() < deadline:
            time.sleep(0.01)
        time.sleep(0.137 * (n % 5))  # arrive at different moments of the poll cycle
    stop.set()
    return [seen[sid] - answered[sid] for sid in answered if sid in seen]


def figures(name: str, seconds: list[float]) -> str:
    ms = [s * 1000 for s in seconds]
    return f"{name:<44} p50 {statistics.median(ms):7.1f} ms  p95 {percentile(ms, 0.95):7.1f} ms  max {max(ms):7.1f} ms"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--calls", type=int, default=400)
    parser.add_argument("--concurrency", type=int, default=20)
    parser.add_argument("--pops", type=int, default=30)
    args = parser.parse_args()
    workdir = Path(tempfile.mkdtemp(prefix="cct-telephony-bench-"))
    env = {
        "CCT_DATABASE_URL": f"sqlite:///{workdir / 'cct.db'}",
        "CCT_INSTANCE_PATH": str(workdir / "instance"),
        "CCT_LOG_LEVEL": "WARNING",
    }
    cct(env, "db", "upgrade")
    cct(env, "demo")
    telephony = {
        "CCT_TWILIO_ACCOUNT_SID": ACCOUNT,
        "CCT_TWILIO_AUTH_TOKEN": TOKEN,
        "CCT_TWILIO_PHONE_NUMBER": NUMBER,
        "CCT_TWILIO_PUBLIC_BASE_URL": PUBLIC,
        "CCT_TWILIO_HOURS": "always",
    }
    server = Server({**env, **telephony})
    try:
        pops = screen_pop(server.base, args.pops)  # first: the console then lists only these calls
        timed_posts(server.base, 40, args.concurrency, offset=10**6)  # warm-up
        timed_gets(server.base, 40, args.concurrency)
        voice = timed_posts(server.base, args.calls, args.concurrency, offset=0)
        trivial = timed_gets(server.base, args.calls, args.concurrency)
    finally:
        server.stop()
    print(f"\n{args.calls} requests each at concurrency {args.concurrency}, 2 server processes, SQLite")
    print(figures("POST /telephony/voice (signed webhook)", voice))
    print(figures("GET /healthz (trivial endpoint)", trivial))
    ratio = percentile(voice, 0.95) / percentile(trivial, 0.95)
    print(f"webhook p95 / trivial p95: {ratio:.2f}")
    print(f"\nscreen-pop, {len(pops)} of {args.pops} calls seen (console polls every {POLL_MS} ms)")
    print(figures("webhook answered -> caller on the console", pops))
    print("\ntargets: incoming-call webhook p95 < 50 ms; the caller on the console within 1 s")


if __name__ == "__main__":
    main()
