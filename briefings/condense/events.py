"""Next events: what happens after publication, decided by tense, modality and dates."""

from __future__ import annotations

import heapq
import re
from bisect import bisect_left
from datetime import date
from typing import Any, NamedTuple

from . import dates
from .sentences import Sentence, find_words, vocabulary

# A clause's first word dropped when it is one of these and another word follows it.
_CONJUNCTIONS = frozenset({"and", "but", "or", "while", "as", "so"})
_POSSESSIVE_AFTER = re.compile(r"(?:\s\w+)?[’']s\b")  # (matched where a mention ends)
_DAY_RANGE = re.compile(r"\d\s?[-–]\s?\d")
_CONTENT_WORD = re.compile(r"[a-z]{4,}")

# The branches of _STRONG, each with the words it can start with ("" for any word).
_STRONG_BRANCHES = (
    ("will", r"will"),
    ("shall", r"shall"),
    ("won't", r"won't"),
    (
        "is are was were",
        r"(?:is|are|was|were)\s(?:now\s)?(?:set|expected|scheduled|due|slated|poised|likely|going)\sto",
    ),
    ("set", r"set\s(?:to|for)"),
    ("expected", r"expected\s(?:to|(?=(?:later|next|by|within|shortly|soon|early|tomorrow)\b))"),
    ("scheduled", r"scheduled\s(?:to|for)"),
    ("slated", r"slated\s(?:to|for)"),
    ("due", r"due\sto\s(?!the\b|a\b|an\b|its\b|their\b)"),
    (
        "expect expects",
        r"(?<!I\s)(?<!we\s)(?<!We\s)expects?\s(?!(?:the\s)?(?:markets?|prices?|economy|inflation|rates?|growth|demand)\b)"
        r"(?:it|them|the\s\w+|\w+)\sto\s(?!be\b)",
    ),
    ("plan plans", r"plans?\sto"),
    ("planning", r"planning\sto"),
    ("hope hopes hoping hoped", r"(?<!had\s)hop(?:e|es|ing|ed)\sto"),
    ("intend intends", r"intends?\sto"),
    ("aim aims", r"aims?\sto"),
    ("poised", r"poised\sto"),
    ("upcoming", r"upcoming"),
    ("forthcoming", r"forthcoming"),
    ("next", r"next\s(?:round|meeting|summit|step|phase|milestone|major)"),
    ("agreed", r"agreed\sto"),
    ("agreeing", r"(?<!before\s)(?<!after\s)agreeing\sto"),
    ("conditional", r"conditional\son"),
    ("subject", r"subject\sto\s(?:approval|a\svote)"),
    ("pending", r"pending"),
    ("awaiting", r"awaiting"),
    ("to", r"to\sbe\s(?:held|freed|released|signed|decided|announced|launched)"),
    ("goes go going", r"(?:goes|go|going)\sinto\seffect"),
    ("take takes", r"takes?\seffect"),
    ("take", r"take\simmediate\seffect"),
    ("come comes", r"comes?\sinto\s(?:force|effect)"),
    ("deadline", r"deadline"),
    ("targeting", r"targeting"),
    ("as", r"as\s(?:early|soon)\sas"),
    ("in", r"in\sthe\scoming"),
    ("is", r"is\sto\s"),
    ("are", r"are\sto\s"),
    ("", r"\w+['’]ll"),
)
_STRONG = re.compile(r"\b(?:" + "|".join(b for _, b in _STRONG_BRANCHES) + r")\b", re.I)
_WEAK = re.compile(
    r"\b(?:would|could|(?-i:may|might)|needs?\sto|has\sto|have\sto|must|future|possible|potential(?:ly)?)\b",
    re.I,
)
_PAST_CUE = re.compile(  # (the lookahead as in _NEG)
    r"(?=[hwc])\b(?:had\s(?:been\s)?(?:originally\s)?(?:expected|planned|scheduled)|was\s(?:originally\s)?(?:expected|scheduled|set|due)|"
    r"were\s(?:originally\s)?(?:expected|scheduled|set|due)|would\shave|could\shave|had\s(?:wanted|hoped))\b",
    re.I,
)
_PAST_FIRST = frozenset({"had", "was", "were", "would", "could"})
_STRONG_FIRST = frozenset(
    """will shall won't is are was were set expected expect expects scheduled slated due plans plan planning intends
    intend aims aim hope hopes hoping hoped poised upcoming forthcoming next agreed agreeing conditional subject pending
    awaiting to goes go going takes take comes come deadline targeting as in""".split()
)
_WEAK_FIRST = frozenset(
    "would could may might need needs has have must future possible potential potentially".split()
)
# _STRONG for a match where a word of _STRONG_FIRST stands (as find_words finds it: a whole
# word, not before an apostrophe), with only the branches that can start with it: there the
# text holds that word's letters (in either case) and no letter or apostrophe after them.
_STRONG_AT = {
    word: re.compile(
        r"\b(?:"
        + "|".join(b for ws, b in _STRONG_BRANCHES if word in ws.split() or not ws)
        + r")\b",
        re.I,
    )
    for word in _STRONG_FIRST
}
_NOUN_PREFIXES = (
    "meet",
    "vote",
    "sign",
    "debate",
    "launch",
    "visit",
    "negotiat",
    "releas",
    "review",
    "deliver",
    "announc",
    "implement",
    "withdraw",
    "inaugurat",
    "approv",
    "election",
)
_NOUN_PREFIX = re.compile(" (?:" + "|".join(_NOUN_PREFIXES) + ")")
_NOUN_WORDS = frozenset(
    """talks summit deadline hearing conference ceasefire cease-fire truce exchange swap effect force
    landing land touch orbit test tests flight flights mission ruling verdict decision receive
    present share draft free respond response countermeasures consultation report sale trial rally
    referendum hike cut cuts session plenary auction maneuvers freed""".split()
)


