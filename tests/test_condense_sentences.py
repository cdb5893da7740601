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
