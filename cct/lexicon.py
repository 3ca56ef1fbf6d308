"""simplemma's Polish dictionary as a memory-mapped trie: fast lookups, small workers.

simplemma offers its dictionary either whole in memory (~360 MB per process) or as a front-coded stream (~50 MB,
but a lookup decodes a block of records: ~30 µs, and lemmatising an unknown word or restoring a word typed without
Polish letters takes hundreds of lookups). A MARISA trie of the same word forms holds them in ~20 MB, answers in
~1 µs, and is mapped from a file, so every worker process on a machine shares one copy in the page cache.

The trie is derived from the installed simplemma's data: built once per machine and simplemma version (≈10 s, in a
child process, so the full dictionary's memory goes away with it) into the user's cache folder, under a file lock so
that workers starting together build it once. When it cannot be built, the caller falls back to the stream.
"""

from __future__ import annotations

import fcntl
import logging
import os
import subprocess
import sys
from collections.abc import Iterator, Mapping
from pathlib import Path

import marisa_trie
import simplemma
from simplemma.strategies.dictionaries import DefaultDictionaryFactory

log = logging.getLogger(__name__)
LEXICON_DIR_ENV = "CCT_LEXICON_DIR"
BUILD_TIMEOUT_SECONDS = 300


def lexicon_dir() -> Path:
    configured = os.environ.get(LEXICON_DIR_ENV)
    if configured:
        return Path(configured)
    cache = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(cache) / "cct" / "lexicon"


def lexicon_path(lang: str) -> Path:
    return lexicon_dir() / f"{lang}-simplemma-{simplemma.__version__}.marisa"


class TrieMapping(Mapping[str, str]):
    """The read-only word form → lemma mapping simplemma's strategies look words up in."""

    def __init__(self, trie: marisa_trie.BytesTrie) -> None:
        self._trie = trie

    def __getitem__(self, key: str) -> str:
        values = self._trie.get(key)
        if not values:
            raise KeyError(key)
        return values[0].decode()

    def get(self, key: str, default: str | None = None) -> str | None:  # type: ignore[override]
        values = self._trie.get(key)
        return values[0].decode() if values else default

    def __contains__(self, key: object) -> bool:
        return isinstance(key, str) and key in self._trie

    def __iter__(self) -> Iterator[str]:
        return iter(self._trie.keys())

    def __len__(self) -> int:
        return len(self._trie)


class TrieDictionaryFactory:
    """A simplemma dictionary factory (its DictionaryFactory protocol) serving one language from the trie."""

    def __init__(self, lang: str, mapping: TrieMapping) -> None:
        self._lang = lang
        self._mapping = mapping

    def get_dictionary(self, lang: str) -> Mapping[str, str]:
        if lang != self._lang:
            raise ValueError(f"no lexicon for language {lang!r}")
        return self._mapping


def load(lang: str) -> TrieMapping:
    """The language's lexicon, built first when this machine has none for the installed simplemma."""
    path = lexicon_path(lang)
    if not path.exists():
        _build_once(lang, path)
    trie = marisa_trie.BytesTrie()
    try:
        trie.mmap(str(path))
    except Exception:
        log.warning("lexicon %s is unreadable; building it again", path, exc_info=True)
        path.unlink(missing_ok=True)
        _build_once(lang, path)
        trie = marisa_trie.BytesTrie()
        trie.mmap(str(path))
    return TrieMapping(trie)


def _build_once(lang: str, path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path.with_suffix(".lock"), "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)  # another process may be building it: wait for that one
        if path.exists():
            return
        log.info("building the %s lexicon at %s (once per machine and simplemma version)", lang, path)
        subprocess.run(  # noqa: S603 - our own interpreter and module
            [sys.executable, "-m", __name__, lang, str(path)], check=True, timeout=BUILD_TIMEOUT_SECONDS
        )


def build(lang: str, path: Path) -> None:
    """Write the trie of simplemma's dictionary for `lang` to `path` (atomically: a reader never sees half)."""
    dictionary = DefaultDictionaryFactory().get_dictionary(lang)
    trie = marisa_trie.BytesTrie((form, lemma.encode()) for form, lemma in dictionary.items())
    partial = path.with_name(f"{path.name}.{os.getpid()}.partial")
    trie.save(str(partial))
    os.replace(partial, path)


if __name__ == "__main__":
    build(sys.argv[1], Path(sys.argv[2]))
