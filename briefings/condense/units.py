"""The words of quantities: number words, scales, currencies, units, and how to read the
words around a number (its unit, its qualifier, what it measures)."""

from __future__ import annotations

import re

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
TIME_AFTER = re.compile(
    r"^(?::\d\d|\s?(?:a\.m\.|p\.m\.|am\b|pm\b|GMT|UTC|ET\b|CT\b|EST|EDT|CET|BST|hrs|hours? GMT))"
)
ORDINAL_AFTER = re.compile(r"^(?:st|nd|rd|th)\b")
MONTH_AFTER = re.compile(
    r"^\s?(?:-\s?\d{1,2}\s)?(?:of\s)?(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)[a-z]*\b"
)
PCT = re.compile(r"^\s?(?:%|percent\b|per cent\b|pct\b)")
PP = re.compile(r"^\s?(?:percentage[- ]points?\b|pp\b|ppts?\b)")
BP = re.compile(r"^\s?(?:basis[- ]points?\b|bps?\b)")
CURWORD = re.compile(r"^\s(?:(?:US|U\.S\.)\s)?(dollars|euros|pounds|yen|yuan|rupees)\b", re.I)
# What each of PCT, PP and BP begins with after its optional white space, so that a word
# like "people" is told from them without the regex (they are case-sensitive).
PCT_FIRST = ("%", "per", "pct")
PP_FIRST = ("percentage", "pp")
BP_FIRST = ("basis", "bp")
# CURWORD's first two characters after its white space, lowercased ("ſ" is an "s" to re.I).
CURWORD_FIRST2 = frozenset(("us", "uſ", "u.", "do", "eu", "po", "ye", "yu", "ru"))
HYPHEN = re.compile(r"^-([a-z]+)(?:-(tall|long|wide|high|deep|old))?\b")
WORD = re.compile(r"\s*([A-Za-z][\w'’-]*)")
PER = re.compile(r"^\s(?:a|per)\s(?:day|barrel|year|month|week|hour|tonne|share|person|head)\b")

MONTH_OR_DAY = frozenset(
    "jan january feb february mar march apr april may jun june jul july aug august sep sept september "
    "oct october nov november dec december monday tuesday wednesday thursday friday saturday sunday".split()
)
AGE_NOUNS = frozenset({"men", "women", "children", "those", "people", "aged"})
YEARS_OLD = re.compile(r"(?:-|\s)years?[- ]old\b")
NEXT_WORD = re.compile(r"\s([a-z]+)\b")
OF_WAR = re.compile(r"\s(?:of\s)?(?:war|of conflict)\b")
RATE_CUT = re.compile(
    r"(?:\s(?:interest|policy))?(?:\s(?:rate))?\s(?:cut|hike|rise|increase|reduction)\b"
)


def number(s: str) -> float:
    s = s.lower()
    if s in WORD_NUMBERS:
        return float(WORD_NUMBERS[s])
    return float(s.replace(",", ""))


QUAL_LAST = frozenset(q.split()[-1] for q in QUALIFIERS)
# The qualifiers by their last word, in the order of QUALIFIERS ("over" before "just over").
_QUAL_BY_LAST: dict[str, list[tuple[str, str, int]]] = {}
for _q in QUALIFIERS:
    _QUAL_BY_LAST.setdefault(_q.split()[-1], []).append((" " + _q + " ", _q + " ", len(_q) + 1))


def qualifier(before: str, last: str | None = None) -> str:
    """The qualifier ending ``before`` ("more than "); ``last``: its last word lowercased,
    when the caller has it."""
    if not before.endswith(" "):
        return ""
    if last is None:
        words = before.split()
        if not words:
            return ""
        last = words[-1].lower()
    candidates = _QUAL_BY_LAST.get(last)
    if candidates is None:
        return ""
    low = before.lower()
    for inside, whole, n in candidates:
        if low.endswith(inside) or low == whole:
            return before[len(before) - n :]
    return ""


_CUT_WORDS = "and|but|which|who|while|after|as"
# (a comma before a digit separates thousands: "9,400" is one number, not two clauses)
CLAUSE_CUT = re.compile(rf",(?!\d)|[;:()\"“”—–]|\s(?:{_CUT_WORDS})\s")
PREP = ("of", "for", "in", "on", "at", "to", "from", "against", "per")
# CLAUSE_CUT read backwards, in a prefix reversed: its cut characters (a comma that no digit
# follows is one that no digit precedes there) and its cut words spelled backwards. Apart,
# each is found by a quick scan (a search that starts with a character class), where a
# regex backing off from the end of the prefix would try every character.
_CUT_CHAR_REVERSED = re.compile(r"[,;:()\"“”—–](?<!\d,)")
_CUT_WORD_REVERSED = re.compile(rf"\s(?:{'|'.join(w[::-1] for w in _CUT_WORDS.split('|'))})\s")
# A cut word ending at an offset: a cut starting with the space there may have lost that
# space to the cut before it (" and as "), so split would not cut there.
_CUT_WORD_END = re.compile(rf"\s(?:{_CUT_WORDS})\Z")
_CUT_CHARS = frozenset(',;:()"“”—–')


