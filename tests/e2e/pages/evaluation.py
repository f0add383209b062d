from playwright.sync_api import Locator

from tests.e2e.pages.base import BasePage


class AnswerPage(BasePage):
    """The public questionnaire a pupil opens on a tablet or phone and answers with their paper code."""

    def __init__(self, page, base_url, token: str):
        super().__init__(page, base_url)
        self.path = f"/evaluation/repondre/{token}/"

    @property
    def code(self) -> Locator:
        return self.page.get_by_label("Ton code")

    def question(self, text: str) -> Locator:
        return self.page.get_by_role("group", name=text)

    def choose(self, text: str, answer: str) -> None:
        # The radio is hidden under its large label: the pupil taps the label.
        self.question(text).locator("label").filter(has_text=answer).click()

    def choose_everywhere(self, answer: str) -> None:
        for label in self.page.locator(".semis-answer__choices").all():
            label.locator("label").filter(has_text=answer).click()

    def send(self) -> None:
        self.page.get_by_role("button", name="J'ai fini : envoyer").click()

    def next_pupil(self) -> None:
        self.page.get_by_role("link", name="Nouvelle personne : commencer").click()
