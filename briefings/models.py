"""Immutable values passed between the stages: feed -> store -> condense -> compose -> post."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from datetime import date, datetime
from typing import Any, Literal


@dataclass(frozen=True)
class Article:
    """One news article, as stored or as read from a file."""

    id: str
    title: str
    text: str
    url: str | None = None
    source: str | None = None  # the outlet's name ("Reuters", a feed title)
    published: datetime | None = None  # timezone-aware (UTC) when known
    feed_url: str | None = None


@dataclass(frozen=True)
class Position:
    """Who holds which stance."""

    who: str
    stance: str
    evidence: str  # the source sentence, verbatim


@dataclass(frozen=True)
class Figure:
    """A number that matters. ``text`` stands verbatim in the article."""

    text: str
    value: float
    unit: str | None
    about: str
    evidence: str


@dataclass(frozen=True)
class Event:
    """Something that happens after the article's publication."""

    what: str
    when: str | None  # as written ("on Friday"), or None when undated
    date: date | None  # resolved against the publication date where possible
    evidence: str


@dataclass(frozen=True)
class Condensed:
    """The typed bullets of one article."""

    article_id: str
    positions: tuple[Position, ...] = ()
    figures: tuple[Figure, ...] = ()
    events: tuple[Event, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        """The JSON shape of ``briefbot condense --format json``."""
        return {
            "id": self.article_id,
            "positions": [asdict(p) for p in self.positions],
            "figures": [asdict(f) for f in self.figures],
            "events": [
                {**asdict(e), "date": e.date.isoformat() if e.date else None} for e in self.events
            ],
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Condensed:
        return cls(
            article_id=str(data["id"]),
            positions=tuple(Position(**p) for p in data.get("positions", [])),
            figures=tuple(Figure(**f) for f in data.get("figures", [])),
            events=tuple(
                Event(
                    what=e["what"],
                    when=e.get("when"),
                    date=date.fromisoformat(e["date"]) if e.get("date") else None,
                    evidence=e.get("evidence", ""),
                )
                for e in data.get("events", [])
            ),
        )


@dataclass(frozen=True)
class Topic:
    """A named keyword filter. Matching is case-insensitive on title + text."""

    slug: str
    title: str
    any: tuple[str, ...] = ()
    all: tuple[str, ...] = ()
    none: tuple[str, ...] = ()


@dataclass(frozen=True)
class Source:
    """Where a bullet or story comes from."""

    article_id: str
    outlet: str
    title: str
    url: str | None = None
    published: datetime | None = None


BulletKind = Literal["position", "figure", "event"]


@dataclass(frozen=True)
class Bullet:
    """One line of a briefing, merged across the outlets that state it."""

    kind: BulletKind
    text: str  # the rendered line, platform-neutral plain text
    sources: tuple[Source, ...]
    evidence: str
    item: Position | Figure | Event

    @property
    def source_label(self) -> str:
        """'(Reuters)', '(Reuters, AP)', '(Reuters, AP, +2)'."""
        outlets = list(dict.fromkeys(s.outlet for s in self.sources))
        shown = outlets[:2]
        more = len(outlets) - len(shown)
        return "(" + ", ".join(shown) + (f", +{more}" if more else "") + ")"


@dataclass(frozen=True)
class Story:
    """Articles about the same news, with their bullets merged."""

    title: str
    sources: tuple[Source, ...]
    positions: tuple[Bullet, ...] = ()
    figures: tuple[Bullet, ...] = ()
    events: tuple[Bullet, ...] = ()

    @property
    def outlets(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(s.outlet for s in self.sources))


@dataclass(frozen=True)
class Briefing:
    """A topic over a time window, ready to be rendered by any platform."""

    topic: Topic
    since: datetime
    until: datetime
    stories: tuple[Story, ...] = field(default_factory=tuple)
    notices: tuple[str, ...] = ()  # operator notes, e.g. "feed X failing since …: reason"

    @property
    def empty(self) -> bool:
        return not self.stories

    @property
    def sources(self) -> tuple[Source, ...]:
        seen: dict[str, Source] = {}
        for story in self.stories:
            for s in story.sources:
                seen.setdefault(s.article_id, s)
        return tuple(seen.values())

    @property
    def empty_message(self) -> str:
        return f"Nothing new on {self.topic.title} since {self.since:%a %d %b %Y %H:%M} UTC."
