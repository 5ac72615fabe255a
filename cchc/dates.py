"""Dates in Vietnam time: parsing editor input, Vietnamese formatting, the build clock."""

from __future__ import annotations

import os
import re
from datetime import date, datetime, time, timedelta, timezone

# Asia/Ho_Chi_Minh has had no daylight saving since 1975: a fixed offset is exact and needs
# no time-zone database on the machine.
VIETNAM = timezone(timedelta(hours=7))

# ASCII digits only: \d alone also matches "٢٠٢٢" (Arabic-Indic) and "２０２２" (full width).
_DATE_ONLY = re.compile(r"^\d{4}-\d{2}-\d{2}$", re.ASCII)
_DATE_TIME = re.compile(r"^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?$",
                        re.ASCII)
DATE_EXAMPLE = "ngày dạng 2022-03-03, hoặc ngày và giờ dạng 2022-03-03 08:30"
# Python's own words for a day the calendar lacks (2022-02-30) are English: these are said instead.
_NO_SUCH_DAY = " (không có ngày này trong lịch)"


class DateError(ValueError):
    """An editor's date that cannot be read; the message says what was expected."""


def parse_when(value: object) -> datetime:
    """Read a front-matter date or datetime; without a zone it is Vietnam time."""
    if isinstance(value, datetime):
        moment = value
    elif isinstance(value, date):
        moment = datetime.combine(value, time())
    elif isinstance(value, str) and (_DATE_ONLY.match(value.strip()) or _DATE_TIME.match(value.strip())):
        text = value.strip()
        try:
            moment = datetime.fromisoformat(text.replace("Z", "+00:00"))
        except ValueError:
            raise DateError(f"đang ghi {value!r} (không có ngày, giờ này); ghi {DATE_EXAMPLE}") from None
    else:
        raise DateError(f"đang ghi {value!r}; ghi {DATE_EXAMPLE}")
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=VIETNAM)
    try:
        return moment.astimezone(VIETNAM)
    except OverflowError:  # 9999-12-31T23:00-05:00 is already year 10000 in Vietnam
        raise DateError(f"đang ghi {value!r} (năm theo giờ Việt Nam phải từ 1 đến 9999); "
                        f"ghi {DATE_EXAMPLE}") from None


def parse_day(value: object) -> date:
    """Read a front-matter calendar day (no time), as written by the editor."""
    if isinstance(value, date) and not isinstance(value, datetime):
        return value
    if isinstance(value, str) and _DATE_ONLY.match(value.strip()):
        try:
            return date.fromisoformat(value.strip())
        except ValueError:
            raise DateError(f"đang ghi {value!r}{_NO_SUCH_DAY}; ghi ngày dạng 2022-03-03") from None
    raise DateError(f"đang ghi {value!r}; ghi ngày dạng 2022-03-03")


def vn_date(day: date) -> str:
    """Running-text date: 03/3/2022, 26/01/2011 (months 01 and 02 keep their zero)."""
    month = f"{day.month:02d}" if day.month <= 2 else str(day.month)
    return f"{day.day:02d}/{month}/{day.year}"


def vn_moment(moment: datetime) -> str:
    """A moment as Vietnamese write it, in Vietnam time: "08:30 ngày 21/3/2022"."""
    local = moment.astimezone(VIETNAM)
    return f"{local:%H:%M} ngày {vn_date(local.date())}"


def vn_date_formal(day: date) -> str:
    """Formal date: ngày 05 tháng 01 năm 2023, ngày 10 tháng 11 năm 2022, ngày 03 tháng 3 năm 2022
    (Decree 30/2020: a leading zero for days below 10 and for months 1 and 2 only)."""
    month = f"{day.month:02d}" if day.month <= 2 else str(day.month)
    return f"ngày {day.day:02d} tháng {month} năm {day.year}"


def build_time(environ: dict[str, str] | None = None) -> datetime:
    """The moment the build is made: SOURCE_DATE_EPOCH when set, so builds are reproducible."""
    environ = os.environ if environ is None else environ
    epoch = environ.get("SOURCE_DATE_EPOCH", "").strip()
    if epoch:
        return datetime.fromtimestamp(int(epoch), tz=VIETNAM)
    return datetime.now(tz=VIETNAM)
