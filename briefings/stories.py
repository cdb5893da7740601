"""Group articles of one news story across outlets (wire copies, rewrites, same-event coverage).

Pure and deterministic: TF-IDF over the title (counted thrice) and the opening of the text,
names and numbers weighted up, cosine similarity damped by the distance between
publication dates, then average-link agglomeration above a threshold.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Sequence

from .models import Article

THRESHOLD = 0.17
LEAD_CHARS = 2500
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


def _vectors(articles: Sequence[Article]) -> list[dict[str, float]]:
    bags = [_terms(a) for a in articles]
    df: Counter[str] = Counter()
    for b in bags:
        df.update(b.keys())
    n = len(bags)
    out: list[dict[str, float]] = []
    for b in bags:
        v = {t: (1 + math.log(c)) * (math.log((n + 1) / (df[t] + 1)) + 1) for t, c in b.items()}
        norm = math.sqrt(sum(x * x for x in v.values())) or 1.0
        out.append({t: x / norm for t, x in v.items()})
    return out


def _cosine(a: dict[str, float], b: dict[str, float]) -> float:
    if len(a) > len(b):
        a, b = b, a
    return sum(x * b.get(t, 0.0) for t, x in a.items())


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
    sim = similarity_matrix(articles)
    # Greedy average-link: merge the most similar pair of groups while above THRESHOLD; on a
    # tie the pair met first in (x, y) order. Each group is keyed by its first position and
    # keeps the sum of its similarities to every other group, updated on a merge, plus its
    # best partner among later groups, so a merge costs O(groups), not O(articles^2).
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
        row_y = total.pop(y)
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
        del row_y
    groups = list(members.values())
    groups.sort(key=lambda g: (-len(g), g[0]))
    return [[articles[i].id for i in g] for g in groups]
