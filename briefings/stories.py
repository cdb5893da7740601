"""Group articles of one news story across outlets (wire copies, rewrites, same-event coverage).

Pure and deterministic: TF-IDF over the title (counted thrice) and the opening of the text,
names and numbers weighted up, cosine similarity damped by the distance between
publication dates, then average-link agglomeration above a threshold.

Average link sums the similarity of every pair, so a topic-day of n articles costs n²/2
dot products (~1 M multiply-adds at n = 200). Two implementations do the same float
operations in the same order — pure Python, and numpy when it is installed and n is large
— so both give bit-identical similarities, merges and groups.
"""

from __future__ import annotations

import functools
import itertools
import math
import operator
import re
import sys
import threading
from collections import Counter, OrderedDict
from collections.abc import Sequence
from datetime import timedelta
from typing import Any

from .models import Article

THRESHOLD = 0.17
LEAD_CHARS = 2500
NUMPY_FROM = 40  # articles; below this the pure-Python path is as fast
_STOP = frozenset(
    """the a an and or but of to in on at for from by with as is are was were be been being has
    have had it its this that these those he she they them his her their we our you your i not no
    will would could should may might can said says also after before over under about into than
    then there here who whom which what when where while more most other some such only own same
    so too very just new one two three first last year years week month months day days time
    told according people percent per cent mr mrs ms all any both each few many much now out up
    down off again further once did does do doing if because until against between through during
    above below because however including former amid since around yet still even least well""".split()
)
_WORD = re.compile(r"[A-Za-z][\w'’-]*|\d[\d,.]*\d|\d")


def _terms(article: Article) -> Counter[str]:
    bag: Counter[str] = Counter()
    for weight, text in ((3, article.title or ""), (1, (article.text or "")[:LEAD_CHARS])):
        for tok in _WORD.findall(text):
            low = tok.lower().replace("’", "'").removesuffix("'s")
            if low in _STOP or len(low) < 3:
                continue
            w = weight * (2 if tok[0].isupper() or tok[0].isdigit() else 1)
            key = low if tok[0].isdigit() else low[:7]
            bag[key] += w
    return bag


# An article's terms in first-seen order, and their 1 + log(count) (shared float objects).
Bag = tuple[tuple[str, ...], tuple[float, ...]]
_BAG_CACHE_SIZE = 4096  # a 100 k store's day of topic articles (~3,400); ~1.5 KiB each
_bags: OrderedDict[tuple[str, int], Bag] = OrderedDict()
_bags_lock = threading.Lock()


def _bag(article: Article) -> Bag:
    """``_terms`` of an article, computed once per article while it stays in the LRU.

    Keyed by id and a hash of the text it reads: a store never changes an article's text,
    and a changed one (same id, other text) misses unless its 64-bit hash collides.
    """
    key = (article.id, hash((article.title, (article.text or "")[:LEAD_CHARS])))
    with _bags_lock:
        hit = _bags.get(key)
        if hit is not None:
            _bags.move_to_end(key)
            return hit
    bag = _terms(article)
    value = (tuple(map(sys.intern, bag)), tuple(map(_tf, bag.values())))
    with _bags_lock:
        _bags[key] = value
        while len(_bags) > _BAG_CACHE_SIZE:
            _bags.popitem(last=False)
    return value


@functools.lru_cache(maxsize=1024)
def _tf(count: int) -> float:
    return 1 + math.log(count)


def _weights(bags: Sequence[Bag]) -> tuple[list[list[float]], Counter[str]]:
    """Unit-length TF-IDF weights of each bag's terms (in the bag's order), and the df."""
    df: Counter[str] = Counter()
    for terms, _ in bags:
        df.update(terms)
    n = len(bags)
    idf = {t: math.log((n + 1) / (d + 1)) + 1 for t, d in df.items()}
    out: list[list[float]] = []
    for terms, tfs in bags:
        v = list(map(operator.mul, tfs, map(idf.__getitem__, terms)))
        norm = math.sqrt(sum(map(operator.mul, v, v))) or 1.0
        out.append(list(map(operator.truediv, v, itertools.repeat(norm))))
    return out, df


def _vectors(articles: Sequence[Article]) -> list[dict[str, float]]:
    bags = [_bag(a) for a in articles]
    weights, _ = _weights(bags)
    return [dict(zip(terms, w, strict=True)) for (terms, _), w in zip(bags, weights, strict=True)]


