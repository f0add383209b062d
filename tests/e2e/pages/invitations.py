import re

from playwright.sync_api import Locator

from tests.e2e.pages.base import BasePage


class InvitationFormPage(BasePage):
    """Where a coordinator invites a colleague on a perimeter of theirs."""

    path = "/compte/invitations/"

    def invite(self, *, email: str, role: str, perimeter_kind: str, uai: str) -> None:
        form = self.main.locator("form.semis-invitation-form")
        form.get_by_label("Adresse e-mail de la personne invitée").fill(email)
        form.get_by_label("Rôle").select_option(label=role)
        form.get_by_label("Type de périmètre").select_option(label=perimeter_kind)
        # The UAI field only shows once "Établissement" is chosen.
        form.get_by_label("Établissement (UAI)").fill(uai)
        with self.page.expect_navigation():
            form.get_by_role("button", name="Envoyer l’invitation").click()


class InvitationAcceptPage(BasePage):
    """The page the e-mailed link opens: the invitee creates an account."""

    @property
    def problem(self) -> Locator:
        return self.main.locator(".fr-alert--error")

    @property
    def create_account_button(self) -> Locator:
        return self.main.get_by_role("button", name="Créer mon compte")

    def create_account(self, *, first_name: str, last_name: str, password: str) -> None:
        self.page.get_by_label("Prénom").fill(first_name)
        self.page.get_by_label("Nom", exact=True).fill(last_name)
        # The label also holds the password rules (DSFR hint text).
        self.page.get_by_label(re.compile(r"^\s*Mot de passe")).fill(password)
        self.page.get_by_label("Confirmation du mot de passe").fill(password)
        with self.page.expect_navigation():
            self.create_account_button.click()
