import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from semis.training.dates import add_months, school_year_bounds, school_year_label, school_year_of
from semis.training.formats import hours_label
from semis.training.models import new_verification_code, validate_followup_offsets
from semis.training.selectors import supervisions_expected
from semis.training.templatetags.training import academie_label
from semis.training.tests.factories import TrainingCourseFactory


@pytest.mark.parametrize(
    ("day", "year"),
    [
        (datetime.date(2025, 9, 1), 2025),
        (datetime.date(2026, 3, 15), 2025),
        (datetime.date(2026, 8, 31), 2025),
        (datetime.date(2026, 9, 1), 2026),
    ],
)
def test_school_year_runs_from_september_to_august(day, year):
    assert school_year_of(day) == year
    start, end = school_year_bounds(year)
    assert start <= day <= end


def test_school_year_label():
    assert school_year_label(2025) == "2025-2026"


@pytest.mark.parametrize(
    ("day", "months", "expected"),
    [
        (datetime.date(2025, 11, 20), 3, datetime.date(2026, 2, 20)),
        (datetime.date(2025, 11, 20), 12, datetime.date(2026, 11, 20)),
        (datetime.date(2025, 11, 20), 24, datetime.date(2027, 11, 20)),
        (datetime.date(2026, 1, 31), 1, datetime.date(2026, 2, 28)),
        (datetime.date(2027, 11, 30), 3, datetime.date(2028, 2, 29)),
    ],
)
def test_add_months_stays_inside_the_target_month(day, months, expected):
    assert add_months(day, months) == expected


@pytest.mark.parametrize("value", [[3, 12, 24], [6], [1, 60]])
def test_followup_offsets_accept_increasing_months(value):
    validate_followup_offsets(value)


@pytest.mark.parametrize("value", [[], [12, 3], [3, 3], [0, 12], [3, 61], ["3"], [True], "3,12", None])
def test_followup_offsets_refuse_anything_else(value):
    with pytest.raises(ValidationError):
        validate_followup_offsets(value)


def test_verification_codes_are_grouped_and_without_look_alike_characters():
    codes = {new_verification_code() for _ in range(200)}
    assert len(codes) == 200
    for code in codes:
        assert len(code) == 14 and code[4] == code[9] == "-"
        assert not set(code) & set("01OI")


@pytest.mark.parametrize(("hours", "label"), [(Decimal("12.0"), "12"), (Decimal("1.5"), "1,5"), (Decimal("0"), "0")])
def test_hours_are_written_the_french_way(hours, label):
    assert hours_label(hours) == label


def test_academie_label_elides_before_a_vowel():
    assert academie_label("Nantes") == "Académie de Nantes"
    assert academie_label("Aix-Marseille") == "Académie d'Aix-Marseille"


def test_course_under_twelve_hours_is_flagged_not_refused():
    short = TrainingCourseFactory(sessions=3)
    long_enough = TrainingCourseFactory(sessions=4)
    assert short.hours == Decimal("9.0") and short.is_below_quality_hours
    assert long_enough.hours == Decimal("12.0") and not long_enough.is_below_quality_hours


def test_quality_threshold_follows_the_setting(settings):
    settings.TRAINING_MIN_HOURS = 6
    assert not TrainingCourseFactory(sessions=2).is_below_quality_hours


@pytest.mark.parametrize(
    ("today", "expected"),
    [
        (datetime.date(2025, 8, 31), 0),  # before the year starts
        (datetime.date(2025, 9, 1), 0),
        (datetime.date(2026, 2, 27), 0),  # the first half-year is not over
        (datetime.date(2026, 3, 1), 1),
        (datetime.date(2026, 8, 31), 1),  # the second period ends tonight
        (datetime.date(2027, 1, 1), 2),  # a past year owes everything
    ],
)
def test_supervisions_due_by_a_date_one_per_period_of_the_year(today, expected):
    assert supervisions_expected(year=2025, today=today, per_year=2) == expected