def has_event_noun(text: str) -> bool:
    """Does ``text`` name a happening (a meeting, a vote, a launch, a release …)?"""
    words = _words(text)
    return _names_event(words, " " + " ".join(words))


def _names_event(words: list[str], line: str) -> bool:
    """``has_event_noun`` of a text whose ``_words`` are ``words``, given them joined by
    spaces with a space before each (``line``)."""
    # a word that starts with a prefix: the prefix after a space
    return not _NOUN_WORDS.isdisjoint(words) or _NOUN_PREFIX.search(line) is not None


def _words(text: str) -> list[str]:
    """The lowercased words of ``text`` in order, as vocabulary() finds them (without
    making a set of them, for a text read once)."""
    if text.isascii():
        return text.encode().translate(_ASCII_SPACES_LOWER).decode().split()
    for c in _WIDE_SEPARATORS:
        if c in text:
            text = text.replace(c, " ")
    return text.encode().translate(_ASCII_SPACES).decode().lower().split()


_COPULAS = frozenset({"is", "are", "was", "were"})
_AFTER_COPULA = frozenset(
    {"set", "expected", "scheduled", "due", "slated", "poised", "likely", "going", "to"}
)
_TO_BE = frozenset({"held", "freed", "released", "signed", "decided", "announced", "launched"})
_AFTER_TO_BE = _AFTER_COPULA - {"to"}  # "is set to …"
_IS_ARE = frozenset({"is", "are"})  # "is to …"


def _cue_words(words: frozenset[str], r: int, plain: bool) -> tuple[frozenset[str], frozenset[str]]:
    """The words at which a strong and a weak cue may start, from the sentence's words of
    _GATE and their role bits ``r`` (a strong cue may also be a "'ll" contraction, which is
    looked for in the text).

    ``plain``: the text is ASCII without "'ll". A copula then starts a cue only before one of
    _AFTER_TO_BE ("is set to") or, for "is" and "are", before "to" and a space ("is to"):
    in ASCII text the lowercased offsets are the text's and no other letter matches these
    case-blind, and those words stand between spaces, so they are words of the sentence.
    """
    first = words & _STRONG_PLAIN if r & _R_ALONE else _NO_WORDS
    if r & (_R_AFTER_TO_BE if plain else _R_AFTER_COP):
        if r & _R_COP:
            first |= words & _COPULAS
    elif plain and r & _R_TO and r & _R_IS_ARE:
        first |= words & _IS_ARE
    if r & _R_BE and r & _R_BE_WHAT:
        first |= _TO
    if r & _R_ALONE:
        if "coming" in words:
            first |= _IN
        if "early" in words or "soon" in words:
            first |= _AS
    if not r & (_R_WEAK_ALONE | _R_NEEDS):
        return first, _NO_WORDS
    wfirst = words & _WEAK_FIRST
    if not r & _R_TO:
        wfirst -= _NEEDS_TO  # "has to", "needs to": without "to" they are no cue
    return first, wfirst


def _text_kind(text: str) -> int:
    """_PLAIN_TEXT, _LL_TEXT or _OTHER_TEXT."""
    if "'ll" in text:
        return _LL_TEXT
    if text.isascii():
        return _PLAIN_TEXT
    return _LL_TEXT if "’ll" in text else _OTHER_TEXT


def _roles(words: frozenset[str]) -> int:
    """The role bits of a sentence's words of _GATE."""
    r = 0
    for w in words:
        r |= _ROLES[w]
    return r


def _cues(text: str) -> tuple[list[int], list[int]]:
    """Offsets of strong (will, is set to …) and weak (would, could …) future cues."""
    words = vocabulary(text) & _GATE
    kind = _text_kind(text)
    plain = kind == _PLAIN_TEXT
    return _cues_at(text, *_cue_words(words, _roles(words), plain), not plain)


def _cues_at(
    text: str, first: frozenset[str], wfirst: frozenset[str], maybe_ll: bool = True
) -> tuple[list[int], list[int]]:
    """``_cues`` given the words ``_cue_words`` found (``maybe_ll``: False when the text is
    known to hold no "'ll" or "’ll")."""
    strong: list[int] = []
    weak: list[int] = []
    if first or wfirst:
        for p, w in find_words(text, first | wfirst if first and wfirst else first or wfirst):
            if w in first:
                if _STRONG_AT[w].match(text, p):
                    strong.append(p)
            elif text[p].isupper() and (p or w in ("may", "might")):
                continue  # "Civic Future", "May": part of a name or a month
            elif _WEAK.match(text, p):
                weak.append(p)
    if maybe_ll and ("'ll" in text or "’ll" in text):
        strong = sorted(strong + [m.start() for m in _LL.finditer(text)])
    return strong, weak


