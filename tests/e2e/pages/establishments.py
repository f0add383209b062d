from playwright.sync_api import Locator

from tests.e2e.pages.base import BasePage


class EstablishmentListPage(BasePage):
    path = "/geo/etablissements/"

    @property
    def rows(self) -> Locator:
        return self.main.locator("table tbody tr")


class EstablishmentPage(BasePage):
    def __init__(self, page, base_url, uai: str):
        super().__init__(page, base_url)
        self.path = f"/geo/etablissements/{uai}/"
