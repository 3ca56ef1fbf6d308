"""Tickets under kill -9: prints, per database, what the clients were told and what the database holds; asserts
nothing.

8 clients open tickets through the API (POST /api/v1/tickets), each with its own Idempotency-Key, as fast as the
server answers. Meanwhile the server (gunicorn's master and its workers, the whole process group) is killed with
SIGKILL, restarted on the same port, and killed again. A client whose request failed (refused connection, reset,
5xx) sends it again with the same key until it is answered, as a careful client would. Then the database is read:

  acknowledged   requests answered 201/200 with a ticket number
  found          acknowledged tickets that are in the database (under the number the client was told)
  lost           acknowledged tickets that are not
  duplicates     keys that made more than one ticket (a retry of a request that had been saved)
  unanswered     keys still without an answer when the clients stopped (saved or not: counted in the database)
  numbers        whether the year's numbers are distinct and without gaps

    .venv/bin/python bench/kill9.py [--backends sqlite postgresql] [--clients 8] [--kills 2] [--seconds 4]
"""

from __future__ import annotations

import argparse
import os
import signal
import subprocess
import sys
import threading
import time
from collections import Counter
from dataclasses import dataclass, field

import requests
import sqlalchemy as sa
from service import ROOT, cct, create_database, drop_database, free_port

MARK = "kill9"


class Service:
    """`cct serve` in a process group of its own, so that SIGKILL reaches the master and every worker at once."""

    def __init__(self, env: dict[str, str], port: int) -> None:
        self.env, self.port = env, port
        self.base = f"http://127.0.0.1:{port}"
        self.process: subprocess.Popen[bytes] | None = None

    def start(self) -> float:
        clean = {k: v for k, v in os.environ.items() if not k.startswith("CCT_")}
        started = time.monotonic()
        self.process = subprocess.Popen(  # noqa: S603 - our own interpreter and module
            [sys.executable, "-m", "cct", "serve", "--port", str(self.port), "--workers", "2"],
            env={**clean, **self.env},
            cwd=ROOT,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            start_new_session=True,
        )
        while time.monotonic() - started < 120:
            try:
                if requests.get(self.base + "/healthz", timeout=2).status_code == 200:
                    return time.monotonic() - started
            except (requests.ConnectionError, requests.Timeout):
                time.sleep(0.1)
        raise RuntimeError("the server did not start")

    def kill(self) -> None:
        assert self.process is not None
        os.killpg(self.process.pid, signal.SIGKILL)
        self.process.wait(timeout=30)

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            self.process.wait(timeout=60)


@dataclass
class Tally:
    acknowledged: dict[str, str] = field(default_factory=dict)  # key -> the number the client was told
    unanswered: set[str] = field(default_factory=set)
    retries: int = 0
    give_up_at: float = float("inf")  # once the run is over, a request still failing is given up after a while
    lock: threading.Lock = field(default_factory=threading.Lock)


def client(service: Service, token: str, name: str, stop: threading.Event, tally: Tally) -> None:
    session = requests.Session()
    headers = {"Authorization": f"Bearer {token}"}
    sent = 0
    while not stop.is_set():
        sent += 1
        key = f"{name}-{sent}"
        body = {"subject": f"{MARK} {key}", "category": "oswietlenie", "resident_phone": "600100200"}
        while True:
            try:
                response = session.post(
                    service.base + "/api/v1/tickets",
                    json=body,
                    headers=headers | {"Idempotency-Key": key},
                    timeout=30,
                )
                if response.status_code in (200, 201):
                    with tally.lock:
                        tally.acknowledged[key] = response.json()["number"]
                    break
                if response.status_code < 500 and response.status_code != 429:
                    raise RuntimeError(f"refused: {response.status_code} {response.text[:200]}")
            except (requests.ConnectionError, requests.Timeout):
                pass
            with tally.lock:
                tally.retries += 1
            if time.monotonic() > tally.give_up_at:
                with tally.lock:
                    tally.unanswered.add(key)
                return
            time.sleep(0.05)


