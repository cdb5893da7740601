"""Story clustering: same story across outlets together, other stories apart."""

from __future__ import annotations

from datetime import timedelta

from briefings.inputs import load_article
from briefings.models import Article
from briefings.stories import cluster
from tests.conftest import ARTICLE_FIXTURES

FIXTURES = ARTICLE_FIXTURES
_load = load_article


def test_fixture_stories() -> None:
    arts = [_load(p) for p in sorted(FIXTURES.glob("*.json"))]
    groups = cluster(arts)
    assert ["fx-port-strike-01", "fx-port-strike-02"] in groups
    assert ["fx-solar-tender-01"] in groups


def test_deterministic_and_order_independent() -> None:
    arts = [_load(p) for p in sorted(FIXTURES.glob("*.json"))]
    a = cluster(arts)
    b = cluster(list(reversed(arts)))
    assert sorted(map(sorted, a)) == sorted(map(sorted, b))
    assert cluster(arts) == a


def test_same_words_far_apart_in_time_are_two_stories() -> None:
    arts = [_load(p) for p in sorted(FIXTURES.glob("fx-port-strike-*.json"))]
    later = Article(
        id="late",
        title=arts[0].title,
        text=arts[0].text,
        published=arts[0].published + timedelta(days=400),
    )  # type: ignore[operator]
    groups = cluster([arts[0], later])
    assert len(groups) == 2


def test_empty() -> None:
    assert cluster([]) == []
