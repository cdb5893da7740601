"""Figures: money, percentages, points, counts with their noun, durations and ranges.

Every figure's ``text`` is a slice of its sentence, so it stands verbatim in the article.
Years, dates, clock times, ordinals, ages, identifiers ("Article 5") and phone numbers
are not figures.
"""

from __future__ import annotations

import operator
import re
from typing import Any, NamedTuple

from ..models import Figure
from . import units as u
from .sentences import Sentence, find_words, vocabulary

_NUM = r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?"
_WORDNUM = "|".join(sorted(u.WORD_NUMBERS, key=len, reverse=True))
# A range's other end and a scale, after the number. (Every scale begins with one of
# [tbmkTBM], even case-insensitively: the lookahead spares the other words' trying them.)
_RANGE_SCALE = (
    rf"(?:(?P<rsep>\s?[-–]\s?|\sto\s|\sand\s)(?P<cur2>[$€£])?(?P<num2>{_NUM})(?![\d:]))?"
    rf"(?:\s?(?=[tbmkTBM])(?P<scale>(?i:trillion|billion|million|thousand)|tn|bn|mn|mln|[mkB])\b)?"
)
_CORE = re.compile(
    rf"(?P<cur>(?:US\$|C\$|A\$|[$€£¥])\s?|\b(?:USD|EUR|GBP)\s?)?"
    rf"(?<![\w.,])(?P<num>{_NUM}|(?i:{_WORDNUM})\b)" + _RANGE_SCALE
)
# _CORE for ASCII text without a currency sign or code, where a number starts with a digit
# (no number words), matched where the digit is (see _sentence_figures).
_PLAIN_CORE = re.compile(
    r"(?P<num>[0-9](?<![\w.,][0-9])(?:\d{0,2}(?:,\d{3})+(?:\.\d+)?|\d*(?:\.\d+)?))"
    + _RANGE_SCALE
)
_VOTES = re.compile(r"(?<![\w$€£.,-])(\d{1,3})-(\d{1,3})(?:-(\d{1,3}))?(?![\w%-])")
_PHONE = re.compile(r"\+?\(?\d{2,4}\)?[\s.-]\d{3,4}[\s.-]\d{3,4}\b")
# _PHONE without its optional "+(": a regex that starts with a digit is scanned for much
# faster, and every phone number holds a match of it.
_PHONE_DIGITS = re.compile(r"\d{2,4}\)?[\s.-]\d{3,4}[\s.-]\d{3,4}\b")
_QUARTER = re.compile(
    r"\b(?:(?:a|one|another)\s)?(quarter|half)[- ](?:of\s)?(?:a\s)?(?:percentage[- ])?point\b", re.I
)
_ONE_POINT = re.compile(
    r"\b[Oo]ne\s(?:full\s)?(percentage[- ]point|basis[- ]point|percent\b|per\scent\b)"
)
_HALF_CENTURY = re.compile(r"\b(?:(?:over|nearly|almost|about|more than)\s)?half a century\b", re.I)


class Found(NamedTuple):
    """A figure in a sentence, before ranking."""

    text: str
    value: float
    unit: str | None
    kind: str  # money, pct, points, count, measure, duration, votes
    start: int  # offset in the sentence
    about: str
    weight: float


# Found(...) without the Python-level __new__ of NamedTuple (what it does, minus a call).
_new_found = tuple.__new__
_WORD_SET = frozenset(u.WORD_NUMBERS)
_VOTE_WORDS = frozenset(
    {"passed", "cleared", "approved", "majority", "ballot", "ruled", "rejected"}
)
_DIGITS = "0123456789"
# The words without which a sentence holds no figure but digits' ones.
_RARE_WORDS = _WORD_SET | {"half", "quarter", "one"}
_NO_WORDS: frozenset[str] = frozenset()
_ANY_DIGIT = re.compile(r"\d")
_NUMBER_START = re.compile(r"\d[\d,.]*")  # whole number tokens; see _starts


