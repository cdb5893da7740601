"""Figures: each kind, its value in base units, and what is not a figure."""

from __future__ import annotations

from briefings.condense import figures
from briefings.condense.sentences import split


def _figs(text: str) -> list[tuple[str, float, str | None]]:
    return [(f.text, f.value, f.unit) for f, _ in figures.extract(split(text), "")]


def _values(text: str) -> set[float]:
    return {v for _, v, _ in _figs(text)}


def test_money_with_scale_words_and_abbreviations() -> None:
    found = _figs(
        "The fund holds $175 billion, €1.2 trillion and £3m, plus US$ 40 million and $1.5bn."
    )
    values = {(v, u) for _, v, u in found}
    assert (175e9, "USD") in values
    assert (1.2e12, "EUR") in values
    assert (3e6, "GBP") in values
    assert (40e6, "USD") in values
    assert (1.5e9, "USD") in values


def test_money_written_with_currency_word() -> None:
    assert (28e9, "USD") in {(v, u) for _, v, u in _figs("Tariffs worth 28 billion dollars apply.")}


def test_percent_points_and_basis_points() -> None:
    found = _figs(
        "Inflation fell to 2.4%, down 0.3 percentage points, after a cut of 25 basis points and 15 bps."
    )
    assert ("2.4%", 2.4, "%") in found
    assert ("0.3 percentage points", 0.3, "pp") in found
    assert ("25 basis points", 25.0, "bp") in found
    assert ("15 bps", 15.0, "bp") in found


def test_quarter_point_is_a_quarter_of_a_percentage_point() -> None:
    found = _figs("The bank delivered a quarter-point rate cut.")
    assert [(v, u) for _, v, u in found] == [(0.25, "pp")]


def test_a_quarter_of_a_percentage_point_is_written_out() -> None:
    found = _figs("The bank cut its main rate by a quarter of a percentage point.")
    assert found == [("a quarter of a percentage point", 0.25, "pp")]


def test_counts_keep_their_noun() -> None:
    found = _figs(
        "Some 10,000 troops and 1,000 prisoners were moved; output fell by 500,000 barrels per day."
    )
    assert ("Some 10,000 troops", 10000.0, "troops") in found
    assert ("1,000 prisoners", 1000.0, "prisoners") in found
    assert ("500,000 barrels per day", 500000.0, "bpd") in found


def test_word_numbers_and_hyphenated_units() -> None:
    found = _figs("The council approved four bills, a six-week truce and a 30-day review.")
    assert (4.0, "bills") in {(v, u) for _, v, u in found}
    assert (6.0, "weeks") in {(v, u) for _, v, u in found}
    assert (30.0, "days") in {(v, u) for _, v, u in found}


def test_ranges_give_both_ends_with_one_text() -> None:
    found = _figs(
        "Prices could rise by $5-10 per barrel, and between 990 and 1,650 detainees may go free."
    )
    assert ("$5-10 per barrel", 5.0, "USD") in found
    assert ("$5-10 per barrel", 10.0, "USD") in found
    assert {990.0, 1650.0} <= _values("between 990 and 1,650 detainees may go free.")


def test_vote_tallies_count_each_number() -> None:
    found = _figs("The bill passed by a vote of 311-112-1.")
    assert [v for _, v, _ in found] == [311.0, 112.0, 1.0]
    assert {t for t, _, _ in found} == {"311-112-1"}


def test_not_figures_years_dates_times_ordinals_ages_articles_phones() -> None:
    text = (
        "In 2019, on March 10 at 2:18 a.m., the 33rd meeting invoked Article 5. "
        "A 45-year-old man, aged 45, called 0800 555 0199. Starship 6 flies on 12 March."
    )
    assert _figs(text) == []


def test_the_two_sides_is_no_figure() -> None:
    assert _figs("The two sides agreed to meet again.") == []


