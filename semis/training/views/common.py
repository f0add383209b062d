"""What the training views share: error placement, breadcrumbs, the course fetched through its scope, year pickers."""

from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from semis.training.dates import school_year_label, school_year_of
from semis.training.models import TrainingCourse

PAGE_SIZE = 30


def add_errors(form, error: ValidationError) -> None:
    """A service's errors next to the form's fields when it names them, above the form otherwise."""
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error)


def courses_crumb() -> tuple[str, str]:
    return reverse("training:course_list"), _("Stages de formation")


def course_crumbs(course) -> list[tuple[str, str]]:
    return [courses_crumb(), (reverse("training:course_detail", args=[course.pk]), course.title)]


def course_for(request, pk: int) -> TrainingCourse:
    queryset = TrainingCourse.objects.visible_to(request.user).with_totals().with_list_related_data()
    return get_object_or_404(queryset, pk=pk)


def recent_years() -> list[tuple[int, str]]:
    """Next school year, this one and the four before, newest first, for year pickers."""
    current = school_year_of(timezone.localdate())
    return [(year, school_year_label(year)) for year in range(current + 1, current - 5, -1)]


def school_year(request) -> int:
    value = request.GET.get("annee", "")
    return int(value) if value.isdigit() and 2000 <= int(value) <= 2100 else school_year_of(timezone.localdate())
