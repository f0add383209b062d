import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from semis.accounts.enums import Role
from semis.accounts.tests.factories import user_with_role
from semis.geo.tests.factories import AcademieFactory, DepartementFactory
from semis.library.tests.factories import ActivitySheetFactory
from semis.training import services
from semis.training.enums import CoursePublic, HalfDay
from semis.training.models import TrainingCourse
from semis.training.services import SessionSpec
from semis.training.tests.factories import TrainerFactory, TrainingCourseFactory, TrainingProgrammeFactory


@pytest.fixture
def setting():
    programme = TrainingProgrammeFactory()
    academie = programme.academie
    return {
        "programme": programme,
        "departement": DepartementFactory(academie=academie),
        "trainer": TrainerFactory(academie=academie),
        "pilot": user_with_role(Role.ACADEMIE_PILOT, academie),
    }


def four_half_days(start=datetime.date(2026, 10, 5), hours=Decimal("3")):
    return [
        SessionSpec(date=start, half_day=HalfDay.MORNING, hours=hours),
        SessionSpec(date=start, half_day=HalfDay.AFTERNOON, hours=hours),
        SessionSpec(date=start + datetime.timedelta(days=1), half_day=HalfDay.MORNING, hours=hours),
        SessionSpec(date=start + datetime.timedelta(days=1), half_day=HalfDay.AFTERNOON, hours=hours),
    ]


def create(setting, **overrides):
    arguments = {
        "user": setting["pilot"],
        "programme": setting["programme"],
        "title": "Vivre les CPS pour les faire vivre",
        "public": CoursePublic.PRIMARY,
        "departement": setting["departement"],
        "place": "Inspé, Nantes",
        "capacity": 20,
        "trainers": [setting["trainer"]],
        "sessions": four_half_days(),
    } | overrides
    return services.course_create(**arguments)


def test_pilot_creates_a_twelve_hour_course_of_four_half_days(setting):
    course = create(setting)
    assert course.hours == Decimal("12.0") and not course.is_below_quality_hours
    assert course.school_year == 2026
    assert [(s.date.day, s.half_day) for s in course.sessions.all()] == [(5, "am"), (5, "pm"), (6, "am"), (6, "pm")]
    assert list(course.trainers.all()) == [setting["trainer"]]


def test_a_short_course_is_created_and_flagged(setting):
    course = create(setting, sessions=four_half_days(hours=Decimal("2.5")))
    assert course.hours == Decimal("10.0") and course.is_below_quality_hours


@pytest.mark.parametrize(
    ("sessions", "message"),
    [
        ([], "Ajoutez au moins une demi-journée."),
        (four_half_days()[:1] * 2, "figure deux fois"),
        ([SessionSpec(datetime.date(2026, 10, 5), HalfDay.MORNING, Decimal("5"))], "entre 0,5 et 4 heures"),
        (
            [
                SessionSpec(datetime.date(2026, 6, 5), HalfDay.MORNING, Decimal("3")),
                SessionSpec(datetime.date(2026, 9, 5), HalfDay.MORNING, Decimal("3")),
            ],
            "même année scolaire",
        ),
    ],
    ids=["none", "twice", "too-long", "two-years"],
)
def test_bad_sessions_are_refused_with_a_french_message(setting, sessions, message):
    with pytest.raises(ValidationError) as error:
        create(setting, sessions=sessions)
    assert message in " ".join(error.value.message_dict["sessions"])
    assert not TrainingCourse.objects.exists()


def test_trainer_of_another_academie_is_refused(setting):
    stranger = TrainerFactory(academie=AcademieFactory())
    with pytest.raises(ValidationError) as error:
        create(setting, trainers=[stranger])
    assert "n'est pas professionnel·le-ressource" in error.value.message_dict["trainers"][0]


def test_departement_outside_the_programme_academie_is_refused(setting):
    with pytest.raises(ValidationError) as error:
        create(setting, departement=DepartementFactory())
    assert "departement" in error.value.message_dict


def test_pilot_of_another_academie_may_not_create_a_course(setting):
    with pytest.raises(PermissionDenied):
        create(setting, user=user_with_role(Role.ACADEMIE_PILOT, AcademieFactory()))


