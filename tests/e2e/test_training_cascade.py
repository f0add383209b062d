"""The training cascade in a browser (issue 5): a pilot creates a 12-hour course and enrols twenty
teachers from a spreadsheet, a trainer marks attendance on a phone and closes the course, the real
worker produces the attestations, anyone checks one on the public page, the trained teams' follow-up
plan shows its three dates, and the worker reminds the trainer before the first one."""

import datetime
import io
import re
from base64 import b32encode

import openpyxl
import pytest
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.text import slugify
from django_otp.plugins.otp_totp.models import TOTPDevice
from playwright.sync_api import expect

from semis.accounts.enums import Role
from semis.accounts.tests.factories import PASSWORD, user_with_role
from semis.core.scheduler import PeriodicScheduler
from semis.geo.tests.factories import EstablishmentFactory
from semis.library.tests.factories import ActivitySheetFactory
from semis.training.dates import add_months, school_year_of
from semis.training.models import Attestation, TrainingCourse
from semis.training.tests.factories import TrainerFactory, TrainingProgrammeFactory
from tests.e2e.authenticator import Authenticator
from tests.e2e.browser import MOBILE
from tests.e2e.pages.login import LoginPage
from tests.e2e.pages.otp import OtpVerifyPage
from tests.e2e.pages.training import (
    AttendancePage,
    AttestationCheckPage,
    CourseFormPage,
    CoursePage,
    EnrolmentImportPage,
)

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

TITLE = "Vivre les CPS pour les faire vivre"
SHEET = "La météo des émotions"
# Twenty teachers of five schools: no name is part of another, so each row is found by its name.
TEACHERS = [
    ("Arnaud", "Alice"), ("Bertin", "Bruno"), ("Carré", "Chloé"), ("Dumas", "David"), ("Évrard", "Emma"),
    ("Fabre", "Fanny"), ("Gautier", "Gaspard"), ("Hamon", "Hélène"), ("Imbert", "Inès"), ("Jacob", "Jules"),
    ("Klein", "Karima"), ("Lebon", "Léo"), ("Marchal", "Maëlle"), ("Nadal", "Noah"), ("Olivier", "Océane"),
    ("Perrot", "Paul"), ("Quéré", "Quentin"), ("Renaud", "Rose"), ("Schmitt", "Samir"), ("Tessier", "Zoé"),
]  # fmt: skip
ABSENT = "Tessier Zoé"  # never came: no attestation
LEFT_EARLY = "Schmitt Samir"  # missed the last half-day


@pytest.fixture(autouse=True)
def _links_point_to_live_server(settings, base_url):
    settings.SITE_URL = base_url


@pytest.fixture
def cascade(academie_pilot, school):
    """The académie's programme, a professionnel-ressource, five schools and a library sheet."""
    academie = school.commune.departement.academie
    TrainingProgrammeFactory(academie=academie, name="Programme académique CPS")
    trainer = user_with_role(
        Role.TRAINER, academie, email="fanny.formatrice@exemple.fr", first_name="Fanny", last_name="Formatrice"
    )
    TrainerFactory(user=trainer, academie=academie)
    schools = [school, *(EstablishmentFactory(commune=school.commune, name=f"École n° {n}") for n in range(2, 6))]
    ActivitySheetFactory(title=SHEET)
    device = TOTPDevice.objects.create(user=academie_pilot, name="Téléphone", confirmed=True)
    return {
        "trainer": trainer,
        "schools": schools,
        "departement": school.commune.departement,
        "pilot_phone": Authenticator(b32encode(device.bin_key).decode()),
    }


def last_week_monday_and_tuesday() -> tuple[datetime.date, datetime.date]:
    """Two days that have passed, in one school year."""
    today = timezone.localdate()
    monday = today - datetime.timedelta(days=today.weekday() + 7)
    while school_year_of(monday) != school_year_of(monday + datetime.timedelta(days=1)):
        monday -= datetime.timedelta(days=7)
    return monday, monday + datetime.timedelta(days=1)


