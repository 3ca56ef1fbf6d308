"""What agents' choices teach the knowledge search about callers they have not heard yet: prints figures, asserts
nothing.

A month of work is simulated on the demo base: an agent searches each query of a training part and opens its
expected article (as bench/data gives it), through knowledge.operations.record_search, as the agents' panel
reports it. Then the queries of a part never used for training are asked through the staff search (learned=True),
and their first places are compared with those of a fresh installation (no choices), and with learning by the
whole query only. Learning by the whole query helps a wording heard before; learning by word
(knowledge.learned.word_shares) is what helps a new one. The agent never opens a wrong article: the figures are what
learning gives at best. The weights were chosen with the fourth and fifth hands: their figures are not held out;
the sixth's, the seventh's and the held-out part's are.

  train on the tuning part's first four hands (lines 1-773), ask its fifth (lines 774-953);
  train on the tuning part's first three hands (lines 1-613), ask its fourth (lines 614-773);
  train on its first five hands (lines 1-953), ask its sixth (lines 954-1152);
  train on its first six hands (lines 1-1152), ask its seventh (lines 1153-1350);
  --held-out: train on the whole tuning part, ask the held-out part (figures only);
  --ask FILE: train on the whole tuning part, ask another set's queries;
  --speed N: the staff search's time with N queries agents chose an article after (words drawn as often as the
  tuning part uses them), learning and not.

The test queries whose key (knowledge.learned.query_key) a training query had are counted: those the whole-query
learning could have helped.

    .venv/bin/python bench/kb_learning.py [--held-out | --ask QUERIES.jsonl | --speed 100000] [--semantic on|off]
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any
from unittest import mock

from service import add_semantic_option, cct, semantic_settings, sqlite_env

ROOT = Path(__file__).resolve().parent.parent
DATA = Path(__file__).resolve().parent / "data"
AGENT = "bench-agent"
# a hand of the tuning part: trained on the lines before it, (its first line, its end)
SETTINGS: dict[str, str] = {}  # --semantic: the knowledge search's setting
PARTS = {
    "fourth": (613, (613, 773)),
    "fifth": (773, (773, 953)),
    "sixth": (953, (953, 1152)),
    "seventh": (1152, (1152, 1350)),
}


def read(name: str | Path) -> list[dict]:
    return [json.loads(line) for line in (DATA / name).read_text(encoding="utf-8").splitlines() if line.strip()]


def figures(app, queries: list[dict]) -> tuple[int, int]:
    from knowledge import search  # noqa: PLC0415 - the app's modules, once it exists

    first = top3 = 0
    with app.app_context():
        for query in queries:
            slugs = [hit.slug for hit in search.search(query["q"], 10, learned=True).hits]
            rank = next((at for at, slug in enumerate(slugs, 1) if slug in query["expect"]), None)
            first += rank == 1
            top3 += rank is not None and rank <= 3
    return first, top3


@contextmanager
def demo_app(prefix: str, *agents: str) -> Iterator[Any]:
    """The app over the demo base, imported into a fresh SQLite database with these agents; the app's modules can be
    imported inside (its settings are the environment's, SETTINGS included)."""
    _workdir, env = sqlite_env(prefix)
    env.update(SETTINGS)
    cct(env, "db", "upgrade")
    cct(env, "kb", "import", "--create-units", str(ROOT / "knowledge" / "data" / "demo_articles.jsonl"))
    for login in agents:
        cct(env, "users", "create", login, "--role", "agent", "--password", "bench-password-2026")
    # the app's packages, not this folder's scripts of the same names (bench/tickets.py)
    sys.path[:] = [str(ROOT)] + [path for path in sys.path if Path(path or ".").resolve() != Path(__file__).parent]
    with mock.patch.dict("os.environ", env):
        from cct.app import create_app  # noqa: PLC0415

        yield create_app(configure_logging=False)


def simulate(train: list[dict], test: list[dict], label: str, show: bool = True) -> None:
    with demo_app("cct-kb-learning-", AGENT) as app:
        from cct import db  # noqa: PLC0415
        from cct.auth.models import User  # noqa: PLC0415
        from knowledge import learned, queries  # noqa: PLC0415
        from knowledge import operations as kb  # noqa: PLC0415

        before = figures(app, test)
        with app.app_context():
            agent = db.session.scalar(db.select(User).where(User.login == AGENT))
            for query in train:
                kb.record_search(agent, query["q"], chosen=queries.by_slug(query["expect"][0]))
                db.session.commit()
            heard = {learned.query_key(query["q"]) for query in train}
            repeated = sum(learned.query_key(query["q"]) in heard for query in test)
        after = figures(app, test)
        with mock.patch.object(learned, "WORD_WEIGHT", 0.0):
            by_query = figures(app, test)  # the same choices, learnt from by the whole query only
    n = len(test)
    print(f"== {label}: {len(train)} choices, then {n} new callers' queries ==")
    for label, (first, top3) in (
        ("fresh installation", before),
        ("after, by query only", by_query),
        ("after the choices", after),
    ):
        counted = f"{first}/{n} = " if show else ""
        print(f"{label:<20} top-1 {counted}{first / n:.3f}   top-3 {top3 / n:.3f}")
    print(f"queries worded as a training query was (same key): {repeated} of {n}")


def speed(count: int) -> None:
    """How long the staff search takes with `count` queries agents chose an article after (a year or more of a
    helpline's work), by the whole query and by word, against the same search learning nothing."""
    import random  # noqa: PLC0415
    import statistics  # noqa: PLC0415
    import time  # noqa: PLC0415

    with demo_app("cct-kb-learning-speed-") as app:
        from cct import db  # noqa: PLC0415
        from cct.db import utcnow  # noqa: PLC0415
        from knowledge import learned, search  # noqa: PLC0415
        from knowledge import operations as kb  # noqa: PLC0415
        from knowledge.models import Article, QueryChoice, SearchedQuery  # noqa: PLC0415

        tuning = read("kb_callers_tune.jsonl")
        with app.app_context():
            # callers' words as often as the tuning part uses them, a query of 2-6 of them, a choice of one article
            words = [word for query in tuning for word in learned.key_words(learned.query_key(query["q"]))]
            articles = list(db.session.scalars(db.select(Article.id)))
            rng, now, keys = random.Random(5), utcnow(), set()
            while len(keys) < count:
                keys.add(" ".join(sorted(set(rng.choices(words, k=rng.randint(2, 6))))))
            for batch in range(0, count, 5000):
                chunk = sorted(keys)[batch : batch + 5000]
                db.session.execute(
                    db.insert(SearchedQuery),
                    [{"key": key, "example": key, "searches": 1, "opened": 1, "last_at": now} for key in chunk],
                )
                chosen = [
                    {"key": key, "article_id": rng.choice(articles), "choices": 1, "last_at": now} for key in chunk
                ]
                db.session.execute(db.insert(QueryChoice), chosen)
                kb._add_to_words(chosen)  # as record_search counts a choice for its query's words
            db.session.commit()
            texts = [query["q"] for query in tuning[:300]]
            for text in texts[:20]:
                search.search(text, 10, learned=True)
            times: dict[str, list[float]] = {"learning nothing": [], "learning": [], "what was learnt alone": []}
            for at, text in enumerate(texts):  # the two alternate, which goes first too: neither warms the other
                runs = [("learning nothing", False), ("learning", True)]
                for label, learn in runs if at % 2 else runs[::-1]:
                    started = time.perf_counter()
                    search.search(text, 10, learned=learn)
                    times[label].append((time.perf_counter() - started) * 1000)
                started = time.perf_counter()
                search.learned_shares(text)
                times["what was learnt alone"].append((time.perf_counter() - started) * 1000)
                db.session.rollback()
    print(f"== staff search with {count:,} queries agents chose an article after (SQLite, in-process, 89 articles) ==")
    for label, measured in times.items():
        measured.sort()
        p95 = measured[int(len(measured) * 0.95)]
        print(f"{label:<22} p50 {statistics.median(measured):5.1f} ms   p95 {p95:5.1f} ms")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--held-out", action="store_true", help="train on the tuning part, ask the held-out part")
    parser.add_argument("--ask", type=Path, help="train on the tuning part, ask these queries (JSONL, q and expect)")
    parser.add_argument("--speed", type=int, metavar="N", help="time the search with N queries with choices")
    parser.add_argument("--part", choices=list(PARTS), help=argparse.SUPPRESS)  # one run, one process
    add_semantic_option(parser)
    args = parser.parse_args()
    SETTINGS.update(semantic_settings(args))
    tuning = read("kb_callers_tune.jsonl")
    if args.speed:
        speed(args.speed)
    elif args.held_out:
        simulate(tuning, read("kb_callers_heldout.jsonl"), "held-out", show=False)
    elif args.ask:
        simulate(tuning, read(args.ask.resolve()), args.ask.name)
    elif args.part:
        trained, (start, end) = PARTS[args.part]
        simulate(tuning[:trained], tuning[start:end], f"tuning, {args.part} hand")
    else:  # each in a process of its own: the search keeps its index and caches per process
        for part in PARTS:
            semantic = ["--semantic", args.semantic] if args.semantic else []
            subprocess.run([sys.executable, __file__, "--part", part, *semantic], check=True)  # noqa: S603


if __name__ == "__main__":
    main()