# A sentence's "shape": its UTF-8 bytes with every ASCII digit made "0", every other ASCII
# word character "a", "." and "," kept and anything else made a space. It tells whether the
# sentence holds an ASCII digit ("0" in it) and how many; in ASCII text, where its number
# tokens start (a "0" after a space: a digit not after [\w.,], _PLAIN_CORE's start) and
# whether it may hold a phone number (see _sentence_figures). bytes.translate without
# deleting is faster still than with it.
_SHAPE = bytes(
    48 if 48 <= c <= 57 else 97 if c < 128 and (chr(c).isalnum() or c == 95) else
    c if c in b".," else 32
    for c in range(256)
)  # fmt: skip
# A digit's byte in the shape, as an int: "x in shape" looks for an int byte directly, while
# for a bytes x it first tries x as an int, raising (and clearing) a TypeError, several
# times slower. (bytes.find takes a bytes argument without that detour.)
_DIGIT_BYTE = ord("0")


def _plain(text: str) -> bool:
    """ASCII text without a currency sign or code: a number's start is its first digit."""
    return text.isascii() and "$" not in text and "USD" not in text and "EUR" not in text and (
        "GBP" not in text
    )


def _starts(text: str, shape: bytes, wordnums: frozenset[str], has_digit: bool) -> list[int]:
    """Where a figure may begin: a number, or the currency sign in front of it; ``shape``
    is the text's _SHAPE."""
    out: list[int] = []
    if not has_digit:
        pass
    elif text.isascii():
        # The number tokens not after a letter, "." or ",": each "0" after a space in the
        # shape (a space put in front stands for the text's start), found by bytes.find.
        # (A token after a letter or "_" would start no number: _CORE's lookbehind.)
        plain = _plain(text)  # no currency sign or code: no start moves back
        spaced = b" " + shape
        i = spaced.find(b" 0")
        while i >= 0:
            p = i
            if p and not plain:
                p = _currency_start(text, p)
            out.append(p)
            i = spaced.find(b" 0", i + 2)
    else:
        for m in _NUMBER_START.finditer(text):
            p = m.start()
            if p:
                if text[p - 1] in ".,":
                    continue  # ".5", a decimal without its zero, is no start
                p = _currency_start(text, p)
            out.append(p)
    if wordnums:
        words = [p for p, _ in find_words(text, wordnums)]
        # (find_words gives its words' starts in order, and distinct: a number word
        # stands whole, so no other one begins where it does)
        return sorted({*out, *words}) if out else words
    # Without number words the starts are already in order and distinct: each one moves
    # back at most over a currency sign or code, never into the number before it.
    return out


def _currency_start(text: str, p: int) -> int:
    """Where the number starting at ``p`` (> 0) begins with its currency sign or code."""
    c = text[p - 1]
    if c in "$€£¥":
        p -= 1  # the sign, with "US", "C" or "A" before it
        if p >= 2 and text[p - 2 : p] == "US":
            p -= 2
        elif text[p - 1 : p] in ("C", "A"):
            p -= 1
    elif c == " " and p >= 2 and text[p - 2] in "$€£":
        p -= 2  # "$ 40", "US$ 40", "C$ 412"
        if p >= 2 and text[p - 2 : p] == "US":
            p -= 2
        elif text[p - 1 : p] in ("C", "A"):
            p -= 1
    elif p >= 4 and text[p - 4 : p - 1] in ("USD", "EUR", "GBP"):
        p -= 4
    return p


