"""Knowledge-base relevance: prints top-1, top-3 and MRR; asserts nothing.

Imports the articles (default ../shared/eval/kb_articles.jsonl) into a fresh SQLite database with `cct kb import`,
starts the real service and runs every query (default ../shared/eval/kb_queries.jsonl) through the public search API
(GET /api/v1/public/kb/search). A query counts as found at the rank of the first of its expected articles.

    .venv/bin/python bench/kb_relevance.py [--articles FILE] [--queries FILE] [--show-misses]
"""

from __future__ import annotations

import argparse
import json
import tempfile
from pathlib import Path

import requests
from service import Server, cct

ROOT = Path(__file__).resolve().parent.parent
EVAL = ROOT.parent / "shared" / "eval"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--articles", type=Path, default=EVAL / "kb_articles.jsonl")
    parser.add_argument("--queries", type=Path, default=EVAL / "kb_queries.jsonl")
    parser.add_argument("--show-misses", action="store_true")
    args = parser.parse_args()
    workdir = Path(tempfile.mkdtemp(prefix="cct-kb-relevance-"))
    env = {"CCT_DATABASE_URL": f"sqlite:///{workdir / 'cct.db'}", "CCT_INSTANCE_PATH": str(workdir / "instance")}
    cct(env, "db", "upgrade")
    print(cct(env, "kb", "import", "--create-units", str(args.articles)).strip().splitlines()[-1])
    queries = [json.loads(line) for line in args.queries.read_text(encoding="utf-8").splitlines() if line.strip()]
    server = Server(env)
    try:
        session = requests.Session()
        top1 = top3 = 0
        reciprocal = 0.0
        for item in queries:
            response = session.get(
                server.base + "/api/v1/public/kb/search", params={"q": item["q"], "limit": 10}, timeout=30
            )
            response.raise_for_status()
            slugs = [result["slug"] for result in response.json()["results"]]
            ranks = [slugs.index(slug) + 1 for slug in item["expect"] if slug in slugs]
            rank = min(ranks) if ranks else None
            top1 += rank == 1
            top3 += rank is not None and rank <= 3
            reciprocal += 1 / rank if rank else 0.0
            if args.show_misses and rank != 1:
                print(f"  rank {rank}: {item['q']!r} expected {item['expect']}, got {slugs[:3]}")
    finally:
        server.stop()
    total = len(queries)
    print(f"{total} queries over {args.articles.name}")
    print(f"top-1 {top1 / total:.3f}   top-3 {top3 / total:.3f}   MRR {reciprocal / total:.3f}")
    print("targets: top-1 >= 0.95, top-3 = 1.00")


if __name__ == "__main__":
    main()