def test_course_form_creates_the_course_and_warns_when_short(setting, signed_in):
    client = signed_in(setting["pilot"])
    data = {
        "programme": setting["programme"].pk,
        "title": "Stage court",
        "public": CoursePublic.SECONDARY,
        "departement": setting["departement"].pk,
        "place": "Collège Jules-Verne",
        "capacity": "15",
        "trainers": [setting["trainer"].pk],
        "sessions-TOTAL_FORMS": "6",
        "sessions-INITIAL_FORMS": "0",
        "sessions-MIN_NUM_FORMS": "0",
        "sessions-MAX_NUM_FORMS": "20",
    }
    for index, day in enumerate(["2026-10-05", "2026-10-05", "2026-10-12"]):
        data |= {
            f"sessions-{index}-date": day,
            f"sessions-{index}-half_day": "am" if index != 1 else "pm",
            f"sessions-{index}-hours": "3",
        }
    for index in range(3, 6):
        data |= {f"sessions-{index}-half_day": "am", f"sessions-{index}-hours": "3"}
    sheet = ActivitySheetFactory(title="Le conseil coopératif")
    data["sheets"] = [sheet.pk]
    response = client.post(reverse("training:course_create"), data, follow=True)
    course = TrainingCourse.objects.get()
    assert response.redirect_chain[-1][0] == reverse("training:course_detail", args=[course.pk])
    assert course.sessions.count() == 3
    assert list(course.sheets.all()) == [sheet]
    assert "moins de 12 heures" in response.content.decode()
    assert reverse("library:sheet_detail", args=[sheet.slug]) in response.content.decode()


def test_course_form_shows_the_service_errors(setting, signed_in):
    client = signed_in(setting["pilot"])
    data = {
        "programme": setting["programme"].pk,
        "title": "Sans demi-journée",
        "public": CoursePublic.PRIMARY,
        "departement": setting["departement"].pk,
        "place": "Nantes",
        "capacity": "15",
        "trainers": [setting["trainer"].pk],
        "sessions-TOTAL_FORMS": "1",
        "sessions-INITIAL_FORMS": "0",
        "sessions-MIN_NUM_FORMS": "0",
        "sessions-MAX_NUM_FORMS": "20",
        "sessions-0-half_day": "am",
        "sessions-0-hours": "3",
    }
    response = client.post(reverse("training:course_create"), data)
    assert response.status_code == 200
    assert "Ajoutez au moins une demi-journée." in response.content.decode()
    assert not TrainingCourse.objects.exists()


def test_course_list_query_count_does_not_grow_with_rows(setting, signed_in, django_assert_num_queries):
    client = signed_in(setting["pilot"])
    TrainingCourseFactory(programme=setting["programme"], sessions=4, trainees=3)
    url = reverse("training:course_list")
    client.get(url)  # the first request of a session also caches per-session data
    with CaptureQueriesContext(connection) as one_course:
        client.get(url)
    for _ in range(5):
        TrainingCourseFactory(programme=setting["programme"], sessions=4, trainees=3)
    with django_assert_num_queries(len(one_course.captured_queries)):
        response = client.get(url)
    assert response.context["page_obj"].paginator.count == 6


def test_course_list_filters_short_courses_and_shows_the_badge(setting, signed_in):
    client = signed_in(setting["pilot"])
    short = TrainingCourseFactory(programme=setting["programme"], sessions=2)
    TrainingCourseFactory(programme=setting["programme"], sessions=4)
    response = client.get(reverse("training:course_list"), {"court": "1"})
    assert [c.pk for c in response.context["page_obj"]] == [short.pk]
    assert "Moins de 12 h" in response.content.decode()


def test_course_detail_four_cases(client, signed_in):
    course = TrainingCourseFactory(sessions=4)
    url = reverse("training:course_detail", args=[course.pk])
    assert client.get(url).status_code == 302  # anonymous: to the login page
    signed_in(user_with_role(Role.TERRITORIAL_LEAD, None))
    assert client.get(url).status_code == 403  # wrong role
    signed_in(user_with_role(Role.ACADEMIE_PILOT, AcademieFactory()))
    assert client.get(url).status_code == 404  # other perimeter
    signed_in(user_with_role(Role.ACADEMIE_PILOT, course.programme.academie))
    response = client.get(url)
    assert response.status_code == 200 and course.title in response.content.decode()


def test_course_cancel_keeps_the_rows_and_closes_enrolment(setting):
    course = create(setting)
    services.course_cancel(user=setting["pilot"], course=course)
    course.refresh_from_db()
    assert course.status == "cancelled"
    with pytest.raises(ValidationError):
        services.enrolment_create(
            user=setting["pilot"], course=course, email="a@b.fr", first_name="A", last_name="B", organisation="X"
        )
    assert timezone.now()


def test_course_list_filters_by_school_year(setting, signed_in):
    client = signed_in(setting["pilot"])
    this_year = TrainingCourseFactory(programme=setting["programme"], sessions=2)
    TrainingCourseFactory(programme=setting["programme"], sessions=2, school_year=this_year.school_year - 1)
    response = client.get(reverse("training:course_list"), {"annee": str(this_year.school_year)})
    assert [c.pk for c in response.context["page_obj"]] == [this_year.pk]
