"""Keying agents' searched queries again on `cct db upgrade`: prints figures, asserts nothing.

`cct db upgrade` runs after every update (and at every start, scripts/start); when the code is another version's
(cct.derived), it keys every searched query again from its stored wording by this version's analysis
(knowledge.operations.refresh_learning_keys), so what an administrator waits for grows with the queries kept. For
each database this loads --queries distinct queries (as the search keys them, a day's count each), times
`cct db upgrade --refresh-keys` (as after an update) when no key changes and a plain `cct db upgrade` by the same
version (as at a restart), then adds --moving queries under keys an earlier analysis gave them (each with --days
days' counts and a learned choice) and times the upgrade that moves them. The time of an upgrade of an empty
installation by the same version (nothing to key, the work skipped) is printed beside them: starting the command is
part of every figure.

    .venv/bin/python bench/kb_rekey.py [--backends sqlite postgresql] [--queries 100000] [--moving 3000] [--days 20]

The machine is shared and noisy: compare figures as ratios within one run.
"""

from __future__ import annotations

import argparse
import json
import random
import time
from datetime import UTC, date, datetime, timedelta

import sqlalchemy as sa
from service import ROOT, cct, create_database, drop_database

from knowledge import learned

START_DAY = date(2026, 1, 1)


def wordings(count: int, seed: int) -> dict[str, str]:
    """`count` distinct queries made of the demo base's title words: key → wording."""
    words = []
    with (ROOT / "knowledge" / "data" / "demo_articles.jsonl").open(encoding="utf-8") as lines:
        for line in lines:
            words += [word.lower() for word in json.loads(line)["title"].split() if word.isalpha()]
    rng = random.Random(seed)
    found: dict[str, str] = {}
    while len(found) < count:
        text = " ".join(rng.sample(words, rng.randint(2, 7)))
        if (key := learned.query_key(text)) and key not in found:
            found[key] = learned.example(text)
    return found


def load(url: str, queries: dict[str, str], days: int, choice: bool) -> None:
    engine = sa.create_engine(url)
    now = datetime.now(UTC).replace(tzinfo=None)
    with engine.begin() as connection:
        article = connection.execute(sa.text("SELECT id FROM kb_articles ORDER BY id LIMIT 1")).scalar()
        rows = [{"key": key, "example": wording, "at": now} for key, wording in queries.items()]
        connection.execute(
            sa.text(
                "INSERT INTO kb_searched_queries (key, example, searches, without_result, opened, last_at) "
                "VALUES (:key, :example, 1, 0, 0, :at)"
            ),
            rows,
        )
        counts = [{"key": key, "day": START_DAY + timedelta(days=n)} for key in queries for n in range(days)]
        connection.execute(
            sa.text("INSERT INTO kb_search_days (day, key, searches, without_result) VALUES (:day, :key, 1, 0)"),
            counts,
        )
        if choice and article is not None:
            connection.execute(
                sa.text(
                    "INSERT INTO kb_query_choices (key, article_id, choices, last_at) VALUES (:key, :article, 1, :at)"
                ),
                [{"key": key, "article": article, "at": now} for key in queries],
            )
    engine.dispose()


def upgrade(env: dict[str, str], *options: str) -> tuple[float, str]:
    started = time.perf_counter()
    out = cct(env, "db", "upgrade", *options)
    return time.perf_counter() - started, out.strip().splitlines()[-1]


def run(backend: str, queries: int, moving: int, days: int) -> None:
    workdir, url, database = create_database(backend, "cct-kb-rekey-")
    env = {"CCT_DATABASE_URL": url, "CCT_INSTANCE_PATH": str(workdir / "instance"), "CCT_LOG_LEVEL": "WARNING"}
    try:
        cct(env, "db", "upgrade")
        cct(env, "kb", "import", "--create-units", str(ROOT / "knowledge" / "data" / "demo_articles.jsonl"))
        empty, _said = upgrade(env)
        print(f"{backend}: cct db upgrade, no searched query kept, the same version again: {empty:.2f} s")
        kept = wordings(queries + moving, seed=1)
        load(url, dict(list(kept.items())[:queries]), 1, choice=False)
        seconds, said = upgrade(env, "--refresh-keys")
        print(f"{backend}: {queries} queries, none moving, keyed again: {seconds:.2f} s ({said})")
        seconds, said = upgrade(env)
        print(f"{backend}: {queries} queries, the same version again: {seconds:.2f} s ({said})")
        stale = {f"old {key}": wording for key, wording in list(kept.items())[queries:]}
        load(url, stale, days, choice=True)
        seconds, said = upgrade(env, "--refresh-keys")
        print(f"{backend}: + {moving} queries under old keys ({days} days, a choice each): {seconds:.2f} s ({said})")
    finally:
        drop_database(database)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--backends", nargs="+", choices=("sqlite", "postgresql"), default=["sqlite", "postgresql"])
    parser.add_argument("--queries", type=int, default=100_000)
    parser.add_argument("--moving", type=int, default=3000)
    parser.add_argument("--days", type=int, default=20)
    args = parser.parse_args()
    for backend in args.backends:
        run(backend, args.queries, args.moving, args.days)


if __name__ == "__main__":
    main()
