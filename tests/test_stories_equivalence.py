"""cluster() against a straightforward reference, on random articles.

The reference computes TF-IDF vectors from ``_terms`` directly, every pairwise cosine in a
double loop, and each merge by scanning every pair of groups (O(n^3)). The production code
caches term bags, sorts rows and keeps best partners (pure Python) or vectorises (numpy);
all must give the same groups, and the two similarity matrices the same floats.
"""

from __future__ import annotations

import math
import random
from collections import Counter
from datetime import UTC, datetime, timedelta

import pytest

from briefings import stories
from briefings.models import Article

WORDS = ("port strike wages union talks Caldor harbour cranes ships container minister "
         "Okafor Novak drought reservoir rationing farmers wheat Northvale tariff customs "
         "vote summit 12 450 3.5 million").split()
T0 = datetime(2025, 3, 1, tzinfo=UTC)


def reference(articles: list[Article]) -> list[list[str]]:
    n = len(articles)
    bags = [stories._terms(a) for a in articles]
    df: Counter[str] = Counter()
    for b in bags:
        df.update(b.keys())
    vecs = []
    for b in bags:
        v = {t: (1 + math.log(c)) * (math.log((n + 1) / (df[t] + 1)) + 1) for t, c in b.items()}
        norm = math.sqrt(sum(x * x for x in v.values())) or 1.0
        vecs.append({t: x / norm for t, x in v.items()})

    def cosine(a: dict[str, float], b: dict[str, float]) -> float:
        if len(a) > len(b):
            a, b = b, a
        s = 0.0
        for t, x in a.items():
            s += x * b.get(t, 0.0)
        return s

    sim = [[1.0 if i == j else cosine(vecs[min(i, j)], vecs[max(i, j)])
            * stories._day_factor(articles[i], articles[j]) for j in range(n)] for i in range(n)]
    return [[articles[i].id for i in g] for g in reference_groups(sim)]


def reference_groups(sim: list[list[float]]) -> list[list[int]]:
    """Average link: merge the pair of groups with the highest average similarity (the first
    such pair in (x, y) order) while above THRESHOLD."""
    n = len(sim)
    groups = {i: [i] for i in range(n)}
    total = {i: {j: sim[i][j] for j in range(n) if j != i} for i in range(n)}
    while True:
        top = (stories.THRESHOLD, -1, -1)
        for x in sorted(groups):
            for y in sorted(groups):
                if y > x:
                    a = total[x][y] / (len(groups[x]) * len(groups[y]))
                    if a > top[0]:
                        top = (a, x, y)
        _, x, y = top
        if x < 0:
            break
        groups[x] = sorted(groups[x] + groups.pop(y))
        total.pop(y)
        for z in total:
            if z != x:
                total[z][x] = total[x][z] = total[z][x] + total[z].pop(y)
        total[x].pop(y, None)
    return sorted(groups.values(), key=lambda g: (-len(g), g[0]))


def random_articles(rng: random.Random, n: int) -> list[Article]:
    out: list[Article] = []
    themes = [rng.sample(WORDS, 6) for _ in range(rng.randint(1, 5))]
    for i in range(n):
        if out and rng.random() < 0.15:  # a wire copy: same text, another id (exact ties)
            src = rng.choice(out)
            out.append(Article(id=f"a{i}", title=src.title, text=src.text,
                               published=src.published))
            continue
        theme = rng.choice(themes)

        def pick(k: int, theme: list[str] = theme) -> str:
            return " ".join(rng.choice(theme if rng.random() < 0.7 else WORDS) for _ in range(k))

        when = None if rng.random() < 0.1 else T0 + timedelta(
            hours=rng.choice([rng.uniform(0, 24), rng.uniform(0, 24 * 90)]))
        out.append(Article(id=f"a{i}", title=pick(rng.randint(0, 6)),
                           text=". ".join(pick(rng.randint(3, 12)) for _ in range(rng.randint(0, 6))),
                           published=when))
    return out


@pytest.mark.parametrize("seed", range(40))
def test_cluster_matches_the_reference(seed: int) -> None:
    rng = random.Random(seed)
    arts = random_articles(rng, rng.choice([1, 2, 5, 17, 39, 40, 41, 90]))
    assert stories.cluster(arts) == reference(arts)


def test_both_paths_agree_bit_for_bit() -> None:
    np = pytest.importorskip("numpy")
    for seed in range(25):
        rng = random.Random(1000 + seed)
        arts = random_articles(rng, rng.randint(2, 70))
        py = stories.similarity_matrix(arts)
        fast = stories._similarities_np(np, arts)
        assert np.array_equal(np.array(py), fast), seed
        assert sorted(stories._agglomerate(py)) == sorted(stories._agglomerate_np(np, fast))


def test_ties_break_as_the_reference() -> None:
    # Similarities from a few values: many exact ties, where the merge order decides groups.
    np = pytest.importorskip("numpy")
    for seed in range(60):
        rng = random.Random(2000 + seed)
        n = rng.randint(2, 30)
        values = [0.0, 0.1, 0.15, 0.2, 0.3, 0.3, 0.45, 0.9]
        sim = [[1.0] * n for _ in range(n)]
        for i in range(n):
            for j in range(i + 1, n):
                sim[i][j] = sim[j][i] = rng.choice(values)
        want = reference_groups(sim)
        order = lambda gs: sorted(gs, key=lambda g: (-len(g), g[0]))  # noqa: E731
        assert order(stories._agglomerate(sim)) == want, seed
        assert order(stories._agglomerate_np(np, np.array(sim))) == want, seed


def test_all_published_in_a_few_days_and_none_published() -> None:
    np = pytest.importorskip("numpy")
    rng = random.Random(7)
    arts = random_articles(rng, 45)
    close = [Article(id=a.id, title=a.title, text=a.text,
                     published=T0 + timedelta(hours=i)) for i, a in enumerate(arts)]
    undated = [Article(id=a.id, title=a.title, text=a.text) for a in arts]
    for case in (close, undated):
        assert np.array_equal(np.array(stories.similarity_matrix(case)),
                              stories._similarities_np(np, case))
        assert stories.cluster(case) == reference(case)


def test_term_cache_follows_a_changed_text() -> None:
    a = Article(id="same", title="Port strike in Caldor", text="Dockers walk out.")
    b = Article(id="same", title="Drought in Northvale", text="Reservoirs run low.")
    assert stories._bag(a)[0] != stories._bag(b)[0]
    assert stories._bag(a) == (tuple(stories._terms(a)),
                               tuple(1 + math.log(c) for c in stories._terms(a).values()))
