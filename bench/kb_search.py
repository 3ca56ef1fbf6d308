"""Knowledge-base search speed: prints figures, asserts nothing.

For each size (default 1k, 10k, 50k generated Polish articles) on SQLite: bulk-loads the articles, times
`cct kb reindex` (build time) and reports the index size; then p50/p95 of search latency in-process (search.search
in one process, as a view calls it) and through HTTP (GET /api/v1/public/kb/search on `cct serve`), and the RSS of a
server worker after the searches. Targets at 10k: p95 <= 8 ms in-process, <= 16 ms through HTTP; worker < 250 MB.

    .venv/bin/python bench/kb_search.py [--sizes 1000 10000 50000] [--queries 300] [--real-queries FILE]
                                        [--semantic on|off]

Needs nothing outside the repository: 30 % of the queries are residents' own words (bench/data/kb_sample_queries.jsonl
unless --real-queries names another file), the rest made from the articles.
"""

from __future__ import annotations

import argparse
import itertools
import json
import os
import random
import statistics
import subprocess
import sys
import time
from pathlib import Path

import requests
import sqlalchemy as sa
from service import Server, add_semantic_option, cct, idle, percentile, semantic_settings, sqlite_env

ROOT = Path(__file__).resolve().parent.parent
REAL_QUERIES = Path(__file__).resolve().parent / "data" / "kb_sample_queries.jsonl"  # residents' own words
SAMPLE = ROOT / "knowledge" / "data" / "demo_articles.jsonl"

# Words of city-hall matters, in several inflected forms, to build articles and queries from.
VOCABULARY = """
wniosek wniosku wnioskiem zaświadczenie zaświadczenia opłata opłaty opłatę podatek podatku podatkiem
nieruchomość nieruchomości budynek budynku mieszkanie mieszkania lokal lokalu działka działki grunt gruntu
odpady odpadów śmieci śmieciami pojemnik pojemnika wywóz wywozu harmonogram harmonogramu segregacja
ulica ulicy ulicą chodnik chodnika jezdnia jezdni dziura dziury latarnia latarni oświetlenie sygnalizacja
autobus autobusu przystanek przystanku bilet biletu karta karty mieszkańca seniora ulga ulgi zniżka zniżki
szkoła szkoły przedszkole przedszkola żłobek żłobka rekrutacja rekrutacji stypendium uczeń ucznia
pies psa psy kot kota zwierzę zwierzęcia schronisko schroniska weterynarz czipowanie adopcja
drzewo drzewa wycinka wycinki zieleń zieleni park parku trawnik trawnika koszenie plac zabaw
dowód dowodu osobisty meldunek zameldowanie wymeldowanie paszport akt urodzenia ślub małżeństwa
samochód samochodu pojazd pojazdu rejestracja rejestracji prawo jazdy tablice parkowanie strefa abonament
pomoc pomocy zasiłek zasiłku świadczenie świadczenia opieka opieki rodzina rodziny niepełnosprawność
termin terminu dni miesiąc miesięcy rok roku godziny otwarcia kancelaria urząd urzędu wydział wydziału
elektronicznie epuap formularz formularza załącznik załącznika decyzja decyzji odwołanie skarga skargi
hałas hałasu straż miejska policja zgłoszenie zgłoszenia awaria awarii woda wody kanalizacja ciepło
""".split()  # noqa: SIM905 - a word list reads better as text
UNITS = ["ZMK", "DPO", "DOS", "DUR", "DGE", "MOPR", "DED", "BOSIR", "ZDT", "DGK", "DSO"]


def polish_words(size: int = 40_000, seed: int = 3) -> list[str]:
    """A Polish vocabulary: city-hall words first, then word forms from simplemma's Polish dictionary."""
    from simplemma.strategies.dictionaries.stream_dictionary_factory import StreamDictionaryFactory

    forms = [w for i, w in enumerate(StreamDictionaryFactory().get_dictionary("pl")) if i % 53 == 0]
    rng = random.Random(seed)
    forms = [w for w in forms if w.isalpha() and len(w) >= 3]
    rng.shuffle(forms)
    head = forms[:300] + VOCABULARY  # the city-hall words rank in the hundreds, as topical words do
    return list(dict.fromkeys(head + forms[300:]))[:size]


