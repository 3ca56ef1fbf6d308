"""The search index's analyser: Whoosh tokens of folded Polish lemmas (cct.lemmas), one word at a time."""

from __future__ import annotations

from collections.abc import Iterator

from whoosh.analysis import Token, Tokenizer

from cct.lemmas import derivation_key, word_keys, words


class PolishTokenizer(Tokenizer):
    """Whoosh tokenizer for article text: one token per word, its folded lemma; stop words skipped.

    The folded surface form rides along at the same position when it differs, so a query word that nothing could
    lemmatise (a name, a typo-free unknown word) still meets the article's spelling; so do the keys of the word a
    "nie-" word negates, and each key's derivational key (cct.lemmas.derivation_key), which search weighs less.
    """

    def __eq__(self, other: object) -> bool:
        return isinstance(other, PolishTokenizer)

    def __hash__(self) -> int:
        return hash(type(self))

    def __call__(  # type: ignore[override]
        self,
        value: str,
        positions: bool = False,
        chars: bool = False,
        keeporiginal: bool = False,
        removestops: bool = True,
        start_pos: int = 0,
        start_char: int = 0,
        mode: str = "",
        **kwargs: object,
    ) -> Iterator[Token]:
        token = Token(positions, chars, removestops=removestops, mode=mode, **kwargs)
        position = start_pos
        for start, end, word in words(value):
            emitted = word_keys(word, query=mode == "query")
            if not emitted:
                continue
            emitted.extend(dict.fromkeys(derived for derived in map(derivation_key, emitted) if derived not in emitted))
            for key in emitted:
                token.text = key
                token.original = word
                token.boost = 1.0
                token.stopped = False
                if positions:
                    token.pos = position
                if chars:
                    token.startchar = start_char + start
                    token.endchar = start_char + end
                yield token
            position += 1


def polish_analyzer() -> PolishTokenizer:
    return PolishTokenizer()
