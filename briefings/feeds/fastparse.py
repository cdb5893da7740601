"""A fast path for well-formed RSS 2.0 / RSS 1.0 (RDF) / Atom 1.0: C-accelerated ElementTree.

``parse_fast`` returns the feedparser-shaped entry dicts (``id``, ``link``, ``title``,
``title_detail``, ``summary``, ``summary_detail``, ``content``, ``*_parsed``, ``author``,
``guidislink``) that feedparser's strict parser would build for the same document, so
``entries.entry_from_feedparser`` turns both into identical ``Entry`` values. It mirrors what
feedparser 6 does to each value (strip, ``_urljoin``, the RSS "looks like HTML" guess, the
latin-1/UTF-8 repair, the cp1252 map, its own date parser) and declines with ``None`` for
anything it does not model with certainty: then feedparser parses the document, as before.

Declined: not well-formed XML (ElementTree raises: undefined entities such as ``&nbsp;``, bad
bytes, truncation), a DOCTYPE, an encoding other than UTF-8, ``xml:base``, an unknown root,
an item with two titles / summaries / contents / authors, mapped elements with child
elements (except Atom ``type="xhtml"`` content), base64 or out-of-line content, and any
element inside an item that feedparser has a handler for but this module does not model.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from typing import Any
from xml.sax.saxutils import escape

from feedparser.datetimes import _parse_date
from feedparser.html import _cp1252
from feedparser.mixin import _FeedParserMixin
from feedparser.urls import _urljoin

ATOM = "http://www.w3.org/2005/Atom"
RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
RSS10 = "http://purl.org/rss/1.0/"
RSS090 = "http://my.netscape.com/rdf/simple/0.9/"
XHTML = "http://www.w3.org/1999/xhtml"
_XML_NS = "http://www.w3.org/XML/1998/namespace"

# feedparser's namespace URI -> prefix table, which names its element handlers.
_PREFIX = {uri.lower(): prefix for uri, prefix in _FeedParserMixin.namespaces.items()}
_HTML_TYPES = _FeedParserMixin.html_types
_looks_like_html = _FeedParserMixin.looks_like_html
_map_type = _FeedParserMixin.map_content_type

_DECL = re.compile(rb"^(?:\xef\xbb\xbf)?\s*<\?xml[^>]*?encoding\s*=\s*[\"']([^\"']*)[\"']")
_CHARSET = re.compile(r"charset\s*=\s*[\"']?([A-Za-z0-9._:-]+)", re.IGNORECASE)
_XMLNS = re.compile(rb"xmlns(?::([A-Za-z_][\w.-]*))?\s*=\s*([\"'])(.*?)\2", re.DOTALL)
_DOCTYPE = re.compile(rb"<!DOCTYPE", re.IGNORECASE)
_ROOT_START = re.compile(rb"<(?![?!])[^>]*>")
_C1 = re.compile("[\x80-\x9f]")
_LINK_ENTITY = re.compile("&([A-Za-z0-9_]+);")

# Roles of an item's direct children, by feedparser's element name.
_TITLE = frozenset({"title", "dc_title", "media_title"})
_SUMMARY = {  # element -> its default type
    "description": "text/html",
    "dc_description": "text/html",
    "media_description": "text/html",
    "abstract": "text/plain",
    "summary": "text/plain",
    "itunes_summary": "text/plain",
}
_CONTENT = {"content_encoded": "text/html", "content": "text/plain"}
_DATES = {
    "pubdate": "published", "published": "published", "issued": "published",
    "dcterms_issued": "published",
    "updated": "updated", "modified": "updated", "dc_date": "updated",
    "dcterms_modified": "updated", "lastbuilddate": "updated",
    "created": "created", "dcterms_created": "created",
}  # fmt: skip
_AUTHOR = frozenset({"author", "managingeditor", "dc_author", "dc_creator", "itunes_author"})
_PERSON = frozenset({"contributor", "name", "email", "uri", "url", "homepage"})
# Elements feedparser has handlers for whose effects never reach the fields we read.
_HARMLESS = frozenset(
    {
        "category", "keywords", "dc_subject", "media_category", "media_keywords",
        "itunes_keywords", "itunes_category", "itunes_image", "itunes_explicit", "itunes_block",
        "enclosure", "media_content", "media_thumbnail", "media_credit", "media_rating",
        "media_restriction", "media_license", "media_player", "media_group", "rights",
        "copyright", "dc_rights", "dc_language", "language", "expirationdate", "generator",
    }
)  # fmt: skip
# Keys of the entry dict we read; an unknown element of that name would overwrite one.
_OUR_KEYS = frozenset(
    {
        "guidislink", "links", "authors", "author_detail", "title_detail", "summary_detail",
        "published_parsed", "updated_parsed", "created_parsed", "tags",
    }
)  # fmt: skip


class _Decline(Exception):
    """The document is outside what this module models: feedparser parses it."""


def _has_handler(name: str) -> bool:
    return hasattr(_FeedParserMixin, "_start_" + name) or hasattr(_FeedParserMixin, "_end_" + name)


def _finish(output: str) -> str:
    # What feedparser's pop() does to every text value after stripping and URI resolution.
    if output.isascii():
        return output
    try:
        output = output.encode("iso-8859-1").decode("utf-8")
    except (UnicodeEncodeError, UnicodeDecodeError):
        pass
    # str.translate with a dict is slow on non-ASCII text; the map only touches U+0080-U+009F.
    return output.translate(_cp1252) if _C1.search(output) else output


class _Doc:
    """Per-document state: namespace prefixes as declared, the version feedparser would see."""

    def __init__(self, data: bytes) -> None:
        self.declared: dict[str, set[str]] = {}  # uri -> prefixes declared for it
        prefix_uris: dict[str, set[str]] = {}
        for m in _XMLNS.finditer(data):
            prefix = (m.group(1) or b"").decode("ascii", "replace")
            uri = m.group(3).decode("utf-8", "replace")
            self.declared.setdefault(uri, set()).add(prefix)
            prefix_uris.setdefault(prefix, set()).add(uri)
        # feedparser maps a declared prefix onto its own one for the URI, and then reads
        # elements of *its* prefix through that map: xmlns:cc="<creativeCommons URI>" turns
        # real cc: elements into creativeCommons: ones. Such prefixes are not modelled.
        self.remapped: set[str] = set()
        for prefix, uris in prefix_uris.items():
            if not prefix:
                continue  # the default namespace is resolved by ElementTree itself
            standard = {_PREFIX.get(u.lower()) for u in uris}
            if len(uris) > 1 or standard - {prefix, None}:
                self.remapped.add(prefix)
        self.names: dict[str, str] = {}

    def name(self, tag: str) -> str:
        """feedparser's name for an element: ``dc_creator``, ``pubdate``, ``link``."""
        known = self.names.get(tag)
        if known is not None:
            return known
        if tag[0] != "{":
            name = tag.lower()
        else:
            uri, local = tag[1:].split("}", 1)
            low = uri.lower()
            if "backend.userland.com/rss" in low:
                low = "http://backend.userland.com/rss"
            prefix = _PREFIX.get(low)
            if prefix is None:
                # feedparser names it by the document's prefix for that namespace.
                prefixes = {p.lower() for p in self.declared.get(uri, ()) if p}
                if len(prefixes) != 1:
                    raise _Decline
                prefix = prefixes.pop()
            if prefix in self.remapped:
                raise _Decline
            name = f"{prefix}_{local.lower()}" if prefix else local.lower()
        self.names[tag] = name
        return name


