import pytest
from django.contrib.contenttypes.models import ContentType
from django.core import mail
from django.core.exceptions import ValidationError
from django.urls import reverse

from semis.accounts.enums import Role
from semis.accounts.tests.factories import user_with_role
from semis.core.models import AuditEvent
from semis.training import services
from semis.training.enums import CourseStatus
from semis.training.feedback import ITEM_FIELDS
from semis.training.models import Enrolment, FeedbackResponse
from semis.training.selectors import feedback_summary
from semis.training.tests.factories import EnrolmentFactory, TrainingCourseFactory, attend


def closed_course_with(attendees: int, absent: int = 0, **course):
    course = TrainingCourseFactory(sessions=2, capacity=attendees + absent, **course)
    for _ in range(attendees):
        attend(EnrolmentFactory(course=course), *course.sessions.all())
    EnrolmentFactory.create_batch(absent, course=course)
    course.status = CourseStatus.COMPLETED
    course.save()
    return course


def answer_all(course, value=4, comment=""):
    for enrolment in course.enrolments.filter(attendances__present=True).distinct():
        services.feedback_submit(
            token=enrolment.feedback_token, answers=dict.fromkeys(ITEM_FIELDS, value), comment=comment
        )


def test_closing_a_course_emails_each_attendee_a_private_link(pilot_of, run_worker):
    course = TrainingCourseFactory(sessions=2)
    came, _missed = EnrolmentFactory.create_batch(2, course=course)
    attend(came, *course.sessions.all())
    services.course_complete(user=pilot_of(course), course=course)
    run_worker()
    invitations = [m for m in mail.outbox if m.subject.startswith("Votre avis")]
    assert [m.to for m in invitations] == [[came.email]]
    assert reverse("training:feedback", args=[came.feedback_token]) in invitations[0].body


def test_an_attendee_answers_once_and_the_answer_is_not_linked_to_them():
    course = closed_course_with(1)
    enrolment = course.enrolments.get()
    services.feedback_submit(token=enrolment.feedback_token, answers=dict.fromkeys(ITEM_FIELDS, 5))
    with pytest.raises(ValidationError) as error:
        services.feedback_submit(token=enrolment.feedback_token, answers=dict.fromkeys(ITEM_FIELDS, 1))
    assert "déjà répondu" in error.value.messages[0]
    assert FeedbackResponse.objects.get().would_recommend == 5
    assert not any(f.related_model is Enrolment for f in FeedbackResponse._meta.get_fields())
    response_type = ContentType.objects.get_for_model(FeedbackResponse)
    assert not AuditEvent.objects.filter(content_type=response_type).exists()
    assert Enrolment.objects.get().feedback_answered


@pytest.mark.parametrize(
    ("situation", "message"),
    [("unknown", "n'est pas valable"), ("not closed", "quand le stage est clos"), ("absent", "réservé aux personnes")],
)
def test_the_questionnaire_refuses_bad_links(situation, message):
    course = closed_course_with(1, absent=1)
    token = {
        "unknown": "pas-un-jeton",
        "not closed": EnrolmentFactory(course=TrainingCourseFactory()).feedback_token,
        "absent": course.enrolments.filter(attendances__isnull=True).get().feedback_token,
    }[situation]
    with pytest.raises(ValidationError) as error:
        services.feedback_submit(token=token, answers=dict.fromkeys(ITEM_FIELDS, 3))
    assert message in error.value.messages[0]
    assert not FeedbackResponse.objects.exists()


def test_an_incomplete_answer_is_refused():
    enrolment = closed_course_with(1).enrolments.get()
    with pytest.raises(ValidationError):
        services.feedback_submit(token=enrolment.feedback_token, answers={"would_recommend": 4})


def test_results_are_hidden_under_ten_answers(settings):
    settings.AGGREGATE_MIN_RESPONDENTS = 10
    course = closed_course_with(9)
    answer_all(course, comment="Très concret")
    summary = feedback_summary(FeedbackResponse.objects.filter(course=course), with_comments=True)
    assert (summary.count, summary.shown, summary.items, summary.comments) == (9, False, [], [])


def test_results_from_ten_answers_give_averages_and_agreement():
    course = closed_course_with(10)
    enrolments = list(course.enrolments.all())
    for index, enrolment in enumerate(enrolments):
        value = 5 if index < 6 else 2
        services.feedback_submit(token=enrolment.feedback_token, answers=dict.fromkeys(ITEM_FIELDS, value))
    summary = feedback_summary(FeedbackResponse.objects.filter(course=course))
    assert summary.shown and len(summary.items) == len(ITEM_FIELDS)
    assert {(item.average, item.agree_share) for item in summary.items} == {(3.8, 60)}


def test_public_page_takes_the_answers_without_signing_in(client):
    enrolment = closed_course_with(1).enrolments.get()
    url = reverse("training:feedback", args=[enrolment.feedback_token])
    page = client.get(url).content.decode()
    assert "non validé" in page and page.count('type="radio"') == 5 * len(ITEM_FIELDS)
    data = dict.fromkeys(ITEM_FIELDS, "4") | {"comment": "Des activités à refaire en classe"}
    response = client.post(url, data)
    assert "Merci, vos réponses sont enregistrées." in response.content.decode()
    assert FeedbackResponse.objects.get().comment == "Des activités à refaire en classe"
    assert "déjà répondu" in client.get(url).content.decode()


def test_course_page_and_trainer_page_show_results_only_from_ten_answers(signed_in):
    small = closed_course_with(4)
    trainer = small.trainers.get()
    large = closed_course_with(8, trainers=[trainer], programme=small.programme)
    answer_all(small, value=5, comment="Merci")
    answer_all(large, value=3)
    client = signed_in(user_with_role(Role.ACADEMIE_PILOT, small.programme.academie))
    page = client.get(reverse("training:course_detail", args=[small.pk])).content.decode()
    assert "4 réponses : les résultats s'affichent à partir de 10 réponses" in page and "Merci" not in page
    page = client.get(reverse("training:trainer_detail", args=[trainer.pk])).content.decode()
    assert "12 réponses" in page and "Moyenne (1 à 5)" in page
