"""Topic + time window -> Briefing. Pure: articles and their condensed bullets come in,
``since``/``until`` are arguments, nothing reads a clock or the store."""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Mapping, Sequence
from datetime import datetime
from functools import lru_cache
from typing import cast

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


# A word as matched: its regex, and its ASCII-lower-cased UTF-8 for the pre-test (None when
# the pre-test cannot decide: a non-ASCII word, or one with a newline, which could span
# title and text).
_Word = tuple[re.Pattern[str], bytes | None]


@lru_cache(maxsize=256)
def _plan(topic: Topic) -> tuple[tuple[_Word, ...], tuple[_Word, ...], tuple[_Word, ...]]:
    def words(ws: tuple[str, ...]) -> tuple[_Word, ...]:
        return tuple((_keyword(w), w.strip().lower().encode()
                      if w.strip().isascii() and "\n" not in w.strip() else None) for w in ws)

    return words(topic.any), words(topic.all), words(topic.none)


def _ascii_lowered(text: str) -> bytes | None:
    """UTF-8 with the ASCII letters lower-cased (bytes.lower: C speed, unlike str.lower on
    non-ASCII text); None when the text may hold a character that re.IGNORECASE folds onto
    an ASCII letter: ſ ı İ K (UTF-8 c5 bf, c4 b1, c4 b0, e2 84 aa), tested by lead bytes."""
    raw = text.encode("utf-8", "surrogatepass")
    if not raw.isascii() and (b"\xc4" in raw or b"\xc5\xbf" in raw or b"\xe2\x84" in raw):
        return None
    return raw.lower()


def matches(topic: Topic, article: Article) -> bool:
    """The topic's keyword filter, case-insensitive, on title + text. (Stored articles'
    verdicts are remembered by ``pipeline.topic_articles``.)"""
    any_, all_, none = _plan(topic)
    title: bytes | None = None
    text: bytes | None = None
    exact = True  # whether the pre-test decides a miss
    hay: str | None = None

    def found(word: _Word) -> bool:
        # A substring test rejects most articles at C speed; the regex (slow: a lookbehind
        # tried at every position) then only confirms the word start.
        nonlocal title, text, exact, hay
        pattern, key = word
        if key is not None and exact:
            if title is None or text is None:
                title, text = _ascii_lowered(article.title), _ascii_lowered(article.text)
                exact = title is not None and text is not None
            if exact and key not in title and key not in text:  # type: ignore[operator]
                return False
        if hay is None:
            hay = f"{article.title}\n{article.text}"
        return pattern.search(hay) is not None

    if any_ and not any(found(w) for w in any_):
        return False
    if all_ and not all(found(w) for w in all_):
        return False
    return not any(found(w) for w in none)


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


_CLAUSE_BREAK = re.compile(r"[;:]\s|,\s|\s[-–—]\s|[“”\"(]")
FIGURE_WORDS = 18  # the most words a figure's line shows of its clause
# Words that join a clause to the one before; a line does not start with them.
_LEADING_GLUE = frozenset({"and", "but", "or", "which", "who", "that", "while", "whereas",
                           "so", "particularly", "especially"})


def figure_line(figure: Figure) -> str:
    """The figure in the words around it: its clause of the evidence sentence, cut to
    about FIGURE_WORDS words (a few before it, the rest after), "…" where cut.

    Verbatim but for white space, so it says nothing the article does not; it reads
    better than the engine's short ``about`` ("$75 a barrel: Brent crude fell below").
    """
    ev = figure.evidence
    at = ev.find(figure.text)
    if at < 0:
        return f"{figure.text}: {figure.about}" if figure.about else figure.text
    start = max((m.end() for m in _CLAUSE_BREAK.finditer(ev, 0, at)), default=0)
    stop = _CLAUSE_BREAK.search(ev, at + len(figure.text))
    before = ev[start:at].split()
    while before and before[0].lower() in _LEADING_GLUE:
        before = before[1:]
    after = ev[at + len(figure.text):stop.start() if stop else len(ev)].split()
    keep_before = before[-8:]
    room = max(3, FIGURE_WORDS - len(keep_before) - len(figure.text.split()))
    keep_after = after[:room]
    line = " ".join([*keep_before, figure.text, *keep_after]).rstrip(".,;: ")
    return (("…" if len(keep_before) < len(before) else "") + line
            + ("…" if len(keep_after) < len(after) else ""))


def bullet_text(item: Position | Figure | Event) -> str:
    if isinstance(item, Position):
        return f"{item.who}: {item.stance}"
    if isinstance(item, Figure):
        return figure_line(item)
    return f"{format_event_when(item)}: {item.what}"


_STOP = {"the", "a", "an", "of", "to", "in", "on", "and", "for", "with", "that", "is", "be",
         "will", "would", "it", "its", "at", "by", "as", "from", "this", "has", "have", "was"}


_TOKEN = re.compile(r"[a-z0-9]+")


def _words(text: str) -> frozenset[str]:
    return frozenset([w[:5] for w in _TOKEN.findall(text.lower()) if w not in _STOP])


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


Key = tuple[object, ...]


