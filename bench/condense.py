"""Benchmark: the condense engine against sumy's LexRank on the same generated articles.

    .venv/bin/python bench/condense.py [--articles 1000] [--lexrank 200] [--repeat 3] [--seed 7]

Generates news-like articles of 300-800 words from templates (names, reporting verbs,
figures, dates), condenses each, runs sumy's LexRank (3 sentences) on a sample of the same
articles, and prints articles per second of CPU time (one core; other load on the machine
does not count) for both and the ratio.
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

FIRST = [
    "Marta",
    "Jonas",
    "Elena",
    "Priya",
    "Tomas",
    "Nadia",
    "Oskar",
    "Ilona",
    "Karin",
    "Arvo",
    "Lena",
    "Petra",
]
LAST = [
    "Ilves",
    "Petrak",
    "Sauk",
    "Nandan",
    "Reyes",
    "Holm",
    "Lund",
    "Varga",
    "Solberg",
    "Tamm",
    "Brandt",
    "Quist",
]
TITLES = [
    "Finance Minister",
    "Transport Minister",
    "union leader",
    "chief executive",
    "Mayor",
    "Senator",
]
ORGS = [
    "the Harbour Workers Union",
    "the Port Authority",
    "the Energy Ministry",
    "Kestrel Energy",
    "the Central Bank",
    "the Transport Ministry",
    "the City Council",
    "the Farmers' Association",
]
PLACES = ["Varnholm", "Sorrel Valley", "Eastport", "Lindmark", "Kesta", "Ravensholm"]
TOPICS = [
    "pay deal",
    "rail tender",
    "budget plan",
    "water reform",
    "grain quota",
    "port expansion",
    "rate decision",
]
VERBS = ["said", "warned", "insisted", "argued", "told reporters", "added", "stressed"]
DAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday"]
MONTHS = ["January", "February", "March", "April", "May", "June", "July", "September", "October"]

# Sentence templates in the proportions of real wire copy (measured on the labelled dev
# articles: about a third of sentences hold a number, half attribute a statement, a third
# look ahead), at its usual length of 20-25 words.
SENTENCES = [
    "{person}, the {title} of {place}, {verb} that the {topic} would {outcome} if the two sides failed to settle their differences.",
    '"We cannot accept a {topic} that ignores the people of {place} and the promises that were made to them," {person} {verb}.',
    "{org} {verb} on {day} that it would {outcome} unless talks resumed, raising the stakes for a government already under pressure.",
    "The {topic} is worth {money} over the next decade, according to estimates published by {org} earlier this year.",
    "Consumer prices in {place} rose {pct} in {month}, the fastest pace in {years} years, as energy and food costs kept climbing.",
    "About {count} workers in {place} are expected to join the protest, which organisers say will be the largest in a generation.",
    "{person} will meet officials from {org} on {day} to discuss the {topic}, according to a schedule released by the ministry.",
    "The regional council will vote on the {topic} on {month} {dom}, two officials familiar with the timetable said on condition of anonymity.",
    "She said the plan would cut borrowing costs by {bp} basis points over {years} years and free money for schools and hospitals.",
    "The dispute has dragged on for months, with each side accusing the other of negotiating in bad faith and ignoring the evidence.",
    "The ministry held talks with {org} last week, but no agreement was reached and both delegations left without a joint statement.",
    "Critics argue that the {topic} favours large firms over the small farms and family businesses that dominate the economy of {place}.",
    "The project began in {year} and has employed {count} people so far, most of them on temporary contracts with limited protections.",
    "{org} is expected to publish its decision later this month, after a consultation that drew thousands of responses from residents.",
    "Local newspapers have devoted pages to the story, and the debate has spilled over into television talk shows and social media.",
    "Residents of {place} have long complained about congestion, pollution and the lack of investment in public transport in the region.",
    "The opposition has called for an independent inquiry, arguing that the process lacked transparency from the very beginning.",
    "Officials declined to say how the shortfall would be covered, pointing instead to the review that is already under way.",
    "The town, a former industrial hub on the river, has struggled to attract new employers since the steelworks closed.",
    "{person} told reporters that the government remained committed to the {topic} and would not be pushed into a hasty compromise.",
    "Analysts expect the {topic} to pass by a narrow margin next week, although several members have yet to declare their position.",
    "The talks are being closely watched by neighbouring regions, which face similar pressures on budgets and public services.",
]
OUTCOMES = [
    "collapse",
    "pass before the summer",
    "cost jobs",
    "be delayed",
    "raise prices",
    "be reviewed",
]


def _article(rng: random.Random, i: int, start: datetime) -> Article:
    words = rng.randint(300, 800)
    parts: list[str] = []
    n = 0
    while n < words:
        t = rng.choice(SENTENCES)
        s = t.format(
            person=f"{rng.choice(FIRST)} {rng.choice(LAST)}",
            title=rng.choice(TITLES),
            place=rng.choice(PLACES),
            verb=rng.choice(VERBS),
            topic=rng.choice(TOPICS),
            outcome=rng.choice(OUTCOMES),
            org=rng.choice(ORGS),
            day=rng.choice(DAYS),
            money=f"${rng.randint(2, 900)} {rng.choice(['million', 'billion'])}",
            pct=f"{rng.randint(1, 40)}.{rng.randint(0, 9)}%",
            pct2=f"{rng.randint(1, 40)}%",
            month=rng.choice(MONTHS),
            years=rng.randint(2, 30),
            count=f"{rng.randint(1, 90)},{rng.randint(100, 999)}",
            dom=rng.randint(1, 28),
            bp=rng.choice([25, 50, 75]),
            year=rng.randint(1995, 2020),
        )
        parts.append(s)
        n += len(s.split())
    paras = []
    k = 0
    while k < len(parts):
        step = rng.randint(1, 3)
        paras.append(" ".join(parts[k : k + step]))
        k += step
    title = f"{rng.choice(PLACES)} {rng.choice(TOPICS)} in doubt as talks stall"
    return Article(
        id=f"bench-{i}", title=title, text="\n\n".join(paras), published=start + timedelta(hours=i)
    )


def _sumy_tokenizer(*, faithful: bool = True) -> object:
    """sumy's default English tokenizer with an untrained Punkt model, because the
    pretrained one (``punkt_tab``) is a data download this machine cannot make.

    ``faithful``: words as sumy's ``DefaultWordTokenizer`` makes them, i.e.
    ``nltk.word_tokenize`` — Punkt splits the sentence again, then ``NLTKWordTokenizer``
    (the improved Treebank tokenizer) runs on each piece. Otherwise the plain
    ``TreebankWordTokenizer`` on the sentence, the lighter stand-in earlier versions of
    this benchmark used (kept as a row so numbers stay comparable).
    """
    import nltk
    from sumy.nlp.tokenizers import Tokenizer

    punkt = nltk.tokenize.PunktSentenceTokenizer()
    words = nltk.tokenize.NLTKWordTokenizer() if faithful else nltk.tokenize.TreebankWordTokenizer()

    class _WordTokenize:
        @staticmethod
        def tokenize(text: str) -> list[str]:
            return [t for piece in punkt.tokenize(text) for t in words.tokenize(piece)]

    class _Tokenizer(Tokenizer):  # type: ignore[misc]
        def _get_sentence_tokenizer(self, language: str) -> object:
            return nltk.tokenize.PunktSentenceTokenizer()

        def _get_word_tokenizer(self, language: str) -> object:
            return _WordTokenize() if faithful else words

    return _Tokenizer("english")


class _RegexTokenizer:
    """A bare regex tokenizer: LexRank's own cost with as little tokenising as possible."""

    language = "english"

    def to_sentences(self, paragraph: str) -> list[str]:
        return [s for s in re.split(r"(?<=[.!?])\s+", paragraph) if s]

    def to_words(self, sentence: str) -> list[str]:
        return re.findall(r"[A-Za-z0-9']+", sentence)