def run(backend: str, clients: int, kills: int, seconds: float) -> dict:
    workdir, url, database = create_database(backend, "cct-kill9-")
    env = {
        "CCT_DATABASE_URL": url,
        "CCT_INSTANCE_PATH": str(workdir / "instance"),
        "CCT_LOG_LEVEL": "WARNING",
        "CCT_SECURITY_API_WRITES_PER_MINUTE": "100000",
        "CCT_SECURITY_API_READS_PER_MINUTE": "1000000",  # the run measures durability, not the rate limit
    }
    try:
        cct(env, "demo")
        token = cct(env, "users", "token", "konsultant").strip()
        service = Service(env, free_port())
        service.start()
        tally, stop = Tally(), threading.Event()
        threads = [threading.Thread(target=client, args=(service, token, f"c{n}", stop, tally)) for n in range(clients)]
        for thread in threads:
            thread.start()
        restarts = []
        for _ in range(kills):
            time.sleep(seconds)
            service.kill()
            restarts.append(service.start())
        time.sleep(seconds)
        tally.give_up_at = time.monotonic() + 30
        stop.set()
        for thread in threads:
            thread.join()
        service.stop()
        engine = sa.create_engine(url)
        with engine.connect() as connection:
            rows = connection.execute(
                sa.text("SELECT subject, year, seq FROM tickets WHERE subject LIKE :mark"), {"mark": f"{MARK} %"}
            ).all()
            numbers = connection.execute(sa.text("SELECT year, seq FROM tickets")).all()
        engine.dispose()
    finally:
        drop_database(database)
    saved = Counter(subject.removeprefix(f"{MARK} ") for subject, _year, _seq in rows)
    held = {subject.removeprefix(f"{MARK} "): f"{year}/{seq:06d}" for subject, year, seq in rows}
    found = sum(1 for key, number in tally.acknowledged.items() if held.get(key) == number)
    by_year: dict[int, list[int]] = {}
    for year, seq in numbers:
        by_year.setdefault(year, []).append(seq)
    gapless = all(sorted(seqs) == list(range(1, len(seqs) + 1)) for seqs in by_year.values())
    return {
        "acknowledged": len(tally.acknowledged),
        "found": found,
        "lost": len(tally.acknowledged) - found,
        "duplicates": sum(1 for count in saved.values() if count > 1),
        "unanswered": len(tally.unanswered),
        "unanswered_saved": sum(1 for key in tally.unanswered if key in saved),
        "retries": tally.retries,
        "restart_seconds": restarts,
        "numbers": "distinct, no gaps" if gapless and len(numbers) == len(set(numbers)) else "GAPS OR REPEATS",
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--backends", nargs="+", default=["sqlite", "postgresql"], choices=["sqlite", "postgresql"])
    parser.add_argument("--clients", type=int, default=8)
    parser.add_argument("--kills", type=int, default=2)
    parser.add_argument("--seconds", type=float, default=4.0, help="load before each kill, and after the last")
    args = parser.parse_args()
    for backend in args.backends:
        f = run(backend, args.clients, args.kills, args.seconds)
        print(f"\n== {backend}: {args.clients} clients, killed -9 {args.kills} times ==")
        print(
            f"acknowledged {f['acknowledged']}   found {f['found']}   lost {f['lost']}   duplicates {f['duplicates']}"
        )
        print(
            f"unanswered when stopped {f['unanswered']} (of them saved: {f['unanswered_saved']})   "
            f"retries {f['retries']}   numbers: {f['numbers']}"
        )
        print("restart to ready: " + ", ".join(f"{s:.1f} s" for s in f["restart_seconds"]))
    print("\nexpected: lost 0, duplicates 0, numbers distinct with no gaps")


if __name__ == "__main__":
    main()
