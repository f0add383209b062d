from binascii import unhexlify

import pytest
from django.urls import reverse
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from semis.accounts.enums import Role
from semis.accounts.tests.factories import user_with_role
from semis.geo.tests.factories import EstablishmentFactory

HOME = reverse("core:home")
SETUP = reverse("accounts:otp_setup")
VERIFY = reverse("accounts:otp_verify")


def current_code(key_hex: str) -> str:
    """The code an authenticator app shows now for this key."""
    totp = TOTP(unhexlify(key_hex))
    return f"{totp.token():06d}"


def wrong_code(key_hex: str) -> str:
    return f"{(int(current_code(key_hex)) + 500_000) % 1_000_000:06d}"


def wide_role_user(role):
    school = EstablishmentFactory()
    departement = school.commune.departement
    perimeter = {
        Role.NATIONAL_ADMIN: None,
        Role.REGIONAL_COORDINATOR: departement.region,
        Role.ACADEMIE_PILOT: departement.academie,
    }[role]
    return user_with_role(role, perimeter)


WIDE_ROLES = [Role.NATIONAL_ADMIN, Role.REGIONAL_COORDINATOR, Role.ACADEMIE_PILOT]
OTHER_ROLES = [r for r in Role if r not in WIDE_ROLES]


@pytest.mark.parametrize("role", WIDE_ROLES, ids=str)
def test_wide_roles_without_a_device_are_sent_to_set_up(client, role):
    client.force_login(wide_role_user(role))
    response = client.get(HOME)
    assert response.status_code == 302
    assert response["Location"] == f"{SETUP}?next=%2F"


@pytest.mark.parametrize("role", WIDE_ROLES, ids=str)
def test_wide_roles_with_a_device_are_sent_to_verify(client, role):
    user = wide_role_user(role)
    TOTPDevice.objects.create(user=user, name="téléphone", confirmed=True)
    client.force_login(user)
    response = client.get(reverse("accounts:profile"))
    assert response["Location"] == f"{VERIFY}?next=%2Fcompte%2Fprofil%2F"


@pytest.mark.parametrize("role", OTHER_ROLES, ids=str)
def test_other_roles_without_a_device_go_through(client, role):
    client.force_login(user_with_role(role, EstablishmentFactory()))
    assert client.get(HOME).status_code == 200


def test_a_teacher_who_turned_a_second_factor_on_is_asked_for_it(client):
    teacher = user_with_role(Role.TEACHER, EstablishmentFactory())
    TOTPDevice.objects.create(user=teacher, name="téléphone", confirmed=True)
    client.force_login(teacher)
    assert client.get(HOME)["Location"].startswith(VERIFY)


def test_wrong_code_shows_the_french_error_and_does_not_verify(client):
    user = wide_role_user(Role.ACADEMIE_PILOT)
    device = TOTPDevice.objects.create(user=user, name="téléphone", confirmed=True)
    client.force_login(user)

    response = client.post(VERIFY, {"code": wrong_code(device.key)})

    assert response.status_code == 200
    assert "Code incorrect. Saisissez le code actuellement affiché par votre application." in response.content.decode()
    assert client.get(HOME)["Location"].startswith(VERIFY)


def test_letters_in_the_code_are_refused_in_french(client):
    user = wide_role_user(Role.ACADEMIE_PILOT)
    TOTPDevice.objects.create(user=user, name="téléphone", confirmed=True)
    client.force_login(user)
    response = client.post(VERIFY, {"code": "12a456"})
    assert "Le code ne contient que des chiffres." in response.content.decode()


def test_right_code_verifies_and_returns_to_the_page_asked_for(client):
    user = wide_role_user(Role.REGIONAL_COORDINATOR)
    device = TOTPDevice.objects.create(user=user, name="téléphone", confirmed=True)
    client.force_login(user)

    response = client.post(f"{VERIFY}?next=/compte/profil/", {"code": current_code(device.key)})

    assert response["Location"] == "/compte/profil/"
    assert client.get(HOME).status_code == 200


def test_verify_ignores_a_next_pointing_to_another_site(client):
    user = wide_role_user(Role.NATIONAL_ADMIN)
    device = TOTPDevice.objects.create(user=user, name="téléphone", confirmed=True)
    client.force_login(user)
    response = client.post(f"{VERIFY}?next=https://ailleurs.example/", {"code": current_code(device.key)})
    assert response["Location"] == HOME


def test_set_up_pairs_the_app_with_the_key_shown_and_verifies(client):
    user = wide_role_user(Role.NATIONAL_ADMIN)
    client.force_login(user)
    page = client.get(SETUP)
    assert page.status_code == 200
    key = client.session["otp_setup_key"]

    wrong = client.post(SETUP, {"code": wrong_code(key)})
    assert "Code incorrect ou expiré." in wrong.content.decode()
    assert not TOTPDevice.objects.filter(user=user).exists()

    response = client.post(SETUP, {"code": current_code(key)})

    assert response["Location"] == HOME
    device = TOTPDevice.objects.get(user=user)
    assert device.confirmed and device.key == key
    assert client.get(HOME).status_code == 200


def test_set_up_cannot_replace_a_device_before_the_second_factor_is_passed(client):
    """Otherwise a stolen password would be enough to pair another phone."""
    user = wide_role_user(Role.ACADEMIE_PILOT)
    device = TOTPDevice.objects.create(user=user, name="téléphone", confirmed=True)
    client.force_login(user)

    response = client.post(SETUP, {"code": "123456"})

    assert response["Location"].startswith(VERIFY)
    assert list(TOTPDevice.objects.filter(user=user)) == [device]


def test_a_verified_user_may_pair_a_new_phone(client):
    user = wide_role_user(Role.ACADEMIE_PILOT)
    old = TOTPDevice.objects.create(user=user, name="téléphone", confirmed=True)
    client.force_login(user)
    client.post(VERIFY, {"code": current_code(old.key)})

    client.get(SETUP)
    key = client.session["otp_setup_key"]
    client.post(SETUP, {"code": current_code(key)})

    assert list(TOTPDevice.objects.filter(user=user).values_list("key", flat=True)) == [key]
