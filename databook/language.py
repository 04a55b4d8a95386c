"""The book's languages and the one place where numbers, dates and country names are written for a
reader, through babel (CLDR data), never by hand.

    number(1332.6, 1, "nl") -> '1.332,6'      number(1332.6, 1, "en") -> '1,332.6'
    percent(95, 1, "nl")    -> '95,0 %'       percent(95, 1, "en")    -> '95.0%'
    date(day, "nl")         -> '26 november 2026'  (en: '26 November 2026')
    country_name("EL", "nl") -> 'Griekenland'      (Eurostat codes; en: 'Greece')

Dutch is the original (Belgian Dutch, nl_BE); English is British English (en_GB: 'Czechia',
'26 November 2026'), the usage of the EU's institutions. Numbers are rounded half away from zero on
the shortest decimal form of the float (322.5 -> 323, 0.15 -> 0.2), as people round; babel only
writes the digits and the locale's separators. A Dutch percentage keeps the book's non-breaking
space before '%' (the Belgian and Dutch style guides' usage); English writes '95.0%'.
"""
from __future__ import annotations

import datetime as dt
import math
from decimal import ROUND_HALF_UP, Decimal

from babel import Locale
from babel.dates import format_date
from babel.numbers import format_decimal

LANGUAGES = ("nl", "en")
ORIGINAL = "nl"
LOCALES = {"nl": "nl_BE", "en": "en_GB"}
NBSP = "\u00a0"
PERCENT = {"nl": NBSP + "%", "en": "%"}

# The 27 member states of the European Union (since 2020), in Eurostat's codes (ISO 3166 alpha-2,
# except Greece: EL). Their names come from CLDR, in each language.
EU27 = ("AT", "BE", "BG", "CY", "CZ", "DE", "DK", "EE", "EL", "ES", "FI", "FR", "HR", "HU", "IE", "IT",
        "LT", "LU", "LV", "MT", "NL", "PL", "PT", "RO", "SE", "SI", "SK")
# Eurostat writes two countries differently from ISO 3166 (and CLDR).
EUROSTAT_TO_ISO = {"EL": "GR", "UK": "GB"}
# Aggregates are not territories in CLDR: their names, the same in both languages.
AGGREGATES = {"EU27": "EU-27", "EU27_2020": "EU-27", "EU28": "EU-28", "EU15": "EU-15"}


def check(language: str) -> str:
    """`language` if the book has it, else a ValueError naming the languages it has."""
    if language not in LANGUAGES:
        raise ValueError(f"unknown language {language!r}: the book is written in {', '.join(LANGUAGES)}")
    return language


def locale(language: str) -> str:
    """The babel locale of a language: 'nl' -> 'nl_BE'."""
    return LOCALES[check(language)]


def number(value: float, decimals: int, language: str) -> str:
    """A number as a reader of `language` writes it, with `decimals` decimals: 1332.6 -> '1.332,6' (nl),
    '1,332.6' (en). A missing number (None, NaN) is an error, not an empty string."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        raise ValueError("cannot format a missing number")
    exact = Decimal(repr(float(abs(value)))).quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP)
    pattern = "#,##0" + ("." + "0" * decimals if decimals > 0 else "")
    text = format_decimal(exact, format=pattern, locale=locale(language))
    return ("-" + text) if value < 0 and exact != 0 else text


def percent(value: float, decimals: int, language: str) -> str:
    """A percentage (95.0 is 95 %): '95,0 %' (nl, with a non-breaking space), '95.0%' (en)."""
    return number(value, decimals, language) + PERCENT[check(language)]


def date(day: dt.date, language: str) -> str:
    """A day written out: '26 november 2026' (nl), '26 November 2026' (en)."""
    return format_date(day, "d MMMM y", locale=locale(language))


def country_name(code: str, language: str) -> str:
    """The name of a country (Eurostat or ISO code) or EU aggregate in `language`, from CLDR:
    'EL' -> 'Griekenland' / 'Greece', 'CZ' -> 'Tsjechië' / 'Czechia', 'EU27_2020' -> 'EU-27'."""
    if code in AGGREGATES:
        return AGGREGATES[code]
    names = Locale.parse(locale(language)).territories
    iso = EUROSTAT_TO_ISO.get(code, code)
    if iso not in names:
        raise ValueError(f"unknown country code {code!r} (expected a Eurostat or ISO 3166 code)")
    return names[iso]


def eu27_names(language: str) -> dict[str, str]:
    """{Eurostat code: name} of the 27 member states in `language`."""
    return {code: country_name(code, language) for code in EU27}