def _cosine(a: dict[str, float], b: dict[str, float]) -> float:
    # The dot product is defined as this left-to-right sum over the shorter vector (the first
    # on equal length), which the numpy path reproduces exactly; sum() would not do on 3.12+,
    # where it compensates float rounding.
    if len(a) > len(b):
        a, b = b, a
    s = 0.0
    for t, x in a.items():
        y = b.get(t)
        if y is not None:
            s += x * y
    return s


def _day_factor(a: Article, b: Article) -> float:
    if a.published is None or b.published is None:
        return 1.0
    gap = abs((a.published - b.published).total_seconds()) / 86400
    if gap <= 4:
        return 1.0
    if gap > 60:
        return 0.0
    return max(0.0, 1.0 - (gap - 4) / 60)


def similarity_matrix(articles: Sequence[Article]) -> list[list[float]]:
    """Pairwise story similarity in [0, 1]."""
    vecs = _vectors(articles)
    n = len(articles)
    sim = [[0.0] * n for _ in range(n)]
    for i in range(n):
        sim[i][i] = 1.0
        for j in range(i + 1, n):
            s = _cosine(vecs[i], vecs[j]) * _day_factor(articles[i], articles[j])
            sim[i][j] = sim[j][i] = s
    return sim


def cluster(articles: Sequence[Article]) -> list[list[str]]:
    """Article ids grouped by news story, biggest story first, then by first appearance."""
    n = len(articles)
    if n == 0:
        return []
    np = _numpy() if n >= NUMPY_FROM else None
    if np is None:
        groups = _agglomerate(similarity_matrix(articles))
    else:
        groups = _agglomerate_np(np, _similarities_np(np, articles))
    groups.sort(key=lambda g: (-len(g), g[0]))
    return [[articles[i].id for i in g] for g in groups]


def _agglomerate(sim: list[list[float]]) -> list[list[int]]:
    """Greedy average-link over a similarity matrix: positions grouped, each group sorted.

    Merge the most similar pair of groups while above THRESHOLD; on a tie the pair met first
    in (x, y) order. Each group is keyed by its first position and keeps the sum of its
    similarities to every other group, updated on a merge, plus its best partner among
    later groups, so a merge costs O(groups), not O(articles^2).
    """
    n = len(sim)
    members: dict[int, list[int]] = {i: [i] for i in range(n)}
    total: dict[int, dict[int, float]] = {
        i: {j: sim[i][j] for j in range(n) if j != i} for i in range(n)
    }
    best: dict[int, tuple[float, int]] = {}

    def avg(x: int, y: int) -> float:
        return total[x][y] / (len(members[x]) * len(members[y]))

    def row_best(x: int) -> tuple[float, int]:
        top = (THRESHOLD, -1)
        for y in sorted(k for k in total[x] if k > x):
            a = avg(x, y)
            if a > top[0]:
                top = (a, y)
        return top

    for x in range(n):
        best[x] = row_best(x)
    while True:
        top = (THRESHOLD, -1, -1)
        for x in sorted(best):
            a, y = best[x]
            if y >= 0 and a > top[0]:
                top = (a, x, y)
        if top[1] < 0:
            break
        _, x, y = top
        members[x] = sorted(members[x] + members.pop(y))
        del best[y]
        total.pop(y)
        for z, row in total.items():
            if z == x:
                continue
            row[x] = row[x] + row.pop(y)
            total[x][z] = row[x]
        total[x].pop(y, None)
        for z in best:
            if z == x or best[z][1] in (x, y):
                best[z] = row_best(z)
            elif z < x:
                a = avg(z, x)
                if a > best[z][0] or (a == best[z][0] and best[z][1] > x):
                    best[z] = (a, x)
    return list(members.values())


# -- numpy: the same arithmetic, vectorised -----------------------------------------------


@functools.cache
def _numpy() -> Any:
    try:
        import numpy
    except ImportError:
        return None
    return numpy


_BLOCK = 64  # rows per block: bounds the temporaries to BLOCK x n floats


