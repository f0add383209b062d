import datetime
import json

from semis.accounts.enums import Role
from semis.accounts.tests.factories import user_with_role
from semis.core.demo import DEMO_DOMAIN, DEMO_PASSWORD
from semis.geo.tests.factories import CommuneFactory, DepartementFactory, EstablishmentFactory, RegionFactory
from semis.library.exchange import read_exchange
from semis.library.management.commands.load_library import DATA_DIR
from semis.library.services import programmes_load, sheets_import
from semis.projects.demo import PLANS, seed_projects_demo
from semis.projects.models import DeliveredSession, Project, ProjectScore
from semis.referential.tests.factories import shipped_referential
from semis.territories.tests.factories import TerritoryFactory


def demo_world():
    """The two régions' académies, the core demo's schools at the indices the plans use, the Unieux
    territory, the pilots and lead who review, the demo teacher of Nantes; the shipped cartable."""
    pdl, ara = RegionFactory(code="52"), RegionFactory(code="84")
    departements = {
        "nantes": DepartementFactory(code="44", academie__code="nantes", academie__region=pdl, region=pdl),
        "lyon": DepartementFactory(code="69", academie__code="lyon", academie__region=ara, region=ara),
        "grenoble": DepartementFactory(code="38", academie__code="grenoble", academie__region=ara, region=ara),
    }
    academie_of_index = {0: "nantes", 1: "nantes", 2: "nantes", 4: "nantes", 9: "lyon", 10: "lyon", 17: "grenoble"}
    schools = [
        EstablishmentFactory(commune=CommuneFactory(departement=departements[academie_of_index.get(i, "nantes")]))
        for i in range(26)
    ]
    unieux = TerritoryFactory(
        name="Unieux", programme__region=ara, communes=[CommuneFactory(departement=departements["lyon"])]
    )
    for departement in departements.values():
        user_with_role(Role.ACADEMIE_PILOT, departement.academie)
    user_with_role(Role.TERRITORIAL_LEAD, unieux)
    user_with_role(Role.TEACHER, schools[0], email=f"enseignante.nantes@{DEMO_DOMAIN}")
    shipped_referential()
    programmes_load(data=json.loads((DATA_DIR / "programmes.json").read_text(encoding="utf-8")))
    sheets_import(contents=read_exchange(json.loads((DATA_DIR / "sheets.json").read_text(encoding="utf-8"))))
    return schools, pdl, ara


def test_demo_has_projects_of_every_band_in_both_regions_with_sessions_once():
    schools, pdl, ara = demo_world()
    today = datetime.date(2026, 3, 16)
    accounts = seed_projects_demo(domain=DEMO_DOMAIN, password=DEMO_PASSWORD, schools=schools, today=today)
    assert Project.objects.count() == len(PLANS)
    for region in (pdl, ara):
        bands = set(ProjectScore.objects.filter(project__region=region).values_list("band", flat=True))
        assert bands == {"strong", "medium", "weak"}, region
    assert set(Project.objects.values_list("status", flat=True)) == {
        "draft",
        "submitted",
        "changes_requested",
        "validated",
    }
    assert DeliveredSession.objects.filter(project__region=pdl).exists()
    assert DeliveredSession.objects.filter(project__region=ara).exists()
    continued = Project.objects.get(title="Météo des émotions, du CE2 au CM1")
    assert continued.years.count() == 2 and continued.groups.filter(level="cm1").count() == 2
    assert Project.objects.filter(carrier="territory").get().reviews.last().kind == "validated"
    assert accounts

    counts = [Project.objects.count(), DeliveredSession.objects.count()]
    assert seed_projects_demo(domain=DEMO_DOMAIN, password=DEMO_PASSWORD, schools=schools, today=today) == []
    assert [Project.objects.count(), DeliveredSession.objects.count()] == counts