def _attrs(el: ET.Element) -> dict[str, str]:
    """Attributes as feedparser's strict parser presents them: lower-case names."""
    out: dict[str, str] = {}
    bare: dict[str, str] = {}
    for key, value in el.attrib.items():
        if key[0] == "{":
            uri, local = key[1:].split("}", 1)
            prefix = "xml" if uri == _XML_NS else _PREFIX.get(uri.lower())
            if prefix == "":
                raise _Decline
            if prefix:
                out[f"{prefix}:{local.lower()}"] = value
            low = local.lower()
        else:
            low = key.lower()
        if low in bare:
            raise _Decline
        bare[low] = value
    out.update(bare)
    for k in ("rel", "type"):
        if out.get(k):
            out[k] = out[k].lower()
    return out


def _check_inert(doc: _Doc, el: ET.Element) -> None:
    """An element whose subtree cannot touch the fields we read, or _Decline."""
    for node in el.iter():
        name = doc.name(node.tag)
        if name in _HARMLESS:
            continue
        if _has_handler(name) or name in _OUR_KEYS:
            raise _Decline


def _text(el: ET.Element) -> str:
    if len(el):
        raise _Decline
    return (el.text or "").strip()


def _xhtml(el: ET.Element) -> str:
    """Atom ``type="xhtml"`` content as feedparser rebuilds it (its <div> wrapper removed)."""
    pieces: list[str] = []

    def walk(node: ET.Element) -> None:
        for child in node:
            tag = child.tag
            if not tag.startswith("{" + XHTML + "}"):
                raise _Decline
            local = tag.split("}", 1)[1]
            if local.lower() in ("body", "svg", "math"):
                raise _Decline
            attrs = "".join(
                f' {k.lower()}="{escape(v, {chr(34): "&quot;"})}"'
                for k, v in child.attrib.items()
                if k[0] != "{"
            )
            pieces.append(f"<{local}{attrs}>")
            if child.text:
                pieces.append(escape(child.text))
            walk(child)
            pieces.append(f"</{local}>")
            if child.tail:
                pieces.append(escape(child.tail))

    if el.text:
        pieces.append(escape(el.text))
    walk(el)
    while len(pieces) > 1 and not pieces[-1].strip():
        del pieces[-1]
    while len(pieces) > 1 and not pieces[0].strip():
        del pieces[0]
    if (
        pieces
        and (pieces[0] == "<div>" or pieces[0].startswith("<div "))
        and pieces[-1] == ("</div>")
    ):
        depth = 0
        for piece in pieces[:-1]:
            if piece.startswith("</"):
                depth -= 1
                if depth == 0:
                    break
            elif piece.startswith("<") and not piece.endswith("/>"):
                depth += 1
        else:
            pieces = pieces[1:-1]
    return "".join(pieces).strip()