def _sentence_figures(
    s: Sentence,
    vocab: frozenset[str],
    shape: bytes,
    has_digit: bool,
    out: list[tuple[Found, Sentence]],
) -> None:
    """Append the figures of ``s`` with ``s`` to ``out``; ``shape`` is its _SHAPE."""
    text = s.text
    # Number words, "half", "quarter" and "one" are rare: one test rules them all out.
    if vocab.isdisjoint(_RARE_WORDS):
        wordnums: frozenset[str] = _NO_WORDS
        one_point = halves = False
    else:
        wordnums = vocab & _WORD_SET
        one_point = "one" in vocab and ("point" in vocab or "percent" in vocab or "cent" in vocab)
        halves = "quarter" in vocab or "half" in vocab
        if not has_digit and not wordnums and not halves and not one_point:
            return
    masked: list[tuple[int, int]] = []
    # A phone number's last two digit groups are digits, one of [\s.-] and digits: in ASCII
    # text, "0 0" or "0.0" in the shape (two bytes.find, not a regex scan of the sentence).
    if (
        has_digit
        and shape.count(b"0") >= 7
        and (shape.find(b"0 0") >= 0 or shape.find(b"0.0") >= 0 or not text.isascii())
        and _PHONE_DIGITS.search(text) is not None
    ):
        masked = [m.span() for m in _PHONE.finditer(text)]
    if (
        has_digit
        and "-" in text
        and (vocab & _VOTE_WORDS or any(w.startswith("vot") for w in vocab))
    ):
        for m in _VOTES.finditer(text):
            a, b = m.span()
            if any(x < b and a < y for x, y in masked):
                continue
            masked.append((a, b))
            nums = [g for g in m.groups() if g]
            if int(nums[0]) < int(nums[1]) and len(nums) == 2:
                continue
            for i, n in enumerate(nums):
                vote = Found(
                    m.group(), float(n), "votes", "votes", a, u.about(text, a, b), 0.4 if i else 2.2
                )
                out.append((vote, s))
    if halves:
        for m in _QUARTER.finditer(text):
            masked.append(m.span())
            v = 0.25 if m.group(1).lower() == "quarter" else 0.5
            a, b = m.span()
            end = b
            nxt = u.RATE_CUT.match(text, b)
            if nxt:
                end = nxt.end()
            f = Found(text[a:end], v, "pp", "points", a, u.about(text, a, end), 3.0)
            out.append((f, s))
        if "century" in vocab:
            for m in _HALF_CENTURY.finditer(text):
                masked.append(m.span())
                f = Found(m.group(), 50.0, "years", "duration", m.start(), "years", 1.5)
                out.append((f, s))
    if one_point:  # "one" is no number word (too common); a point or percent is a figure
        for m in _ONE_POINT.finditer(text):
            masked.append(m.span())
            unit = "pp" if "age" in m.group(1) else "bp" if "basis" in m.group(1) else "%"
            kind = "pct" if unit == "%" else "points"
            a, b = m.span()
            out.append((Found(m.group(), 1.0, unit, kind, a, u.about(text, a, b), 2.6), s))
    if has_digit and not wordnums and not masked and _plain(text):
        # Every number a digit one, none masked, no currency: _PLAIN_CORE.finditer(text),
        # with each match's start found in the shape (a space before it stands for the
        # sentence's start) by bytes.find rather than by the regex's slower scan.
        shape = b" " + shape
        match = _PLAIN_CORE.match
        p = shape.find(b" 0")
        while p >= 0:
            number = match(text, p)
            if number is None:  # never: any number token's start matches
                break
            end = number.end()
            _classify(text, number, p, end, (None,) + number.groups(), s, out)  # cur: None
            p = shape.find(b" 0", end)
        return
    last_end = -1
    match = _CORE.match
    for p in _starts(text, shape, wordnums, has_digit):
        if p < last_end:
            continue
        core = match(text, p)
        if core is None or not core.group(2):  # group 2: num
            continue
        end = core.end()  # (core starts at p)
        if masked and any(x < end and p < y for x, y in masked):
            continue
        last_end = end
        _classify(text, core, p, end, core.groups(), s, out)


