import datetime
import uuid
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from semis.accounts.enums import Role
from semis.accounts.tests.factories import user_with_role
from semis.geo.tests.factories import EstablishmentFactory
from semis.library.tests.factories import ProgrammeFactory
from semis.projects import services
from semis.projects.enums import Engagement, FamilyInvolvement, Fidelity, PartnerKind, ProjectStatus, ReviewKind
from semis.projects.models import CriterionResult, DeliveredSession, Project, ProjectScore
from semis.projects.scoring import load_rules
from semis.projects.services import GroupSpec
from semis.projects.tests.factories import create_project, days_ago, safe_sheets, sequence_of, this_school_year
from semis.training.dates import school_year_bounds
from semis.training.tests.factories import EnrolmentFactory, TrainingCourseFactory, attend


@pytest.fixture
def school():
    return EstablishmentFactory()


@pytest.fixture
def teacher(school):
    return user_with_role(Role.TEACHER, school)


@pytest.fixture
def pilot(school):
    return user_with_role(Role.ACADEMIE_PILOT, school.commune.departement.academie)


def statuses(project) -> dict[str, str]:
    return dict(CriterionResult.objects.filter(project=project).values_list("criterion", "status"))


def log(user, group, *, key=None, **fields):
    values = {
        "date": timezone.localdate(),
        "minutes": 45,
        "pupils_present": 20,
        "fidelity": Fidelity.ALL,
        "engagement": Engagement.GOOD,
        "activity": "Cercle de parole",
        "submission_key": key or uuid.uuid4(),
    }
    values.update(fields)
    return services.delivery_record(user=user, group=group, **values)


def test_a_teacher_drafts_a_project_for_their_school_placed_and_scored(school, teacher):
    project = create_project(teacher, school)
    assert project.status == ProjectStatus.DRAFT
    assert project.region == school.commune.departement.region
    assert project.academie == school.commune.departement.academie
    assert project.years.get().school_year == this_school_year()
    assert project.groups.get().name == "CE2 A"
    stored = ProjectScore.objects.get(project=project)
    assert stored.rules_version == load_rules().version
    assert CriterionResult.objects.filter(project=project).count() == len(load_rules().criteria)
    assert statuses(project)["dosage"] == "met"


def test_a_teacher_cannot_place_a_project_in_another_school(teacher):
    with pytest.raises(PermissionDenied):
        create_project(teacher, EstablishmentFactory())
    assert not Project.objects.exists()


def test_two_groups_with_one_name_are_refused_and_nothing_is_written(school, teacher):
    groups = [GroupSpec("CE2 A", "ce2", 24, Decimal("8")), GroupSpec("ce2 a", "ce2", 20, Decimal("8"))]
    with pytest.raises(ValidationError):
        create_project(teacher, school, groups=groups)
    assert not Project.objects.exists()


def test_the_score_follows_groups_adults_and_partners(school, teacher):
    project = create_project(teacher, school, groups=[])
    assert statuses(project)["dosage"] == "not_met"
    services.group_add(
        user=teacher, project=project, name="CE2 B", level="ce2", pupil_count=25, planned_hours=Decimal("7")
    )
    assert statuses(project)["dosage"] == "partly"
    group = project.groups.get()
    services.group_update(
        user=teacher, group=group, name="CE2 B", level="ce2", pupil_count=25, planned_hours=Decimal("8")
    )
    assert statuses(project)["dosage"] == "met"

    course = TrainingCourseFactory(sessions=4)  # 4 half-days of 3 h
    enrolment = EnrolmentFactory(course=course, establishment=school)
    attend(enrolment, *course.sessions.all()[:3])  # 9 h attended
    adult = services.adult_add(user=teacher, project=project, full_name="Élise Martin", enrolment=enrolment)
    assert statuses(project)["trained_adults"] == "not_met"
    services.adult_update(
        user=teacher, adult=adult, full_name="Élise Martin", function="", other_training_hours=Decimal("3")
    )
    assert statuses(project)["trained_adults"] == "met"

    assert statuses(project)["family_environment"] == "not_met"
    services.partner_add(user=teacher, project=project, name="Accueil périscolaire", kind=PartnerKind.PERISCOLAIRE)
    assert statuses(project)["family_environment"] == "partly"


