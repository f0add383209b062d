import json

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from semis.referential.models import (
    Category,
    GeneralSkill,
    LifeSkill,
    ReferentialVersion,
    SkillMapping,
    SpecificSkill,
)
from semis.referential.services import REFERENTIAL_FILE, read_referential_file, referential_load

# The specific skills DOMAIN.md §2 lists for the SpF 2022 referential, with our codes.
SPF_2022_CODES = [
    "C1.1", "C1.2", "C1.3", "C1.4", "C2.1", "C2.2", "C3.1", "C3.2",
    "E1.1", "E1.2", "E2.1", "E2.2", "E3.1", "E3.2",
    "S1.1", "S1.2", "S2.1", "S2.2", "S3.1", "S3.2", "S3.3",
]  # fmt: skip


def test_shipped_referential_has_three_categories_nine_general_skills_and_the_listed_specific_skills(referential):
    assert list(Category.objects.filter(version=referential).values_list("code", flat=True)) == ["C", "E", "S"]
    assert GeneralSkill.objects.filter(version=referential).count() == 9
    skills = SpecificSkill.objects.filter(version=referential)
    assert list(skills.values_list("code", flat=True)) == SPF_2022_CODES
    assert all(len(skill.definition) > 40 for skill in skills)
    assert ReferentialVersion.objects.current() == referential


def test_each_specific_skill_sits_under_the_general_skill_its_code_names(referential):
    for skill in SpecificSkill.objects.filter(version=referential).select_related("general_skill__category"):
        assert skill.code.startswith(skill.general_skill.code + ".")
        assert skill.general_skill.code.startswith(skill.general_skill.category.code)


def test_who_life_skills_come_in_five_pairs_and_cover_every_specific_skill(referential):
    life_skills = LifeSkill.objects.all()
    assert life_skills.count() == 10
    assert sorted({s.pair for s in life_skills}) == [1, 2, 3, 4, 5]
    mapped = set(SpecificSkill.objects.filter(life_skills__isnull=False).values_list("code", flat=True))
    assert mapped == set(SPF_2022_CODES)


def row_counts():
    return [model.objects.count() for model in (SpecificSkill, LifeSkill, LifeSkill.specific_skills.through)]


def test_loading_twice_changes_nothing():
    data = read_referential_file()
    first = referential_load(data=data)
    assert first.changed
    counts = row_counts()
    second = referential_load(data=data)
    assert not second.changed
    assert row_counts() == counts


def test_command_reports_then_says_up_to_date(capsys):
    call_command("load_referential")
    assert "Référentiel à jour." in capsys.readouterr().out
    call_command("load_referential")
    assert "Référentiel déjà à jour." in capsys.readouterr().out


def later_version(mappings):
    """A later version with other codes, mapped to SpF 2022, as a second file would bring it."""
    return {
        "format": "semis-referential",
        "version": 1,
        "referentials": [
            {
                "code": "spf-2025",
                "name": "SpF 2025",
                "title": "Référentiel opérationnel",
                "publisher": "Santé publique France",
                "year": 2025,
                "source": "Source",
                "categories": [
                    {
                        "code": "EMO",
                        "name": "Émotions",
                        "general_skills": [
                            {
                                "code": "EMO-1",
                                "name": "Réguler",
                                "specific_skills": [
                                    {"code": "EMO-1-a", "name": "Apaiser ses émotions", "definition": "Définition."}
                                ],
                            }
                        ],
                    }
                ],
            }
        ],
        "mappings": mappings,
    }


def test_a_later_version_with_other_codes_is_mapped_to_spf_2022(referential):
    mapping = {"from_version": "spf-2025", "from": "EMO-1-a", "to_version": "spf-2022", "to": "E2.2"}
    referential_load(data=later_version([{**mapping, "relation": "equivalent"}]))
    new_skill = SpecificSkill.objects.get(version__code="spf-2025", code="EMO-1-a")
    assert [m.target.code for m in new_skill.mappings_from.all()] == ["E2.2"]
    # The file did not say the new version is current: SpF 2022 stays in force.
    assert ReferentialVersion.objects.current() == referential


def test_a_mapping_to_an_unknown_skill_refuses_the_whole_file(referential, tmp_path):
    mapping = {"from_version": "spf-2025", "from": "EMO-1-a", "to_version": "spf-2022", "to": "Z9.9"}
    path = tmp_path / "referentiel.json"
    path.write_text(json.dumps(later_version([{**mapping, "relation": "equivalent"}])), encoding="utf-8")
    with pytest.raises(CommandError, match=r"Compétence inconnue : « Z9\.9 »"):
        call_command("load_referential", file=str(path))
    assert not ReferentialVersion.objects.filter(code="spf-2025").exists()
    assert not SkillMapping.objects.exists()


def test_a_file_of_another_format_is_refused_in_french(tmp_path):
    path = tmp_path / "autre.json"
    path.write_text('{"format": "autre"}', encoding="utf-8")
    with pytest.raises(CommandError, match="n'est pas un référentiel Semis"):
        call_command("load_referential", file=str(path))
    assert REFERENTIAL_FILE.exists()
