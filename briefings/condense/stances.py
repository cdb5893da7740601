"""Shaping a stance: the clause after a verb, cut to a line, quotations skimmed, merged."""

from __future__ import annotations

import re

from .sentences import may_end, split

_SPACES = re.compile(r"\s{2,}")
_WHOLE_QUOTATION = re.compile(r"^[“\"](.+?)[”\"]?$")
_WORD_TOKEN = re.compile(r"[\w']+")
_FIRST_PERSON = re.compile(r"\b(?:I|we|We)\b")

_THAT = re.compile(r"^(?:[^“”\"]{0,70}?)\bthat\s")


def _that_at(rest: str) -> int | None:
    """Where _THAT's "that" is (its match ends 5 further), by str.find instead of the lazy
    scan: the first "that" within 70 characters that starts a word and is followed by
    white space, with no quotation mark before it."""
    k = rest.find("that")
    while 0 <= k <= 70:
        if (k == 0 or not (rest[k - 1].isalnum() or rest[k - 1] == "_")) and rest[
            k + 4 : k + 5
        ].isspace():
            head = rest[:k]
            if "“" in head or "”" in head or '"' in head:
                return None
            return k
        k = rest.find("that", k + 1)
    return None


_LEAD_IN = re.compile(
    r"^\s*(?:,\s*)?(?:(?:on|in|at|during|late|early|last|this|in an?|in a statement|in an interview)\b[^:“”\"]{0,45}?(?=,\s|[:“\"]|\sthat\s|$)|"
    r"(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)(?:\s(?:morning|afternoon|evening|night))?)\s*"
)
_MAX_WORDS = 25


_DANGLING = frozenset(
    """a an the of to in on at by for from with and or but as than that which who whose its
    their his her our is are was were be been has have had will would could may might once when
    while if after before because since until unless where""".split()
)


def trim(text: str, max_words: int = _MAX_WORDS) -> str:
    """At most ``max_words`` words, ending on a clause or a content word, quotes balanced."""
    if (
        text.count(" ") < max_words  # (first: the test that long stances fail)
        and text.isprintable()  # no white space but " " (every other kind is unprintable)
        and "  " not in text
        and text[:1] != " "
        and text[-1:] != " "
    ):
        cut = text  # " ".join(text.split()) is the text itself, and short enough
    else:
        words = text.split(None, max_words)  # (the words past ``max_words`` left in one)
        cut = " ".join(words[:max_words])
        if len(words) > max_words:
            kept = words[:max_words]  # cut.split(), as the words hold no white space
            if "," in cut and len(cut[: cut.rfind(",")].split()) >= 0.6 * max_words:
                cut = cut[: cut.rfind(",")]  # end on a clause, not mid-phrase
                kept = cut.split()
            while len(kept) > 3 and kept[-1].lower().strip(",;:") in _DANGLING:
                kept.pop()  # not "… raised its offer by"
            cut = " ".join(kept)
    cut = cut.strip(" ,;:—–-")
    # ``cut`` is words joined by single spaces: only a dropped quotation mark can leave two
    # spaces in a row for _SPACES to fold
    cut_quote = False
    if not cut.isascii():  # (a flag of the string: curly quotation marks are not ASCII)
        while cut.count("“") > cut.count("”"):
            i = cut.rfind("“")
            cut = cut[:i] + cut[i + 1 :]
            cut_quote = True
        while cut.count("”") > cut.count("“"):
            i = cut.find("”")
            cut = cut[:i] + cut[i + 1 :]
            cut_quote = True
    if '"' in cut and cut.count('"') % 2:  # (the test first: most cuts hold none)
        i = cut.rfind('"')
        cut = cut[:i] + cut[i + 1 :]
        cut_quote = True
    out = (_SPACES.sub(" ", cut) if cut_quote else cut).strip(" ,;:")
    # (single spaces are the only white space left in ``out``: its last word is what
    # follows the last space)
    if out.endswith(".") and "." not in out[out.rfind(" ") + 1 : -1]:
        out = out[:-1]  # a full stop, not the dot of "U.S."
    return out.rstrip(" ,;:")


_TOLD_WHOM = re.compile(
    r"^\s(?:(?:the\s)?(?:[A-Z][\w.’'-]*\s?){1,4}|reporters|journalists|lawmakers|parliament|the\s\w+)(?=[\s,:])"
)


_SAYING_QUOTE = re.compile(r",\s(?:saying|stating|adding|noting)[,:]?\s[“\"](.+?)[”\"]")


