import datetime

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from semis.referential.tests.factories import shipped_referential
from semis.territories.models import Action

BEFORE = [("territories", "0002_programmes_journey_community_actions_capitalisation")]


def migrate(targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


@pytest.mark.django_db(transaction=True)
def test_skill_codes_of_existing_actions_become_links_to_the_referential_skills():
    old = migrate(BEFORE)
    try:
        region = old.get_model("geo", "Region").objects.create(code="84", name="Auvergne-Rhône-Alpes")
        programme = old.get_model("territories", "TerritorialProgramme").objects.create(
            name="P", region=region, funder="ARS", operator="IREPS", year_start=2019, year_end=2026
        )
        territory = old.get_model("territories", "Territory").objects.create(
            name="Unieux", kind="commune", region=region, programme=programme
        )
        fields = {"territory": territory, "setting": "ecole", "audience": "children", "age_min": 6, "age_max": 8}
        fields |= {"lever": "personal_skills", "determinant_level": "individual", "date": datetime.date(2023, 3, 1)}
        actions = old.get_model("territories", "Action").objects
        with_codes = actions.create(title="Émotions", skills=["E1.2", "S3.3", "E1.2"], **fields)
        without = actions.create(title="Sans compétence", skills=[], **fields)
        shipped_referential()
    finally:
        migrate(MigrationExecutor(connection).loader.graph.leaf_nodes())
    skills = Action.objects.get(pk=with_codes.pk).skills.all()
    assert sorted(s.code for s in skills) == ["E1.2", "S3.3"]
    assert {s.version.code for s in skills} == {"spf-2022"}
    assert not Action.objects.get(pk=without.pk).skills.exists()
