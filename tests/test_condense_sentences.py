"""Sentence splitting keeps exact offsets, quotations whole and abbreviations unsplit."""

from __future__ import annotations

from briefings.condense.sentences import split


def test_offsets_are_exact() -> None:
    text = "First line here.\n\nSecond paragraph. It has two sentences!\n  Indented one?"
    for s in split(text):
        assert text[s.start : s.start + len(s.text)] == s.text
    assert [s.order for s in split(text)] == [0, 1, 2, 3]


def test_abbreviations_and_initials_do_not_end_a_sentence() -> None:
    text = "Sen. Ada Ruiz met Antony J. Blinken in the U.S. on Jan. 5. Talks went well."
    assert [s.text for s in split(text)] == [
        "Sen. Ada Ruiz met Antony J. Blinken in the U.S. on Jan. 5.",
        "Talks went well.",
    ]


def test_a_quotation_of_several_sentences_stays_with_its_speaker() -> None:
    text = '"We are ready. We have waited long enough," said Mara Lind. She left.'
    assert [s.text for s in split(text)] == [
        '"We are ready. We have waited long enough," said Mara Lind.',
        "She left.",
    ]


def test_lines_without_closing_punctuation_are_headings() -> None:
    parts = split("Why the port matters\n\nThe port handles most trade.")
    assert [p.heading for p in parts] == [True, False]


def test_letters_that_lowercase_to_two_characters_do_not_break_the_engine() -> None:
    # "İ".lower() is two characters: word offsets found in the lowercased text must still
    # point into the original (an IndexError before the fix).
    import random
    from datetime import UTC, datetime

    from briefings.condense import condense
    from briefings.models import Article

    rng = random.Random(1)
    words = (
        "İ İİ İstanbul ẞ said will would could may is set to meet on Friday next week "
        "$5 billion 12% the council Ankara's mayor “We will” \" , . İs"
    ).split()
    for _ in range(2000):
        text = " ".join(rng.choice(words) for _ in range(rng.randint(3, 30))) + "."
        art = Article(id="x", title="İ", text=text, published=datetime(2025, 3, 5, tzinfo=UTC))
        condense(art)  # no exception
    got = condense(Article(id="y", title="", text="İİİ İİ the council may meet, the mayor said."))
    assert got.article_id == "y"