def _last_clause(sentence: str, a: int) -> str:
    """``CLAUSE_CUT.split(sentence[:a])[-1]`` without splitting the whole prefix."""
    if a <= 0:
        return sentence[:a]
    if a > len(sentence):
        a = len(sentence)
    # The cut that starts last is the one that ends last (cuts never nest: no cut character
    # or white space inside a cut word), so the one whose reversed match begins first: the
    # first cut character, unless a cut word comes before it.
    reversed_prefix = sentence[a - 1 :: -1]
    m = _CUT_CHAR_REVERSED.search(reversed_prefix)
    word = _CUT_WORD_REVERSED.search(reversed_prefix, 0, m.start() if m else a)
    if word is not None:
        m = word
    if m is None:
        return sentence[:a]
    q = a - m.end()  # where the cut starts in sentence
    if sentence[q] not in _CUT_CHARS and _CUT_WORD_END.search(sentence, max(0, q - 6), q):
        return CLAUSE_CUT.split(sentence[:a])[-1]  # a chain of cut words: split decides
    return sentence[a - m.start() : a]


# Words that do not begin what a figure measures.
_NOT_FIRST = frozenset(("the", "a", "an", "by", "of", "to", "and"))


def about(sentence: str, a: int, b: int) -> str:
    """What the figure measures, in the article's words: the clause's words before it and a
    following prepositional phrase ("net profit fell … to", "for Ukraine")."""
    before = _last_clause(sentence, a).rsplit(None, 5)[-5:]  # its last five words
    while before and before[0].lower() in _NOT_FIRST:
        before = before[1:]
    after: list[str] = []
    first = sentence[b:].split(None, 1)
    # The phrase after counts only when it opens with a preposition: a first word without
    # a cut character that is no preposition settles it without looking for the cut.
    if first and (first[0].lower() in PREP or not _CUT_CHARS.isdisjoint(first[0])):
        cut = CLAUSE_CUT.search(sentence, b)
        after = sentence[b : cut.start() if cut else len(sentence)].split(None, 6)[:6]
        if after and after[0].lower() not in PREP:
            after = []
    if after:  # (before is a list of its own: it may grow)
        if before:
            before.append("…")
        before += after
    text = " ".join(before).strip(" .")
    return text or sentence[a:b]


_NAMED_NOUN = re.compile(
    r"\s(?:[A-Z][\w'’-]*\s){1,3}(?:[a-z]+\s)?"
    r"(people|children|staff|personnel|[a-z]{3,}(?:ers|ors|ists|ians|ants|ents|ees|ives|ies|ers))\b"
)
# Currencies named by a word after the number: money, whatever the unit code.
MONEY_NOUNS = frozenset(
    "crowns kronor kroner koruna soles pesos rand reais lira rubles roubles francs zlotys zloty "
    "forint shekels dirhams riyals naira shillings hryvnias rupiah ringgit baht won dinars".split()
)


# noun_after's unit of a word it knows by itself: counted nouns, currency nouns, measures,
# durations (later entries win: IRREGULAR before MONEY_NOUNS before MEASURES, as tried).
_UNIT_OF = {
    **{d + "s": d + "s" for d in DURATIONS},
    **{d: d + "s" for d in DURATIONS},
    "centuries": "centuries",
    **MEASURES,
    **{w: w for w in MONEY_NOUNS},
    **IRREGULAR,
}
# Lowercase words after a number that end the search for its noun.
_NO_NOUN = frozenset(
    "of in to and or for from at on by per a several many more most few other each every all "
    "some".split()
)


def noun_after(tail: str) -> tuple[str, str, int] | None:
    """(noun, unit, end offset in tail) for 'prisoners', 'additional air defense units'."""
    pos = 0
    for _ in (1, 2, 3, 4):  # the first four words at most
        m = WORD.match(tail, pos)
        if m is None:
            return None
        w = m[1]
        low = w.lower()
        pos = m.end()
        unit = _UNIT_OF.get(low)
        if unit is not None:
            # ("barrels" is the unit of "barrel" and "barrels" only)
            if unit == "barrels" and (per := PER.match(tail[pos:])):
                return low, "bpd" if "day" in per.group() else "barrels", pos + per.end()
            return low, unit, pos
        if low.rstrip("s") in DURATIONS:  # "dayss"
            return low, low, pos
        plural = (
            len(low) > 3 and low.endswith("s") and not low.endswith("ss") and low not in NOT_NOUNS
        )
        if plural and (
            w[0].islower() or low.endswith(("ans", "ians", "ers", "ists", "ees", "ites"))
        ):
            return low, low, pos
        if w[0].isupper() and not low.endswith(("ian", "ish", "ese", "i", "an")):
            # a name follows: "5 Kyiv …" is no count, unless it only qualifies the noun
            # after it ("12,000 London bus drivers", "40 African Union monitors")
            if (named := _NAMED_NOUN.match(tail)) is not None:
                noun = named.group(1)
                return noun, IRREGULAR.get(noun, noun), named.end()
            return None
        if low in _NO_NOUN:
            return None
    return None
