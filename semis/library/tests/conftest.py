import pytest

from semis.accounts.enums import Role
from semis.accounts.tests.factories import user_with_role
from semis.geo.tests.factories import EstablishmentFactory
from semis.library.tests.factories import load_sample_library
from semis.referential.tests.factories import shipped_referential


@pytest.fixture
def referential(db):
    return shipped_referential()


@pytest.fixture
def library(referential):
    """The three published sample sheets, by slug."""
    return load_sample_library()


@pytest.fixture
def teacher(db):
    return user_with_role(Role.TEACHER, EstablishmentFactory())


@pytest.fixture
def other_teacher(db):
    return user_with_role(Role.TEACHER, EstablishmentFactory())


@pytest.fixture
def reviewer(db):
    """An académie pilot, one of the reviewing roles."""
    establishment = EstablishmentFactory()
    return user_with_role(Role.ACADEMIE_PILOT, establishment.commune.departement.academie)
