"""Positions: reporting verbs, quotes on either side, titles, pronouns, agencies."""

from __future__ import annotations

from datetime import UTC, datetime

from briefings.condense import condense
from briefings.models import Article


def _positions(text: str, title: str = "Test") -> dict[str, str]:
    art = Article(id="t", title=title, text=text, published=datetime(2026, 3, 4, tzinfo=UTC))
    return {p.who: p.stance for p in condense(art).positions}


def test_speaker_after_the_quote() -> None:
    got = _positions(
        '"Tariffs are a tax on our own shoppers," said Ilona Varga, the trade commissioner.'
    )
    assert "Ilona Varga" in got
    assert "Tariffs are a tax" in got["Ilona Varga"]


def test_speaker_before_a_reporting_verb_with_title_stripped() -> None:
    got = _positions("Finance Minister Oskar Lund warned that the deficit would double next year.")
    assert got == {"Oskar Lund": "warned the deficit would double next year"} or "Oskar Lund" in got
    assert "deficit" in got["Oskar Lund"]


def test_appositive_between_name_and_verb() -> None:
    got = _positions(
        "Nadia Holm, a senior fellow at the Lakeside Institute, argued that sanctions were failing."
    )
    assert "Nadia Holm" in got
    assert "sanctions were failing" in got["Nadia Holm"]


def test_pronoun_carries_to_the_last_named_person() -> None:
    got = _positions(
        "Mayor Petra Quist announced a new tram line for the east side. "
        "She said the first trams would run in 2028."
    )
    assert "Petra Quist" in got
    assert "trams" in got["Petra Quist"]
    assert "She" not in got and "she" not in got


def test_news_agencies_are_never_speakers() -> None:
    got = _positions(
        "Reuters reported that the talks had stalled. "
        '"We are not leaving," Defence Minister Arvo Tamm told the Associated Press.'
    )
    assert "Reuters" not in got
    assert not any("Associated Press" in who for who in got)
    assert "Arvo Tamm" in got


def test_according_to() -> None:
    got = _positions("According to Lena Brandt, the merger will close in June.")
    assert "Lena Brandt" in got and "merger" in got["Lena Brandt"]


def test_quoted_by_an_agency_names_the_speaker_not_the_agency() -> None:
    got = _positions('"Prices will stay high," Reuters quoted broker Tomas Lind as saying.')
    assert "Tomas Lind" in got
    assert "Reuters" not in got


def test_fullest_name_is_used() -> None:
    got = _positions(
        "Karin Solberg leads the party. Solberg said the coalition would survive the vote."
    )
    assert "Karin Solberg" in got


def test_fixture_article(fixture_articles: dict[str, Article]) -> None:
    c = condense(fixture_articles["fx-port-strike-01"])
    whos = [p.who for p in c.positions]
    assert "Marta Ilves" in whos and "Jonas Petrak" in whos
    assert not any(w == "Reuters" for w in whos)


def test_age_appositive_and_told_object() -> None:
    got = _positions("Lena Brandt, 45, told Reuters that the merger would close in June.")
    assert got.get("Lena Brandt", "").startswith("the merger")


def test_said_after_the_clause_without_quotes() -> None:
    got = _positions(
        "The talks will resume in Oslo next week, said Jane Doe, a spokeswoman for the mediators."
    )
    assert "Jane Doe" in got and "talks will resume" in got["Jane Doe"]


def test_it_carries_to_the_last_organisation() -> None:
    got = _positions(
        "The Varnholm Port Authority said traffic fell in May. It said a recovery was expected by autumn."
    )
    assert "Varnholm Port Authority" in got
    assert "recovery" in got["Varnholm Port Authority"]


def test_single_quotation_marks() -> None:
    got = _positions(
        "‘We will not accept this,’ Foreign Minister Anna Lind said. ‘The talks are over.’"
    )
    assert "Anna Lind" in got
    assert "We will not accept this" in got["Anna Lind"] and "talks are over" in got["Anna Lind"]


