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
    r"next\s(?:week|month|year|round|meeting|summit|step|phase|milestone|major)|later\sthis|"
    r"agreed\sto|agree\sto|agreeing\sto|to\sbe\s(?:held|freed|released|signed|decided|announced|launched)|"
    r"(?:goes|go|going)\sinto\seffect|takes?\seffect|take\simmediate\seffect|comes?\sinto\s(?:force|effect)|"
    r"deadline|targeting|as\s(?:early|soon)\sas|in\sthe\scoming|is\sto\s|are\sto\s|\w+'ll)\b",
    re.I,
)
_WEAK = re.compile(r"\b(?:would|could|may|might|needs?\sto|has\sto|have\sto|must|future|possible|potential(?:ly)?)\b", re.I)
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
    r"inaugurat\w*|referendum|hike|cut|cuts|session|plenary|auction|maneuvers|freed)\b",
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
    r"stated|noted|warned|urged|called|accused|denied|claimed|insisted|argued|met|fell|rose|came|went)"
)
_ECONOMIC = re.compile(r"^\W*(?:\w+\s){0,3}(?:prices?|inflation|growth|markets?|rates?|demand|economy|activity)\b", re.I)


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
    m = _END_BOUNDARY.search(text, max(must_end, start))
    end = m.start() if m else len(text)
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


def extract(sentences: list[Sentence], title: str, ref: date | None) -> list[Found]:
    """Candidate events of every sentence that looks forward in time."""
    out: list[Found] = []
    title_words = {w for w in re.findall(r"[a-z]{4,}", title.lower())}
    for s in sentences:
        if s.heading:
            continue
        text = s.text
        strong = _STRONG.search(text)
        weak = _WEAK.search(text) if not strong else None
        past = _PAST_CUE.search(text)
        cue = strong or weak
        cue_pos = cue.start() if cue else None
        mentions = dates.find(text, ref)
        future_mentions: list[dates.TimeMention] = []
        for m in mentions:
            if m.text.lower().startswith(("since", "last ")) or m.future is False:
                continue
            if re.fullmatch(r"(?:(?:next|this|coming)\s)?(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)(?:\s\w+)?", m.text):
                if _weekday_past(text, m, cue_pos) and not m.text.lower().startswith(("next", "this", "coming")):
                    continue
            if m.date and ref and m.date < ref:
                continue
            future_mentions.append(m)
        noun = _EVENT_NOUN.search(text)
        if past and not future_mentions:
            continue
        if not (strong or (weak and (noun or future_mentions)) or (future_mentions and noun)):
            continue
        base = 1.0 + (1.0 if strong else 0.3 if weak else 0.0)
        base += 0.8 if noun else 0.0
        base += 1.2 if s.index < 3 else 0.6 if s.index < 6 else 0.0
        if _NEG.search(text):
            base -= 0.8
        if text.lstrip().startswith(("“", '"')) or text.count("“") + text.count('"') >= 2:
            base -= 0.4
        if _ECONOMIC.search(text) and not noun:
            base -= 0.6
        targets = future_mentions or [None]
        for m in targets[:2]:
            if m is not None:
                start = _clause_start(text, min(m.start, cue_pos) if cue_pos is not None and cue_pos < m.start and m is targets[0] else m.start)
                end = m.start + len(m.text)
            else:
                anchor = cue_pos if cue_pos is not None else (noun.start() if noun else 0)
                start = _clause_start(text, anchor)
                end = anchor + 12
            what = _what(text, start, end)
            if len(what.split()) < 4:
                what = _what(text, _clause_start(text, max(0, start - 2)), end)
            score = base
            if m is not None:
                score += 1.5 if m.date else 1.0
            score += min(1.2, 0.3 * len(title_words & set(re.findall(r"[a-z]{4,}", what.lower()))))
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
