import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from semis.accounts.enums import Role
from semis.accounts.tests.factories import user_with_role
from semis.geo.tests.factories import DepartementFactory
from semis.training import services
from semis.training.dates import school_year_of
from semis.training.enums import CoursePublic, CourseStatus
from semis.training.models import SupervisionSession, TrainingTarget
from semis.training.selectors import academie_planning, trainers_with_load
from semis.training.tests.factories import (
    EnrolmentFactory,
    TrainerFactory,
    TrainingCourseFactory,
    TrainingProgrammeFactory,
    attend,
    past_monday,
)

# The factories' courses start six weeks ago, in this school year.
YEAR = school_year_of(past_monday())


@pytest.fixture
def academie_year():
    """Two départements; a closed primary course (3 enrolled, 2 attended, one of them also enrolled in
    the other course), a planned secondary course (2 enrolled), a cancelled course that counts for nothing."""
    programme = TrainingProgrammeFactory()
    academie = programme.academie
    loire, sarthe = DepartementFactory(academie=academie), DepartementFactory(academie=academie)
    closed = TrainingCourseFactory(programme=programme, departement=loire, public=CoursePublic.PRIMARY, sessions=4)
    attendees = [EnrolmentFactory(course=closed, email=f"p{n}@ac.fr") for n in range(3)]
    for enrolment in attendees[:2]:
        attend(enrolment, *closed.sessions.all())
    closed.status = CourseStatus.COMPLETED
    closed.save()
    planned = TrainingCourseFactory(programme=programme, departement=sarthe, public=CoursePublic.SECONDARY, sessions=4)
    EnrolmentFactory(course=planned, email="p0@ac.fr")
    EnrolmentFactory(course=planned, email="s1@ac.fr")
    EnrolmentFactory(course=planned, email="gone@ac.fr", status="cancelled")
    TrainingCourseFactory(programme=programme, departement=sarthe, status=CourseStatus.CANCELLED, trainees=5)
    TrainingTarget.objects.create(
        academie=academie, school_year=YEAR, public=CoursePublic.PRIMARY, teachers_to_train=40, courses_to_hold=2
    )
    return academie, loire, sarthe


def test_planning_compares_targets_planned_and_achieved_by_public_and_departement(academie_year):
    academie, loire, sarthe = academie_year
    pilot = user_with_role(Role.ACADEMIE_PILOT, academie)
    planning = academie_planning(user=pilot, academie=academie, year=YEAR)
    rows = {row.label: row for row in planning.by_public}
    primary, secondary = rows["1er degré"], rows["2nd degré"]
    assert (primary.target_courses, primary.planned_courses, primary.achieved_courses) == (2, 1, 1)
    assert (primary.target_teachers, primary.planned_teachers, primary.achieved_teachers) == (40, 3, 2)
    assert (secondary.target_courses, secondary.planned_courses, secondary.achieved_courses) == (None, 1, 0)
    assert (secondary.planned_teachers, secondary.achieved_teachers) == (2, 0)
    # p0 is enrolled in both courses: counted once in the total.
    assert (planning.total.planned_courses, planning.total.planned_teachers, planning.total.achieved_teachers) == (
        2,
        4,
        2,
    )
    departements = {row.label: row for row in planning.by_departement}
    assert (departements[str(loire)].planned_courses, departements[str(loire)].achieved_teachers) == (1, 2)
    assert (departements[str(sarthe)].planned_courses, departements[str(sarthe)].planned_teachers) == (1, 2)


def test_planning_page_query_count_is_constant_in_rows(academie_year, signed_in, django_assert_num_queries):
    academie, loire, _ = academie_year
    client = signed_in(user_with_role(Role.ACADEMIE_PILOT, academie))
    url = reverse("training:planning") + f"?academie={academie.code}&annee={YEAR}"
    client.get(url)  # the first request of a session also caches per-session data
    with CaptureQueriesContext(connection) as before:
        client.get(url)
    programme = TrainingProgrammeFactory(academie=academie)
    vendee = DepartementFactory(academie=academie)  # one more row in the table by département
    for departement, public in ((loire, CoursePublic.SECONDARY), (vendee, CoursePublic.OUT_OF_SCHOOL)) * 2:
        course = TrainingCourseFactory(
            programme=programme, departement=departement, public=public, sessions=4, trainees=6
        )
        course.trainers.add(TrainerFactory(academie=academie))
        attend(course.enrolments.first(), *course.sessions.all())
    TrainingTarget.objects.create(
        academie=academie, school_year=YEAR, public=CoursePublic.SECONDARY, teachers_to_train=30, courses_to_hold=2
    )
    SupervisionSession.objects.create(
        programme=programme, date=timezone.localdate(), hours=3, facilitator="IREPS", school_year=YEAR
    ).attendees.set(academie.trainers.all())
    with django_assert_num_queries(len(before.captured_queries)):
        response = client.get(url)
    assert response.status_code == 200
    assert len(response.context["trainers"]) == academie.trainers.count()
    assert len(response.context["planning"].by_departement) == 3


