import datetime
from decimal import Decimal

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from semis.accounts.enums import Role
from semis.accounts.tests.factories import user_with_role
from semis.geo.tests.factories import AcademieFactory, DepartementFactory
from semis.library.tests.factories import ActivitySheetFactory, SequenceFactory
from semis.training import services
from semis.training.enums import CoursePublic, CourseStatus, EnrolmentStatus, HalfDay
from semis.training.models import Attendance, FollowUp, TrainedTeam, TrainingCourse
from semis.training.services import SessionSpec
from semis.training.tests.factories import EnrolmentFactory, TrainerFactory, TrainingCourseFactory, attend, past_monday


@pytest.fixture
def course():
    """Four half-days of 3 h (Monday and Tuesday, six weeks ago), two people enrolled, one trainer."""
    return TrainingCourseFactory(sessions=4, trainees=2, capacity=20)


def specs_of(course) -> list[SessionSpec]:
    return [SessionSpec(date=s.date, half_day=s.half_day, hours=s.hours, pk=s.pk) for s in course.sessions.all()]


def update(course, user, **changes):
    course = TrainingCourse.objects.get(pk=course.pk)
    arguments = {
        "user": user,
        "course": course,
        "expected_version": course.version,
        "title": course.title,
        "public": course.public,
        "departement": course.departement,
        "place": course.place,
        "capacity": course.capacity,
        "trainers": list(course.trainers.all()),
        "sessions": specs_of(course),
        "description": course.description,
        "sheets": list(course.sheets.all()),
        "sequences": list(course.sequences.all()),
    } | changes
    return services.course_update(**arguments)


def test_pilot_edits_the_details_trainers_and_half_days_of_a_course(course, pilot_of):
    pilot = pilot_of(course)
    academie = course.programme.academie
    newcomer = TrainerFactory(academie=academie)
    monday, _pm, tuesday, tuesday_pm = course.sessions.all()
    sessions = [
        SessionSpec(date=monday.date, half_day=HalfDay.MORNING, hours=Decimal("3.5"), pk=monday.pk),
        SessionSpec(date=tuesday.date, half_day=HalfDay.MORNING, hours=Decimal("3"), pk=tuesday.pk),
        SessionSpec(date=tuesday.date, half_day=HalfDay.AFTERNOON, hours=Decimal("3"), pk=tuesday_pm.pk),
        SessionSpec(date=tuesday.date + datetime.timedelta(days=1), half_day=HalfDay.MORNING, hours=Decimal("2.5")),
    ]
    departement = DepartementFactory(academie=academie)
    updated = update(
        course,
        pilot,
        title="  Vivre les CPS, deuxième session ",
        place="Inspé d'Angers",
        capacity=24,
        public=CoursePublic.INTER_DEGREE,
        departement=departement,
        trainers=[newcomer],
        sessions=sessions,
    )
    updated = TrainingCourse.objects.get(pk=course.pk)
    assert (updated.title, updated.place, updated.capacity, updated.public) == (
        "Vivre les CPS, deuxième session",
        "Inspé d'Angers",
        24,
        CoursePublic.INTER_DEGREE,
    )
    assert updated.departement == departement and list(updated.trainers.all()) == [newcomer]
    assert [(s.date, s.half_day, s.hours) for s in updated.sessions.all()] == [
        (spec.date, spec.half_day, spec.hours) for spec in sessions
    ]
    assert updated.hours == Decimal("12.0")
    assert updated.version == 2 and updated.updated_by == pilot


def test_a_stale_save_is_refused_in_french_and_overwrites_nothing(course, pilot_of):
    alice, bruno = pilot_of(course), pilot_of(course)
    bruno.first_name, bruno.last_name = "Bruno", "Pilote"
    bruno.save()
    loaded = TrainingCourse.objects.get(pk=course.pk)  # both open the form at version 1
    update(course, bruno, place="Salle du conseil", expected_version=loaded.version)
    with pytest.raises(services.CourseEditConflict) as error:
        update(course, alice, title="Titre d'Alice", capacity=30, expected_version=loaded.version)
    assert error.value.messages[0].startswith("Bruno Pilote a modifié ce stage le ")
    assert "Vos modifications n'ont pas été enregistrées" in error.value.messages[0]
    course.refresh_from_db()
    assert (course.title, course.place, course.capacity, course.version) == (
        loaded.title,
        "Salle du conseil",
        20,
        2,
    )