def test_he_goes_to_the_subject_of_the_previous_sentence_and_keeps_gender() -> None:
    got = _positions(
        '"We will win," Ines Varro told supporters. She pledged to cut fuel taxes. '
        "Dario Fenn conceded the result was a setback. "
        '"The campaign starts again tomorrow," he said.'
    )
    assert "campaign starts again" in got["Dario Fenn"]
    assert "campaign starts again" not in got["Ines Varro"]


def test_reported_speech_inside_a_quotation_is_not_a_claim() -> None:
    got = _positions(
        "Mayor Tom Reed spoke to reporters. \"She told me, 'we want more', and left,\" he said."
    )
    assert set(got) == {"Tom Reed"}


def test_organisation_named_by_a_modifier_but_not_unnamed_people() -> None:
    got = _positions(
        "The count must be repeated, the electoral commission said on Monday. "
        "The nine judges ruled that the law was void."
    )
    assert "electoral commission" in got
    assert not any("judges" in who for who in got)


def test_titles_stripped_but_organisations_kept() -> None:
    from briefings.condense.names import strip_titles

    cases = {
        "Secretary of State Antony J. Blinken": "Antony J. Blinken",
        "Senate Majority Leader Chuck Schumer": "Chuck Schumer",
        "Ukrainian Defense Minister Rustem Umerov": "Rustem Umerov",
        "House of Representatives": "House of Representatives",
        "Pickering Energy Partners": "Pickering Energy Partners",
        "National Security Council": "National Security Council",
    }
    for raw, name in cases.items():
        assert " ".join(strip_titles(raw.split())) == name


def test_negation_stays_in_the_stance() -> None:
    got = _positions("Mayor Ana Holt has not ruled out new taxes for the region.")
    assert got["Ana Holt"].startswith("has not ruled out")
    assert _positions("Mayor Ana Holt did not say whether taxes would rise.") == {}


def test_she_said_goes_to_the_speaker_of_the_sentence_before() -> None:
    got = _positions(
        '"We will not sign a blank cheque," Green Alliance chair Mira Holt told reporters. '
        "She said her party would consult its members first."
    )
    assert "Green Alliance" not in got
    assert "consult" in got["Mira Holt"]


def test_an_organisation_name_with_and() -> None:
    got = _positions(
        "Rents will keep rising, according to the Office of Housing and Planning Board."
    )
    assert "Office of Housing and Planning Board" in got


def test_a_title_abbreviation_does_not_end_the_name() -> None:
    got = _positions('"The wards are full and we are worried," said Dr. Elena Marsh, a surgeon.')
    assert "Elena Marsh" in got


def test_figures_released_by_an_organisation_are_no_stance() -> None:
    got = _positions(
        "Retail sales fell 2.1% in June from 1.4% in May, the National Statistics Office said."
        " The Retailers Federation said the drop showed the tax rise must be reversed."
    )
    assert "National Statistics Office" not in got
    assert "Retailers Federation" in got


def test_a_person_giving_numbers_keeps_the_position() -> None:
    got = _positions("Union leader Sara Voss said members had backed 14 demands for the talks.")
    assert "Sara Voss" in got


def test_a_name_with_a_lowercase_particle() -> None:
    got = _positions(
        "The country's envoy to the talks, Omar al-Haddad, said both sides had agreed to a truce."
    )
    assert "Omar al-Haddad" in got


def test_person_of_an_organisation_is_the_actor() -> None:
    got = _positions(
        "Economist Marta Ilves of the Varnholm Institute said the levy would hurt small ports."
    )
    assert "Marta Ilves" in got
    got = _positions("Jonas Sauk of Kestrel Energy said the tender was rigged.")
    assert "Jonas Sauk" in got


def test_place_inside_an_appositive_is_not_the_actor() -> None:
    got = _positions(
        "Kestrel Energy, based in Eastport, Maine, says it will refund every customer."
    )
    assert "Kestrel Energy" in got
    assert "Maine" not in got


