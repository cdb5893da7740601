"""Offline condense engine: an article -> grounded positions, figures and next events.

Pure and deterministic: no I/O, no clock; the article's publication date (or ``now``)
is the reference for dates. Every bullet carries its source sentence as evidence.
"""

from __future__ import annotations

import re
from datetime import datetime

from ..models import Article, Condensed, Event, Figure, Position
from . import events as _events
from . import figures as _figures
from . import positions as _positions
from .sentences import Sentence, split, vocabulary

ENGINE_VERSION = "rules-1"

_SCALE_STEMS = {"billi", "milli", "thous", "trill", "perce"}

MAX_POSITIONS = 5
MAX_FIGURES = 6
MAX_EVENTS = 4

__all__ = ["ENGINE_VERSION", "condense"]


def _rank_figures(found: list[tuple[_figures.Found, Sentence]], title: str) -> list[Figure]:
    title_nums = set(re.findall(r"\d[\d,.]*", title))
    title_low = title.lower()
    title_stems = {w[:5] for w in re.findall(r"[a-z]{4,}", title_low)} - _SCALE_STEMS
    overlap: dict[int, float] = {}
    counts: dict[tuple[float, str | None], int] = {}
    for f, _ in found:
        counts[(f.value, f.unit)] = counts.get((f.value, f.unit), 0) + 1
    scored: list[tuple[float, int, _figures.Found, str]] = []
    for order, (f, s) in enumerate(found):
        idx = s.order
        score = f.weight + 1.5 / (1.0 + 0.35 * idx)
        digits = re.findall(r"\d[\d,.]*", f.text)
        if digits and any(d.rstrip(".,") in title_nums for d in digits):
            score += 2.0
        elif f.text.split()[0].lower() in title_low.split():
            score += 0.5
        score += 0.3 * (counts[(f.value, f.unit)] - 1)
        if idx not in overlap:  # a sentence about what the headline says
            stems = {w[:5] for w in vocabulary(s.text) if len(w) >= 4}
            overlap[idx] = min(0.6, 0.15 * len(stems & title_stems))
        score += overlap[idx]
        if s.text.lstrip().startswith(("“", '"')):
            score -= 0.3
        scored.append((score, order, f, s.text))
    scored.sort(key=lambda t: (-t[0], t[1]))
    out: list[Figure] = []
    seen: set[tuple[float, str | None]] = set()
    for _, _, f, ev in scored:
        key = (f.value, f.unit)
        if key in seen:
            continue
        seen.add(key)
        about = f.about or _figures.about(ev, f.start, f.start + len(f.text))
        out.append(Figure(text=f.text, value=f.value, unit=f.unit, about=about, evidence=ev))
        if len(out) >= MAX_FIGURES:
            break
    return out


def condense(article: Article, *, now: datetime | None = None) -> Condensed:
    """Typed bullets of one article, most important first (about three per category)."""
    body = article.text or ""
    title = article.title or ""
    ref_dt = article.published or now
    ref = ref_dt.date() if ref_dt else None
    sentences = split(body)

    claims = _positions.claims(sentences)
    ranked = _positions.rank(claims, sentences, title, body, MAX_POSITIONS)
    positions = tuple(
        Position(who=r.who, stance=r.stance, evidence=r.evidence) for r in ranked[:MAX_POSITIONS]
    )

    figures = tuple(_rank_figures(_figures.extract(sentences, title), title))

    found = _events.extract(sentences, title, ref)
    events = tuple(
        Event(what=f.what, when=f.when, date=f.day, evidence=f.sentence.text)
        for f in _events.rank(found, MAX_EVENTS)
    )
    return Condensed(article_id=article.id, positions=positions, figures=figures, events=events)
