import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from semis.accounts.enums import Role
from semis.accounts.tests.factories import user_with_role
from semis.library.tests.factories import pdf_text
from semis.training import services
from semis.training.models import Attendance, Enrolment
from semis.training.tests.factories import EnrolmentFactory, TrainingCourseFactory, attend


@pytest.fixture
def course():
    return TrainingCourseFactory(sessions=4, trainees=3)


def trainer_of(course):
    user = course.trainers.first().user
    user.role_assignments.create(role=Role.TRAINER, perimeter_kind="academie", academie=course.programme.academie)
    return type(user).objects.get(pk=user.pk)


def test_trainer_records_attendance_and_hours_attended_are_computed(course):
    first, second = course.sessions.all()[:2]
    anne, bruno, chloe = course.enrolments.order_by("pk")
    trainer = trainer_of(course)
    services.attendance_record(
        user=trainer, session=first, hours_by_enrolment={anne.pk: first.hours, bruno.pk: first.hours, chloe.pk: 0}
    )
    services.attendance_record(user=trainer, session=second, hours_by_enrolment={anne.pk: Decimal("1.5")})
    hours = dict(Enrolment.objects.with_attended_hours().values_list("pk", "attended_hours"))
    assert hours == {anne.pk: Decimal("4.5"), bruno.pk: Decimal("3.0"), chloe.pk: Decimal("0.0")}
    assert Attendance.objects.get(session=first, enrolment=chloe).present is False


def test_recording_again_corrects_the_earlier_entry(course):
    session = course.sessions.first()
    enrolment = course.enrolments.first()
    trainer = trainer_of(course)
    services.attendance_record(user=trainer, session=session, hours_by_enrolment={enrolment.pk: session.hours})
    services.attendance_record(user=trainer, session=session, hours_by_enrolment={enrolment.pk: 0})
    assert Attendance.objects.get().present is False


def test_hours_beyond_the_half_day_are_refused(course):
    session = course.sessions.first()
    enrolment = course.enrolments.first()
    with pytest.raises(ValidationError) as error:
        services.attendance_record(
            user=trainer_of(course), session=session, hours_by_enrolment={enrolment.pk: Decimal("3.5")}
        )
    assert "3,5 h, c'est plus que la demi-journée (3 h)" in error.value.messages[0]
    assert not Attendance.objects.exists()


def test_attendance_beyond_the_course_hours_is_refused(course):
    """A half-day shortened after attendance was taken: what was recorded elsewhere plus this
    half-day would exceed the course's hours."""
    first, second, *_ = course.sessions.all()
    enrolment = course.enrolments.first()
    attend(enrolment, *course.sessions.all())
    second.hours = Decimal("1.0")
    second.save()
    Attendance.objects.filter(session=first).update(hours=Decimal("3.0"))
    course.sessions.exclude(pk__in=[first.pk, second.pk]).update(hours=Decimal("1.0"))
    # Recorded elsewhere: 3 + 3 + 3 = 9 h (stale); the course now lasts 3 + 1 + 1 + 1 = 6 h.
    with pytest.raises(ValidationError) as error:
        services.attendance_record(user=trainer_of(course), session=second, hours_by_enrolment={enrolment.pk: 1})
    assert "dépasseraient la durée du stage (6 h)" in error.value.messages[0]


def test_a_future_half_day_cannot_be_marked():
    course = TrainingCourseFactory(sessions=1, sessions__start=timezone.localdate() + datetime.timedelta(days=3))
    enrolment = EnrolmentFactory(course=course)
    with pytest.raises(ValidationError) as error:
        services.attendance_record(
            user=trainer_of(course), session=course.sessions.get(), hours_by_enrolment={enrolment.pk: 3}
        )
    assert "pas encore eu lieu" in error.value.messages[0]


def test_people_not_enrolled_cannot_be_marked(course):
    waiting = EnrolmentFactory(course=course, status="waiting")
    with pytest.raises(ValidationError):
        services.attendance_record(
            user=trainer_of(course), session=course.sessions.first(), hours_by_enrolment={waiting.pk: 3}
        )


def test_another_trainer_may_not_mark_attendance(course):
    other = user_with_role(Role.TRAINER, course.programme.academie)
    with pytest.raises(PermissionDenied):
        services.attendance_record(user=other, session=course.sessions.first(), hours_by_enrolment={})


def test_phone_page_has_one_large_checkbox_per_trainee_and_a_viewport(course, signed_in):
    client = signed_in(trainer_of(course))
    session = course.sessions.first()
    page = client.get(reverse("training:attendance", args=[session.pk])).content.decode()
    assert '<meta name="viewport" content="width=device-width, initial-scale=1">' in page
    assert page.count('type="checkbox" id="present-') == 3
    assert 'class="semis-attendance"' in page


def test_one_tap_per_present_trainee_then_save(course, signed_in):
    client = signed_in(trainer_of(course))
    session = course.sessions.first()
    anne, bruno, chloe = course.enrolments.order_by("pk")
    response = client.post(
        reverse("training:attendance", args=[session.pk]), {"present": [anne.pk, chloe.pk]}, follow=True
    )
    assert "2 présent·e·s sur 3" in response.content.decode()
    marks = dict(Attendance.objects.values_list("enrolment", "hours"))
    assert marks == {anne.pk: Decimal("3.0"), bruno.pk: Decimal("0.0"), chloe.pk: Decimal("3.0")}


def test_reader_sees_the_attendance_without_checkboxes_and_may_not_post(course, signed_in):
    partner = user_with_role(Role.PARTNER, course.programme.academie)
    reader = user_with_role(Role.TRAINER, course.programme.academie)
    session = course.sessions.first()
    client = signed_in(reader)
    page = client.get(reverse("training:attendance", args=[session.pk])).content.decode()
    assert 'type="checkbox"' not in page
    assert client.post(reverse("training:attendance", args=[session.pk]), {"present": []}).status_code == 403
    assert signed_in(partner).get(reverse("training:attendance", args=[session.pk])).status_code == 403


def test_signature_sheet_is_a_pdf_listing_the_trainees(course, signed_in):
    client = signed_in(trainer_of(course))
    response = client.get(reverse("training:signature_sheet", args=[course.sessions.first().pk]))
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    assert "emargement-" in response["Content-Disposition"]


def test_signature_sheet_footer_prints_the_course_title_as_written(signed_in):
    course = TrainingCourseFactory(sessions=1, title='Gérer l\'anxiété : le "stop" et la respiration')
    client = signed_in(trainer_of(course))
    text = pdf_text(client.get(reverse("training:signature_sheet", args=[course.sessions.get().pk])).content)
    assert 'Gérer l\'anxiété : le "stop" et la respiration — ' in text
    assert "&#x27;" not in text and "&quot;" not in text


def test_trainees_are_listed_in_french_alphabetical_order_accents_included(signed_in):
    course = TrainingCourseFactory(sessions=1)
    for last in ("Faure", "Émery", "Dupont", "durand"):
        EnrolmentFactory(course=course, last_name=last)
    client = signed_in(trainer_of(course))
    page = client.get(reverse("training:attendance", args=[course.sessions.get().pk])).content.decode()
    positions = [page.index(f"{last} Dominique") for last in ("Dupont", "durand", "Émery", "Faure")]
    assert positions == sorted(positions)
