"""Topic matching and bullet merging against straightforward references, on random inputs.

The references are the plain versions: ``matches`` lower-cases the whole text and tries the
regex; ``merge_bullets`` compares each statement with every group so far. The production
code pre-tests on ASCII-lowered bytes and compares only groups filed under shared keys.
"""

from __future__ import annotations

import math
import random
import re
from datetime import UTC, date, datetime

import pytest

from briefings import compose
from briefings.models import Article, Event, Figure, Position, Source, Topic


def reference_matches(topic: Topic, article: Article) -> bool:
    hay = f"{article.title}\n{article.text}"

    def found(word: str) -> bool:
        return re.search(r"(?<!\w)" + re.escape(word.strip()), hay, re.IGNORECASE) is not None

    if topic.any and not any(found(w) for w in topic.any):
        return False
    if topic.all and not all(found(w) for w in topic.all):
        return False
    return not any(found(w) for w in topic.none)


def reference_merge(kind, per_article, limit):  # type: ignore[no-untyped-def]
    groups: list[dict] = []
    for source, items in per_article:
        for rank, item in enumerate(items):
            for g in groups:
                if compose._same(kind, g["item"], item):
                    if source.article_id not in {s.article_id for s in g["sources"]}:
                        g["sources"].append(source)
                    g["rank"] = min(g["rank"], rank)
                    if isinstance(item, Position) and len(item.who) > len(g["item"].who):
                        g["item"] = Position(item.who, g["item"].stance, g["item"].evidence)
                    break
            else:
                groups.append({"item": item, "sources": [source], "rank": rank,
                               "order": len(groups)})
    groups.sort(key=lambda g: (-len(g["sources"]), g["rank"], g["order"]))
    return tuple((compose.bullet_text(g["item"]), tuple(g["sources"]), g["item"])
                 for g in groups[:limit])


# Pieces that stress the pre-test: case, word starts, curly quotes, the characters
# re.IGNORECASE folds onto ASCII letters (ſ ı İ K), a newline between title and text.
PIECES = ["NATO", "nato", "senator", "Ukraine", "UKRAINIAN", "ukrain", "“Ukraine”", "Kyiv",
          "ſenate", "\u212aiev", "İstanbul", "ıstanbul", "Ostrich", "rail strike", "Rail  strike",
          "rail\nstrike", "rail", "strike", "café", "CAFÉ", "Zürich", "-NATO", "_nato", "x\ud800y", "", " "]
WORDS = ["NATO", "Ukrain", "rail strike", "senate", "kiev", "istanbul", "café", "Zürich",
         "strike", "rail\nstrike", " nato ", "", "k", "s"]


def test_matches_as_the_reference() -> None:
    rng = random.Random(3)
    for _ in range(3000):
        title = " ".join(rng.choice(PIECES) for _ in range(rng.randint(0, 3)))
        text = rng.choice([" ", "\n", ". "]).join(rng.choice(PIECES)
                                                   for _ in range(rng.randint(0, 8)))
        topic = Topic(slug="t", title="T", any=tuple(rng.sample(WORDS, rng.randint(0, 2))),
                      all=tuple(rng.sample(WORDS, rng.randint(0, 1))),
                      none=tuple(rng.sample(WORDS, rng.randint(0, 1))))
        article = Article(id="a", title=title, text=text)
        want = reference_matches(topic, article)
        assert compose.matches(topic, article) == want, (topic, title, text)
        assert compose.matches(topic, article) == want  # remembered


SURNAMES = ["Okafor", "Novak", "Rahman", "Keller"]
STANCES = ["rejected the plan", "backed the plan", "rejected the port deal",
           "will not accept the proposal", "welcomed the new funding", "opposed the tariff"]
WHATS = ["a vote on the budget", "talks on the port strike", "a summit on tariffs",
         "the vote on the budget", "a hearing", "", "of the", "budget hearing",
         "strike vote in Caldor", "port talks", "tariff hearing in Caldor", "summit"]


