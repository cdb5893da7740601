"""Benchmark: the condense engine against sumy's LexRank on the same generated articles.

    .venv/bin/python bench/condense.py [--articles 1000] [--lexrank 200] [--seed 7]

Generates news-like articles of 300-800 words from templates (names, reporting verbs,
figures, dates), condenses each on one core, runs LexRank (3 sentences) on a sample of the
same articles, and prints articles per second for both and the ratio.
"""

from __future__ import annotations

import argparse
import random
import re
import sys
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from briefings.condense import condense  # noqa: E402
from briefings.models import Article  # noqa: E402

FIRST = ["Marta", "Jonas", "Elena", "Priya", "Tomas", "Nadia", "Oskar", "Ilona", "Karin", "Arvo", "Lena", "Petra"]
LAST = ["Ilves", "Petrak", "Sauk", "Nandan", "Reyes", "Holm", "Lund", "Varga", "Solberg", "Tamm", "Brandt", "Quist"]
TITLES = ["Finance Minister", "Transport Minister", "union leader", "chief executive", "Mayor", "Senator"]
ORGS = ["the Harbour Workers Union", "the Port Authority", "the Energy Ministry", "Kestrel Energy",
        "the Central Bank", "the Transport Ministry", "the City Council", "the Farmers' Association"]
PLACES = ["Varnholm", "Sorrel Valley", "Eastport", "Lindmark", "Kesta", "Ravensholm"]
TOPICS = ["pay deal", "rail tender", "budget plan", "water reform", "grain quota", "port expansion", "rate decision"]
VERBS = ["said", "warned", "insisted", "argued", "told reporters", "added", "stressed"]
DAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday"]
MONTHS = ["January", "February", "March", "April", "May", "June", "July", "September", "October"]

SENTENCES = [
    "{person}, {title} of {place}, {verb} that the {topic} would {outcome}.",
    '"We cannot accept a {topic} that ignores {place}," {person} {verb}.',
    "{org} {verb} on {day} that it would {outcome} unless talks resumed.",
    "The {topic} is worth {money}, according to {org}.",
    "Prices rose {pct} in {month}, the fastest pace in {years} years.",
    "About {count} workers in {place} are expected to join the protest.",
    "{person} will meet officials from {org} on {day} to discuss the {topic}.",
    "The council will vote on the {topic} on {month} {dom}, officials said.",
    "She said the plan would cut costs by {bp} basis points over {years} years.",
    "According to {person}, the {topic} could cost {money} and affect {count} households.",
    "The ministry held talks with {org} last week, but no agreement was reached.",
    "Critics argue that the {topic} favours large firms over small farms in {place}.",
    "The project began in {year} and has employed {count} people so far.",
    "{org} is expected to publish its decision later this month.",
    "Turnout fell to {pct} from {pct2} a year earlier, data from {org} showed.",
    "Analysts expect the {topic} to pass by a narrow margin next week.",
]
OUTCOMES = ["collapse", "pass before the summer", "cost jobs", "be delayed", "raise prices", "be reviewed"]


def _article(rng: random.Random, i: int, start: datetime) -> Article:
    words = rng.randint(300, 800)
    parts: list[str] = []
    n = 0
    while n < words:
        t = rng.choice(SENTENCES)
        s = t.format(
            person=f"{rng.choice(FIRST)} {rng.choice(LAST)}", title=rng.choice(TITLES), place=rng.choice(PLACES),
            verb=rng.choice(VERBS), topic=rng.choice(TOPICS), outcome=rng.choice(OUTCOMES), org=rng.choice(ORGS),
            day=rng.choice(DAYS), money=f"${rng.randint(2, 900)} {rng.choice(['million', 'billion'])}",
            pct=f"{rng.randint(1, 40)}.{rng.randint(0, 9)}%", pct2=f"{rng.randint(1, 40)}%",
            month=rng.choice(MONTHS), years=rng.randint(2, 30), count=f"{rng.randint(1, 90)},{rng.randint(100, 999)}",
            dom=rng.randint(1, 28), bp=rng.choice([25, 50, 75]), year=rng.randint(1995, 2020),
        )
        parts.append(s)
        n += len(s.split())
    paras = [" ".join(parts[k : k + 3]) for k in range(0, len(parts), 3)]
    title = f"{rng.choice(PLACES)} {rng.choice(TOPICS)} in doubt as talks stall"
    return Article(id=f"bench-{i}", title=title, text="\n\n".join(paras), published=start + timedelta(hours=i))


class _RegexTokenizer:
    """sumy tokenizer interface without NLTK data files (no download needed)."""

    language = "english"

    def to_sentences(self, paragraph: str) -> list[str]:
        return [s for s in re.split(r"(?<=[.!?])\s+", paragraph) if s]

    def to_words(self, sentence: str) -> list[str]:
        return re.findall(r"[A-Za-z0-9']+", sentence)


def _lexrank(articles: list[Article]) -> float:
    from sumy.models.dom import ObjectDocumentModel, Paragraph, Sentence
    from sumy.nlp.stemmers import Stemmer
    from sumy.summarizers.lex_rank import LexRankSummarizer
    from sumy.utils import get_stop_words

    tok = _RegexTokenizer()
    summarizer = LexRankSummarizer(Stemmer("english"))
    summarizer.stop_words = get_stop_words("english")
    t0 = time.perf_counter()
    for a in articles:
        paras = [
            Paragraph([Sentence(s, tok) for s in tok.to_sentences(p)]) for p in a.text.split("\n\n") if p.strip()
        ]
        summarizer(ObjectDocumentModel(paras), 3)
    return time.perf_counter() - t0


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--articles", type=int, default=1000)
    ap.add_argument("--lexrank", type=int, default=200, help="how many of the articles LexRank summarises")
    ap.add_argument("--seed", type=int, default=7)
    args = ap.parse_args()

    rng = random.Random(args.seed)
    start = datetime(2026, 3, 2, 8, tzinfo=UTC)
    articles = [_article(rng, i, start) for i in range(args.articles)]
    words = sum(len(a.text.split()) for a in articles)

    t0 = time.perf_counter()
    bullets = 0
    for a in articles:
        c = condense(a)
        bullets += len(c.positions) + len(c.figures) + len(c.events)
    ours = time.perf_counter() - t0
    ours_rate = len(articles) / ours

    sample = articles[: args.lexrank]
    lex = _lexrank(sample)
    lex_rate = len(sample) / lex

    print(f"articles: {len(articles)} generated, {words / len(articles):.0f} words on average")
    print(f"condense: {ours_rate:8.1f} articles/s  ({ours:.2f} s, {bullets / len(articles):.1f} bullets/article)")
    print(f"LexRank:  {lex_rate:8.1f} articles/s  ({lex:.2f} s over {len(sample)} of the same articles)")
    print(f"ratio:    {ours_rate / lex_rate:8.1f}x")
    return 0


if __name__ == "__main__":
    sys.exit(main())
