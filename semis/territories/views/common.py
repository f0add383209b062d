"""Helpers shared by the territories views: fetching through the scoped querysets, form errors."""

from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404

from semis.territories.models import TerritorialProgramme, Territory


def visible_programme(request, pk: int) -> TerritorialProgramme:
    return get_object_or_404(TerritorialProgramme.objects.visible_to(request.user).select_related("region"), pk=pk)


def visible_territory(request, pk: int) -> Territory:
    return get_object_or_404(Territory.objects.visible_to(request.user).select_related("programme"), pk=pk)


def add_service_errors(form, error: ValidationError) -> None:
    """Show a service's refusal next to the form field it names, or above the form."""
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error)