def test_a_marked_half_day_keeps_at_least_the_hours_attended(course, pilot_of):
    first = course.sessions.first()
    enrolment = course.enrolments.first()
    attend(enrolment, first)
    sessions = specs_of(course)
    sessions[0] = SessionSpec(date=first.date, half_day=first.half_day, hours=Decimal("2"), pk=first.pk)
    with pytest.raises(ValidationError) as error:
        update(course, pilot_of(course), sessions=sessions)
    assert error.value.message_dict["sessions"] == [
        f"Le {first.date:%d/%m/%Y} (matin) : 3 h sont déjà émargées pour au moins une personne, la demi-journée "
        "ne peut pas durer moins (2 h indiquées)."
    ]
    first.refresh_from_db()
    assert first.hours == Decimal("3.0") and TrainingCourse.objects.get(pk=course.pk).version == 1


def test_a_marked_half_day_cannot_be_removed_nor_moved_to_a_date_to_come(course, pilot_of):
    first, second, *_ = course.sessions.all()
    attend(course.enrolments.first(), first)
    Attendance.objects.create(session=second, enrolment=course.enrolments.last(), present=False, hours=0)
    later = datetime.date.today() + datetime.timedelta(days=7)
    sessions = [
        *specs_of(course)[2:],
        SessionSpec(date=later, half_day=second.half_day, hours=second.hours, pk=second.pk),
    ]
    with pytest.raises(ValidationError) as error:
        update(course, pilot_of(course), sessions=sessions)
    assert error.value.message_dict["sessions"] == [
        f"La demi-journée du {first.date:%d/%m/%Y} (matin) est déjà émargée : elle ne peut pas être retirée.",
        f"La demi-journée du {second.date:%d/%m/%Y} (après-midi) est déjà émargée : elle ne peut pas être "
        "déplacée à une date à venir.",
    ]
    assert course.sessions.count() == 4


def test_an_unmarked_half_day_is_removed(course, pilot_of):
    attend(course.enrolments.first(), course.sessions.first())
    update(course, pilot_of(course), sessions=specs_of(course)[:3])
    assert course.sessions.count() == 3 and Attendance.objects.count() == 1


def test_capacity_may_not_go_below_the_people_enrolled(course, pilot_of):
    with pytest.raises(ValidationError) as error:
        update(course, pilot_of(course), capacity=1)
    assert error.value.message_dict["capacity"] == [
        "2 personnes sont inscrites : annulez des inscriptions avant de réduire le nombre de places en dessous."
    ]


def test_more_places_go_to_the_waiting_list_in_order_and_each_person_is_told(pilot_of, run_worker):
    course = TrainingCourseFactory(sessions=4, capacity=1, trainees=1)
    first, second, third = (
        EnrolmentFactory(course=course, status=EnrolmentStatus.WAITING, email=f"attente{n}@ac.fr") for n in range(3)
    )
    update(course, pilot_of(course), capacity=3)
    run_worker()
    statuses = dict(course.enrolments.values_list("email", "status"))
    assert [statuses[e.email] for e in (first, second, third)] == ["enrolled", "enrolled", "waiting"]
    assert sorted(m.to[0] for m in mail.outbox) == ["attente0@ac.fr", "attente1@ac.fr"]


def test_shifting_every_half_day_by_one_day_moves_them_onto_each_others_slots(course, pilot_of):
    attend(course.enrolments.first(), *course.sessions.all())
    sessions = [
        SessionSpec(date=s.date + datetime.timedelta(days=1), half_day=s.half_day, hours=s.hours, pk=s.pk)
        for s in course.sessions.all()
    ]
    update(course, pilot_of(course), sessions=sessions)
    assert [(s.pk, s.date, s.half_day) for s in course.sessions.all()] == [
        (spec.pk, spec.date, spec.half_day) for spec in sessions
    ]
    assert Attendance.objects.filter(present=True).count() == 4


def test_two_half_days_swapping_slots_are_refused_with_advice(course, pilot_of):
    sessions = specs_of(course)
    morning, afternoon = sessions[0], sessions[1]
    sessions[0] = SessionSpec(date=morning.date, half_day=HalfDay.AFTERNOON, hours=Decimal("2"), pk=morning.pk)
    sessions[1] = SessionSpec(date=afternoon.date, half_day=HalfDay.MORNING, hours=Decimal("3"), pk=afternoon.pk)
    with pytest.raises(ValidationError) as error:
        update(course, pilot_of(course), sessions=sessions)
    assert "enregistrez en deux fois" in error.value.message_dict["sessions"][0]
    assert course.sessions.get(pk=morning.pk).hours == Decimal("3.0")


