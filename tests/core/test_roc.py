import datetime as dt

import pytest
from django import forms
from hypothesis import given
from hypothesis import strategies as st

from probity.core import roc
from probity.core.forms import ROCDateField
from probity.core.roc import Period

dates = st.dates(min_value=dt.date(1913, 1, 1), max_value=dt.date(2200, 12, 31))
periods = st.builds(Period, st.integers(min_value=2, max_value=289), st.sampled_from([1, 2]))


def test_roc_year_110_is_2021():
    assert roc.to_roc_year(2021) == 110
    assert roc.to_ad_year(110) == 2021


@given(st.integers(min_value=1, max_value=500))
def test_roc_year_round_trip(year):
    assert roc.to_roc_year(roc.to_ad_year(year)) == year


def test_period_parses_code_and_chinese():
    assert Period.parse("110H2") == Period(110, 2)
    assert Period.parse("110h1") == Period(110, 1)
    assert Period.parse("110年下半年") == Period(110, 2)
    assert Period.parse("民國110年上半年") == Period(110, 1)


@pytest.mark.parametrize("text", ["110H3", "H2", "110", "110年中半年", "0H1", ""])
def test_period_rejects_bad_text(text):
    with pytest.raises(ValueError):
        Period.parse(text)


def test_period_prints_code_label_and_bounds():
    period = Period(110, 2)
    assert period.code == "110H2"
    assert str(period) == "110H2"
    assert period.label == "110年下半年"
    assert period.first_day == dt.date(2021, 7, 1)
    assert period.last_day == dt.date(2021, 12, 31)
    assert Period(110, 1).last_day == dt.date(2021, 6, 30)
    assert period.previous() == Period(110, 1)
    assert period.next() == Period(111, 1)
    assert period.year_earlier() == Period(109, 2)
    assert [p.code for p in period.recent(3)] == ["109H2", "110H1", "110H2"]


@given(periods)
def test_period_code_and_label_round_trip(period):
    assert Period.parse(period.code) == period
    assert Period.parse(period.label) == period


@given(periods)
def test_period_next_and_previous_are_inverse_and_adjacent(period):
    assert period.next().previous() == period
    assert period.previous().next() == period
    assert period.next().first_day == period.last_day + dt.timedelta(days=1)


@given(dates)
def test_every_date_lies_in_exactly_its_period(day):
    period = Period.containing(day)
    assert period.first_day <= day <= period.last_day
    assert period.contains(day)
    assert not period.next().contains(day)
    assert not period.previous().contains(day)


def test_period_of_an_instant_uses_taipei_time():
    # 2021-06-30 16:30 UTC is 2021-07-01 00:30 in Taipei: already the second half.
    instant = dt.datetime(2021, 6, 30, 16, 30, tzinfo=dt.UTC)
    assert Period.containing(instant) == Period(110, 2)
    assert Period.containing(dt.datetime(2021, 6, 30, 15, 59, tzinfo=dt.UTC)) == Period(110, 1)


def test_period_start_and_end_are_taipei_midnights():
    period = Period(110, 2)
    assert period.start == dt.datetime(2021, 7, 1, tzinfo=roc.TAIPEI)
    assert period.end == dt.datetime(2022, 1, 1, tzinfo=roc.TAIPEI)
    assert period.start.astimezone(dt.UTC) == dt.datetime(2021, 6, 30, 16, 0, tzinfo=dt.UTC)


def test_naive_datetime_is_refused():
    with pytest.raises(ValueError):
        Period.containing(dt.datetime(2021, 7, 1))  # noqa: DTZ001


def test_dates_print_in_both_forms():
    assert roc.format_date(dt.date(2021, 7, 1)) == "110年7月1日"
    assert roc.format_slash(dt.date(2021, 7, 1)) == "110/07/01"
    assert roc.format_slash(dt.date(1912, 1, 1)) == "1/01/01"
    assert roc.format_datetime(dt.datetime(2021, 6, 30, 16, 5, tzinfo=dt.UTC)) == "110/07/01 00:05"
    # a system log's naive wall-clock time is Taipei time already, whatever the server's zone
    assert roc.format_datetime(dt.datetime(2021, 6, 30, 23, 59)) == "110/06/30 23:59"
    assert roc.format_datetime("2021-08-27 13:56:52") == "110/08/27 13:56"
    assert roc.format_datetime("2021-08-27 13:56:52", seconds=True) == "110/08/27 13:56:52"


