import django.db.models.functions.text
from django.db import migrations, models


class Migration(migrations.Migration):
    """Drops the skill codes once copied, and makes a stakeholder's e-mail unique within its territory,
    whatever its case. Apart from the copy: in the transaction that filled the links, PostgreSQL may
    refuse to alter a table with pending trigger events."""

    dependencies = [
        ("territories", "0003_action_skills_from_referential"),
    ]

    operations = [
        migrations.RemoveField(model_name="action", name="skill_codes"),
        migrations.AddConstraint(
            model_name="stakeholder",
            constraint=models.UniqueConstraint(
                django.db.models.functions.text.Lower("email"),
                models.F("territory"),
                condition=models.Q(("email", ""), _negated=True),
                name="stakeholder_email_unique_in_territory",
                violation_error_code="stakeholder_email_taken",
                violation_error_message="Cette adresse e-mail est déjà celle d'un autre acteur de ce territoire.",
            ),
        ),
    ]
