"""A scoped list page (establishments, as an académie pilot) against a trivial view, both
requested through Django's test Client with the same middleware, session and second factor."""

from django.http import HttpResponse
from django.test import Client, override_settings
from django.urls import include, path
from django_otp.plugins.otp_totp.models import TOTPDevice

from bench import Result, median_time
from semis.accounts.enums import PerimeterKind, Role
from semis.accounts.models import RoleAssignment, User
from semis.core.access import ALL_ROLES, access
from semis.geo.enums import EstablishmentKind, PriorityEducation
from semis.geo.models import Academie, Commune, Establishment, uai_check_letter

SCHOOLS_IN_PERIMETER = 5000
SCHOOLS_ELSEWHERE = 5000


@access(ALL_ROLES)
def floor_view(request):
    return HttpResponse("ok", content_type="text/plain")


# Served only while this benchmark runs: the project's URLs plus the floor view.
urlpatterns = [
    path("bench/plancher/", floor_view),
    path("", include("semis.urls")),
]


def schools(communes: list[int], count: int, first_number: int) -> list[Establishment]:
    kinds = list(EstablishmentKind)
    priorities = list(PriorityEducation)
    built = []
    for n in range(count):
        digits = f"{first_number + n:07d}"
        built.append(
            Establishment(
                uai=digits + uai_check_letter(digits),
                name=f"{kinds[n % len(kinds)].label} n° {n}",
                kind=kinds[n % len(kinds)],
                priority_education=priorities[n % len(priorities)],
                commune_id=communes[n % len(communes)],
            )
        )
    return built


def signed_in_pilot(academie: Academie) -> Client:
    pilot = User.objects.create_user("pilote-bench@exemple.fr", "un-mot-de-passe-solide")
    RoleAssignment.objects.create(
        user=pilot, role=Role.ACADEMIE_PILOT, perimeter_kind=PerimeterKind.ACADEMIE, academie=academie
    )
    device = TOTPDevice.objects.create(user=pilot, name="bench", confirmed=True)
    client = Client()
    client.force_login(pilot)
    session = client.session
    session["otp_device_id"] = device.persistent_id
    session.save()
    return client


def run() -> Result:
    nantes = Academie.objects.get(code="nantes")
    inside = list(Commune.objects.filter(departement__academie=nantes).values_list("pk", flat=True))
    outside = list(Commune.objects.exclude(departement__academie=nantes).values_list("pk", flat=True)[:2000])
    Establishment.objects.bulk_create(schools(inside, SCHOOLS_IN_PERIMETER, 4400000), batch_size=1000)
    Establishment.objects.bulk_create(schools(outside, SCHOOLS_ELSEWHERE, 6900000), batch_size=1000)
    client = signed_in_pilot(nantes)

    def get(url):
        def request():
            response = client.get(url)
            assert response.status_code == 200, (url, response.status_code)

        return request

    with override_settings(ROOT_URLCONF=__name__):
        measured = median_time(get("/geo/etablissements/"), repeat=40)
        floor = median_time(get("/bench/plancher/"), repeat=200)
    return Result(
        name=f"liste des établissements, pilote académique ({SCHOOLS_IN_PERIMETER} sur "
        f"{SCHOOLS_IN_PERIMETER + SCHOOLS_ELSEWHERE})",
        measured=measured,
        floor=floor,
        floor_name="vue triviale, même pile",
    )
