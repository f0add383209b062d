"""Reads shared by the establishment pages and the API."""

from django.db.models import Q

from semis.geo.enums import EstablishmentKind, PriorityEducation, Sector


def establishments_filtered(
    queryset, *, q=None, kind=None, sector=None, priority=None, academie=None, departement=None
):
    """The establishment list's filters, for the web page and the API alike. A value left empty, or
    outside its choices, filters nothing: each caller has already said what a bad value means to it."""
    if q:
        queryset = queryset.filter(Q(name__icontains=q) | Q(uai__iexact=q) | Q(commune__name__icontains=q))
    if kind in EstablishmentKind.values:
        queryset = queryset.filter(kind=kind)
    if sector in Sector.values:
        queryset = queryset.filter(sector=sector)
    # "" is a choice (outside priority education) but the lists never offered it as a filter.
    if priority and priority in PriorityEducation.values:
        queryset = queryset.filter(priority_education=priority)
    if academie:
        queryset = queryset.filter(commune__departement__academie__code=academie)
    if departement:
        queryset = queryset.filter(commune__departement__code=departement)
    return queryset
