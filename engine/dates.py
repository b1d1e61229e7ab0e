"""Dates and times as survey tools and spreadsheets write them, read without guessing.

Accepted (a time and a time zone are optional everywhere):
- ISO 8601: `2026-03-11 09:05:40`, `2026-03-11T09:05:40Z`, `2026-03-11T09:05:40+01:00`
  (LimeSurvey, Qualtrics, Typeform, Accord);
- year first: `2026/03/11 9:05:40 AM GMT` (Google Forms' own CSV);
- day and month as numbers: `3/11/26 9:05:40` (Microsoft Forms saved as CSV by Excel),
  `03/11/2026 09:05:40 AM` (SurveyMonkey, QuestionPro), `11.03.2026 09:05` (dots: day first);
- month names: `11 Mar 2026 09:05`, `Mar 11, 2026 9:05 AM`;
- workbook date cells, which carry no order question at all.

`1/2/2026` is 1 February in the UK and January 2 in the US. The order is decided for a whole
column (`column_order`): a day above 12 in any row settles it; a heading that says
`(mm/dd/yyyy)` settles it; otherwise, if some date could be read both ways, the import stops and
asks for `--dates dmy` or `--dates mdy`. A column is never read in two orders, and no date is
ever swapped silently.

Times without a zone are taken as UTC. Zone names: GMT/UTC/Z, BST, CET/CEST, EST/EDT, CST/CDT,
MST/MDT, PST/PDT, `GMT+1`, `+01:00`, `+0100`.
"""

from __future__ import annotations

import re
from datetime import datetime, timedelta, timezone
from typing import Literal

Order = Literal["dmy", "mdy"]

_ZONES = {
    "z": 0, "gmt": 0, "utc": 0, "wet": 0, "bst": 60, "ist": 60, "west": 60, "cet": 60, "cest": 120,
    "eet": 120, "eest": 180, "est": -300, "edt": -240, "cst": -360, "cdt": -300, "mst": -420,
    "mdt": -360, "pst": -480, "pdt": -420,
}  # fmt: skip
_ZONE = r"(?P<zone>[A-Za-z]{1,4}(?:\s*[+-]\s*\d{1,2}(?::?\d{2})?)?|[+-]\d{2}:?\d{2})"
_TIME = r"(?:[ T,]+(?P<h>\d{1,2}):(?P<mi>\d{2})(?::(?P<s>\d{2})(?:[.,]\d+)?)?\s*(?P<ampm>[AaPp]\.?\s?[Mm]\.?)?)?"
_NUMERIC = re.compile(rf"^(?P<a>\d{{1,4}})(?P<sep>[/.\-])(?P<b>\d{{1,2}})(?P=sep)(?P<c>\d{{2,4}}){_TIME}\s*{_ZONE}?$")
_MONTHS = {m: n for n, m in enumerate(("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"), 1)}
_NAMED_DMY = re.compile(rf"^(?P<d>\d{{1,2}})[ \-](?P<mon>[A-Za-z]{{3,9}})\.?[ \-,]+(?P<y>\d{{4}}){_TIME}\s*{_ZONE}?$")
_NAMED_MDY = re.compile(rf"^(?P<mon>[A-Za-z]{{3,9}})\.?\s+(?P<d>\d{{1,2}})(?:st|nd|rd|th)?,?\s+(?P<y>\d{{4}}){_TIME}\s*{_ZONE}?$")
_MIN_YEAR, _MAX_YEAR = 1900, 9998


class DateProblem(ValueError):
    """A cell that is not a date, or a column whose day/month order cannot be decided."""


def heading_order(heading: str) -> Order | None:
    """An order stated by the heading itself, e.g. QuestionPro's `Timestamp (mm/dd/yyyy)`."""
    low = heading.casefold()
    if re.search(r"mm\W?dd\W?(yy|yyyy)", low):
        return "mdy"
    if re.search(r"dd\W?mm\W?(yy|yyyy)", low):
        return "dmy"
    return None


def _numeric_pair(text: str) -> tuple[int, int] | None:
    """(first, second) number of a day/month-first date, or None when the order is not in question."""
    match = _NUMERIC.match(text.strip())
    if not match or len(match.group("a")) == 4 or match.group("sep") == ".":
        return None
    return int(match.group("a")), int(match.group("b"))


