"""Map speaker phrases and mentions to actor codes (ISO 3166 alpha-3, organisations, OTHER).

Country names and codes come from :mod:`pycountry`.  Demonyms, capitals, state media,
organisations, armed groups and named office holders (with the dates they held office) are
package data in ``data/actors/`` (see its README).  Users add their own with
:func:`add_actor_alias` and :func:`add_office_holder`.
"""
from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

import pycountry

__all__ = ["ActorResolver", "add_actor_alias", "add_office_holder", "resolve_actor", "actor_from_source",
           "ORGANISATION_CODES"]

ORGANISATION_CODES = frozenset({
    "UN", "EU", "NATO", "IAEA", "G7", "G20", "ASEAN", "AU", "LAS", "CARICOM", "OSCE", "GCC", "OAS",
    "ECOWAS", "SCO", "CSTO", "BRICS", "IMF", "WHO", "OPEC", "OIC", "PIF", "ICC", "ICJ", "WTO",
    "SADC", "IGAD", "EAC", "CIS", "MERCOSUR", "CELAC", "WB", "UNHCR", "UNICEF", "WFP", "QUAD", "OTHER",
})
_EXTRA_STATES = {"XKX", "PSE", "TWN"}
# unusual spaces read as plain ones (same length, so offsets hold)
_SPACES = str.maketrans({"\u00a0": " ", "\u200b": " ", "\u2009": " ", "\u202f": " ", "\u2007": " ",
                         "\u2060": " ", "\u00ad": " ", "\ufeff": " ", "\u200a": " ", "\u2002": " ", "\u2003": " "})

# user additions, kept across resolver rebuilds
_USER_ALIASES: list[tuple[str, str]] = []
_USER_HOLDERS: list[dict] = []


@dataclass(frozen=True)
class Mention:
    """An actor named in a text: where, by which words, and its code."""

    start: int
    end: int
    words: str
    actor: str
    kind: str


def _valid_code(code: str) -> bool:
    if code != code.upper():
        return False
    return code in ORGANISATION_CODES or code in _EXTRA_STATES or pycountry.countries.get(alpha_3=code) is not None


def add_actor_alias(alias: str, actor: str) -> None:
    """Register an extra name for an actor, used by every later analysis.

    Parameters
    ----------
    alias : str
        The words as they appear in text (matched with their capitalisation), e.g.
        ``"Hamas politburo"`` or ``"the Junta"``.
    actor : str
        The actor code: ISO 3166 alpha-3, an organisation code (``UN``, ``EU``, ...) or ``OTHER``.

    Examples
    --------
    >>> add_actor_alias("Free Freedonia Front", "OTHER")
    >>> resolve_actor("a Free Freedonia Front spokesman")
    'OTHER'
    """
    if not alias or not alias.strip():
        raise ValueError("alias must be a non-empty string")
    actor = str(actor).strip().upper() if str(actor).strip().upper() != "OTHER" else "OTHER"
    if not _valid_code(actor):
        raise ValueError(f"unknown actor code {actor!r}: use ISO 3166 alpha-3 or one of {sorted(ORGANISATION_CODES)}")
    _USER_ALIASES.append((alias.strip(), actor))
    _default_resolver.cache_clear()


def add_office_holder(name: str, actor: str, *, role: str = "other", start: str | None = None,
                      end: str | None = None, aliases: tuple[str, ...] = ()) -> None:
    """Register a named office holder (a person who speaks for an actor).

    Parameters
    ----------
    name : str
        Full name as written in news, e.g. ``"Jane Doe"``.
    actor : str
        Actor code the person speaks for.
    role : str, default "other"
        Role from the vocabulary of ``office_holders.csv`` (``foreign minister``, ...).
    start, end : str, optional
        ``YYYY-MM-DD`` dates of the term; open if omitted.
    aliases : tuple of str
        Other ways the name is written (a distinctive surname, transliterations).
    """
    actor = str(actor).strip().upper()
    if not _valid_code(actor):
        raise ValueError(f"unknown actor code {actor!r}")
    for value in (start, end):
        if value and not re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
            raise ValueError(f"dates must be YYYY-MM-DD, not {value!r}")
    _USER_HOLDERS.append({"name": name, "actor": actor, "role": role, "start": start or "",
                          "end": end or "", "aliases": ";".join(aliases)})
    _default_resolver.cache_clear()


