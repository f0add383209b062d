"""The cartable in a real browser: find a sheet in three actions, build a sequence and print it, propose a
sheet and publish it, and a draft hidden from other teachers. axe checks each new page."""

import re
from base64 import b32encode

import pytest
from django.core.management import call_command
from django_otp.plugins.otp_totp.models import TOTPDevice
from playwright.sync_api import expect

from semis.accounts.enums import Role
from semis.accounts.tests.factories import PASSWORD, user_with_role
from semis.library.enums import SheetStatus
from semis.library.tests.factories import ActivitySheetFactory, pdf_text, png_bytes
from semis.referential.models import SpecificSkill
from semis.referential.tests.factories import shipped_referential
from tests.e2e.authenticator import Authenticator
from tests.e2e.pages.home import HomePage
from tests.e2e.pages.library import (
    LibraryHomePage,
    ReviewQueuePage,
    SequenceFormPage,
    SequencePage,
    SheetFormPage,
    SheetPage,
)
from tests.e2e.pages.login import LoginPage
from tests.e2e.pages.otp import OtpVerifyPage

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def referential():
    return shipped_referential()


@pytest.fixture
def shipped_library(referential):
    """The sheets shipped with Semis, published."""
    call_command("load_library", verbosity=0)


@pytest.fixture
def pilot_phone(academie_pilot):
    """The académie pilot (a reviewer) has paired an authenticator app."""
    device = TOTPDevice.objects.create(user=academie_pilot, name="Téléphone", confirmed=True)
    return Authenticator(b32encode(device.bin_key).decode())


def sign_in(page, base_url, user):
    LoginPage(page, base_url).open().sign_in(user.email, PASSWORD)


def test_from_the_home_page_a_teacher_finds_a_sheet_to_manage_emotions_in_ce1_in_three_actions(
    page, base_url, teacher, shipped_library, check_accessibility
):
    sign_in(page, base_url, teacher)
    home = HomePage(page, base_url)
    expect(page).to_have_url(base_url + "/")
    check_accessibility(page, "home")

    actions = 0
    home.search_library("gérer ses émotions")  # type the words, Enter
    actions += 1
    library = LibraryHomePage(page, base_url)
    expect(library.result_count).to_contain_text("fiches")
    check_accessibility(page, "library-search")
    library.choose("Cycle ou public", "Cycle 2 (CP, CE1, CE2)")
    actions += 1
    expect(library.facet("Cycle ou public", "Cycle 2 (CP, CE1, CE2)")).to_have_attribute("aria-current", "true")
    library.open_result(0)
    actions += 1

    assert actions <= 3
    sheet = SheetPage(page, base_url)
    expect(sheet.heading).to_have_text(re.compile(r"gérer .*émotions", re.IGNORECASE))
    expect(sheet.tags).to_contain_text("Cycle 2 (CP, CE1, CE2)")
    expect(sheet.main).to_contain_text("E2.2")
    check_accessibility(page, "sheet")


def test_a_teacher_builds_a_sequence_of_six_sheets_and_downloads_its_pdf(
    page, base_url, teacher, referential, check_accessibility
):
    titles = [
        "Le thermomètre des émotions",
        "Mon corps me parle",
        "La boîte à calme",
        "Je dis ce que je ressens",
        "Les détectives des émotions",
        "Le conseil des émotions",
    ]
    sheets = [ActivitySheetFactory(title=title, duration_minutes=45, safe_active=True) for title in titles]
    sign_in(page, base_url, teacher)
    SequenceFormPage(page, base_url).open().create(title="Les émotions au CE1", cycle_label="Cycle 2 (CP, CE1, CE2)")
    sequence = SequencePage(page, base_url)
    expect(sequence.heading).to_have_text("Les émotions au CE1")

    for sheet in sheets:
        SheetPage(page, base_url, sheet.slug).open().add_to_sequence("Les émotions au CE1")
    expect(sequence.sessions).to_have_text(titles)
    expect(sequence.summary).to_contain_text("4,5 h au total (270 min)")
    expect(sequence.summary).to_contain_text("Active : 6 / 6")
    check_accessibility(page, "sequence")

    text = pdf_text(sequence.download_pdf())
    plan = text[text.index("Les séances, dans l’ordre") : text.index("Couverture SAFE")]
    positions = [plan.index(title) for title in titles]
    assert positions == sorted(positions), plan
    assert "4,5 h" in plan or "4.5 h" in plan
    for title in titles:
        assert text.count(title) >= 2, title  # in the plan, then as a sheet of its own

    sequence.open_printable()
    expect(page.locator("main h1")).to_have_text("Les émotions au CE1")
    check_accessibility(page, "sequence-printable")