_NO_WORDS: frozenset[str] = frozenset()
_TO, _IN, _AS = frozenset({"to"}), frozenset({"in"}), frozenset({"as"})
_NEEDS_TO = frozenset({"has", "have", "need", "needs"})
_STRONG_PLAIN = _STRONG_FIRST - _COPULAS - {"to", "in", "as"}
_LL = re.compile(r"\w+['’]ll\b")
# What each word of _GATE tells the first bound, as bits of an int (a word may have several):
# the bits about cues come first, those about dates after them (from _TIME_SHIFT on).
(_R_ALONE, _R_AFTER_COP, _R_AFTER_TO_BE, _R_COP, _R_IS_ARE, _R_BE, _R_BE_WHAT, _R_WEAK_ALONE,
 _R_NEEDS, _R_TO) = (1 << k for k in range(10))  # fmt: skip
_TIME_SHIFT = 10
_R_DIRECT, _R_NEXT, _R_WEEK, _R_PERIOD = (1 << k for k in range(_TIME_SHIFT, _TIME_SHIFT + 4))
_ROLE_WORDS = (
    (_R_ALONE, _STRONG_PLAIN | {"coming", "early", "soon"}),
    (_R_AFTER_COP, _AFTER_COPULA),
    (_R_AFTER_TO_BE, _AFTER_TO_BE),
    (_R_COP, _COPULAS),
    (_R_IS_ARE, _IS_ARE),
    (_R_BE, {"be"}),
    (_R_BE_WHAT, _TO_BE),
    (_R_WEAK_ALONE, _WEAK_FIRST - _NEEDS_TO),
    (_R_NEEDS, _NEEDS_TO),
    (_R_TO, {"to"}),
    (_R_DIRECT, dates.DIRECT),
    (_R_NEXT, {"next"}),
    (_R_WEEK, {"week"}),
    (_R_PERIOD, dates.PERIODS),
)
# Every word that _cue_words, dates.may_date or dates.possible looks for.
_GATE = frozenset().union(*(words for _, words in _ROLE_WORDS))
_ROLES = {w: sum(bit for bit, ws in _ROLE_WORDS if w in ws) for w in _GATE}
# A sentence's text is of one of three kinds for _cue_words: ASCII without "'ll" ("plain"),
# with "'ll" or "’ll", or neither.
_PLAIN_TEXT, _LL_TEXT, _OTHER_TEXT = range(3)
_NO_CUES: list[int] = []  # never changed


def _first_cue(r: int, kind: int) -> int:
    """The best cue (0: strong, 1: weak, 2: none) that _cue_words can give a word to start
    at, from the cue bits of the sentence's words and the kind of its text."""
    if (
        kind == _LL_TEXT
        or r & _R_ALONE
        or (r & _R_BE and r & _R_BE_WHAT)
        or (
            (r & _R_AFTER_TO_BE and r & _R_COP) or (r & _R_TO and r & _R_IS_ARE)
            if kind == _PLAIN_TEXT
            else r & _R_AFTER_COP and r & _R_COP
        )
    ):
        return 0  # a "'ll", or a word a strong cue may start at
    if r & _R_WEAK_ALONE or (r & _R_NEEDS and r & _R_TO):
        return 1  # a word a weak cue may start at
    return 2


def _first_time(r: int) -> int:
    """The best time from the date bits of the sentence's words: 0 when a word can name a
    day (as dates.may_date), 1 when one can name a period (as dates.possible), 3 when only a
    year could make a time phrase (1 if the text holds one, else 2: no time)."""
    if r & _R_DIRECT or (r & _R_NEXT and r & _R_WEEK):
        return 0
    return 1 if r & _R_PERIOD else 3


# The two, for every combination of bits, by kind of text.
_FIRST_CUES = tuple(
    tuple(_first_cue(r, kind) for r in range(1 << _TIME_SHIFT)) for kind in range(3)
)
_CUE_BITS = (1 << _TIME_SHIFT) - 1
_FIRST_TIMES = tuple(_first_time(r << _TIME_SHIFT) for r in range(1 << 4))


# (a lookahead for the first letters lets a case-blind pattern fail at once elsewhere)
_NEG = re.compile(r"(?=[nwu])\b(?:not|won't|never|no longer|unlikely)\b", re.I)
# Factored so that the pattern opens with a character class: the regex engine then skips
# ahead to candidate characters instead of trying each alternative at every offset; the
# words after a space are factored by their first letters (no two branches can match at one
# offset), so a failed offset costs a few character tests.
_BOUNDARY = re.compile(
    r"[,;:\s](?:(?<=[,;:])\s|(?<=\s)(?:[—–-]\s|\(|t(?:hat\s|old\s\w+\s)|w(?:h(?:ere|ile)|arned)\s|"
    r"sa(?:id|ys)\s|a(?:dded|nnounced)\s|confirmed\s|noted\s))"
)
# ",\s(?!and\b|or\b)|;\s|\s[—–]\s|\.\s|\s\(", opening with one character class
_END_BOUNDARY = re.compile(r"[,;.\s](?:(?<=,)\s(?!and\b|or\b)|(?<=[;.])\s|(?<=\s)(?:[—–]\s|\())")
# Matched as whole words (a set lookup, not a regex).
_PAST_VERBS = frozenset(
    """said told met held began took made gave was were had announced approved released signed voted
    agreed rejected confirmed reported launched killed attacked struck arrived visited ended started
    opened closed declared passed unveiled published issued imposed spoke wrote tweeted posted added
    stated noted warned urged called accused denied claimed insisted argued met fell rose came went
    promised showed pledged proposed explained stressed emphasized emphasised suggested predicted""".split()
)
_ECONOMIC = re.compile(
    r"^\W*(?:\w+\s){0,3}(?:prices?|inflation|growth|markets?|rates?|demand|economy|activity)\b",
    re.I,
)


