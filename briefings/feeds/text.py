"""HTML fragments from feeds -> plain text: tags stripped, entities unescaped, paragraphs kept."""

from __future__ import annotations

import html
import re
from html.parser import HTMLParser

_BLOCK_TAGS = frozenset(
    {
        "p", "div", "section", "article", "header", "footer", "aside", "main", "nav",
        "blockquote", "pre", "figure", "figcaption", "ul", "ol", "dl", "li", "dt", "dd",
        "table", "tr", "h1", "h2", "h3", "h4", "h5", "h6", "hr", "address", "details",
        "summary",
    }
)  # fmt: skip
# Their content is never prose a reader sees.
_SKIP_TAGS = frozenset(
    {
        "script",
        "style",
        "template",
        "noscript",
        "iframe",
        "object",
        "svg",
        "head",
        "textarea",
        "select",
    }
)
# Break markers from the Private Use Area, removed from input first.
_PARA = "\ue000"
_LINE = "\ue001"
_MARKERS = re.compile("[\ue000\ue001]")
_SPACES = re.compile(r"[ \t\r\n\f\v\u00a0\u2000-\u200b\u202f\u205f\u3000]+")
# Entities still present after one round of unescaping: double-escaped feeds (&amp;nbsp;).
# &lt; &gt; &amp; are left alone: text that shows markup (an embed-code example) means them.
_LEFTOVER_ENTITY = re.compile(
    r"&(?:#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|(?!(?:lt|gt|amp);)[A-Za-z][A-Za-z0-9]{1,31});"
)
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


class _TextExtractor(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self._skip_depth = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _SKIP_TAGS:
            self._skip_depth += 1
        elif tag == "br":
            self.parts.append(_LINE)
        elif tag in _BLOCK_TAGS:
            self.parts.append(_PARA)
        elif tag in ("td", "th"):
            self.parts.append(" ")

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "br":
            self.parts.append(_LINE)
        elif tag in _BLOCK_TAGS:
            self.parts.append(_PARA)

    def handle_endtag(self, tag: str) -> None:
        if tag in _SKIP_TAGS:
            self._skip_depth = max(0, self._skip_depth - 1)
        elif tag in _BLOCK_TAGS:
            self.parts.append(_PARA)

    def handle_data(self, data: str) -> None:
        if not self._skip_depth:
            self.parts.append(data)


def unescape_leftovers(text: str) -> str:
    """Unescape entities that survived one round (``&nbsp;`` shown literally by double escaping)."""
    if "&" not in text:
        return text
    return _LEFTOVER_ENTITY.sub(lambda m: html.unescape(m.group(0)), text)


def _finish(raw: str) -> str:
    # One whitespace pass over the whole text: the markers are not whitespace, so runs never
    # cross a paragraph or line break (the same result as a pass per line, 3x cheaper).
    raw = _SPACES.sub(" ", unescape_leftovers(_CONTROL.sub("", raw)))
    paragraphs: list[str] = []
    for block in raw.split(_PARA):
        lines = [line.strip() for line in block.split(_LINE)]
        text = "\n".join(line for line in lines if line)
        if text:
            paragraphs.append(text)
    return "\n\n".join(paragraphs)


def html_to_text(fragment: str) -> str:
    """Plain text of an HTML fragment; block elements become paragraphs separated by blank lines."""
    if "<" not in fragment and "&" not in fragment:
        return plain_text(fragment)
    parser = _TextExtractor()
    try:
        parser.feed(_MARKERS.sub("", fragment))
        parser.close()
    except Exception:  # noqa: BLE001 - html.parser is lenient; guards the odd AssertionError
        return plain_text(re.sub(r"<[^>]*>", " ", fragment))
    return _finish("".join(parser.parts))


def plain_text(text: str) -> str:
    """Normalise text that is already plain: blank-line paragraphs, single spaces."""
    text = _MARKERS.sub("", text).replace("\r\n", "\n").replace("\r", "\n")
    text = re.sub(r"\n[ \t\u00a0]*\n\s*", _PARA, text).replace("\n", _LINE)
    return _finish(text)


def one_line(text: str) -> str:
    """A title: one line, single spaces, leftover entities unescaped."""
    return _SPACES.sub(" ", unescape_leftovers(_CONTROL.sub("", text))).strip()


def title_from_text(text: str, limit: int = 90) -> str:
    """A stand-in title for untitled items (Scripting News): the start of the first paragraph."""
    first = text.split("\n", 1)[0].strip()
    if len(first) <= limit:
        return first
    cut = first[:limit].rsplit(" ", 1)[0] or first[:limit]
    return cut.rstrip(",;:") + "…"
