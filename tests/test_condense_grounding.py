"""Every bullet of every article we have is traceable to the article (issue 3, item 4)."""

from __future__ import annotations

from pathlib import Path

import pytest

from briefings.condense import condense, extract
from briefings.condense.grounding import violations
from briefings.inputs import load_article
from briefings.models import Article, Condensed, Figure, Position
from tests.conftest import ARTICLE_FIXTURES, REPO, SHARED

# The extractors' own output is checked (``extract``), not ``condense``'s: condense drops
# an ungrounded bullet, so checking its output would prove nothing about the extractors.


def _check(paths: list[Path]) -> None:
    problems: list[str] = []
    for path in paths:
        article = load_article(path)
        problems += [f"{article.id}: {v}" for v in violations(article, extract(article))]
    assert problems == []


def test_fixture_articles_are_grounded() -> None:
    paths = sorted(ARTICLE_FIXTURES.glob("*.json"))
    assert paths
    _check(paths)


@pytest.mark.parametrize("folder", ["holdout", "holdout2", "holdout3"])
def test_held_out_articles_are_grounded(folder: str) -> None:
    paths = sorted((REPO / "tests" / "fixtures" / folder).glob("*.json"))
    assert paths
    _check(paths)


def test_bundled_sample_articles_are_grounded() -> None:
    paths = sorted((REPO / "config" / "samples" / "src").glob("*.txt"))
    assert paths
    _check(paths)


def test_condense_output_is_the_grounded_extract() -> None:
    article = load_article(sorted(ARTICLE_FIXTURES.glob("*.json"))[0])
    assert condense(article) == extract(article)  # nothing was dropped, nothing added


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


def test_feed_corpus_entries_are_grounded() -> None:
    """Real feed items (short, odd text) as articles: nothing ungrounded, no crash."""
    feeds = SHARED / "feeds"
    if not feeds.is_dir():
        pytest.skip("../shared/feeds is not present")
    from briefings.feeds import parse_bytes
    problems: list[str] = []
    for path in sorted(feeds.iterdir()):
        for e in parse_bytes(path.read_bytes(), url=str(path)).entries:
            article = Article(id=e.uid, title=e.title, text=e.text, published=e.published)
            problems += [f"{path.name} {e.uid}: {v}"
                         for v in violations(article, extract(article))]
    assert problems == []


def test_grounded_drops_only_what_fails() -> None:
    from briefings.condense.grounding import grounded
    article = Article(id="x", title="T", text="The council approved $5 million. Ann Lee said no.")
    good = Position("Ann Lee", "no", "Ann Lee said no.")
    bad = Position("America first president", "no", "Ann Lee said no.")
    fig = Figure("$5 million", 5e6, "USD", "approved", "The council approved $5 million.")
    out = grounded(article, Condensed("x", positions=(bad, good), figures=(fig,)))
    assert out.positions == (good,) and out.figures == (fig,)
