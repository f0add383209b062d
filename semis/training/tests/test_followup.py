import datetime

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from semis.accounts.enums import Role
from semis.core.scheduler import PeriodicScheduler
from semis.geo.tests.factories import CommuneFactory, EstablishmentFactory
from semis.training import services
from semis.training.dates import add_months
from semis.training.enums import CoursePublic
from semis.training.models import FollowUp, TrainedTeam
from semis.training.tests.factories import EnrolmentFactory, TrainerFactory, TrainingCourseFactory, attend

REMINDERS = "semis.training.tasks.send_followup_reminders"


def close(course, pilot):
    services.course_complete(user=pilot, course=course)
    return course


@pytest.fixture
def course_two_schools():
    """Five attendees from two schools, one enrolled person who never came, one trainer in charge."""
    course = TrainingCourseFactory(sessions=4)
    first, second = EstablishmentFactory.create_batch(2, commune=CommuneFactory(departement=course.departement))
    attendees = [
        EnrolmentFactory(course=course, establishment=school) for school in (first, first, first, second, second)
    ]
    EnrolmentFactory(course=course, establishment=second)
    for enrolment in attendees:
        attend(enrolment, *course.sessions.all())
    return course, first, second, attendees


def test_closing_forms_one_team_per_school_with_a_two_year_plan(course_two_schools, pilot_of):
    course, first, second, attendees = course_two_schools
    close(course, pilot_of(course))
    last_day = course.sessions.last().date
    teams = {team.establishment: team for team in TrainedTeam.objects.all()}
    assert set(teams) == {first, second}
    assert set(teams[first].members.all()) == set(attendees[:3])
    assert set(teams[second].members.all()) == set(attendees[3:])
    assert teams[first].trainer == course.trainers.first()
    plan = list(teams[first].followups.values_list("months_after", "due_on"))
    assert plan == [(3, add_months(last_day, 3)), (12, add_months(last_day, 12)), (24, add_months(last_day, 24))]


def test_the_plan_follows_the_programme_offsets(course_two_schools, pilot_of):
    course, *_ = course_two_schools
    course.programme.followup_offsets_months = [6, 18]
    course.programme.save()
    close(course, pilot_of(course))
    assert set(FollowUp.objects.values_list("months_after", flat=True)) == {6, 18}
    assert FollowUp.objects.count() == 4


def test_out_of_school_trainees_get_no_school_team(pilot_of):
    course = TrainingCourseFactory(sessions=2, public=CoursePublic.OUT_OF_SCHOOL)
    enrolment = EnrolmentFactory(course=course, establishment=None, organisation="Centre social")
    attend(enrolment, *course.sessions.all())
    close(course, pilot_of(course))
    assert not TrainedTeam.objects.exists()


def test_course_page_shows_the_plan_with_its_three_dates(course_two_schools, pilot_of, signed_in):
    course, *_ = course_two_schools
    pilot = pilot_of(course)
    response = signed_in(pilot).post(reverse("training:course_complete", args=[course.pk]), follow=True)
    page = response.content.decode()
    last_day = course.sessions.last().date
    for months in (3, 12, 24):
        assert f"+{months} mois : {add_months(last_day, months):%d/%m/%Y}" in page


def team_due_in(days, *, trainer=None):
    course = TrainingCourseFactory()
    enrolment = EnrolmentFactory(course=course)
    trainer = trainer or TrainerFactory(academie=course.programme.academie)
    team = TrainedTeam.objects.create(course=course, establishment=enrolment.establishment, trainer=trainer)
    return FollowUp.objects.create(
        team=team, months_after=3, due_on=timezone.localdate() + datetime.timedelta(days=days)
    )


def test_reminder_goes_to_the_trainer_in_charge_before_the_due_date_once(settings, run_worker):
    settings.TRAINING_FOLLOWUP_REMINDER_DAYS = 14
    soon = team_due_in(10)
    team_due_in(20)  # too early to remind
    team_due_in(-1)  # already late: shown as late, not reminded
    done = team_due_in(5)
    done.done_on = timezone.localdate()
    done.save()
    today = timezone.localdate()
    assert services.followup_send_reminders(today=today) == 1
    assert services.followup_send_reminders(today=today) == 0
    run_worker()
    assert [m.to for m in mail.outbox] == [[soon.team.trainer.user.email]]
    assert "Suivi à 3 mois" in mail.outbox[0].subject
    assert reverse("training:followup_detail", args=[soon.pk]) in mail.outbox[0].body
    soon.refresh_from_db()
    assert soon.reminder_sent_at is not None