# Capitalised words that may stand before a number without making it a name's number
# ("About 40", "The 12"); any other capitalised word does ("Article 5", "Starship 6").
_LEAD_WORDS = frozenset(
    """about around some over nearly almost roughly approximately more less up at only just
    another all the by with and of a an between from under below above exactly barely""".split()
)
_WORD_SCALES = ("million", "billion", "thousand", "trillion")
_BIG_SCALES = ("million", "billion", "trillion", "thousand", "mn", "bn", "tn")
_FRACTIONS = ("-third", "-quarter", "-fifth", "-half", " third", " quarter")
_PLURAL_MEASURES = frozenset(
    "member stage seat point nation meter metre mile kilometre kilometer".split()
)
_MEASURE_UNITS = frozenset(u.MEASURES.values())
_NOT_NEXT = frozenset("of and the a to in on for is was that with".split())
# The first two characters of TIME_AFTER after a space; CURWORD's first letter after its
# space.
_TIME_STARTS = frozenset("a. am p. pm GM UT ET CT ES ED CE BS hr ho".split())
_CURWORD_FIRST = "UuDdEePpYyRr"


_OVER_UNDER = frozenset(("over", "under", "above", "below"))
_AGE_OR_REFERRING = u.REFERRING | {"aged", "age", "ages"}