def test_hours_attended_later_in_the_cascade_reach_the_score_on_the_next_rescore(school, teacher):
    project = create_project(teacher, school)
    course = TrainingCourseFactory(sessions=4)
    enrolment = EnrolmentFactory(course=course, establishment=school)
    services.adult_add(user=teacher, project=project, full_name="Paul Bernard", enrolment=enrolment)
    assert statuses(project)["trained_adults"] == "not_met"
    attend(enrolment, *course.sessions.all())
    assert services.projects_rescore() == 1
    assert statuses(project)["trained_adults"] == "met"


def test_planned_content_drives_safe_and_evidence(school, teacher):
    sequence = sequence_of(teacher, safe_sheets(6))
    programme = ProgrammeFactory(evidence_level="rct")
    project = create_project(teacher, school, sequences=[sequence], programme=programme, skills=[])
    result = statuses(project)
    assert result["safe_sequenced"] == result["safe_active"] == "met"
    assert result["safe_explicit"] == "not_met"  # no skill named
    assert result["evidence"] == "met"


def test_an_edit_from_an_old_version_is_refused_with_the_stored_project(school, teacher):
    project = create_project(teacher, school)
    services.project_update(user=teacher, project=project, version=1, title="Nouveau titre")
    with pytest.raises(services.ProjectChanged) as conflict:
        services.project_update(user=teacher, project=project, version=1, title="Autre titre")
    assert conflict.value.current.title == "Nouveau titre"
    assert "Quelqu'un d'autre a enregistré ce projet" in conflict.value.messages[0]


def test_review_submit_comment_request_changes_then_validate(school, teacher, pilot):
    project = create_project(teacher, school, family_involvement=FamilyInvolvement.INFORMED)
    services.project_submit(user=teacher, project=project, comment="Première version")
    with pytest.raises(ValidationError):
        services.project_update(user=teacher, project=project, version=1, title="Pendant la relecture")
    with pytest.raises(ValidationError) as empty:
        services.project_request_changes(user=pilot, project=project, comment=" ")
    assert "Dites ce qui doit changer" in empty.value.message_dict["body"][0]
    services.project_request_changes(user=pilot, project=project, comment="Associez les familles.")
    project.refresh_from_db()
    assert project.status == ProjectStatus.CHANGES_REQUESTED
    services.project_update(user=teacher, project=project, version=1, family_involvement=FamilyInvolvement.INVOLVED)
    services.project_comment(user=teacher, project=project, body="C'est fait.")
    services.project_submit(user=teacher, project=project)
    services.project_validate(user=pilot, project=project, comment="Bravo.")
    project.refresh_from_db()
    assert project.status == ProjectStatus.VALIDATED and project.validated_at
    assert list(project.reviews.values_list("kind", flat=True)) == [
        ReviewKind.SUBMITTED,
        ReviewKind.CHANGES_REQUESTED,
        ReviewKind.COMMENT,
        ReviewKind.SUBMITTED,
        ReviewKind.VALIDATED,
    ]


def test_only_the_pilot_of_the_project_academie_validates(school, teacher):
    project = create_project(teacher, school)
    services.project_submit(user=teacher, project=project)
    other_pilot = user_with_role(Role.ACADEMIE_PILOT, EstablishmentFactory().commune.departement.academie)
    for user in (teacher, other_pilot):
        with pytest.raises(PermissionDenied):
            services.project_validate(user=user, project=project)


def test_editing_a_validated_project_sends_it_back_to_review(school, teacher, pilot):
    project = create_project(teacher, school)
    services.project_submit(user=teacher, project=project)
    services.project_validate(user=pilot, project=project)
    project = services.project_update(user=teacher, project=project, version=1, summary="Deux classes de plus.")
    assert project.status == ProjectStatus.DRAFT
    assert project.reviews.last().kind == ReviewKind.REOPENED