def test_worker_scheduler_enqueues_the_reminders_which_the_worker_sends(run_worker):
    followup = team_due_in(3)
    scheduler = PeriodicScheduler({REMINDERS: datetime.timedelta(hours=6)})
    now = timezone.now()
    assert scheduler.tick(now) == [REMINDERS]
    assert scheduler.tick(now + datetime.timedelta(hours=5)) == []
    run_worker()
    assert scheduler.tick(now + datetime.timedelta(hours=6)) == [REMINDERS]
    run_worker()
    assert [m.to for m in mail.outbox] == [[followup.team.trainer.user.email]]


def test_the_reminder_task_is_listed_in_the_periodic_tasks(settings):
    assert REMINDERS in settings.PERIODIC_TASKS


def trainer_user(trainer):
    trainer.user.role_assignments.create(role=Role.TRAINER, perimeter_kind="academie", academie=trainer.academie)
    return type(trainer.user).objects.get(pk=trainer.user.pk)


def test_trainer_in_charge_records_what_the_team_did(signed_in):
    followup = team_due_in(0)
    client = signed_in(trainer_user(followup.team.trainer))
    data = {
        "done_on": timezone.localdate().isoformat(),
        "sessions_run": "6",
        "sheets_used": "Météo des émotions ; Le cercle de parole",
        "difficulties": "Temps à trouver dans l'emploi du temps",
        "needs": "Une séance de co-animation",
        "next_step": "Rencontre en janvier",
    }
    response = client.post(reverse("training:followup_detail", args=[followup.pk]), data)
    assert response.status_code == 302
    followup.refresh_from_db()
    assert followup.sessions_run == 6 and followup.needs == "Une séance de co-animation"
    assert followup.recorded_by.pk == followup.team.trainer.user.pk


def test_a_followup_in_the_future_is_refused(django_user_model):
    followup = team_due_in(30)
    with pytest.raises(ValidationError) as error:
        services.followup_record(
            user=followup.team.trainer.user,
            followup=followup,
            done_on=timezone.localdate() + datetime.timedelta(days=1),
            sessions_run=None,
            sheets_used="",
            difficulties="",
            needs="",
            next_step="",
        )
    assert "futur" in error.value.message_dict["done_on"][0]


def test_another_trainer_may_read_but_not_record(signed_in):
    followup = team_due_in(0)
    other = TrainerFactory(academie=followup.team.course.programme.academie)
    client = signed_in(trainer_user(other))
    url = reverse("training:followup_detail", args=[followup.pk])
    assert client.get(url).status_code == 200
    assert client.post(url, {"done_on": timezone.localdate().isoformat()}).status_code == 403
    with pytest.raises(PermissionDenied):
        services.followup_record(
            user=other.user,
            followup=followup,
            done_on=timezone.localdate(),
            sessions_run=1,
            sheets_used="",
            difficulties="",
            needs="",
            next_step="",
        )


def test_followup_list_shows_late_and_upcoming(signed_in):
    late = team_due_in(-2)
    upcoming = team_due_in(20, trainer=late.team.trainer)
    client = signed_in(trainer_user(late.team.trainer))
    page = client.get(reverse("training:followup_list")).content.decode()
    assert "En retard" in page and "À venir" in page
    assert page.index(late.team.establishment.name) < page.index(upcoming.team.establishment.name)


def test_followup_list_query_count_does_not_grow_with_rows(signed_in, django_assert_num_queries):
    first = team_due_in(5)
    client = signed_in(trainer_user(first.team.trainer))
    url = reverse("training:followup_list") + "?afficher=tous"
    client.get(url)  # the first request of a session also caches per-session data
    with CaptureQueriesContext(connection) as one:
        client.get(url)
    for days in range(6, 12):
        team_due_in(days, trainer=first.team.trainer)
    with django_assert_num_queries(len(one.captured_queries)):
        response = client.get(url)
    assert response.context["page_obj"].paginator.count == 7
