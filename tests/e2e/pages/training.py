"""The training cascade's pages: a course's form and page, the list import, the trainer's attendance
page, the public attestation check, a team's follow-up."""

import datetime
import re
from typing import Self

from playwright.sync_api import Locator, expect

from tests.e2e.pages.base import BasePage


class CourseFormPage(BasePage):
    """Creating a course (/formation/stages/nouveau/) or editing one (/formation/stages/<pk>/modifier/)."""

    path = "/formation/stages/nouveau/"

    def fill_details(
        self, *, title: str, public: str, departement: str, place: str, capacity: int, trainers: list[str]
    ) -> None:
        self.page.get_by_label("Intitulé du stage").fill(title)
        self.page.get_by_label("Public", exact=True).select_option(label=public)
        self.page.get_by_label("Département").select_option(label=departement)
        self.page.get_by_label("Lieu").fill(place)
        self.page.get_by_label("Nombre de places").fill(str(capacity))
        for trainer in trainers:
            self._tick(trainer)

    def fill_half_day(self, row: int, *, date: datetime.date, half_day: str, hours: str) -> None:
        """Row `row` (1-based) of the half-days table."""
        self.page.get_by_label(f"Date (demi-journée {row})").fill(date.isoformat())
        self.page.get_by_label(f"Demi-journée (demi-journée {row})").select_option(label=half_day)
        self.page.get_by_label(f"Heures (demi-journée {row})").fill(hours)

    def choose_sheets(self, titles: list[str]) -> None:
        for title in titles:
            self._tick(title)

    def _tick(self, label: str) -> None:
        """A DSFR checkbox is drawn by its label, which takes the click, as a person's would."""
        self.main.locator("label.fr-label", has_text=re.compile(rf"^\s*{re.escape(label)}\s*$")).click()
        expect(self.page.get_by_label(label, exact=True)).to_be_checked()

    def submit(self) -> None:
        with self.page.expect_navigation():
            self.main.locator("form.semis-course-form button[type=submit]").click()


class CoursePage(BasePage):
    """A course: its figures, content, half-days, trainees and their attestations, trained teams."""

    def open_course(self, pk: int) -> Self:
        return self.open(f"/formation/stages/{pk}/")

    @property
    def figures(self) -> Locator:
        return self.main.locator(".semis-figures")

    @property
    def content(self) -> Locator:
        return self.main.locator(".semis-content-list")

    def _follow(self, name: str) -> None:
        with self.page.expect_navigation():
            self.main.get_by_role("link", name=name).first.click()

    def edit(self) -> None:
        self._follow("Modifier le stage")

    def import_list(self) -> None:
        self._follow("Importer une liste")

    def mark_attendance(self) -> None:
        """Opens the attendance page of the first half-day."""
        self._follow("Émarger")

    def close(self) -> None:
        with self.page.expect_navigation():
            self.main.get_by_role("button", name="Clore le stage").click()

    def trainee_row(self, name: str) -> Locator:
        return self.main.get_by_role("table", name="Personnes inscrites").locator("tbody tr", has_text=name)

    def attestation_code(self, name: str) -> str:
        return self.trainee_row(name).locator("td").nth(3).locator("span").inner_text().strip()

    def attestation_link(self, name: str) -> Locator:
        return self.trainee_row(name).get_by_role("link", name="PDF")

    def team_followups(self, school: str) -> Locator:
        """The cell listing a trained team's follow-up contacts (+3, +12, +24 months…)."""
        teams = self.main.get_by_role("table", name="Équipes formées")
        return teams.locator("tbody tr", has_text=school).locator("td").nth(3)

    def open_followup(self, school: str, months: int) -> None:
        with self.page.expect_navigation():
            self.team_followups(school).get_by_role("link", name=f"+{months} mois").click()


class EnrolmentImportPage(BasePage):
    def upload(self, filename: str, content: bytes) -> None:
        mime = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
        self.page.get_by_label("Fichier des inscriptions").set_input_files(
            files=[{"name": filename, "mimeType": mime, "buffer": content}]
        )
        with self.page.expect_navigation():
            self.main.get_by_role("button", name="Importer").click()


class AttendancePage(BasePage):
    """The trainer's phone page for one half-day: one row to tap per trainee."""

    def tap(self, names: list[str]) -> None:
        for name in names:
            self.main.locator(".semis-attendance label", has_text=name).click()

    @property
    def checked(self) -> Locator:
        return self.main.locator(".semis-attendance input:checked")

    def save(self) -> None:
        with self.page.expect_navigation():
            self.main.get_by_role("button", name="Enregistrer l'émargement").click()

    def go_to_half_day(self, label: str) -> None:
        """Another half-day of the course, by its tag (for instance "17/11 après-midi")."""
        with self.page.expect_navigation():
            self.main.get_by_role("navigation", name="Autres demi-journées").get_by_role("link", name=label).click()

    def back_to_course(self) -> None:
        with self.page.expect_navigation():
            self.main.get_by_role("link", name="Retour au stage").click()


class AttestationCheckPage(BasePage):
    """The public page where anyone holding an attestation's code checks that it is genuine."""

    path = "/attestations/verifier/"

    def check_code(self, code: str) -> None:
        self.page.get_by_label("Code de vérification").fill(code)
        with self.page.expect_navigation():
            self.main.get_by_role("button", name="Vérifier").click()

    @property
    def verdict(self) -> Locator:
        return self.main.locator(".fr-alert")
