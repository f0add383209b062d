import pytest

from semis.accounts.enums import Role
from semis.accounts.tests.factories import user_with_role
from semis.territories import outlines
from semis.territories.tests.factories import ProgrammeFactory, TerritoryFactory


@pytest.fixture
def programme():
    return ProgrammeFactory(year_start=2019, year_end=2026)


@pytest.fixture
def territory(programme):
    return TerritoryFactory(programme=programme, name="Unieux")


@pytest.fixture
def coordinator(programme):
    return user_with_role(Role.REGIONAL_COORDINATOR, programme.region)


@pytest.fixture
def lead(territory):
    return user_with_role(Role.TERRITORIAL_LEAD, territory)


@pytest.fixture(autouse=True)
def _fresh_outlines():
    """Each test's communes may reuse the pks of another's, rolled back: nothing cached survives a test."""
    outlines.forget()
