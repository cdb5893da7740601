"""Figures: money, percentages, points, counts with their noun, durations and ranges.

Every figure's ``text`` is a slice of its sentence, so it stands verbatim in the article.
Years, dates, clock times, ordinals, ages, identifiers ("Article 5") and phone numbers
are not figures.
"""

from __future__ import annotations

import re
from typing import NamedTuple

from .sentences import Sentence, find_words, vocabulary

WORD_NUMBERS = {
    "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9,
    "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15,
    "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19, "twenty": 20,
    "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80,
    "ninety": 90, "hundred": 100, "dozen": 12,
}  # fmt: skip
SCALES = {
    "trillion": 1e12, "tn": 1e12, "billion": 1e9, "bn": 1e9, "b": 1e9, "million": 1e6,
    "mn": 1e6, "m": 1e6, "mln": 1e6, "thousand": 1e3, "k": 1e3,
}  # fmt: skip
CURRENCIES = {
    "$": "USD", "us$": "USD", "usd": "USD", "dollars": "USD", "dollar": "USD", "€": "EUR",
    "eur": "EUR", "euros": "EUR", "euro": "EUR", "£": "GBP", "gbp": "GBP", "pounds": "GBP",
    "¥": "JPY", "yen": "JPY", "yuan": "CNY", "c$": "CAD", "a$": "AUD", "rs": "INR",
    "rupees": "INR",
}  # fmt: skip
# Counted nouns that do not end in -s, and measures that name their unit.
IRREGULAR = {
    "people": "people",
    "children": "people",
    "men": "people",
    "women": "people",
    "personnel": "people",
    "staff": "people",
    "police": "people",
    "aircraft": "aircraft",
}
MEASURES = {
    "km": "km", "kilometres": "km", "kilometers": "km", "miles": "miles", "metres": "m",
    "meters": "m", "tonnes": "t", "tons": "t", "kg": "kg", "barrels": "barrels", "barrel": "barrels", "bpd": "bpd",
    "mw": "MW", "gw": "GW", "hectares": "ha", "acres": "acres", "litres": "l", "liters": "l",
}  # fmt: skip
DURATIONS = {"minute", "hour", "day", "week", "month", "year", "decade", "century", "second"}
# Plural-looking words after a number that are not what it counts.
NOT_NOUNS = frozenset(
    """was has is its this us as his hers yours ours theirs thus plus less unless across
    always perhaps whereas afterwards besides towards days' percent""".split()
)
REFERRING = frozenset({"the", "these", "those", "both", "all", "its", "their", "his", "her", "our"})
QUALIFIERS = (
    "more than", "less than", "fewer than", "at least", "at most", "up to", "as many as",
    "as much as", "nearly", "almost", "about", "around", "roughly", "approximately", "some",
    "over", "under", "just over", "just under", "an estimated", "close to", "another",
)  # fmt: skip