def _classify(
    text: str,
    m: re.Match[str],
    a: int,
    b: int,
    groups: tuple[str | Any, ...],
    s: Sentence,
    out: list[tuple[Found, Sentence]],
) -> None:
    """Append the figure(s) of the number matched by ``m`` with ``s`` to ``out``, if any;
    ``a``, ``b`` are the match's span and ``groups`` _CORE's groups of it (cur, num, rsep,
    cur2, num2, scale)."""
    cur, num, rsep, cur2, num2, scale = groups
    cur = cur or cur2
    cur = cur.strip().lower() if cur else ""
    before, tail = text[max(0, a - 40) : a], text[b : b + 80]
    is_word = num[0].isalpha()
    if num2:  # a range: rsep is set too
        rsep = rsep.strip()
        if rsep == "and" and not before.lower().endswith("between "):
            num2 = None
            b = m.start("rsep")  # the range separator
            tail = text[b : b + 80]
            scale = None
    # The exclusions below only return, so their order is free: each is tried only where
    # it can apply. (A year "2024" is the 1900-2100 test further down.)
    if is_word:
        if num2 or (scale and scale not in _WORD_SCALES):
            return
        if tail.startswith(_FRACTIONS):
            return  # a fraction ("two-thirds majority"), not a count
        value = u.number(num)
    else:
        if num2 and not cur and rsep in ("-", "–") and not scale:
            # "11-12" without a unit: a date span or a score, not a range of anything
            if not (u.PCT.match(tail) or u.noun_after(tail)):
                return
        # u.number without the word lookup for digits (lower() leaves them as they are)
        if "," in num:
            value = float(num.replace(",", ""))
        else:
            value = float(num)
            if (
                1900 <= value <= 2100
                and not cur
                and not scale
                and "." not in num
                and not u.PCT.match(tail)
            ):
                return  # a year
    if scale and scale in "mkB" and not cur:
        return
    # exclusions: times, ordinals, dates, identifiers, ages
    c0 = tail[:1]
    if c0 == " ":
        c1 = tail[1:2]
        if tail[1:3] in _TIME_STARTS and u.TIME_AFTER.match(tail):
            return
    elif c0:
        if c0 in ":/" and tail[1:2].isdigit():
            return
        if c0 in "snrt" and u.ORDINAL_AFTER.match(tail):
            return
        if c0 in ":aph" and u.TIME_AFTER.match(tail):
            return
        c1 = tail[1:2]
    else:
        c1 = ""
    # The word before the number, if any (str.rsplit gives the last of before.split()),
    # as written and lowercased: pw_low without its trailing dots and commas, low without
    # its commas (lowercasing commutes with stripping quotes, brackets, dots and commas).
    last_two = before.rsplit(None, 1)
    if not last_two:
        last_low = pw = pw_lower = low = pw_low = ""
    elif (pw := last_two[-1]).isalpha():
        # the common case: letters only, so before does not end with "(" or a quote and
        # there is nothing to strip
        last_low = pw_lower = low = pw_low = pw.lower()
    else:
        last_low = pw.lower()
        if before.endswith(("(", "“", '"')):
            pw = pw_lower = low = pw_low = ""
        else:
            pw = pw.strip('“"(')
            pw_lower = last_low.strip('“"(')
            low = pw_lower.rstrip(",")
            pw_low = low.rstrip(".,")
    if pw_low in u.MONTH_OR_DAY or (
        not cur
        and (c1.isupper() or tail.startswith((" of ", "-")))
        and u.MONTH_AFTER.match(tail)
    ):
        return
    if pw and pw[0].isalpha():  # a word, not a sign or a digit
        if not cur:
            if pw[0].isupper():
                if before.endswith("-"):
                    return  # Cert-1, F-16
                if low not in _LEAD_WORDS and not (
                    a == 0 or before.rstrip().endswith((".", ",", ":", "“", '"'))
                ):
                    return  # Article 5, Starship 6
            if low in _AGE_OR_REFERRING and (is_word or low in ("aged", "age", "ages")):
                return
        if is_word and num.lower() == "two" and pw_lower in u.REFERRING:
            return
    if "old" in tail[:12] and u.YEARS_OLD.match(tail):
        return
    if last_two and last_two[-1] in _OVER_UNDER:
        before_words = before.split()
        if len(before_words) >= 2 and before_words[-2] in u.AGE_NOUNS:
            return
    value2 = float(num2.replace(",", "")) if num2 else None  # num2 is digits
    if scale:
        mult = u.SCALES[scale.lower() if scale != "B" else "b"]
        value *= mult
        if value2 is not None:
            value2 *= mult
    # u.qualifier only finds a qualifier whose last word is the last word before the number
    # (a qualifier's word is short: the same last word in the 20 characters it reads)
    start = a
    if last_low in u.QUAL_LAST and before.endswith(" "):
        start -= len(u.qualifier(text[max(0, a - 20) : a], last_low))
    end = b
    unit: str | None = None
    # The first character after optional white space, at k: each unit pattern below needs
    # a certain one, or certain first letters, so only a pattern that can match is tried
    # (\s is str.isspace).
    if c0.isspace():
        k, c = 1, c1
    else:
        k, c = 0, c0
    if cur:
        unit, kind, weight = u.CURRENCIES.get(cur.rstrip(), "USD"), "money", 3.0
        per = u.PER.match(tail)
        if per:
            end += per.end()
    elif pw_low == "magnitude" and not is_word and not u.PCT.match(tail):
        unit, kind, weight = "magnitude", "measure", 2.4  # "a magnitude 6.8 earthquake"
    elif c in "%p" and tail.startswith(u.PCT_FIRST, k) and (pm := u.PCT.match(tail)) is not None:
        unit, kind, weight, end = "%", "pct", 2.6, b + pm.end()
    elif c == "p" and tail.startswith(u.PP_FIRST, k) and (pm := u.PP.match(tail)) is not None:
        unit, kind, weight, end = "pp", "points", 3.0, b + pm.end()
    elif c == "b" and tail.startswith(u.BP_FIRST, k) and (pm := u.BP.match(tail)) is not None:
        unit, kind, weight, end = "bp", "points", 3.0, b + pm.end()
    elif (
        k
        and c in _CURWORD_FIRST
        and tail[1:3].lower() in u.CURWORD_FIRST2
        and (pm := u.CURWORD.match(tail)) is not None
    ):
        unit, kind, weight, end = u.CURRENCIES[pm.group(1).lower()], "money", 3.0, b + pm.end()
    elif c0 == "-" and (pm := u.HYPHEN.match(tail)) is not None and not rsep:
        word = pm.group(1)
        if word in ("old",) or (word == "year" and pm.group(2) == "old"):
            return
        unit = word + "s" if word in u.DURATIONS or word in _PLURAL_MEASURES else word
        kind = "duration" if word in u.DURATIONS else "measure"
        weight = 1.6 if kind == "measure" else 1.3
        end = b + pm.end()
        nxt = u.NEXT_WORD.match(text, end)
        if nxt and nxt.group(1) not in _NOT_NEXT:
            end = nxt.end()
        if unit in ("meters", "metres"):
            unit = "m"
    else:
        noun = u.noun_after(tail)
        if noun is not None:
            word, unit, n_end = noun
            end = b + n_end
            if unit in u.MONEY_NOUNS:
                kind, weight = "money", 3.0
            elif unit in u.DURATIONS or (unit and unit.rstrip("s") in u.DURATIONS):
                kind, weight = "duration", 1.0
                war = u.OF_WAR.match(text, end)
                if war:
                    end = war.end()
            elif unit in _MEASURE_UNITS:
                kind, weight = "measure", 2.4
            else:
                kind, weight = "count", 2.0 if not is_word else 1.2
        elif scale and scale.lower() in _BIG_SCALES:
            kind, weight = "count", 1.4
        elif (
            not is_word
            and not num2
            and not scale
            and _TOLL_TO.search(before)
            and (toll := _TOLL.search(text, 0, a)) is not None
        ):
            # "the death toll rose to 52", "the number of people killed climbed to 52"
            unit, kind, weight = toll.group(1) or "people", "count", 2.0
        elif not is_word and not num2 and (share := _OF_THE.match(tail)) is not None:
            # "won 71 of the 200 seats": the part counts what the whole counts
            noun = u.noun_after(tail[share.end() :])
            if noun is None or noun[1] in u.DURATIONS or noun[1] in _MEASURE_UNITS:
                return
            unit, kind, weight = noun[1], "count", 2.0
        elif (
            not is_word
            and not num2
            and not scale
            and not before.endswith(("#", "-"))
            and (inherited := _earlier_noun(text, start)) is not None
            and _BARE_END.match(tail)
        ):
            # "killing 37 people, injuring more than 210": the count's noun carries over
            unit, kind, weight = inherited, "count", 2.0
        else:
            return
    if is_word:
        # a number word counting a plain noun ("seven small satellites", "three people")
        # is a count like any other; a duration or measure in words is seldom the point
        weight -= 0.4 if kind == "count" and unit and unit[0].isalpha() else 0.8
    ftext = text[start:end].rstrip(" ,.;:")
    out.append((_new_found(Found, (ftext, value, unit, kind, start, "", weight)), s))
    if value2 is not None:  # the range's other end
        f = _new_found(Found, (ftext, value2, unit, kind, start, "", weight - 0.1))
        out.append((f, s))


