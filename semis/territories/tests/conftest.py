import pytest
from django_otp.plugins.otp_totp.models import TOTPDevice

from semis.accounts.enums import Role
from semis.accounts.tests.factories import user_with_role
from semis.territories.tests.factories import ProgrammeFactory, TerritoryFactory


def sign_in(client, user):
    """Sign in, with the second factor passed for the roles that need one."""
    client.force_login(user)
    if user.needs_second_factor:
        device = TOTPDevice.objects.create(user=user, name="test", confirmed=True)
        session = client.session
        session["otp_device_id"] = device.persistent_id
        session.save()
    return client


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