def test_a_half_day_of_another_school_year_is_refused(course, pilot_of):
    sessions = [
        *specs_of(course),
        SessionSpec(date=past_monday() + datetime.timedelta(days=400), half_day=HalfDay.MORNING, hours=Decimal("3")),
    ]
    with pytest.raises(ValidationError) as error:
        update(course, pilot_of(course), sessions=sessions)
    assert "même année scolaire" in " ".join(error.value.message_dict["sessions"])


def test_a_closed_course_is_not_edited(course, pilot_of):
    TrainingCourse.objects.filter(pk=course.pk).update(status=CourseStatus.COMPLETED)
    with pytest.raises(ValidationError) as error:
        update(course, pilot_of(course), title="Autre")
    assert "Ce stage est clos" in error.value.messages[0]


def test_only_managers_of_the_academie_edit_a_course(course):
    with pytest.raises(PermissionDenied):
        update(course, user_with_role(Role.ACADEMIE_PILOT, AcademieFactory()), title="Autre")
    trainer = course.trainers.first().user
    with pytest.raises(PermissionDenied):
        update(course, trainer, title="Autre")


def test_a_school_public_needs_every_trainee_to_have_a_school(pilot_of):
    course = TrainingCourseFactory(sessions=4, public=CoursePublic.OUT_OF_SCHOOL)
    EnrolmentFactory(course=course, establishment=None, organisation="Centre social")
    with pytest.raises(ValidationError) as error:
        update(course, pilot_of(course), public=CoursePublic.PRIMARY)
    assert "structure hors école" in error.value.message_dict["public"][0]


def test_a_trainer_who_left_the_role_may_stay_on_the_course_but_not_be_added(course, pilot_of):
    academie = course.programme.academie
    current = course.trainers.get()
    current.is_active = False
    current.save()
    update(course, pilot_of(course), title="Toujours avec sa formatrice")
    retired = TrainerFactory(academie=academie, is_active=False)
    with pytest.raises(ValidationError) as error:
        update(course, pilot_of(course), trainers=[current, retired])
    assert "n'est pas professionnel·le-ressource en activité" in error.value.message_dict["trainers"][0]


# Content from the library


def test_a_course_lists_published_sheets_and_shared_sequences(course, pilot_of):
    pilot = pilot_of(course)
    sheet = ActivitySheetFactory(title="La météo des émotions")
    sequence = SequenceFactory(title="Huit séances sur les émotions", is_shared=True, sheets=[sheet])
    update(course, pilot, sheets=[sheet], sequences=[sequence])
    assert list(course.sheets.all()) == [sheet] and list(course.sequences.all()) == [sequence]


def test_a_draft_sheet_or_a_private_sequence_is_refused_as_content(course, pilot_of):
    pilot = pilot_of(course)
    draft = ActivitySheetFactory(title="Brouillon d'atelier", status="draft", author=pilot)
    private = SequenceFactory(title="Ma séquence perso", owner=pilot, is_shared=False)
    with pytest.raises(ValidationError) as error:
        update(course, pilot, sheets=[draft], sequences=[private])
    assert error.value.message_dict == {
        "sheets": ["« Brouillon d'atelier » n'est pas une fiche publiée du cartable."],
        "sequences": [
            "« Ma séquence perso » n'est pas une séquence partagée : seules les séquences que tous peuvent ouvrir "
            "se lient à un stage."
        ],
    }
    assert not course.sheets.exists()


def test_course_page_and_team_followup_show_the_content_the_reader_may_open(pilot_of, signed_in):
    course = TrainingCourseFactory(sessions=4, trainees=1)
    shown = ActivitySheetFactory(title="Le bâton de parole")
    withdrawn = ActivitySheetFactory(title="Fiche retirée du cartable")
    sequence = SequenceFactory(title="Progression cycle 3", is_shared=True, sheets=[shown])
    course.sheets.set([shown, withdrawn])
    course.sequences.set([sequence])
    withdrawn.status = "in_review"
    withdrawn.save()
    enrolment = course.enrolments.get()
    team = TrainedTeam.objects.create(
        course=course, establishment=enrolment.establishment, trainer=course.trainers.get()
    )
    followup = FollowUp.objects.create(team=team, months_after=3, due_on=datetime.date.today())
    trainer = course.trainers.get().user
    trainer.role_assignments.create(role=Role.TRAINER, perimeter_kind="academie", academie=course.programme.academie)
    client = signed_in(trainer)
    for url in (
        reverse("training:course_detail", args=[course.pk]),
        reverse("training:followup_detail", args=[followup.pk]),
    ):
        page = client.get(url).content.decode()
        assert reverse("library:sheet_detail", args=[shown.slug]) in page
        assert reverse("library:sequence_detail", args=[sequence.pk]) in page
        assert "Fiche retirée du cartable" not in page


