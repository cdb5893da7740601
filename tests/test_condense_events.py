"""Next events: future only, dates resolved against the publication date."""

from __future__ import annotations

from datetime import UTC, date, datetime

from briefings.condense import condense, dates
from briefings.models import Article

WED = date(2025, 2, 26)  # a Wednesday


def _events(
    text: str, published: datetime | None = datetime(2025, 2, 26, 9, tzinfo=UTC)
) -> list[tuple[str, str | None, date | None]]:
    art = Article(id="t", title="Test", text=text, published=published)
    return [(e.what, e.when, e.date) for e in condense(art).events]


def test_weekday_resolves_to_the_next_one() -> None:
    got = _events("The two leaders will meet in Geneva on Friday to sign the accord.")
    assert got and got[0][2] == date(2025, 2, 28)
    assert got[0][1] == "Friday"


def test_next_weekday_is_that_day_of_next_week() -> None:
    # written on Wednesday 26 Feb: "next Thursday" is 6 March, not the next day
    found = dates.find("They meet next Thursday and again next Monday.", WED)
    assert [(m.text, m.date) for m in found] == [
        ("next Thursday", date(2025, 3, 6)),
        ("next Monday", date(2025, 3, 3)),
    ]
    sunday = date(2025, 3, 2)
    assert dates.find("They meet next Monday.", sunday)[0].date == date(2025, 3, 10)


def test_month_day_and_by_deadline() -> None:
    got = _events("The regulator has set a deadline of March 1 for bids.")
    assert got[0][2] == date(2025, 3, 1)


def test_next_week_and_later_this_month() -> None:
    found = dates.find("They will vote next week, and a report is due later this month.", WED)
    assert found[0].text == "next week" and found[0].date == date(2025, 3, 3)
    assert found[1].text == "later this month" and found[1].date is None and found[1].future


def test_past_events_are_excluded() -> None:
    got = _events(
        "The ministers met on Monday and signed the memorandum. The vote was held in January."
    )
    assert got == []


def test_said_on_a_past_weekday_is_not_the_event_date() -> None:
    got = _events("The mayor said on Monday that the bridge would reopen on Saturday.")
    assert got and got[0][2] == date(2025, 3, 1)


def test_published_missing_uses_now() -> None:
    art = Article(id="t", title="T", text="The summit is scheduled for Friday in Oslo.")
    ev = condense(art, now=datetime(2025, 2, 26, tzinfo=UTC)).events
    assert ev and ev[0].date == date(2025, 2, 28)


def test_two_dates_in_one_sentence_make_two_events() -> None:
    got = _events("The board will meet again on March 12, before a final vote on April 9.")
    assert {d for _, _, d in got} >= {date(2025, 3, 12), date(2025, 4, 9)}


def test_fixture_events(fixture_articles: dict[str, Article]) -> None:
    ev = condense(fixture_articles["fx-port-strike-01"]).events
    assert date(2026, 3, 10) in {e.date for e in ev}
    assert all(e.date is None or e.date >= date(2026, 3, 4) for e in ev)


def test_in_two_weeks_needs_a_forward_look() -> None:
    assert _events("Prices were the lowest they had been in 15 months.") == []
    got = _events("The ministers will meet again in two weeks to sign the accord.")
    assert got and got[0][1] == "in two weeks" and got[0][2] is None


def test_event_clause_reaches_back_to_its_subject() -> None:
    got = _events(
        "Third-placed candidate Rui Alves, who won 14%, is expected to announce on Friday whom he backs."
    )
    assert got and got[0][0].startswith("Third-placed candidate Rui Alves")
    assert got[0][2] == date(2025, 2, 28)


def test_a_weekday_before_a_date_names_that_date() -> None:
    got = _events("Nurses will walk out for three days from Tuesday 11 March over pay.")
    assert got and got[0][1] == "Tuesday 11 March" and got[0][2] == date(2025, 3, 11)
    mentions = dates.find("The fair opens on Friday, March 14.", WED)
    assert [(m.text, m.date) for m in mentions] == [("Friday, March 14", date(2025, 3, 14))]


def test_a_capitalised_weak_cue_is_part_of_a_name() -> None:
    assert _events("The New Future party took 40 seats in Sunday's ballot.") == []


def test_projections_of_a_quantity_are_not_events() -> None:
    assert _events("The agency now projects exports of 2 to 3 percent this year.") == []
    assert _events("Analysts said the surplus will exceed 5 billion next year.") == []
    assert _events("He warned that the number of victims was likely to rise.") == []


def test_a_period_after_a_past_verb_looks_back() -> None:
    assert _events("Rebels still hold the towns they seized this year, officials say.") == []


def test_a_done_agreement_is_not_an_event_but_agreed_meetings_are() -> None:
    assert _events("Harlow Foods has agreed to buy a bakery chain for $2bn.") == []
    got = _events("The unions have agreed to hold two more meetings with ministers.")
    assert got and "meetings" in got[0][0]


def test_a_passive_after_would_still_looks_forward() -> None:
    got = _events(
        "The mayor said the clinic had reopened, and that the first vouchers would be issued"
        " within 14 days."
    )
    assert got and got[0][1] == "within 14 days"


def test_expecting_a_happening_is_a_cue_but_a_market_forecast_is_not() -> None:
    got = _events("The two firms expect the merger to close by the end of the year.")
    assert got and "close" in got[0][0]
    assert _events('"I expect the market to open higher by the end of the year," he said.') == []


def test_a_quantity_change_is_not_an_event_even_beside_an_event_word() -> None:
    assert _events("She said the number of victims was likely to rise as roads were cut.") == []


def test_confidence_about_the_future_is_a_claim_not_an_event() -> None:
    assert _events("He said he was confident the two sides could settle it within weeks.") == []


def test_a_participle_after_a_plural_noun_does_not_date_the_past() -> None:
    got = _events("The king will meet the mayors elected in the cities on Friday.")
    assert got and got[0][2] == date(2025, 2, 28)


def test_hoping_to_finish_before_a_date_is_a_cue() -> None:
    got = _events("Both clubs hope to finish the transfer before the window shuts on Friday.")
    assert got and got[0][2] == date(2025, 2, 28)


def test_the_consequence_of_a_condition_is_no_event() -> None:
    assert _events("If the bill becomes law, its rules would take effect on March 3.") == []
    got = _events("The rules take effect on March 3, the ministry said.")
    assert got and got[0][2] == date(2025, 3, 3)


def test_hoped_to_and_within_hours_look_ahead_but_had_hoped_does_not() -> None:
    got = _events("He said rescuers hoped to reach the trapped miners within 48 hours.")
    assert got and got[0][1] == "within 48 hours"
    assert _events("Rescuers had hoped to reach the miners within 48 hours.") == []


def test_a_decision_expected_later_this_year_is_an_event() -> None:
    got = _events("The firm also faces an inquiry, with a draft decision expected later this year.")
    assert got and got[0][1] == "later this year"


def test_a_month_half_a_year_off_is_the_next_one() -> None:
    september = datetime(2025, 9, 16, 9, tzinfo=UTC)
    got = _events("Kestrel said it would file its application by the end of March.", september)
    assert got and "end of March" in (got[0][1] or "")
