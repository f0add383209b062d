import re
from datetime import timedelta

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from semis.accounts import services
from semis.accounts.enums import INVITABLE_ROLES, PerimeterKind, Role
from semis.accounts.models import Invitation, RoleAssignment, User
from semis.accounts.tests.factories import PASSWORD, UserFactory, sign_in, user_with_role
from semis.core.models import AuditEvent
from semis.geo.models import Departement
from semis.geo.tests.factories import CommuneFactory, DepartementFactory, EstablishmentFactory

NEW_PASSWORD = "une-phrase-de-passe-neuve"


@pytest.fixture
def schools():
    """One school in the académie of Nantes (44), one in the académie of Lyon (69)."""
    nantes = EstablishmentFactory(commune=CommuneFactory(departement=DepartementFactory(code="44")))
    lyon = EstablishmentFactory(commune=CommuneFactory(departement=DepartementFactory(code="69")))
    return nantes, lyon


@pytest.fixture
def pilot(schools):
    nantes, _lyon = schools
    return user_with_role(Role.ACADEMIE_PILOT, nantes.commune.departement.academie)


def invite(inviter, perimeter, *, email="nouvelle@exemple.fr", role=Role.TEACHER):
    kind = PerimeterKind.DEPARTEMENT if isinstance(perimeter, Departement) else PerimeterKind.ESTABLISHMENT
    return services.invitation_create(
        invited_by=inviter, email=email, role=role, perimeter_kind=kind, perimeter=perimeter
    )


def accept_url(invitation):
    return reverse("accounts:invitation_accept", args=[invitation.token])


def nothing_written():
    return not Invitation.objects.exists() and not DBTaskResult.objects.exists()


def test_pilot_invites_a_teacher_on_a_school_of_the_academie_and_the_worker_sends_the_mail(
    schools, pilot, django_capture_on_commit_callbacks, run_worker
):
    nantes, _lyon = schools
    with django_capture_on_commit_callbacks(execute=True):
        invitation = invite(pilot, nantes, email=" Nouvelle@Exemple.fr ")

    assert invitation.email == "nouvelle@exemple.fr"
    assert invitation.expires_at > timezone.now() + timedelta(days=6)
    assert DBTaskResult.objects.count() == 1
    assert mail.outbox == []  # queued, not sent by the request

    run_worker()

    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["nouvelle@exemple.fr"]
    assert message.subject == "Invitation à rejoindre Semis"
    assert accept_url(invitation) in message.body
    assert "Enseignant·e ou animateur·rice" in message.body


def test_invitation_on_a_school_outside_the_perimeter_is_refused_and_writes_nothing(
    schools, pilot, django_capture_on_commit_callbacks
):
    _nantes, lyon = schools
    with django_capture_on_commit_callbacks(execute=True), pytest.raises(PermissionDenied) as refused:
        invite(pilot, lyon)
    assert str(refused.value) == "Vous ne pouvez pas attribuer ce rôle sur ce périmètre."
    assert nothing_written()


def test_invitation_to_a_role_the_inviter_may_not_give_is_refused_and_writes_nothing(
    schools, pilot, django_capture_on_commit_callbacks
):
    nantes, _lyon = schools
    with django_capture_on_commit_callbacks(execute=True), pytest.raises(PermissionDenied):
        invite(pilot, nantes, role=Role.REGIONAL_COORDINATOR)
    assert nothing_written()


@pytest.mark.parametrize("inviter_role", list(Role), ids=Role.values)
def test_each_role_may_hand_out_exactly_its_invitable_roles_inside_its_perimeter(schools, inviter_role):
    nantes, _lyon = schools
    perimeter = {
        Role.NATIONAL_ADMIN: None,
        Role.REGIONAL_COORDINATOR: nantes.commune.departement.region,
        Role.ACADEMIE_PILOT: nantes.commune.departement.academie,
    }.get(inviter_role, nantes)
    inviter = user_with_role(inviter_role, perimeter)
    allowed = {
        role
        for role in Role
        if services.invitation_allowed(inviter, role=role, perimeter_kind=PerimeterKind.ESTABLISHMENT, perimeter=nantes)
    }
    assert allowed == set(INVITABLE_ROLES.get(inviter_role, ()))


def test_a_person_who_already_holds_the_role_is_not_invited_again(schools, pilot):
    nantes, _lyon = schools
    teacher = user_with_role(Role.TEACHER, nantes)
    with pytest.raises(ValidationError) as refused:
        invite(pilot, nantes, email=teacher.email)
    assert refused.value.message_dict == {"email": ["Cette personne a déjà ce rôle sur ce périmètre."]}
    assert not Invitation.objects.exists()


def test_invitation_token_never_enters_the_audit_log(schools, pilot):
    nantes, _lyon = schools
    invitation = invite(pilot, nantes)
    event = AuditEvent.objects.for_object(invitation).get()
    assert "token" not in event.changes
    assert invitation.token not in str(event.changes)


# Views


