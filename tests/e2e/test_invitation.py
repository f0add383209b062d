import re
from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from semis.accounts.enums import PerimeterKind, Role
from semis.accounts.models import Invitation, User
from semis.accounts.tests.factories import PASSWORD
from tests.e2e.pages.home import HomePage
from tests.e2e.pages.invitations import InvitationAcceptPage, InvitationFormPage
from tests.e2e.pages.login import LoginPage
from tests.e2e.pages.otp import OtpVerifyPage

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

INVITEE = "nouvelle.enseignante@exemple.fr"


@pytest.fixture(autouse=True)
def _links_point_to_live_server(settings, base_url):
    settings.SITE_URL = base_url


def test_invited_teacher_follows_the_emailed_link_and_lands_signed_in_with_her_role(
    new_page, base_url, national_admin, admin_authenticator, school, mailoutbox, run_worker, check_accessibility
):
    admin = new_page()
    LoginPage(admin, base_url).open().sign_in(national_admin.email, PASSWORD)
    OtpVerifyPage(admin, base_url).submit_code(admin_authenticator.code())
    expect(admin).to_have_url(base_url + "/")

    invitations = InvitationFormPage(admin, base_url).open()
    check_accessibility(admin, "invitation-form")
    invitations.invite(
        email=INVITEE, role="Enseignant·e ou animateur·rice", perimeter_kind="Établissement", uai=school.uai
    )
    expect(invitations.messages).to_contain_text(f"Invitation envoyée à {INVITEE}.")
    assert mailoutbox == [], "the page only queues the e-mail; the worker sends it"

    run_worker()

    assert len(mailoutbox) == 1
    mail = mailoutbox[0]
    assert mail.to == [INVITEE]
    assert mail.subject == "Invitation à rejoindre Semis"
    link = re.search(re.escape(base_url) + r"/compte/invitation/\S+/", mail.body).group()

    invitee = new_page()
    invitee.goto(link)
    accept = InvitationAcceptPage(invitee, base_url)
    expect(accept.main).to_contain_text("vous invite avec le rôle « Enseignant·e ou animateur·rice »")
    check_accessibility(invitee, "invitation-accept")
    accept.create_account(first_name="Inès", last_name="Durand", password="un-mot-de-passe-tout-neuf")

    home = HomePage(invitee, base_url)
    expect(invitee).to_have_url(base_url + "/")
    expect(home.messages).to_contain_text("Bienvenue dans Semis ! Votre rôle est actif.")
    expect(home.heading).to_have_text("Bonjour Inès")
    expect(home.perimeters).to_contain_text("Enseignant·e ou animateur·rice")
    expect(home.perimeters).to_contain_text(f"Établissement : {school.name} ({school.uai})")


def test_expired_invitation_link_says_so_in_french_and_offers_no_form(page, base_url, national_admin, school):
    invitation = Invitation.objects.create(
        email=INVITEE,
        role=Role.TEACHER,
        perimeter_kind=PerimeterKind.ESTABLISHMENT,
        establishment=school,
        invited_by=national_admin,
        expires_at=timezone.now() - timedelta(hours=1),
    )

    accept = InvitationAcceptPage(page, base_url).open(f"/compte/invitation/{invitation.token}/")

    expect(accept.problem).to_have_text(
        "Cette invitation a expiré. Demandez à la personne qui vous a invité·e de vous en renvoyer une."
    )
    expect(accept.create_account_button).to_have_count(0)
    assert not User.objects.filter(email=INVITEE).exists()
