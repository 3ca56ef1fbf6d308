"""The lexicon trie: the same word forms and lemmas as simplemma's dictionary, built once, rebuilt when damaged."""

from __future__ import annotations

import subprocess
import threading
from pathlib import Path
from typing import Any

import pytest
from simplemma.strategies.dictionaries import DefaultDictionaryFactory
from simplemma.strategies.dictionaries.stream_dictionary_factory import StreamDictionaryFactory

from cct import lemmas as analysis
from cct import lexicon

SMALL = "ms"  # a language with a small dictionary: builds in a moment


@pytest.fixture
def lexicon_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "lexicon"
    monkeypatch.setenv(lexicon.LEXICON_DIR_ENV, str(folder))
    return folder


def test_the_trie_holds_exactly_simplemmas_dictionary(lexicon_dir: Path) -> None:
    mapping = lexicon.load(SMALL)
    expected = dict(DefaultDictionaryFactory().get_dictionary(SMALL).items())
    assert len(mapping) == len(expected) > 1000
    assert dict(mapping.items()) == expected
    assert mapping.get("no-such-word") is None
    assert "no-such-word" not in mapping
    with pytest.raises(KeyError):
        mapping["no-such-word"]
    assert lexicon.lexicon_path(SMALL).parent == lexicon_dir
    assert [p.name for p in lexicon_dir.iterdir() if "partial" in p.name] == []


def test_polish_lemmas_are_the_same_as_from_the_stream_dictionary() -> None:
    trie = lexicon.load("pl")
    stream = StreamDictionaryFactory().get_dictionary("pl")
    sample = [form for n, form in enumerate(stream) if n % 997 == 0]
    assert len(sample) > 3000
    assert all(trie[form] == stream[form] for form in sample)


def test_a_damaged_trie_is_built_again(lexicon_dir: Path) -> None:
    path = lexicon.lexicon_path(SMALL)
    path.parent.mkdir(parents=True)
    path.write_bytes(b"not a trie at all")
    mapping = lexicon.load(SMALL)
    assert len(mapping) > 1000
    assert path.stat().st_size > 1000


def test_processes_starting_together_build_it_once(lexicon_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    builds: list[list[str]] = []
    real_run = subprocess.run

    def counting_run(command: list[str], **options: Any) -> Any:
        builds.append(command)
        return real_run(command, **options)  # noqa: S603 - the lexicon's own build command

    monkeypatch.setattr(lexicon.subprocess, "run", counting_run)
    sizes: list[int] = []
    threads = [threading.Thread(target=lambda: sizes.append(len(lexicon.load(SMALL)))) for _ in range(3)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(sizes) == 3
    assert len(set(sizes)) == 1
    assert len(builds) == 1


def test_without_a_usable_lexicon_folder_analysis_falls_back_to_the_stream(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    monkeypatch.setenv(lexicon.LEXICON_DIR_ENV, str(blocker / "lexicon"))
    factory = analysis._dictionary_factory()
    assert isinstance(factory, StreamDictionaryFactory)
    assert factory.get_dictionary("pl")["śmieciami"] == "śmieć"
