import io

import openpyxl
import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from semis.geo.tests.factories import CommuneFactory, EstablishmentFactory, valid_uai
from semis.training import imports, services
from semis.training.enums import CoursePublic, EnrolmentStatus
from semis.training.models import Enrolment
from semis.training.services import ImportRow
from semis.training.tests.factories import EnrolmentFactory, TrainingCourseFactory


@pytest.fixture
def course():
    return TrainingCourseFactory(capacity=3, sessions=4)


@pytest.fixture
def school(course):
    return EstablishmentFactory(commune=CommuneFactory(departement=course.departement))


def enrol(user, course, school, n):
    return services.enrolment_create(
        user=user,
        course=course,
        email=f"Personne{n}@AC-Nantes.fr ",
        first_name=f"Prénom{n}",
        last_name=f"Nom{n}",
        establishment=school,
    )


def test_enrolment_goes_to_the_waiting_list_when_the_course_is_full(course, school, pilot_of):
    pilot = pilot_of(course)
    statuses = [enrol(pilot, course, school, n).status for n in range(5)]
    assert statuses == ["enrolled"] * 3 + ["waiting"] * 2
    assert Enrolment.objects.get(last_name="Nom0").email == "personne0@ac-nantes.fr"


def test_cancelling_promotes_the_first_waiting_person_and_tells_them(course, school, pilot_of, run_worker):
    pilot = pilot_of(course)
    enrolments = [enrol(pilot, course, school, n) for n in range(5)]
    promoted = services.enrolment_cancel(user=pilot, enrolment=enrolments[1])
    run_worker()
    assert promoted == enrolments[3]
    statuses = dict(Enrolment.objects.values_list("last_name", "status"))
    assert statuses == {
        "Nom0": "enrolled",
        "Nom1": "cancelled",
        "Nom2": "enrolled",
        "Nom3": "enrolled",
        "Nom4": "waiting",
    }
    assert [m.to for m in mail.outbox] == [["personne3@ac-nantes.fr"]]
    assert "Une place s'est libérée" in mail.outbox[0].subject


def test_cancelling_a_waiting_person_promotes_nobody(course, school, pilot_of):
    pilot = pilot_of(course)
    enrolments = [enrol(pilot, course, school, n) for n in range(5)]
    assert services.enrolment_cancel(user=pilot, enrolment=enrolments[4]) is None
    assert Enrolment.objects.filter(status=EnrolmentStatus.WAITING).count() == 1


def test_same_email_twice_is_refused_but_a_cancelled_person_may_come_back(course, school, pilot_of):
    pilot = pilot_of(course)
    first = enrol(pilot, course, school, 1)
    with pytest.raises(ValidationError) as error:
        enrol(pilot, course, school, 1)
    assert "déjà inscrit·e" in error.value.message_dict["email"][0]
    services.enrolment_cancel(user=pilot, enrolment=first)
    again = enrol(pilot, course, school, 1)
    assert again.pk == first.pk and again.status == EnrolmentStatus.ENROLLED


def test_a_school_course_needs_a_school(course, pilot_of):
    with pytest.raises(ValidationError) as error:
        services.enrolment_create(
            user=pilot_of(course), course=course, email="a@b.fr", first_name="A", last_name="B", organisation="MJC"
        )
    assert "establishment" in error.value.message_dict


def test_an_out_of_school_course_takes_a_structure_instead(pilot_of):
    course = TrainingCourseFactory(public=CoursePublic.OUT_OF_SCHOOL)
    enrolment = services.enrolment_create(
        user=pilot_of(course), course=course, email="a@b.fr", first_name="A", last_name="B", organisation="MJC"
    )
    assert enrolment.establishment is None and enrolment.organisation == "MJC"


# Import


def rows_for(schools, count, start=0):
    return [
        ImportRow(
            line=n + 2, email=f"prof{n}@ac-nantes.fr", first_name="Prénom", last_name=f"Nom{n}", uai=schools[n % 2].uai
        )
        for n in range(start, start + count)
    ]


def test_import_of_twenty_teachers_enrols_them_all(pilot_of):
    course = TrainingCourseFactory(capacity=20)
    schools = EstablishmentFactory.create_batch(2, commune=CommuneFactory(departement=course.departement))
    created = services.enrolment_import(user=pilot_of(course), course=course, rows=rows_for(schools, 20))
    assert len(created) == 20
    assert course.enrolments.filter(status=EnrolmentStatus.ENROLLED).count() == 20


