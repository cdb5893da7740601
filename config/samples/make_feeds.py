"""Regenerate the bundled sample feeds from src/*.txt (title on the first line).

    python config/samples/make_feeds.py

world.xml and wire.xml are RSS 2.0, markets.xml is Atom, so the offline demo exercises
both formats and merges one story across outlets.
"""

from __future__ import annotations

from html import escape
from pathlib import Path

HERE = Path(__file__).parent
FEEDS = {
    "world.xml": ("Sample World News", "https://world.example.org", [
        ("zelenskyy-nato", "2025-02-17T09:00:00Z"),
        ("nato-ministers-world", "2025-02-10T10:30:00Z"),
        ("opec-world", "2025-02-13T08:00:00Z"),
    ]),
    "wire.xml": ("Sample Wire", "https://wire.example.net", [
        ("nato-ministers-wire", "2025-02-10T12:05:00Z"),
    ]),
    "markets.xml": ("Sample Markets Daily", "https://markets.example.com", [
        ("aid-vote-markets", "2025-02-12T16:00:00Z"),
        ("opec-markets", "2025-02-14T07:45:00Z"),
        ("ecb-markets", "2025-02-13T14:20:00Z"),
    ]),
}


def _article(stem: str) -> tuple[str, str]:
    title, _, body = (HERE / "src" / f"{stem}.txt").read_text(encoding="utf-8").partition("\n")
    paras = [p.strip() for p in body.split("\n\n") if p.strip()]
    return title.strip(), "".join(f"<p>{escape(p, quote=False)}</p>" for p in paras)


def _rfc822(iso: str) -> str:
    from email.utils import format_datetime
    from datetime import datetime
    return format_datetime(datetime.fromisoformat(iso.replace("Z", "+00:00")))


def rss(title: str, site: str, items: list[tuple[str, str]]) -> str:
    out = ['<?xml version="1.0" encoding="utf-8"?>', '<rss version="2.0"><channel>',
           f"<title>{escape(title)}</title><link>{site}/</link>",
           "<description>Bundled sample feed for the offline demo</description>"]
    for stem, date in items:
        t, html = _article(stem)
        out.append(f"<item><title>{escape(t)}</title><link>{site}/{stem}</link>"
                   f'<guid isPermaLink="false">{site}/{stem}</guid>'
                   f"<pubDate>{_rfc822(date)}</pubDate>"
                   f"<description><![CDATA[{html}]]></description></item>")
    return "\n".join(out + ["</channel></rss>", ""])


def atom(title: str, site: str, items: list[tuple[str, str]]) -> str:
    out = ['<?xml version="1.0" encoding="utf-8"?>',
           '<feed xmlns="http://www.w3.org/2005/Atom">',
           f"<title>{escape(title)}</title><id>{site}/</id><updated>{items[0][1]}</updated>",
           f'<link href="{site}/"/>']
    for stem, date in items:
        t, html = _article(stem)
        out.append(f"<entry><title>{escape(t)}</title><id>{site}/{stem}</id>"
                   f'<link href="{site}/{stem}"/><updated>{date}</updated>'
                   f"<published>{date}</published>"
                   f'<content type="html">{escape(html)}</content></entry>')
    return "\n".join(out + ["</feed>", ""])


def main() -> None:
    for name, (title, site, items) in FEEDS.items():
        text = atom(title, site, items) if name == "markets.xml" else rss(title, site, items)
        (HERE / name).write_text(text, encoding="utf-8")


if __name__ == "__main__":
    main()
