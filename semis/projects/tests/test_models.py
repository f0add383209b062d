import uuid

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from semis.accounts.enums import Role
from semis.accounts.tests.factories import user_with_role
from semis.geo.tests.factories import CommuneFactory, DepartementFactory, EstablishmentFactory
from semis.projects.enums import Carrier
from semis.projects.models import Group, Project
from semis.projects.tests.factories import DeliveredSessionFactory, GroupFactory, ProjectFactory
from semis.territories.tests.factories import TerritoryFactory


@pytest.mark.parametrize(
    ("pupils", "message"),
    [(0, "Un groupe compte au moins 1 élève."), (500, "Un groupe compte au plus 40 élèves")],
)
def test_a_group_of_zero_or_five_hundred_pupils_is_refused_in_french(pupils, message):
    group = GroupFactory.build(project=ProjectFactory(), pupil_count=pupils)
    group.year = group.project.years.get()
    with pytest.raises(ValidationError) as refused:
        group.full_clean()
    assert message in refused.value.message_dict["pupil_count"][0]


@pytest.mark.parametrize("pupils", [1, 40])
def test_groups_of_one_to_forty_pupils_are_accepted(pupils):
    group = GroupFactory.build(project=ProjectFactory(), pupil_count=pupils)
    group.year = group.project.years.get()
    group.full_clean()


def test_the_database_refuses_an_empty_group_written_past_validation():
    project = ProjectFactory()
    with pytest.raises(IntegrityError), transaction.atomic():
        Group.objects.create(
            project=project, year=project.years.get(), name="A", level="ce2", pupil_count=0, planned_hours=8
        )


def test_a_submission_key_is_stored_once():
    key = uuid.uuid4()
    first = DeliveredSessionFactory(submission_key=key)
    with pytest.raises(IntegrityError), transaction.atomic():
        DeliveredSessionFactory(group=first.group, submission_key=key)


def test_a_school_project_names_no_territory_and_the_reverse():
    school = ProjectFactory()
    school.territory = TerritoryFactory()
    with pytest.raises(IntegrityError), transaction.atomic():
        school.save()


def test_a_territory_project_needs_its_structure_in_french():
    territory = TerritoryFactory()
    project = Project(carrier=Carrier.TERRITORY, territory=territory, title="Ateliers", first_year=2025, last_year=2025)
    with pytest.raises(ValidationError) as refused:
        project.full_clean()
    assert "Indiquez la structure" in refused.value.message_dict["structure"][0]


def test_a_project_covers_at_most_six_school_years():
    project = ProjectFactory.build(first_year=2025, last_year=2031)
    with pytest.raises(ValidationError) as refused:
        project.full_clean()
    assert "au plus 6 années" in refused.value.message_dict["last_year"][0]


@pytest.fixture
def two_academies():
    """A school project in each of two académies, and an out-of-school project on a territory of the first."""
    first = EstablishmentFactory()
    second = EstablishmentFactory()
    territory = TerritoryFactory(communes=[CommuneFactory(departement=first.commune.departement)])
    territory.region = first.commune.departement.region
    territory.save()
    school_one = ProjectFactory(establishment=first)
    school_two = ProjectFactory(establishment=second)
    outside = ProjectFactory(
        carrier=Carrier.TERRITORY,
        establishment=None,
        territory=territory,
        structure="Centre social",
        departement=first.commune.departement,
    )
    return first, second, territory, school_one, school_two, outside


def visible(user):
    return set(Project.objects.visible_to(user))


def test_each_perimeter_sees_its_projects(two_academies):
    first, _second, territory, school_one, school_two, outside = two_academies
    academie = first.commune.departement.academie
    assert visible(user_with_role(Role.ACADEMIE_PILOT, academie)) == {school_one, outside}
    assert visible(user_with_role(Role.REGIONAL_COORDINATOR, academie.region)) == {school_one, outside}
    assert visible(user_with_role(Role.TEACHER, first)) == {school_one}
    assert visible(user_with_role(Role.TERRITORIAL_LEAD, territory)) == {outside}
    assert visible(user_with_role(Role.NATIONAL_ADMIN)) == {school_one, school_two, outside}


def test_a_territory_lead_also_sees_the_school_projects_inside_the_territory(two_academies):
    first, _second, territory, school_one, _school_two, outside = two_academies
    territory.communes.add(first.commune)
    assert visible(user_with_role(Role.TERRITORIAL_LEAD, territory)) == {school_one, outside}


def test_a_territory_across_two_academies_lies_in_neither():
    departement = DepartementFactory()
    other = DepartementFactory()
    territory = TerritoryFactory(communes=[CommuneFactory(departement=departement), CommuneFactory(departement=other)])
    project = ProjectFactory(
        carrier=Carrier.TERRITORY, establishment=None, territory=territory, structure="MJC", departement=None
    )
    project.academie = None
    project.region = territory.region
    project.save()
    assert project not in visible(user_with_role(Role.ACADEMIE_PILOT, departement.academie))
    assert project in visible(user_with_role(Role.TERRITORIAL_LEAD, territory))


def test_sessions_groups_and_results_follow_their_project_scope(two_academies):
    first, second, *_rest = two_academies
    mine = DeliveredSessionFactory(group=GroupFactory(project=ProjectFactory(establishment=first)))
    DeliveredSessionFactory(group=GroupFactory(project=ProjectFactory(establishment=second)))
    teacher = user_with_role(Role.TEACHER, first)
    assert list(mine._meta.model.objects.visible_to(teacher)) == [mine]
    assert list(Group.objects.visible_to(teacher)) == [mine.group]
