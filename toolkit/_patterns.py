"""Finding many lexicon patterns in a sentence quickly.

Trying each of the lexicon's 170 regular expressions on each sentence used to cost most of the time
of the lexicon features and the hostility score. Nearly every pattern needs some literal text
to match: ``retaliat\\w*`` needs ``retaliat``; ``(?:declare|wage) war`` needs ``declare`` or
``wage``. :func:`required_literals` reads those strings off the pattern's parse tree, and
:class:`PatternIndex` finds all of them in a sentence in one pass (an Aho-Corasick automaton,
from the ``pyahocorasick`` package). Only the patterns whose strings occur are then tried, so
the result is the same as trying every pattern.
"""
from __future__ import annotations

import re
from functools import lru_cache

import ahocorasick

try:  # the regex parser behind ``re``; private, so any surprise below means "no literals"
    from re import _constants as _sre
    from re import _parser as _sre_parse
except ImportError:  # pragma: no cover - a Python whose re module is laid out differently
    _sre = _sre_parse = None

__all__ = ["WORD_START", "word_start_regexes", "required_literals", "PatternIndex", "pattern_index"]

#: Lexicon patterns match at word starts only: not after a letter, digit, underscore or hyphen.
WORD_START = r"(?<![\w-])"


@lru_cache(maxsize=4096)
def word_start_regexes(pattern: str) -> tuple[re.Pattern, re.Pattern]:
    """``pattern`` compiled to match at word starts, and a quicker test that any such match needs.

    The quicker one is the pattern without the word-start look-behind: every match of the first
    is a match of it, so a text it finds nothing in can be skipped. Without a leading look-behind
    the regex engine can skip ahead to the pattern's first characters, which makes it several
    times faster.

    Parameters
    ----------
    pattern : str
        A lexicon pattern (a regular expression), without the word-start look-behind.

    Returns
    -------
    (re.Pattern, re.Pattern)
        The pattern behind :data:`WORD_START`, and the pattern alone.
    """
    return re.compile(WORD_START + pattern), re.compile(pattern)


def required_literals(pattern: str) -> tuple[str, ...] | None:
    """Strings of which every match of ``pattern`` contains at least one.

    Parameters
    ----------
    pattern : str
        A regular expression, matched case-sensitively.

    Returns
    -------
    tuple of str or None
        Sorted, non-empty strings; ``None`` when no such set is found (for example
        ``\\w+`` or ``a?``), or when the pattern switches on case-insensitive matching.

    Examples
    --------
    >>> required_literals(r"retaliat\\w*")
    ('retaliat',)
    >>> required_literals(r"(?:declare|wage) (?:a )?war\\b")
    ('declare', 'wage')
    >>> required_literals(r"\\w+") is None
    True
    """
    if _sre_parse is None:  # pragma: no cover
        return None
    try:
        parsed = _sre_parse.parse(pattern)
        if parsed.state.flags & re.IGNORECASE:
            return None
        return _necessary(list(parsed))
    except Exception:  # an unknown node or a parser that changed: play safe, try the pattern
        return None


def _necessary(nodes: list) -> tuple[str, ...] | None:
    """The most selective literal set of a node sequence: each match of it contains one of them.

    Runs of literal characters are one candidate each; a group, an alternation (every branch must
    have a set: their union) or a repeat of at least once adds its body's set. Of the candidates,
    the one whose shortest string is longest wins (fewer strings break a tie).
    """
    candidates, run = [], []

    def end_run():
        if run:
            candidates.append(("".join(run),))
            run.clear()

    for op, value in nodes:
        if op is _sre.LITERAL:
            run.append(chr(value))
            continue
        end_run()
        found = None
        if op is _sre.SUBPATTERN:
            _, add_flags, _, body = value
            found = None if add_flags & re.IGNORECASE else _necessary(list(body))
        elif op is _sre.BRANCH:
            branches = [_necessary(list(b)) for b in value[1]]
            if all(branches):
                found = tuple(sorted({s for b in branches for s in b}))
        elif op in (_sre.MAX_REPEAT, _sre.MIN_REPEAT) and value[0] >= 1:
            found = _necessary(list(value[2]))
        if found:
            candidates.append(found)
    end_run()
    if not candidates:
        return None
    return max(candidates, key=lambda strings: (min(map(len, strings)), -len(strings)))


class PatternIndex:
    """Which of a list of patterns can match a text, found in one pass over the text.

    Parameters
    ----------
    patterns : sequence of str
        Regular expressions (matched case-sensitively, as the lexicon's are on lower-cased text).

    Examples
    --------
    >>> index = PatternIndex([r"retaliat\\w*", r"(?:declare|wage) war", r"stand(?:s|ing)? ready"])
    >>> index.candidates("they vowed to retaliate")
    [0]
    >>> index.candidates("we stand ready to wage war")
    [1, 2]
    """

    def __init__(self, patterns):
        self.patterns = tuple(patterns)
        literals = [required_literals(p) for p in self.patterns]
        #: patterns with no literal set are tried on every text
        self.always = tuple(i for i, found in enumerate(literals) if found is None)
        owners: dict[str, list[int]] = {}
        for i, found in enumerate(literals):
            for string in found or ():
                owners.setdefault(string, []).append(i)
        self._automaton = None
        if owners:
            automaton = ahocorasick.Automaton()
            for string, indices in owners.items():
                automaton.add_word(string, tuple(indices))
            automaton.make_automaton()
            self._automaton = automaton

    def regexes(self, text: str):
        """``(index, regex)`` of each pattern that may match ``text`` at a word start, in order.

        The regex is the pattern behind :data:`WORD_START` (see :func:`word_start_regexes`);
        the patterns left out cannot match. The caller searches with it.

        Examples
        --------
        >>> index = PatternIndex([r"retaliat\\w*", r"war\\b"])
        >>> [i for i, regex in index.regexes("they will retaliate; a pre-war plan") if regex.search(
        ...     "they will retaliate; a pre-war plan")]
        [0]
        """
        for i in self.candidates(text):
            regex, quick = word_start_regexes(self.patterns[i])
            if quick.search(text) is not None:
                yield i, regex

    def candidates(self, text: str) -> list[int]:
        """Indices (ascending) of the patterns that may match ``text``; the others cannot."""
        found = set(self.always)
        if self._automaton is not None:
            for _, indices in self._automaton.iter(text):
                found.update(indices)
        return sorted(found)


@lru_cache(maxsize=64)
def pattern_index(patterns: tuple[str, ...]) -> PatternIndex:
    """A :class:`PatternIndex` of ``patterns``, built once per distinct tuple."""
    return PatternIndex(patterns)
