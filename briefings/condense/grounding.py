"""Machine check that a condensed article says nothing the article does not."""

from __future__ import annotations

import re
from dataclasses import replace
from typing import Any

from ..models import Article, Condensed, Event, Figure, Position

_QUOTED = re.compile(r"“([^”]+)”|\"([^\"]+)\"")


def _fold(text: str) -> str:
    text = (
        text.replace("\u2019", "'")
        .replace("\u2018", "'")
        .replace("\u201c", '"')
        .replace("\u201d", '"')
    )
    return " ".join(text.split())  # white space folded; faster than a regex sub


def grounded(article: Article, condensed: Condensed) -> Condensed:
    """``condensed`` without the bullets that fail the checks of ``violations``.

    The extractors aim never to produce such a bullet (the grounding test holds them to
    it); this is the guarantee for text they were not written against.
    """
    def keep(items: tuple[Any, ...]) -> tuple[Any, ...]:
        return tuple(i for i in items if not violations(article, _only(condensed, i)))

    if not violations(article, condensed):
        return condensed
    return replace(condensed, positions=keep(condensed.positions),
                   figures=keep(condensed.figures), events=keep(condensed.events))


def _only(condensed: Condensed, item: Position | Figure | Event) -> Condensed:
    return Condensed(
        condensed.article_id,
        positions=(item,) if isinstance(item, Position) else (),
        figures=(item,) if isinstance(item, Figure) else (),
        events=(item,) if isinstance(item, Event) else ())


def violations(article: Article, condensed: Condensed) -> list[str]:
    """Every ungrounded piece of ``condensed``; an empty list when all is traceable.

    Checks: each figure's text, each bullet's evidence sentence, each actor's name and each
    quoted phrase in a bullet stand verbatim in the article (white space and curly quotes
    folded); no event is dated before the article's publication.
    """
    raw = (article.title or "") + "\n" + (article.text or "")
    folded: list[str] = []  # the body folded, made on the first piece not found as is
    out: list[str] = []

    def need(what: str, piece: str) -> None:
        if piece in raw:  # verbatim as is: verbatim folded too, no need to fold
            return
        if not folded:
            folded.append(_fold(raw))
        if _fold(piece) not in folded[0]:
            out.append(f"{what} not in article: {piece!r}")

    def quotes(what: str, text: str) -> None:
        if '"' not in text and "“" not in text:
            return  # no quotation mark, no quoted phrase
        for m in _QUOTED.finditer(text):
            need(f"{what} quote", m.group(1) or m.group(2))

    for p in condensed.positions:
        need("position who", p.who)
        need("position evidence", p.evidence)
        quotes("position stance", p.stance)
    for f in condensed.figures:
        in_evidence = f.text in f.evidence
        # a figure's text inside its evidence is in the article when the evidence is
        evidence_as_is = f.evidence in raw
        if not (in_evidence and evidence_as_is):
            need("figure text", f.text)
        if not evidence_as_is:
            need("figure evidence", f.evidence)
        if not in_evidence and _fold(f.text) not in _fold(f.evidence):
            out.append(f"figure text not in its evidence: {f.text!r}")
        quotes("figure about", f.about)
    for e in condensed.events:
        need("event evidence", e.evidence)
        quotes("event what", e.what)
        if e.date and article.published and e.date < article.published.date():
            out.append(f"event dated before publication: {e.what!r} {e.date}")
    return out
