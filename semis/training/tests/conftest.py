import pytest

from semis.accounts.enums import Role
from semis.accounts.tests.factories import sign_in, user_with_role


@pytest.fixture
def signed_in(client):
    """Sign `user` in, with the second factor passed when their role needs one."""

    return lambda user: sign_in(client, user)


@pytest.fixture
def pilot_of():
    def make(course):
        return user_with_role(Role.ACADEMIE_PILOT, course.programme.academie)

    return make
