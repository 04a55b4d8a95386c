"""databook.language: numbers, percentages, dates and country names per language, from babel (CLDR)."""
import datetime as dt

import pytest

from databook import language


@pytest.mark.parametrize("value, decimals, nl, en", [
    (1332.6, 1, "1.332,6", "1,332.6"),
    (323000, 0, "323.000", "323,000"),
    (-1234567.891, 2, "-1.234.567,89", "-1,234,567.89"),
    (322.5, 0, "323", "323"),      # half away from zero, as people round
    (0.15, 1, "0,2", "0.2"),       # on the float's shortest decimal form (0.15, not 0.1499...)
    (-0.04, 1, "0,0", "0.0"),      # no "-0,0"
])
def test_number_per_language(value, decimals, nl, en):
    assert language.number(value, decimals, "nl") == nl
    assert language.number(value, decimals, "en") == en


def test_percent_per_language():
    assert language.percent(95.0, 1, "nl") == "95,0\u00a0%"
    assert language.percent(95.0, 1, "en") == "95.0%"


def test_date_per_language():
    assert language.date(dt.date(2026, 11, 26), "nl") == "26 november 2026"
    assert language.date(dt.date(2026, 11, 26), "en") == "26 November 2026"


def test_eu27_names_come_from_cldr_with_eurostat_codes():
    assert len(set(language.EU27)) == 27 and "EL" in language.EU27 and "GR" not in language.EU27
    nl, en = language.eu27_names("nl"), language.eu27_names("en")
    assert (nl["EL"], en["EL"]) == ("Griekenland", "Greece")
    assert (nl["CZ"], nl["BE"], en["BE"]) == ("Tsjechië", "België", "Belgium")
    assert len(set(nl.values())) == 27 and len(set(en.values())) == 27
    assert language.country_name("UK", "nl") == "Verenigd Koninkrijk"
    assert language.country_name("EU27_2020", "en") == "EU-27"
    with pytest.raises(ValueError, match="unknown country code 'XX'"):
        language.country_name("XX", "nl")


def test_unknown_language_is_refused():
    with pytest.raises(ValueError, match="unknown language 'de'"):
        language.number(1, 0, "de")