def test_import_with_bad_rows_writes_nothing_and_lists_every_bad_row(pilot_of):
    course = TrainingCourseFactory(capacity=4)
    schools = EstablishmentFactory.create_batch(2, commune=CommuneFactory(departement=course.departement))
    EnrolmentFactory(course=course, email="deja@ac-nantes.fr", establishment=schools[0])
    rows = [
        ImportRow(line=2, email="prof1@ac-nantes.fr", first_name="A", last_name="Un", uai=schools[0].uai),
        ImportRow(line=3, email="prof2@ac-nantes.fr", first_name="B", last_name="Deux", uai=valid_uai(9999999)),
        ImportRow(line=4, email="pas-une-adresse", first_name="C", last_name="Trois", uai=schools[1].uai),
        ImportRow(line=5, email="prof1@ac-nantes.fr", first_name="D", last_name="Quatre", uai=schools[1].uai),
        ImportRow(line=6, email="deja@ac-nantes.fr", first_name="E", last_name="Cinq", uai=schools[1].uai),
        ImportRow(line=7, email="prof7@ac-nantes.fr", first_name="F", last_name="Six", uai="0440000A"),
        ImportRow(line=8, email="prof8@ac-nantes.fr", first_name="", last_name="Sept", uai=schools[1].uai),
    ]
    with pytest.raises(ValidationError) as error:
        services.enrolment_import(user=pilot_of(course), course=course, rows=rows)
    messages = error.value.messages
    assert [m.split(" :")[0] for m in messages] == ["Ligne 3", "Ligne 4", "Ligne 5", "Ligne 6", "Ligne 7", "Ligne 8"]
    assert "UAI inconnu" in messages[0]
    assert "adresse e-mail invalide" in messages[1]
    assert "figure déjà ligne 2" in messages[2]
    assert "déjà inscrit·e à ce stage" in messages[3]
    assert "lettre de contrôle" in messages[4] and "stage complet" in messages[4]
    assert "prénom manquant" in messages[5] and "stage complet" in messages[5]
    assert list(course.enrolments.values_list("email", flat=True)) == ["deja@ac-nantes.fr"]


@pytest.mark.parametrize(
    ("fault", "message"),
    [
        ("unknown-uai", "Ligne 12 : UAI inconnu : « {uai} » ne correspond à aucun établissement."),
        ("bad-email", "Ligne 12 : adresse e-mail invalide : « prof10@ac-nantes »."),
        ("course-full", "Ligne 21 : stage complet : plus de place pour cette personne (19 places)."),
    ],
)
def test_an_import_of_twenty_with_one_bad_row_writes_nothing_and_names_that_row(pilot_of, fault, message):
    course = TrainingCourseFactory(capacity=19 if fault == "course-full" else 20)
    schools = EstablishmentFactory.create_batch(2, commune=CommuneFactory(departement=course.departement))
    rows = rows_for(schools, 20)
    unknown = valid_uai(9999999)
    if fault == "unknown-uai":
        rows[10] = ImportRow(line=12, email=rows[10].email, first_name="Prénom", last_name="Nom10", uai=unknown)
    elif fault == "bad-email":
        rows[10] = ImportRow(
            line=12, email="prof10@ac-nantes", first_name="Prénom", last_name="Nom10", uai=schools[0].uai
        )
    with pytest.raises(ValidationError) as error:
        services.enrolment_import(user=pilot_of(course), course=course, rows=rows)
    assert error.value.messages == [message.format(uai=unknown)]
    assert not course.enrolments.exists()


def test_import_beyond_capacity_writes_nothing_and_names_the_rows_without_a_place(pilot_of):
    course = TrainingCourseFactory(capacity=18)
    schools = EstablishmentFactory.create_batch(2, commune=CommuneFactory(departement=course.departement))
    with pytest.raises(ValidationError) as error:
        services.enrolment_import(user=pilot_of(course), course=course, rows=rows_for(schools, 20))
    assert [m.split(" :")[0] for m in error.value.messages] == ["Ligne 20", "Ligne 21"]
    assert "stage complet" in error.value.messages[0]
    assert not course.enrolments.exists()


def workbook_bytes(header, rows):
    workbook = openpyxl.Workbook()
    workbook.active.append(header)
    for row in rows:
        workbook.active.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def test_the_downloaded_template_filled_in_is_read_back(pilot_of, signed_in):
    course = TrainingCourseFactory()
    client = signed_in(pilot_of(course))
    response = client.get(reverse("training:enrolment_template"))
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    workbook = openpyxl.load_workbook(io.BytesIO(response.content))
    sheet = workbook.active
    school = EstablishmentFactory(commune=CommuneFactory(departement=course.departement))
    sheet.delete_rows(2)
    sheet.append(["camille@ac-nantes.fr", "Camille", "Lenoir", school.uai.lower(), None])
    buffer = io.BytesIO()
    workbook.save(buffer)
    rows = imports.read_enrolment_file(SimpleUploadedFile("inscriptions.xlsx", buffer.getvalue()))
    assert rows == [
        ImportRow(
            line=2, email="camille@ac-nantes.fr", first_name="Camille", last_name="Lenoir", uai=school.uai.lower()
        )
    ]


