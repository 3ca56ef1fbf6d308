"""Press office's signals benchmark: prints figures, asserts nothing.

For each database it starts the real service (`cct demo`, `cct serve`), bulk-loads five weeks of a helpline at
Warsaw 19115's rate (690,000 contacts a year: ~13,300 tickets a week by default, as many calls with an IVR choice,
and 2,000 distinct searched queries a day), and measures p50/p95 of what the press office waits for: the signals page
(tops of a day and of seven days, spikes against the four weeks before: 3 × 4 counts over the period) and a
campaign's page (its topic's tickets, calls and searches week by week), signed in as the spokesperson.

    .venv/bin/python bench/press_signals.py [--backends sqlite postgresql] [--per-week 13300] [--requests 30]

The machine is shared and noisy: compare figures as ratios within one run.
"""

from __future__ import annotations

import argparse
import statistics
import time
from datetime import UTC, datetime
from typing import Any

import requests
import sqlalchemy as sa
from service import Server, cct, create_database, drop_database, idle, percentile, signed_in

DAYS = 35

# tickets and calls spread evenly over the last five weeks, each ticket in one of the categories with a unit
TICKETS = {
    "postgresql": """
        INSERT INTO tickets (year, seq, subject, description, category_id, channel, priority, state, unit_id,
            consent_sms, consent_email, via_representative, first_response_due, resolution_due,
            created_at, updated_at, version)
        SELECT extract(year FROM t.created)::int, 500000 + n, 'Zgłoszenie ' || n, 'Opis ' || n, c.id, 'phone',
            'normal', 'closed', c.default_unit_id, false, false, false, t.created + interval '8 hours',
            t.created + interval '5 days', t.created, t.created, 1
        FROM generate_series(1, :total) AS n
        CROSS JOIN LATERAL (SELECT CAST(:now AS timestamptz) - (n * (interval '35 days' / :total)) AS created) t
        JOIN LATERAL (SELECT id, default_unit_id FROM ticket_categories
                      WHERE default_unit_id IS NOT NULL ORDER BY id OFFSET (n % :categories) LIMIT 1) c ON true
    """,
    "sqlite": """
        WITH RECURSIVE seq(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM seq WHERE n < :total),
        cats AS (SELECT id, default_unit_id, ROW_NUMBER() OVER (ORDER BY id) - 1 AS k FROM ticket_categories
                 WHERE default_unit_id IS NOT NULL),
        dated AS (SELECT n, datetime(:now, '-' || (n * 3024000 / :total) || ' seconds') AS created FROM seq)
        INSERT INTO tickets (year, seq, subject, description, category_id, channel, priority, state, unit_id,
            consent_sms, consent_email, via_representative, first_response_due, resolution_due,
            created_at, updated_at, version)
        SELECT CAST(strftime('%Y', created) AS INTEGER), 500000 + n, 'Zgłoszenie ' || n, 'Opis ' || n, cats.id,
            'phone', 'normal', 'closed', cats.default_unit_id, 0, 0, 0, datetime(created, '+8 hours'),
            datetime(created, '+5 days'), created, created, 1
        FROM dated JOIN cats ON cats.k = dated.n % :categories
    """,
}
CALLS = {
    "postgresql": """
        INSERT INTO calls (call_sid, direction, from_number, to_number, twilio_status, out_of_hours, recorded,
            ivr_choice, category_code, started_at, updated_at)
        SELECT 'CB' || lpad(n::text, 32, '0'), 'inbound', '+48600' || lpad((n % 1000000)::text, 6, '0'),
            '+48856000000', 'completed', false, true, ((n % 4) + 1)::text,
            (ARRAY['drogi','odpady','dowody','informacja'])[1 + n % 4],
            CAST(:now AS timestamptz) - (n * (interval '35 days' / :total)),
            CAST(:now AS timestamptz)
        FROM generate_series(1, :total) AS n
    """,
    "sqlite": """
        WITH RECURSIVE seq(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM seq WHERE n < :total)
        INSERT INTO calls (call_sid, direction, from_number, to_number, twilio_status, out_of_hours, recorded,
            ivr_choice, category_code, started_at, updated_at)
        SELECT printf('CB%032d', n), 'inbound', printf('+48600%06d', n % 1000000), '+48856000000', 'completed',
            0, 1, CAST((n % 4) + 1 AS TEXT),
            CASE n % 4 WHEN 0 THEN 'drogi' WHEN 1 THEN 'odpady' WHEN 2 THEN 'dowody' ELSE 'informacja' END,
            datetime(:now, '-' || (n * 3024000 / :total) || ' seconds'), :now
        FROM seq
    """,
}


