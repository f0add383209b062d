"""Actions point at the referential's specific skills instead of storing their codes.

The codes actions stored were those of the SpF 2022 referential (version "spf-2022"); each becomes
a link to that version's skill of the same code. The referential is data, loaded by
`manage.py load_referential`: a database whose actions name skills must have it loaded first.
"""

from collections import defaultdict

from django.db import migrations, models

CODES_VERSION = "spf-2022"


def codes_to_skills(apps, schema_editor):
    Action = apps.get_model("territories", "Action")
    SpecificSkill = apps.get_model("referential", "SpecificSkill")
    Link = Action.skills.through
    rows = [(pk, codes) for pk, codes in Action.objects.values_list("pk", "skill_codes").iterator(2000) if codes]
    if not rows:
        return
    skills = dict(SpecificSkill.objects.filter(version__code=CODES_VERSION).values_list("code", "pk"))
    missing = sorted({code for _pk, codes in rows for code in codes} - skills.keys())
    if missing:
        raise RuntimeError(
            f"Des actions citent des compétences absentes du référentiel « {CODES_VERSION} » "
            f"({', '.join(missing[:5])}) : chargez-le avant de migrer, avec `manage.py migrate referential`, "
            "`manage.py load_referential`, puis `manage.py migrate`."
        )
    Link.objects.bulk_create(
        (Link(action_id=pk, specificskill_id=skills[code]) for pk, codes in rows for code in dict.fromkeys(codes)),
        batch_size=2000,
    )


def skills_to_codes(apps, schema_editor):
    Action = apps.get_model("territories", "Action")
    Link = Action.skills.through
    codes = defaultdict(list)
    links = Link.objects.order_by("action_id", "specificskill__position")
    for action_id, code in links.values_list("action_id", "specificskill__code").iterator(2000):
        codes[action_id].append(code)
    for action in Action.objects.filter(pk__in=list(codes)):
        action.skill_codes = codes[action.pk]
        action.save(update_fields=["skill_codes"])


class Migration(migrations.Migration):
    dependencies = [
        ("referential", "0001_initial"),
        ("territories", "0002_programmes_journey_community_actions_capitalisation"),
    ]

    operations = [
        migrations.RenameField(model_name="action", old_name="skills", new_name="skill_codes"),
        migrations.AddField(
            model_name="action",
            name="skills",
            field=models.ManyToManyField(
                related_name="territorial_actions", to="referential.specificskill", verbose_name="compétences visées"
            ),
        ),
        migrations.RunPython(codes_to_skills, skills_to_codes),
    ]