MIN_SCORE = 2.0
_WHOLE = (0, 1 << 30)  # the span of a sentence's only candidate: all of it
# vocabulary()'s word separators besides white space
_SEPARATORS = frozenset(',.;:!?"()[]-/“”‘—–')
# (for _words: the ASCII ones replaced in UTF-8 bytes by a space, there also with the capital
# letters lowercased for ASCII text, and the others)
_ASCII_SEPARATORS = "".join(sorted(c for c in _SEPARATORS if c.isascii())).encode()
_ASCII_SPACES = bytes.maketrans(_ASCII_SEPARATORS, b" " * len(_ASCII_SEPARATORS))
_ASCII_SPACES_LOWER = bytes.maketrans(
    _ASCII_SEPARATORS + b"ABCDEFGHIJKLMNOPQRSTUVWXYZ",
    b" " * len(_ASCII_SEPARATORS) + b"abcdefghijklmnopqrstuvwxyz",
)
_WIDE_SEPARATORS = "".join(sorted(c for c in _SEPARATORS if not c.isascii()))
# Found(...) without the Python-level __new__ of NamedTuple (what it does, minus a call).
_new_found = tuple.__new__


class Found(NamedTuple):
    """A candidate next event before ranking."""

    what: str
    when: str | None
    day: date | None
    sentence: Sentence
    score: float
    quoted: bool = False  # the cue stands inside a quotation


def _clause_start(text: str, pos: int) -> int:
    """The start of the clause that holds offset ``pos``: where the last clause boundary
    (after a comma, a dash, "that", "said" …) up to ``pos`` ends.

    Only ``text[:pos]`` is scanned: the boundaries that end by ``pos`` are found there as
    in the whole text, since no boundary can start inside another one and end before it
    (each ends at its only white space or "(" after its first character, or at the white
    space after "told" and a word, where " that " etc. would end too).
    """
    start = 0
    for m in _BOUNDARY.finditer(text, 0, pos):
        start = m.end()
    return start


def _what(text: str, start: int, must_end: int) -> str:
    """The clause from ``start`` to the first boundary after ``must_end``, at most 25 words."""
    pos = max(must_end, start)
    while True:
        m = _END_BOUNDARY.search(text, pos)
        end = m.start() if m else len(text)
        words = text[start:end].split()
        if m is None or len(words) >= 8:
            break
        pos = m.end()
    if text.find(")", start, end) >= 0:
        out = text[start:end].strip()
        dateline = _DATELINE.match(out)  # (anchored: at most one, at the start)
        if dateline:
            words = out[dateline.end() :].split()
    # (as r"^(?:and|but|or|while|as|so)\s" on the clause, which starts with a word: it is
    # stripped, and a dateline takes the spaces after it)
    if len(words) > 1 and words[0] in _CONJUNCTIONS:
        del words[0]
    del words[25:]
    joined = " ".join(words)
    # A word holds at most one token more than it holds other characters than [\w'] (each
    # counted here once per UTF-8 byte), so most clauses need no token count at all.
    if len(words) > 8 and len(words) + len(joined.encode().translate(None, _TOKEN_BYTES)) > 30:
        while len(words) > 8 and len(_SCORE_TOKEN.findall(" ".join(words))) > 30:
            words.pop()  # "face-to-face", "$5-10", "U.S." count as several words to a reader
        joined = " ".join(words)
    text_out = joined.strip(" ,;:.—–")
    if text_out.count('"') % 2 or (
        not text_out.isascii() and text_out.count("“") != text_out.count("”")
    ):
        text_out = text_out.replace("“", "").replace("”", "").replace('"', "")
    return text_out


def _weekday_past(text: str, m: dates.TimeMention, cue_pos: int | None) -> bool:
    before = text[max(0, m.start - 30) : m.start].split()[-3:]
    if any(w.strip(",.") in _PAST_VERBS for w in before):
        return True
    after = text[m.start + len(m.text) : m.start + len(m.text) + 25].split()[:2]
    if any(w.strip(",.") in _PAST_VERBS for w in after):
        return True
    return cue_pos is None


def _in_quote(text: str, pos: int) -> bool:
    if text.count('"', 0, pos) % 2 == 1:
        return True
    return not text.isascii() and text.count("“", 0, pos) > text.count("”", 0, pos)


