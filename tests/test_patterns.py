"""The quick pattern finder: literal strings read off regular expressions, and the index over them."""
import random
import re

import pytest

from toolkit._patterns import PatternIndex, required_literals
from toolkit._sentiment import load_lexicon
from toolkit.datasets import load_corpus


@pytest.mark.parametrize("pattern, expected", [
    ("fire and fury\\b", ("fire and fury",)),
    ("retaliat\\w*", ("retaliat",)),
    # a branch gives the union of its alternatives' strings
    ("(?:declare|wage) (?:a |an )?war\\b", ("declare", "wage")),
    # the longest shortest string wins: " into " (6) over "turn " (5)
    ("turn \\w+(?: \\w+)? into (?:ashes|rubble)\\b", (" into ",)),
    ("(?:ab)+c", ("ab",)),
    ("[xy]abc", ("abc",)),
    ("(?:red )?lines?\\b", ("line",)),
    ("(?i:abc)de", ("de",)),
])
def test_required_literals_of_patterns(pattern, expected):
    assert required_literals(pattern) == expected


@pytest.mark.parametrize("pattern", [
    "\\w+", "a?", "(?:ab)*", "(?:abc|)", "(?:abc|\\w+)", "[a-z]+", "(?i)abc", "(?i:abc)", "(", "",
])
def test_no_literals_where_a_match_can_do_without_them(pattern):
    # an empty alternative, an optional part, a class or case-insensitive matching: nothing is
    # required, so the pattern is tried on every text (an invalid pattern is left to re to reject)
    assert required_literals(pattern) is None


def _random_pattern(rng: random.Random, depth: int = 0) -> str:
    """A random regular expression over "a", "b", "c" and space, with groups nested up to two deep."""
    pieces = []
    for _ in range(rng.randint(1, 4)):
        kinds = ["lit", "lit", "lit", "class", "word", "boundary", "group"] if depth < 2 else ["lit", "class"]
        kind = rng.choice(kinds)
        if kind == "lit":
            piece = "".join(rng.choice("ab c") for _ in range(rng.randint(1, 3)))
        elif kind == "class":
            piece = rng.choice(["[ab]", "[^a]", "."])
        elif kind == "word":
            piece = "\\w"
        elif kind == "boundary":
            piece = "\\b"
        else:
            branches = [_random_pattern(rng, depth + 1) for _ in range(rng.randint(1, 3))]
            piece = "(?:" + "|".join(branches) + ")"
        # unbounded repeats on single characters only: nested ones can make re backtrack for ever
        if kind == "group":
            piece += rng.choice(["", "?", "{2}", "{0,2}"])
        elif kind != "boundary":
            piece = "(?:" + piece + ")" + rng.choice(["", "", "?", "*", "+", "{2}", "{0,2}"])
        pieces.append(piece)
    return "".join(pieces)


def test_every_match_contains_one_of_the_literals_on_random_patterns():
    rng = random.Random(7)
    checked = 0
    for _ in range(400):
        pattern = _random_pattern(rng)
        literals = required_literals(pattern)
        if literals is None:
            continue
        compiled = re.compile(pattern)
        for _ in range(60):
            text = "".join(rng.choice("abc ") for _ in range(rng.randint(0, 12)))
            if compiled.search(text):
                checked += 1
                assert any(s in text for s in literals), (pattern, literals, text)
    assert checked > 1000  # the generator makes enough patterns with literals that match


def test_index_finds_the_patterns_that_can_match():
    index = PatternIndex(["retaliat\\w*", "(?:declare|wage) war", "[a-z]+", "war\\b"])
    assert index.always == (2,)
    assert index.candidates("they vowed to retaliate") == [0, 2]
    assert index.candidates("we stand ready to wage war") == [1, 2, 3]
    # overlapping strings are all found: "wage war" holds "war" inside another pattern's string
    assert index.candidates("wage war") == [1, 2, 3]
    assert PatternIndex([]).candidates("anything") == []


def test_index_never_drops_a_shipped_pattern_that_matches_corpus_text():
    patterns = [p for p, _, _ in load_lexicon()]
    compiled = [re.compile(p) for p in patterns]
    index = PatternIndex(patterns)
    assert not index.always  # every shipped pattern has strings to look for
    _, sentences = load_corpus("test")
    matched = 0
    for text in sentences["text"].str.lower():
        candidates = set(index.candidates(text))
        for i, pattern in enumerate(compiled):
            if pattern.search(text):
                matched += 1
                assert i in candidates, (patterns[i], text)
    assert matched > 1000
