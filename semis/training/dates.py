"""Calendar helpers: the school year (September to August) and adding months to a date."""

import calendar
import datetime

SCHOOL_YEAR_FIRST_MONTH = 9


def school_year_of(day: datetime.date) -> int:
    """The year the school year holding `day` starts in: 15 March 2026 is in 2025 (2025-2026)."""
    return day.year if day.month >= SCHOOL_YEAR_FIRST_MONTH else day.year - 1


def school_year_label(year: int) -> str:
    return f"{year}-{year + 1}"


def school_year_bounds(year: int) -> tuple[datetime.date, datetime.date]:
    return datetime.date(year, SCHOOL_YEAR_FIRST_MONTH, 1), datetime.date(year + 1, SCHOOL_YEAR_FIRST_MONTH - 1, 31)


def add_months(day: datetime.date, months: int) -> datetime.date:
    """`day` moved by whole months, kept inside the target month (31 January + 1 month = 28 or 29 February)."""
    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    return datetime.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))
