import factory

from semis.referential.models import Category, GeneralSkill, ReferentialVersion, SpecificSkill


class ReferentialVersionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ReferentialVersion
        django_get_or_create = ("code",)

    code = factory.Sequence(lambda n: f"referentiel-{n}")
    name = factory.Sequence(lambda n: f"Référentiel {n}")
    title = "Référentiel de test"
    publisher = "Éditeur de test"
    year = 2022
    source = "Source de test"


class CategoryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Category
        django_get_or_create = ("version", "code")

    version = factory.SubFactory(ReferentialVersionFactory)
    code = "E"
    name = "Compétences émotionnelles"


class GeneralSkillFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = GeneralSkill
        django_get_or_create = ("version", "code")

    category = factory.SubFactory(CategoryFactory)
    version = factory.SelfAttribute("category.version")
    code = "E2"
    name = "Réguler ses émotions"


class SpecificSkillFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SpecificSkill
        django_get_or_create = ("version", "code")

    general_skill = factory.SubFactory(GeneralSkillFactory)
    version = factory.SelfAttribute("general_skill.version")
    code = factory.Sequence(lambda n: f"E2.{n + 1}")
    name = factory.Sequence(lambda n: f"Compétence {n}")
    definition = "Une définition courte."


def shipped_referential() -> ReferentialVersion:
    """The SpF 2022 referential and WHO life skills, loaded from the app's data file."""
    from semis.referential.services import read_referential_file, referential_load

    referential_load(data=read_referential_file())
    return ReferentialVersion.objects.get(code="spf-2022")