_TOLL = re.compile(r"\b(?:death toll|toll|number of ([a-z]{3,}s|people))\b")
_TOLL_TO = re.compile(r"\b(?:to|at|reached|hit|passed|topped)\s$")
# "71 of the 200 seats", "9,400 of the company's 13,000 workers", "31,500 of the affected
# bikes": the part counts what the whole counts
_OF_THE = re.compile(
    r"\s(?:of|out of)\s(?:the|its|their)\s(?:[A-Za-z][\w-]*['’]s\s)?(?:\d[\d,]*(?=\s))?"
)
# what may follow a bare count whose noun came earlier: a verb, a clause break, the end
_BARE_END = re.compile(r"(?:\s*$|\s?[,;.)]|\s(?:and|or|were|are|have|had|has|was|more|others?)\b)")
_COUNT_NOUN = re.compile(r"(?<![\w.,#-])\d[\d,.]*\s([a-z]+)\b")


def _earlier_noun(text: str, start: int) -> str | None:
    """The noun of the nearest count before ``start`` in the same sentence (people only
    counted when it is a plain plural or an irregular noun), or None."""
    last = None
    for m in _COUNT_NOUN.finditer(text, max(0, start - 120), start):
        word = m.group(1)
        if word in u.IRREGULAR:
            last = u.IRREGULAR[word]
        elif (
            len(word) > 3
            and word.endswith("s")
            and not word.endswith("ss")
            and word not in u.NOT_NOUNS
            and word.rstrip("s") not in u.DURATIONS
            and word not in u.MEASURES
        ):
            last = word
        else:
            last = None
    return last


