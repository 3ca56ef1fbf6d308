"""The knowledge panel as an agent feels it: prints figures, asserts nothing.

Starts the real server (SQLite, demo data, plus --articles generated Polish articles, indexed), opens the agent's
workspace (/tickets/new) in Debian's Chromium at 1366×768 signed in as the demo agent, and types queries into the
panel's search one key at a time, at a typist's pace. For every key: the time from the key's input (the page's own
input listener, performance.now()) until the results for what the field then holds are drawn (the result list's
data-query changes to that text). Target: p95 < 100 ms on 10,000 articles.

    .venv/bin/python bench/kb_panel.py [--articles 10000] [--queries 40] [--key-ms 140]
"""

from __future__ import annotations

import argparse
import statistics

from kb_search import bulk_load, generate, queries
from playwright.sync_api import sync_playwright
from service import DEMO_PASSWORD, Server, cct, percentile, sqlite_env

WATCH = """() => {
  const input = document.querySelector('#kb-panel-q');
  const list = document.querySelector('#kb-panel-results');
  window.cctBench = { keys: [], drawn: [] };
  // 'input', not 'keydown': a Polish letter typed by the browser's text input comes without a keydown
  input.addEventListener('input', () => window.cctBench.keys.push([performance.now(), input.value]), true);
  new MutationObserver(() => window.cctBench.drawn.push([performance.now(), list.getAttribute('data-query') || '']))
    .observe(list, { attributes: true, attributeFilter: ['data-query'], childList: true });
}"""

# For each key: the value it made, and the time from it to the first drawing of exactly that value's results.
MEASURED = """() => {
  const { keys, drawn } = window.cctBench;
  return keys.map(([at, value]) => {
    const want = value.trim();
    const hit = drawn.find(([when, query]) => when >= at && query === want);
    return [value, hit ? hit[0] - at : null];
  });
}"""


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--articles", type=int, default=10_000)
    parser.add_argument("--queries", type=int, default=40)
    parser.add_argument("--key-ms", type=int, default=140, help="pause between keys (about 7 keys a second)")
    args = parser.parse_args()
    _workdir, env = sqlite_env("cct-kb-panel-bench-")
    cct(env, "db", "upgrade")
    cct(env, "demo")
    articles = generate(args.articles)
    bulk_load(env["CCT_DATABASE_URL"], articles)
    cct(env, "kb", "reindex")
    texts = [text for text in queries(articles, args.queries * 3) if len(text) <= 40][: args.queries]
    server = Server(env)
    delays: list[float] = []
    missed = 0
    keys = 0
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path="/usr/bin/chromium")
            page = browser.new_page(viewport={"width": 1366, "height": 768}, locale="pl-PL", base_url=server.base)
            page.goto("/login")
            page.fill("#login", "konsultant")
            page.fill("#password", DEMO_PASSWORD)
            page.press("#password", "Enter")
            page.wait_for_load_state()
            page.goto("/tickets/new")
            page.wait_for_load_state("networkidle")
            search = page.locator("#kb-panel-q")
            for text in texts[:3]:  # warm-up: the server's dictionary and index, the browser's connection
                search.fill(text)
                page.wait_for_timeout(300)
            for text in texts:
                search.fill("")
                page.wait_for_timeout(200)
                page.evaluate(WATCH)
                search.press_sequentially(text, delay=args.key_ms)
                page.wait_for_timeout(800)  # the last key's results
                measured = page.evaluate(MEASURED)
                keys += len(measured)
                for value, delay in measured:
                    if delay is not None:
                        delays.append(delay)
                    elif value.strip():
                        missed += 1  # its results were overtaken by the next key's: never drawn
                page.reload()  # a fresh observer and listener for the next query
                page.wait_for_load_state("networkidle")
                search = page.locator("#kb-panel-q")
            browser.close()
    finally:
        server.stop()
    print(f"\nknowledge panel in Chromium, {args.articles} generated articles + the demo's, SQLite, 2 server processes")
    print(f"{len(texts)} queries typed key by key, a key every {args.key_ms} ms: {keys} keys")
    print(
        f"key -> its results drawn        p50 {statistics.median(delays):6.1f} ms  "
        f"p95 {percentile(delays, 0.95):6.1f} ms  max {max(delays):6.1f} ms  ({len(delays)} drawn)"
    )
    print(f"keys whose results were overtaken by the next key before drawing: {missed}")
    print("target: p95 < 100 ms on 10,000 articles")


if __name__ == "__main__":
    main()