def test_partner_reads_the_planning_but_sets_no_target(academie_year, signed_in):
    academie, *_ = academie_year
    client = signed_in(user_with_role(Role.PARTNER, academie))
    response = client.get(reverse("training:planning"), {"academie": academie.code, "annee": YEAR})
    assert response.status_code == 200 and "Fixer un objectif" not in response.content.decode()
    response = client.post(reverse("training:planning_target"), {"academie": academie.code})
    assert response.status_code == 403


def test_pilot_sets_a_target_and_sees_it(academie_year, signed_in):
    academie, *_ = academie_year
    client = signed_in(user_with_role(Role.ACADEMIE_PILOT, academie))
    data = {
        "academie": academie.code,
        "annee": YEAR,
        "public": CoursePublic.SECONDARY,
        "teachers_to_train": "120",
        "courses_to_hold": "6",
    }
    response = client.post(reverse("training:planning_target"), data, follow=True)
    secondary = next(r for r in response.context["planning"].by_public if r.label == "2nd degré")
    assert (secondary.target_teachers, secondary.target_courses) == (120, 6)


def test_trainers_load_and_supervision_status(settings):
    settings.TRAINING_SUPERVISIONS_PER_YEAR = 2
    programme = TrainingProgrammeFactory()
    busy, idle, retired = TrainerFactory.create_batch(3, academie=programme.academie)
    retired.is_active = False
    retired.save()
    TrainingCourseFactory(programme=programme, trainers=[busy], sessions=4)
    TrainingCourseFactory(programme=programme, trainers=[busy, idle], sessions=2)
    TrainingCourseFactory(programme=programme, trainers=[idle], sessions=4, status=CourseStatus.CANCELLED)
    pilot = user_with_role(Role.ACADEMIE_PILOT, programme.academie)
    supervision = services.supervision_record(
        user=pilot,
        programme=programme,
        date=past_monday(),
        hours=3,
        facilitator="IREPS",
        attendees=[busy, idle],
    )
    services.supervision_record(
        user=pilot, programme=programme, date=past_monday(weeks_ago=5), hours=3, facilitator="IREPS", attendees=[busy]
    )
    after_year = datetime.date(YEAR + 1, 9, 2)
    rows = {t: t for t in trainers_with_load(user=pilot, year=YEAR, today=after_year)}
    assert (rows[busy].course_count, rows[busy].hours_run, rows[busy].supervision_count) == (2, 18, 2)
    assert (rows[idle].course_count, rows[idle].hours_run, rows[idle].supervision_count) == (1, 6, 1)
    assert not rows[busy].is_late and rows[idle].is_late and not rows[retired].is_late
    assert supervision.school_year == YEAR


def test_supervision_of_a_trainer_of_another_academie_is_refused():
    programme = TrainingProgrammeFactory()
    pilot = user_with_role(Role.ACADEMIE_PILOT, programme.academie)
    with pytest.raises(ValidationError) as error:
        services.supervision_record(
            user=pilot,
            programme=programme,
            date=timezone.localdate(),
            hours=3,
            facilitator="IREPS",
            attendees=[TrainerFactory()],
        )
    assert "attendees" in error.value.message_dict


def test_supervision_page_shows_late_trainers(signed_in, settings):
    settings.TRAINING_SUPERVISIONS_PER_YEAR = 2
    programme = TrainingProgrammeFactory()
    trainer = TrainerFactory(academie=programme.academie)
    client = signed_in(user_with_role(Role.ACADEMIE_PILOT, programme.academie))
    page = client.get(reverse("training:supervision"), {"annee": YEAR - 1}).content.decode()
    assert str(trainer) in page and "en retard (2 attendues à ce jour)" in page


def test_supervision_page_query_count_does_not_grow_with_rows(signed_in, django_assert_num_queries):
    programme = TrainingProgrammeFactory()
    client = signed_in(user_with_role(Role.ACADEMIE_PILOT, programme.academie))

    def add_trainer_with_a_course_and_a_supervision():
        trainer = TrainerFactory(academie=programme.academie)
        TrainingCourseFactory(programme=programme, trainers=[trainer], sessions=2)
        SupervisionSession.objects.create(
            programme=programme, date=past_monday(), hours=3, facilitator="IREPS", school_year=YEAR
        ).attendees.set([trainer])

    add_trainer_with_a_course_and_a_supervision()
    url = reverse("training:supervision") + f"?annee={YEAR}"
    client.get(url)  # the first request of a session also caches per-session data
    with CaptureQueriesContext(connection) as one:
        client.get(url)
    for _ in range(4):
        add_trainer_with_a_course_and_a_supervision()
    with django_assert_num_queries(len(one.captured_queries)):
        response = client.get(url)
    assert len(response.context["trainers"]) == 5