def test_a_project_continues_into_the_next_year_keeping_its_history(school, teacher):
    project = create_project(teacher, school, last_year=this_school_year())
    log(teacher, project.groups.get())
    year = services.project_continue(user=teacher, project=project)
    assert year.school_year == this_school_year() + 1
    new = year.groups.get()
    assert (new.name, new.level, new.continued_from.name) == ("CM1 A", "cm1", "CE2 A")
    project.refresh_from_db()
    assert project.last_year == this_school_year() + 1
    assert project.groups.count() == 2 and DeliveredSession.objects.filter(group__name="CE2 A").count() == 1
    assert statuses(project)["duration"] == "met"
    with pytest.raises(ValidationError):
        services.project_continue(user=teacher, project=project)  # the year after next is not open yet


# --- delivery log -----------------------------------------------------------------------------


def test_a_logged_session_updates_the_fidelity_criterion(school, teacher):
    project = create_project(teacher, school)
    assert statuses(project)["fidelity"] == "not_met"
    session, created = log(teacher, project.groups.get(), fidelity=Fidelity.MOST)
    assert created and session.recorded_by == teacher
    assert statuses(project)["fidelity"] == "met"


def test_a_delivery_sent_twice_is_written_once(school, teacher):
    project = create_project(teacher, school)
    key = uuid.uuid4()
    first, created = log(teacher, project.groups.get(), key=key)
    again, created_again = log(teacher, project.groups.get(), key=key)
    assert created and not created_again and again == first
    assert DeliveredSession.objects.count() == 1


def test_the_same_sheet_logged_again_the_same_day_is_refused_with_a_clear_message(school, teacher):
    sheets = safe_sheets(2)
    project = create_project(teacher, school, sequences=[sequence_of(teacher, sheets)])
    group = project.groups.get()
    log(teacher, group, sheet=sheets[0], activity="")
    with pytest.raises(ValidationError) as refused:
        log(teacher, group, sheet=sheets[0], activity="")
    assert "Cette séance est déjà consignée" in refused.value.message_dict["sheet"][0]
    assert DeliveredSession.objects.count() == 1


def test_a_session_dated_before_the_project_is_refused(school, teacher):
    project = create_project(teacher, school)
    before = school_year_bounds(this_school_year())[0] - datetime.timedelta(days=1)
    with pytest.raises(ValidationError) as refused:
        log(teacher, project.groups.get(), date=before)
    assert "avant le début du projet" in refused.value.message_dict["date"][0]
    assert not DeliveredSession.objects.exists()


def test_a_session_in_the_future_is_refused(school, teacher):
    project = create_project(teacher, school)
    with pytest.raises(ValidationError) as refused:
        log(teacher, project.groups.get(), date=days_ago(-1))
    assert "futur" in refused.value.message_dict["date"][0]


def test_more_pupils_present_than_in_the_group_is_refused(school, teacher):
    project = create_project(teacher, school)
    with pytest.raises(ValidationError) as refused:
        log(teacher, project.groups.get(), pupils_present=25)
    assert "Le groupe compte 24 élèves" in refused.value.message_dict["pupils_present"][0]


def test_a_sheet_outside_the_project_sequences_is_refused(school, teacher):
    project = create_project(teacher, school, sequences=[sequence_of(teacher, safe_sheets(1))])
    with pytest.raises(ValidationError) as refused:
        log(teacher, project.groups.get(), sheet=safe_sheets(1)[0], activity="")
    assert "aucune séquence du projet" in refused.value.message_dict["sheet"][0]


def test_someone_outside_the_project_cannot_log_a_session(school, teacher):
    project = create_project(teacher, school)
    stranger = user_with_role(Role.TEACHER, EstablishmentFactory())
    with pytest.raises(PermissionDenied):
        log(stranger, project.groups.get())
