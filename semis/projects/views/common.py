"""What the projects views share: fetching through the scoped querysets, errors placed next to fields."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.translation import gettext as _

from semis.projects.models import Project
from semis.projects.perms import can_edit_project

PAGE_SIZE = 30


def visible_project(request, pk: int) -> Project:
    queryset = Project.objects.visible_to(request.user).select_related(
        "establishment__commune", "territory", "programme", "trained_team__trainer__user", "created_by", "score"
    )
    return get_object_or_404(queryset, pk=pk)


def editable_project(request, pk: int) -> Project:
    """The project, for its carriers only: 404 outside the perimeter, 403 for others in it."""
    project = visible_project(request, pk)
    if not can_edit_project(request.user, project):
        raise PermissionDenied
    return project


def add_errors(form, error: ValidationError) -> None:
    """A service's errors next to the form's fields when it names them, above the form otherwise."""
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error)


def projects_crumb() -> tuple[str, str]:
    return reverse("projects:project_list"), _("Projets locaux")


def project_crumbs(project) -> list[tuple[str, str]]:
    return [projects_crumb(), (reverse("projects:project_detail", args=[project.pk]), project.title)]