def bulk_load(url: str, backend: str, per_week: int, queries_a_day: int) -> float:
    engine = sa.create_engine(url)
    now = datetime.now(UTC).replace(microsecond=0)
    stamp = now if backend == "postgresql" else now.strftime("%Y-%m-%d %H:%M:%S")
    total = per_week * DAYS // 7
    started = time.perf_counter()
    with engine.begin() as connection:
        categories = connection.execute(
            sa.text("SELECT count(*) FROM ticket_categories WHERE default_unit_id IS NOT NULL")
        ).scalar_one()
        connection.execute(sa.text(TICKETS[backend]), {"total": total, "categories": categories, "now": stamp})
        connection.execute(sa.text(CALLS[backend]), {"total": total, "now": stamp})
        keys = [{"key": f"zapytanie {n}", "example": f"zapytanie {n}"} for n in range(queries_a_day)]
        connection.execute(
            sa.text(
                "INSERT INTO kb_searched_queries (key, example, searches, without_result, opened, last_at) "
                "VALUES (:key, :example, 1, 0, 0, CURRENT_TIMESTAMP)"
            ),
            keys,
        )
        today = now.date()
        days = [
            {"day": date.isoformat(), "key": key["key"], "searches": 1 + n % 7, "without_result": n % 3 == 0}
            for date in (today.fromordinal(today.toordinal() - d) for d in range(DAYS))
            for n, key in enumerate(keys)
        ]
        connection.execute(
            sa.text(
                "INSERT INTO kb_search_days (day, key, searches, without_result) "
                "VALUES (:day, :key, :searches, CASE WHEN :without_result THEN 1 ELSE 0 END)"
            ),
            days,
        )
    with engine.connect() as connection:
        connection.execution_options(isolation_level="AUTOCOMMIT").execute(
            sa.text("VACUUM ANALYZE" if backend == "postgresql" else "ANALYZE")
        )
    engine.dispose()
    return time.perf_counter() - started


def sequential(session: requests.Session, url: str, count: int) -> dict[str, float]:
    latencies = []
    for _ in range(count):
        start = time.perf_counter()
        response = session.get(url, timeout=120)
        latencies.append(time.perf_counter() - start)
        if response.status_code != 200:
            raise RuntimeError(f"GET {url}: {response.status_code}")
    return {"p50": statistics.median(latencies) * 1000, "p95": percentile(latencies, 0.95) * 1000}


def run(backend: str, per_week: int, queries_a_day: int, requests_count: int) -> dict[str, Any]:
    workdir, url, database = create_database(backend, "cct-bench-signals-")
    env = {"CCT_DATABASE_URL": url, "CCT_INSTANCE_PATH": str(workdir / "instance"), "CCT_LOG_LEVEL": "WARNING"}
    figures: dict[str, Any] = {}
    try:
        cct(env, "demo")
        figures["bulk_seconds"] = bulk_load(url, backend, per_week, queries_a_day)
        server = Server(env)
        try:
            idle(server.base)
            spokesperson = signed_in(server.base, "rzecznik")
            sequential(spokesperson, server.base + "/press/signals", 3)  # warm-up
            figures["signals_page"] = sequential(spokesperson, server.base + "/press/signals", requests_count)
            figures["campaign_page"] = sequential(spokesperson, server.base + "/press/campaigns/1", requests_count)
            figures["healthz"] = sequential(requests.Session(), server.base + "/healthz", requests_count)
        finally:
            server.stop()
    finally:
        drop_database(database)
    return figures


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--backends", nargs="+", default=["sqlite", "postgresql"])
    parser.add_argument("--per-week", type=int, default=13_300)
    parser.add_argument("--queries-a-day", type=int, default=2_000)
    parser.add_argument("--requests", type=int, default=30)
    args = parser.parse_args()
    for backend in args.backends:
        figures = run(backend, args.per_week, args.queries_a_day, args.requests)
        tickets = args.per_week * DAYS // 7
        print(f"{backend}: {tickets} tickets, {tickets} calls, {args.queries_a_day} queries a day over {DAYS} days")
        print(f"  bulk load {figures['bulk_seconds']:.1f} s")
        for name in ("signals_page", "campaign_page", "healthz"):
            found = figures[name]
            print(f"  {name:14} p50 {found['p50']:7.1f} ms  p95 {found['p95']:7.1f} ms")


if __name__ == "__main__":
    main()
