"""The quality of the projects of a perimeter: which criterion is most often missing."""

from django.shortcuts import render
from django.utils.translation import gettext as _

from semis.core.access import ALL_ROLES, access
from semis.projects.charts import distribution_chart
from semis.projects.enums import Carrier, ProjectStatus, ScoreBand
from semis.projects.forms import year_choices
from semis.projects.models import Project
from semis.projects.selectors import criteria_distribution, score_bands
from semis.projects.views.common import projects_crumb


@access(ALL_ROLES)
def overview(request):
    projects = Project.objects.visible_to(request.user)
    filters = {key: request.GET.get(key, "").strip() for key in ("annee", "porteur", "etat")}
    if filters["annee"].isdigit():
        projects = projects.covering(int(filters["annee"]))
    if filters["porteur"] in Carrier.values:
        projects = projects.filter(carrier=filters["porteur"])
    if filters["etat"] in ProjectStatus.values:
        projects = projects.filter(status=filters["etat"])
    distribution = criteria_distribution(projects)
    counts = score_bands(projects)
    total = sum(counts.values())
    bands = [(value, label, counts.get(value, 0)) for value, label in ScoreBand.choices]
    context = {
        "filters": filters,
        "years": year_choices(),
        "carriers": Carrier.choices,
        "statuses": ProjectStatus.choices,
        "distribution": distribution,
        "chart": distribution_chart(distribution),
        "most_missing": distribution[0] if total and distribution[0].not_met + distribution[0].partly else None,
        "bands": bands,
        "total": total,
        "links": [projects_crumb()],
        "title": _("Qualité des projets de mon périmètre"),
    }
    return render(request, "projects/overview.html", context)
