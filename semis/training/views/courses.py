"""Course pages: list, creation, detail, cancelling and closing."""

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Count, Prefetch, Q
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from semis.core.access import access
from semis.training import services
from semis.training.enums import MANAGER_ROLES, READER_ROLES, RUNNER_ROLES, CoursePublic, CourseStatus, EnrolmentStatus
from semis.training.forms import CourseForm, SessionFormSet
from semis.training.models import Enrolment, FeedbackResponse, FollowUp, TrainedTeam, TrainingCourse
from semis.training.perms import can_manage_course, can_run_course
from semis.training.selectors import feedback_summary
from semis.training.views.common import PAGE_SIZE, add_errors, course_for, courses_crumb, recent_years


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
    if filters["q"]:
        courses = courses.filter(Q(title__icontains=filters["q"]) | Q(place__icontains=filters["q"]))
    if filters["status"] in CourseStatus.values:
        courses = courses.filter(status=filters["status"])
    if filters["public"] in CoursePublic.values:
        courses = courses.filter(public=filters["public"])
    if filters["annee"].isdigit():
        courses = courses.forschool_year(int(filters["annee"]))
    if filters["court"]:
        courses = courses.filter(planned_hours__lt=settings.TRAINING_MIN_HOURS)
    courses = courses.order_by("-school_year", "first_date", "title", "pk")
    page = Paginator(courses, PAGE_SIZE).get_page(request.GET.get("page"))
    context = {
        "page_obj": page,
        "filters": filters,
        "statuses": CourseStatus.choices,
        "publics": CoursePublic.choices,
        "years": recent_years(),
        "can_create": bool(request.roles & MANAGER_ROLES) or request.user.is_superuser,
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
            )
        except ValidationError as error:
            if hasattr(error, "error_dict"):
                session_errors = [message for e in error.error_dict.pop("sessions", []) for message in e.messages]
            if not hasattr(error, "error_dict") or error.error_dict:
                add_errors(form, error)
        else:
            messages.success(request, _("Le stage « %(title)s » est créé.") % {"title": course.title})
            if course.is_below_quality_hours:
                messages.warning(
                    request,
                    _("Ce stage dure moins de %(hours)s heures : le critère de qualité n'est pas atteint.")
                    % {"hours": settings.TRAINING_MIN_HOURS},
                )
            return redirect("training:course_detail", pk=course.pk)
    context = {
        "form": form,
        "formset": formset,
        "session_errors": session_errors + list(formset.non_form_errors()),
        "links": [courses_crumb()],
        "min_hours": settings.TRAINING_MIN_HOURS,
    }
    return render(request, "training/course_form.html", context)


@access(*READER_ROLES)
def course_detail(request, pk):
    course = course_for(request, pk)
    enrolments = list(
        Enrolment.objects.visible_to(request.user)
        .filter(course=course)
        .with_attended_hours()
        .with_list_related_data()
        .order_by("last_name", "first_name", "pk")
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
        "is_planned": course.status == CourseStatus.PLANNED,
        "is_completed": course.status == CourseStatus.COMPLETED,
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