def test_csv_from_a_french_spreadsheet_is_read_with_its_semicolons_and_accents():
    content = "Adresse e-mail;Prénom;Nom;UAI\r\nelise@ac-nantes.fr;Élise;Hervé;0440001M\r\n;;;\r\n".encode("cp1252")
    rows = imports.read_enrolment_file(SimpleUploadedFile("liste.csv", content))
    assert rows == [
        ImportRow(line=2, email="elise@ac-nantes.fr", first_name="Élise", last_name="Hervé", uai="0440001M")
    ]


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("liste.pdf", b"%PDF", "Format non reconnu"),
        ("liste.xlsx", b"not a zip", "illisible"),
        (
            "liste.csv",
            "Courriel;Prénom\r\na@b.fr;A\r\n".encode(),
            "Colonnes manquantes dans la première ligne du fichier : Nom, UAI",
        ),
        ("liste.csv", b"", "vide"),
    ],
)
def test_unreadable_files_are_refused_in_french(name, content, message):
    with pytest.raises(ValidationError) as error:
        imports.read_enrolment_file(SimpleUploadedFile(name, content))
    assert message in error.value.messages[0]


def test_import_page_lists_every_bad_row_and_writes_nothing(pilot_of, signed_in):
    course = TrainingCourseFactory(capacity=20)
    school = EstablishmentFactory(commune=CommuneFactory(departement=course.departement))
    header = ["Adresse e-mail", "Prénom", "Nom", "UAI de l'établissement"]
    content = workbook_bytes(
        header,
        [
            ["un@ac-nantes.fr", "Un", "Premier", school.uai],
            ["deux@ac-nantes", "Deux", "Second", school.uai],
            ["trois@ac-nantes.fr", "Trois", "Troisième", valid_uai(9999999)],
        ],
    )
    client = signed_in(pilot_of(course))
    response = client.post(
        reverse("training:enrolment_import", args=[course.pk]),
        {"file": SimpleUploadedFile("liste.xlsx", content)},
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "Rien n'a été importé : 2 erreurs à corriger" in page
    assert "Ligne 3 : adresse e-mail invalide" in page and "Ligne 4 : UAI inconnu" in page
    assert not course.enrolments.exists()


def test_import_page_enrols_a_clean_file(pilot_of, signed_in):
    course = TrainingCourseFactory(capacity=20)
    school = EstablishmentFactory(commune=CommuneFactory(departement=course.departement))
    header = ["Adresse e-mail", "Prénom", "Nom", "UAI de l'établissement"]
    content = workbook_bytes(header, [[f"p{n}@ac-nantes.fr", "P", f"N{n}", school.uai] for n in range(20)])
    client = signed_in(pilot_of(course))
    response = client.post(
        reverse("training:enrolment_import", args=[course.pk]), {"file": SimpleUploadedFile("l.xlsx", content)}
    )
    assert response.status_code == 302
    assert course.enrolments.count() == 20


def test_enrolment_form_puts_the_person_on_the_waiting_list_when_full(pilot_of, signed_in):
    course = TrainingCourseFactory(capacity=1, trainees=1)
    school = EstablishmentFactory(commune=CommuneFactory(departement=course.departement))
    client = signed_in(pilot_of(course))
    data = {"email": "noa@ac-nantes.fr", "first_name": "Noa", "last_name": "Martin", "establishment": school.uai}
    response = client.post(reverse("training:enrolment_create", args=[course.pk]), data, follow=True)
    assert "liste d&#x27;attente" in response.content.decode()
    assert course.enrolments.get(email="noa@ac-nantes.fr").status == EnrolmentStatus.WAITING


def test_enrolment_form_explains_an_unknown_uai(pilot_of, signed_in):
    course = TrainingCourseFactory()
    client = signed_in(pilot_of(course))
    data = {
        "email": "noa@ac-nantes.fr",
        "first_name": "Noa",
        "last_name": "Martin",
        "establishment": valid_uai(9999999),
    }
    response = client.post(reverse("training:enrolment_create", args=[course.pk]), data)
    assert "Aucun établissement ne porte l&#x27;UAI" in response.content.decode()
    assert not course.enrolments.exists()
