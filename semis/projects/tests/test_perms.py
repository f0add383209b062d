"""Who may carry, edit and review a project, as a table."""

import pytest

from semis.accounts.enums import Role
from semis.accounts.tests.factories import user_with_role
from semis.geo.tests.factories import CommuneFactory, EstablishmentFactory
from semis.projects import perms
from semis.projects.enums import Carrier
from semis.projects.tests.factories import ProjectFactory
from semis.territories.tests.factories import TerritoryFactory


@pytest.fixture
def places():
    school = EstablishmentFactory()
    territory = TerritoryFactory(
        programme__region=school.commune.departement.region,
        communes=[school.commune, CommuneFactory(departement=school.commune.departement)],
    )
    other_school = EstablishmentFactory()
    return {
        "school": school,
        "territory": territory,
        "academie": school.commune.departement.academie,
        "region": school.commune.departement.region,
        "other_school": other_school,
        "other_academie": other_school.commune.departement.academie,
        "national": None,
    }


def projects(places):
    school_project = ProjectFactory(establishment=places["school"])
    territory_project = ProjectFactory(
        carrier=Carrier.TERRITORY,
        establishment=None,
        territory=places["territory"],
        structure="Centre social",
        departement=places["school"].commune.departement,
    )
    return school_project, territory_project


# (role, perimeter) → (edits the school project, edits the territory project,
#                      reviews the school project, reviews the territory project)
TABLE = [
    (Role.TEACHER, "school", True, False, False, False),
    (Role.TEACHER, "other_school", False, False, False, False),
    (Role.TEACHER, "territory", True, True, False, False),
    (Role.SCHOOL_HEAD, "school", True, False, False, False),
    (Role.TERRITORIAL_LEAD, "territory", False, True, False, True),
    (Role.ACADEMIE_PILOT, "academie", False, False, True, True),
    (Role.ACADEMIE_PILOT, "other_academie", False, False, False, False),
    (Role.REGIONAL_COORDINATOR, "region", False, False, True, True),
    (Role.NATIONAL_ADMIN, "national", True, True, True, True),
    (Role.TRAINER, "academie", False, False, False, False),
    (Role.EVALUATOR, "region", False, False, False, False),
    (Role.PARTNER, "academie", False, False, False, False),
]


@pytest.mark.parametrize(
    ("role", "perimeter", "edit_school", "edit_territory", "review_school", "review_territory"), TABLE
)
def test_who_edits_and_reviews(places, role, perimeter, edit_school, edit_territory, review_school, review_territory):
    school_project, territory_project = projects(places)
    user = user_with_role(role, places[perimeter])
    assert perms.can_edit_project(user, school_project) is edit_school
    assert perms.can_edit_project(user, territory_project) is edit_territory
    assert perms.can_review_project(user, school_project) is review_school
    assert perms.can_review_project(user, territory_project) is review_territory


def test_the_creator_edits_their_project_whatever_their_role(places):
    creator = user_with_role(Role.PARTNER, places["academie"])
    project = ProjectFactory(establishment=places["school"], created_by=creator)
    assert perms.can_edit_project(creator, project)


def test_only_carrier_roles_open_the_new_project_form(places):
    assert perms.can_create_project(user_with_role(Role.TEACHER, places["school"]))
    assert perms.can_create_project(user_with_role(Role.TERRITORIAL_LEAD, places["territory"]))
    assert not perms.can_create_project(user_with_role(Role.ACADEMIE_PILOT, places["academie"]))