def _keys(item: Position | Figure | Event) -> tuple[list[Key], list[Key], frozenset[str] | None]:
    """(keys to look up, keys to file a new group under, the words ``_similar`` compares):
    every group ``_same`` could merge ``item`` into is filed under a key it looks up.

    Positions: the surname, which ``_same`` requires equal. Events: each content word, as
    ``_similar`` at 0.4 needs one in common. Figures: the unit, the sign and log2|value| in
    steps of 1/64 — 0.5 % apart is < 0.0073 in log2, so a match is in the same or the next
    step — except below 1e-9 (the tolerance's floor) and infinite values.
    """
    if isinstance(item, Position):
        who: list[Key] = [("who", _surname(item.who))]
        return who, who, _words(item.stance)
    if isinstance(item, Event):
        words = _words(item.what)
        keys: list[Key] = [("word", w) for w in words]
        return keys, keys, words
    unit, v = item.unit, item.value
    if math.isnan(v):
        return [], [], None  # equal to nothing, itself included
    if math.isinf(v):
        return [("unit", unit)], [("unit", unit), ("inf", unit)], None
    look: list[Key] = [("inf", unit)]
    file: list[Key] = [("unit", unit)]
    if v != 0:
        step = math.floor(math.log2(abs(v)) * 64)
        sign = v > 0
        look += [("fig", unit, sign, step + d) for d in (-1, 0, 1)]
        file.append(("fig", unit, sign, step))
    if abs(v) < 1e-9:
        look.append(("tiny", unit))
        file.append(("tiny", unit))
    return look, file, None


def _same_words(group: dict, item: Position | Figure | Event, words: frozenset[str] | None) -> bool:
    """``_same(group's item, item)`` for a group filed under one of the item's keys, with the
    words of both computed once (the surnames are equal: they are the key)."""
    if words is None:  # figures: ``_same`` without its type tests
        a, b = group["item"], cast(Figure, item)
        return a.unit == b.unit and \
            abs(a.value - b.value) <= 0.005 * max(abs(a.value), abs(b.value), 1e-9)
    if isinstance(item, Event) and item.date and group["item"].date \
            and item.date != group["item"].date:
        return False
    mine = group["words"]
    return bool(mine and words) and len(mine & words) / min(len(mine), len(words)) >= 0.4


def merge_bullets(kind: BulletKind, per_article: Sequence[tuple[Source, Sequence[Position | Figure | Event]]],
                  limit: int) -> tuple[Bullet, ...]:
    """Merge the same statement from several outlets into one bullet listing its sources.

    Each statement joins the first (oldest) group it is the same as; only the groups filed
    under its keys (see ``_keys``) are compared, so this is near-linear, not quadratic.
    Ranking: statements carried by more outlets first, then by their best rank within an
    article (each article's list is already ranked by the engine).
    """
    groups: list[dict] = []
    filed: dict[Key, list[int]] = {}
    for source, items in per_article:
        for rank, item in enumerate(items):
            look, file, words = _keys(item)
            found = [f for f in map(filed.get, look) if f]
            near = found[0] if len(found) == 1 else sorted({i for f in found for i in f})
            for g in (groups[i] for i in near):
                if _same_words(g, item, words):
                    if source.article_id not in g["ids"]:
                        g["ids"].add(source.article_id)
                        g["sources"].append(source)
                    g["rank"] = min(g["rank"], rank)
                    # Keep the fuller wording of a name ("Volodymyr Zelenskyy" over "Zelenskyy").
                    if isinstance(item, Position) and len(item.who) > len(g["item"].who):
                        g["item"] = Position(item.who, g["item"].stance, g["item"].evidence)
                    break
            else:
                for k in file:
                    filed.setdefault(k, []).append(len(groups))
                groups.append({"item": item, "words": words, "sources": [source],
                               "ids": {source.article_id}, "rank": rank, "order": len(groups)})
    groups.sort(key=lambda g: (-len(g["sources"]), g["rank"], g["order"]))
    return tuple(
        Bullet(kind=kind, text=bullet_text(g["item"]), sources=tuple(g["sources"]),
               evidence=g["item"].evidence, item=g["item"])
        for g in groups[:limit])


def compose(topic: Topic, articles: Sequence[Article], condensed: Mapping[str, Condensed], *,
            since: datetime, until: datetime, cluster: Clusterer | None = None,
            per_category: int = 3, max_stories: int = 5) -> Briefing:
    """The briefing of ``topic`` over its articles of the window (as
    ``pipeline.topic_articles`` selects them: already filtered by ``matches``).

    Articles are grouped into stories (``cluster``), each story's bullets merged across
    outlets; the most-covered stories come first.
    """
    if cluster is None:
        from briefings.stories import cluster as default_cluster
        cluster = default_cluster
    relevant = list(articles)
    by_id = {a.id: a for a in relevant}
    groups = cluster(relevant) if relevant else []
    stories: list[Story] = []
    for ids in groups:
        members = [by_id[i] for i in ids if i in by_id]
        if not members:
            continue
        members.sort(key=lambda a: (a.published or since, a.id))
        sources = tuple(source_of(a) for a in members)
        found = [(s, condensed.get(a.id) or Condensed(a.id))
                 for s, a in zip(sources, members, strict=True)]
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
