"""The establishment rules of semis/geo/perms.py, each as a table of (role, perimeter) → answer."""

import pytest

from semis.accounts.enums import Role
from semis.accounts.tests.factories import UserFactory, user_with_role
from semis.geo import perms

R = Role


def perimeter_of(name: str, home, away):
    return {
        "national": None,
        "home région": home.region,
        "home académie": home.academie,
        "home département": home.departement,
        "home territory": home.territory,
        "home school": home.school,
        "away région": away.region,
        "away académie": away.academie,
        "away school": away.school,
    }[name]


EDIT_HOME_SCHOOL = [
    (R.NATIONAL_ADMIN, "national", True),
    (R.REGIONAL_COORDINATOR, "home région", True),
    (R.REGIONAL_COORDINATOR, "away région", False),
    (R.ACADEMIE_PILOT, "home académie", True),
    (R.ACADEMIE_PILOT, "home département", True),
    (R.ACADEMIE_PILOT, "home territory", True),
    (R.ACADEMIE_PILOT, "away académie", False),
    (R.SCHOOL_HEAD, "home school", True),
    (R.SCHOOL_HEAD, "away school", False),
    (R.TEACHER, "home school", False),
    (R.TERRITORIAL_LEAD, "home territory", False),
    (R.TRAINER, "home académie", False),
    (R.EVALUATOR, "national", False),
    (R.PARTNER, "national", False),
]


@pytest.mark.parametrize(("role", "perimeter", "expected"), EDIT_HOME_SCHOOL)
def test_who_may_edit_a_school(home, away, role, perimeter, expected):
    user = user_with_role(role, perimeter_of(perimeter, home, away))
    assert perms.can_edit_establishment(user, home.school) is expected
    assert perms.editable_establishments(user).filter(pk=home.school.pk).exists() is expected


PLACE_IN_HOME_COMMUNE = [
    (R.NATIONAL_ADMIN, "national", True),
    (R.REGIONAL_COORDINATOR, "home région", True),
    (R.REGIONAL_COORDINATOR, "away région", False),
    (R.ACADEMIE_PILOT, "home académie", True),
    (R.ACADEMIE_PILOT, "home territory", True),
    (R.ACADEMIE_PILOT, "away académie", False),
    # A school head edits their school but does not place schools in a commune.
    (R.SCHOOL_HEAD, "home school", False),
    (R.TERRITORIAL_LEAD, "home territory", False),
    (R.TEACHER, "national", False),
]


@pytest.mark.parametrize(("role", "perimeter", "expected"), PLACE_IN_HOME_COMMUNE)
def test_who_may_place_a_school_in_a_commune(home, away, role, perimeter, expected):
    user = user_with_role(role, perimeter_of(perimeter, home, away))
    assert perms.can_place_establishment_in(user, home.commune) is expected
    assert perms.communes_open_to_new_schools(user).filter(pk=home.commune.pk).exists() is expected


CREATE_AND_IMPORT = [
    (R.NATIONAL_ADMIN, True),
    (R.REGIONAL_COORDINATOR, True),
    (R.ACADEMIE_PILOT, True),
    (R.TERRITORIAL_LEAD, False),
    (R.TRAINER, False),
    (R.TEACHER, False),
    (R.SCHOOL_HEAD, False),
    (R.EVALUATOR, False),
    (R.PARTNER, False),
]


@pytest.mark.parametrize(("role", "expected"), CREATE_AND_IMPORT)
def test_who_may_create_and_import_schools(role, expected):
    user = user_with_role(role)
    assert perms.can_create_establishment(user) is expected
    assert perms.can_import_establishments(user) is expected


def test_superuser_may_do_everything_and_a_user_without_role_nothing(home):
    superuser = UserFactory(is_superuser=True)
    nobody = UserFactory()
    assert perms.can_edit_establishment(superuser, home.school)
    assert perms.can_place_establishment_in(superuser, home.commune)
    assert perms.can_create_establishment(superuser)
    assert home.school in perms.editable_establishments(superuser)
    assert home.commune in perms.communes_open_to_new_schools(superuser)
    assert not perms.can_edit_establishment(nobody, home.school)
    assert not perms.can_place_establishment_in(nobody, home.commune)
    assert not perms.can_create_establishment(nobody)
    assert not perms.editable_establishments(nobody).exists()
    assert not perms.communes_open_to_new_schools(nobody).exists()