def _lexrank(articles: list[Article], *, tokens: str) -> float:
    """CPU seconds sumy's LexRank takes to pick 3 sentences of each article."""
    from sumy.models.dom import ObjectDocumentModel, Paragraph, Sentence
    from sumy.nlp.stemmers import Stemmer
    from sumy.parsers.plaintext import PlaintextParser
    from sumy.summarizers.lex_rank import LexRankSummarizer
    from sumy.utils import get_stop_words

    summarizer = LexRankSummarizer(Stemmer("english"))
    summarizer.stop_words = get_stop_words("english")
    nltk_tokens = tokens != "regex"
    tok = _sumy_tokenizer(faithful=tokens == "sumy") if nltk_tokens else _RegexTokenizer()
    t0 = time.process_time()
    for a in articles:
        if nltk_tokens:
            document = PlaintextParser.from_string(a.text, tok).document
        else:
            document = ObjectDocumentModel(
                [
                    Paragraph([Sentence(s, tok) for s in tok.to_sentences(p)])  # type: ignore[arg-type]
                    for p in a.text.split("\n\n")
                    if p.strip()
                ]
            )
        summarizer(document, 3)
    return time.process_time() - t0


def main() -> int:
    ap = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    ap.add_argument("--articles", type=int, default=1000)
    ap.add_argument(
        "--lexrank", type=int, default=200, help="how many of the articles LexRank summarises"
    )
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--repeat", type=int, default=3, help="rounds per side; the best is kept")
    args = ap.parse_args()

    rng = random.Random(args.seed)
    start = datetime(2026, 3, 2, 8, tzinfo=UTC)
    articles = [_article(rng, i, start) for i in range(args.articles)]
    words = sum(len(a.text.split()) for a in articles)

    def ours_once() -> tuple[float, int]:
        t0 = time.process_time()
        bullets = 0
        for a in articles:
            c = condense(a)
            bullets += len(c.positions) + len(c.figures) + len(c.events)
        return time.process_time() - t0, bullets

    # Best of --repeat rounds for each side, as timeit does: the machine is shared, and the
    # fastest round is the one least disturbed by other load.
    ours, bullets = min(ours_once() for _ in range(args.repeat))
    ours_rate = len(articles) / ours

    sample = articles[: args.lexrank]
    def lexrank_rate(tokens: str) -> float:
        return len(sample) / min(_lexrank(sample, tokens=tokens) for _ in range(args.repeat))

    lex = lexrank_rate("sumy")
    lex_treebank = lexrank_rate("treebank")
    lex_bare = lexrank_rate("regex")

    print(
        f"articles: {len(articles)} generated, {words / len(articles):.0f} words on average (CPU time, one core, best of {args.repeat})"
    )
    print(
        f"condense:                 {ours_rate:8.1f} articles/s  ({ours:.2f} s, {bullets / len(articles):.1f} bullets/article)"
    )
    print(
        f"LexRank, sumy defaults:   {lex:8.1f} articles/s  (Punkt sentences, nltk.word_tokenize words, {len(sample)} articles)"
    )
    print(
        f"LexRank, Treebank words:  {lex_treebank:8.1f} articles/s  (Punkt sentences, plain Treebank words, {len(sample)} articles)"
    )
    print(
        f"LexRank, regex tokens:    {lex_bare:8.1f} articles/s  (LexRank's own cost, {len(sample)} articles)"
    )
    print(
        f"ratio:                    {ours_rate / lex:8.1f}x  (against Treebank words: {ours_rate / lex_treebank:.1f}x, bare LexRank: {ours_rate / lex_bare:.1f}x)"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