def generate(count: int, seed: int = 7) -> list[dict]:
    """Articles whose words follow Zipf's law over a Polish vocabulary, as real text does (a few words are
    everywhere, most are rare), so posting lists have realistic lengths."""
    rng = random.Random(seed)
    # Zipf's head is function words (the analyser drops them), then the city-hall words, then the long tail.
    from cct.lemmas import STOP_WORDS

    vocabulary = sorted(STOP_WORDS) + polish_words()
    weights = list(itertools.accumulate(1 / (rank + 1) ** 1.05 for rank in range(len(vocabulary))))

    def words(n: int) -> list[str]:
        return rng.choices(vocabulary, cum_weights=weights, k=n)

    def question() -> str:
        return " ".join(words(rng.randint(4, 10))).capitalize() + "?"

    articles = []
    for n in range(count):
        title = " ".join(words(rng.randint(3, 7))).capitalize()
        body = ". ".join(" ".join(words(rng.randint(6, 14))).capitalize() for _ in range(6))
        articles.append(
            {
                "slug": f"gen-{n}",
                "unit": rng.choice(UNITS),
                "title": title,
                "body": body + ".",
                "tags": sorted(set(words(3))),
                # editors' questions residents ask (the demo base has ~18 an article; a large base fewer)
                "questions": [question() for _ in range(rng.randint(0, 12))],
            }
        )
    return articles


def fold(text: str) -> str:
    return text.translate(str.maketrans("ąćęłńóśźżĄĆĘŁŃÓŚŹŻ", "acelnoszzACELNOSZZ"))


def queries(articles: list[dict], total: int, real_queries: Path = REAL_QUERIES, seed: int = 11) -> list[str]:
    rng = random.Random(seed)
    lines = real_queries.read_text(encoding="utf-8").splitlines()
    real = [json.loads(line)["q"] for line in lines if line.strip()]
    made = []
    for _ in range(total):
        if rng.random() < 0.3:
            made.append(rng.choice(real))
            continue
        words = rng.choice(articles)["body"].replace(".", "").split()
        text = " ".join(rng.sample(words, k=min(len(words), rng.randint(2, 4))))
        made.append(fold(text) if rng.random() < 0.4 else text)
    return made


def bulk_load(url: str, articles: list[dict]) -> None:
    engine = sa.create_engine(url)
    with engine.begin() as connection:
        unit_ids = dict(connection.execute(sa.text("SELECT code, id FROM units")).all())
        now = "2026-11-27 00:00:00.000000"
        connection.execute(
            sa.text(
                "INSERT INTO kb_articles (slug, title, body, tags, unit_id, visibility, status, published_number, "
                "use_count, helped_count, not_helped_count, published_at, created_at, updated_at, version) VALUES "
                "(:slug, :title, :body, :tags, :unit_id, 'public', 'published', 1, 0, 0, 0, :now, :now, :now, 1)"
            ),
            [
                {key: a[key] for key in ("slug", "title", "body")}
                | {"tags": json.dumps(a["tags"]), "unit_id": unit_ids[a["unit"]], "now": now}
                for a in articles
            ],
        )
        ids = dict(connection.execute(sa.text("SELECT slug, id FROM kb_articles")).all())
        connection.execute(
            sa.text(
                "INSERT INTO kb_article_revisions (article_id, number, title, body, tags, questions, visibility, "
                "status, created_at) VALUES (:article_id, 1, :title, :body, :tags, :questions, 'public', 'published', "
                ":now)"
            ),
            [
                {
                    "article_id": ids[a["slug"]],
                    "title": a["title"],
                    "body": a["body"],
                    "tags": json.dumps(a["tags"]),
                    "questions": json.dumps(a["questions"], ensure_ascii=False),
                    "now": now,
                }
                for a in articles
            ],
        )
    engine.dispose()