def test_invitation_form_creates_the_invitation_and_the_mail_leaves_through_the_worker(
    client, schools, pilot, django_capture_on_commit_callbacks, run_worker
):
    nantes, _lyon = schools
    sign_in(client, pilot)
    data = {"email": "collegue@exemple.fr", "role": Role.TEACHER, "perimeter_kind": "establishment"}
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("accounts:invitations"), {**data, "establishment": nantes.uai.lower()})
    assert response.status_code == 302
    invitation = Invitation.objects.get()
    assert (invitation.invited_by, invitation.establishment) == (pilot, nantes)
    run_worker()
    assert mail.outbox[0].to == ["collegue@exemple.fr"]
    assert "Invitation envoyée à collegue@exemple.fr." in client.get(response["Location"]).content.decode()


def test_invitation_form_outside_the_perimeter_shows_a_french_error_and_writes_nothing(
    client, schools, pilot, django_capture_on_commit_callbacks
):
    _nantes, lyon = schools
    sign_in(client, pilot)
    data = {"email": "collegue@exemple.fr", "role": Role.TEACHER, "perimeter_kind": "departement"}
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("accounts:invitations"), {**data, "departement": lyon.commune.departement.pk})
    assert response.status_code == 200
    assert "Vous ne pouvez pas attribuer ce rôle sur ce périmètre." in response.content.decode()
    assert nothing_written()


def test_invitation_form_with_a_school_outside_the_perimeter_names_the_uai(client, schools, pilot):
    _nantes, lyon = schools
    sign_in(client, pilot)
    data = {"email": "collegue@exemple.fr", "role": Role.TEACHER, "perimeter_kind": "establishment"}
    response = client.post(reverse("accounts:invitations"), {**data, "establishment": lyon.uai})
    assert f"Aucun établissement de votre périmètre n&#x27;a l&#x27;UAI {lyon.uai}." in response.content.decode()
    assert not Invitation.objects.exists()


def test_invitation_form_offers_only_the_roles_the_inviter_may_give(client, schools):
    nantes, _lyon = schools
    sign_in(client, user_with_role(Role.SCHOOL_HEAD, nantes))
    form = client.get(reverse("accounts:invitations")).context["form"]
    assert [value for value, _label in form.fields["role"].choices] == [Role.TEACHER]


def test_accepting_creates_the_account_and_the_role_and_signs_in(client, schools, pilot):
    nantes, _lyon = schools
    invitation = invite(pilot, nantes)
    page = client.get(accept_url(invitation))
    assert page.status_code == 200
    assert "vous invite avec le rôle « Enseignant·e ou animateur·rice »" in page.content.decode()

    response = client.post(
        accept_url(invitation),
        {"first_name": "Inès", "last_name": "Moreau", "password1": NEW_PASSWORD, "password2": NEW_PASSWORD},
    )

    assert response.status_code == 302 and response["Location"] == reverse("core:home")
    user = User.objects.get(email="nouvelle@exemple.fr")
    assert (user.first_name, user.last_name) == ("Inès", "Moreau")
    assert user.check_password(NEW_PASSWORD)
    assignment = user.role_assignments.get()
    assert (assignment.role, assignment.perimeter_kind, assignment.establishment) == (
        Role.TEACHER,
        PerimeterKind.ESTABLISHMENT,
        nantes,
    )
    invitation.refresh_from_db()
    assert invitation.accepted_at is not None
    assert int(client.session["_auth_user_id"]) == user.pk
    assert client.get(reverse("core:home")).status_code == 200


def test_accepting_with_different_passwords_shows_the_error_and_writes_nothing(client, schools, pilot):
    nantes, _lyon = schools
    invitation = invite(pilot, nantes)
    response = client.post(
        accept_url(invitation),
        {"first_name": "Inès", "last_name": "Moreau", "password1": NEW_PASSWORD, "password2": "autre-chose-123"},
    )
    assert "Les deux mots de passe ne sont pas identiques." in response.content.decode()
    assert not User.objects.filter(email=invitation.email).exists()


def test_expired_invitation_gives_a_clear_message_and_writes_nothing(client, schools, pilot):
    nantes, _lyon = schools
    invitation = invite(pilot, nantes)
    Invitation.objects.filter(pk=invitation.pk).update(expires_at=timezone.now() - timedelta(minutes=1))

    response = client.post(
        accept_url(invitation),
        {"first_name": "Inès", "last_name": "Moreau", "password1": NEW_PASSWORD, "password2": NEW_PASSWORD},
    )

    assert response.status_code == 200
    assert "Cette invitation a expiré." in response.content.decode()
    assert not User.objects.filter(email=invitation.email).exists()
    assert not RoleAssignment.objects.filter(role=Role.TEACHER).exists()
    with pytest.raises(ValidationError, match="expiré"):
        services.invitation_accept(token=invitation.token, first_name="I", last_name="M", password=NEW_PASSWORD)


