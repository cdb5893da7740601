"""Next events: what happens after publication, decided by tense, modality and dates."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from . import dates
from .sentences import Sentence

_STRONG = re.compile(
    r"\b(?:will|shall|won't|(?:is|are|was|were)\s(?:now\s)?(?:set|expected|scheduled|due|slated|poised|likely|going)\sto|"
    r"set\s(?:to|for)|expected\sto|scheduled\s(?:to|for)|slated\s(?:to|for)|due\sto\s(?!the\b|a\b|an\b|its\b|their\b)|"
    r"plans?\sto|planning\sto|intends?\sto|aims?\sto|poised\sto|upcoming|forthcoming|"
    r"next\s(?:round|meeting|summit|step|phase|milestone|major)|"
    r"agreed\sto|(?<!before\s)(?<!after\s)agreeing\sto|conditional\son|subject\sto\s(?:approval|a\svote)|pending|awaiting|to\sbe\s(?:held|freed|released|signed|decided|announced|launched)|"
    r"(?:goes|go|going)\sinto\seffect|takes?\seffect|take\simmediate\seffect|comes?\sinto\s(?:force|effect)|"
    r"deadline|targeting|as\s(?:early|soon)\sas|in\sthe\scoming|is\sto\s|are\sto\s|\w+'ll)\b",
    re.I,
)
_WEAK = re.compile(r"\b(?:would|could|(?-i:may|might)|needs?\sto|has\sto|have\sto|must|future|possible|potential(?:ly)?)\b", re.I)
_PAST_CUE = re.compile(
    r"\b(?:had\s(?:been\s)?(?:originally\s)?(?:expected|planned|scheduled)|was\s(?:originally\s)?(?:expected|scheduled|set|due)|"
    r"were\s(?:originally\s)?(?:expected|scheduled|set|due)|would\shave|could\shave|had\swanted)\b",
    re.I,
)
_EVENT_NOUN = re.compile(
    r"\b(?:meet\w*|talks|summit|vote\w*|sign\w*|elections?|debate\w*|launch\w*|deadline|hearing|"
    r"visit\w*|conference|negotiat\w*|ceasefire|cease-fire|truce|exchange|swap|release\w*|review\w*|"
    r"effect|force|landing|land|touch\sdown|orbit|tests?|flights?|mission|ruling|verdict|decision|"
    r"take\sup|taken\sup|deliver\w*|receive|present|share|draft|announce\w*|implement\w*|"
    r"withdraw\w*|free|respond|response|countermeasures|consultation|report|sale|trial|rally|"
    r"inaugurat\w*|referendum|hike|cut|cuts|session|plenary|auction|maneuvers|freed|approv\w*)\b",
    re.I,
)
_NEG = re.compile(r"\b(?:not|won't|never|no longer|unlikely)\b", re.I)
_BOUNDARY = re.compile(
    r",\s|;\s|:\s|\s[—–-]\s|\sthat\s|\swhere\s|\swhile\s|\s\(|"
    r"\s(?:said|says|added|announced|warned|told\s\w+|confirmed|noted)\s"
)
_END_BOUNDARY = re.compile(r",\s(?!and\b|or\b)|;\s|\s[—–]\s|\.\s|\s\(")
_PAST_VERB = re.compile(
    r"(?:said|told|met|held|began|took|made|gave|was|were|had|announced|approved|released|signed|voted|"
    r"agreed|rejected|confirmed|reported|launched|killed|attacked|struck|arrived|visited|ended|started|"
    r"opened|closed|declared|passed|unveiled|published|issued|imposed|spoke|wrote|tweeted|posted|added|"
    r"stated|noted|warned|urged|called|accused|denied|claimed|insisted|argued|met|fell|rose|came|went|"
    r"promised|showed|pledged|proposed|explained|stressed|emphasized|emphasised|suggested|predicted)"
)
_ECONOMIC = re.compile(r"^\W*(?:\w+\s){0,3}(?:prices?|inflation|growth|markets?|rates?|demand|economy|activity)\b", re.I)


MIN_SCORE = 2.0


@dataclass(frozen=True)
class Found:
    """A candidate next event before ranking."""

    what: str
    when: str | None
    day: date | None
    sentence: Sentence
    score: float


def _clause_start(text: str, pos: int) -> int:
    best = 0
    for m in _BOUNDARY.finditer(text, 0, pos):
        if m.end() <= pos:
            best = m.end()
    return best


def _what(text: str, start: int, must_end: int) -> str:
    """The clause from ``start`` to the first boundary after ``must_end``, at most 25 words."""
    pos = max(must_end, start)
    while True:
        m = _END_BOUNDARY.search(text, pos)
        end = m.start() if m else len(text)
        if m is None or len(text[start:end].split()) >= 8:
            break
        pos = m.end()
    out = text[start:end]
    out = re.sub(r"^(?:and|but|or|while|as|so)\s", "", out.strip())
    words = out.split()
    return " ".join(words[:25]).strip(" ,;:.—–")


def _weekday_past(text: str, m: dates.TimeMention, cue_pos: int | None) -> bool:
    before = text[max(0, m.start - 30) : m.start].split()[-3:]
    if any(_PAST_VERB.fullmatch(w.strip(",.")) for w in before):
        return True
    after = text[m.start + len(m.text) : m.start + len(m.text) + 25].split()[:2]
    if any(_PAST_VERB.fullmatch(w.strip(",.")) for w in after):
        return True
    return cue_pos is None


def _in_quote(text: str, pos: int) -> bool:
    before = text[:pos]
    return before.count("“") > before.count("”") or before.count('"') % 2 == 1


def _reported_between(segment: str) -> bool:
    """A past verb of saying or doing between a cue and a date: the date is when it was said."""
    words = [w.strip(",.;:“”\"") for w in segment.split()[1:]]
    if any(_PAST_VERB.fullmatch(w) for w in words):
        return True
    return "," in segment and any(w.endswith("ed") and len(w) > 4 for w in words)


def _future_mentions(text: str, ref: date | None, cues: list[int]) -> list[dates.TimeMention]:
    """Time expressions that point after publication (or to later the same day)."""
    out: list[dates.TimeMention] = []
    for m in dates.find(text, ref):
        low = m.text.lower()
        if low.startswith(("since", "last ", "yesterday")) or m.future is False:
            continue
        before_cues = [c for c in cues if c < m.start]
        after_cue = bool(before_cues)
        if after_cue and _reported_between(text[before_cues[-1] : m.start]):
            after_cue = False  # "…will be reviewed, Stoltenberg said on Wednesday"
        relative = _WEEKDAY.fullmatch(m.text) is not None or low in ("this week", "tonight", "today", "this weekend")
        if relative and not low.startswith(("next", "coming")):
            # a bare weekday is the event's day only in a forward-looking clause
            if not after_cue or re.match(r"^(?:\s\w+)?[’']s\b", text[m.start + len(m.text) :]):
                continue
        if m.future is None and not after_cue:
            continue
        if m.date and ref and m.date <= ref and not after_cue and not re.search(r"\d\s?[-–]\s?\d", m.text):
            continue
        if m.date and ref and m.date < ref:
            continue
        out.append(m)
    return out


_WEEKDAY = re.compile(
    r"(?:(?:next|this|coming)\s)?(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)(?:\s(?:morning|afternoon|evening|night))?"
)
_RELATIVE_PRONOUN = re.compile(r"^(?:which|who|where|that|when)\b", re.I)


def extract(sentences: list[Sentence], title: str, ref: date | None) -> list[Found]:
    """Candidate events of every sentence that looks forward in time."""
    out: list[Found] = []
    title_words = {w[:5] for w in re.findall(r"[a-z]{4,}", title.lower())}
    for s in sentences:
        if s.heading:
            continue
        text = s.text
        strongs = [m.start() for m in _STRONG.finditer(text)]
        weaks = [m.start() for m in _WEAK.finditer(text)]
        mentions = _future_mentions(text, ref, strongs + weaks)
        if _PAST_CUE.search(text) and not mentions:
            continue
        if not strongs and not weaks and not mentions:
            continue
        targets: list[dates.TimeMention | None] = list(mentions[:2]) or [None]
        for m in targets:
            if m is not None:
                anchor = m.start
                cue_before = [c for c in strongs + weaks if c < anchor]
                end = m.start + len(m.text)
            else:
                anchor = (strongs or weaks)[0]
                cue_before = [anchor]
                end = anchor + 10
            start = _clause_start(text, cue_before[-1] if cue_before and m is None else anchor)
            if m is not None and cue_before and text[cue_before[-1] : anchor].count(",") == 0:
                start = _clause_start(text, cue_before[-1])
            what = _what(text, start, end)
            if (len(what.split()) < 6 or _RELATIVE_PRONOUN.match(what)) and start > 0:
                start = _clause_start(text, max(0, start - 3))
                what = _what(text, start, end)
            clause = text[start : max(end, start + len(what))]
            strong = any(start <= c < start + len(what) for c in strongs) or (m is not None and bool(strongs))
            weak = any(start <= c < start + len(what) for c in weaks)
            noun = _EVENT_NOUN.search(what) is not None
            score = 0.0
            if m is not None:
                period = re.search(r"\b(?:in|over|within|during)\s(?:the\s)?$", text[max(0, m.start - 12) : m.start])
                score += 1.0 if period else 2.0 if m.date else 1.5
            score += 1.0 if strong else 0.4 if weak else 0.0
            score += 1.0 if noun else 0.0
            score += 0.8 if s.index < 3 else 0.4 if s.index < 6 else 0.0
            if _in_quote(text, (cue_before or [anchor])[-1]):
                score -= 1.2
            if _NEG.search(clause):
                score -= 1.0
            if _ECONOMIC.search(what) and not noun:
                score -= 0.6
            if not strong and not weak:
                score -= 0.5
            if re.search(r"\bwhether\b", clause):
                score -= 0.6
            cop = re.search(r"\b(?:will|would|'ll)\s(?:\w+\s)?be\s((?:\S+\s?){1,4})", clause)
            if cop and not (_EVENT_NOUN.search(cop.group(1)) or re.match(r"\w+(?:ed|en)\b|held\b|put\b|sent\b|built\b", cop.group(1))):
                score -= 0.8  # a state ("will be crucial"), not a happening
            if re.search(r"\b(?:claiming|saying|arguing|insisting|warning|suggesting)\b(?:\s\S+){0,4}\s(?:will|would)\b", clause):
                score -= 0.8  # a claim about the future, not a scheduled happening
            score += min(0.6, 0.3 * len(title_words & {w[:5] for w in re.findall(r"[a-z]{4,}", what.lower())}))
            if re.search(r"\d", what):
                score += 0.2
            if score < MIN_SCORE:
                continue
            day = m.date if m is not None and m.date and (ref is None or m.date >= ref) else None
            out.append(Found(what, m.text if m is not None else None, day, s, score))
    return out


def _content(text: str) -> set[str]:
    return {w[:5] for w in re.findall(r"[a-z]{4,}", text.lower())}


def rank(found: list[Found], limit: int) -> list[Found]:
    """Highest scores first; near-duplicates (same words, same day) dropped."""
    kept: list[Found] = []
    for f in sorted(found, key=lambda f: (-f.score, f.sentence.index)):
        cw = _content(f.what)
        dup = False
        for k in kept:
            kw = _content(k.what)
            overlap = len(cw & kw) / max(1, min(len(cw), len(kw)))
            if overlap > 0.7 or (f.sentence.index == k.sentence.index and f.when == k.when):
                dup = True
                break
        if not dup:
            kept.append(f)
        if len(kept) >= limit:
            break
    return kept