IN_PROCESS = """
import json, sys, time
from cct.app import create_app
from knowledge import search
queries = json.loads(sys.stdin.read())
app = create_app()
with app.app_context():
    search.search(queries[0], 10)
    times = []
    for text in queries:
        start = time.perf_counter()
        search.search(text, 10)
        times.append(time.perf_counter() - start)
rss = int(open("/proc/self/status").read().split("VmRSS:")[1].split()[0]) // 1024
print(json.dumps({"times": times, "rss": rss}))
"""


def worker_rss(master_pid: int) -> list[int]:
    sizes = []
    for task in Path(f"/proc/{master_pid}/task").iterdir():
        for child in (task / "children").read_text().split():
            status = Path(f"/proc/{child}/status").read_text()
            sizes.append(int(status.split("VmRSS:")[1].split()[0]) // 1024)
    return sizes


def du(path: Path) -> float:
    return sum(f.stat().st_size for f in path.rglob("*") if f.is_file()) / 1024 / 1024


def run(size: int, total_queries: int, real_queries: Path, settings: dict[str, str]) -> dict:
    workdir, env = sqlite_env(f"cct-kb-bench-{size}-")
    env.update(settings)
    cct(env, "db", "upgrade")
    cct(env, "kb", "import", "--create-units", str(SAMPLE))
    articles = generate(size)
    bulk_load(env["CCT_DATABASE_URL"], articles)
    started = time.perf_counter()
    cct(env, "kb", "reindex")
    figures: dict = {"build_seconds": time.perf_counter() - started, "size_mb": du(workdir / "instance" / "kb-index")}
    texts = queries(articles, total_queries, real_queries)
    clean = {k: v for k, v in os.environ.items() if not k.startswith("CCT_")}
    result = subprocess.run(
        [sys.executable, "-c", IN_PROCESS],
        input=json.dumps(texts),
        env={**clean, **env},
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    )
    measured = json.loads(result.stdout)
    figures["in_process"] = measured["times"]
    figures["in_process_rss"] = measured["rss"]
    server = Server(env)
    try:
        idle(server.base)  # the import's indexing jobs, which the in-process figures never waited on either
        session = requests.Session()
        for text in texts[:20]:  # warm-up: every worker loads its dictionary
            session.get(server.base + "/api/v1/public/kb/search", params={"q": text}, timeout=60)
        times = []
        for text in texts:
            start = time.perf_counter()
            response = session.get(server.base + "/api/v1/public/kb/search", params={"q": text}, timeout=60)
            times.append(time.perf_counter() - start)
            response.raise_for_status()
        figures["http"] = times
        figures["worker_rss"] = worker_rss(server.process.pid)
    finally:
        server.stop()
    return figures


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", nargs="+", type=int, default=[1000, 10_000, 50_000])
    parser.add_argument("--queries", type=int, default=300)
    parser.add_argument(
        "--real-queries", type=Path, default=REAL_QUERIES, help='residents\' queries mixed in (JSONL, {"q": …})'
    )
    add_semantic_option(parser)
    args = parser.parse_args()
    settings = semantic_settings(args)
    for size in args.sizes:
        f = run(size, args.queries, args.real_queries, settings)
        print(f"\n== {size:,} articles ==")
        print(f"index build (cct kb reindex): {f['build_seconds']:.1f} s   index size: {f['size_mb']:.1f} MB")
        for key, label in (("in_process", "in-process search"), ("http", "HTTP /api/v1/public/kb/search")):
            ms = [t * 1000 for t in f[key]]
            print(f"{label:<32} p50 {statistics.median(ms):6.1f} ms  p95 {percentile(ms, 0.95):6.1f} ms")
        print(f"RSS: in-process search {f['in_process_rss']} MB; server workers {f['worker_rss']} MB")
    print("\ntargets at 10k: p95 <= 8 ms in-process, <= 16 ms through HTTP; a worker under 250 MB RSS")


if __name__ == "__main__":
    main()