def _read_csv(name: str) -> list[dict]:
    path = resources.files("toolkit").joinpath("data", "actors", name)
    if not path.is_file():
        return []
    with path.open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def _strip_the(alias: str) -> str:
    return alias[4:] if alias.lower().startswith("the ") else alias


def _longest_first_alternation(names) -> str:
    """A regex alternation of ``names`` that prefers the longest name matching at a position.

    The names are grouped by their first character, longest first within each group. At any
    position only the group of that character can match, so the regex engine tries a few dozen
    names instead of thousands, and picks the same name as a flat longest-first alternation.
    """
    groups: dict[str, list[str]] = {}
    for name in sorted(filter(None, names), key=len, reverse=True):
        groups.setdefault(name[0], []).append(re.escape(name[1:]))
    return "|".join(f"{re.escape(first)}(?:{'|'.join(rests)})" for first, rests in groups.items())


class ActorResolver:
    """Find actor mentions in text and resolve speaker phrases to actor codes.

    Parameters
    ----------
    aliases : list of (alias, actor, kind)
        Names to match, exactly as capitalised (``US`` is not ``us``); a leading ``the`` is
        dropped, so ``the Kremlin`` and ``Kremlin`` are one alias.
    holders : list of dict
        Office holders with ``name``, ``actor``, ``role``, ``start``, ``end``, ``aliases``.
    """

    def __init__(self, aliases, holders):
        self.aliases = list(aliases)
        self.holders = list(holders)
        table: dict[str, tuple[str, str]] = {}
        for alias, actor, kind in self.aliases:
            key = _strip_the(alias.strip())
            if key and key not in table:
                table[key] = (actor, kind)
        self._person_terms: dict[str, list[dict]] = {}
        latest: dict[str, dict] = {}
        for h in self.holders:
            names = [h["name"]] + [a.strip() for a in (h.get("aliases") or "").split(";") if a.strip()]
            for n in names:
                self._person_terms.setdefault(n, []).append(h)
                if n not in latest or (h.get("start") or "") > (latest[n].get("start") or ""):
                    latest[n] = h
        for n, h in latest.items():  # without a date, a person speaks for their latest office
            table.setdefault(n, (h["actor"], "person"))
        self._table = table
        self._regex = re.compile(rf"(?<![\w-])(?:{_longest_first_alternation(table)})(?![\w-])")

    def mentions(self, text: str, *, date: str | None = None) -> list[Mention]:
        """All actor mentions in ``text``, left to right, longest match first.

        Parameters
        ----------
        text : str
        date : str, optional
            ``YYYY-MM-DD``; picks the office holder in office then when a name is shared.
        """
        out = []
        text = text.translate(_SPACES)
        for m in self._regex.finditer(text):
            words = m.group(0)
            actor, kind = self._table[words]
            if kind == "person" and date:
                actor = self._holder_actor(words, date) or actor
            out.append(Mention(m.start(), m.end(), words, actor, kind))
        return out

    def _holder_actor(self, name: str, date: str) -> str | None:
        terms = self._person_terms.get(name, [])
        for h in terms:
            if (not h["start"] or h["start"] <= date) and (not h["end"] or date <= h["end"]):
                return h["actor"]
        return terms[0]["actor"] if terms else None

    def resolve(self, phrase: str, *, date: str | None = None) -> str | None:
        """The actor a speaker phrase stands for, or ``None`` when it names none.

        A named office holder decides; otherwise the first mention in the phrase (``the
        Russian ambassador to the UN`` is ``RUS``; ``UN Secretary-General Antonio Guterres`` is
        ``UN``).
        """
        found = self.mentions(phrase, date=date)
        people = [m for m in found if m.kind == "person"]
        # a named person outranks a title or place in the same phrase
        # ("AU Commission Secretary-General Wamkele Mene" is whoever Mene speaks for, if known)
        return (people or found)[0].actor if found else None

    def holder_for_role(self, role: str, actor: str, date: str | None) -> str | None:
        """The name of the person who held ``role`` for ``actor`` on ``date``, if known."""
        for h in self.holders:
            if h["role"] == role and h["actor"] == actor and date and \
                    (not h["start"] or h["start"] <= date) and (not h["end"] or date <= h["end"]):
                return h["name"]
        return None


