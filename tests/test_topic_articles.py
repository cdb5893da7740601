"""pipeline.topic_articles: the same articles as filtering every row of the window, whether
verdicts are remembered or not, and never a verdict from another store."""

from __future__ import annotations

import random
from datetime import timedelta
from pathlib import Path

from briefings.compose import matches
from briefings.models import Topic
from briefings.pipeline import topic_articles
from briefings.store import Store
from tests.conftest import entry, feed_result

WORDS = ["NATO", "Ukraine", "oil", "OPEC", "rates", "Kyiv", "election", "storm"]
TOPICS = [Topic("a", "A", any=("NATO", "Kyiv")), Topic("b", "B", any=("oil",), none=("OPEC",)),
          Topic("c", "C", any=("Ukrain",), all=("NATO",)), Topic("d", "D", any=("storm",))]


def fill(store: Store, rng: random.Random, now, n: int = 300, text_seed: str = "") -> None:
    for batch in range(3):
        entries = [entry(f"u{batch}-{i}", f"title {i} {rng.choice(WORDS)}",
                         " ".join(rng.choice(WORDS + ["and", "the", "said"]) for _ in range(12))
                         + text_seed) for i in range(n // 3)]
        store.record_poll(feed_result("https://feed.example/rss", entries),
                          now=now - timedelta(hours=10 * batch))


def test_same_as_filtering_the_whole_window(tmp_path: Path, fixed_now) -> None:
    rng = random.Random(3)
    with Store(tmp_path / "s.sqlite3") as store:
        fill(store, rng, fixed_now)
        for since_h in (5, 15, 40):
            since, until = fixed_now - timedelta(hours=since_h), fixed_now + timedelta(seconds=1)
            window = store.articles_seen(since, until)
            for _ in range(2):  # cold, then from remembered verdicts
                for topic in TOPICS:
                    got = topic_articles(store, topic, since, until)
                    assert got == [a for a in window if matches(topic, a)]
                    assert all(a.source and a.feed_url for a in got)  # whole rows


def test_verdicts_are_per_store(tmp_path: Path, fixed_now) -> None:
    # Two stores with the same feed and uids (so the same article ids), other texts.
    with Store(tmp_path / "one.sqlite3") as one, Store(tmp_path / "two.sqlite3") as two:
        one.record_poll(feed_result("f", [entry("1", "NATO summit", "NATO allies meet")]),
                        now=fixed_now)
        two.record_poll(feed_result("f", [entry("1", "Storm warning", "A storm nears")]),
                        now=fixed_now)
        window = (fixed_now - timedelta(hours=1), fixed_now + timedelta(seconds=1))
        assert [a.title for a in topic_articles(one, TOPICS[0], *window)] == ["NATO summit"]
        assert topic_articles(two, TOPICS[0], *window) == []
        assert [a.title for a in topic_articles(two, TOPICS[3], *window)] == ["Storm warning"]
