"""Mainland Ecuador civil time: UTC-5 all year, no daylight saving (ECT).

The SRI stamps and expects Ecuador time: `fechaEmision` is the Ecuador calendar day,
XAdES `SigningTime` carries `-05:00`, `fechaAutorizacion` is given at `-05:00`.

API:
    ECUADOR: datetime.timezone    fixed offset -05:00, tzname "ECT"
    now_ec() -> datetime          aware "now" in Ecuador time
    today_ec() -> date            today's date in Ecuador (the SRI's fechaEmision day)
    to_ec(dt) -> datetime         an aware datetime converted to Ecuador time; a naive
                                  one is taken as Ecuador wall-clock time (tz attached,
                                  the clock reading kept), as the submitter does today

Galápagos (UTC-6) is out of scope: the SRI uses mainland time. Unlike
`ZoneInfo("America/Guayaquil")`, this offset is fixed, also for historical dates
(Ecuador observed DST in 1992-93).
"""
from __future__ import annotations

from datetime import date, datetime, timedelta, timezone

__all__ = ["ECUADOR", "UTC_OFFSET", "now_ec", "today_ec", "to_ec"]

UTC_OFFSET = timedelta(hours=-5)
ECUADOR = timezone(UTC_OFFSET, "ECT")  # mainland Ecuador, no DST


def now_ec() -> datetime:
    """The current instant as an aware datetime at -05:00."""
    return datetime.now(ECUADOR)


def today_ec() -> date:
    """Today's calendar date in Ecuador (not the server's local date)."""
    return now_ec().date()


def to_ec(dt: datetime) -> datetime:
    """`dt` in Ecuador time: aware -> converted (same instant); naive -> read as
    Ecuador wall-clock time (tzinfo attached, the clock reading is not shifted)."""
    if dt.tzinfo is None or dt.utcoffset() is None:
        return dt.replace(tzinfo=ECUADOR)
    return dt.astimezone(ECUADOR)
