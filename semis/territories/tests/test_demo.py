import io

import pytest
from django.core.management import call_command

from semis.referential.models import SpecificSkill
from semis.territories import demo
from semis.territories.enums import SheetStatus
from semis.territories.models import Action, CapitalisationSheet, Meeting, Stakeholder, TerritorialProgramme, Territory
from semis.territories.tests.factories import demo_places


def test_demo_builds_thirty_territories_of_every_kind_and_a_second_run_adds_nothing():
    demo_places()
    call_command("load_referential", stdout=io.StringIO())
    programme = demo.seed_territories()
    counts = {model: model.objects.count() for model in (Territory, Stakeholder, Action, Meeting, CapitalisationSheet)}
    assert counts[Territory] == 30 and counts[Meeting] == 2 and counts[CapitalisationSheet] == 3
    assert set(Territory.objects.values_list("kind", flat=True).distinct()) == {
        "quartier",
        "commune",
        "communaute_de_communes",
        "bassin_de_vie",
    }
    assert Action.objects.values("setting").distinct().count() >= 12
    assert Action.objects.values("lever").distinct().count() == 5
    assert CapitalisationSheet.objects.filter(status=SheetStatus.PUBLISHED).count() == 2
    assert programme.territories.count() == 30
    assert not Action.objects.filter(skills=None).exists()
    assert set(
        SpecificSkill.objects.filter(territorial_actions__isnull=False).values_list("version__code", flat=True)
    ) == {"spf-2022"}
    demo.seed_territories()
    assert counts == {model: model.objects.count() for model in counts}


def test_demo_without_the_referential_says_to_load_it_and_writes_nothing():
    demo_places()
    with pytest.raises(RuntimeError, match=r"Load the referential first: manage\.py load_referential"):
        demo.seed_territories()
    assert not TerritorialProgramme.objects.exists()