def _country_aliases() -> list[tuple[str, str, str]]:
    rows = []
    for c in pycountry.countries:
        for attr in ("name", "common_name", "official_name"):
            value = getattr(c, attr, None)
            if value:
                rows.append((value, c.alpha_3, "country_name"))
    return rows


@lru_cache(maxsize=1)
def _default_resolver() -> ActorResolver:
    aliases = [(u, a, "user") for u, a in _USER_ALIASES]
    rows = _read_csv("aliases.csv")
    aliases += [(r["alias"], r["actor"], r.get("kind", "")) for r in rows]
    # plural demonyms name the people of a state: "the Russians", "Israelis"
    aliases += [(r["alias"] + "s", r["actor"], "demonym") for r in rows
                if r.get("kind") == "demonym" and re.search(r"(?:an|i|ian)$", r["alias"])]
    aliases += _country_aliases()
    holders = list(_USER_HOLDERS) + _read_csv("office_holders.csv")
    return ActorResolver(aliases, holders)


def default_resolver() -> ActorResolver:
    """The resolver built from the package data and the user's additions."""
    return _default_resolver()


def resolve_actor(phrase: str, *, date: str | None = None) -> str | None:
    """Resolve a speaker phrase to an actor code with the package's data.

    Parameters
    ----------
    phrase : str
        Words naming a speaker, e.g. ``"Russian Foreign Minister Sergei Lavrov"``.
    date : str, optional
        ``YYYY-MM-DD`` date of the article, for office holders.

    Returns
    -------
    str or None
        The actor code, or ``None`` if the phrase names no known actor.

    Examples
    --------
    >>> resolve_actor("the North Korean foreign ministry")
    'PRK'
    """
    return default_resolver().resolve(phrase, date=date)


# government web domains: "gov.uk", "mfa.gov.cn", "gob.mx", "gouv.fr", "go.kr"; a bare ".gov" is the US
_GOVERNMENT_HOST = re.compile(r"(?:^|\.)(?:gov|gob|gouv|go|govt|gv|gc)\.(?P<cc>[a-z]{2})$|(?:^|\.)gov$|(?:^|\.)mil$")
_CCTLD_EXCEPTIONS = {"uk": "GB"}


def actor_from_source(source: str | None) -> str | None:
    """The state whose government publishes at a source address, if the address shows it.

    Only government domains count (``state.gov``, ``usembassy.gov``, ``gov.uk``, ``mfa.gov.cn``,
    ``gob.mx``, ``diplomatie.gouv.fr``, ``mofa.go.kr``, ``international.gc.ca``): a news
    site's country says nothing about who speaks.

    Parameters
    ----------
    source : str or None
        A URL or host name.

    Returns
    -------
    str or None
        ISO 3166 alpha-3 code, or ``None``.

    Examples
    --------
    >>> actor_from_source("https://www.gov.uk/government/news/some-statement")
    'GBR'
    >>> actor_from_source("https://ke.usembassy.gov/some-statement/")
    'USA'
    >>> actor_from_source("https://www.reuters.com/world/") is None
    True
    """
    if not isinstance(source, str) or not source.strip():
        return None
    host = re.sub(r"^[a-z][a-z0-9+.-]*://", "", source.strip().lower()).split("/")[0].split(":")[0]
    m = _GOVERNMENT_HOST.search(host)
    if not m:
        return None
    cc = m.group("cc")
    if cc is None:
        return "USA"
    country = pycountry.countries.get(alpha_2=_CCTLD_EXCEPTIONS.get(cc, cc).upper())
    return country.alpha_3 if country else None
