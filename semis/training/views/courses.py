"""Course pages: list, creation, editing, detail, cancelling and closing."""

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Count, Prefetch, Q
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from semis.core.access import access
from semis.training import services
from semis.training.enums import MANAGER_ROLES, READER_ROLES, RUNNER_ROLES, CoursePublic, CourseStatus, EnrolmentStatus
from semis.training.formats import by_name
from semis.training.forms import CourseEditForm, CourseForm, SessionEditFormSet, SessionFormSet
from semis.training.models import NOT_TEACHERS, Enrolment, FeedbackResponse, FollowUp, TrainedTeam, TrainingCourse
from semis.training.perms import can_manage_course, can_run_course
from semis.training.selectors import course_content, courses_filtered, feedback_summary
from semis.training.views.common import (
    PAGE_SIZE,
    add_errors,
    course_crumbs,
    course_for,
    courses_crumb,
    recent_years,
)


@access(*READER_ROLES)
def course_list(request):
    courses = TrainingCourse.objects.visible_to(request.user).with_totals().with_list_related_data()
    filters = {
        "q": request.GET.get("q", "").strip(),
        "status": request.GET.get("status", ""),
        "public": request.GET.get("public", ""),
        "annee": request.GET.get("annee", ""),
        "court": request.GET.get("court", ""),
    }
    courses = courses_filtered(
        courses,
        q=filters["q"],
        status=filters["status"],
        public=filters["public"],
        year=int(filters["annee"]) if filters["annee"].isdigit() else None,
        short=bool(filters["court"]),
    )
    courses = courses.order_by("-school_year", "first_date", "title", "pk")
    page = Paginator(courses, PAGE_SIZE).get_page(request.GET.get("page"))
    context = {
        "page_obj": page,
        "filters": filters,
        "statuses": CourseStatus.choices,
        "publics": CoursePublic.choices,
        "years": recent_years(),
        "can_create": bool(request.roles & MANAGER_ROLES) or request.user.is_superuser,
        # The trainers' and follow-up pages are for those who run the cascade, not for every reader.
        "may_open_trainers": bool(request.roles & RUNNER_ROLES) or request.user.is_superuser,
        "min_hours": settings.TRAINING_MIN_HOURS,
    }
    return render(request, "training/course_list.html", context)


@access(*MANAGER_ROLES)
def course_create(request):
    form = CourseForm(request.POST or None, user=request.user)
    formset = SessionFormSet(request.POST or None, prefix="sessions")
    session_errors = []
    if request.method == "POST" and form.is_valid() and formset.is_valid():
        data = form.cleaned_data
        try:
            course = services.course_create(
                user=request.user,
                programme=data["programme"],
                title=data["title"],
                public=data["public"],
                departement=data["departement"],
                place=data["place"],
                capacity=data["capacity"],
                trainers=list(data["trainers"]),
                sessions=formset.specs(),
                description=data["description"],
                sheets=list(data["sheets"]),
                sequences=list(data["sequences"]),
            )
        except ValidationError as error:
            session_errors = _session_errors(error)
            if not hasattr(error, "error_dict") or error.error_dict:
                add_errors(form, error)
        else:
            messages.success(request, _("Le stage « %(title)s » est créé.") % {"title": course.title})
            _warn_if_short(request, course)
            return redirect("training:course_detail", pk=course.pk)
    context = {
        "form": form,
        "formset": formset,
        "session_errors": session_errors + list(formset.non_form_errors()),
        "links": [courses_crumb()],
        "min_hours": settings.TRAINING_MIN_HOURS,
    }
    return render(request, "training/course_form.html", context)


def _warn_if_short(request, course) -> None:
    if course.is_below_quality_hours:
        messages.warning(
            request,
            _("Ce stage dure moins de %(hours)s heures : le critère de qualité n'est pas atteint.")
            % {"hours": settings.TRAINING_MIN_HOURS},
        )


def _session_errors(error: ValidationError) -> list[str]:
    """Takes the half-days' errors out of a service's error (they are shown above the half-days table)."""
    if not hasattr(error, "error_dict"):
        return []
    return [message for e in error.error_dict.pop("sessions", []) for message in e.messages]


