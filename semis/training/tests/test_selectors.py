import pytest

from semis.training.enums import CoursePublic, CourseStatus
from semis.training.models import TrainingCourse
from semis.training.selectors import courses_filtered
from semis.training.tests.factories import TrainingCourseFactory

pytestmark = pytest.mark.django_db


def filtered(**filters):
    return set(courses_filtered(TrainingCourse.objects.with_totals(), **filters))


def test_each_filter_of_the_course_list_narrows_it_in_one_query(django_assert_num_queries, settings):
    settings.TRAINING_MIN_HOURS = 12
    full = TrainingCourseFactory(title="Les émotions", place="Inspé d'Angers", school_year=2025, sessions=4)
    short = TrainingCourseFactory(
        title="Coopérer", public=CoursePublic.SECONDARY, status=CourseStatus.COMPLETED, school_year=2024, sessions=2
    )
    everyone = {full, short}

    assert filtered() == everyone
    assert filtered(q="émotions") == filtered(q="angers") == {full}
    assert filtered(status=CourseStatus.COMPLETED) == {short}
    assert filtered(public=CoursePublic.SECONDARY) == {short}
    assert filtered(year=2025) == {full}
    assert filtered(short=True) == {short}
    assert filtered(academie=short.programme.academie.code) == {short}
    assert filtered(departement=full.departement.code) == {full}
    # A value outside its choices, or empty, filters nothing: the page ignores it, the API refused it before.
    assert filtered(status="fini", public="", q="", year=None, short=False) == everyone
    with django_assert_num_queries(1):
        assert filtered(q="coop", year=2024, short=True, status=CourseStatus.COMPLETED) == {short}
