"""Every bullet of every article we have is traceable to the article (issue 3, item 4)."""

from __future__ import annotations

from pathlib import Path

import pytest

from briefings.condense import condense
from briefings.condense.grounding import violations
from briefings.inputs import load_article
from briefings.models import Article, Condensed, Figure, Position
from tests.conftest import ARTICLE_FIXTURES, SHARED


def _check(paths: list[Path]) -> None:
    problems: list[str] = []
    for path in paths:
        article = load_article(path)
        problems += [f"{article.id}: {v}" for v in violations(article, condense(article))]
    assert problems == []


def test_fixture_articles_are_grounded() -> None:
    paths = sorted(ARTICLE_FIXTURES.glob("*.json"))
    assert paths
    _check(paths)


def test_seed_article_is_grounded() -> None:
    seed = SHARED / "seed" / "zelenskyy-nato.txt"
    if not seed.exists():
        pytest.skip("../shared/seed is not present")
    _check([seed])


def test_dev_articles_are_grounded() -> None:
    dev = SHARED / "eval" / "dev"
    if not dev.is_dir():
        pytest.skip("../shared/eval/dev is not present")
    _check(sorted(dev.glob("*.json")))


def test_violations_catches_invented_numbers_and_quotes() -> None:
    art = Article(id="x", title="T", text="The council approved $5 million for parks.")
    bad = Condensed(
        article_id="x",
        positions=(
            Position(
                who="Council",
                stance='called it "a gift"',
                evidence="The council approved $5 million for parks.",
            ),
        ),
        figures=(
            Figure(
                text="$6 million",
                value=6e6,
                unit="USD",
                about="parks",
                evidence="The council approved $5 million for parks.",
            ),
        ),
    )
    found = violations(art, bad)
    assert any("$6 million" in v for v in found)
    assert any("a gift" in v for v in found)
    assert any("Council" in v for v in found)
