"""Phrase resolution from the dictionaries alone (``resolve_text``: no parse, no article)."""

from __future__ import annotations

import pytest

from dotterel.actors import ActorResolver


@pytest.fixture(scope="module")
def resolver() -> ActorResolver:
    return ActorResolver()


@pytest.mark.parametrize(
    ("text", "code", "sector"),
    [
        # countries: names, short forms, codes, demonyms
        ("Albania", "ALB", None),
        ("the United States", "USA", None),
        ("the U.S.", "USA", None),
        ("US", "USA", None),
        ("USA", "USA", None),
        ("America", "USA", None),
        ("Britain", "GBR", None),
        ("the UK", "GBR", None),
        ("the Netherlands", "NLD", None),
        ("Netherlands", "NLD", None),
        ("Holland", "NLD", None),
        ("South Korea", "KOR", None),
        ("North Korea", "PRK", None),
        ("Ivory Coast", "CIV", None),
        ("Russia", "RUS", None),
        ("Iran", "IRN", None),
        ("Syria", "SYR", None),
        ("Burma", "MMR", None),
        ("Myanmar", "MMR", None),
        ("Côte d'Ivoire", "CIV", None),
        ("Guinea-Bissau", "GNB", None),
        ("IRN", "IRN", None),
        # demonyms with agent nouns
        ("Iranian intelligence agents", "IRN", "SPY"),
        ("Albanian officials", "ALB", "GOV"),
        ("Iranian steelworkers", "IRN", "LAB"),
        ("Dutch police", "NLD", "COP"),
        ("Emirati diplomats", "ARE", "GOV"),
        ("American troops", "USA", "MIL"),
        ("British journalists", "GBR", "JRN"),
        ("Swiss doctors", "CHE", "MED"),
        ("Turkish students", "TUR", "EDU"),
        ("Afghan refugees", "AFG", "REF"),
        ("Nepalese farmers", "NPL", "AGR"),
        ("Egyptian judges", "EGY", "JUD"),
        ("Kenyan lawmakers", "KEN", "LEG"),
        ("Colombian rebels", "COL", "REB"),
        ("Syrian opposition activists", "SYR", "OPP"),
        ("Brazilian businessmen", "BRA", "BUS"),
        ("Polish clergy", "POL", "REL"),
        ("Iraqi civilians", "IRQ", "CVL"),
        ("Danes", "DNK", "CVL"),
        # possessives, titles, seats of power, capitals
        ("Iran's ambassador", "IRN", "GOV"),
        ("Albania's foreign minister", "ALB", "GOV"),
        ("the Kremlin", "RUS", "GOV"),
        ("Downing Street", "GBR", "GOV"),
        ("the White House", "USA", "GOV"),
        ("the Pentagon", "USA", "MIL"),
        ("Whitehall", "GBR", "GOV"),
        ("the Elysee", "FRA", "GOV"),
        ("Tehran", "IRN", "GOV"),
        ("Tirana", "ALB", "GOV"),
        ("Washington", "USA", "GOV"),
        ("Beijing", "CHN", "GOV"),
        ("Moscow", "RUS", "GOV"),
        ("Kyiv", "UKR", "GOV"),
        ("Tehran residents", "IRN", "CVL"),
        ("Seoul's spy agency", "KOR", "SPY"),
        # prepositional complements
        ("security forces in the Netherlands", "NLD", "COP"),
        ("refugees fleeing the fighting in Sudan", "SDN", "REF"),
        ("the president of Armenia", "ARM", "GOV"),
        ("members of the Quds Force", "IRN", "MIL"),
        ("leaders of Hamas", "PSE", "REB"),
        ("doctors from Norwegian aid groups", "NOR", "MED"),
        # places give a code, not a sector
        ("striking workers in Ahvaz", "IRN", "LAB"),
        ("Darfur rebels", "SDN", "REB"),
    ],
)
def test_resolve_text_country_and_sector(
    resolver: ActorResolver, text: str, code: str, sector: str | None
) -> None:
    ref = resolver.resolve_text(text)
    assert (ref.code, ref.sector) == (code, sector)
    assert ref.text == text


@pytest.mark.parametrize(
    ("text", "code", "sector", "by"),
    [
        ("the MEK", "IRN", "OPP", "organisation"),
        ("Mujahedin-e-Khalq", "IRN", "OPP", "organisation"),
        ("the People's Mujahedin", "IRN", "OPP", "organisation"),
        ("the IRGC", "IRN", "MIL", "organisation"),
        ("Iran's Revolutionary Guard", "IRN", "MIL", "organisation"),
        ("the Quds Force", "IRN", "MIL", "organisation"),
        ("Hezbollah", "LBN", "REB", "organisation"),
        ("Hamas", "PSE", "REB", "organisation"),
        ("the Islamic State", "IMG", "REB", "organisation"),
        ("ISIS", "IMG", "REB", "organisation"),
        ("al-Qaeda", "IMG", "REB", "organisation"),
        ("al-Shabaab", "SOM", "REB", "organisation"),
        ("Boko Haram", "NGA", "REB", "organisation"),
        ("the Houthis", "YEM", "REB", "organisation"),
        ("the Wagner Group", "RUS", "PRM", "organisation"),
        ("the PKK", "TUR", "REB", "organisation"),
        ("the YPG", "SYR", "REB", "organisation"),
        ("Mossad", "ISR", "SPY", "organisation"),
        ("the CIA", "USA", "SPY", "organisation"),
        ("the FSB", "RUS", "SPY", "organisation"),
        ("MI6", "GBR", "SPY", "organisation"),
        ("Amnesty International", "NGO", None, "organisation"),
        ("Human Rights Watch", "NGO", None, "organisation"),
        ("the United Nations", "UNO", None, "igo"),
        ("the UN", "UNO", None, "igo"),
        ("the U.N. Security Council", "UNO", "GOV", "igo"),
        ("UN peacekeepers", "UNO", "MIL", "igo"),
        ("the European Union", "EUR", None, "igo"),
        ("the EU", "EUR", None, "igo"),
        ("NATO", "NAT", "MIL", "igo"),
        ("the African Union", "AFR", None, "igo"),
        ("the IAEA", "IAE", None, "igo"),
        ("the UNHCR", "HCR", "REF", "igo"),
        ("the World Health Organization", "WHO", "MED", "igo"),
        ("the World Bank", "WBK", None, "igo"),
        ("the IMF", "IMF", None, "igo"),
        ("OPEC", "OPC", None, "igo"),
        ("the Arab League", "ARL", None, "igo"),
        ("ASEAN", "ASN", None, "igo"),
        ("the OSCE", "SCE", None, "igo"),
        ("the International Criminal Court", "ICC", "JUD", "igo"),
        ("a human rights group", "NGO", "SOC", "sector-only"),
        ("Iranian rights groups", "IRN", "SOC", "demonym"),
    ],
)
def test_resolve_text_organisations(
    resolver: ActorResolver, text: str, code: str, sector: str | None, by: str
) -> None:
    ref = resolver.resolve_text(text)
    assert (ref.code, ref.sector, ref.resolved_by) == (code, sector, by)


