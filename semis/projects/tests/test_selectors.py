from decimal import Decimal

import pytest
from django.utils import timezone

from semis.accounts.enums import Role
from semis.accounts.tests.factories import user_with_role
from semis.geo.tests.factories import EstablishmentFactory
from semis.library.enums import SheetStatus
from semis.library.tests.factories import ProgrammeFactory
from semis.projects import services
from semis.projects.enums import Carrier, FamilyInvolvement, GroupLevel, PartnerKind, ProjectStatus, ScoreBand
from semis.projects.models import Project, ProjectScore
from semis.projects.scoring import AdultFacts, ContentFacts, GroupFacts, ProjectFacts
from semis.projects.selectors import criteria_distribution, project_facts, projects_filtered
from semis.projects.services import GroupSpec
from semis.projects.tests.factories import (
    DeliveredSessionFactory,
    GroupFactory,
    ProjectFactory,
    create_project,
    safe_sheets,
    sequence_of,
    this_school_year,
)
from semis.referential.models import SpecificSkill
from semis.referential.tests.factories import SpecificSkillFactory
from semis.training.models import Attendance
from semis.training.tests.factories import EnrolmentFactory, TrainingCourseFactory

pytestmark = pytest.mark.django_db


def test_project_facts_reads_every_fact_in_four_queries(django_assert_num_queries):
    school = EstablishmentFactory()
    teacher = user_with_role(Role.TEACHER, school)
    sheets = safe_sheets(3)
    sheets[0].sources = []  # published without sources: not counted as evidence-based
    sheets[0].save()
    sheets[1].status = SheetStatus.DRAFT
    sheets[1].safe_active = False
    sheets[1].save()
    project = create_project(
        teacher,
        school,
        groups=[GroupSpec("CE2 B", "ce2", 24, Decimal("7.5")), GroupSpec("CE2 A", "ce2", 20, Decimal("8"))],
        sequences=[sequence_of(teacher, sheets)],
        programme=ProgrammeFactory(name="Unplugged", evidence_level="rct"),
        skills=list(SpecificSkill.objects.all()[:2]),
        family_involvement=FamilyInvolvement.INFORMED,
        climate_actions="  ",
        support_followup=True,
    )
    services.partner_add(user=teacher, project=project, name="Centre social", kind=PartnerKind.SOCIAL)
    # 11 h 59 of training in all: 3 h attended in the cascade plus 8,99 h elsewhere — still short of 12 h.
    course = TrainingCourseFactory(sessions=2)
    enrolment = EnrolmentFactory(course=course, establishment=school)
    first, second = course.sessions.all()
    Attendance.objects.create(session=first, enrolment=enrolment, present=True, hours=first.hours)
    Attendance.objects.create(session=second, enrolment=enrolment, present=False, hours=Decimal("0"))
    services.adult_add(
        user=teacher,
        project=project,
        full_name="Zoé Martin",
        enrolment=enrolment,
        other_training_hours=Decimal("8.99") + 3 - first.hours,
    )
    services.adult_add(user=teacher, project=project, full_name="Anne Petit", other_training_hours=Decimal("12"))
    for fidelity in (4, 3):
        DeliveredSessionFactory(group=project.groups.first(), fidelity=fidelity)

    with django_assert_num_queries(4):
        facts = project_facts(project)

    assert facts == ProjectFacts(
        years_planned=2,
        groups=(GroupFacts("CE2 A", 480), GroupFacts("CE2 B", 450)),
        content=ContentFacts(
            sessions=3,
            sequenced=3,
            active=2,
            focused=3,
            explicit=3,
            published_with_sources=1,
            programme="Unplugged",
            programme_evidence="rct",
        ),
        skills_targeted=len(SpecificSkill.objects.all()[:2]),
        adults=(AdultFacts("Anne Petit", 720), AdultFacts("Zoé Martin", 719)),
        team_followed=False,
        support_followup=True,
        family_involvement=FamilyInvolvement.INFORMED,
        partners=1,
        climate_actions=False,
        evaluation="none",
        delivered_sessions=2,
        fidelity_points=7,
    )


def test_project_facts_count_only_the_latest_year_groups():
    school = EstablishmentFactory()
    teacher = user_with_role(Role.TEACHER, school)
    project = create_project(teacher, school)
    services.project_continue(user=teacher, project=project)
    services.group_add(
        user=teacher, project=project, name="CM1 B", level="cm1", pupil_count=22, planned_hours=Decimal("10")
    )
    assert project_facts(project).groups == (GroupFacts("CM1 A", 480), GroupFacts("CM1 B", 600))


def test_the_national_overview_costs_the_same_queries_whatever_the_number_of_projects(django_assert_num_queries):
    admin = user_with_role(Role.NATIONAL_ADMIN, None)
    school = EstablishmentFactory()
    teacher = user_with_role(Role.TEACHER, school)
    create_project(teacher, school)
    visible = Project.objects.visible_to(admin)  # reads the admin's roles once
    with django_assert_num_queries(1) as captured:
        first = criteria_distribution(visible)
    # National: the whole table is read, no semi-join over every project.
    assert '"projects_project"' not in captured.captured_queries[0]["sql"]
    for _ in range(3):
        other = EstablishmentFactory()
        create_project(user_with_role(Role.TEACHER, other), other)
    with django_assert_num_queries(1):
        rows = criteria_distribution(Project.objects.visible_to(admin))
    assert sum(row.total for row in first) == len(first)
    assert sum(row.total for row in rows) == 4 * len(rows)


def test_each_filter_of_the_project_list_narrows_it_in_one_query(django_assert_num_queries):
    year = this_school_year()
    school = EstablishmentFactory(name="Collège Jules Verne")
    mine = ProjectFactory(establishment=school, title="Les émotions", first_year=year, last_year=year)
    GroupFactory(project=mine, level=GroupLevel.CP)
    GroupFactory(project=mine, level=GroupLevel.CP)
    mine.skills.add(SpecificSkillFactory(code="C9.9"))
    other = ProjectFactory(carrier=Carrier.SCHOOL, status=ProjectStatus.VALIDATED, first_year=year + 1)
    ProjectScore.objects.create(
        project=other, score=80, band=ScoreBand.STRONG, rules_version="test", computed_at=timezone.now()
    )
    everyone = {mine, other}

    def filtered(**filters):
        return list(projects_filtered(Project.objects.all(), **filters))

    assert set(filtered()) == everyone
    assert filtered(q="émotions") == filtered(q="verne") == [mine]
    # Two groups of the level: the project is listed once.
    assert filtered(skill="C9.9") == filtered(level=GroupLevel.CP) == [mine]
    assert filtered(band=ScoreBand.STRONG) == filtered(status=ProjectStatus.VALIDATED) == [other]
    assert filtered(year=year) == [mine]
    assert set(filtered(carrier=Carrier.SCHOOL)) == everyone
    assert filtered(academie=school.commune.departement.academie.code) == [mine]
    assert filtered(departement=school.commune.departement.code) == [mine]
    assert filtered(establishment=school.uai) == [mine]
    # A value outside its choices, or empty, filters nothing: the page ignores it, the API refused it before.
    assert set(filtered(level="master", band="", status="fini", carrier="", q="", skill="")) == everyone
    with django_assert_num_queries(1):
        assert filtered(q="verne", skill="C9.9", level=GroupLevel.CP, year=year) == [mine]