def _reported_between(segment: str) -> bool:
    """A past verb of saying or doing between a cue and a date: the date is when it was said."""
    words = [w.strip(',.;:“”"') for w in segment.split()[1:]]
    if not _PAST_VERBS.isdisjoint(words) and any(
        w in _PAST_VERBS and not (k and words[k - 1].lower() in _BE) for k, w in enumerate(words)
    ):
        return True  # a passive ("would be made within 30 days") still looks forward
    if "," in segment and any(w.endswith("ed") and len(w) > 4 for w in words):
        return True
    # "… the maneuver it performed for the first time on Sunday": a past participle
    # close before the date, not a passive ("will be reviewed on Monday") or a cue
    near = words[-6:]
    for k, w in enumerate(near):
        low = w.lower()
        if low.endswith("ed") and len(low) > 4 and low not in _CUE_PARTICIPLES:
            prev = near[k - 1] if k else ""
            if prev.lower() in ("be", "been", "being", "is", "are", "get"):
                continue
            if prev.lower() in _DETERMINERS:
                continue  # "to reach the trapped miners within 48 hours": an adjective
            if prev.endswith("s") and prev.islower() and prev not in ("was", "has", "is"):
                continue  # "the parties elected to parliament on Friday": a noun's participle
            return True
    return False


_BE = frozenset({"be", "been", "being"})
_DETERMINERS = frozenset({"the", "a", "an", "its", "their", "his", "her", "our", "these", "those"})
_CUE_PARTICIPLES = frozenset({"scheduled", "expected", "planned", "slated", "proposed", "needed"})


def _future_mentions(text: str, ref: date | None, cues: list[int]) -> list[dates.TimeMention]:
    """Time expressions that point after publication (or to later the same day)."""
    out: list[dates.TimeMention] = []
    for m in dates.find(text, ref):
        mtext, start, day, future = m
        low = mtext.lower()
        if future is False or low.startswith(("since", "last ", "yesterday")):
            continue
        if low.startswith("this ") and _PAST_BEFORE.search(text, max(0, start - 20), start):
            continue  # "a report published this month", "territory captured this year"
        if day and ref and day < ref:
            continue
        relative = not low.startswith(("next", "coming")) and (
            low in ("this week", "tonight", "today", "this weekend")
            or _WEEKDAY.fullmatch(mtext) is not None
        )
        on_or_before = bool(day and ref and day <= ref)
        if relative or future is None or on_or_before:
            # only these need to know whether the mention follows a cue
            last_cue = -1
            for c in cues:  # the last one before it in list order (strongs, then weaks)
                if c < start:
                    last_cue = c
            after_cue = last_cue >= 0 and not _reported_between(text[last_cue:start])
            # ("…will be reviewed, Stoltenberg said on Wednesday": not after the cue)
            if relative:
                # a bare weekday is the event's day only in a forward-looking clause
                if not after_cue or _POSSESSIVE_AFTER.match(text, start + len(mtext)):
                    continue
            if not after_cue and (
                future is None or (on_or_before and not _DAY_RANGE.search(mtext))
            ):
                continue
        out.append(m)
    return out


_WEEKDAY = re.compile(
    r"(?:(?:next|this|coming)\s)?(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)(?:\s(?:morning|afternoon|evening|night))?"
)
_HEADLESS = re.compile(
    r"^(?:which|who|whose|where|that|when|is|are|was|were|will|would|could|may|might|has|have|had|"
    r"to|and|but)\b",
    re.I,
)


_PERIOD = re.compile(r"\b(?:in|over|within|during)\s(?:the\s)?$")
# The next two are "\b(?:will|would|'ll)…" and "\b(?:has|have|had)…" with the word boundary
# tested after the letters (as in _CHANGE), which the regex engine can then skip ahead to.
_COPULA = re.compile(
    r"(?:will(?<!\wwill)|would(?<!\wwould)|'ll(?<=\w'll))\s(?:\w+\s)?be\s((?:\S+\s?){1,4})"
)
_PASSIVE = re.compile(r"\w+(?:ed|en)\b|held\b|put\b|sent\b|built\b")
_CLAIMING = re.compile(
    r"\b(?:claiming|saying|arguing|insisting|warning|suggesting|confident|believes|believed)\b"
    r"(?:\s\S+){0,4}\s(?:will|would|could)\b"
)
_DATELINE = re.compile(r"^[^()]{0,40}\)\s*(?:[-—–]+\s*)?")  # "Reuters) -The …", "bpd) and …"
_SCORE_TOKEN = re.compile(r"[\w']+")
_TOKEN_BYTES = b"".join(  # ASCII bytes of _SCORE_TOKEN's tokens, and the space
    bytes([c]) for c in range(128) if re.fullmatch(r"[\w' ]", chr(c))
)
_DIGIT = re.compile(r"[0-9]")
_NEG_WORDS = frozenset({"not", "won't", "never", "no", "unlikely", "won’t"})
_ECONOMIC_WORDS = frozenset(
    "price prices inflation growth market markets rate rates demand economy activity".split()
)
_CLAIMING_WORDS = frozenset(
    {"claiming", "saying", "arguing", "insisting", "warning", "suggesting", "confident", "believes",
     "believed"}
)  # fmt: skip
_LONG_WORD = re.compile(r"[a-z]{4,}")
# Every word that _evaluate looks for among the clause's words.
_CLAUSE_WORDS = _NEG_WORDS | _ECONOMIC_WORDS | _CLAIMING_WORDS | {"whether", "be"}
_FORECAST_WORDS = frozenset(
    "project projects projected projection projections predict predicts predicted forecast "
    "forecasts estimate estimates estimated outlook".split()
)
_FORECAST = re.compile(
    r"\b(?:projects?|projected|projections?|predicts?|predicted|forecasts?|estimates?|estimated|outlook)\b"
)
# "\b(?:will|would|could|to|'ll)", each branch opening with its letters (which the regex
# engine can skip ahead to) and the word boundary tested after them
_CHANGE_VERBS = (
    "rise|fall|climb|increase|decrease|exceed|grow|shrink|shave|slow|drop|decline|top|surpass|"
    "contract|expand|ease|soar|plunge|rebound|worsen"
)
_CHANGE = re.compile(
    r"(?:will(?<!\wwill)|would(?<!\wwould)|could(?<!\wcould)|to(?<!\wto)|'ll(?<=\w'll))"
    r"\s(?:\w+\s)?(?:" + _CHANGE_VERBS + r")\b"
)
_CHANGE_VERB = re.compile(" (?:" + _CHANGE_VERBS + ")")
_AGREED = re.compile(r"(?:has(?<!\whas)|have(?<!\whave)|had(?<!\whad))\s(?:\w+\s)?agreed\sto\b")
_PAST_BEFORE = re.compile(r"\b(?:\w+ed|was|were|had|took|won|began|fell|rose|saw|came|made)\s$")


