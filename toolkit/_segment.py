"""Sentence splitting for news text: NLTK's Punkt with parameters shipped in the package.

Punkt runs on each paragraph (paragraphs are separated by blank lines); line breaks inside a
paragraph are ordinary white space.  The shipped parameters were learnt with
:class:`nltk.tokenize.punkt.PunktTrainer` on the project's own corpus and merged with a
hand-written list of news abbreviations (``data/punkt/abbreviations.txt``).  A few repairs
follow Punkt: no split before a lower-case continuation, after a person's initial, or after an
abbreviation that the next capitalised word continues (``Gen. Kim``).
"""
from __future__ import annotations

import json
import re
from collections.abc import Iterable
from functools import lru_cache
from importlib import resources

from nltk.tokenize.punkt import PunktParameters, PunktSentenceTokenizer, PunktTrainer

__all__ = ["split_sentences", "sentence_spans", "train_punkt_parameters", "load_punkt_parameters"]

_PARAGRAPH_BREAK = re.compile(r"\n[ \t\r\f\v]*\n\s*")
_OPENERS = "\"'“‘«(["
# words that, after a full stop, always continue the sentence (titles before a name)
_NAME_TITLES = {"mr", "mrs", "ms", "dr", "prof", "gen", "lt", "col", "maj", "capt", "sgt", "adm",
                "gov", "sen", "rep", "rev", "st", "hon", "amb", "pres", "sec", "cmdr", "brig"}


def _data_file(name: str):
    return resources.files("toolkit").joinpath("data", "punkt", name)


@lru_cache(maxsize=1)
def load_punkt_parameters() -> PunktParameters:
    """Load the shipped Punkt parameters (learnt and hand-listed abbreviations, collocations).

    Returns
    -------
    nltk.tokenize.punkt.PunktParameters
    """
    params = PunktParameters()
    learnt = _data_file("news_params.json")
    if learnt.is_file():
        data = json.loads(learnt.read_text(encoding="utf-8"))
        params.abbrev_types.update(data.get("abbrev_types", []))
        params.collocations.update(tuple(c) for c in data.get("collocations", []))
    params.abbrev_types.update(_hand_abbreviations())
    return params


def _hand_abbreviations() -> set[str]:
    text = _data_file("abbreviations.txt").read_text(encoding="utf-8")
    return {line.strip().lower().rstrip(".") for line in text.splitlines()
            if line.strip() and not line.startswith("#")}


@lru_cache(maxsize=1)
def _tokenizer() -> PunktSentenceTokenizer:
    return PunktSentenceTokenizer(load_punkt_parameters())


def train_punkt_parameters(texts: Iterable[str]) -> dict:
    """Learn Punkt parameters from raw texts and return them as a JSON-ready dict.

    Learnt abbreviations are kept only when they have inner full stops (``a.m``, ``u.n``):
    on a corpus this size Punkt also learns words that merely precede full stops (``sum``,
    ``keg``, ``ufa``); short abbreviations come from the reviewed hand list instead.

    Parameters
    ----------
    texts : iterable of str
        Documents to learn from.

    Returns
    -------
    dict
        Keys ``abbrev_types`` and ``collocations``.
    """
    trainer = PunktTrainer()
    trainer.INCLUDE_ALL_COLLOCS = False
    for text in texts:
        trainer.train(text, finalize=False)
    trainer.finalize_training()
    params = trainer.get_params()
    abbrevs = sorted(a for a in params.abbrev_types if re.fullmatch(r"[a-z]+(?:\.[a-z]+)+", a))
    # Learnt sentence starters and orthographic statistics are left out: on news they make
    # Punkt split after abbreviations before common words ("the U.S. The ..." is rare, "Gen. He"
    # never a boundary), which cost boundary precision on every set we measured.
    return {
        "abbrev_types": abbrevs,
        "collocations": sorted(list(c) for c in params.collocations),
    }


# a block ending in a lower-case function word ("Joint Statement by") runs on
_RUNS_ON = re.compile(r"\b(?:by|of|and|or|the|to|for|with|at|in|on|from|between)\s*$")


def _paragraph_spans(text: str) -> Iterable[tuple[int, int]]:
    """Paragraph spans; a block that ends mid-phrase runs on into the next."""
    start = 0
    for match in _PARAGRAPH_BREAK.finditer(text):
        block = text[start:match.start()]
        if block.strip() and _RUNS_ON.search(block):
            continue
        yield start, match.start()
        start = match.end()
    yield start, len(text)


# a dateline Punkt cuts after its date or agency: "MOSCOW, June 21. /TASS/. The ministry said ..."
_DATELINE_PIECE = re.compile(r"^(?:[A-Z][A-Z .'/-]+,\s+[A-Z][a-z]{2,8}\.?\s+\d{1,2}\.|/[A-Z]{2,12}/\.)$")


def _joins(prev: str, nxt: str) -> bool:
    """Whether a Punkt break between ``prev`` and ``nxt`` should be undone."""
    last_piece = re.split(r"(?<=\.)\s+", prev.strip())[-1]
    if _DATELINE_PIECE.match(last_piece) or _DATELINE_PIECE.match(prev.strip()):
        return True
    head = nxt.lstrip(_OPENERS)
    if not head:
        return True
    first = head[0]
    if first.islower() or first in ",;:)]—–-":
        return True
    words = prev.rstrip().split()
    if not words:
        return True
    last = words[-1].rstrip(".").lstrip(_OPENERS).lower()
    if prev.rstrip().endswith(".") and last in _NAME_TITLES:
        return True
    # a person's initial: "Kim J. Un", "George W. Bush" (a capital letter, full stop, capital)
    if (re.search(r"(?:^|\s)[A-Z]\.$", prev.rstrip()) and len(words) >= 2 and words[-2][:1].isupper()
            and first.isupper()):
        return True
    return False


def sentence_spans(text: str) -> list[tuple[int, int]]:
    """Character spans ``(start, end)`` of the sentences of ``text``.

    Parameters
    ----------
    text : str
        A document; paragraphs are separated by blank lines.

    Returns
    -------
    list of tuple of int
        Spans in order, with surrounding white space excluded, so that
        ``text[start:end]`` is each sentence. An empty or blank text gives ``[]``.

    Examples
    --------
    >>> text = '“If they dare to test us, we will answer,” KCNA said. Seoul urged calm.'
    >>> [text[s:e] for s, e in sentence_spans(text)]
    ['“If they dare to test us, we will answer,” KCNA said.', 'Seoul urged calm.']
    """
    tok = _tokenizer()
    spans: list[tuple[int, int]] = []
    for p_start, p_end in _paragraph_spans(text):
        para = text[p_start:p_end]
        if not para.strip():
            continue
        merged: list[list[int]] = []
        for s, e in tok.span_tokenize(para):
            if merged and _joins(para[merged[-1][0]:merged[-1][1]], para[s:e]):
                merged[-1][1] = e
            else:
                merged.append([s, e])
        for s, e in merged:
            chunk = para[s:e]
            lead = len(chunk) - len(chunk.lstrip())
            trail = len(chunk) - len(chunk.rstrip())
            if e - trail > s + lead:
                spans.append((p_start + s + lead, p_start + e - trail))
    return spans


def split_sentences(text: str) -> list[str]:
    """Split ``text`` into sentences (see :func:`sentence_spans`).

    Examples
    --------
    >>> split_sentences("The U.S. envoy met Gen. Kim on Jan. 10. Talks went on.")
    ['The U.S. envoy met Gen. Kim on Jan. 10.', 'Talks went on.']
    """
    return [text[s:e] for s, e in sentence_spans(text)]