def test_minister_for_a_portfolio_is_stripped_from_the_name() -> None:
    got = _positions(
        "Minister for Transport Petra Holm told parliament that fares would be frozen."
    )
    assert "Petra Holm" in got


def test_declining_to_comment_is_no_stance() -> None:
    assert _positions("Kestrel Energy declined to comment on the lawsuit.") == {}


def test_a_verb_inside_a_hyphenated_word_is_no_verb() -> None:
    assert _positions("Tomas built an Union-approved heat pump for the school.") == {}


def test_pronoun_never_resolves_to_a_law_or_a_tax() -> None:
    got = _positions(
        "The Universal Transit Charge will rise in April. The mayor said buses were full. "
        "He warned that the network was close to breaking point."
    )
    assert "Universal Transit Charge" not in got


def test_the_company_said_is_the_organisation_named_before() -> None:
    got = _positions(
        "Investors sold shares of Tarnwick Mining Holdings on Monday. The company said a "
        "flooded shaft would stay closed for at least a month."
    )
    assert "Tarnwick Mining Holdings" in got
    assert "flooded shaft" in got["Tarnwick Mining Holdings"]


def test_the_group_said_follows_an_appositive_that_calls_it_so() -> None:
    got = _positions(
        "The plan drew fire from the Harbour Tenants Forum, an informal group of renters. "
        'In a post on its website, the group called the plan "a giveaway to landlords".'
    )
    assert "Harbour Tenants Forum" in got
    assert "giveaway" in got["Harbour Tenants Forum"]


def test_the_company_said_with_no_organisation_named_gives_no_actor() -> None:
    got = _positions("Marta Ilves spoke first. The company said it would appeal the fine.")
    assert "Marta Ilves" not in got


def test_closing_attribution_names_the_actor_of_the_whole_sentence() -> None:
    got = _positions(
        "Quillfeather, the Leeds-based maker of ledger software, will cut about 300 jobs and "
        "close its office in Derby, the company said Wednesday. Staff at Quillfeather were told "
        "by email."
    )
    assert got.get("Quillfeather", "").startswith("will cut about 300 jobs")
    assert "the company said" not in got["Quillfeather"]


def test_an_organisation_is_named_as_in_its_first_mention() -> None:
    got = _positions(
        "Orrin Therapeutics said its pill cut blood pressure in a trial. Orrin said it would "
        "seek approval next year."
    )
    assert list(got) == ["Orrin Therapeutics"]


def test_party_and_home_of_a_lawmaker_are_not_the_name() -> None:
    got = _positions(
        "Rep. Tessa Morrow, D-Eastport, said the bill would cut rents. Sen. Cal Brandt, "
        "R-Lindmark, who chairs the finance panel, said he had doubts about the cost."
    )
    assert "Tessa Morrow" in got and "Cal Brandt" in got
    assert not any(w.startswith(("D-", "R-")) for w in got)


def test_role_before_the_name_after_the_quote() -> None:
    got = _positions(
        '"This bill protects renters," said the chief sponsor, Rep. Tessa Morrow, D-Eastport.'
    )
    assert "protects renters" in got.get("Tessa Morrow", "")


def test_appositive_after_the_speaker_of_a_quote() -> None:
    got = _positions('"We will not sign," Arvo Tamm, the Greens\' leader, told reporters.')
    assert "Arvo Tamm" in got


def test_reported_results_are_no_stance() -> None:
    assert _positions("Kestrel Social reported turnover of €9.6bn in 2024.") == {}


def test_a_finding_is_a_stance_but_finding_an_object_is_not() -> None:
    got = _positions("Judge Ada Ruiz found that the regulator had acted within its powers.")
    assert "acted within its powers" in got.get("Ada Ruiz", "")
    assert _positions("Police Chief Ada Ruiz found the missing van near the river.") == {}
