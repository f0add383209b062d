from django.urls import reverse

from semis.accounts.enums import Role
from semis.accounts.tests.factories import sign_in, user_with_role
from semis.geo.tests.factories import EstablishmentFactory


def menu(response):
    return {str(item["label"]): item["current"] for item in response.context["nav_items"]}


def test_only_the_most_specific_menu_item_is_current(client):
    client.force_login(user_with_role(Role.TEACHER, EstablishmentFactory()))

    establishments = menu(client.get(reverse("geo:establishment_list")))
    overview = menu(client.get(reverse("geo:overview")))
    home = menu(client.get(reverse("core:home")))

    assert [label for label, current in establishments.items() if current] == ["Établissements"]
    assert [label for label, current in overview.items() if current] == ["Géographie"]
    assert [label for label, current in home.items() if current] == ["Mon espace"]


def test_no_menu_until_the_second_factor_is_passed(client):
    pilot = user_with_role(Role.ACADEMIE_PILOT, EstablishmentFactory().commune.departement.academie)
    client.force_login(pilot)

    setup_page = client.get(reverse("accounts:otp_setup"))
    assert setup_page.context["nav_items"] == []

    sign_in(client, pilot)
    assert "Utilisateurs" in menu(client.get(reverse("core:home")))