def test_a_bare_count_takes_the_noun_of_the_count_before_it() -> None:
    found = _figs("The storm flooded 80 villages, cutting power to 12 towns and leaving 3,400 homeless.")
    assert ("3,400", 3400.0, "towns") not in found
    found = _figs("The blast killed at least 9 miners, injuring more than 30, the company said.")
    assert ("more than 30", 30.0, "miners") in found


def test_a_part_counts_what_its_whole_counts() -> None:
    assert ("64", 64.0, "seats") in _figs("The Greens took 64 of the 150 seats in the assembly.")


def test_a_toll_reaching_a_bare_number_counts_people() -> None:
    assert ("19", 19.0, "people") in _figs("The death toll from the floods rose to 19 on Monday.")


def test_a_named_modifier_before_the_counted_noun() -> None:
    assert ("300 Red Cross volunteers", 300.0, "volunteers") in _figs(
        "Some officials said 300 Red Cross volunteers were sent."
    )


def test_earthquake_magnitude_and_currency_words() -> None:
    assert ("5.9", 5.9, "magnitude") in _figs("A magnitude 5.9 tremor shook the valley.")
    found = figures.extract(split("The plan costs 12 billion kronor a year."), "")
    assert [(f.value, f.kind) for f, _ in found] == [(12e9, "money")]


def _ranked(text: str, title: str = "") -> list[tuple[str, float, str | None]]:
    found = figures.extract(split(text), title)
    return [(f.text, f.value, f.unit) for f in figures.rank(found, title, 3)]


def test_casualty_counts_rank_above_lesser_percentages() -> None:
    text = "The river rose 12% above its record, and 9 people had died by nightfall."
    assert _ranked(text)[0] == ("9 people", 9.0, "people")


def test_a_figure_in_words_standing_in_the_headline_ranks_high() -> None:
    text = "Pilots will strike for six days. Pay rose 3% in 2024, 4% in 2023 and 5% in 2022."
    assert _ranked(text, "Pilots to strike for six days")[0][0] == "six days"


def test_statistics_offices_are_organisations() -> None:
    from briefings.condense import names

    assert not names.is_person("Statistics Norway", set())


def test_a_deadline_within_days_ranks_above_a_length_of_time_in_passing() -> None:
    text = "After 30 days of talks, the firm must repay the loan within 20 days, the court said."
    assert _ranked(text)[0] == ("20 days", 20.0, "days")


def test_issue_numbers_do_not_inherit_a_count_noun() -> None:
    found = _figs("Support PEP-612 generics in stubs and 3 new checks (#18412).")
    assert all(v != 18412.0 for _, v, _ in found)


def test_one_percentage_point_and_one_percent() -> None:
    found = _figs("Rents may rise by inflation plus one percentage point, or one percent at most.")
    assert ("one percentage point", 1.0, "pp") in found
    assert ("one percent", 1.0, "%") in found


def test_part_of_a_whole_takes_the_whole_noun() -> None:
    found = _figs(
        "The union represents about 9,400 of the company's 13,000 workers, and roughly "
        "31,500 of the affected bikes were sold in Canada."
    )
    assert ("about 9,400", 9400.0, "workers") in found
    assert (31500.0, "bikes") in {(v, u) for _, v, u in found}


def test_thousands_separator_is_no_clause_break_for_about() -> None:
    from briefings.condense import units

    text = "The union represents about 9,400 of the company's 13,000 production workers."
    a = text.index("13,000")
    about = units.about(text, a, a + len("13,000 production workers"))
    assert about.startswith("about 9,400"), about


def test_a_sentence_may_open_with_between_or_under_before_a_count() -> None:
    assert {v for _, v, _ in _figs("Between 5 and 7 people were hurt in the blast.")} == {5, 7}
    assert _figs("Under 30 people came to the hearing.") == [("Under 30 people", 30.0, "people")]


def test_a_currency_code_before_a_spaced_sign() -> None:
    assert _figs("Imports were worth C$ 412 million.") == [("C$ 412 million", 412e6, "CAD")]