def test_used_invitation_gives_a_clear_message_and_writes_nothing(client, schools, pilot):
    nantes, _lyon = schools
    invitation = invite(pilot, nantes)
    data = {"first_name": "Inès", "last_name": "Moreau", "password1": NEW_PASSWORD, "password2": NEW_PASSWORD}
    client.post(accept_url(invitation), data)
    client.logout()

    response = client.post(accept_url(invitation), data)

    assert "Cette invitation a déjà été acceptée." in response.content.decode()
    assert User.objects.filter(email=invitation.email).count() == 1
    assert RoleAssignment.objects.filter(role=Role.TEACHER).count() == 1
    with pytest.raises(ValidationError, match="déjà été utilisé"):
        services.invitation_accept(token=invitation.token, first_name="I", last_name="M", password=NEW_PASSWORD)


def test_existing_user_signed_in_accepts_and_gets_the_role_added(client, schools, pilot):
    nantes, _lyon = schools
    trainer = user_with_role(Role.TRAINER, nantes)
    invitation = invite(pilot, nantes, email=trainer.email)
    sign_in(client, trainer)

    assert "Accepter ce rôle" in client.get(accept_url(invitation)).content.decode()
    response = client.post(accept_url(invitation))

    assert response.status_code == 302
    assert sorted(trainer.role_assignments.values_list("role", flat=True)) == [Role.TEACHER, Role.TRAINER]
    assert User.objects.filter(email=trainer.email).count() == 1
    assert trainer.check_password(PASSWORD)


def test_existing_user_not_signed_in_is_asked_to_sign_in_and_nothing_is_written(client, schools, pilot):
    nantes, _lyon = schools
    trainer = user_with_role(Role.TRAINER, nantes)
    invitation = invite(pilot, nantes, email=trainer.email)

    response = client.post(accept_url(invitation))

    page = response.content.decode()
    assert f"Un compte existe déjà pour {trainer.email} : connectez-vous d&#x27;abord" in page
    assert list(trainer.role_assignments.values_list("role", flat=True)) == [Role.TRAINER]
    invitation.refresh_from_db()
    assert invitation.accepted_at is None
    # The sign-in link leads back to the invitation.
    login_url = f"{reverse('accounts:login')}?next={accept_url(invitation)}"
    assert login_url in page
    signed_in = client.post(login_url, {"username": trainer.email, "password": PASSWORD})
    assert signed_in["Location"] == accept_url(invitation)


def test_unknown_invitation_token_is_a_404(client):
    assert client.get(reverse("accounts:invitation_accept", args=["inconnu"])).status_code == 404


def test_inviter_cancels_a_pending_invitation(client, schools, pilot):
    nantes, _lyon = schools
    invitation = invite(pilot, nantes)
    sign_in(client, pilot)
    cancel = reverse("accounts:invitation_cancel", args=[invitation.pk])

    assert client.get(cancel).status_code == 405
    response = client.post(cancel)

    assert response.status_code == 302
    assert not Invitation.objects.exists()
    assert client.get(accept_url(invitation)).status_code == 404


def test_only_the_inviter_cancels_and_only_while_pending(client, schools, pilot):
    nantes, _lyon = schools
    invitation = invite(pilot, nantes)
    other_pilot = user_with_role(Role.ACADEMIE_PILOT, nantes.commune.departement.academie)
    sign_in(client, other_pilot)
    assert client.post(reverse("accounts:invitation_cancel", args=[invitation.pk])).status_code == 404

    Invitation.objects.filter(pk=invitation.pk).update(accepted_at=timezone.now())
    sign_in(client, pilot)
    assert client.post(reverse("accounts:invitation_cancel", args=[invitation.pk])).status_code == 404
    assert Invitation.objects.filter(pk=invitation.pk).exists()


def test_mail_link_opens_the_acceptance_page(client, schools, pilot, django_capture_on_commit_callbacks, run_worker):
    nantes, _lyon = schools
    with django_capture_on_commit_callbacks(execute=True):
        invite(pilot, nantes)
    run_worker()
    link = re.search(r"https?://\S+", mail.outbox[0].body).group(0)
    path = "/" + link.split("/", 3)[3]
    assert client.get(path).status_code == 200


def test_user_factory_users_have_no_role_and_cannot_invite(client):
    sign_in(client, UserFactory())
    assert client.get(reverse("accounts:invitations")).status_code == 403


def test_invitation_list_query_count_does_not_grow_with_rows(client, schools, pilot, django_assert_num_queries):
    nantes, _lyon = schools
    sign_in(client, pilot)
    invite(pilot, nantes, email="premiere@exemple.fr")
    client.get(reverse("accounts:invitations"))
    with CaptureQueriesContext(connection) as few:
        client.get(reverse("accounts:invitations"))
    for number in range(8):
        invite(pilot, nantes, email=f"collegue{number}@exemple.fr")
        invite(pilot, nantes.commune.departement, email=f"formateur{number}@exemple.fr", role=Role.TRAINER)

    with django_assert_num_queries(len(few)):
        response = client.get(reverse("accounts:invitations"))
    assert len(response.context["page_obj"]) == 17