def enrolment_workbook(schools) -> bytes:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append(["Adresse e-mail", "Prénom", "Nom", "UAI de l'établissement"])
    for n, (last, first) in enumerate(TEACHERS):
        sheet.append([f"{slugify(first)}.{slugify(last)}@ac-exemple.fr", first, last, schools[n // 4].uai])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def test_pilot_trainer_worker_and_public_run_the_whole_training_cascade(
    new_page, base_url, academie_pilot, cascade, mailoutbox, run_worker, settings, check_accessibility
):
    monday, tuesday = last_week_monday_and_tuesday()

    # The pilot creates a course of four half-days of 3 hours.
    pilot = new_page()
    LoginPage(pilot, base_url).open().sign_in(academie_pilot.email, PASSWORD)
    OtpVerifyPage(pilot, base_url).submit_code(cascade["pilot_phone"].code())
    form = CourseFormPage(pilot, base_url).open()
    form.fill_details(
        title=TITLE,
        public="1er degré",
        departement=str(cascade["departement"]),
        place="Inspé, salle 12",
        capacity=20,
        trainers=["Fanny Formatrice"],
    )
    for row, (day, half_day) in enumerate(
        [(monday, "Matin"), (monday, "Après-midi"), (tuesday, "Matin"), (tuesday, "Après-midi")], start=1
    ):
        form.fill_half_day(row, date=day, half_day=half_day, hours="3")
    check_accessibility(pilot, "course-create")
    form.submit()
    course_page = CoursePage(pilot, base_url)
    expect(course_page.messages).to_contain_text(f"Le stage « {TITLE} » est créé.")
    expect(course_page.heading).to_have_text(TITLE)
    expect(course_page.figures).to_contain_text("Durée : 12 h")
    expect(course_page.main).not_to_contain_text("Moins de 12 h")
    course = TrainingCourse.objects.get(title=TITLE)

    # … then lists the library sheet the trainees will live.
    course_page.edit()
    edit = CourseFormPage(pilot, base_url)
    expect(edit.heading).to_have_text("Modifier le stage")
    check_accessibility(pilot, "course-edit")
    edit.choose_sheets([SHEET])
    edit.submit()
    expect(course_page.content.get_by_role("link", name=SHEET)).to_be_visible()
    check_accessibility(pilot, "course-detail")

    # … and enrols twenty teachers from a spreadsheet.
    course_page.import_list()
    EnrolmentImportPage(pilot, base_url).upload("inscriptions.xlsx", enrolment_workbook(cascade["schools"]))
    expect(course_page.messages).to_contain_text("20 personnes sont inscrites au stage.")
    expect(course_page.main.get_by_role("heading", name="20 personnes inscrites")).to_be_visible()

    # The trainer marks attendance of each half-day on a phone, then closes the course.
    trainer = new_page(viewport=MOBILE)
    LoginPage(trainer, base_url).open().sign_in(cascade["trainer"].email, PASSWORD)
    trainer_course = CoursePage(trainer, base_url).open_course(course.pk)
    trainer_course.mark_attendance()
    attendance = AttendancePage(trainer, base_url)
    check_accessibility(trainer, "attendance")
    everyone = [f"{last} {first}" for last, first in TEACHERS]
    half_days = [
        f"{monday:%d/%m} matin",
        f"{monday:%d/%m} après-midi",
        f"{tuesday:%d/%m} matin",
        f"{tuesday:%d/%m} après-midi",
    ]
    for index, half_day in enumerate(half_days):
        if index:
            attendance.go_to_half_day(half_day)
        present = [name for name in everyone if name != ABSENT and (name != LEFT_EARLY or index < 3)]
        attendance.tap(present)
        expect(attendance.checked).to_have_count(len(present))
        attendance.save()
        expect(attendance.messages).to_contain_text(f"Émargement enregistré : {len(present)} présent·e·s sur 20.")
    attendance.back_to_course()
    trainer_course.close()
    expect(trainer_course.messages).to_contain_text("Le stage est clos")

    # The real worker produces the attestations (and e-mails the end-of-course questionnaire).
    assert not Attestation.objects.exclude(pdf="").exists()
    run_worker()
    assert Attestation.objects.filter(pdf="").count() == 0 and Attestation.objects.count() == 19
    course_page.open_course(course.pk)
    expect(course_page.trainee_row(ABSENT)).to_contain_text("aucune présence")
    expect(course_page.trainee_row(LEFT_EARLY)).to_contain_text("9 h")
    pdf = pilot.request.get(base_url + course_page.attestation_link("Arnaud Alice").get_attribute("href"))
    assert pdf.status == 200 and pdf.headers["content-type"] == "application/pdf"
    assert pdf.body().startswith(b"%PDF-")
    code = course_page.attestation_code("Arnaud Alice")
    assert re.fullmatch(r"[A-Z2-9]{4}-[A-Z2-9]{4}-[A-Z2-9]{4}", code)

    # Anyone holding the code checks that the attestation is genuine.
    visitor = new_page()
    check = AttestationCheckPage(visitor, base_url).open()
    check.check_code(code)
    expect(check.verdict).to_contain_text("Cette attestation est authentique.")
    expect(check.verdict).to_contain_text(f"Alice Arnaud a suivi 12 h du stage « {TITLE} ».")
    check_accessibility(visitor, "attestation-check")

    # Each school's trained team has its follow-up plan: +3, +12 and +24 months after the last half-day.
    school = cascade["schools"][0].name
    plan = course_page.team_followups(school)
    for months in (3, 12, 24):
        expect(plan).to_contain_text(f"+{months} mois : {add_months(tuesday, months):%d/%m/%Y}")
    course_page.open_followup(school, 3)
    expect(course_page.heading).to_have_text(f"Suivi à 3 mois — {school}")
    expect(course_page.main.get_by_role("link", name=SHEET)).to_be_visible()
    check_accessibility(pilot, "followup-detail")

    # Time passes: the first contact now falls within the reminder period (the +12-month one does
    # not). The worker's scheduler enqueues the reminder job, as its heartbeat does every few
    # seconds, and the worker e-mails the trainer in charge, before the date.
    first_due = add_months(tuesday, 3)
    today = timezone.localdate()
    assert first_due > today
    settings.TRAINING_FOLLOWUP_REMINDER_DAYS = (first_due - today).days
    mailoutbox.clear()
    PeriodicScheduler().tick(timezone.now())
    run_worker()
    schools = sorted(s.name for s in cascade["schools"])
    assert sorted(m.subject for m in mailoutbox) == [
        f"Suivi à 3 mois de l'équipe formée de {name}, prévu le {date_format(first_due, 'SHORT_DATE_FORMAT')}"
        for name in schools
    ]
    assert {address for m in mailoutbox for address in m.to} == {cascade["trainer"].email}
