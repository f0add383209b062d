import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from semis.accounts.enums import Role
from semis.accounts.tests.factories import user_with_role
from semis.geo.tests.factories import AcademieFactory
from semis.training import services
from semis.training.documents import calendar_days
from semis.training.enums import CourseStatus
from semis.training.models import Attestation
from semis.training.tests.factories import EnrolmentFactory, TrainingCourseFactory, attend


@pytest.fixture
def closed_course(pilot_of, run_worker):
    """A 12-hour course: Anne attended everything, Bruno the first half-day, Chloé nothing."""
    course = TrainingCourseFactory(sessions=4)
    anne, bruno, chloe = (
        EnrolmentFactory(course=course, first_name=n, last_name="Test") for n in ("Anne", "Bruno", "Chloé")
    )
    sessions = list(course.sessions.all())
    attend(anne, *sessions)
    attend(bruno, sessions[0])
    services.course_complete(user=pilot_of(course), course=course)
    run_worker()
    return course, anne, bruno, chloe


def test_closing_a_course_issues_a_pdf_attestation_to_each_attendee_through_the_worker(closed_course):
    _course, anne, bruno, _chloe = closed_course
    attestations = {a.enrolment_id: a for a in Attestation.objects.all()}
    assert set(attestations) == {anne.pk, bruno.pk}
    assert attestations[anne.pk].hours == 12 and attestations[bruno.pk].hours == 3
    with attestations[anne.pk].pdf.open("rb") as pdf:
        assert pdf.read(5) == b"%PDF-"


def test_an_attestation_for_someone_who_did_not_attend_is_refused(closed_course, pilot_of):
    course, _anne, _bruno, chloe = closed_course
    with pytest.raises(ValidationError) as error:
        services.attestation_issue(user=pilot_of(course), enrolment=chloe)
    assert error.value.messages == [
        "Chloé Test n'a assisté à aucune demi-journée de ce stage : aucune attestation ne peut être délivrée."
    ]
    assert not Attestation.objects.filter(enrolment=chloe).exists()


def test_the_refusal_is_shown_on_the_course_page(closed_course, pilot_of, signed_in):
    course, _anne, _bruno, chloe = closed_course
    client = signed_in(pilot_of(course))
    response = client.post(reverse("training:attestation_issue", args=[chloe.pk]), follow=True)
    assert "n&#x27;a assisté à aucune demi-journée" in response.content.decode()


def test_attestations_wait_for_the_course_to_be_closed(pilot_of):
    course = TrainingCourseFactory(sessions=2)
    enrolment = EnrolmentFactory(course=course)
    attend(enrolment, *course.sessions.all())
    with pytest.raises(ValidationError) as error:
        services.attestation_issue(user=pilot_of(course), enrolment=enrolment)
    assert "une fois le stage clos" in error.value.messages[0]


def test_a_course_cannot_be_closed_before_its_last_half_day(pilot_of):
    course = TrainingCourseFactory(sessions=2, sessions__start=timezone.localdate() + datetime.timedelta(days=1))
    with pytest.raises(ValidationError) as error:
        services.course_complete(user=pilot_of(course), course=course)
    assert "ne peut être clos qu'après sa dernière demi-journée" in error.value.messages[0]
    course.refresh_from_db()
    assert course.status == CourseStatus.PLANNED


def test_a_course_without_attendance_cannot_be_closed(pilot_of):
    course = TrainingCourseFactory(sessions=2, trainees=2)
    with pytest.raises(ValidationError) as error:
        services.course_complete(user=pilot_of(course), course=course)
    assert "faites l'émargement avant de clore" in error.value.messages[0]


def test_public_page_confirms_a_genuine_attestation_with_name_course_and_hours_only(client, closed_course):
    course, anne, *_ = closed_course
    attestation = Attestation.objects.get(enrolment=anne)
    response = client.get(reverse("attestations:verify", args=[attestation.code]))
    page = response.content.decode()
    assert response.status_code == 200
    assert "Cette attestation est authentique." in page
    assert f"Anne Test a suivi 12 h du stage « {course.title} »" in page
    assert anne.email not in page and anne.establishment.name not in page


def test_public_form_accepts_a_code_typed_without_dashes_in_lower_case(client, closed_course):
    attestation = Attestation.objects.get(enrolment=closed_course[1])
    typed = attestation.code.replace("-", "").lower()
    response = client.get(reverse("attestations:verify_form"), {"code": typed})
    assert "Cette attestation est authentique." in response.content.decode()


def test_unknown_code_says_so(client):
    response = client.get(reverse("attestations:verify", args=["AAAA-BBBB-CCCC"]))
    assert response.status_code == 404
    assert "Aucune attestation ne porte ce code." in response.content.decode()


def test_attestation_pdf_download_is_scoped(closed_course, signed_in):
    _course, anne, *_ = closed_course
    attestation = Attestation.objects.get(enrolment=anne)
    url = reverse("training:attestation_download", args=[attestation.pk])
    head = user_with_role(Role.SCHOOL_HEAD, anne.establishment)
    response = signed_in(head).get(url)
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert signed_in(user_with_role(Role.ACADEMIE_PILOT, AcademieFactory())).get(url).status_code == 404


def test_the_attestation_calendar_shows_one_line_per_day_with_its_half_days_and_hours():
    course = TrainingCourseFactory(sessions=5)
    days = calendar_days(course.sessions.all())
    assert [(d.half_days_label, d.hours) for d in days] == [
        ("matin et après-midi", 6),
        ("matin et après-midi", 6),
        ("matin", 3),
    ]