def after_verb(rest: str, verb: str, keep_verb: bool) -> str:
    """The stance clause that follows a verb, its lead-in ("on Friday that") dropped."""
    if verb in ("told", "tells"):
        whom = _TOLD_WHOM.match(rest)
        if whom:
            rest = rest[whom.end() :]
    at = _that_at(rest)
    if at is not None:
        head = rest[:at]
        if head.strip():  # the lead-in is only read when something stands before "that"
            lead = _LEAD_IN.match(head)
            if not (lead and lead.end() >= len(head.rstrip())):
                at = None
    if at is not None:
        rest = rest[at + 5 :]
    else:
        for _ in range(2):
            lm = _LEAD_IN.match(rest)
            if not lm or lm.end() == 0:
                break  # ``rest`` unchanged: a second try would find the same
            rest = rest[lm.end() :]
    rest = rest.lstrip(" ,:")
    if not keep_verb:
        whole = rest.strip()
        qm = _WHOLE_QUOTATION.match(whole) if whole.startswith(("“", '"')) else None
        if qm:
            return qm.group(1)
        # "reiterated his commitment, stating, “I want …”": the quotation is the stance
        said = _SAYING_QUOTE.search(rest)
        if said and said.start() < 60:
            return said.group(1)
    if keep_verb:
        rest = verb + " " + rest
    return rest


# For ASCII text, [\w']+ is [A-Za-z0-9_']+: each of those bytes becomes "a" and every other
# one a space, and the tokens are counted where they start, at " a" or an "a" in front (no
# list of tokens built as bytes.split would; several times faster than findall).
_TOKEN_BYTES = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_'"
_TOKEN_TO_A = bytes(97 if c in _TOKEN_BYTES else 32 for c in range(256))


def _tokens(text: str) -> int:
    """How many [\\w']+ words ``text`` holds."""
    if text.isascii():
        marks = text.encode().translate(_TOKEN_TO_A)
        return marks.count(b" a") + marks.startswith(b"a")
    return len(_WORD_TOKEN.findall(text))


_STANCE_WORD = re.compile(
    r"\b(?:regret\w*|must|should|will|won't|want\w*|need\w*|believe|think|hope|expect|ready|reject\w*|"
    r"oppose|support|welcome|condemn\w*|never|not|no|unacceptable|important|deeply|committed|determined|"
    r"wrong|right|absurd|disrespect\w*|serious|threat\w*|can't|cannot|don't|refuse|demand\w*)\b",
    re.I,
)


def _may_end(text: str) -> bool:
    """``may_end(text)``, without the regex for text whose only .!? close it: a sentence end
    needs one of them followed by white space."""
    body = text.rstrip(".!?\"'”’)]")
    if "." not in body and "!" not in body and "?" not in body:
        return False
    return may_end(text)


def _sentences_of(text: str) -> list[str]:
    """The sentences of a quotation or clause ("the U.S. will" is one, not two)."""
    if "\n" not in text and not _may_end(text):
        return [text.strip()] if text.strip() else [text]  # what split() gives: one piece
    return [s.text for s in split(text)] or [text]


def _several_sentences(text: str) -> bool:
    """``len(_sentences_of(text)) > 1``, with no list built for text of one sentence."""
    if "\n" not in text:
        # not _may_end(text), inline (every stance merged passes here)
        body = text.rstrip(".!?\"'”’)]")
        if ("." not in body and "!" not in body and "?" not in body) or not may_end(text):
            return False
    return len(_sentences_of(text)) > 1


def skim(quote: str, budget: int = 30) -> str:
    """A long quotation cut to its most stance-like sentences, in their order."""
    if _tokens(quote) <= budget:
        return quote
    parts = _sentences_of(quote)
    if len(parts) == 1:
        return quote
    scored = sorted(
        range(len(parts)),
        key=lambda i: (
            -(
                len(_STANCE_WORD.findall(parts[i]))
                + 0.5 * bool(_FIRST_PERSON.search(parts[i]))
                - 0.04 * _tokens(parts[i])
                + (0.6 if i == 0 else 0.0)
            )
        ),
    )
    chosen: list[int] = []
    used = 0
    for i in scored:
        n = _tokens(parts[i])
        if used + n <= budget:
            chosen.append(i)
            used += n
    if not chosen:
        return parts[scored[0]]
    return " … ".join(parts[i].rstrip(".") for i in sorted(chosen))


def merge_stances(parts: list[str], limit: int = 32) -> str:
    """Join distinct stance clauses with '; ' while the whole stays within ``limit`` words."""
    out: list[str] = []
    used = 0
    n = len(parts) if len(parts) < 3 else 3
    first = limit if n <= 1 else 16
    # the word budget of each part after the first: max(8, (limit - first) // max(1, n - 1))
    # (conditional expressions: the builtins max() and min() cost more than the work here)
    later = (limit - first) // (n - 1 if n > 1 else 1)
    later = later if later > 8 else 8
    each = first
    for p in parts:
        if limit - used < 6:
            break  # no room left (the check below, before the work on this part)
        p = trim(skim(p, each) if _several_sentences(p) else p, each)
        each = later
        if not p or (out and any(p.lower() in o.lower() for o in out)):
            continue
        room = limit - used
        if room < 6:
            break
        size = _tokens(p)
        if size > room:
            # drop words from the end until the rest fits; a space parts no token, so the
            # tokens of the words joined are the sum of theirs (``p`` is words joined by
            # single spaces, so ``size`` is that of all of them)
            words = p.split()
            while words and size > room:
                size -= _tokens(words.pop())
            p = trim(" ".join(words))
            size = _tokens(p)
        if p:
            out.append(p)
            used += size
    return "; ".join(out)
