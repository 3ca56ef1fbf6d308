"""Telephony speed: prints figures, asserts nothing.

Starts the real server (2 worker processes, SQLite, demo data, telephony on with a test account) and measures:
- 20 concurrent calls: 20 callers each make call after call, every call the webhook sequence Twilio sends (voice,
  recording consent, menu, two queue wait polls, leaving the queue, the final status) with a caller's pauses
  between them; p50/p95 of the incoming-call webhook (POST /telephony/voice, signed as Twilio signs it) and of all
  webhooks, beside a trivial endpoint of the same app (/healthz) requested in the same pattern in the same run;
  target: incoming-call webhook p95 < 50 ms;
- saturation: the incoming-call webhook and /healthz fired back to back by 20 threads (no pauses), for the ratio;
- the screen-pop: an agent's console polls /telephony/console/calls as the page does; for calls arriving one by
  one, the time from the webhook's answer until the console's fragment shows the caller (either worker process may
  serve either request).

    .venv/bin/python bench/telephony.py [--callers 20] [--seconds 40] [--calls 400] [--pops 30]
"""

from __future__ import annotations

import argparse
import re
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
    """Incoming-call webhooks fired back to back by `concurrency` threads."""
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


STEPS = [  # (path, extra form fields, pause after it in seconds): one call as Twilio drives it
    ("/telephony/voice", {}, 1.0),
    ("/telephony/ivr?step=consent", {"CallStatus": "in-progress"}, 1.5),
    ("/telephony/ivr?step=menu", {"CallStatus": "in-progress", "Digits": "2"}, 0.5),
    ("/telephony/ivr?step=wait", {"CallStatus": "in-progress", "QueuePosition": "2"}, 1.0),
    ("/telephony/ivr?step=wait", {"CallStatus": "in-progress", "QueuePosition": "1"}, 1.0),
    ("/telephony/ivr?step=left", {"CallStatus": "in-progress", "QueueResult": "bridged", "QueueTime": "25"}, 0.5),
    ("/telephony/status", {"CallStatus": "completed", "CallDuration": "90"}, 0.5),
]


def concurrent_calls(base: str, callers: int, seconds: float, trivial: bool) -> dict[str, list[float]]:
    """Latencies by path while `callers` callers each make calls for `seconds` (or /healthz in their place)."""
    validator = RequestValidator(TOKEN)
    found: dict[str, list[float]] = {}
    lock = threading.Lock()
    deadline = time.perf_counter() + seconds

    def caller(n: int) -> None:
        session = requests.Session()
        made = 0
        time.sleep(n * 0.05)  # callers ring at different moments
        while time.perf_counter() < deadline:
            sid = f"CA{(n + 1) * 10**6 + made + (5 * 10**8 if trivial else 0):032x}"
            made += 1
            for path, extra, pause in STEPS:
                form = {**call_form(sid, f"+4860{n:03d}{made:04d}"), **extra}
                start = time.perf_counter()
                if trivial:
                    response = session.get(base + "/healthz", timeout=60)
                else:
                    signature = validator.compute_signature(PUBLIC + path, form)
                    response = session.post(
                        base + path, data=form, headers={"X-Twilio-Signature": signature}, timeout=60
                    )
                elapsed = time.perf_counter() - start
                if response.status_code >= 400:
                    raise RuntimeError(f"{path}: {response.status_code} {response.text[:200]}")
                with lock:
                    found.setdefault("/healthz" if trivial else path.split("?")[0], []).append(elapsed)
                    found.setdefault("all", []).append(elapsed)
                time.sleep(pause)

    threads = [threading.Thread(target=caller, args=(n,)) for n in range(callers)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return found


def screen_pop(base: str, count: int) -> list[float]:
    """Seconds from a webhook's answer to the first console poll that shows the caller."""
    agent = signed_in(base, "konsultant")
    page = agent.get(base + "/telephony/console").text
    token = re.search(r'name="csrf_token"[^>]*?value="([^"]+)"', page).group(1)  # type: ignore[union-attr]
    agent.post(base + "/telephony/console/presence", data={"status": "available", "csrf_token": token})
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
    parser.add_argument("--callers", type=int, default=20)
    parser.add_argument("--seconds", type=float, default=40)
    parser.add_argument("--calls", type=int, default=400, help="requests of each kind in the saturation run")
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
        timed_posts(server.base, 40, args.callers, offset=10**7)  # warm-up
        calls = concurrent_calls(server.base, args.callers, args.seconds, trivial=False)
        trivial = concurrent_calls(server.base, args.callers, args.seconds, trivial=True)
        voice = timed_posts(server.base, args.calls, args.callers, offset=0)
        healthz = timed_gets(server.base, args.calls, args.callers)
    finally:
        server.stop()
    print(f"\n{args.callers} concurrent calls for {args.seconds:.0f} s each run, 2 server processes, SQLite")
    print(figures("POST /telephony/voice (incoming call)", calls["/telephony/voice"]))
    print(figures(f"all {len(calls['all'])} webhooks", calls["all"]))
    print(figures("GET /healthz in the same pattern", trivial["all"]))
    ratio = percentile(calls["/telephony/voice"], 0.95) / percentile(trivial["all"], 0.95)
    print(f"incoming-call p95 / trivial p95: {ratio:.2f}")
    print(f"\nsaturation: {args.calls} requests each, {args.callers} threads back to back")
    print(figures("POST /telephony/voice", voice))
    print(figures("GET /healthz", healthz))
    print(f"p95 ratio: {percentile(voice, 0.95) / percentile(healthz, 0.95):.2f}")
    print(f"\nscreen-pop, {len(pops)} of {args.pops} calls seen (console polls every {POLL_MS} ms)")
    print(figures("webhook answered -> caller on the console", pops))
    print(
        "\ntargets: incoming-call webhook p95 < 50 ms under 20 concurrent calls; the caller on the console within 1 s"
    )


if __name__ == "__main__":
    main()