def _similarities_np(np: Any, articles: Sequence[Article]) -> Any:
    """``similarity_matrix`` as an array, bit for bit.

    Each dot product is accumulated term by term in the shorter vector's order, as
    ``_cosine`` does, one term position at a time for a block of rows against every later
    column. Rows are sorted by (length, position), so the row is always the pair's shorter
    vector (the first on equal length). Terms found in one article only are skipped: they
    add +0.0, which leaves a non-negative sum unchanged.
    """
    n = len(articles)
    bags = [_bag(a) for a in articles]
    weights, df = _weights(bags)
    shared = {t: k for k, t in enumerate(t for t, d in df.items() if d > 1)}
    pad = len(shared)  # the index of an all-zero row of the term matrix
    order = sorted(range(n), key=lambda i: (len(bags[i][0]), i))
    # Every article's terms, in `order` and each in its own order, as (term, row, weight).
    term = np.fromiter(map(shared.get, itertools.chain.from_iterable(bags[i][0] for i in order),
                           itertools.repeat(pad)), dtype=np.intp)
    weight = np.fromiter(itertools.chain.from_iterable(weights[i] for i in order),
                         dtype=np.float64, count=len(term))
    row = np.repeat(np.arange(n), [len(bags[i][0]) for i in order])
    keep = term != pad
    term, weight, row = term[keep], weight[keep], row[keep]
    starts = np.searchsorted(row, np.arange(n))
    depth = np.arange(len(row)) - starts[row]  # position within the row's sequence
    seq_term = np.full((int(depth.max(initial=-1)) + 1, n), pad, dtype=np.intp)
    seq_weight = np.zeros(seq_term.shape + (1,))
    seq_term[depth, row] = term
    seq_weight[depth, row, 0] = weight
    by_term = np.zeros((pad + 1, n))  # by_term[t, q]: the weight of term t in row q
    by_term[term, row] = weight
    lengths = np.bincount(row, minlength=n)
    cos = np.zeros((n, n))
    for start in range(0, n, _BLOCK):
        stop = min(start + _BLOCK, n)
        steps = int(lengths[start:stop].max())
        right = np.ascontiguousarray(by_term[:, start:])
        acc = np.zeros((stop - start, n - start))
        buf = np.empty_like(acc)
        for k in range(steps):
            right.take(seq_term[k, start:stop], axis=0, out=buf)
            np.multiply(buf, seq_weight[k, start:stop], out=buf)
            np.add(acc, buf, out=acc)
        cos[start:stop, start:] = acc
    cos = np.triu(cos, 1)
    cos += cos.T
    rank = np.empty(n, dtype=np.intp)
    rank[order] = np.arange(n)
    sim = cos[np.ix_(rank, rank)]
    factor = _day_factors_np(np, articles)
    if factor is not None:
        sim *= factor
    np.fill_diagonal(sim, 1.0)
    return sim


def _day_factors_np(np: Any, articles: Sequence[Article]) -> Any:
    """``_day_factor`` of every pair, the same float steps; None when all are 1.0."""
    known = [i for i, a in enumerate(articles) if a.published is not None]
    if len(known) < 2:
        return None
    ref = articles[known[0]].published
    assert ref is not None
    micros = np.array([(articles[i].published - ref) // timedelta(microseconds=1)  # type: ignore[operator]
                       for i in known], dtype=np.int64)
    # total_seconds() is the microseconds / 10**6, correctly rounded, as here; and the gap
    # only grows with the microseconds, so the widest pair within 4 days means all are.
    if (int(micros.max()) - int(micros.min())) / 10**6 / 86400 <= 4:
        return None
    gap = np.abs(micros[:, None] - micros[None, :]).astype(np.float64) / 1e6 / 86400
    sub = np.where(gap <= 4, 1.0, np.where(gap > 60, 0.0,
                                           np.maximum(0.0, 1.0 - (gap - 4) / 60)))
    factor = np.ones((len(articles), len(articles)))
    factor[np.ix_(known, known)] = sub
    return factor


def _agglomerate_np(np: Any, sim: Any) -> list[list[int]]:
    """``_agglomerate`` on an array: the same sums and averages, the same merge order.

    ``avg`` holds the average link of each pair of live groups (x < y), -inf elsewhere;
    argmax over it in row-major order is the reference's tie-break (first x, then first y).
    A merged-away group's sums become -inf, so averages with it stay -inf.
    """
    n = len(sim)
    total = sim.copy()
    size = np.ones(n, dtype=np.int64)
    avg = np.triu(total, 1)
    avg[np.tril_indices(n)] = -np.inf
    members: dict[int, list[int]] = {i: [i] for i in range(n)}
    while True:
        x, y = divmod(int(avg.argmax()), n)
        if not avg[x, y] > THRESHOLD:
            break
        members[x] = sorted(members[x] + members.pop(y))
        total[x] += total[y]
        total[y] = -np.inf
        total[:, y] = -np.inf
        total[:, x] = total[x]
        size[x] += size[y]
        avg[y] = -np.inf
        avg[:, y] = -np.inf
        avg[x, x + 1:] = total[x, x + 1:] / (size[x] * size[x + 1:])
        avg[:x, x] = total[:x, x] / (size[:x] * size[x])
    return list(members.values())
