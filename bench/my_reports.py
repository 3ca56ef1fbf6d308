""" "Moje zgłoszenia" benchmark: prints figures, asserts nothing.

Does "send me a code" take the same time whether or not the contact has tickets? It starts the real service with the
demo data (`cct demo`, `cct serve`), then asks for codes in alternating rounds for the demo resident's e-mail (who has
tickets) and for addresses nobody used, each request from a fresh browser session, and prints p50/p95 of each and
their ratio. The rate limits are lifted for the run; e-mail goes to a port where nobody listens (the request only
queues the message; the worker's failures do not touch the measured requests).

    .venv/bin/python bench/my_reports.py [--backends sqlite postgresql] [--requests 90]

The machine is shared and noisy: compare figures as ratios within one run.
"""

from __future__ import annotations

import argparse
import re
import time

import requests
from service import Server, cct, create_database, drop_database, free_port, percentile

KNOWN = "jan.kowalski@example.org"  # the demo resident (tickets.demo.RESIDENT)


def ask(base: str, contact: str) -> float:
    session = requests.Session()
    page = session.get(f"{base}/zgloszenia/moje").text
    token = re.search(r'name="csrf_token"[^>]*?value="([^"]+)"', page).group(1)
    started = time.perf_counter()
    answer = session.post(
        f"{base}/zgloszenia/moje", data={"contact": contact, "csrf_token": token}, allow_redirects=False
    )
    elapsed = time.perf_counter() - started
    if answer.status_code != 303:
        raise RuntimeError(f"asking for a code for {contact} answered {answer.status_code}")
    return elapsed * 1000


def run(backend: str, requests_each: int) -> None:
    _workdir, url, database = create_database(backend, "cct-bench-mine-")
    env = {
        "CCT_DATABASE_URL": url,
        "CCT_MAIL_SMTP_HOST": "127.0.0.1",
        "CCT_MAIL_SMTP_PORT": str(free_port()),
        "CCT_MAIL_SECURITY": "none",
        "CCT_MY_REPORTS_PER_CONTACT_LIMIT": "100",
        "CCT_MY_REPORTS_PER_ADDRESS_LIMIT": "10000",
    }
    try:
        cct(env, "db", "upgrade")
        cct(env, "demo")
        server = Server(env)
        try:
            for n in range(10):  # warm up both paths
                ask(server.base, KNOWN if n % 2 else f"rozgrzewka{n}@example.org")
            known: list[float] = []
            unknown: list[float] = []
            for n in range(requests_each):  # alternating which goes first, so drift touches both alike
                if n % 2:
                    known.append(ask(server.base, KNOWN))
                    unknown.append(ask(server.base, f"nikt{n}@example.org"))
                else:
                    unknown.append(ask(server.base, f"nikt{n}@example.org"))
                    known.append(ask(server.base, KNOWN))
        finally:
            server.stop()
    finally:
        drop_database(database)
    p50k, p95k = percentile(known, 0.5), percentile(known, 0.95)
    p50u, p95u = percentile(unknown, 0.5), percentile(unknown, 0.95)
    print(
        f"{backend}: known contact p50 {p50k:.1f} ms p95 {p95k:.1f} ms | unknown p50 {p50u:.1f} ms p95 {p95u:.1f} ms"
        f" | ratio unknown/known p50 {p50u / p50k:.2f} p95 {p95u / p95k:.2f} ({len(known)} + {len(unknown)} requests)"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--backends", nargs="+", default=["sqlite", "postgresql"])
    parser.add_argument("--requests", type=int, default=90, help="each; at most 90 (per_contact_limit is at most 100)")
    args = parser.parse_args()
    for backend in args.backends:
        run(backend, args.requests)


if __name__ == "__main__":
    main()