def _figure(rng: random.Random) -> Figure:
    base = rng.choice([0.0, 1e-12, 3e-12, 5e-10, 1e-9, 12.0, 12.05, 12.06, 450.0, -12.0,
                       2.0 ** 0.5, 1e6, math.inf, -math.inf, math.nan])
    value = base * rng.choice([1, 1, 1.001, 0.995, 1.005, 1.0051, 0.99])
    return Figure(text=f"{value}", value=value, unit=rng.choice(["%", "EUR", None]),
                  about="", evidence="")


def _statements(rng: random.Random, kind: str) -> list:
    out = []
    for _ in range(rng.randint(0, 4)):
        if kind == "position":
            first = rng.choice(["", "Ada ", "Ada B. "])
            out.append(Position(who=first + rng.choice(SURNAMES),
                                stance=" and ".join(rng.sample(STANCES, rng.randint(1, 2))),
                                evidence=""))
        elif kind == "figure":
            out.append(_figure(rng))
        else:
            out.append(Event(what=rng.choice(WHATS), when=None, evidence="",
                             date=rng.choice([None, date(2025, 3, 3), date(2025, 3, 4)])))
    return out


@pytest.mark.parametrize("kind", ["position", "figure", "event"])
def test_merge_bullets_as_the_reference(kind: str) -> None:
    rng = random.Random(kind)
    for _ in range(300):
        per_article = []
        for i in range(rng.randint(0, 25)):
            source = Source(article_id=f"a{rng.randint(0, 20)}", outlet=f"o{i % 4}",
                            title="", published=datetime(2025, 3, 1, tzinfo=UTC))
            per_article.append((source, _statements(rng, kind)))
        limit = rng.choice([3, 1000])
        got = compose.merge_bullets(kind, per_article, limit)  # type: ignore[arg-type]
        want = reference_merge(kind, per_article, limit)
        assert [(b.text, b.sources, b.item) for b in got] == list(want)


def test_a_keyword_across_title_and_text() -> None:
    topic = Topic(slug="t", title="T", any=("rail\nstrike",))
    article = Article(id="a", title="Talks on the rail", text="Strike ends")
    assert compose.matches(topic, article) and reference_matches(topic, article)


def test_matches_follow_topic_and_text_under_one_id() -> None:
    nato = Topic(slug="n", title="N", any=("NATO",))
    rail = Topic(slug="r", title="R", any=("rail",))
    a = Article(id="x", title="NATO summit", text="")
    b = Article(id="x", title="Rail strike", text="")
    for _ in range(2):
        assert compose.matches(nato, a) and not compose.matches(rail, a)
        assert compose.matches(rail, b) and not compose.matches(nato, b)


def test_figure_line_is_the_figures_clause_verbatim() -> None:
    from briefings.compose import figure_line
    from briefings.models import Figure

    ev = ("Allies pledged €40 billion in military aid this year, and Rutte said about 60% "
          "of that amount has been delivered so far.")
    first = figure_line(Figure("€40 billion", 4e10, "EUR", "aid", ev))
    second = figure_line(Figure("about 60%", 60, "%", "delivered", ev))
    assert first == "Allies pledged €40 billion in military aid this year"
    assert second == "Rutte said about 60% of that amount has been delivered so far"
    long_ev = ("The cartel is expected to extend its production cuts of 2.2 million barrels per "
               "day into the third quarter when ministers meet online on Sunday in Vienna.")
    line = figure_line(Figure("2.2 million barrels per day", 2.2e6, "bpd", "cuts", long_ev))
    assert line.endswith("…") and "2.2 million barrels per day" in line
    assert " ".join(line.strip("…").split()) in " ".join(long_ev.split())
    # A figure not in its evidence (never from the engine) falls back to text + about.
    assert figure_line(Figure("$5m", 5e6, "USD", "cost", "Nothing here.")) == "$5m: cost"
