"""Topic + time window -> Briefing. Pure: articles and their condensed bullets come in,
``since``/``until`` are arguments, nothing reads a clock or the store."""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence
from datetime import datetime
from functools import lru_cache

from briefings.models import (
    Article,
    Briefing,
    Bullet,
    BulletKind,
    Condensed,
    Event,
    Figure,
    Position,
    Source,
    Story,
    Topic,
)

Clusterer = Callable[[Sequence[Article]], list[list[str]]]


@lru_cache(maxsize=1024)
def _keyword(word: str) -> re.Pattern[str]:
    # Whole word at the start ("NATO" must not match "senator"); open at the end so that a
    # stem like "Ukrain" matches "Ukraine" and "Ukrainian".
    return re.compile(r"(?<!\w)" + re.escape(word.strip()), re.IGNORECASE)


# Characters that re.IGNORECASE folds to an ASCII letter but str.lower() does not.
_ODD_FOLDS = re.compile("[\u017f\u0131\u0130\u212a\u212b]")


def matches(topic: Topic, article: Article) -> bool:
    """The topic's keyword filter, case-insensitive, on title + text."""
    hay = f"{article.title}\n{article.text}"
    low = hay.lower()
    odd = _ODD_FOLDS.search(hay) is not None

    def found(word: str) -> bool:
        # A substring test rejects most articles at C speed; the regex (slow: a lookbehind
        # tried at every position) then only confirms the word start.
        w = word.strip()
        if w.isascii() and not odd and w.lower() not in low:
            return False
        return _keyword(w).search(hay) is not None

    if topic.any and not any(found(w) for w in topic.any):
        return False
    if topic.all and not all(found(w) for w in topic.all):
        return False
    return not any(found(w) for w in topic.none)


def source_of(article: Article) -> Source:
    return Source(article_id=article.id, outlet=article.source or _host(article.url) or "unknown",
                  title=article.title, url=article.url, published=article.published)


def _host(url: str | None) -> str | None:
    m = re.match(r"^https?://(?:www\.)?([^/:]+)", url or "")
    return m.group(1) if m else None


def format_event_when(event: Event) -> str:
    if event.date is not None:
        return f"{event.date:%a} {event.date.day} {event.date:%b}"
    return event.when or "Upcoming"


def bullet_text(item: Position | Figure | Event) -> str:
    if isinstance(item, Position):
        return f"{item.who}: {item.stance}"
    if isinstance(item, Figure):
        return f"{item.text}: {item.about}" if item.about else item.text
    return f"{format_event_when(item)}: {item.what}"


_STOP = {"the", "a", "an", "of", "to", "in", "on", "and", "for", "with", "that", "is", "be",
         "will", "would", "it", "its", "at", "by", "as", "from", "this", "has", "have", "was"}


def _words(text: str) -> set[str]:
    return {w[:5] for w in re.findall(r"[a-z0-9]+", text.lower()) if w not in _STOP}


def _similar(a: str, b: str, threshold: float = 0.5) -> bool:
    wa, wb = _words(a), _words(b)
    if not wa or not wb:
        return False
    return len(wa & wb) / min(len(wa), len(wb)) >= threshold


def _surname(who: str) -> str:
    parts = who.split()
    return parts[-1].lower() if parts else ""


def _same(kind: BulletKind, a: Position | Figure | Event, b: Position | Figure | Event) -> bool:
    if isinstance(a, Position) and isinstance(b, Position):
        return _surname(a.who) == _surname(b.who) and _similar(a.stance, b.stance, 0.4)
    if isinstance(a, Figure) and isinstance(b, Figure):
        if a.unit != b.unit:
            return False
        return abs(a.value - b.value) <= 0.005 * max(abs(a.value), abs(b.value), 1e-9)
    if isinstance(a, Event) and isinstance(b, Event):
        if a.date and b.date and a.date != b.date:
            return False
        return _similar(a.what, b.what, 0.4)
    return False


def merge_bullets(kind: BulletKind, per_article: Sequence[tuple[Source, Sequence[Position | Figure | Event]]],
                  limit: int) -> tuple[Bullet, ...]:
    """Merge the same statement from several outlets into one bullet listing its sources.

    Ranking: statements carried by more outlets first, then by their best rank within an
    article (each article's list is already ranked by the engine).
    """
    groups: list[dict] = []
    for source, items in per_article:
        for rank, item in enumerate(items):
            for g in groups:
                if _same(kind, g["item"], item):
                    if source.article_id not in {s.article_id for s in g["sources"]}:
                        g["sources"].append(source)
                    g["rank"] = min(g["rank"], rank)
                    # Keep the fuller wording of a name ("Volodymyr Zelenskyy" over "Zelenskyy").
                    if isinstance(item, Position) and len(item.who) > len(g["item"].who):
                        g["item"] = Position(item.who, g["item"].stance, g["item"].evidence)
                    break
            else:
                groups.append({"item": item, "sources": [source], "rank": rank,
                               "order": len(groups)})
    groups.sort(key=lambda g: (-len(g["sources"]), g["rank"], g["order"]))
    return tuple(
        Bullet(kind=kind, text=bullet_text(g["item"]), sources=tuple(g["sources"]),
               evidence=g["item"].evidence, item=g["item"])
        for g in groups[:limit])


def compose(topic: Topic, articles: Sequence[Article], condensed: Mapping[str, Condensed], *,
            since: datetime, until: datetime, cluster: Clusterer | None = None,
            per_category: int = 3, max_stories: int = 5) -> Briefing:
    """The briefing of ``topic`` over the given articles (already limited to the window).

    Articles are grouped into stories (``cluster``), each story's bullets merged across
    outlets; the most-covered stories come first.
    """
    if cluster is None:
        from briefings.stories import cluster as default_cluster
        cluster = default_cluster
    relevant = [a for a in articles if matches(topic, a)]
    by_id = {a.id: a for a in relevant}
    groups = cluster(relevant) if relevant else []
    stories: list[Story] = []
    for ids in groups:
        members = [by_id[i] for i in ids if i in by_id]
        if not members:
            continue
        members.sort(key=lambda a: (a.published or since, a.id))
        sources = tuple(source_of(a) for a in members)
        found = [(source_of(a), condensed.get(a.id) or Condensed(a.id)) for a in members]
        stories.append(Story(
            title=members[0].title,
            sources=sources,
            positions=merge_bullets("position", [(s, c.positions) for s, c in found], per_category),
            figures=merge_bullets("figure", [(s, c.figures) for s, c in found], per_category),
            events=merge_bullets("event", [(s, c.events) for s, c in found], per_category),
        ))
    stories = [s for s in stories if s.positions or s.figures or s.events] or stories
    latest = {id(s): max((x.published or since) for x in s.sources) for s in stories}
    stories.sort(key=lambda s: (-len(s.outlets), -len(s.sources), -latest[id(s)].timestamp()))
    return Briefing(topic=topic, since=since, until=until, stories=tuple(stories[:max_stories]))