def _link(e: dict[str, Any], attrs: dict[str, str], el: ET.Element) -> None:
    rel = attrs.setdefault("rel", "alternate")
    attrs.setdefault("type", "application/atom+xml" if rel == "self" else "text/html")
    href = attrs.get("url", attrs.get("uri", attrs.get("href")))
    if href:
        attrs["href"] = href
    if "href" in attrs:
        if len(el) or (el.text or "").strip():
            raise _Decline
        href = _urljoin("", attrs["href"])
        if rel == "alternate" and _map_type(attrs["type"]) in _HTML_TYPES:
            e["link"] = href
        return
    output = _text(el)
    if output:
        output = _urljoin("", output)
    output = _finish(output).replace("&amp;", "&")
    e["link"] = _LINK_ENTITY.sub(r"&\g<1>", output)


def _content_type(attrs: dict[str, str], default: str) -> str:
    if attrs.get("mode") or attrs.get("src"):
        raise _Decline
    kind = _map_type(attrs.get("type", default))
    if kind not in ("text/plain", "text/html", "application/xhtml+xml"):
        raise _Decline  # feedparser would base64-decode it, or keep it as XML
    return kind


def _typed_text(el: ET.Element, kind: str, atom: bool) -> tuple[str, str]:
    if kind == "application/xhtml+xml":
        if not atom:
            raise _Decline
        output = _xhtml(el)
    else:
        output = _text(el)
        if not atom and kind == "text/plain" and _looks_like_html(output):
            kind = "text/html"
    return _finish(output), kind


def _entry(doc: _Doc, item: ET.Element, atom: bool) -> dict[str, Any]:
    attrs = _attrs(item)
    if "lastmod" in attrs or "href" in attrs:
        raise _Decline  # CDF attributes: feedparser turns them into fields
    e: dict[str, Any] = {}
    about = attrs.get("rdf:about")
    if about:
        e["id"] = about
    counts = {"author": 0, "id": 0}
    title_locked = False  # feedparser's title_depth: the first non-empty <title> wins
    has_content = False
    for child in item:
        name = doc.name(child.tag)
        a = _attrs(child)
        if name in _TITLE:
            value, kind = _typed_text(child, _content_type(a, "text/plain"), atom)
            if not title_locked:
                e["title"], e["title_detail"] = value, {"type": kind}
            if value and name != "media_title":
                title_locked = True
        elif name in _SUMMARY and not ("summary" in e and not has_content):
            value, kind = _typed_text(child, _content_type(a, _SUMMARY[name]), atom)
            e["summary"], e["summary_detail"] = value, {"type": kind}
        elif name in _SUMMARY or name in _CONTENT:
            # A second summary-like element (<description> after <description>, NYT's
            # <media:description>) is content to feedparser, as is <content:encoded>.
            default = _CONTENT.get(name, "text/plain")
            value, kind = _typed_text(child, _content_type(a, default), atom)
            has_content = True
            e.setdefault("content", []).append({"type": kind, "value": value})
            if kind in ("text/plain", *_HTML_TYPES):
                e.setdefault("summary", value)
        elif name in ("guid", "id"):
            counts["id"] += 1
            permalink = a.get("ispermalink", "true") == "true"
            value = _text(child)
            if value and permalink:
                value = _urljoin("", value)
            value = _finish(value)
            e["id"] = value
            e.setdefault("guidislink", permalink and "link" not in e)
            if permalink:
                e.setdefault("link", value)
        elif name == "link":
            _link(e, a, child)
        elif name in _DATES:
            e[_DATES[name] + "_parsed"] = _parse_date(_finish(_text(child)))
        elif name in _AUTHOR:
            counts["author"] += 1
            e["author"] = _author(doc, child)
        elif name == "source":
            if len(child):
                raise _Decline
            title_locked = False
        elif name == "contributor":
            for node in child.iter():
                if doc.name(node.tag) not in _PERSON:
                    raise _Decline
        else:
            _check_inert(doc, child)
    if counts["author"] > 1 or counts["id"] > 1:
        raise _Decline
    return e


