"""Offline condense engine: an article -> grounded positions, figures and next events.

Pure and deterministic: no I/O, no clock; the article's publication date (or ``now``)
is the reference for dates. Every bullet carries its source sentence as evidence.
"""

from __future__ import annotations

from datetime import datetime

from ..models import Article, Condensed, Event, Position
from . import actors as _actors
from . import events as _events
from . import figures as _figures
from . import positions as _positions
from .grounding import grounded
from .sentences import split

ENGINE_VERSION = "rules-6"

MAX_POSITIONS = 5
MAX_FIGURES = 6
MAX_EVENTS = 4

__all__ = ["ENGINE_VERSION", "condense", "extract"]


def condense(article: Article, *, now: datetime | None = None) -> Condensed:
    """Typed bullets of one article, most important first (about three per category),
    each one checked against the article (``grounding.grounded``)."""
    return grounded(article, extract(article, now=now))


def extract(article: Article, *, now: datetime | None = None) -> Condensed:
    """The extractors' own bullets, before the grounding check drops any (the grounding
    test holds these to it, so that the check is a guarantee, not a filter)."""
    body = article.text or ""
    title = article.title or ""
    ref_dt = article.published or now
    ref = ref_dt.date() if ref_dt else None
    sentences = split(body)

    claims = _positions.claims(sentences)
    ranked = _actors.rank(claims, sentences, title, body, MAX_POSITIONS)
    positions = tuple(
        Position(who=r.who, stance=r.stance, evidence=r.evidence) for r in ranked[:MAX_POSITIONS]
    )

    figures = tuple(_figures.rank(_figures.extract(sentences, title), title, MAX_FIGURES))

    found = _events.extract(sentences, title, ref)
    events = tuple(
        Event(what=f.what, when=f.when, date=f.day, evidence=f.sentence.text)
        for f in _events.rank(found, MAX_EVENTS)
    )
    return Condensed(article_id=article.id, positions=positions, figures=figures, events=events)
