from django.db.models import Prefetch
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.translation import gettext as _

from semis.core.access import ALL_ROLES, access
from semis.referential.models import (
    Category,
    GeneralSkill,
    LifeSkill,
    ReferentialVersion,
    SkillMapping,
    SpecificSkill,
)


@access(ALL_ROLES)
def tree(request, version=None):
    """The referential as a tree: categories, general skills, specific skills (the current version by default)."""
    if version is None:
        referential = ReferentialVersion.objects.current()
    else:
        referential = get_object_or_404(ReferentialVersion, code=version)
    categories = Category.objects.filter(version=referential).prefetch_related(
        Prefetch(
            "general_skills",
            queryset=GeneralSkill.objects.prefetch_related(
                Prefetch("specific_skills", queryset=SpecificSkill.objects.order_by("position"))
            ),
        )
    )
    context = {
        "referential": referential,
        "categories": categories,
        "versions": ReferentialVersion.objects.all(),
    }
    return render(request, "referential/tree.html", context)


@access(ALL_ROLES)
def skill_detail(request, version, code):
    skill = get_object_or_404(SpecificSkill.objects.with_tree(), version__code=version, code=code)
    mappings = SkillMapping.objects.select_related("source__version", "target__version")
    context = {
        "breadcrumb_links": [(reverse("referential:version_tree", args=[skill.version.code]), _("Référentiel"))],
        "skill": skill,
        # The reverse relation of the library's sheets keeps their QuerySet, hence their visibility rule.
        "sheets": skill.activity_sheets.visible_to(request.user).published().order_by("title"),
        "programmes": skill.programmes.all(),
        "life_skills": skill.life_skills.all(),
        "mappings_from": mappings.filter(source=skill),
        "mappings_to": mappings.filter(target=skill),
    }
    return render(request, "referential/skill_detail.html", context)


@access(ALL_ROLES)
def life_skills(request):
    """The WHO 1993 life skills and the specific skills each one corresponds to."""
    skills = LifeSkill.objects.prefetch_related(
        Prefetch("specific_skills", queryset=SpecificSkill.objects.select_related("version").order_by("position"))
    )
    context = {"life_skills": skills, "breadcrumb_links": [(reverse("referential:tree"), _("Référentiel"))]}
    return render(request, "referential/life_skills.html", context)