def _author(doc: _Doc, el: ET.Element) -> str:
    if not len(el):
        return _finish(_text(el))
    if (el.text or "").strip():
        raise _Decline
    detail: dict[str, str] = {}
    for child in el:
        name = doc.name(child.tag)
        if name not in _PERSON or name == "contributor":
            _check_inert(doc, child)  # Blogger's <gd:image>
            continue
        if len(child):
            raise _Decline
        if (child.tail or "").strip():
            raise _Decline
        if name in ("name", "email"):
            detail[name] = (child.text or "").strip()  # feedparser keeps these raw
    person, email = detail.get("name"), detail.get("email")
    if person and email:
        return f"{person} ({email})"
    return person or email or ""


def _version(data: bytes, root: ET.Element) -> str:
    """The version string feedparser settles on; only whether it is Atom matters here."""
    head = _ROOT_START.search(data)
    if head is None:
        raise _Decline
    for m in _XMLNS.finditer(head.group(0)):
        uri = m.group(3).decode("utf-8", "replace").lower()
        if m.group(1) is None and uri == RSS090:
            return "rss090"
        if uri == RSS10:
            return "rss10"
        if uri == ATOM.lower():
            if root.tag == "rss":
                return "rss20"  # _start_rss corrects it
            return "atom10"
    if root.tag == "rss":
        return "rss20"
    raise _Decline


def _shape(root: ET.Element) -> tuple[ET.Element, list[ET.Element], bool]:
    """(element holding the feed title, items, is Atom) for the three shapes we know."""
    if root.tag == "rss":
        if len(root) != 1 or root[0].tag != "channel":
            raise _Decline
        channel = root[0]
        return channel, [c for c in channel if c.tag == "item"], False
    if root.tag == f"{{{ATOM}}}feed":
        return root, [c for c in root if c.tag == f"{{{ATOM}}}entry"], True
    if root.tag == f"{{{RDF}}}RDF":
        for ns in (RSS10, RSS090):
            channels = [c for c in root if c.tag == f"{{{ns}}}channel"]
            items = [c for c in root if c.tag == f"{{{ns}}}item"]
            if channels or items:
                break
        if len(channels) != 1 or (
            items and list(root).index(channels[0]) > list(root).index(items[0])
        ):
            raise _Decline
        return channels[0], items, False
    raise _Decline


def _feed_title(doc: _Doc, holder: ET.Element, items: list[ET.Element]) -> str:
    title = ""
    seen = 0
    item_set = set(map(id, items))
    for child in holder:
        if id(child) in item_set:
            continue
        name = doc.name(child.tag)
        if name in _TITLE:
            seen += 1
            title = _finish(_text(child))
            continue
        if name in ("image", "textinput"):
            continue
        for node in child.iter():
            if doc.name(node.tag) in ("title", "dc_title", "media_title", "item", "entry",
                                      "source", "channel", "feed"):  # fmt: skip
                raise _Decline
    if seen > 1:
        raise _Decline
    return title


def _check_encoding(data: bytes, content_type: str | None) -> None:
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise _Decline
    charset = _CHARSET.search(content_type or "")
    if charset and charset.group(1).lower() not in ("utf-8", "utf8"):
        raise _Decline
    decl = _DECL.match(data[:512])
    if decl and decl.group(1).lower() not in (b"utf-8", b"utf8"):
        raise _Decline


def parse_fast(
    data: bytes, content_type: str | None = None
) -> tuple[str, list[dict[str, Any]]] | None:
    """(feed title, feedparser-shaped entry dicts), or ``None``: let feedparser parse it."""
    try:
        _check_encoding(data, content_type)
        start = _ROOT_START.search(data)
        if start is None or _DOCTYPE.search(data, 0, start.start()) or b"xml:base" in data:
            return None  # a DOCTYPE may declare entities; xml:base changes every link
        root = ET.fromstring(data)
        version = _version(data, root)
        holder, items, atom = _shape(root)
        if not items or atom != version.startswith("atom"):
            return None
        for node in _all_attributed(root):
            if "base" in (k.lower() for k in node.attrib):
                return None
        doc = _Doc(data)
        title = _feed_title(doc, holder, items)
        entries = [_entry(doc, item, atom) for item in items]
    except (_Decline, ET.ParseError, RecursionError, ValueError):
        return None
    return title, entries


def _all_attributed(root: ET.Element) -> Iterator[ET.Element]:
    return (node for node in root.iter() if node.attrib)
