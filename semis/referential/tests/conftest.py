import pytest

from semis.referential.tests.factories import shipped_referential


@pytest.fixture
def referential(db):
    return shipped_referential()