def extract(sentences: list[Sentence], title: str) -> list[tuple[Found, Sentence]]:
    """All figures of the body with their sentences, in text order."""
    out: list[tuple[Found, Sentence]] = []
    for s in sentences:
        text = s.text
        # The shape holds the ASCII digits of the sentence (a UTF-8 byte below 0x80 is its
        # own character, so this finds the ASCII digits of any text); other scripts' digits
        # need the regex.
        shape = text.encode().translate(_SHAPE)
        has_digit = _DIGIT_BYTE in shape or (
            not text.isascii() and _ANY_DIGIT.search(text) is not None
        )
        if has_digit:
            vocab = vocabulary(text)
        elif s.heading or (vocab := vocabulary(text)).isdisjoint(_RARE_WORDS):
            continue  # no digit and no word that can make a figure
        _sentence_figures(s, vocab, shape, has_digit, out)
    return out


_DEADLINE_BEFORE = re.compile(r"\b(?:within|in the next|no later than)\s$")
_CASUALTY = re.compile(
    r"\b(?:died|killed|killing|dead|deaths|injured|injuring|wounded|missing|hurt|"
    r"hospitali[sz]ed|displaced|evacuated|arrested|detained|rescued)\b"
)
# A part of every word of _CASUALTY: a sentence without any of them has no casualty word.
_CASUALTY_PARTS = (
    "died", "kill", "dead", "death", "injur", "wounded", "missing", "hurt", "hospitali",
    "displaced", "evacuated", "arrested", "detained", "rescued",
)  # fmt: skip
_SCALE_STEMS = {"billi", "milli", "thous", "trill", "perce"}
_NUMBERS = re.compile(r"\d[\d,.]*")
_LONG_WORD = re.compile(r"[a-z]{4,}")
_FIRST5 = operator.itemgetter(slice(0, 5))  # w[:5], called from C
_FIRST = operator.itemgetter(0)
_VALUE_UNIT = operator.itemgetter(slice(1, 3))  # a Found's (value, unit)
# vocabulary()'s table for ASCII text, white space included: every separator and white
# space character (str.split's: \t-\r, \x1c-\x1f) becomes a space, letters lowercase.
_WORDS_SPACED = bytes.maketrans(
    b',.;:!?"()[]-/\t\n\x0b\x0c\r\x1c\x1d\x1e\x1fABCDEFGHIJKLMNOPQRSTUVWXYZ',
    b" " * 22 + b"abcdefghijklmnopqrstuvwxyz",
)