@pytest.mark.parametrize("text", ["110/07/01", "110-7-1", "110.07.01", "110年7月1日", "民國110年07月01日", "1100701"])
def test_dates_parse_in_common_forms(text):
    assert roc.parse_date(text) == dt.date(2021, 7, 1)


@pytest.mark.parametrize("text", ["2021/07/01x", "110/13/01", "110/02/30", "abc", "0/01/01", ""])
def test_bad_dates_are_refused(text):
    with pytest.raises(ValueError):
        roc.parse_date(text)


def test_leap_days_follow_the_gregorian_calendar():
    assert roc.parse_date("109/02/29") == dt.date(2020, 2, 29)
    with pytest.raises(ValueError):
        roc.parse_date("110/02/29")
    assert roc.parse_date("89/02/29") == dt.date(2000, 2, 29)  # 2000 is a leap year
    with pytest.raises(ValueError):
        roc.parse_date("189/02/29")  # 2100 is not


@given(dates)
def test_date_round_trips_through_both_forms(day):
    assert roc.parse_date(roc.format_slash(day)) == day
    assert roc.parse_date(roc.format_date(day)) == day


@pytest.mark.parametrize(
    ("number", "text"), [(1, "一"), (9, "九"), (10, "十"), (11, "十一"), (20, "二十"), (21, "二十一"), (99, "九十九")]
)
def test_chinese_numerals_for_headings(number, text):
    assert roc.chinese_numeral(number) == text
    assert roc.parse_chinese_numeral(text) == number


def test_paren_numeral_is_the_second_heading_level():
    assert roc.paren_numeral(1) == "（一）"
    assert roc.paren_numeral(12) == "（十二）"


@given(st.integers(min_value=1, max_value=99))
def test_chinese_numeral_round_trip(number):
    assert roc.parse_chinese_numeral(roc.chinese_numeral(number)) == number


@pytest.mark.parametrize("number", [0, 100, -1])
def test_chinese_numeral_out_of_range(number):
    with pytest.raises(ValueError):
        roc.chinese_numeral(number)


def test_roc_date_field_accepts_and_shows_roc_dates():
    class Form(forms.Form):
        day = ROCDateField()

    form = Form({"day": "110/07/01"})
    assert form.is_valid()
    assert form.cleaned_data["day"] == dt.date(2021, 7, 1)
    assert 'value="110/07/01"' in str(Form(initial={"day": dt.date(2021, 7, 1)})["day"])
    bad = Form({"day": "2021-07-01"})
    assert not bad.is_valid()
    assert bad.errors["day"] == ["請輸入民國日期，例如 110/07/01。"]


def test_months_print_in_roc_years():
    assert roc.format_month("2021-12") == "110年12月"
    assert roc.format_month(dt.date(2022, 1, 5)) == "111年1月"
    assert roc.format_month(None) == ""


@pytest.mark.parametrize(
    ("text", "month"),
    [
        ("110/08", "2021-08"),
        ("110-8", "2021-08"),
        ("110年8月", "2021-08"),
        ("民國99年12月", "2010-12"),
        ("2021-08", "2021-08"),
    ],
)
def test_parse_month_reads_roc_and_log_forms(text, month):
    assert roc.parse_month(text) == month


@pytest.mark.parametrize("text", ["110/13", "110/0", "2021-8", "0/01", "八月", ""])
def test_parse_month_refuses_what_is_no_month(text):
    with pytest.raises(ValueError):
        roc.parse_month(text)


def test_month_slash_from_a_date_and_from_a_log_month():
    assert (roc.format_month_slash(dt.date(2021, 8, 31)), roc.format_month_slash("2021-12")) == ("110/08", "110/12")
    assert roc.format_month_slash(None) == ""


def test_a_chooser_offers_the_current_half_year_first(monkeypatch):
    monkeypatch.setattr(Period, "current", classmethod(lambda cls: Period(110, 2)))
    assert [p.code for p in Period.choosable(3)] == ["110H2", "110H1", "109H2"]
    assert len(Period.choosable()) == 12
