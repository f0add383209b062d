import pytest
from django.utils import timezone

from semis.accounts.enums import Role
from semis.accounts.tests.factories import UserFactory, user_with_role
from semis.geo.tests.factories import AcademieFactory
from semis.training.models import FollowUp, TrainedTeam
from semis.training.perms import can_manage_course, can_record_followup, can_run_course
from semis.training.tests.factories import EnrolmentFactory, TrainerFactory, TrainingCourseFactory


@pytest.fixture
def course():
    return TrainingCourseFactory()


def make(who, course):
    academie = course.programme.academie
    match who:
        case "national admin":
            return user_with_role(Role.NATIONAL_ADMIN)
        case "regional coordinator":
            return user_with_role(Role.REGIONAL_COORDINATOR, academie.region)
        case "pilot of the académie":
            return user_with_role(Role.ACADEMIE_PILOT, academie)
        case "pilot elsewhere":
            return user_with_role(Role.ACADEMIE_PILOT, AcademieFactory())
        case "trainer of the course":
            return course.trainers.first().user
        case "other trainer":
            return user_with_role(Role.TRAINER, academie)
        case "partner of the académie":
            return user_with_role(Role.PARTNER, academie)
        case "superuser":
            return UserFactory(is_superuser=True)


@pytest.mark.parametrize(
    ("who", "manage", "run"),
    [
        ("national admin", True, True),
        ("regional coordinator", True, True),
        ("pilot of the académie", True, True),
        ("pilot elsewhere", False, False),
        ("trainer of the course", False, True),
        ("other trainer", False, False),
        ("partner of the académie", False, False),
        ("superuser", True, True),
    ],
)
def test_who_manages_and_who_runs_a_course(course, who, manage, run):
    user = make(who, course)
    assert can_manage_course(user, course) is manage
    assert can_run_course(user, course) is run


@pytest.mark.parametrize(
    ("who", "allowed"),
    [
        ("trainer in charge", True),
        ("trainer of the course", False),
        ("pilot of the académie", True),
        ("pilot elsewhere", False),
    ],
)
def test_who_records_a_followup(course, who, allowed):
    in_charge = TrainerFactory(academie=course.programme.academie)
    enrolment = EnrolmentFactory(course=course)
    team = TrainedTeam.objects.create(course=course, establishment=enrolment.establishment, trainer=in_charge)
    followup = FollowUp.objects.create(team=team, months_after=3, due_on=timezone.localdate())
    user = in_charge.user if who == "trainer in charge" else make(who, course)
    assert can_record_followup(user, followup) is allowed
