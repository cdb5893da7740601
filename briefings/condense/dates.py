"""Find time expressions in a sentence and resolve them against the publication date."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from datetime import date, timedelta
from operator import itemgetter
from typing import NamedTuple

from .sentences import find_words, vocabulary

MONTHS = {
    "jan": 1, "january": 1, "feb": 2, "february": 2, "mar": 3, "march": 3, "apr": 4,
    "april": 4, "may": 5, "jun": 6, "june": 6, "jul": 7, "july": 7, "aug": 8, "august": 8,
    "sep": 9, "sept": 9, "september": 9, "oct": 10, "october": 10, "nov": 11,
    "november": 11, "dec": 12, "december": 12,
}  # fmt: skip
WEEKDAYS = {
    "monday": 0, "tuesday": 1, "wednesday": 2, "thursday": 3, "friday": 4, "saturday": 5,
    "sunday": 6,
}  # fmt: skip

_MON = (
    r"(?:Jan(?:uary|\.)?|Feb(?:ruary|\.)?|Mar(?:ch|\.)?|Apr(?:il|\.)?|May|June?|July?|"
    r"Aug(?:ust|\.)?|Sept?(?:ember|\.)?|Oct(?:ober|\.)?|Nov(?:ember|\.)?|Dec(?:ember|\.)?)"
)
_DAY = r"(?:[12]\d|3[01]|0?[1-9])(?:st|nd|rd|th)?"
_YEAR = r"(?:19|20)\d\d"
_WD = r"(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)"

_PATTERNS: list[tuple[str, re.Pattern[str]]] = [
    ("mdy", re.compile(rf"\b(?P<mon>{_MON})\s(?P<day>{_DAY})(?:\s?[-–]\s?{_DAY})?\b(?:,?\s(?P<year>{_YEAR}))?")),
    ("dmy", re.compile(rf"\b(?P<day>{_DAY})(?:\s?[-–]\s?{_DAY})?\s(?:of\s)?(?P<mon>{_MON})\b(?:,?\s(?P<year>{_YEAR}))?")),
    # (the weekday and relative patterns open with a lookahead for the letters a match can
    # start with: at any other offset it fails at once instead of trying every branch)
    ("weekday", re.compile(rf"(?=[ntlcMTWFS])\b(?:(?P<rel>next|this|last|coming)\s)?(?P<wd>{_WD})\b(?:\s(?:morning|afternoon|evening|night))?")),
    ("rel", re.compile(r"(?=[tynlciwbe])\b(?P<rel>today|tonight|tomorrow|yesterday|next (?:week|month|year)|"
                       r"later (?:this|in the) (?:week|month|year)|this (?:week|weekend|month|year)|"
                       r"(?:the )?(?:coming|next few) (?:days|weeks|months)|"
                       r"(?:in|within) (?:the next )?(?:a few|several|two|three|four|five|six|\d+) (?:hours|days|weeks|months)|"
                       r"within (?:days|weeks|hours)|"
                       r"(?:by |before )?(?:the )?end of (?:the |this )?(?:week|month|year))\b", re.I)),
    ("part", re.compile(rf"\b(?P<part>mid|early|late)[- ](?:(?P<mon>{_MON})\b|(?P<year>{_YEAR})\b)")),
    ("month", re.compile(rf"\b(?:in|by|from|until|till|since|during|before|after|end\sof|start\sof)\s(?P<mon>{_MON})(?:\s(?P<year>{_YEAR}))?\b")),
    ("year", re.compile(rf"\b(?:(?:as (?:early|soon) as|in|by|from|until|till|since|during|before|after)\s)(?:the\s)?(?:end of\s(?:the\s)?)?(?P<year>{_YEAR})\b")),
]  # fmt: skip


class TimeMention(NamedTuple):
    """A time expression as written, where it stands in its sentence, and what it means."""

    text: str
    start: int
    date: date | None  # resolved day, when the expression names one
    future: bool | None  # after (or on) the reference date; None when it cannot be told


def _month(name: str) -> int:
    key = name.rstrip(".").lower()
    return MONTHS.get(key) or MONTHS[key[:3]]


def _closest_year(ref: date, month: int, day: int) -> date | None:
    """The first such day from three months before ``ref`` on: news rarely names an older
    day without its year, and often names a later one."""
    for y in (ref.year - 1, ref.year, ref.year + 1):
        try:
            d = date(y, month, day)
        except ValueError:
            continue
        if (ref - d).days <= 90:
            return d
    return None


_MONTH_WORDS = frozenset(
    "jan jan. january feb feb. february mar mar. march apr apr. april may jun june jul july aug aug. "
    "august sep sep. sept sept. september oct oct. october nov nov. november dec dec. december".split()
)
_WEEKDAY_WORDS = frozenset(WEEKDAYS)
_REL_WORDS = frozenset("today tonight tomorrow yesterday next later this coming end".split())
DIRECT = _MONTH_WORDS | _WEEKDAY_WORDS | frozenset({"today", "tonight", "tomorrow", "yesterday"})
PERIODS = frozenset({"week", "weekend", "month", "year", "days", "weeks", "months", "hours"})
_YEARISH = re.compile(r"(?:19|20)\d\d")
_DAY_BEFORE = re.compile(r"\b\d{1,2}(?:st|nd|rd|th)?(?:\s?[-–]\s?\d{1,2})?\s(?:of\s)?$")
_PART_BEFORE = re.compile(r"\b(?:mid|early|late)[- ]$")
_MONTH_PREPS = frozenset("in by from until till since during before after of".split())


def has_year(sentence: str) -> bool:
    """Does ``sentence`` hold something like a year (1900-2099)?"""
    return ("19" in sentence or "20" in sentence) and _YEARISH.search(sentence) is not None


def possible(sentence: str) -> bool:
    """Can ``sentence`` hold a time expression at all? (``find`` is [] when not.)"""
    vocab = vocabulary(sentence)
    return (
        not vocab.isdisjoint(DIRECT)
        or not vocab.isdisjoint(PERIODS)
        or (("19" in sentence or "20" in sentence) and _YEARISH.search(sentence) is not None)
    )


def may_date(sentence: str) -> bool:
    """Can ``sentence`` hold a time expression that resolves to a day? (a month, a weekday,
    "today", "tomorrow" … or "next week"; every ``find`` result has ``date`` None when not)"""
    vocab = vocabulary(sentence)
    return not vocab.isdisjoint(DIRECT) or ("next" in vocab and "week" in vocab)


def find(sentence: str, ref: date | None) -> list[TimeMention]:
    """Time expressions of ``sentence``, left to right, without overlaps."""
    words = vocabulary(sentence) & _FIND_WORDS
    periods = not words.isdisjoint(PERIODS)
    yearish = has_year(sentence)
    if not (periods or yearish or not words.isdisjoint(DIRECT)):
        return []
    # The words to look for: months and weekdays, and the words that can start a relative
    # expression ("today", "next week", "in two weeks") — those of _REL_WORDS when the
    # sentence names a period or a day like "today", "in" and "within" with a period.
    if periods:
        targets = words - PERIODS
    elif words.isdisjoint(_DAY_WORDS):
        targets = words & _NAMES
    else:
        targets = words - _IN_WITHIN
    # Month patterns are matched where they must start (found from the month word);
    # the others run only in small windows around the words that can start them.
    mdy: list[int] = []
    dmy: list[int] = []
    weekday: list[int] = []
    rels: list[int] = []
    part: list[int] = []
    month: list[int] = []
    # one search for the three kinds of words (the sets are disjoint)
    for p, w in find_words(sentence, targets) if targets else ():
        if w in _WEEKDAY_WORDS:
            weekday.append(p)
        elif w not in _MONTH_WORDS:
            rels.append(p)
        else:
            before = sentence[max(0, p - 14) : p]
            low_before = before.lower()
            # the day after the month is an ASCII digit by p + 10 ("September 9")
            if _ASCII_DIGIT.search(sentence, p, p + 12):
                mdy.append(p)
            day = _DAY_BEFORE.search(before)
            if day:
                dmy.append(p - len(before) + day.start())
            if low_before.endswith("end of "):
                month.append(p - 7)
            elif low_before.endswith("start of "):
                month.append(p - 9)
            elif before.endswith(" "):
                last = before.split()[-1:]
                if last and last[0].lower() in _MONTH_PREPS:
                    month.append(p - len(last[0]) - 1)
            if "mid" in low_before or "early" in low_before or "late" in low_before:
                m = _PART_BEFORE.search(low_before)
                if m:
                    part.append(p - len(before) + m.start())
    years: list[int] = []
    if yearish:
        years = [m.start() for m in _YEARISH.finditer(sentence)]
        for y in years:
            m = _PART_BEFORE.search(sentence[max(0, y - 8) : y].lower())
            if m:
                part.append(y - min(8, y) + m.start())
    if not (mdy or dmy or part or month or weekday or rels or years):
        return []
    found: list[TimeMention] = []
    taken: list[tuple[int, int]] = []
    n = len(sentence)
    # In the order of _PATTERNS (an earlier kind wins an overlap): offsets where a pattern
    # must start, and offsets around which it is searched.
    offsets = (mdy, dmy, weekday, rels, part, month, years)
    for k, offs in enumerate(offsets):
        if not offs:
            continue
        pat, around, resolve = _KINDS[k]
        matches: Iterable[re.Match[str]]
        if not around:
            matches = [m for p in offs if (m := pat.match(sentence, p)) is not None]
        elif len(offs) == 1:
            matches = pat.finditer(sentence, max(0, offs[0] - 24), min(n, offs[0] + 36))
        else:
            spans: list[list[int]] = []
            for p in offs:
                lo, hi = max(0, p - 24), min(n, p + 36)
                if spans and lo <= spans[-1][1]:
                    spans[-1][1] = hi
                else:
                    spans.append([lo, hi])
            matches = [m for lo, hi in spans for m in pat.finditer(sentence, lo, hi)]
        for m in matches:
            a, b = m.span()
            if taken and any(a < y and x < b for x, y in taken):
                continue
            mention = resolve(m, ref)
            if mention is not None:
                taken.append((a, b))
                found.append(mention)
    if len(found) > 1:
        found.sort(key=_START)
    if weekday and len(found) > 1:  # (only a weekday pattern's mention ends with a weekday)
        found = _join_weekday_dates(sentence, found)
    return found


_ASCII_DIGIT = re.compile("[0-9]")
_DAY_WORDS = frozenset({"today", "tonight", "tomorrow", "yesterday"})
_IN_WITHIN = frozenset({"in", "within"})
_NAMES = _MONTH_WORDS | _WEEKDAY_WORDS
# Every word that ``find`` looks for.
_FIND_WORDS = DIRECT | PERIODS | _REL_WORDS | _IN_WITHIN


_WEEKDAY_JOIN = re.compile(r",?\s(?:the\s)?")


def _join_weekday_dates(sentence: str, found: list[TimeMention]) -> list[TimeMention]:
    """"Monday 3 March", "Friday, Nov. 21": the weekday names the dated day that follows
    it, so the two are one mention with that day (not the next Monday on its own)."""
    out: list[TimeMention] = []
    i = 0
    while i < len(found):
        m = found[i]
        nxt = found[i + 1] if i + 1 < len(found) else None
        end = m.start + len(m.text)
        if (
            nxt is not None
            and nxt.date is not None
            and m.text.split()[-1].lower() in WEEKDAYS
            and nxt.start - end <= 6
            and _WEEKDAY_JOIN.fullmatch(sentence[end : nxt.start]) is not None
        ):
            text = sentence[m.start : nxt.start + len(nxt.text)]
            out.append(TimeMention(text, m.start, nxt.date, nxt.future))
            i += 2
            continue
        out.append(m)
        i += 1
    return out


# TimeMention(...) without the Python-level __new__ of NamedTuple (what it does, minus a call).
_new = tuple.__new__
# What the resolvers add to or take from a day, by number of days (up to 13: "next Sunday"
# written on a Monday).
_DAYS = tuple(timedelta(days=k) for k in range(14))
# The month of the usual spellings _MON matches (it is case-sensitive; "Sepember" is left to
# _month), and the weekday of each of _WD's.
_MONTH_NUMBERS = {
    spelling: _month(spelling)
    for name in MONTHS
    for spelling in (name.capitalize(), name.capitalize() + ".")
    if re.fullmatch(_MON, spelling)
}
_WEEKDAY_NUMBERS = {name.capitalize(): number for name, number in WEEKDAYS.items()}


def _resolve_day(m: re.Match[str], ref: date | None) -> TimeMention | None:
    """An "mdy" or "dmy" match: a month and a day, maybe a year."""
    text, mon, day_written, year = m.group(0, "mon", "day", "year")
    month = _MONTH_NUMBERS.get(mon) or _month(mon)
    day = int(day_written.rstrip("stndrh"))  # (digits, then maybe "st", "nd", "rd", "th")
    if year:
        try:
            d: date | None = date(int(year), month, day)
        except ValueError:
            return None
    else:
        d = _closest_year(ref, month, day) if ref else None
    return _new(TimeMention, (text, m.start(), d, (d >= ref) if d and ref else None))


def _resolve_weekday(m: re.Match[str], ref: date | None) -> TimeMention:
    text, weekday, rel = m.group(0, "wd", "rel")
    start = m.start()
    if ref is None:
        return _new(TimeMention, (text, start, None, None))
    # (the pattern is case-sensitive: the weekday is capitalized, "next" … lowercase)
    ahead = (_WEEKDAY_NUMBERS[weekday] - ref.weekday()) % 7
    if rel == "last":
        return _new(TimeMention, (text, start, ref - _DAYS[(7 - ahead) % 7 or 7], False))
    if rel == "next":
        # "next Thursday" is the Thursday of next week, Monday to Sunday (written on a
        # Wednesday, the day after would be "Thursday" or "tomorrow"), never the next day
        ahead = 7 - ref.weekday() + _WEEKDAY_NUMBERS[weekday]
        if ahead <= 1:
            ahead += 7
    return _new(TimeMention, (text, start, ref + _DAYS[ahead], None if not rel else True))


def _resolve_rel(m: re.Match[str], ref: date | None) -> TimeMention:
    text, rel = m.group(0, "rel")
    start = m.start()
    rel = rel.lower()
    if rel == "yesterday":
        return _new(TimeMention, (text, start, ref - _DAYS[1] if ref else None, False))
    if rel in ("today", "tonight"):
        return _new(TimeMention, (text, start, ref, True))
    if rel == "tomorrow":
        return _new(TimeMention, (text, start, ref + _DAYS[1] if ref else None, True))
    if rel == "next week" and ref:
        return _new(TimeMention, (text, start, ref + _DAYS[7 - ref.weekday()], True))
    if rel.startswith(("in ", "within ")):
        return _new(TimeMention, (text, start, None, None))  # "in 15 months" may look back too
    return _new(TimeMention, (text, start, None, True))


def _resolve_part(m: re.Match[str], ref: date | None) -> TimeMention:
    if not m.group("mon"):
        if ref is None:
            return _new(TimeMention, (m.group(), m.start(), None, None))
        return _new(TimeMention, (m.group(), m.start(), None, int(m.group("year")) >= ref.year))
    return _resolve_month(m, ref)


def _resolve_month(m: re.Match[str], ref: date | None) -> TimeMention:
    """A "part" match with a month, or a "month" match."""
    text, start = m.group(), m.start()
    mon = m.group("mon")
    month = _MONTH_NUMBERS.get(mon) or _month(mon)
    year = int(m.group("year")) if m.group("year") else None
    if ref is None:
        return _new(TimeMention, (text, start, None, None))
    future: bool | None
    if year is not None:
        future = (year, month) >= (ref.year, ref.month)
    else:
        # the nearer of the two, the next one at half a year ("by the end of March" in September)
        future = None if month == ref.month else (month > ref.month or ref.month - month >= 6)
    if text.lower().startswith("since"):
        future = False
    return _new(TimeMention, (text, start, None, future))


def _resolve_year(m: re.Match[str], ref: date | None) -> TimeMention:
    text, start = m.group(), m.start()
    year = int(m.group("year"))
    if ref is None:
        return _new(TimeMention, (text, start, None, None))
    future = year > ref.year or (year == ref.year and "end" in text.lower())
    if text.lower().startswith("since"):
        future = False
    return _new(TimeMention, (text, start, None, future))


_RESOLVE: dict[str, Callable[[re.Match[str], date | None], TimeMention | None]] = {
    "mdy": _resolve_day, "dmy": _resolve_day, "weekday": _resolve_weekday, "rel": _resolve_rel,
    "part": _resolve_part, "month": _resolve_month, "year": _resolve_year,
}  # fmt: skip
# (pattern, whether it is searched around its offsets rather than matched at them, how a
# match is read) by kind, in the order of _PATTERNS
_KINDS = [(pat, kind in ("weekday", "rel", "year"), _RESOLVE[kind]) for kind, pat in _PATTERNS]
_START = itemgetter(1)
