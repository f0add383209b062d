"""A teacher drafts a project for two CE2 classes from a sequence, sees which quality criteria are not
met and why, fixes them and submits; the académie pilot comments and validates; on a phone, the
teacher logs three sessions and the dosage and fidelity follow."""

import re
from base64 import b32encode

import pytest
from django_otp.plugins.otp_totp.models import TOTPDevice
from playwright.sync_api import expect

from semis.accounts.tests.factories import PASSWORD
from semis.projects.models import Project
from semis.projects.tests.factories import safe_sheets, sequence_of
from semis.referential.tests.factories import SpecificSkillFactory
from tests.e2e.authenticator import Authenticator
from tests.e2e.browser import MOBILE
from tests.e2e.pages.login import LoginPage
from tests.e2e.pages.otp import OtpVerifyPage
from tests.e2e.pages.projects import DeliveryLogPage, NewProjectPage, ProjectPage

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def emotions_sequence(teacher):
    """Eight SAFE sessions of 30 min from the cartable, shared by the teacher."""
    skill = SpecificSkillFactory(code="E1.2", name="Identifier ses émotions et son stress")
    sequence = sequence_of(teacher, safe_sheets(8, skills=[skill]))
    sequence.title = "Les émotions en CE2"
    sequence.save()
    return sequence


def test_a_project_from_draft_to_validation_then_three_sessions_logged_on_a_phone(
    new_page, base_url, school, teacher, academie_pilot, emotions_sequence, check_accessibility
):
    page = new_page()
    LoginPage(page, base_url).open().sign_in(teacher.email, PASSWORD)

    # Drafted from the sequence: its title, skills and hours come prefilled; two CE2 classes.
    new = NewProjectPage(page, base_url).open()
    new.start_from_sequence("Les émotions en CE2")
    expect(page.get_by_label("Intitulé du projet")).to_have_value("Les émotions en CE2")
    expect(page.locator("#id_groupes-0-planned_hours")).to_have_value("4.0")
    expect(page.get_by_label("Structure qui porte le projet")).to_be_hidden()  # school-carried: not asked
    new.fill_group(0, name="CE2 A", level="CE2", pupils=24, hours="4")
    new.fill_group(1, name="CE2 B", level="CE2", pupils=26, hours="4")
    new.create()

    project = ProjectPage(page, base_url, Project.objects.get().pk)
    expect(project.heading).to_have_text("Les émotions en CE2")
    expect(project.criterion("Dosage")).to_contain_text("En partie")
    expect(project.criterion("Dosage")).to_contain_text("Le groupe « CE2 A » n'a que 4 h de séances prévues")
    expect(project.criterion("Adultes formés")).to_contain_text("Non atteint")
    expect(project.criterion("Adultes formés")).to_contain_text("Déclarez les adultes qui animent")
    check_accessibility(page, "project-draft")

    # Fixed: 8 h a year for each class, and the adult who runs them, trained 12 h.
    for group in ("CE2 A", "CE2 B"):
        project.edit_group(group)
        project.submit_form({"Heures de séances prévues dans l'année": "8"})
    project.click("Ajouter un adulte")
    project.submit_form({"Prénom et nom": "Élise Enseignante", "Autres heures de formation CPS": "12"})
    expect(project.criterion("Dosage")).to_contain_text("Atteint")
    expect(project.criterion("Adultes formés")).to_contain_text("1 adulte sur 1 a au moins 12 h")
    project.click("Soumettre à validation")
    expect(project.status_badge).to_have_text("Soumis à validation")

    # The académie pilot comments and validates.
    pilot_page = new_page()
    device = TOTPDevice.objects.create(user=academie_pilot, name="Téléphone", confirmed=True)
    LoginPage(pilot_page, base_url).open().sign_in(academie_pilot.email, PASSWORD)
    OtpVerifyPage(pilot_page, base_url).submit_code(Authenticator(b32encode(device.bin_key).decode()).code())
    reviewed = ProjectPage(pilot_page, base_url, project.path.split("/")[2]).open()
    reviewed.main.get_by_role("link", name="Valider ou commenter").click()
    expect(pilot_page).to_have_url(re.compile("#avis$"))
    reviewed.review("Associez les familles l'an prochain.", "Valider le projet")
    expect(reviewed.status_badge).to_have_text("Validé")
    expect(reviewed.history).to_contain_text("Associez les familles l'an prochain.")

    # On a phone, the teacher logs three sessions in a row; dosage and fidelity follow.
    phone = new_page(MOBILE)
    LoginPage(phone, base_url).open().sign_in(teacher.email, PASSWORD)
    log = DeliveryLogPage(phone, base_url, Project.objects.get().pk).open()
    check_accessibility(phone, "delivery-log")
    for fidelity in ("Tout, comme prévu", "Tout, comme prévu", "L'essentiel"):
        log.log(fidelity=fidelity, engagement="Engagé·e·s")
        expect(log.messages).to_contain_text("Séance consignée pour CE2 A.")
    expect(log.dosage).to_have_text("CE2 A : 1 h 30 réalisées sur 8 h prévues (3 séances) · fidélité 92 %")
    mine = ProjectPage(phone, base_url, Project.objects.get().pk).open()
    expect(mine.criterion("Mise en œuvre suivie")).to_contain_text("Atteint")
    expect(mine.group_row("CE2 A")).to_contain_text("1 h 30 (19 %)")
    # Its tables are stacked as cards: nothing wider than the phone, the log action in reach.
    advice = mine.criterion("Contenu fondé").locator("td").last.bounding_box()
    assert advice["x"] + advice["width"] <= MOBILE["width"]
    check_accessibility(phone, "project-phone")
    expect(mine.main.get_by_role("link", name="Consigner une séance")).to_be_in_viewport()
