"""Telephony speed: prints figures, asserts nothing.

Starts the real server (2 worker processes, SQLite, demo data, telephony on with a test account) and measures:
- 20 concurrent calls: 20 callers each make call after call, every call the webhook sequence Twilio sends (voice,
  recording consent, menu, two queue wait polls, leaving the queue, the final status) with a caller's pauses
  between them; p50/p95 of the incoming-call webhook (POST /telephony/voice, signed as Twilio signs it) and of all
  webhooks, beside a trivial endpoint of the same app (/healthz) requested in the same pattern in the same run;
  target: incoming-call webhook p95 < 50 ms;
- saturation: the incoming-call webhook and /healthz fired back to back by 20 threads (no pauses), for the ratio;
- the screen-pop with 20 consoles open: for calls arriving one by one, the time from the webhook's answer until each
  console shows the caller, pushed (the page's server-sent events; either worker process may hold a console's
  stream and either may answer the webhook) and polled every 700 ms (the page's fallback);
- what idle consoles cost: the server's CPU while 20 consoles are open and no call comes, pushed and polled.

    .venv/bin/python bench/telephony.py [--callers 20] [--seconds 40] [--calls 400] [--pops 30] [--consoles 20]
"""

from __future__ import annotations

import argparse
import os
import re
import statistics
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import requests
from service import Server, cct, percentile, signed_in, sqlite_env
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


def consoles(base: str, count: int) -> list[requests.Session]:
    """`count` agents' consoles (the demo's agent signed in `count` times: each console is a session), available."""
    sessions = [signed_in(base, "konsultant") for _ in range(count)]
    page = sessions[0].get(base + "/telephony/console").text
    token = re.search(r'name="csrf_token"[^>]*?value="([^"]+)"', page).group(1)  # type: ignore[union-attr]
    sessions[0].post(base + "/telephony/console/presence", data={"status": "available", "csrf_token": token})
    return sessions


class Watchers:
    """The consoles watching, as the page does: by the server's stream of events, or by polling the fragment."""

    def __init__(self, base: str, sessions: list[requests.Session], how: str) -> None:
        self.base, self.how = base, how
        self.seen: dict[tuple[int, str], float] = {}
        self.pending: list[str] = []
        self.stop = threading.Event()
        self.responses: list[requests.Response] = []
        self.threads = [
            threading.Thread(target=self._stream if how == "stream" else self._poll, args=(n, s), daemon=True)
            for n, s in enumerate(sessions)
        ]
        for thread in self.threads:
            thread.start()

    def _note(self, n: int, html: str) -> None:
        now = time.perf_counter()
        for sid in list(self.pending):
            if (n, sid) not in self.seen and sid in html:
                self.seen[(n, sid)] = now

    def _stream(self, n: int, session: requests.Session) -> None:
        response = session.get(self.base + "/telephony/console/events", stream=True, timeout=(5, 120))
        if response.status_code != 200:
            raise RuntimeError(f"stream {n}: {response.status_code}")
        self.responses.append(response)
        data: list[str] = []
        try:
            for line in response.iter_lines(decode_unicode=True):
                if line.startswith("data:"):
                    data.append(line[5:])
                elif not line and data:
                    self._note(n, "\n".join(data))
                    data = []
        except (requests.RequestException, AttributeError, ValueError):
            pass  # closed at the end of the run

    def _poll(self, n: int, session: requests.Session) -> None:
        time.sleep(n * POLL_MS / 1000 / 20)  # consoles opened at different moments
        while not self.stop.is_set():
            self._note(n, session.get(self.base + "/telephony/console/calls", timeout=30).text)
            self.stop.wait(POLL_MS / 1000)

    def close(self) -> None:
        self.stop.set()
        for response in self.responses:
            response.close()


