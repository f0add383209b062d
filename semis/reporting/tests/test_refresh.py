from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from semis.accounts.enums import PerimeterKind as K
from semis.geo.tests.factories import AcademieFactory, CommuneFactory, DepartementFactory, EstablishmentFactory
from semis.projects.tests.factories import GroupFactory, ProjectFactory, this_school_year
from semis.reporting.models import IndicatorRefresh, IndicatorValue
from semis.reporting.services import indicators_refresh
from semis.reporting.tests.factories import steering_data
from semis.training.tests.factories import EnrolmentFactory, TrainingCourseFactory, attend

pytestmark = pytest.mark.django_db


def figures(year, kind, perimeter_id=None) -> dict[str, Decimal]:
    rows = IndicatorValue.objects.filter(school_year=year, perimeter_kind=kind, perimeter_id=perimeter_id)
    return {row.indicator: row.value for row in rows}


def test_refresh_counts_each_indicator_in_each_perimeter():
    year = this_school_year()
    a, b = steering_data(year)

    indicators_refresh(school_year=year)

    assert figures(year, K.NATIONAL) == {
        "trained_adults": 4,
        "schools_with_trained_adult": 2,
        "courses_held": 1,
        "training_hours": 12,
        "projects": 2,
        "projects_validated": 1,
        "projects_draft": 1,
        "projects_band_strong": 1,
        "sessions_logged": 2,
        "minutes_delivered": 90,
        "pupils_reached": 24,
        "territories_active": 1,
    }
    in_a = {
        "trained_adults": 4,
        "schools_with_trained_adult": 2,
        "courses_held": 1,
        "training_hours": 12,
        "projects": 1,
        "projects_validated": 1,
        "projects_band_strong": 1,
        "sessions_logged": 2,
        "minutes_delivered": 90,
        "pupils_reached": 24,
        "territories_active": 1,
    }
    assert figures(year, K.REGION, a.region.pk) == in_a
    assert figures(year, K.ACADEMIE, a.academie.pk) == in_a
    assert figures(year, K.DEPARTEMENT, a.departement.pk) == in_a
    # The trainee without a school counts where the course is, not in any school.
    assert figures(year, K.ESTABLISHMENT, a.school.pk) == {
        "trained_adults": 2,
        "schools_with_trained_adult": 1,
        "projects": 1,
        "projects_validated": 1,
        "projects_band_strong": 1,
        "sessions_logged": 2,
        "minutes_delivered": 90,
        "pupils_reached": 24,
    }
    assert figures(year, K.ESTABLISHMENT, a.other_school.pk) == {"trained_adults": 1, "schools_with_trained_adult": 1}
    assert figures(year, K.TERRITORY, a.territory.pk) == {
        "trained_adults": 2,
        "schools_with_trained_adult": 1,
        "projects": 1,
        "projects_validated": 1,
        "projects_band_strong": 1,
        "sessions_logged": 2,
        "minutes_delivered": 90,
        "pupils_reached": 24,
        "territories_active": 1,
    }
    # B: the planned course is not held and its 6 h train nobody; its territory has not started.
    assert figures(year, K.ACADEMIE, b.academie.pk) == {"projects": 1, "projects_draft": 1}
    assert figures(year, K.TERRITORY, b.territory.pk) == {"projects": 1, "projects_draft": 1}
    assert IndicatorRefresh.objects.get(school_year=year).computed_at


def test_refresh_is_idempotent_and_replaces_the_year_only():
    year = this_school_year()
    steering_data(year)
    IndicatorValue.objects.create(school_year=year - 1, perimeter_kind=K.NATIONAL, indicator="trained_adults", value=7)
    indicators_refresh(school_year=year)
    first = sorted(
        IndicatorValue.objects.filter(school_year=year).values_list(
            "perimeter_kind", "perimeter_id", "indicator", "value"
        )
    )

    stored = indicators_refresh(school_year=year)

    again = sorted(
        IndicatorValue.objects.filter(school_year=year).values_list(
            "perimeter_kind", "perimeter_id", "indicator", "value"
        )
    )
    assert again == first and stored == len(first)
    assert IndicatorRefresh.objects.count() == 1
    assert figures(year - 1, K.NATIONAL) == {"trained_adults": 7}


def add_perimeters(year: int, count: int) -> None:
    """`count` more académies, each with a trained teacher and a project with a group."""
    for _ in range(count):
        departement = DepartementFactory(academie=AcademieFactory())
        school = EstablishmentFactory(commune=CommuneFactory(departement=departement))
        course = TrainingCourseFactory(
            programme__academie=departement.academie, departement=departement, school_year=year, sessions=4
        )
        attend(EnrolmentFactory(course=course, establishment=school), *course.sessions.all())
        GroupFactory(project=ProjectFactory(establishment=school, first_year=year))


def test_refresh_query_count_does_not_grow_with_perimeters(django_assert_num_queries):
    year = this_school_year()
    add_perimeters(year, 1)
    indicators_refresh(school_year=year)  # the first refresh of a year also creates its IndicatorRefresh
    with CaptureQueriesContext(connection) as few:
        indicators_refresh(school_year=year)
    add_perimeters(year, 4)

    with django_assert_num_queries(len(few.captured_queries)):
        indicators_refresh(school_year=year)

    assert figures(year, K.NATIONAL)["trained_adults"] == 5
    assert (
        IndicatorValue.objects.filter(school_year=year, perimeter_kind=K.ACADEMIE)
        .values("perimeter_id")
        .distinct()
        .count()
        == 5
    )