def _evaluate(
    s: Sentence,
    m: dates.TimeMention | None,
    strongs: list[int],
    weaks: list[int],
    title_words: list[str],
    ref: date | None,
    span: tuple[int, int] = _WHOLE,
) -> Found | None:
    """The event of one sentence (at one time mention), scored; None below MIN_SCORE.

    ``title_words``: ``_title_words`` of the article's title.

    ``span`` bounds the clause when a sentence names two dates ("meet on Oct. 17, before
    a cut on Dec. 12"): from the end of the previous date to the next one.
    """
    text = s.text
    if m is not None:
        anchor = m.start
        # the last cue in the span before the time, in the order of strongs + weaks: the
        # last weak one, else the last strong one (each list is in text order)
        cue = -1
        for cues in (weaks, strongs):
            i = bisect_left(cues, anchor)
            if i and cues[i - 1] >= span[0]:
                cue = cues[i - 1]
                break
        end = m.start + len(m.text)
        # the clause of the last cue before the time, unless far from it past a comma
        if cue >= 0 and (text.count(",", cue, anchor) == 0 or anchor - cue < 120):
            start = _clause_start(text, cue)
        else:
            start = _clause_start(text, anchor)
    else:
        anchor = cue = (strongs or weaks)[0]
        end = anchor + 10
        start = _clause_start(text, anchor)
    if span[0]:
        start = max(start, _clause_start(text, span[0] + 1))
    what = _what(text, start, end)
    if span[1] < len(text):
        cut = _clause_start(text, span[1])
        if end <= cut < start + len(what):
            what = text[start:cut].strip(" ,;:.—–")
    for _ in range(2):
        # a clause without its subject ("is expected to announce …", "which could …"):
        # reach back over the relative clause or appositive to the subject
        if start == 0 or not (len(what.split()) < 6 or _HEADLESS.match(what)):
            break
        earlier = _clause_start(text, max(0, start - 3))
        longer = _what(text, earlier, end)
        if len(longer.split()) > 25 and len(what.split()) >= 6:
            break
        start, what = earlier, longer
    clause_end = max(end, start + len(what))
    clause = text[start:clause_end]
    # The clause starts at a word; when it also ends at one's end, its words are the
    # sentence's, and a sentence without any word asked of them needs no words of its own.
    if vocabulary(text).isdisjoint(_CLAUSE_WORDS) and (
        clause_end >= len(text)
        or (c := text[clause_end]).isspace()
        or c in _SEPARATORS
        or (c := text[clause_end - 1]).isspace()
        or c in _SEPARATORS
    ):
        cv: frozenset[str] | set[str] = _NO_WORDS
    else:
        cv = _CLAUSE_WORDS.intersection(_words(clause))  # (all that is asked of its words)
    stop = start + len(what)
    # a strong cue in the clause, or anywhere when the clause has a time
    strong = bool(strongs) and (m is not None or any(start <= c < stop for c in strongs))
    words = _words(what)
    line = " " + " ".join(words) + " "  # each word between spaces
    noun = _names_event(words, line)
    score = _BASES[0 if s.order < 3 else 1 if s.order < 6 else 2][
        2 if m is None else 0 if m.date else 1
    ][0 if strongs else 1 if weaks else 2] - (0.0 if noun else 1.0)
    if not strong:
        weak = any(start <= c < stop for c in weaks)
        score -= 1.0 - (0.4 if weak else 0.0) if strongs else 0.0
    # What follows only lowers the score but for the title words and a digit (at most
    # + 0.6 + 0.2, added in this order below): a score short of MIN_SCORE with them is done.
    if score + 0.6 + 0.2 < MIN_SCORE:
        return None
    if m is not None and _PERIOD.search(text, max(0, m.start - 12), m.start):
        score -= 1.0 if m.date else 0.5
    quoted = _in_quote(text, cue if cue >= 0 else anchor)
    if quoted:
        score -= 1.2
    if start > 0 and text.startswith(("If ", "Unless ")):
        return None  # "If the bill becomes law, it would take effect …": a consequence only
    if cv:  # (the clause holds a word that one of these asks for)
        if not cv.isdisjoint(_NEG_WORDS) and _NEG.search(clause):
            score -= 1.0
        if not noun and not cv.isdisjoint(_ECONOMIC_WORDS) and _ECONOMIC.match(what):  # (at ^)
            score -= 0.6
        if "whether" in cv:
            score -= 0.6
        cop = _COPULA.search(clause) if "be" in cv else None
        if cop and not (has_event_noun(cop.group(1)) or _PASSIVE.match(cop.group(1))):
            score -= 0.8  # a state ("will be crucial"), not a happening
    # (_CHANGE's verb starts a word of ``what``: a space and the verb in its line of words)
    if (not noun and not vocabulary(text).isdisjoint(_FORECAST_WORDS) and _FORECAST.search(text)) or (
        _CHANGE_VERB.search(line) is not None
        and (change := _CHANGE.search(what)) is not None
        and not has_event_noun(what[: change.end()])
    ):
        score -= 1.5  # a projection of a quantity ("projects growth of 1%", "will exceed")
    if m is None and not noun and _AGREED.search(what) and not _STRONG.search(_AGREED.sub("", what)):
        score -= 1.0  # "has agreed to buy …": the agreement is done; no date, no next step
    if cv and not cv.isdisjoint(_CLAIMING_WORDS) and _CLAIMING.search(clause):
        score -= 0.8  # a claim about the future, not a scheduled happening
    shared = sum(map(line.__contains__, title_words))  # (how many are in the line)
    score += min(0.6, 0.3 * shared)
    if _DIGIT.search(what):
        score += 0.2
    if score < MIN_SCORE:
        return None
    day = m.date if m is not None and m.date and (ref is None or m.date >= ref) else None
    return _new_found(Found, (what, m.text if m is not None else None, day, s, score, quoted))


