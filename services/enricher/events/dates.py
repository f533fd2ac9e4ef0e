"""Dates of events: a date expression of the sentence resolved against the publication date
('on Saturday', 'yesterday', 'earlier this month' -> '2017-11')."""

from __future__ import annotations

import re
from datetime import date, timedelta

from newsstream.common.calendar import MONTHS, WEEKDAYS

RELATIVE_DAYS = {
    "today": 0,
    "tonight": 0,
    "this morning": 0,
    "this afternoon": 0,
    "this evening": 0,
    "yesterday": -1,
    "last night": -1,
    "tomorrow": 1,
}
_MONTH = r"(jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?"
_MONTH_DAY = re.compile(rf"\b{_MONTH}\s+(\d{{1,2}})(?:st|nd|rd|th)?\b(?:,?\s+(\d{{4}}))?")
_DAY_MONTH = re.compile(rf"\b(\d{{1,2}})(?:st|nd|rd|th)?\s+(?:of\s+)?{_MONTH}(?:\s+(\d{{4}}))?")
_MONTH_YEAR = re.compile(rf"\b{_MONTH}(?:\s+(\d{{4}}))?$")
_ISO_DATE = re.compile(r"\b(\d{4})-(\d{2})-(\d{2})\b")
_DAY = re.compile(r"\d{4}-\d{2}-\d{2}")
_PUBLISHED_DATE = re.compile(r"(\d{4})-(\d{2})-(\d{2})")
_YEAR = re.compile(r"^(?:in\s+)?((?:19|20)\d{2})$")
_PERIOD = re.compile(r"\b(this|last|next|earlier this|later this|past)\s+(week|month|year)\b")
_WEEKDAY = re.compile(
    r"\b(?:(last|next|this)\s+)?(monday|tuesday|wednesday|thursday|friday|saturday|sunday)\b"
)


def is_day(value: str) -> bool:
    """Whether a resolved date names a day (not a week, month or year)."""
    return _DAY.fullmatch(value) is not None


def parse_published(value: str | None) -> date | None:
    """The calendar date of an ISO 8601 publication date-time, as written (no time-zone shift)."""
    if not value:
        return None
    match = _PUBLISHED_DATE.match(value.strip())
    if not match:
        return None
    try:
        return date(int(match[1]), int(match[2]), int(match[3]))
    except ValueError:
        return None


def resolve_date(expression: str, published: date | None, forward: bool = False) -> str | None:
    """ISO 8601 date (or month, year, week) of a date expression; None when unknown.

    Relative expressions need ``published``; ``forward`` reads an ambiguous weekday or month
    as the next one (for intended events) instead of the last one.
    """
    text = " ".join(expression.lower().replace(",", ", ").split()).removeprefix("the ")
    explicit = _explicit_date(text, published, forward)
    if explicit or published is None:
        return explicit
    for phrase, offset in RELATIVE_DAYS.items():
        if re.search(rf"\b{phrase}\b", text):
            return (published + timedelta(days=offset)).isoformat()
    if period := _PERIOD.search(text):
        return _period(period[1], period[2], published)
    if weekday := _WEEKDAY.search(text):
        return _weekday(weekday[1], WEEKDAYS[weekday[2]], published, forward).isoformat()
    return None


def _explicit_date(text: str, published: date | None, forward: bool) -> str | None:
    if match := _ISO_DATE.search(text):
        return match[0]
    if match := _MONTH_DAY.search(text):
        return _month_day(MONTHS[match[1]], int(match[2]), match[3], published, forward)
    if match := _DAY_MONTH.search(text):
        return _month_day(MONTHS[match[2]], int(match[1]), match[3], published, forward)
    if match := _YEAR.match(text):
        return match[1]
    if match := _MONTH_YEAR.search(text):
        month = MONTHS[match[1]]
        if match[2]:
            return f"{match[2]}-{month:02d}"
        if published:
            year = _nearest_year(
                date(published.year, month, 1), published, forward, month_only=True
            )
            return f"{year}-{month:02d}"
    return None


def _month_day(
    month: int, day: int, year: str | None, published: date | None, forward: bool
) -> str | None:
    try:
        if year:
            return date(int(year), month, day).isoformat()
        if published is None:
            return None
        candidate = date(published.year, month, day)
        return candidate.replace(year=_nearest_year(candidate, published, forward)).isoformat()
    except ValueError:
        return None


def _nearest_year(candidate: date, published: date, forward: bool, month_only: bool = False) -> int:
    reference = published.replace(day=1) if month_only else published
    if forward and candidate < reference:
        return candidate.year + 1
    if not forward and candidate > reference:
        return candidate.year - 1
    return candidate.year


def _period(which: str, unit: str, published: date) -> str:
    step = {"last": -1, "past": -1, "next": 1}.get(which, 0)
    if unit == "year":
        return str(published.year + step)
    if unit == "month":
        month_index = published.year * 12 + published.month - 1 + step
        return f"{month_index // 12}-{month_index % 12 + 1:02d}"
    year, week, _ = (published + timedelta(weeks=step)).isocalendar()
    return f"{year}-W{week:02d}"


def _weekday(which: str | None, weekday: int, published: date, forward: bool) -> date:
    ahead = (weekday - published.weekday()) % 7
    back = (published.weekday() - weekday) % 7
    if which == "next":
        return published + timedelta(days=ahead or 7)
    if which == "last":
        return published - timedelta(days=back or 7)
    return published + timedelta(days=ahead) if forward else published - timedelta(days=back)