def rank(found: list[tuple[Found, Sentence]], title: str, limit: int) -> list[Figure]:
    """The ``limit`` figures that matter most: kind, lead, headline, repeats; one per value."""
    if not found:
        return []  # (nothing to read the headline for)
    title_nums = set(_NUMBERS.findall(title))
    title_low = title.lower()
    title_words = set(title_low.split())
    title_stems = set(map(_FIRST5, _LONG_WORD.findall(title_low)))
    title_stems -= _SCALE_STEMS
    # A sentence word w shares the stem w[:5]: a 4-letter stem only with the word itself,
    # a 5-letter one with every word it begins. In an ASCII sentence made into its words
    # joined by single spaces (see _WORDS_SPACED) that is a substring search: " stem " is
    # the word, " stem" begins one.
    probes = [f" {w} " if len(w) == 4 else f" {w}" for w in title_stems]
    # For other sentences, by their vocabulary: the stems by length, made at the first one.
    stems4: set[str] | None = None
    stems5: set[str] = set()
    # per sentence order: its lead bonus and its overlap with the headline
    per_sentence: dict[int, tuple[float, float]] = {}
    # each figure's value and unit (f[1:3] of a Found), and how often the body gives them
    keys = list(map(_VALUE_UNIT, map(_FIRST, found)))  # no comprehension's frame
    counts: dict[tuple[float, str | None], int] = {}
    for key in keys:
        counts[key] = counts.get(key, 0) + 1
    scored: list[tuple[float, int, Found, str]] = []
    last_s = None
    stext = ""
    lead = overlap = 0.0
    quoted = False
    casualty_words: bool | None = None
    for order, (f, s) in enumerate(found):
        if s is not last_s:  # the sentence's own scores
            last_s = s
            stext = s.text
            quoted = stext.lstrip().startswith(("“", '"'))
            casualty_words = None  # looked for at the sentence's first count
            idx = s.order
            sentence_scores = per_sentence.get(idx)
            if sentence_scores is None:
                overlap = 0.0
                if title_stems:  # a sentence about what the headline says
                    if stext.isascii():
                        spaced = f" {stext.encode().translate(_WORDS_SPACED).decode()} "
                        shared = sum(map(spaced.__contains__, probes))  # no list, no frame
                    else:
                        if stems4 is None:
                            stems4 = {w for w in title_stems if len(w) == 4}
                            stems5 = title_stems - stems4
                        vocab = vocabulary(stext)
                        shared = len(stems4.intersection(vocab))
                        shared += len(stems5.intersection(map(_FIRST5, vocab)))
                    overlap = 0.15 * shared if shared < 4 else 0.6  # min(0.6, …) without a call
                sentence_scores = per_sentence[idx] = (2.5 / (1.0 + 0.35 * idx), overlap)
            lead, overlap = sentence_scores
        text = f.text
        score = f.weight + lead
        if title_nums and any(d.rstrip(".,") in title_nums for d in _NUMBERS.findall(text)):
            score += 2.0
        elif title_words and (title_nums or not text[:1].isdecimal()):
            # (a headline without digits has no word that begins with one: \d is isdecimal)
            words = text.split(None, 1)  # its first word, and whether another follows
            if words[0].lower() in title_words:
                # "eight days" standing whole in the headline counts like a number in it
                score += 2.0 if len(words) > 1 and text.lower() in title_low else 0.5
        score += 0.3 * (counts[keys[order]] - 1)
        kind = f.kind
        if kind == "count":
            if casualty_words is None:
                casualty_words = any(map(stext.__contains__, _CASUALTY_PARTS))  # no generator
            if casualty_words and _CASUALTY.search(
                stext, max(0, f.start - 14), min(len(stext), f.start + len(text) + 30)
            ):
                score += 1.2  # the dead, injured, missing or displaced are what a reader wants
        elif kind == "duration" and _DEADLINE_BEFORE.search(stext, max(0, f.start - 12), f.start):
            score += 1.0  # "within 15 days": a deadline, not a length of time in passing
        score += overlap
        if quoted:
            score -= 0.3
        # best first, then in text order (order is unique, so the Found is never compared)
        scored.append((-score, order, f, stext))
    scored.sort()
    out: list[Figure] = []
    seen: set[tuple[float, str | None]] = set()
    for _, order, f, ev in scored:
        key = keys[order]
        if key in seen:
            continue
        seen.add(key)
        text, value, unit, _, start, about, _ = f
        about = about or u.about(ev, start, start + len(text))
        # (positional arguments: a dataclass's __init__ takes them much faster than keywords)
        out.append(Figure(text, value, unit, about, ev))
        if len(out) >= limit:
            break
    return out