def test_a_teacher_proposes_a_sheet_and_a_reviewer_publishes_it(
    new_page, base_url, teacher, academie_pilot, pilot_phone, referential, check_accessibility
):
    author = new_page()
    sign_in(author, base_url, teacher)
    form = SheetFormPage(author, base_url).open()
    check_accessibility(author, "sheet-form")
    form.fill(
        title="Le thermomètre de la colère",
        summary="Repérer les signes de la colère qui monte et choisir un moyen de se calmer.",
        skill="E2.2 Gérer ses émotions (notamment les émotions difficiles)",
        cycle="Cycle 2 (CP, CE1, CE2)",
        setting="Classe",
        minutes=40,
        group="classe entière",
        objectives=["Repérer les signes de la colère", "Choisir un moyen de se calmer"],
        posture="Accueillir la colère sans la juger.",
        questions=["Qu'as-tu remarqué ?", "Qu'est-ce qui t'aide ?", "Que feras-tu la prochaine fois ?"],
        steps=[
            ("Observer", 10, "Chacun montre sur l'affiche où en est sa colère."),
            ("Placer sa gommette", 10, "Chacun colle une gommette sur le thermomètre."),
            ("Choisir un moyen", 20, "La classe choisit trois moyens de se calmer."),
        ],
    )
    form.attach(
        name="thermometre.png",
        content=png_bytes(120, 60),
        mime_type="image/png",
        description="Le thermomètre de la colère, du vert au rouge",
    )
    form.save()
    proposal = SheetPage(author, base_url)
    expect(proposal.heading).to_have_text("Le thermomètre de la colère")
    expect(proposal.messages).to_contain_text("Brouillon enregistré.")
    expect(proposal.main.get_by_role("img", name="Le thermomètre de la colère, du vert au rouge")).to_be_visible()
    check_accessibility(author, "sheet-draft")
    proposal.submit_for_review()
    expect(proposal.messages).to_contain_text("Fiche soumise à relecture.")
    sheet_url = author.url

    reviewer = new_page()
    sign_in(reviewer, base_url, academie_pilot)
    OtpVerifyPage(reviewer, base_url).submit_code(pilot_phone.code())
    queue = ReviewQueuePage(reviewer, base_url).open()
    check_accessibility(reviewer, "review-queue")
    queue.open_sheet("Le thermomètre de la colère")
    review = SheetPage(reviewer, base_url)
    review.publish("Merci, elle est claire.")
    expect(review.messages).to_contain_text("Fiche publiée : elle est visible de tous.")

    author.goto(sheet_url)
    expect(proposal.main).to_contain_text("Merci, elle est claire.")
    library = LibraryHomePage(author, base_url).open()
    library.search("thermomètre colère")
    expect(library.results).to_have_text(["Le thermomètre de la colère"])


def test_a_draft_is_invisible_to_another_teacher(
    page, base_url, teacher, other_school, referential, check_accessibility
):
    skill = SpecificSkill.objects.get(version=referential, code="E2.2")
    draft = ActivitySheetFactory(author=teacher, status=SheetStatus.DRAFT, title="Le trésor caché", skills=[skill])
    ActivitySheetFactory(title="Le trésor partagé", skills=[skill])
    colleague = user_with_role(Role.TEACHER, other_school, email="paul.collegue@exemple.fr", first_name="Paul")

    sign_in(page, base_url, colleague)
    library = LibraryHomePage(page, base_url).open()
    library.search("trésor")
    expect(library.results).to_have_text(["Le trésor partagé"])

    hidden = SheetPage(page, base_url, draft.slug).open()
    assert hidden.status == 404
    expect(hidden.heading).to_have_text("Page introuvable")
    expect(hidden.main).not_to_contain_text("Le trésor caché")
    assert page.request.get(f"{base_url}/cartable/fiches/{draft.slug}/fiche.pdf").status == 404

    # Its author sees it, prints it.
    page.context.clear_cookies()
    sign_in(page, base_url, teacher)
    own = SheetPage(page, base_url, draft.slug).open()
    expect(own.heading).to_have_text("Le trésor caché")
    own.open_printable()
    expect(page.locator("main h1")).to_have_text("Le trésor caché")
    check_accessibility(page, "sheet-printable")
