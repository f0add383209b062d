"""A fictional but realistic data set on Pays de la Loire and Auvergne-Rhône-Alpes.

Places are real communes; schools, people and projects are invented. Idempotent: every object
is looked up by its natural key before being created, so a second run adds nothing.
"""

from django.db import transaction
from django.utils import timezone

from semis.accounts.enums import PerimeterKind, Role
from semis.accounts.models import User
from semis.accounts.services import role_assign
from semis.evaluation.demo import seed_evaluation_demo
from semis.geo.enums import EstablishmentKind, PriorityEducation, Sector
from semis.geo.models import Academie, Commune, Departement, Establishment, Region, uai_check_letter
from semis.projects.demo import seed_projects_demo
from semis.reporting import services as indicators
from semis.territories.demo import seed_territories
from semis.territories.enums import TerritoryKind
from semis.territories.models import Territory
from semis.training.demo import seed_training_demo

DEMO_PASSWORD = "semis-demo-2026"
DEMO_DOMAIN = "semis.demo"

# (commune INSEE code, school name, kind, priority education)
SCHOOLS = [
    ("44109", "École élémentaire Les Tilleuls", EstablishmentKind.ELEMENTAIRE, PriorityEducation.REP_PLUS),
    ("44109", "Collège Jules-Verne", EstablishmentKind.COLLEGE, PriorityEducation.REP),
    ("44143", "École maternelle Le Petit Port", EstablishmentKind.MATERNELLE, PriorityEducation.NONE),
    ("44184", "Lycée professionnel de l'Estuaire", EstablishmentKind.LYCEE_PRO, PriorityEducation.NONE),
    ("49007", "École primaire La Doutre", EstablishmentKind.PRIMAIRE, PriorityEducation.NONE),
    ("49099", "Collège du Bocage", EstablishmentKind.COLLEGE, PriorityEducation.NONE),
    ("72181", "École élémentaire Les Sablons", EstablishmentKind.ELEMENTAIRE, PriorityEducation.REP),
    ("53130", "Lycée de la Mayenne", EstablishmentKind.LYCEE, PriorityEducation.NONE),
    ("85191", "École primaire Les Oudairies", EstablishmentKind.PRIMAIRE, PriorityEducation.NONE),
    ("69123", "École élémentaire Croix-Rousse", EstablishmentKind.ELEMENTAIRE, PriorityEducation.NONE),
    ("69256", "Collège Henri-Wallon", EstablishmentKind.COLLEGE, PriorityEducation.REP_PLUS),
    ("69259", "École maternelle Les Minguettes", EstablishmentKind.MATERNELLE, PriorityEducation.REP_PLUS),
    ("42218", "Lycée du Forez", EstablishmentKind.LYCEE, PriorityEducation.NONE),
    ("42316", "École primaire du Pertuiset", EstablishmentKind.PRIMAIRE, PriorityEducation.NONE),
    ("01344", "École élémentaire de la Reyssouze", EstablishmentKind.ELEMENTAIRE, PriorityEducation.NONE),
    ("38185", "Collège de la Bastille", EstablishmentKind.COLLEGE, PriorityEducation.REP),
    ("38151", "École élémentaire Les Granges", EstablishmentKind.ELEMENTAIRE, PriorityEducation.REP_PLUS),
    ("38034", "École primaire de la Sanne", EstablishmentKind.PRIMAIRE, PriorityEducation.NONE),
    ("26108", "Collège de la Drôme", EstablishmentKind.COLLEGE, PriorityEducation.NONE),
    ("26011", "École primaire de la Sye", EstablishmentKind.PRIMAIRE, PriorityEducation.NONE),
    ("74010", "Lycée professionnel du Lac", EstablishmentKind.LYCEE_PRO, PriorityEducation.NONE),
    ("63113", "École élémentaire Les Vergnes", EstablishmentKind.ELEMENTAIRE, PriorityEducation.REP),
    ("63113", "Collège de Montferrand", EstablishmentKind.COLLEGE, PriorityEducation.NONE),
    ("63300", "École maternelle du Pré-Madame", EstablishmentKind.MATERNELLE, PriorityEducation.NONE),
    ("15014", "Lycée des Volcans", EstablishmentKind.LYCEE, PriorityEducation.NONE),
    ("43157", "École primaire du Breuil", EstablishmentKind.PRIMAIRE, PriorityEducation.NONE),
]

# (name, kind, région code, commune INSEE codes) — places of the earlier ARA "dans et hors l'école" project.
TERRITORIES = [
    ("Unieux", TerritoryKind.COMMUNE, "84", ["42316"]),
    ("Crest et Aouste-sur-Sye", TerritoryKind.BASSIN_DE_VIE, "84", ["26108", "26011"]),
    ("Beaurepaire", TerritoryKind.COMMUNE, "84", ["38034"]),
]

