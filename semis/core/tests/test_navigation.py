from django.urls import reverse

from semis.accounts.enums import Role
from semis.accounts.tests.factories import sign_in, user_with_role
from semis.geo.tests.factories import EstablishmentFactory


def menu(response):
    """Every link of the main menu, drop-downs opened: label → is it the current page."""
    items = response.context["nav_items"]
    return {str(link["label"]): link["current"] for item in items for link in item.get("children", [item])}


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


def test_the_menu_groups_its_links_in_drop_downs_and_marks_the_open_one(client):
    client.force_login(user_with_role(Role.TEACHER, EstablishmentFactory()))
    items = client.get(reverse("geo:establishment_list")).context["nav_items"]
    groups = {str(item["label"]): item for item in items if "children" in item}
    assert [str(link["label"]) for link in groups["Territoires"]["children"]] == [
        "Programmes territoriaux",
        "Capitalisation",
        "Établissements",
        "Géographie",
    ]
    assert groups["Territoires"]["current"] and not groups["Ressources"]["current"]
    # A teacher plans no training: "Formation" holds one link and is shown as that link.
    assert "Formation" not in groups
    assert "Stages" in [str(item["label"]) for item in items]
