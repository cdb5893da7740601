"""Split an article body into sentences that keep their exact text and place.

A quotation that runs over several sentences stays one sentence, so that the speaker
named after it ("…," said Adam.) is found in the same unit as the words spoken.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import NamedTuple

# Words whose trailing period does not end a sentence.
_ABBREV = frozenset(
    """mr mrs ms dr prof sen rep gov gen lt col sgt capt st jr sr inc corp ltd co vs etc no
    jan feb mar apr jun jul aug sep sept oct nov dec u.s u.k u.n e.u a.m p.m i.e e.g
    approx est dept fig op pp vol""".split()
)
# A sentence end: closing punctuation and quotes, then the white space before the next
# sentence (group 1), which belongs to neither.
_END = re.compile(r"[.!?]+[\"'”’)\]]*(\s+)(?=[\"“‘'(\[]?[A-Z0-9$€£])")
_QUOTE = re.compile(r"[“”\"]")
_MAX_QUOTE_SENTENCE = 700


class Sentence(NamedTuple):
    """One sentence: its text exactly as in the body, where it starts, and its paragraph."""

    text: str
    start: int
    para: int
    order: int  # position among the sentences, 0 = lead
    heading: bool = False  # a line without closing punctuation (sub-heading, dateline)


def _quote_spans(para: str) -> list[tuple[int, int]]:
    """(open, close) offsets of quotations that close within the paragraph."""
    spans: list[tuple[int, int]] = []
    opened = -1
    for m in _QUOTE.finditer(para):
        ch = m.group()
        if opened < 0:
            if ch != "”":
                opened = m.start()
        elif ch != "“":
            spans.append((opened, m.end()))
            opened = -1
        else:
            opened = m.start()
    return spans


# Word characters and dots, matched at the start of the reversed tail: the word before the
# closing punctuation without scanning (\w is str.isalnum() or "_").
_WORD_REVERSED = re.compile(r"[\w.]*")


def _word_before(chunk: str) -> str:
    """The word before the closing punctuation, dots kept."""
    tail = chunk[-24:].rstrip("\"'”’)]").rstrip(".!?")
    m = _WORD_REVERSED.match(tail[::-1])  # always matches, perhaps empty
    return tail[len(tail) - m.end() :] if m else ""


def _is_abbrev(chunk: str) -> bool:
    word = _word_before(chunk).rstrip(".").lower()
    if not word:
        return False
    if word in _ABBREV:
        return True
    # a single initial ("Antony J. Blinken") or an acronym with inner dots ("U.S.")
    return len(word) == 1 and word.isalpha() or ("." in word and len(word) <= 5)


# What may follow the white space after a stop in _END, and its common case: one space and
# a capital letter or digit.
_NEXT = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789$€£")


def _ends(line: str) -> list[tuple[int, int, int]]:
    """(start, end, next start) of each ``_END`` match in ``line``: where its stop begins,
    where the sentence ends and where the white space after it ends. In a line with only
    full stops, each "." is found by str.find (several times faster than the regex's scan
    for its first character) and the regex is tried there unless ". X" settles it."""
    if "!" in line or "?" in line:
        return [(m.start(), m.start(1), m.end()) for m in _END.finditer(line)]
    out: list[tuple[int, int, int]] = []
    last = len(line) - 1  # a stop that ends the line ends no sentence within it
    i = line.find(".", 0, last)
    while i >= 0:
        if line[i + 1] == " " and line[i + 2 : i + 3] in _NEXT:
            out.append((i, i + 1, i + 2))
            i = line.find(".", i + 2, last)
            continue
        m = _END.match(line, i)
        if m is None:
            i = line.find(".", i + 1, last)
        else:
            out.append((i, m.start(1), m.end()))
            i = line.find(".", m.end(), last)
    return out


def may_end(text: str) -> bool:
    """Could ``text`` (one line) hold a sentence end? ``split`` gives one piece when not."""
    return _END.search(text) is not None


# Sentence(...) without the Python-level __new__ of NamedTuple (what it does, minus a call).
_new_sentence = tuple.__new__


def split(text: str) -> list[Sentence]:
    """Sentences of ``text`` in order; each ``text[s.start:s.start+len(s.text)] == s.text``."""
    out: list[Sentence] = []
    para = -1
    base = 0
    for line in text.split("\n"):
        line_start = base
        base += len(line) + 1
        if not line or line.isspace():
            continue
        para += 1
        quotes = (
            [(a, b) for a, b in _quote_spans(line) if b - a < _MAX_QUOTE_SENTENCE]
            if '"' in line or "“" in line
            else None
        )
        first = len(out)
        pos = len(line) - len(line.lstrip())  # where the next sentence starts
        for p, cut, end in _ends(line):
            if quotes and any(a < p < b - 2 for a, b in quotes):
                continue
            if line[p] == ".":
                # _is_abbrev(line[lo:cut]), done here when the word before the stop is
                # letters after a space (white space before ``pos`` is no word character)
                lo = max(pos, cut - 24)
                j = line.rfind(" ", lo, p)
                word = line[j + 1 : p]
                if j >= 0 and word.isalpha():
                    word = word.lower()
                    if word in _ABBREV or len(word) == 1 and word.isalpha():
                        continue
                elif _is_abbrev(line[lo:cut]):
                    continue
            sentence = (line[pos:cut], line_start + pos, para, len(out), False)
            out.append(_new_sentence(Sentence, sentence))
            pos = end
        chunk = line[pos:].rstrip()  # never empty: a non-space character follows every end
        heading = len(out) == first and not chunk.endswith(
            (".", "!", "?", ":", '"', "”", "’", ")")
        )
        out.append(_new_sentence(Sentence, (chunk, line_start + pos, para, len(out), heading)))
    return out


# Word separators: ASCII ones are replaced in the UTF-8 bytes (bytes.translate is many times
# faster than str.translate), the few wide ones with str.replace when they occur.
_ASCII_SPACES = bytes.maketrans(b',.;:!?"()[]-/', b" " * 13)
_WIDE_SPACES = "“”‘—–"
# For ASCII text the same table also lowercases, so one pass does both.
_ASCII_SPACES_LOWER = bytes.maketrans(
    b',.;:!?"()[]-/ABCDEFGHIJKLMNOPQRSTUVWXYZ', b" " * 13 + b"abcdefghijklmnopqrstuvwxyz"
)


@lru_cache(maxsize=4096)
def vocabulary(text: str) -> frozenset[str]:
    """The lowercased words of ``text`` (hyphenated parts apart), for quick 'any of …' checks."""
    if text.isascii():
        return frozenset(text.encode().translate(_ASCII_SPACES_LOWER).decode().split())
    for c in _WIDE_SPACES:
        if c in text:
            text = text.replace(c, " ")
    return frozenset(text.encode().translate(_ASCII_SPACES).decode().lower().split())


def find_words(
    text: str, targets: frozenset[str] | set[str], *, as_written: bool = False
) -> list[tuple[int, str]]:
    """(offset, word) of each whole-word occurrence of the lowercased ``targets``, in order.

    ``as_written``: only the occurrences that ``text`` itself holds in lowercase (the
    same ones, found without searching a lowercased copy).
    """
    if as_written and text.isascii():
        low = text  # lowercasing ASCII turns no letter, digit or apostrophe into another
    else:
        low = text.lower()
        if len(low) != len(text):  # "İ" lowercases to two characters: keep offsets aligned
            low = "".join(c if len(c.lower()) != 1 else c.lower() for c in text)
    # (an occurrence overlapping another one has a letter before it, so stepping over
    # overlaps loses none; word boundaries are read on ``low`` either way)
    haystack = text if as_written else low
    out: list[tuple[int, str]] = []
    n = len(low)
    for word in targets:
        i = haystack.find(word)
        while i >= 0:
            j = i + len(word)
            # a space on either side, the common case, is decided without isalnum
            if (i == 0 or low[i - 1] == " " or not low[i - 1].isalnum()) and (
                j == n or low[j] == " " or not (low[j].isalnum() or low[j] in "'’")
            ):
                out.append((i, word))
            i = haystack.find(word, j)
    if len(targets) > 1:
        out.sort()
    return out