# The edit page


def form_data(course, **changes):
    course = TrainingCourse.objects.get(pk=course.pk)
    sessions = list(course.sessions.all())
    data = {
        "version": course.version,
        "title": course.title,
        "public": course.public,
        "departement": course.departement_id,
        "place": course.place,
        "capacity": course.capacity,
        "trainers": list(course.trainers.values_list("pk", flat=True)),
        "description": course.description,
        "sessions-TOTAL_FORMS": str(len(sessions) + 2),
        "sessions-INITIAL_FORMS": str(len(sessions)),
        "sessions-MIN_NUM_FORMS": "0",
        "sessions-MAX_NUM_FORMS": "20",
    }
    for index, session in enumerate(sessions):
        data |= {
            f"sessions-{index}-id": session.pk,
            f"sessions-{index}-date": session.date.isoformat(),
            f"sessions-{index}-half_day": session.half_day,
            f"sessions-{index}-hours": str(session.hours),
        }
    for index in range(len(sessions), len(sessions) + 2):
        data |= {f"sessions-{index}-half_day": "am", f"sessions-{index}-hours": "3"}
    return data | changes


def test_edit_page_saves_changes_removes_a_half_day_and_adds_content(course, pilot_of, signed_in):
    client = signed_in(pilot_of(course))
    sheet = ActivitySheetFactory(title="Les messages clairs")
    url = reverse("training:course_edit", args=[course.pk])
    page = client.get(url).content.decode()
    assert 'name="version" value="1"' in page and "Les messages clairs" in page
    data = form_data(course, title="Nouveau titre", **{"sessions-3-DELETE": "on", "sheets": [sheet.pk]})
    response = client.post(url, data, follow=True)
    assert response.redirect_chain[-1][0] == reverse("training:course_detail", args=[course.pk])
    page = response.content.decode()
    assert "Le stage « Nouveau titre » est enregistré." in page
    assert "moins de 12 heures" in page  # 9 h left: flagged
    assert course.sessions.count() == 3 and list(course.sheets.all()) == [sheet]


def test_edit_page_after_someone_else_saved_shows_why_and_their_version(course, pilot_of, signed_in):
    client = signed_in(pilot_of(course))
    url = reverse("training:course_edit", args=[course.pk])
    stale = form_data(course, title="Mon titre")
    update(course, pilot_of(course), place="Lieu enregistré par un·e collègue")
    response = client.post(url, stale)
    page = response.content.decode()
    assert response.status_code == 200
    assert "pendant que vous le modifiiez. Vos modifications n&#x27;ont pas été enregistrées" in page
    assert 'value="Lieu enregistré par un·e collègue"' in page and 'name="version" value="2"' in page
    course.refresh_from_db()
    assert course.title != "Mon titre"


def test_edit_page_shows_the_attendance_rule_above_the_half_days(course, pilot_of, signed_in):
    attend(course.enrolments.first(), course.sessions.first())
    client = signed_in(pilot_of(course))
    url = reverse("training:course_edit", args=[course.pk])
    assert "émargée" in client.get(url).content.decode()
    response = client.post(url, form_data(course, **{"sessions-0-hours": "1"}))
    assert "3 h sont déjà émargées pour au moins une personne" in response.content.decode()


def test_edit_page_four_cases(client, course, signed_in):
    url = reverse("training:course_edit", args=[course.pk])
    assert client.get(url).status_code == 302  # anonymous: to the login page
    signed_in(user_with_role(Role.TRAINER, course.programme.academie))
    assert client.get(url).status_code == 403  # wrong role
    signed_in(user_with_role(Role.ACADEMIE_PILOT, AcademieFactory()))
    assert client.get(url).status_code == 404  # other perimeter
    signed_in(user_with_role(Role.ACADEMIE_PILOT, course.programme.academie))
    assert client.get(url).status_code == 200


def test_edit_page_of_a_closed_course_sends_back_with_a_message(course, pilot_of, signed_in):
    TrainingCourse.objects.filter(pk=course.pk).update(status=CourseStatus.COMPLETED)
    response = signed_in(pilot_of(course)).get(reverse("training:course_edit", args=[course.pk]), follow=True)
    assert "Seul un stage programmé se modifie" in response.content.decode()