@access(*MANAGER_ROLES)
def course_edit(request, pk):
    """Edit a planned course: its details, content and half-days. A save made while someone else
    saved the course is refused, and the form then shows what they saved."""
    course = course_for(request, pk)
    if not can_manage_course(request.user, course):
        raise PermissionDenied
    if course.status != CourseStatus.PLANNED:
        messages.error(request, _("Seul un stage programmé se modifie : celui-ci est clos ou annulé."))
        return redirect("training:course_detail", pk=course.pk)
    session_errors, conflict_messages = [], []
    if request.method == "POST":
        form = CourseEditForm(request.POST, user=request.user, course=course)
        formset = SessionEditFormSet(request.POST, prefix="sessions")
        if form.is_valid() and formset.is_valid():
            data = form.cleaned_data
            try:
                course = services.course_update(
                    user=request.user,
                    course=course,
                    expected_version=data["version"],
                    title=data["title"],
                    public=data["public"],
                    departement=data["departement"],
                    place=data["place"],
                    capacity=data["capacity"],
                    trainers=list(data["trainers"]),
                    sessions=formset.specs(),
                    description=data["description"],
                    sheets=list(data["sheets"]),
                    sequences=list(data["sequences"]),
                )
            except services.CourseEditConflict as conflict:
                # Nothing of this save is kept: the form shows the saved course, with the reason.
                current = course_for(request, pk)
                form = CourseEditForm(initial=CourseEditForm.initial_from(current), user=request.user, course=current)
                formset = SessionEditFormSet(initial=SessionEditFormSet.initial_from(current), prefix="sessions")
                conflict_messages = conflict.messages
            except ValidationError as error:
                session_errors = _session_errors(error)
                if not hasattr(error, "error_dict") or error.error_dict:
                    add_errors(form, error)
            else:
                messages.success(request, _("Le stage « %(title)s » est enregistré.") % {"title": course.title})
                _warn_if_short(request, TrainingCourse.objects.with_totals().get(pk=course.pk))
                return redirect("training:course_detail", pk=course.pk)
    else:
        form = CourseEditForm(initial=CourseEditForm.initial_from(course), user=request.user, course=course)
        formset = SessionEditFormSet(initial=SessionEditFormSet.initial_from(course), prefix="sessions")
    context = {
        "course": course,
        "form": form,
        "formset": formset,
        "conflict_messages": conflict_messages,
        "session_errors": session_errors + list(formset.non_form_errors()),
        # As strings: a posted form gives its session id back as text.
        "marked_sessions": {
            str(pk) for pk in course.sessions.filter(attendances__isnull=False).values_list("pk", flat=True)
        },
        "links": course_crumbs(course),
        "min_hours": settings.TRAINING_MIN_HOURS,
    }
    return render(request, "training/course_form.html", context)


@access(*READER_ROLES)
def course_detail(request, pk):
    course = course_for(request, pk)
    enrolments = by_name(
        Enrolment.objects.visible_to(request.user)
        .filter(course=course)
        .with_attended_hours()
        .with_list_related_data(request.user)
    )
    waiting = sorted(
        (e for e in enrolments if e.status == EnrolmentStatus.WAITING), key=lambda e: (e.status_changed_at, e.pk)
    )
    teams = (
        TrainedTeam.objects.visible_to(request.user)
        .filter(course=course)
        .select_related("establishment", "trainer__user")
        .prefetch_related(Prefetch("followups", queryset=FollowUp.objects.order_by("due_on")), "members")
    )
    context = {
        "course": course,
        "sessions": list(
            course.sessions.annotate(
                marked_count=Count("attendances"),
                present_count=Count("attendances", filter=Q(attendances__present=True)),
            )
        ),
        "enrolled": [e for e in enrolments if e.status == EnrolmentStatus.ENROLLED],
        "waiting": waiting,
        "cancelled": [e for e in enrolments if e.status == EnrolmentStatus.CANCELLED],
        "teams": teams,
        "can_manage": can_manage_course(request.user, course),
        "can_run": can_run_course(request.user, course),
        "may_open_trainers": bool(request.roles & RUNNER_ROLES) or request.user.is_superuser,
        # Teachers see no one's answers (FeedbackResponse scoping): no "no answer yet" either.
        "shows_feedback": bool(request.roles & NOT_TEACHERS) or request.user.is_superuser,
        "is_planned": course.status == CourseStatus.PLANNED,
        "is_completed": course.status == CourseStatus.COMPLETED,
        "content": course_content(user=request.user, course=course),
        "min_hours": settings.TRAINING_MIN_HOURS,
        "links": [courses_crumb()],
        "feedback": feedback_summary(
            FeedbackResponse.objects.visible_to(request.user).filter(course=course), with_comments=True
        ),
    }
    return render(request, "training/course_detail.html", context)


@access(*MANAGER_ROLES)
@require_POST
def course_cancel(request, pk):
    course = course_for(request, pk)
    try:
        services.course_cancel(user=request.user, course=course)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Le stage est annulé."))
    return redirect("training:course_detail", pk=course.pk)


@access(*RUNNER_ROLES)
@require_POST
def course_complete(request, pk):
    course = course_for(request, pk)
    try:
        services.course_complete(user=request.user, course=course)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request,
            _(
                "Le stage est clos : les attestations sont en cours de production et le plan de suivi "
                "des équipes formées est créé."
            ),
        )
    return redirect("training:course_detail", pk=course.pk)
