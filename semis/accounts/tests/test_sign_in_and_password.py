import re

from django.core import mail
from django.urls import reverse
from django_tasks_db.models import DBTaskResult

from semis.accounts.enums import Role
from semis.accounts.models import User
from semis.accounts.tests.factories import PASSWORD, UserFactory, sign_in, user_with_role
from semis.geo.tests.factories import EstablishmentFactory

LOGIN = reverse("accounts:login")
NEW_PASSWORD = "une-toute-nouvelle-phrase"


def sign_in_form(client, email, password):
    return client.post(LOGIN, {"username": email, "password": password})


def signed_in_as(client):
    return client.session.get("_auth_user_id")


def test_sign_in_with_email_in_any_case(client):
    user = user_with_role(Role.TEACHER, EstablishmentFactory(), email="claire@exemple.fr")
    response = sign_in_form(client, "  Claire@Exemple.FR ", PASSWORD)
    assert response["Location"] == reverse("core:home")
    assert int(signed_in_as(client)) == user.pk


def test_a_wrong_password_gives_a_french_error(client):
    user = UserFactory()
    response = sign_in_form(client, user.email, "pas-le-bon")
    assert response.status_code == 200
    assert "Adresse e-mail ou mot de passe incorrect." in response.content.decode()
    assert signed_in_as(client) is None


def test_five_failures_lock_the_account_even_against_the_right_password(client):
    user = UserFactory()
    for _attempt in range(4):
        assert sign_in_form(client, user.email, "pas-le-bon").status_code == 200

    locked = sign_in_form(client, user.email, "pas-le-bon")

    assert locked.status_code == 429
    assert "accounts/lockout.html" in [t.name for t in locked.templates]
    page = locked.content.decode()
    assert "Connexion temporairement bloquée" in page
    assert "réessayez dans 15 minutes" in page

    right = sign_in_form(client, user.email, PASSWORD)
    assert right.status_code == 429
    assert signed_in_as(client) is None


def test_failures_on_one_email_do_not_lock_another(client):
    victim, other = UserFactory(), UserFactory()
    for _attempt in range(5):
        sign_in_form(client, victim.email, "pas-le-bon")
    assert sign_in_form(client, other.email, PASSWORD).status_code == 302


def test_password_reset_mail_leaves_through_the_worker_and_its_link_sets_a_new_password(
    client, django_capture_on_commit_callbacks, run_worker
):
    user = UserFactory(email="oubli@exemple.fr")
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("accounts:password_reset"), {"email": "oubli@exemple.fr"})
    assert response["Location"] == reverse("accounts:password_reset_done")
    assert mail.outbox == []

    run_worker()

    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["oubli@exemple.fr"]
    assert message.subject == "Semis : choisir un nouveau mot de passe"
    link = re.search(r"http://testserver(/\S+)", message.body).group(1)
    form_page = client.get(link, follow=True)
    assert form_page.context["validlink"]
    set_password_url = form_page.redirect_chain[-1][0]

    done = client.post(set_password_url, {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD})

    assert done["Location"] == LOGIN
    assert sign_in_form(client, user.email, NEW_PASSWORD)["Location"] == reverse("core:home")
    assert client.get(link, follow=True).context["validlink"] is False  # the link served once


def test_password_reset_for_an_unknown_address_looks_the_same_and_sends_nothing(
    client, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("accounts:password_reset"), {"email": "personne@exemple.fr"})
    assert response["Location"] == reverse("accounts:password_reset_done")
    assert not DBTaskResult.objects.exists()


def test_profile_edit_saves_names_and_organisation(client):
    user = user_with_role(Role.TRAINER, EstablishmentFactory())
    sign_in(client, user)
    response = client.post(
        reverse("accounts:profile"),
        {"first_name": "Léa", "last_name": "Durand", "organisation": "IREPS Pays de la Loire"},
    )
    assert response["Location"] == reverse("accounts:profile")
    user.refresh_from_db()
    assert (user.first_name, user.last_name, user.organisation) == ("Léa", "Durand", "IREPS Pays de la Loire")
    assert "Profil enregistré." in client.get(response["Location"]).content.decode()


def test_profile_edit_requires_the_names(client):
    user = user_with_role(Role.TRAINER, EstablishmentFactory())
    sign_in(client, user)
    response = client.post(reverse("accounts:profile"), {"first_name": "", "last_name": "", "organisation": ""})
    assert response.status_code == 200
    assert "Ce champ est obligatoire." in response.content.decode()
    assert User.objects.get(pk=user.pk).first_name == user.first_name


def test_password_change_keeps_the_session_and_the_new_password_signs_in(client):
    user = user_with_role(Role.TEACHER, EstablishmentFactory())
    sign_in(client, user)
    response = client.post(
        reverse("accounts:password_change"),
        {"old_password": PASSWORD, "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
    )
    assert response["Location"] == reverse("accounts:profile")
    assert client.get(reverse("accounts:profile")).status_code == 200
    client.logout()
    assert sign_in_form(client, user.email, NEW_PASSWORD)["Location"] == reverse("core:home")


def test_password_change_with_a_wrong_old_password_is_refused_in_french(client):
    user = user_with_role(Role.TEACHER, EstablishmentFactory())
    sign_in(client, user)
    response = client.post(
        reverse("accounts:password_change"),
        {"old_password": "pas-le-bon", "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
    )
    assert response.status_code == 200
    assert "Votre ancien mot de passe est incorrect." in response.content.decode()
    user.refresh_from_db()
    assert user.check_password(PASSWORD)
