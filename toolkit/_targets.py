"""The actor a threatening or condemning sentence is aimed at."""
from __future__ import annotations

import csv
import re
from functools import lru_cache
from importlib import resources

from ._actors import ActorResolver
from ._patterns import WORD_START

__all__ = ["find_target"]

# a mention that only names the source of a rule or body ("UN Security Council resolutions",
# "the UN Charter") is not what a sentence is aimed at
_REFERENCE_AFTER = re.compile(
    r"^(?:'s|’s)?\s*(?:Security Council\s+)?(?:resolutions?|[Cc]harter|[Cc]onvention|[Tt]reaty|law|sanctions regime|"
    r"[Pp]anel of [Ee]xperts|investigators|inspectors|monitors|peacekeep\w*)\b")
# a news agency's dateline at the start of the first sentence: "SEOUL, June 2 (Yonhap) --"
_DATELINE_AGENCY = re.compile(r"^[^()]{0,80}\([^)]{2,40}\)\s*(?:--|-|—|–|:)\s*")


@lru_cache(maxsize=1)
def _epithets() -> list[tuple[re.Pattern, str]]:
    """Hostile names for actors (``the puppets`` -> KOR) from ``data/actors/epithets.csv``."""
    path = resources.files("toolkit").joinpath("data", "actors", "epithets.csv")
    with path.open(encoding="utf-8", newline="") as fh:
        return [(re.compile(WORD_START + row["pattern"], re.IGNORECASE), row["actor"])
                for row in csv.DictReader(fh)]


def find_target(sentence: str, *, speaker_actor: str, resolver: ActorResolver,
                date: str | None = None, skip: tuple[int, int] | None = None,
                fallback: list[str] = ()) -> str:
    """The actor a hostile sentence is aimed at.

    The first actor named in the sentence (outside the speaker's own words ``skip``, a
    dateline's news agency, and names that only cite a rule or body, such as ``UN Security
    Council resolutions``) that is not the speaker's own actor. Hostile epithets (``puppet``,
    ``Yankees``) count when no actor is named. When the sentence names none, the first of
    ``fallback`` (the document's other actors, most mentioned first) that is not the speaker's.

    Examples
    --------
    >>> from toolkit._actors import default_resolver
    >>> find_target("The US accused North Korea of violating sanctions.", speaker_actor="USA",
    ...             resolver=default_resolver())
    'PRK'
    """
    dateline = _DATELINE_AGENCY.match(sentence)
    named = []
    for m in resolver.mentions(sentence, date=date):
        if skip and m.start < skip[1] and m.end > skip[0]:
            continue
        if dateline and m.end <= dateline.end():
            continue
        if _REFERENCE_AFTER.match(sentence[m.end:]):
            continue
        named.append((m.start, m.actor))
    epithets = [(m.start(), actor) for pattern, actor in _epithets() for m in pattern.finditer(sentence)]
    for found in (named, epithets):
        for _, actor in sorted(found):
            if actor not in (speaker_actor, "AUTHOR"):
                return actor
    for actor in fallback:
        if actor not in (speaker_actor, "AUTHOR"):
            return actor
    return ""
