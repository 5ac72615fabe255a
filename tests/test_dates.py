"""Dates: editor input in Vietnam time, Vietnamese formatting, the reproducible build clock."""

from datetime import date, datetime, timedelta, timezone

import pytest

from cchc.dates import DateError, VIETNAM, build_time, parse_day, parse_when, vn_date, vn_date_formal


def test_a_date_without_time_is_midnight_in_vietnam_not_utc():
    moment = parse_when("2022-03-03")
    assert moment.isoformat() == "2022-03-03T00:00:00+07:00"
    assert parse_when(date(2022, 3, 3)) == moment


@pytest.mark.parametrize("text, expected", [
    ("2022-05-18 08:30", "2022-05-18T08:30:00+07:00"),
    ("2022-05-18T08:30:15", "2022-05-18T08:30:15+07:00"),
    ("2022-05-18T01:30:00Z", "2022-05-18T08:30:00+07:00"),
    ("2022-05-18T08:30:00+00:00", "2022-05-18T15:30:00+07:00"),
])
def test_datetimes_are_read_in_vietnam_time(text, expected):
    assert parse_when(text).isoformat() == expected


@pytest.mark.parametrize("bad, detail", [
    ("2022-13-45", "đang ghi '2022-13-45' (không có ngày, giờ này)"),
    ("03/3/2022", "đang ghi '03/3/2022'"),
    ("", "đang ghi ''"),
    (20220303, "đang ghi 20220303"),
])
def test_bad_dates_say_what_was_found_and_what_to_write(bad, detail):
    with pytest.raises(DateError) as error:
        parse_when(bad)
    assert str(error.value).startswith(detail)
    assert str(error.value).endswith("; ghi ngày dạng 2022-03-03, hoặc ngày và giờ dạng 2022-03-03 08:30")


def test_parse_day_refuses_a_time():
    assert parse_day("2022-11-10") == date(2022, 11, 10)
    with pytest.raises(DateError):
        parse_day("2022-11-10 08:00")


@pytest.mark.parametrize("day, text", [
    (date(2022, 3, 3), "03/3/2022"),
    (date(2011, 1, 26), "26/01/2011"),
    (date(2022, 2, 5), "05/02/2022"),
    (date(2022, 12, 15), "15/12/2022"),
])
def test_running_text_dates_follow_the_administrative_convention(day, text):
    assert vn_date(day) == text


def test_formal_dates():
    assert vn_date_formal(date(2023, 1, 5)) == "ngày 05 tháng 01 năm 2023"


def test_build_time_honours_source_date_epoch():
    moment = build_time({"SOURCE_DATE_EPOCH": "1672506000"})
    assert moment == datetime(2023, 1, 1, tzinfo=VIETNAM)
    assert moment.utcoffset() == timedelta(hours=7)


def test_build_time_without_epoch_is_now_in_vietnam():
    before = datetime.now(timezone.utc)
    moment = build_time({})
    assert moment.utcoffset() == timedelta(hours=7)
    assert abs(moment - before) < timedelta(seconds=5)
