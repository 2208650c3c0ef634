"""Who speaks in each sentence: quotes, reporting cues, back-references and statement issuers.

Rules follow the codebook (``datasets/CODEBOOK.md``):

* quotes are paired per paragraph; a paragraph that opens a quote while the previous one left
  its quote open continues it, and every sentence of a quote keeps the quote's speaker;
* a sentence's speaker is the subject of its first reporting verb outside the quotes
  (``"...," KCNA reported``; ``Kim said ..., according to KCNA`` is Kim), else the phrase after
  ``according to``, else the speaker of the quote it sits in;
* pronouns resolve to the last named speaker; roles (``the ministry``) and documents
  (``the statement``) to the last speaker they fit, and keep their own words;
* sentences with no cue belong to the writer: ``AUTHOR`` in a report, the issuer in a document
  that is an actor's own statement (found from the ``author`` field, the title or the opening).
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from ._actors import ActorResolver, actor_from_source, default_resolver
from ._segment import sentence_spans

__all__ = ["Attribution", "attribute_document", "document_issuer"]

AUTHOR = "AUTHOR"

# reporting verbs by class: the class is a feature for the stance classifier
CUE_CLASSES = {
    "threat": "warned warns threatened threatens vowed cautioned promised",
    "condemn": "condemned condemns denounced denounces accused accuses criticized criticised criticizes lashed "
               "criticises deplores summoned blamed blames slammed slams decried decries lambasted "
               "lambasts charged alleged alleges allege branded rebuked protested railed rails blasted blasts "
               "castigated castigates censured chided assailed excoriated derided ridiculed",
    "demand": "urged urges demanded called calls insisted insists",
    "position": "agreed agrees hailed hails praised praises congratulated thanked reaffirmed reaffirms "
                "recognised recognized discussed appealed proposed underlined underlines highlighted "
                "voiced applauded lauded objected welcomed welcomes expressed expresses deplored "
                "reiterated reiterates pledged regrets regretted endorsed encouraged believes hopes",
    "neutral": "said says say added adds told tells stated noted stressed stresses "
               "declared declares announced announces claimed argued argues reported "
               "wrote writes tweeted posted explained explains emphasized emphasised "
               "emphasizes emphasises affirmed affirms asserted asserts "
               "confirmed confirms acknowledged acknowledges admitted admits responded responds "
               "replied replies retorted retorts described suggested suggests "
               "denied denies rejected rejects dismissed dismisses observed observes recalled remarked "
               "maintained maintains "
               "indicated indicates signalled signaled hinted informed briefed issued issues released releases "
               "compared referred defended assured delivered pointed",
}
CUE_CLASS = {w: cls for cls, words in CUE_CLASSES.items() for w in words.split()}
CUE_CLASS.update({"warning": "threat", "threatening": "threat", "vowing": "threat", "accusing": "condemn",
                  "condemning": "condemn", "denouncing": "condemn", "blaming": "condemn", "urging": "demand",
                  "demanding": "demand", "clear": "neutral"})
_CUE_WORDS = "|".join(sorted(CUE_CLASS, key=len, reverse=True))
_VERB = re.compile(rf"\b(?:{_CUE_WORDS})\b")

PRONOUNS = {"he", "she", "they", "it", "we", "i"}
ROLE_HEADS = ("spokesperson", "spokesman", "spokeswoman", "ministry", "ministries", "minister",
              "head of state", "head of government", "head", "chief", "commander", "general",
              "agency", "statement", "communique", "communiqué", "declaration", "office",
              "department", "government", "president", "premier", "leader", "council",
              "committee", "embassy", "mission", "military", "army", "command", "official",
              "officials", "diplomat", "diplomats", "envoy", "ambassador", "secretary",
              "chancellor", "prime minister", "commentary", "report", "readout", "newspaper",
              "daily", "broadcaster", "regime", "administration", "cabinet", "kremlin", "bureau",
              "general staff", "forces", "navy", "analyst", "analysts", "expert", "experts",
              "officer", "officers", "source", "sources", "authorities", "parliament", "lawmakers",
              "group", "members", "allies", "partners", "countries", "nations", "states")
# several parties speaking together ("the two sides", "both leaders"): coded to the one named first
GROUP_HEADS = ("sides", "leaders", "parties", "presidents", "prime ministers", "ministers", "delegations",
               "counterparts", "heads of state", "trio", "governments")
_SUBJECT_STOP = re.compile(
    r"(?:^|[,;:(]\s*|\b(?:that|which|who|whom|whose|while|whereas|but|and|as|after|before|when|"
    r"because|since|although|though|if|where|than|so)\s+)(?=[^,;:(]*$)", re.IGNORECASE)
_TIME_WORDS = re.compile(
    r"\s+(?:on|late on|early on|last|this|earlier|later|also|again|previously|repeatedly|publicly|already|jointly|"
    r"separately|in a statement|in a speech|in an interview|in a post|in remarks|at a briefing|"
    r"has|have|had|has also|have also|had also|would|will|once|recently|then|now|yesterday|today)"
    r"(?:\s+(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday|week|month|year|night|"
    r"morning|evening|afternoon))?\s*$", re.IGNORECASE)
_NON_STATE = re.compile(
    r"\b(?:analyst|analysts|expert|experts|professor|researcher|scholar|fellow|economist|lecturer|"
    r"think[- ]tank|institute|university|resident|residents|witness|witnesses|activist|activists|"
    r"rights group|correspondent|journalist|reporter|commentator|consultant|strategist|student|"
    r"farmer|shopkeeper|doctor|nurse|villager|survivor|refugee|militant|militants|militia|militias|"
    r"rebel|rebels|insurgent|insurgents|jihadist|jihadists|guerrilla|guerrillas|monitor|fighter group|"
    r"armed group|mastermind)\b")
_ACCORDING = re.compile(r"\b[Aa]ccording to\s+(?P<np>(?:[^,.;:“”\"()]|\.(?=\w))+)")
_QUOTED_AS = re.compile(r"(?P<np>[^,.;:“”\"]+?)\s+(?:was|were|is|are)\s+quoted\s+(?:by\s+[^,.;:]+?\s+)?as\s+saying")
# '"...," AFP quoted a militia's statement' / 'the agency quoted Lavrov as saying': the object speaks
_QUOTED_OBJECT = re.compile(r"(?<!\bbe\s)(?<!\bwas\s)(?<!\bwere\s)\bquoted\s+"
                            r"(?P<np>(?:[Tt]he\s+|an?\s+)?[A-Z][^,.;:“”\"_]*?)"
                            r"(?=\s+as\s+(?:saying|telling|stating)\b|\s*[,.;:]|\s*$)")
# a sentence opening with an adverbial phrase before its subject: "During a visit to ..., the minister ..."
_LEADING_ADVERBIAL = re.compile(
    r"^\s*(?:During|After|Before|Following|Amid|Despite|While|In|On|At|Speaking|Addressing|Asked|Under|Since|"
    r"With|Without|Through|Earlier|Later|Meanwhile|Separately|Elsewhere|Furthermore|Moreover|Additionally|"
    r"However|Also|Likewise|Similarly|Nevertheless|Indeed|Instead)\b[^,“”\"_]{0,140},\s*")
_FINITE_VERBS = {"was", "is", "were", "are", "be", "been", "has", "have", "had", "will", "would", "could",
                 "should", "did", "does", "do"}
_PREPOSITIONS = {"during", "after", "before", "following", "amid", "despite", "while", "in", "on", "at",
                 "under", "since", "with", "without", "through", "for", "from", "by", "of", "to", "into",
                 "earlier", "later", "meanwhile", "however", "speaking", "addressing", "asked", "furthermore",
                 "moreover", "additionally", "also", "likewise", "similarly", "nevertheless", "indeed", "instead"}
_DATELINE = re.compile(
    r"^(?:[A-Z][\w'’.]*(?:[ /-][A-Z][\w'’.]*)*,?\s+"
    r"(?:[A-Z][a-z]{2,8}\.?\s+\d{1,2}(?:,\s*\d{4})?|\d{1,2}\s+[A-Z][a-z]{2,8})?"
    r"\s*(?:\([^)]{2,40}\)\s*(?:--|-|—|–|:)?|(?:--|-|—|–|:))\s+)")
_QUESTION_LINE = re.compile(r"^\s*(?:Q|QUESTION|Question|Reporter|REPORTER)\s*[:.]")
_ANSWER_LINE = re.compile(r"^\s*(?:A|ANSWER|Answer)\s*:\s*")
_ISSUER_OPENING = re.compile(
    r"(?P<np>[A-Z][^.:;“”\"]{2,120}?)\s+(?:on \w+day\s+)?(?:issued|released|made public|published)\s+"
    r"(?:the following|a|this)\b")
_DOC_WORDS = (r"(?:Statement|Remarks|Readout|Communiqu[ée]|Declaration|Press Release|Press Conference|"
              r"Briefing|Message|Announcement|Address|Speech|Commentary|Answer|Comment|Interview|Editorial|"
              r"Article|Letter|Op-Ed)")
_TITLE_ISSUER = [
    # "Statement by the Secretary-General regarding ...", "Press Statement of Kim Yo Jong, ..."
    re.compile(rf"^(?:Press |Crucial |Joint |Official |Foreign Ministry |Weekly |Regular |Daily |Special )?"
               rf"{_DOC_WORDS}s?\s+(?:of|by|from)\s+"
               r"(?:the\s+)?(?P<np>.+?)"
               r"(?:,.*|\s+(?:on|regarding|about|concerning|at|to|following|after|in|over|for)\s+.+)?$", re.I),
    # "KCNA Commentary on ...", "Mao Ning's Regular Press Conference", "the Deputy Minister's answer to ..."
    re.compile(rf"^(?P<np>.+?)(?:'s|’s|’|')?\s+"
               rf"(?:Press |Joint |Crucial |Regular |Daily |Special )?{_DOC_WORDS}\b", re.I),
    # "DPRK Foreign Minister Choe Son Hui Issues Press Statement"
    re.compile(r"^(?P<np>.+?)\s+(?:Issues|Releases|Makes|Delivers|Publishes|Gives)\b"),
]
# "Ambassador Hale Condemns Depot Bombing": a headline whose verb names the issuer's act
_TITLE_VERB = re.compile(
    r"^(?P<np>(?:the\s+)?[A-Z][\w.’'-]*(?:\s+(?:[A-Z][\w.’'-]*|of|for|the|and)){0,7})\s+"
    r"(?:Condemns|Slams|Says|Warns|Denounces|Urges|Calls|Rejects|Welcomes|Deplores|Criticizes|Criticises|"
    r"Holds|Accuses|Vows|Threatens|Demands|Expresses|Reaffirms|Stresses|Announces)\b")
_SPEAKER_LABEL = re.compile(r"^(?P<label>[A-Z][\w.'’\- ]{1,60}?)\s*:\s+\S")
_NOT_LABELS = {"follow-up", "note", "update", "editor's", "source", "photo", "related", "read", "also"}
_OPEN = {"“": "”", "«": "»", '"': '"'}
_CLOSE = {"”", "»"}


@dataclass
class Attribution:
    """The speaker of one sentence and how it was found."""

    speaker: str
    actor: str
    source: str  # cue, according_to, quote, continuation, issuer, author, question
    cue_verb: str = ""
    cue_class: str = ""
    quote_spans: list = field(default_factory=list)  # (start, end) in document offsets
    speaker_span: tuple | None = None  # where the speaker phrase stands in the document


# ---------------------------------------------------------------------------------------------
# quotes

def quote_spans(text: str, *, min_words: int = 4) -> list[tuple[int, int]]:
    """Spans of quoted speech in a document (inside the quote marks).

    Quotes are paired per paragraph; a paragraph whose quote is still open at its end and whose
    next paragraph starts with an opening mark runs on (newspaper convention). Quotes of fewer
    than ``min_words`` words are scare quotes, not speech, and are left out.
    """
    spans = []
    paragraphs = [(m.start(), m.end()) for m in re.finditer(r"[^\n]+(?:\n(?!\s*\n)[^\n]*)*", text)]
    open_at = None
    for p_start, p_end in paragraphs:
        para = text[p_start:p_end]
        if open_at is not None:
            # a quote left open runs to the end of its paragraph; a paragraph that opens with a
            # quote mark continues it (newspaper convention) and reopens below with the same speaker
            spans.append((open_at, p_start - 1))
            open_at = None
        for i, ch in enumerate(para):
            pos = p_start + i
            if ch == '"':
                if open_at is None:
                    open_at = pos + 1
                else:
                    spans.append((open_at, pos))
                    open_at = None
            elif ch in ("“", "«"):
                if open_at is not None:  # a new opener while open: odd marks, restart
                    spans.append((open_at, pos))
                open_at = pos + 1
            elif ch in _CLOSE and open_at is not None:
                spans.append((open_at, pos))
                open_at = None
        if open_at is not None and open_at >= p_end:
            open_at = None
    if open_at is not None:
        spans.append((open_at, len(text)))
    return [(s, e) for s, e in spans if len(text[s:e].split()) >= min_words]


def _mask(text: str, spans: list[tuple[int, int]], offset: int) -> str:
    chars = list(text)
    for s, e in spans:
        for i in range(max(s - offset, 0), min(e - offset, len(chars))):
            chars[i] = "_" if not chars[i].isspace() else chars[i]
    return "".join(chars)


# ---------------------------------------------------------------------------------------------
# cues

def _clean_np(np: str) -> str:
    np = np.strip(" \t\n,;:-—–\"“”'’")
    np = re.sub(r"^(?:In|in) (?:a|an|its|his|her|their) [\w\s-]{0,40}?,\s*", "", np)
    np = re.sub(r"^(?:On|on|Earlier|Later|Meanwhile|Separately|However|Also|In \w+)\b[^,]*,\s*", "", np)
    for _ in range(3):
        np = _TIME_WORDS.sub("", np)
        np = re.sub(r"\s+[a-z]+ly$", "", np)
    return np.strip(" ,")


def _plausible_subject(np: str) -> bool:
    if not np or len(np) > 120 or "_" in np:
        return False
    words = np.split()
    if len(words) > 14:
        return False
    low = np.lower()
    if low in PRONOUNS:
        return True
    if words[0].lower() in _PREPOSITIONS:
        return False
    if any(w.lower() in _FINITE_VERBS for w in words):
        return False  # a clause, not a noun phrase: "It was the first time Cairo"
    if any(w[:1].isupper() and (i > 0 or w.lower() not in _DETERMINERS) for i, w in enumerate(words)):
        return True
    return any(re.search(rf"\b{re.escape(h)}\b", low) for h in ROLE_HEADS + GROUP_HEADS)


_DETERMINERS = {"the", "a", "an", "this", "that", "these", "those", "it", "its", "such", "our", "their",
                "his", "her", "some", "many", "most", "all", "both", "each", "no", "any", "every", "other",
                "another", "what", "which", "there", "here", "in", "on", "at", "for", "by", "with", "from"}
_BOUNDARY = re.compile(
    r"(?<!\d),|,(?!\d)|[;:(]|\b(?:that|which|who|whom|whose|while|whereas|but|and|as|after|before|when|because|since|"
    r"although|though|if|where|than|so|with)\b", re.IGNORECASE)
_RELATIVE = {"that", "which", "who", "whom", "whose"}
_SENTENCE_SUBJECT = re.compile(
    r"^\s*(?P<np>(?:[Tt]he\s+)?[A-Z][\w.'’-]*(?:\s+(?:[A-Z][\w.'’-]*|of|the|for|and|de|al|bin|van|von))*)")


# a lower-case subject that names a role or group: "the two leaders", "the ministry", "both sides"
_ROLE_SUBJECT = re.compile(
    r"^\s*(?P<np>(?:[Tt]he|[Bb]oth|[Aa]ll|[Tt]heir|[Ii]ts)\s+(?:[a-z-]+\s+){0,3}?"
    r"(?:" + "|".join(re.escape(h) for h in sorted(GROUP_HEADS + ROLE_HEADS, key=len, reverse=True)) + r"))\b")


def _opening_subject(text: str) -> tuple[int, int] | None:
    """Span of the subject that opens a clause, after any leading adverbial phrase."""
    lead = _LEADING_ADVERBIAL.match(text)
    skip = lead.end() if lead else 0
    m = _SENTENCE_SUBJECT.match(text[skip:]) or _ROLE_SUBJECT.match(text[skip:])
    return (skip + m.start("np"), skip + m.end("np")) if m else None


def _subject_before(before: str) -> tuple[int, int] | None | bool:
    """Span of the subject that ends right before a reporting verb.

    Returns ``(start, end)`` in ``before``, ``False`` when the verb sits in a relative clause
    (``the deal that Iran says it wants``), or ``None`` when no subject is found.
    """
    b = re.sub(r"\([^()]*\)", lambda m: " " * len(m.group(0)), before).rstrip()
    # comma-delimited interjections between subject and verb:
    # "Obama, meeting ASEAN leaders, said"; "Shi Yi, a spokesman for the command, said"
    while b.endswith(","):
        inner = b[:-1]
        k = inner.rfind(",")
        if k < 0 or "_" in inner[k:]:
            break
        b = inner[:k].rstrip()
    last = None
    for m in _BOUNDARY.finditer(b):
        last = m
    start = last.end() if last else 0
    head = b[start:]
    word = last.group(0).lower() if last else ""
    if word in _RELATIVE and head.strip().lower() not in PRONOUNS and head.strip():
        return False
    if word in ("and", "but") and not head.strip():
        # a coordinated verb: "Aliyev ... did not name Russia directly but said"
        return _opening_subject(before)
    if word == "and" and head.strip() and last is not None:
        # "The United States and dozens of allies condemned": keep a noun phrase joined by "and"
        left = b[:last.start()]
        prev = None
        for m in _BOUNDARY.finditer(left):
            if m.group(0).lower() != "and":
                prev = m
        lead = left[prev.end() if prev else 0:]
        if lead.strip() and all(w[:1].isupper() or w.lower() in ("the", "of", "its", "their") for w in lead.split()):
            start = prev.end() if prev else 0
            head = b[start:]
    return start, start + len(head)


_PARTICIPLE = re.compile(
    r"\s+saying:|,\s+(?:saying|warning|adding|accusing|calling|describing|vowing|insisting|stressing|noting|urging|"
    r"threatening|claiming|arguing|declaring|demanding|condemning|denouncing|telling|blaming)\b")
_MADE_CLEAR = re.compile(r"\bmade\s+(?:it\s+)?clear\b|\bhas\s+been\s+(?:warning|saying|threatening|accusing)\b")


def _participle_cue(masked: str) -> tuple[str, str, int, int] | None:
    """``X made a similar assessment, warning that ...`` / ``X made it clear ...``: X speaks."""
    m = _PARTICIPLE.search(masked) or _MADE_CLEAR.search(masked)
    if not m:
        return None
    span = _opening_subject(masked[:m.start()])
    if not span:
        return None
    np = _clean_np(masked[span[0]:span[1]])
    if not _plausible_subject(np) or len(np.split()) > 10:
        return None
    verb = m.group(0).strip(" ,").split()[-1]
    start = span[0] + masked[span[0]:span[1]].find(np)
    return np, verb, start, start + len(np)


def _find_cue(masked: str, *, skip_classes: tuple = ()) -> tuple[str, str, int, int] | None:
    """The first reporting verb with a plausible subject: (subject, verb, start, end).

    Verbs of a class in ``skip_classes`` are passed over (in an actor's own statement a
    position verb such as ``agreed`` describes others' acts in the issuer's voice).
    """
    for m in _VERB.finditer(masked):
        verb = m.group(0)
        if CUE_CLASS.get(verb) in skip_classes:
            continue
        before = masked[:m.start()]
        after = masked[m.end():]
        if verb in ("called", "calls") and not re.match(
                r"\s+(?:on|for|upon)\b"
                r"|\s+(?:the|it|this|that|him|her|them|[A-Z][\w'’-]*)\b[^.;]{0,60}?\b(?:a|an)\s", after):
            continue
        if verb == "delivered" and not re.match(
                r"\s+(?:\w+\s+){0,4}?(?:address|speech|remarks|message|statement|warning|sermon)\b", after):
            continue
        if verb in ("issued", "issues", "released", "releases") and not re.match(
                r"\s+(?:\w+\s+){0,4}?(?:statement|condemnation|warning|protest|ultimatum|communiqu[eé]|"
                r"declaration|rebuke|threat|denunciation|appeal|call)\b", after):
            continue
        if re.search(r"\b(?:to|be|been|being|was|were|is|are|a|an|the|his|her|their|its|our)\s+$", before):
            continue  # "refused to condemn", passives, nouns ("a warning")
        # inverted order right after a quote: ', said the ministry' / '," said Lavrov'
        if re.search(r"_[,.!?]?\s*[”\"»]?\s*$|[”\"»]\s*$", before) or not before.strip(" _“”\"'"):
            inv = re.match(r"\s+(?P<np>(?:(?:the|The|a|A|an|An)\s+)?[\w][^,.;:“”\"()]*|he|she|they)", after)
            if inv and not re.match(r"\s+(?:that|on|in|at|to)\b", after):
                np = _clean_np(inv.group("np"))
                if _plausible_subject(np):
                    start = m.end() + inv.start("np")
                    return np, verb, start, start + len(np)
        span = _subject_before(before)
        if span is False:
            continue
        if span is None:
            continue
        head = before[span[0]:span[1]]
        last_quote = max(head.rfind(c) for c in "”\"»_")
        if last_quote >= 0:
            head = head[last_quote + 1:]
            span = (span[1] - len(head), span[1])
        np = re.sub(r"^(?:and|but|or)\s+", "", _clean_np(head))
        if re.match(r"(?i)(?:what|why|how|when|where|who|did|does|do|will|would|can|could)\b", np):
            continue
        if _plausible_subject(np):
            start = span[0] + head.find(np) if np in head else span[0]
            return np, verb, start, start + len(np)
    return None


# ---------------------------------------------------------------------------------------------
# issuers

def document_issuer(title: str | None, text: str, *, author: str | None = None,
                    source_type: str | None = None) -> str | None:
    """The speaker who issues a document that is an actor's own statement, else ``None``.

    Parameters
    ----------
    title, text : str
    author : str, optional
        The issuing body, when the input names it; it wins.
    source_type : str, optional
        ``news``, ``state_media``, ``government_statement`` or ``intl_org``. Government and
        international-organisation documents are statements even when no issuer is named in
        the title; news is never a statement unless ``author`` is given.

    Examples
    --------
    >>> document_issuer("Press Statement of Kim Yo Jong", "Pyongyang, July 1 (KCNA) -- ...")
    'Kim Yo Jong'
    """
    if author and str(author).strip():
        return str(author).strip()
    if source_type == "news":
        return None
    title = re.sub(r"\s*[\[(][^\])]*[\])]\s*$", "", (title or "").strip())
    title = re.sub(r"^(?:PRESS RELEASE|Press Release|NEWS RELEASE|Statement|STATEMENT)\s*:\s*", "", title)
    parts = ([p.strip() for p in title.split(":")] if ":" in title else []) + [title]
    for part in parts:
        for pattern in _TITLE_ISSUER:
            m = pattern.match(part)
            if m:
                np = re.sub(r"\s*\([^)]*\)", "", m.group("np")).strip(" ,.:’'")
                if np and ":" not in np and len(np.split()) <= 16 and \
                        not re.match(r"(?i)^(on|about|regarding|joint|press|crucial|official|regular|daily|weekly"
                                     r"|special)$|^(on|about|regarding)\b", np):
                    return np
    if source_type in ("government_statement", "intl_org"):
        m = _TITLE_VERB.match(title)
        if m:
            return m.group("np")
    opening = text.strip()[:1000]
    spans = sentence_spans(opening)
    first = opening[spans[0][0]:spans[0][1]] if spans else ""
    first = _DATELINE.sub("", first, count=1)
    m = _ISSUER_OPENING.search(first)
    if m:
        span = _subject_before(m.group("np") + " ")
        np = m.group("np")[span[0]:span[1]] if isinstance(span, tuple) else m.group("np")
        return _clean_np(np)
    if source_type in ("government_statement", "intl_org"):
        cue = _find_cue(first)
        if cue:
            return cue[0]
        return title or None
    if title and re.search(r"(?i)\bcommentary\b", title):
        return "KCNA" if "KCNA" in text[:200] else None
    return None


# ---------------------------------------------------------------------------------------------
# the document walk

def _short_name(speaker: str) -> str:
    """The trailing run of capitalised words of a name (``Foreign Minister Sergei Lavrov`` -> ``Sergei Lavrov``)."""
    words = speaker.split()
    run = []
    for w in reversed(words):
        if w[:1].isupper() and w.lower() not in ("minister", "president", "secretary", "spokesperson",
                                                    "spokesman", "spokeswoman", "general", "foreign",
                                                    "ministry", "chancellor", "leader"):
            run.append(w)
        else:
            break
    return " ".join(reversed(run)) if run else speaker


def attribute_document(text: str, spans: list[tuple[int, int]], *, date: str | None = None,
                       title: str | None = None, author: str | None = None,
                       source_type: str | None = None, source: str | None = None,
                       resolver: ActorResolver | None = None) -> list[Attribution]:
    """Attribute each sentence of one document to its speaker and actor.

    Parameters
    ----------
    text : str
        The document text.
    spans : list of (int, int)
        Sentence spans from :func:`toolkit.sentence_spans`.
    date, title, author, source_type : str, optional
        Document fields; see :func:`document_issuer`.
    source : str, optional
        The document's address; a government domain (:func:`toolkit.actor_from_source`) places
        an issuer the text does not tie to a state (``Ambassador X`` on an embassy's site).
    resolver : ActorResolver, optional
        Defaults to the package's resolver with the user's aliases.

    Returns
    -------
    list of Attribution
        One per span, in order.
    """
    resolver = resolver or default_resolver()
    quotes = quote_spans(text)
    issuer = document_issuer(title, text, author=author, source_type=source_type)
    issuer_actor = resolver.resolve(issuer, date=date) if issuer else None
    dateline = _DATELINE.match(text[:200])
    if issuer and not issuer_actor:
        issuer_actor = actor_from_source(source)
    if not issuer and source_type == "government_statement" and actor_from_source(source):
        # a government's own release that names no issuer: the government on whose site it is
        issuer, issuer_actor = "the government", actor_from_source(source)
    if issuer and not issuer_actor:
        # "the Foreign Ministry" in the title: the dateline's city, else the first actor named
        opening = resolver.mentions(dateline.group(0), date=date) if dateline else []
        opening = opening or resolver.mentions(text[:400], date=date)
        issuer_actor = opening[0].actor if opening else "OTHER"

    agency_match = re.search(r"\(([A-Za-z][\w .&-]{1,30})\)", dateline.group(0)) if dateline else None
    agency = agency_match.group(1).strip() if agency_match else None
    transcript = bool(re.search(r"(?i)briefing|press conference|transcript|answers? to|q ?& ?a|interview",
                                title or "")) \
        or bool(re.search(r"(?m)^(?:Q|Question|QUESTION)\s*:", text))
    turn: Attribution | None = None  # the labelled speaker of a transcript's current paragraphs
    prev_end = 0
    history: list[Attribution] = []
    history_starts: list[int] = []
    doc_counts: dict[str, int] = {}
    results: list[Attribution] = []
    quote_speaker: dict[tuple[int, int], Attribution] = {}
    doc_people = [m for m in resolver.mentions(text, date=date) if m.kind == "person"]

    def people_before(pos: int) -> list:
        """Office holders named before ``pos`` (one scan of the document, not one per call)."""
        return [m for m in doc_people if m.end <= pos]

    def resolve_phrase(np: str, pos: int) -> tuple[str, str]:
        low = np.lower()
        if low in PRONOUNS:
            if low in ("we", "i") and issuer:
                return issuer, issuer_actor
            last = None
            for prev, prev_start in zip(reversed(history), reversed(history_starts)):
                if prev.source not in ("author", "question") and prev.speaker.lower() not in PRONOUNS:
                    last = (prev, prev_start)
                    break
            if low in ("he", "she"):
                # a person the writer named after the last speaker spoke ("Kim oversaw the launch. He said ...")
                people = people_before(pos)
                if people and (last is None or people[-1].start > last[1]):
                    return people[-1].words, people[-1].actor
            if last is not None:
                prev = last[0]
                return (_short_name(prev.speaker) if low in ("he", "she") else prev.speaker), prev.actor
            return np, issuer_actor or _dominant(doc_counts) or "OTHER"
        actor = resolver.resolve(np, date=date)
        if actor:
            return np, actor
        # a surname or short name given in full earlier in the document ("Kim" after "Kim Jong Un")
        last = np.split()[-1]
        if last[:1].isupper():
            for m in reversed(people_before(pos)):
                if last in m.words.split():
                    return np, m.actor
        if last[:1].isupper():
            for prev in reversed(history):
                if prev.source not in ("author", "question") and last in prev.speaker.split():
                    return np, prev.actor
        if _NON_STATE.search(low):
            return np, "OTHER"
        # a role or document pointing back: the last speaker it fits, else the last speaker
        group = next((h for h in GROUP_HEADS if re.search(rf"\b{re.escape(h)}\b", low)), None)
        if group and not _NON_STATE.search(low):
            first_named = next((a for a in doc_counts if a not in ("OTHER", AUTHOR)), None)
            if first_named:
                return np, first_named
        head = next((h for h in ROLE_HEADS if re.search(rf"\b{re.escape(h)}\b", low)), None)
        if head is None and not low.startswith("the "):
            # a named person we do not know, with no title that ties them to a state
            return np, "OTHER"
        for prev in reversed(history):
            if prev.source in ("author", "question"):
                continue
            if head and head in prev.speaker.lower():
                return np, prev.actor
        if issuer_actor and (head in ("statement", "ministry", "spokesperson", "spokesman", "spokeswoman",
                                      "office", "government", "agency", "department", None)):
            return np, issuer_actor
        for prev in reversed(history):
            if prev.source not in ("author", "question"):
                return np, prev.actor
        return np, _dominant(doc_counts) or "OTHER"

    for s, e in spans:
        sent = text[s:e]
        for m in resolver.mentions(sent, date=date):
            doc_counts[m.actor] = doc_counts.get(m.actor, 0) + 1
        in_quotes = [(max(qs, s), min(qe, e)) for qs, qe in quotes if qs < e and qe > s]
        quoted_chars = sum(qe - qs for qs, qe in in_quotes)
        masked = _mask(sent, in_quotes, s)
        dl = _DATELINE.match(masked) if not results else None
        if dl:
            masked = " " * dl.end() + masked[dl.end():]
        att = None
        new_paragraph = not results or "\n" in text[prev_end:s]
        prev_end = e
        # in a transcript a turn can also change inside a paragraph ("Q: ...? Baghaei: ...")
        if new_paragraph or transcript or turn is not None:
            label = _SPEAKER_LABEL.match(sent)
            answer = _ANSWER_LINE.match(sent)
            upper_label = bool(label and transcript and results and _is_upper_name_label(label.group("label")))
            if _QUESTION_LINE.match(sent) or (upper_label and new_paragraph and _paragraph_ends_with_question(text, s)):
                # "CCTV: ...?" in a transcript: a reporter's outlet asks
                turn = Attribution("a reporter", "OTHER", "question")
            elif answer and issuer:
                # "A: ..." / "Answer: ...": the issuer of the transcript replies
                turn = Attribution(issuer, issuer_actor, "issuer")
                masked = " " * answer.end() + masked[answer.end():]
            elif label and (upper_label or _is_speaker_label(label.group("label"))):
                name = label.group("label").strip()
                speaker, actor = resolve_phrase(name, s)
                if issuer and actor == "OTHER" and not _NON_STATE.search(name.lower()):
                    # a label we cannot place in the issuer's own transcript ("IvanSorokin:",
                    # "Ambassador:") is the issuer's side; questions were caught above
                    actor = issuer_actor
                turn = Attribution(speaker, actor, "issuer")
                masked = " " * label.end("label") + masked[label.end("label"):]
            elif not new_paragraph:
                pass  # a sentence inside the paragraph continues its turn
            elif transcript and _paragraph_ends_with_question(text, s):
                turn = Attribution("a reporter", "OTHER", "question")
            elif turn is not None and turn.source == "question":
                turn = None
        if turn is not None and turn.source == "question":
            att = Attribution(turn.speaker, turn.actor, "question")
        if att is None:
            cue = _find_cue(masked, skip_classes=("position",) if issuer else ())
            if cue is None and not issuer:
                cue = _participle_cue(masked)
            if cue and agency and cue[0].strip().lower() in (agency.lower(), "the " + agency.lower()):
                cue = None  # "..., Reuters reported" in a Reuters story: the writer
                att = Attribution(AUTHOR, AUTHOR, "author")
            if cue:
                np, verb, cs, ce = cue
                speaker, actor = resolve_phrase(np, s + cs)
                unknown_name = np.lower() not in PRONOUNS and resolver.resolve(np, date=date) is None
                if unknown_name:
                    # "Leonid Slutsky, head of the Duma's foreign affairs committee, said": the appositive
                    # between the name and the verb says whom an unknown person speaks for
                    verb_at = masked.find(verb, ce)
                    between = resolver.mentions(masked[ce:verb_at], date=date) if verb_at > ce else []
                    if _NON_STATE.search(masked[ce:verb_at].lower()):
                        actor = "OTHER"
                    elif between:
                        actor = between[0].actor
                acc = _ACCORDING.search(masked)
                if acc and unknown_name:
                    # "Kim said ..., according to KCNA": Kim speaks, KCNA names his side
                    actor = resolver.resolve(acc.group("np"), date=date) or actor
                att = Attribution(speaker, actor, "cue", verb, CUE_CLASS.get(verb, "neutral"),
                                  speaker_span=(s + cs, s + ce))
            else:
                m = _ACCORDING.search(masked)
                if m is None and "quoted" in masked:  # both patterns need the word; _QUOTED_AS is slow to fail
                    m = _QUOTED_AS.search(masked) or _QUOTED_OBJECT.search(masked)
                if m:
                    np = _clean_np(m.group("np"))
                    if _plausible_subject(np):
                        speaker, actor = resolve_phrase(np, s + m.start("np"))
                        att = Attribution(speaker, actor, "according_to", "according", "neutral",
                                          speaker_span=(s + m.start("np"), s + m.start("np") + len(np)))
        # quotes this sentence sits in take the speaker found for them
        if att is not None and in_quotes:
            for q in quotes:
                if q[0] < e and q[1] > s:
                    quote_speaker.setdefault(q, att)
        if att is None and in_quotes and quoted_chars >= 0.5 * len(sent.strip(" “”\"")):
            owner = None
            for q in quotes:
                if q[0] < e and q[1] > s and q in quote_speaker:
                    owner = quote_speaker[q]
                    break
            if owner is None:
                owner = _lookahead_quote_owner(text, spans, quotes, s, e, resolver, date, resolve_phrase)
            if owner is None and history and history[-1].source not in ("author",):
                owner = history[-1]
            if owner is None and history and history[-1].source == "author":
                # the writer introduced the speaker just before: "Netanyahu spoke at the base on Sunday."
                ps, pe = spans[len(history) - 1]
                people = [m for m in resolver.mentions(text[ps:pe], date=date) if m.kind == "person"]
                if people:
                    owner = Attribution(people[-1].words, people[-1].actor, "continuation")
            if owner is None and issuer:
                owner = Attribution(issuer, issuer_actor, "issuer")
            if owner is None:
                # a quote with no cue after the writer's background: the last speaker quoted
                owner = next((h for h in reversed(history) if h.source in ("cue", "continuation", "according_to")
                              and h.speaker.lower() not in PRONOUNS), None)
            if owner is not None:
                att = Attribution(owner.speaker, owner.actor, "continuation", owner.cue_verb, owner.cue_class)
                for q in quotes:
                    if q[0] < e and q[1] > s:
                        quote_speaker.setdefault(q, owner)
        if att is None and turn is not None:
            att = Attribution(turn.speaker, turn.actor, "issuer")
        if att is None:
            att = Attribution(issuer, issuer_actor, "issuer") if issuer else Attribution(AUTHOR, AUTHOR, "author")
        att.quote_spans = in_quotes
        results.append(att)
        history.append(att)
        history_starts.append(s)
    return results


_MONTHS = {"january", "february", "march", "april", "may", "june", "july", "august", "september",
           "october", "november", "december"}


def _is_speaker_label(label: str) -> bool:
    """Whether ``Label:`` at a paragraph's start names a speaker (``Maria Zakharova:``), not a dateline."""
    words = label.split()
    if words and words[-1].lower() in CUE_CLASS:  # "The ministry said: ..." is a cue, not a label
        return False
    if label.isupper():  # "MR PRICE:", "MS MAO NING:" (an honorific), not a dateline ("LONDON:")
        return bool(re.match(r"(?:MR|MS|MRS|DR|MODERATOR|SPOKESPERSON|AMBASSADOR|SECRETARY|MINISTER)\.?\s", label))
    # a name or title: every word capitalised but for particles ("Foreign Ministry Spokesperson Mao Ning")
    if not all(w[:1].isupper() or w in ("of", "the", "for", "and", "de", "al", "bin", "van", "von") for w in words):
        return False
    return (len(words) <= 6 and any(c.islower() for c in label) and not any(c.isdigit() for c in label)
            and words[0].lower() not in _MONTHS and words[0].lower() not in _NOT_LABELS)


def _is_upper_name_label(label: str) -> bool:
    """Whether ``LABEL:`` is a surname in capitals as transcripts write them (``RYDER:``, ``MAO NING:``)."""
    words = label.split()
    return (1 <= len(words) <= 3 and label.isupper() and all(w.isalpha() for w in words)
            and words[0].lower() not in _MONTHS)


def _paragraph_ends_with_question(text: str, start: int) -> bool:
    end = text.find("\n", start)
    para = text[start:end if end >= 0 else len(text)].rstrip()
    return para.endswith("?") or para.endswith("?”") or para.endswith('?"')


def _lookahead_quote_owner(text, spans, quotes, s, e, resolver, date, resolve_phrase):
    """For a sentence inside a quote whose cue comes later (``"A. B," he said.``), find that cue."""
    current = [q for q in quotes if q[0] < e and q[1] > s]
    if not current:
        return None
    q_end = max(qe for _, qe in current)
    for s2, e2 in spans:
        if s2 <= s:
            continue
        if s2 > q_end + 2:
            break
        sent = text[s2:e2]
        in_q = [(max(a, s2), min(b, e2)) for a, b in quotes if a < e2 and b > s2]
        cue = _find_cue(_mask(sent, in_q, s2))
        if cue:
            speaker, actor = resolve_phrase(cue[0], s2 + cue[2])
            return Attribution(speaker, actor, "cue", cue[1], CUE_CLASS.get(cue[1], "neutral"))
    return None


def _dominant(counts: dict[str, int]) -> str | None:
    return max(counts, key=counts.get) if counts else None
