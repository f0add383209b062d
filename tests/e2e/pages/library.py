"""The cartable: the library home (search and facets), sheets, the proposal form, sequences, the review queue."""

from playwright.sync_api import Locator

from tests.e2e.pages.base import BasePage

# Rendering a PDF can take several seconds on a busy machine, the first one longer (fonts loaded).
PDF_TIMEOUT = 60_000


class LibraryHomePage(BasePage):
    """Full-text search over the published sheets, facets beside the results."""

    path = "/cartable/"

    def search(self, text: str) -> None:
        self.page.get_by_label("Rechercher une fiche").fill(text)
        with self.page.expect_navigation():
            self.page.get_by_label("Rechercher une fiche").press("Enter")

    def facet(self, facet: str, value: str) -> Locator:
        """A facet value's link, e.g. facet("Cycle ou public", "Cycle 2")."""
        return self.main.get_by_role("navigation", name=facet).get_by_role("link", name=value)

    def choose(self, facet: str, value: str) -> None:
        with self.page.expect_navigation():
            self.facet(facet, value).click()

    @property
    def result_count(self) -> Locator:
        return self.main.get_by_role("status")

    @property
    def results(self) -> Locator:
        return self.main.locator("article.semis-result h2 a")

    def open_result(self, index: int = 0) -> None:
        with self.page.expect_navigation():
            self.results.nth(index).click()


class SheetPage(BasePage):
    def __init__(self, page, base_url, slug: str = ""):
        super().__init__(page, base_url)
        self.path = f"/cartable/fiches/{slug}/"

    @property
    def skills(self) -> Locator:
        return self.main.get_by_role("complementary").locator("ul").first

    @property
    def tags(self) -> Locator:
        return self.main.locator(".fr-tags-group").first

    def add_to_sequence(self, sequence_title: str) -> None:
        self.page.get_by_label("Ajouter à une séquence").select_option(label=sequence_title)
        with self.page.expect_navigation():
            self.main.get_by_role("button", name="Ajouter à la suite").click()

    def submit_for_review(self) -> None:
        with self.page.expect_navigation():
            self.main.get_by_role("button", name="Soumettre à relecture").click()

    def publish(self, message: str = "") -> None:
        if message:
            self.page.get_by_label("Message à l'auteur (facultatif)").fill(message)
        with self.page.expect_navigation():
            self.main.get_by_role("button", name="Publier", exact=True).click()

    @property
    def status_badge(self) -> Locator:
        return self.main.locator(".fr-badge").first

    def open_printable(self) -> None:
        with self.page.expect_navigation():
            self.main.get_by_role("link", name="Version imprimable").click()


class SheetFormPage(BasePage):
    """Propose a sheet: the form's fields, then three steps."""

    path = "/cartable/proposer/"

    def fill(self, *, title, summary, skill, cycle, setting, minutes, group, objectives, posture, questions, steps):
        page = self.page
        page.get_by_label("Titre", exact=True).fill(title)
        page.get_by_label("Résumé").fill(summary)
        # DSFR draws its own boxes: the label is what one clicks.
        for choice in (skill, cycle, setting):
            page.locator("label.fr-label").get_by_text(choice, exact=True).click()
        page.get_by_label("Durée (minutes)").fill(str(minutes))
        page.get_by_label("Taille du groupe").fill(group)
        page.get_by_label("Objectifs").fill("\n".join(objectives))
        page.get_by_label("Posture de l'animateur·rice").fill(posture)
        page.get_by_label("Questions de retour").fill("\n".join(questions))
        for number, (step_title, step_minutes, instructions) in enumerate(steps):
            page.locator(f"#id_steps-{number}-title").fill(step_title)
            page.locator(f"#id_steps-{number}-minutes").fill(str(step_minutes))
            page.locator(f"#id_steps-{number}-instructions").fill(instructions)

    def attach(self, *, name: str, content: bytes, mime_type: str, description: str) -> None:
        self.page.get_by_label("Joindre une image ou un PDF").set_input_files(
            files=[{"name": name, "mimeType": mime_type, "buffer": content}]
        )
        self.page.get_by_label("Description de la pièce jointe").fill(description)

    def save(self) -> None:
        with self.page.expect_navigation():
            self.main.get_by_role("button", name="Enregistrer").click()


class SequenceFormPage(BasePage):
    path = "/cartable/sequences/nouvelle/"

    def create(self, *, title: str, cycle_label: str = "") -> None:
        self.page.get_by_label("Titre").fill(title)
        if cycle_label:
            self.page.get_by_label("Cycle ou public").select_option(label=cycle_label)
        with self.page.expect_navigation():
            self.main.get_by_role("button", name="Enregistrer").click()


class SequencePage(BasePage):
    @property
    def sessions(self) -> Locator:
        return self.main.locator("li.semis-step h3 a")

    @property
    def summary(self) -> Locator:
        return self.main.get_by_role("complementary")

    def download_pdf(self) -> bytes:
        with self.page.expect_download(timeout=PDF_TIMEOUT) as download:
            self.main.get_by_role("link", name="Télécharger la séquence et ses fiches").click()
        return download.value.path().read_bytes()

    def open_printable(self) -> None:
        with self.page.expect_navigation():
            self.main.get_by_role("link", name="Version imprimable").click()


class ReviewQueuePage(BasePage):
    path = "/cartable/relecture/"

    def open_sheet(self, title: str) -> None:
        with self.page.expect_navigation():
            self.main.get_by_role("link", name=title).click()