# (e-mail local part, first name, last name, role, perimeter kind, perimeter key)
PEOPLE = [
    ("admin", "Anne", "National", Role.NATIONAL_ADMIN, PerimeterKind.NATIONAL, None),
    ("coordination.pdl", "Paul", "Ligérien", Role.REGIONAL_COORDINATOR, PerimeterKind.REGION, "52"),
    ("coordination.ara", "Aurélie", "Rhodanienne", Role.REGIONAL_COORDINATOR, PerimeterKind.REGION, "84"),
    ("pilote.nantes", "Nadia", "Pilote", Role.ACADEMIE_PILOT, PerimeterKind.ACADEMIE, "nantes"),
    ("pilote.lyon", "Louis", "Pilote", Role.ACADEMIE_PILOT, PerimeterKind.ACADEMIE, "lyon"),
    ("pilote.grenoble", "Gaëlle", "Pilote", Role.ACADEMIE_PILOT, PerimeterKind.ACADEMIE, "grenoble"),
    ("pilote.clermont", "Claire", "Pilote", Role.ACADEMIE_PILOT, PerimeterKind.ACADEMIE, "clermont-ferrand"),
    ("territoire.unieux", "Théo", "Territoire", Role.TERRITORIAL_LEAD, PerimeterKind.TERRITORY, "Unieux"),
    ("formatrice.nantes", "Fanny", "Formatrice", Role.TRAINER, PerimeterKind.ACADEMIE, "nantes"),
    ("enseignante.nantes", "Élise", "Enseignante", Role.TEACHER, PerimeterKind.ESTABLISHMENT, 0),
    ("direction.nantes", "Denis", "Directeur", Role.SCHOOL_HEAD, PerimeterKind.ESTABLISHMENT, 0),
    ("evaluation.ara", "Éva", "Évaluatrice", Role.EVALUATOR, PerimeterKind.REGION, "84"),
    ("partenaire.loire-atlantique", "Pierre", "Partenaire", Role.PARTNER, PerimeterKind.DEPARTEMENT, "44"),
]


def demo_uai(commune: Commune, index: int) -> str:
    digits = f"{commune.departement.code.zfill(3).replace('A', '0').replace('B', '0')}{9000 + index:04d}"
    return digits + uai_check_letter(digits)


@transaction.atomic
def seed_demo() -> list[tuple[str, str]]:
    communes = {
        c.insee_code: c
        for c in Commune.objects.select_related("departement").filter(
            insee_code__in={code for code, *_ in SCHOOLS} | {code for *_, codes in TERRITORIES for code in codes}
        )
    }
    if not communes:
        raise RuntimeError("Load the geography first: manage.py import_geo")
    schools = []
    for index, (code, name, kind, priority) in enumerate(SCHOOLS):
        commune = communes[code]
        school, _ = Establishment.objects.get_or_create(
            uai=demo_uai(commune, index),
            defaults={
                "name": name,
                "kind": kind,
                "priority_education": priority,
                "commune": commune,
                "sector": Sector.PUBLIC,
            },
        )
        schools.append(school)

    territories = {}
    for name, kind, region_code, codes in TERRITORIES:
        territory, created = Territory.objects.get_or_create(
            name=name, defaults={"kind": kind, "region": Region.objects.get(code=region_code)}
        )
        if created:
            territory.communes.set([communes[code] for code in codes])
        territories[name] = territory

    accounts = []
    for local, first, last, role, kind, key in PEOPLE:
        email = f"{local}@{DEMO_DOMAIN}"
        user = User.objects.filter(email=email).first()
        if user is None:
            user = User.objects.create_user(email, DEMO_PASSWORD, first_name=first, last_name=last)
        perimeter = _perimeter(kind, key, territories=territories, schools=schools)
        assignment = role_assign(user=user, role=role, perimeter_kind=kind, perimeter=perimeter)
        accounts.append((email, str(assignment)))
    seed_territories()
    accounts += seed_training_demo(domain=DEMO_DOMAIN, password=DEMO_PASSWORD, make_uai=demo_uai, schools=schools)
    accounts += seed_projects_demo(domain=DEMO_DOMAIN, password=DEMO_PASSWORD, schools=schools)
    seed_evaluation_demo()
    # The steering dashboard reads computed figures: a demo shows them without waiting for the night.
    for year in indicators.refreshed_years(timezone.localdate()):
        indicators.indicators_refresh(school_year=year)
    return accounts


def _perimeter(kind, key, *, territories, schools):
    match kind:
        case PerimeterKind.REGION:
            return Region.objects.get(code=key)
        case PerimeterKind.ACADEMIE:
            return Academie.objects.get(code=key)
        case PerimeterKind.DEPARTEMENT:
            return Departement.objects.get(code=key)
        case PerimeterKind.TERRITORY:
            return territories[key]
        case PerimeterKind.ESTABLISHMENT:
            return schools[key]
    return None