def column_order(cells: list[tuple[int, str]], heading: str, forced: Order | None = None) -> Order | None:
    """The day/month order for a column of date texts ((row number, text) pairs).

    `forced` (from `--dates`) wins. Otherwise a heading that states the order, then the cells: a
    first number above 12 means day first, a second above 12 means month first; both in one
    column is a `DateProblem`; when neither occurs but some date reads differently either way, a
    `DateProblem` asks for `--dates`. Returns None when no cell needs an order.
    """
    if forced:
        return forced
    stated = heading_order(heading)
    if stated:
        return stated
    day_first = month_first = ambiguous = None
    for number, text in cells:
        pair = _numeric_pair(text)
        if pair is None:
            continue
        a, b = pair
        if a > 12 and day_first is None:
            day_first = (number, text)
        elif b > 12 and month_first is None:
            month_first = (number, text)
        elif a != b and a <= 12 and b <= 12 and ambiguous is None:
            ambiguous = (number, text)
    if day_first and month_first:
        raise DateProblem(
            f"dates in both orders: '{day_first[1]}' (row {day_first[0]}) is day first, '{month_first[1]}' (row {month_first[0]}) is month first"
        )
    if day_first:
        return "dmy"
    if month_first:
        return "mdy"
    if ambiguous:
        raise DateProblem(
            f"'{ambiguous[1]}' (row {ambiguous[0]}) could be day/month or month/day and no date in the column decides it: "
            "add --dates dmy (31/12/2026) or --dates mdy (12/31/2026)"
        )
    return None


def _zone_offset(zone: str | None) -> timezone | None:
    if not zone:
        return None
    text = zone.strip().casefold().replace(" ", "")
    match = re.fullmatch(r"([a-z]*)(?:([+-])(\d{1,2}):?(\d{2})?)?", text)
    if not match:
        raise DateProblem(f"has an unknown time zone '{zone}'")
    name, sign, hours, minutes = match.groups()
    if name and name not in _ZONES:
        raise DateProblem(f"has an unknown time zone '{zone}'")
    offset = _ZONES.get(name, 0) if name else 0
    if sign:
        delta = int(hours) * 60 + int(minutes or 0)
        if delta > 14 * 60:
            raise DateProblem(f"has a time zone out of range ('{zone}')")
        offset += delta if sign == "+" else -delta
    return timezone(timedelta(minutes=offset))


def _build(year: int, month: int, day: int, match: re.Match[str]) -> datetime:
    if year < 100:
        year += 2000
    if not _MIN_YEAR <= year <= _MAX_YEAR:
        raise DateProblem(f"is out of range (year {year})")
    hour = int(match.group("h") or 0)
    minute = int(match.group("mi") or 0)
    second = int(match.group("s") or 0)
    ampm = (match.group("ampm") or "").replace(".", "").replace(" ", "").casefold()
    if ampm:
        if not 1 <= hour <= 12:
            raise DateProblem(f"is not a real time (hour {hour} with {ampm.upper()})")
        hour = hour % 12 + (12 if ampm == "pm" else 0)
    value = datetime(year, month, day, hour, minute, second)  # ValueError for 31/02, 25:00...
    zone = _zone_offset(match.group("zone"))
    return value.replace(tzinfo=zone) if zone else value


def parse_datetime(value: str | datetime, order: Order | None = None) -> datetime:
    """A cell as an aware UTC datetime (seconds). `order` is the column's day/month order.

    Raises `DateProblem` with the reason: not a date, impossible (31 February), out of range
    (years 1900-9998 only, so that nothing Accord writes overflows when read back).
    """
    if isinstance(value, datetime):
        return _utc(value)
    text = " ".join(value.split())
    if not text:
        raise DateProblem("is empty")
    try:
        try:
            parsed = datetime.fromisoformat(text)
        except ValueError:
            parsed = None
        if parsed is not None:
            if not _MIN_YEAR <= parsed.year <= _MAX_YEAR:
                raise DateProblem(f"is out of range (year {parsed.year})")
            return _utc(parsed)
        match = _NUMERIC.match(text)
        if match:
            a, b, c = int(match.group("a")), int(match.group("b")), int(match.group("c"))
            if len(match.group("a")) == 4:
                return _utc(_build(a, b, c, match))
            if len(match.group("c")) == 3:
                raise DateProblem("has a three-digit year")
            if match.group("sep") == ".":
                return _utc(_build(c, b, a, match))
            if a == b or (order is None and (a > 12) != (b > 12)):
                day, month = (a, b) if a > 12 or a == b else (b, a)
                return _utc(_build(c, month, day, match))
            if order is None:
                raise DateProblem("could be day/month or month/day: add --dates dmy or --dates mdy")
            day, month = (a, b) if order == "dmy" else (b, a)
            return _utc(_build(c, month, day, match))
        for pattern in (_NAMED_DMY, _NAMED_MDY):
            match = pattern.match(text)
            if match:
                named = _MONTHS.get(match.group("mon")[:3].casefold())
                if named is None:
                    break
                return _utc(_build(int(match.group("y")), named, int(match.group("d")), match))
    except DateProblem:
        raise
    except (ValueError, OverflowError) as exc:
        raise DateProblem(f"is not a real date and time ({exc})") from None
    raise DateProblem("is not a date and time (e.g. 2026-11-25 09:30 or 25/11/2026 09:30)")


def _utc(value: datetime) -> datetime:
    if value.tzinfo is None:
        value = value.replace(tzinfo=timezone.utc)
    try:
        result = value.astimezone(timezone.utc).replace(microsecond=0)
    except OverflowError:
        raise DateProblem("is out of range") from None
    if not _MIN_YEAR <= result.year <= _MAX_YEAR:
        raise DateProblem(f"is out of range (year {result.year})")
    return result