def screen_pop(base: str, sessions: list[requests.Session], count: int, how: str, first: int) -> list[float]:
    """Seconds from an incoming-call webhook's answer until each console shows the caller."""
    watchers = Watchers(base, sessions, how)
    time.sleep(1.0)  # every console open
    validator = RequestValidator(TOKEN)
    answered: dict[str, float] = {}
    try:
        for n in range(count):
            sid = f"CB{first + n:032x}"
            form = call_form(sid, f"+48601{first + n:06d}")
            watchers.pending.append(sid)
            headers = {"X-Twilio-Signature": validator.compute_signature(PUBLIC + "/telephony/voice", form)}
            requests.post(base + "/telephony/voice", data=form, headers=headers, timeout=30).raise_for_status()
            answered[sid] = time.perf_counter()
            deadline = time.perf_counter() + 5
            while time.perf_counter() < deadline and any((i, sid) not in watchers.seen for i in range(len(sessions))):
                time.sleep(0.01)
            status = {**form, "CallStatus": "completed", "CallDuration": "5"}  # hung up: the console lists no more
            headers = {"X-Twilio-Signature": validator.compute_signature(PUBLIC + "/telephony/status", status)}
            requests.post(base + "/telephony/status", data=status, headers=headers, timeout=30)
            time.sleep(0.137 * (n % 5))  # arrive at different moments of a poll cycle
    finally:
        watchers.close()
    return [
        watchers.seen[(i, sid)] - at
        for sid, at in answered.items()
        for i in range(len(sessions))
        if (i, sid) in watchers.seen
    ]


def server_cpu_seconds(pid: int) -> float:
    """CPU time (user + system) of the server: its process and every descendant (Linux /proc)."""
    children: dict[int, list[int]] = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            children.setdefault(int(fields[1]), []).append(int(entry.name))
    total, todo = 0.0, [pid]
    while todo:
        current = todo.pop()
        try:
            fields = (Path("/proc") / str(current) / "stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        total += (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
        todo.extend(children.get(current, []))
    return total


def idle_cost(server: Server, sessions: list[requests.Session], how: str, seconds: float) -> tuple[float, int]:
    """The server's CPU seconds per wall second while the consoles are open and no call comes; and requests made."""
    watchers = Watchers(server.base, sessions, how)
    time.sleep(1.0)
    before = server_cpu_seconds(server.process.pid)
    time.sleep(seconds)
    used = server_cpu_seconds(server.process.pid) - before
    watchers.close()
    requests_made = len(sessions) if how == "stream" else int(len(sessions) * seconds / (POLL_MS / 1000))
    return used / seconds, requests_made


def figures(name: str, seconds: list[float]) -> str:
    ms = [s * 1000 for s in seconds]
    return f"{name:<44} p50 {statistics.median(ms):7.1f} ms  p95 {percentile(ms, 0.95):7.1f} ms  max {max(ms):7.1f} ms"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--callers", type=int, default=20)
    parser.add_argument("--seconds", type=float, default=40)
    parser.add_argument("--calls", type=int, default=400, help="requests of each kind in the saturation run")
    parser.add_argument("--pops", type=int, default=30)
    parser.add_argument("--consoles", type=int, default=20, help="agents' consoles open during the screen-pop")
    parser.add_argument("--idle-seconds", type=float, default=20)
    args = parser.parse_args()
    _workdir, env = sqlite_env("cct-telephony-bench-")
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
        sessions = consoles(server.base, args.consoles)  # first: the consoles then list only these calls
        pops = screen_pop(server.base, sessions, args.pops, "stream", 0)
        polled = screen_pop(server.base, sessions, args.pops, "poll", args.pops)
        idle_stream = idle_cost(server, sessions, "stream", args.idle_seconds)
        idle_poll = idle_cost(server, sessions, "poll", args.idle_seconds)
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
    expected = args.pops * args.consoles
    print(f"\nscreen-pop, {args.consoles} consoles open, {args.pops} calls one by one (each seen on every console)")
    print(figures(f"pushed (server-sent events), {len(pops)} of {expected} seen", pops))
    print(figures(f"polled every {POLL_MS} ms (the fallback), {len(polled)} of {expected}", polled))
    print(f"\nan idle console: {args.consoles} consoles open for {args.idle_seconds:.0f} s, no calls")
    for name, (cpu, made) in (("pushed", idle_stream), ("polled", idle_poll)):
        print(f"{name:<10} server CPU {cpu * 100:5.1f}% of one core, {made} requests")
    print(
        "\ntargets: incoming-call webhook p95 < 50 ms under 20 concurrent calls; "
        "the caller on every console p95 < 300 ms"
    )


if __name__ == "__main__":
    main()