_NUM = r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?"
_WORDNUM = "|".join(sorted(WORD_NUMBERS, key=len, reverse=True))
_CORE = re.compile(
    rf"(?P<cur>(?:US\$|C\$|A\$|[$€£¥])\s?|\b(?:USD|EUR|GBP)\s?)?"
    rf"(?<![\w.,])(?P<num>{_NUM}|(?i:{_WORDNUM})\b)"
    rf"(?:(?P<rsep>\s?[-–]\s?|\sto\s|\sand\s)(?P<cur2>[$€£])?(?P<num2>{_NUM})(?![\d:]))?"
    rf"(?:\s?(?P<scale>(?i:trillion|billion|million|thousand)|tn|bn|mn|mln|[mkB])\b)?"
)
_VOTES = re.compile(r"(?<![\w$€£.,-])(\d{1,3})-(\d{1,3})(?:-(\d{1,3}))?(?![\w%-])")
_VOTE_CONTEXT = re.compile(r"\b(?:vot\w*|passed|cleared|approved|majority|ballot)\b", re.I)
_PHONE = re.compile(r"\+?\(?\d{2,4}\)?[\s.-]\d{3,4}[\s.-]\d{3,4}\b")
_TIME_AFTER = re.compile(
    r"^(?::\d\d|\s?(?:a\.m\.|p\.m\.|am\b|pm\b|GMT|UTC|ET\b|CT\b|EST|EDT|CET|BST|hrs|hours? GMT))"
)
_ORDINAL_AFTER = re.compile(r"^(?:st|nd|rd|th)\b")
_MONTH = re.compile(
    r"\b(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)[a-z]*\.?\s*$"
    r"|\b(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday),?\s*$"
)
_MONTH_AFTER = re.compile(
    r"^\s?(?:-\s?\d{1,2}\s)?(?:of\s)?(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)[a-z]*\b"
)
_PCT = re.compile(r"^\s?(?:%|percent\b|per cent\b|pct\b)")
_PP = re.compile(r"^\s?(?:percentage[- ]points?\b|pp\b|ppts?\b)")
_BP = re.compile(r"^\s?(?:basis[- ]points?\b|bps?\b)")
_CURWORD = re.compile(r"^\s(?:(?:US|U\.S\.)\s)?(dollars|euros|pounds|yen|yuan|rupees)\b", re.I)
_HYPHEN = re.compile(r"^-([a-z]+)(?:-(tall|long|wide|high|deep|old))?\b")
_WORD = re.compile(r"\s*([A-Za-z][\w'’-]*)")
_PER = re.compile(r"^\s(?:a|per)\s(?:day|barrel|year|month|week|hour|tonne|share|person|head)\b")
_QUARTER = re.compile(
    r"\b(?:(?:a|one|another)\s)?(quarter|half)[- ](?:a\s)?(?:percentage[- ])?point\b", re.I
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


def _number(s: str) -> float:
    s = s.lower()
    if s in WORD_NUMBERS:
        return float(WORD_NUMBERS[s])
    return float(s.replace(",", ""))


_QUAL_LAST = frozenset(q.split()[-1] for q in QUALIFIERS)


def _qualifier(before: str) -> str:
    if not before.endswith(" "):
        return ""
    words = before.split()
    if not words or words[-1].lower() not in _QUAL_LAST:
        return ""
    low = before.lower()
    for q in QUALIFIERS:
        if low.endswith(" " + q + " ") or low == q + " ":
            return before[len(before) - len(q) - 1 :]
    return ""


_CLAUSE_CUT = re.compile(r"[,;:()\"“”—–]|\s(?:and|but|which|who|while|after|as)\s")
_PREP = ("of", "for", "in", "on", "at", "to", "from", "against", "per")


def about(sentence: str, a: int, b: int) -> str:
    """What the figure measures, in the article's words: the clause's words before it and a
    following prepositional phrase ("net profit fell … to", "for Ukraine")."""
    before = _CLAUSE_CUT.split(sentence[:a])[-1].split()[-5:]
    while before and before[0].lower() in ("the", "a", "an", "by", "of", "to", "and"):
        before = before[1:]
    after = _CLAUSE_CUT.split(sentence[b:], maxsplit=1)[0].split()[:6]
    if after and after[0].lower() not in _PREP:
        after = []
    text = " ".join(before + (["…"] if before and after else []) + after).strip(" .")
    return text or sentence[a:b]


def _noun_after(tail: str) -> tuple[str, str, int] | None:
    """(noun, unit, end offset in tail) for 'prisoners', 'additional air defense units'."""
    pos = 0
    for _ in range(4):
        m = _WORD.match(tail, pos)
        if not m:
            return None
        w = m.group(1)
        low = w.lower()
        if low in IRREGULAR:
            return low, IRREGULAR[low], m.end()
        if low in MEASURES:
            end = m.end()
            per = _PER.match(tail[end:])
            if low in ("barrels", "barrel") and per:
                return low, "bpd" if "day" in per.group() else "barrels", end + per.end()
            return low, MEASURES[low], end
        if low.rstrip("s") in DURATIONS or low in ("centuries",):
            return low, low if low.endswith("s") else low + "s", m.end()
        plural = (
            len(low) > 3 and low.endswith("s") and not low.endswith("ss") and low not in NOT_NOUNS
        )
        if plural and (
            w[0].islower() or low.endswith(("ans", "ians", "ers", "ists", "ees", "ites"))
        ):
            return low, low, m.end()
        if w[0].isupper() and not low.endswith(("ian", "ish", "ese", "i", "an")):
            return None  # a name follows: "5 Kyiv …" is no count
        if low in ("of", "in", "to", "and", "or", "for", "from", "at", "on", "by", "per", "a"):
            return None
        pos = m.end()
    return None


_PREV_WORD = re.compile(r"([A-Za-z][\w.’'-]*)\s?$")
_AGE_BEFORE = re.compile(
    r"\b(?:men|women|children|those|people|aged)\s(?:over|under|above|below)\s$"
)
_HAS_NUMBER = re.compile(rf"\d|\b(?i:{_WORDNUM}|half|quarter)\b")


_WORD_SET = frozenset(WORD_NUMBERS)
_VOTE_WORDS = frozenset(
    {"passed", "cleared", "approved", "majority", "ballot", "ruled", "rejected"}
)
_DIGITS = "0123456789"
_ANY_DIGIT = re.compile(r"\d")
_NUMBER_START = re.compile(r"(?<![\d.,])\d")
_WORD_NUMBER = re.compile(rf"\b(?i:{_WORDNUM})\b")


def _starts(text: str, vocab: frozenset[str], has_digit: bool) -> list[int]:
    """Where a figure may begin: a number, or the currency sign in front of it."""
    out: list[int] = []
    if has_digit:
        for m in _NUMBER_START.finditer(text):
            p = m.start()
            if p >= 1 and text[p - 1] in "$€£¥":
                p -= 1
                if p >= 2 and text[p - 2 : p] in ("US", "C", "A") or text[p - 1 : p] in ("C", "A"):
                    p -= 2 if text[p - 2 : p] == "US" else 1
            elif p >= 2 and text[p - 2] in "$€£" and text[p - 1] == " ":
                p -= 2
                if text[p - 2 : p] == "US":
                    p -= 2
            elif p >= 4 and text[p - 4 : p - 1] in ("USD", "EUR", "GBP"):
                p -= 4
            out.append(p)
    wordnums = vocab & _WORD_SET
    if wordnums:
        out.extend(p for p, _ in find_words(text, wordnums))
    return sorted(set(out))


def _sentence_figures(s: Sentence, quote_mask: list[tuple[int, int]]) -> list[Found]:
    text = s.text
    vocab = vocabulary(text)
    has_digit = _ANY_DIGIT.search(text) is not None
    if not has_digit and not (vocab & _WORD_SET) and "half" not in vocab and "quarter" not in vocab:
        return []
    out: list[Found] = []
    masked: list[tuple[int, int]] = []
    if has_digit and sum(map(text.count, _DIGITS)) >= 7:
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
                out.append(
                    Found(
                        m.group(),
                        float(n),
                        "votes",
                        "votes",
                        a,
                        about(text, a, b),
                        2.2 if i == 0 else 0.4,
                    )
                )
    if "quarter" in vocab or "half" in vocab:
        for m in _QUARTER.finditer(text):
            masked.append(m.span())
            v = 0.25 if m.group(1).lower() == "quarter" else 0.5
            a, b = m.span()
            end = b
            nxt = _RATE_CUT.match(text, b)
            if nxt:
                end = nxt.end()
            out.append(Found(text[a:end], v, "pp", "points", a, about(text, a, end), 3.0))
        if "century" in vocab:
            for m in _HALF_CENTURY.finditer(text):
                masked.append(m.span())
                out.append(Found(m.group(), 50.0, "years", "duration", m.start(), "years", 1.5))
    last_end = -1
    for p in _starts(text, vocab, has_digit):
        if p < last_end:
            continue
        core = _CORE.match(text, p)
        if core is None or not core.group("num"):
            continue
        a, b = core.span()
        if any(x < b and a < y for x, y in masked):
            continue
        last_end = b
        f = _classify(text, core)
        if f is not None:
            out.extend(f)
    return out


_MONTH_OR_DAY = frozenset(
    "jan january feb february mar march apr april may jun june jul july aug august sep sept september "
    "oct october nov november dec december monday tuesday wednesday thursday friday saturday sunday".split()
)
_AGE_NOUNS = frozenset({"men", "women", "children", "those", "people", "aged"})
_YEARS_OLD = re.compile(r"(?:-|\s)years?[- ]old\b")
_NEXT_WORD = re.compile(r"\s([a-z]+)\b")
_OF_WAR = re.compile(r"\s(?:of\s)?(?:war|of conflict)\b")
_RATE_CUT = re.compile(
    r"(?:\s(?:interest|policy))?(?:\s(?:rate))?\s(?:cut|hike|rise|increase|reduction)\b"
)


def _classify(text: str, m: re.Match[str]) -> list[Found] | None:
    a, b = m.span()
    num, num2 = m.group("num"), m.group("num2")
    cur = (m.group("cur") or m.group("cur2") or "").strip().lower()
    scale = m.group("scale")
    rsep = m.group("rsep") or ""
    before, tail = text[max(0, a - 40) : a], text[b : b + 80]
    is_word = num[0].isalpha()
    if (
        len(num) == 4
        and not cur
        and not scale
        and num.isdigit()
        and num[:2] in ("19", "20")
        and not num2
    ):
        if not _PCT.match(tail):
            return None  # a year
    if num2 and rsep.strip() == "and" and not before.lower().endswith("between "):
        num2 = None
        b = m.start("rsep")
        tail = text[b : b + 80]
        scale = None
    if num2 and not cur and not is_word and rsep.strip() in ("-", "–") and not scale:
        # "11-12" without a unit: a date span or a score, not a range of anything
        if not (_PCT.match(tail) or _noun_after(tail)):
            return None
    if is_word and (
        num2 or (scale and scale not in ("million", "billion", "thousand", "trillion"))
    ):
        return None
    if is_word and tail.startswith(("-third", "-quarter", "-fifth", "-half", " third", " quarter")):
        return None  # a fraction ("two-thirds majority"), not a count
    if scale in ("m", "k", "B") and not cur:
        return None
    # exclusions: times, ordinals, dates, identifiers, ages
    if (
        tail
        and tail[0] in ":/snrt"
        and (tail[0] in ":/" and tail[1:2].isdigit() or _ORDINAL_AFTER.match(tail))
    ):
        return None
    if tail[:1] in (":", " ", "a", "p", "h") and _TIME_AFTER.match(tail):
        return None
    before_words = before.split()
    pw = (
        before_words[-1].strip('“"(')
        if before_words and not before.endswith(("(", "“", '"'))
        else ""
    )
    pw_low = pw.lower().rstrip(".,")
    if pw_low in _MONTH_OR_DAY or (
        not cur
        and (tail[1:2].isupper() or tail.startswith((" of ", "-")))
        and _MONTH_AFTER.match(tail)
    ):
        return None
    prev = pw if pw and pw[0].isalpha() else None
    if prev and not cur:
        pw = prev.rstrip(",")
        low = pw.lower()
        if before.endswith("-") and pw[0].isupper():
            return None  # Cert-1, F-16
        if pw[0].isupper() and low not in (
            "about",
            "around",
            "some",
            "over",
            "nearly",
            "almost",
            "roughly",
            "approximately",
            "more",
            "less",
            "up",
            "at",
            "only",
            "just",
            "another",
            "all",
            "the",
            "some",
            "by",
            "with",
            "and",
            "of",
            "a",
            "an",
        ):
            if not (a == 0 or before.rstrip().endswith((".", ",", ":", "“", '"'))):
                return None  # Article 5, Starship 6
        if low in ("aged", "age", "ages"):
            return None
        if low in REFERRING and is_word:
            return None
    if "old" in tail[:12] and _YEARS_OLD.match(tail):
        return None
    if (
        len(before_words) >= 2
        and before_words[-1] in ("over", "under", "above", "below")
        and before_words[-2] in _AGE_NOUNS
    ):
        return None
    value = _number(num)
    if (
        not is_word
        and not cur
        and not scale
        and "," not in num
        and "." not in num
        and 1900 <= value <= 2100
    ):
        if not (_PCT.match(tail)):
            return None  # a year
    if is_word and num.lower() == "two" and (prev and prev.lower() in REFERRING):
        return None
    mult = SCALES[scale.lower() if scale != "B" else "b"] if scale else 1.0
    values = [value * mult]
    if num2:
        values.append(_number(num2) * mult)
    qual = _qualifier(text[max(0, a - 20) : a]) if a else ""
    start = a - len(qual)
    end = b
    unit: str | None = None
    kind = "count"
    weight = 0.0
    t = tail
    if cur:
        unit, kind, weight = CURRENCIES.get(cur.rstrip(), "USD"), "money", 3.0
        per = _PER.match(t)
        if per:
            end += per.end()
    elif (pm := _PCT.match(t)) is not None:
        unit, kind, weight, end = "%", "pct", 2.6, b + pm.end()
    elif (pm := _PP.match(t)) is not None:
        unit, kind, weight, end = "pp", "points", 3.0, b + pm.end()
    elif (pm := _BP.match(t)) is not None:
        unit, kind, weight, end = "bp", "points", 3.0, b + pm.end()
    elif (pm := _CURWORD.match(t)) is not None:
        unit, kind, weight, end = CURRENCIES[pm.group(1).lower()], "money", 3.0, b + pm.end()
    elif (pm := _HYPHEN.match(t)) is not None and not rsep.strip():
        word = pm.group(1)
        if word in ("old",) or (word == "year" and pm.group(2) == "old"):
            return None
        unit = (
            word + "s"
            if word in DURATIONS
            or word
            in (
                "member",
                "stage",
                "seat",
                "point",
                "nation",
                "meter",
                "metre",
                "mile",
                "kilometre",
                "kilometer",
            )
            else word
        )
        kind = "duration" if word in DURATIONS else "measure"
        weight = 1.6 if kind == "measure" else 1.3
        end = b + pm.end()
        nxt = _NEXT_WORD.match(text, end)
        if nxt and nxt.group(1) not in (
            "of",
            "and",
            "the",
            "a",
            "to",
            "in",
            "on",
            "for",
            "is",
            "was",
            "that",
            "with",
        ):
            end = nxt.end()
        if unit in ("meters", "metres"):
            unit = "m"
    else:
        noun = _noun_after(t)
        if noun is not None:
            word, unit, n_end = noun
            end = b + n_end
            if unit in DURATIONS or (unit and unit.rstrip("s") in DURATIONS):
                kind, weight = "duration", 1.0
            elif unit in MEASURES.values():
                kind, weight = "measure", 2.4
            else:
                kind, weight = "count", 2.0 if not is_word else 1.2
            war = _OF_WAR.match(text, end) if kind == "duration" else None
            if war:
                end = war.end()
        elif scale and scale.lower() in (
            "million",
            "billion",
            "trillion",
            "thousand",
            "mn",
            "bn",
            "tn",
        ):
            kind, weight = "count", 1.4
        else:
            return None
    if is_word and kind in ("money",) and not cur:
        pass
    if is_word:
        weight -= 0.8
    ftext = text[start:end].rstrip(" ,.;:")
    out = [Found(ftext, v, unit, kind, start, "", weight - (0.1 * i)) for i, v in enumerate(values)]
    return out


def extract(sentences: list[Sentence], title: str) -> list[tuple[Found, Sentence]]:
    """All figures of the body with their sentences, in text order."""
    out: list[tuple[Found, Sentence]] = []
    for s in sentences:
        if s.heading and not re.search(r"\d", s.text):
            continue
        for f in _sentence_figures(s, []):
            out.append((f, s))
    return out