def _base(s: Sentence, m: dates.TimeMention | None, strongs: list[int], weaks: list[int]) -> float:
    """The most a candidate can score: time, cue, a happening noun, lead, title, digits."""
    score = 0.0
    if m is not None:
        score += 2.0 if m.date else 1.5
    score += 1.0 if strongs else 0.4 if weaks else 0.0
    if not strongs and not weaks:
        score -= 0.5
    score += 1.0  # a happening noun, checked later
    score += 0.8 if s.order < 3 else 0.4 if s.order < 6 else 0.0
    return score


# The best a time mention can add to a bound: a resolved day, or a time phrase when the
# sentence holds no word that can name a day.
_DATED = dates.TimeMention("", 0, date.min, True)
_UNDATED = dates.TimeMention("", 0, None, True)
# _base(...) + 0.8, the bound of a candidate, by the sentence's place (0: one of the first
# three, 1: of the next three, 2: later), its time (0: a day, 1: a time phrase without one,
# 2: none) and its cue (0: strong, 1: weak only, 2: none).
_CUE_KINDS: tuple[tuple[list[int], list[int]], ...] = (([0], []), ([], [0]), ([], []))
_BASES = tuple(
    tuple(
        tuple(_base(Sentence("", 0, 0, order), m, st, wk) for st, wk in _CUE_KINDS)
        for m in (_DATED, _UNDATED, None)
    )
    for order in (0, 3, 6)
)
_BOUNDS = tuple(tuple(tuple(b + 0.8 for b in by_cue) for by_cue in by_time) for by_time in _BASES)


def _title_words(title: str) -> list[str]:
    """The first five letters of each word of four or more letters in ``title``, as each
    is looked for in the words of a clause: a space, then the word when it has four
    letters and a space after it, else the five letters that start a word."""
    prefixes = {w[:5] for w in _LONG_WORD.findall(title.lower())}
    return [f" {w} " if len(w) == 4 else f" {w}" for w in prefixes]


# A candidate: its bound negated, the sentence's order, its time among the sentence's, the
# sentence, the time (or None), the strong and the weak cues, and the span of its clause.
_Entry = tuple[float, int, int, Sentence, dates.TimeMention | None, list[int], list[int],
               tuple[int, int]]  # fmt: skip