@pytest.mark.parametrize(
    ("text", "date", "code", "sector", "name"),
    [
        ("US National Security Adviser John Bolton", "2018-12-20", "USA", "GOV", "John Bolton"),
        ("President Trump", "2018-12-20", "USA", "GOV", "Trump"),
        ("Donald Trump", "2023-05-01", "USA", "CVL", "Donald Trump"),
        ("Donald Trump", "2025-06-01", "USA", "GOV", "Donald Trump"),
        ("Hassan Rouhani", "2016-01-10", "IRN", "GOV", "Hassan Rouhani"),
        ("Rouhani", "2022-03-01", "IRN", "CVL", "Rouhani"),
        ("Edi Rama", "2018-12-20", "ALB", "GOV", "Edi Rama"),
        ("Supreme Leader Ali Khamenei", "2018-12-20", "IRN", "GOV", "Ali Khamenei"),
        ("former President Hosni Mubarak", "2012-01-01", "EGY", "CVL", "Hosni Mubarak"),
        ("the Taliban", "2010-06-01", "AFG", "REB", "Taliban"),
        ("the Taliban", "2022-06-01", "AFG", "GOV", "Taliban"),
        # a title without a known name keeps the name, code from the adjective
        ("Defence Minister Aldo Brunetti of Italy", "2018-12-20", "ITA", "GOV", "Aldo Brunetti"),
        ("Kenyan Health Minister Wanjiru Otieno", "2018-12-20", "KEN", "GOV", "Wanjiru Otieno"),
    ],
)
def test_resolve_text_people_and_dates(
    resolver: ActorResolver, text: str, date: str, code: str, sector: str, name: str
) -> None:
    ref = resolver.resolve_text(text, date=date)
    assert (ref.code, ref.sector, ref.name) == (code, sector, name)


@pytest.mark.parametrize(
    ("text", "sector"),
    [
        ("officials", "GOV"),
        ("police", "COP"),
        ("the protesters", "CVL"),
        ("unknown gunmen", "UAF"),
        ("President Ngala Bede", "GOV"),
        ("anti-Iranian protesters", "CVL"),
        ("Iranian-backed militias", "PRM"),
        ("ethnic Albanian villagers", "CVL"),
        # An ethnic group is civilians of the country it lives in, not the demonym's country.
        ("ethnic Serbs", "CVL"),
        ("three ethnic Uzbeks", "CVL"),
        ("the regime", "GOV"),
        ("critics of Iran", "OPP"),
    ],
)
def test_resolve_text_unknown_country_is_unk_not_a_guess(
    resolver: ActorResolver, text: str, sector: str
) -> None:
    ref = resolver.resolve_text(text)
    assert ref.code == "UNK"
    assert ref.sector == sector
    assert ref.resolved_by == "sector-only"
    assert ref.text == text


@pytest.mark.parametrize("text", ["the weather", "a long afternoon", "it", "Mr Okonkwo-Baptiste"])
def test_resolve_text_no_actor_is_unresolved(resolver: ActorResolver, text: str) -> None:
    ref = resolver.resolve_text(text)
    assert (ref.code, ref.sector, ref.resolved_by) == ("UNK", None, "unresolved")


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("Osama bin Laden's al-Qaeda", "IMG"),
        ("NATO-member Norway", "NOR"),
        ("the U.S.-led coalition", "USA"),
        ("Bosnian Serbs", "BIH"),
        ("Albanians of southern Serbia", "SRB"),
    ],
)
def test_resolve_text_picks_the_name_nearest_the_head(
    resolver: ActorResolver, text: str, code: str
) -> None:
    assert resolver.resolve_text(text).code == code


@pytest.mark.parametrize(
    ("code", "family"),
    [
        ("IRN", "country"),
        ("SUN", "country"),
        ("UNO", "igo"),
        ("EUR", "igo"),
        ("IGO", "igo"),
        ("NGO", "ngo"),
        ("IMG", "img"),
        ("UNK", "unknown"),
        ("XYZ", "unknown"),
    ],
)
def test_family_of_codes(resolver: ActorResolver, code: str, family: str) -> None:
    assert resolver.family(code) == family
