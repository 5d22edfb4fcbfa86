"""Numbers and dates come out one way, whatever the inputs typed."""
from __future__ import annotations

import datetime as dt

from generator import fmt
from generator.config import load_terms
from generator.fmt.compare import describe_change

KK, RU = load_terms("kk-KZ"), load_terms("ru-RU")


def test_numbers_grouped_with_no_break_space_and_decimal_comma():
    assert fmt.number(215625) == "215\u00a0625"
    assert fmt.number(1234.5) == "1\u00a0234,5"
    assert fmt.number(99) == "99"
    assert fmt.number(None) == "-"


def test_dates_numeric_and_long_official_form():
    day = dt.date(2021, 2, 11)
    assert fmt.date(day, "numeric") == "11.02.2021"
    assert fmt.date(day, "long", KK) == "2021 жылғы 11 ақпан"
    assert "\u202f" not in fmt.date(day, "long", KK)


def test_periods_within_a_year_name_the_year_once_in_long_form():
    start, end = dt.date(2021, 9, 20), dt.date(2021, 10, 2)
    assert fmt.period(start, end, "long", KK) == "2021 жылғы 20 қыркүйек – 2 қазан"
    assert fmt.period(start, end, "numeric") == "20.09.2021 – 02.10.2021"


def test_change_between_years_is_described_in_kazakh():
    assert describe_change(267, 436, KK) == "1,6 есеге артқандығын"
    assert describe_change(100, 112, KK) == "12%-ға артқандығын"
    assert describe_change(100, 88, KK) == "12%-ға азайғандығын"
    assert describe_change(100, 100, KK) == "өзгермегендігін"


def test_dates_and_changes_take_the_words_of_the_language():
    assert fmt.date(dt.date(2021, 2, 11), "long", RU) == "11 февраля 2021 г."
    assert fmt.period(dt.date(2021, 9, 20), dt.date(2021, 10, 2), "long", RU) == "20 сентября – 2 октября 2021 г."
    assert describe_change(267, 436, RU) == "увеличилось в 1,6 раза"
    assert describe_change(100, 88, RU) == "уменьшилось на 12%"