def extract(
    sentences: list[Sentence], title: str, ref: date | None, budget: int = 5
) -> list[Found]:
    """Candidate events of the sentences that look forward in time, best ``budget`` evaluated."""
    title_words = _title_words(title)
    # Only the ``budget`` best candidates by bound (an earlier sentence winning a tie) are
    # evaluated. Sentences are visited best bound first, and each bound is tightened in
    # steps — the words that may start a cue or name a day, then the cues, then the dates —
    # so a sentence is read no further than it takes to show that it cannot be among those
    # few. (Bounds are looked up in _BOUNDS, so that each is the same float whichever step
    # computes it.)
    entries: list[_Entry] = []
    worst: list[tuple[float, int, int]] = []  # the budget best keys, negated, as a max-heap
    # once there are ``budget`` of them, the worst one's bound and order, negated as in the
    # queue: a sentence that comes after it in the queue cannot be among the best
    limit: tuple[float, int] | None = None
    queue: list[tuple[float, int, int, Sentence, Any]] = []
    for s in sentences:
        text, _start, _para, order, heading = s
        if heading:
            continue
        words = vocabulary(text) & _GATE  # all that the first bound asks of the words
        # (_roles and _text_kind, inlined)
        r = 0
        for w in words:
            r |= _ROLES[w]
        if "'ll" in text:
            kind = _LL_TEXT
        elif text.isascii():
            kind = _PLAIN_TEXT
        else:
            kind = _LL_TEXT if "’ll" in text else _OTHER_TEXT
        cue = _FIRST_CUES[kind][r & _CUE_BITS]
        time = _FIRST_TIMES[r >> _TIME_SHIFT]
        if time:
            if cue == 2:
                continue  # no cue and no named day: a year or "this week" alone makes no event
            if time == 3:
                time = 1 if dates.has_year(text) else 2
        bounds = _BOUNDS[0 if order < 3 else 1 if order < 6 else 2]
        bound = bounds[time][cue]
        if bound < MIN_SCORE:
            continue
        if cue == 2:
            # no word a cue may start at (and no "'ll"): the cue search would find none, and
            # leave the bound as it is unless no word can name a day ("next week" alone)
            if not words.isdisjoint(dates.DIRECT):
                queue.append((-bound, order, 2, s, (_NO_CUES, _NO_CUES, False)))
            continue
        queue.append((-bound, order, 1, s, (words, r, kind == _PLAIN_TEXT, bounds[time], time)))
    heapq.heapify(queue)
    heappop, heappush = heapq.heappop, heapq.heappush
    while queue:
        neg_bound, order, step, s, state = heappop(queue)
        if limit is not None and (neg_bound, order) > limit:
            break  # neither this nor any later sentence can be among the best
        text = s.text
        if step == 1:
            words, r, plain, by_cue, time = state
            strongs, weaks = _cues_at(text, *_cue_words(words, r, plain), not plain)
            if not strongs and not weaks and words.isdisjoint(dates.DIRECT):
                continue
            bound = by_cue[0 if strongs else 1 if weaks else 2]
            if bound < MIN_SCORE:
                continue
            timeless = time == 2
            if bound != -neg_bound:
                heappush(queue, (-bound, order, 2, s, (strongs, weaks, timeless)))
                continue
            # (the same bound: this sentence is still first in the queue, so its next step
            # is taken at once)
        else:
            strongs, weaks, timeless = state
        # (no word that can start a time expression: dates.find would give [])
        mentions = [] if timeless else _future_mentions(text, ref, strongs + weaks)
        if not strongs and not weaks and not mentions:
            continue
        if not mentions and not vocabulary(text).isdisjoint(_PAST_FIRST) and _PAST_CUE.search(text):
            continue
        bounds = _BOUNDS[0 if order < 3 else 1 if order < 6 else 2]
        cue = 0 if strongs else 1 if weaks else 2
        if len(mentions) < 2:  # one candidate, at the time or without one: the whole span
            targets: tuple[tuple[int, dates.TimeMention | None, tuple[int, int]], ...] = (
                (0, mentions[0] if mentions else None, _WHOLE),
            )
        else:  # two times: each one's clause runs from the end of the other before it
            first, second = mentions[0], mentions[1]
            targets = (
                (0, first, (0, second.start)),
                (1, second, (first.start + len(first.text), _WHOLE[1])),
            )
        for i, m, span in targets:
            bound = bounds[2 if m is None else 0 if m.date else 1][cue]
            if bound >= MIN_SCORE:
                entries.append((-bound, order, i, s, m, strongs, weaks, span))
                key = (bound, -order, -i)
                if len(worst) < budget:
                    heapq.heappush(worst, key)
                elif key > worst[0]:
                    heapq.heapreplace(worst, key)
                else:
                    continue
                if len(worst) >= budget:
                    limit = (-worst[0][0], -worst[0][1])
    entries.sort()  # (by bound, order and mention: no two entries share all three)
    out: list[Found] = []
    for _nb, _o, _i, s, m, strongs, weaks, span in entries[:budget]:
        f = _evaluate(s, m, strongs, weaks, title_words, ref, span)
        if f is not None:
            out.append(f)
    return out


def _content(text: str) -> set[str]:
    return {w[:5] for w in _CONTENT_WORD.findall(text.lower())}


def rank(found: list[Found], limit: int) -> list[Found]:
    """Highest scores first; near-duplicates (same words, same day) dropped."""
    kept: list[tuple[Found, set[str]]] = []
    for f in sorted(found, key=lambda f: (-f.score, f.sentence.order)):
        cw = _content(f.what)
        dup = False
        for k, kw in kept:
            overlap = len(cw & kw) / max(1, min(len(cw), len(kw)))
            same_day = f.day is not None and f.day == k.day and (f.quoted or k.quoted)
            if (
                overlap > 0.7
                or same_day
                or (f.sentence.order == k.sentence.order and f.when == k.when)
            ):
                dup = True
                break
        if not dup:
            kept.append((f, cw))
        if len(kept) >= limit:
            break
    return [f for f, _ in kept]
