from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Count, Prefetch, Q
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from semis.core.access import access
from semis.geo.models import Academie
from semis.training import imports, services
from semis.training.dates import school_year_label, school_year_of
from semis.training.documents import signature_sheet_pdf
from semis.training.enums import (
    MANAGER_ROLES,
    PLANNING_ROLES,
    READER_ROLES,
    RUNNER_ROLES,
    CoursePublic,
    CourseStatus,
    EnrolmentStatus,
)
from semis.training.feedback import QUESTIONNAIRE_TITLE
from semis.training.forms import (
    CourseForm,
    EnrolmentForm,
    EnrolmentImportForm,
    FeedbackForm,
    FollowUpForm,
    SessionFormSet,
    SupervisionForm,
    TargetForm,
)
from semis.training.models import (
    Attestation,
    Enrolment,
    FeedbackResponse,
    FollowUp,
    SupervisionSession,
    TrainedTeam,
    Trainer,
    TrainingCourse,
    TrainingProgramme,
    TrainingSession,
)
from semis.training.perms import can_manage_course, can_record_followup, can_run_course, manages_academie
from semis.training.selectors import academie_planning, feedback_summary, trainers_with_load
from semis.training.services.feedback import feedback_for_token

PAGE_SIZE = 30


def _add_errors(form, error: ValidationError) -> None:
    """A service's errors next to the form's fields when it names them, above the form otherwise."""
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error)


def _courses_crumb() -> tuple[str, str]:
    return reverse("training:course_list"), _("Stages de formation")


def _course_crumbs(course) -> list[tuple[str, str]]:
    return [_courses_crumb(), (reverse("training:course_detail", args=[course.pk]), course.title)]


def _course_for(request, pk: int) -> TrainingCourse:
    queryset = TrainingCourse.objects.visible_to(request.user).with_totals().with_list_related_data()
    return get_object_or_404(queryset, pk=pk)


def _recent_years() -> list[tuple[int, str]]:
    """Next school year, this one and the four before, newest first, for year pickers."""
    current = school_year_of(timezone.localdate())
    return [(year, school_year_label(year)) for year in range(current + 1, current - 5, -1)]


def _school_year(request) -> int:
    value = request.GET.get("annee", "")
    return int(value) if value.isdigit() and 2000 <= int(value) <= 2100 else school_year_of(timezone.localdate())


# Courses


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
        courses = courses.for_school_year(int(filters["annee"]))
    if filters["court"]:
        courses = courses.filter(planned_hours__lt=settings.TRAINING_MIN_HOURS)
    courses = courses.order_by("-school_year", "first_date", "title", "pk")
    page = Paginator(courses, PAGE_SIZE).get_page(request.GET.get("page"))
    context = {
        "page_obj": page,
        "filters": filters,
        "statuses": CourseStatus.choices,
        "publics": CoursePublic.choices,
        "years": _recent_years(),
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
                _add_errors(form, error)
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
        "links": [_courses_crumb()],
        "min_hours": settings.TRAINING_MIN_HOURS,
    }
    return render(request, "training/course_form.html", context)


@access(*READER_ROLES)
def course_detail(request, pk):
    course = _course_for(request, pk)
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
        "links": [_courses_crumb()],
        "feedback": feedback_summary(
            FeedbackResponse.objects.visible_to(request.user).filter(course=course), with_comments=True
        ),
    }
    return render(request, "training/course_detail.html", context)


@access(*MANAGER_ROLES)
@require_POST
def course_cancel(request, pk):
    course = _course_for(request, pk)
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
    course = _course_for(request, pk)
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


# Enrolments


@access(*MANAGER_ROLES)
def enrolment_create(request, pk):
    course = _course_for(request, pk)
    if not can_manage_course(request.user, course):
        raise PermissionDenied
    form = EnrolmentForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            enrolment = services.enrolment_create(user=request.user, course=course, **form.cleaned_data)
        except ValidationError as error:
            _add_errors(form, error)
        else:
            if enrolment.status == EnrolmentStatus.WAITING:
                message = _("Le stage est complet : %(name)s est inscrit·e en liste d'attente.")
            else:
                message = _("%(name)s est inscrit·e.")
            messages.success(request, message % {"name": enrolment.full_name})
            return redirect("training:course_detail", pk=course.pk)
    context = {"course": course, "form": form, "links": _course_crumbs(course)}
    return render(request, "training/enrolment_form.html", context)


@access(*MANAGER_ROLES)
def enrolment_import(request, pk):
    course = _course_for(request, pk)
    if not can_manage_course(request.user, course):
        raise PermissionDenied
    form = EnrolmentImportForm(request.POST or None, request.FILES or None)
    errors = []
    if request.method == "POST" and form.is_valid():
        try:
            rows = imports.read_enrolment_file(form.cleaned_data["file"])
            created = services.enrolment_import(user=request.user, course=course, rows=rows)
        except ValidationError as error:
            errors = error.messages
        else:
            messages.success(
                request,
                _("%(count)s personnes sont inscrites au stage.") % {"count": len(created)},
            )
            return redirect("training:course_detail", pk=course.pk)
    context = {"course": course, "form": form, "errors": errors, "links": _course_crumbs(course)}
    return render(request, "training/enrolment_import.html", context)


@access(*MANAGER_ROLES)
def enrolment_template(request):
    response = HttpResponse(
        imports.enrolment_template(),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response["Content-Disposition"] = 'attachment; filename="modele-inscriptions-stage.xlsx"'
    return response


@access(*MANAGER_ROLES)
@require_POST
def enrolment_cancel(request, pk):
    enrolment = get_object_or_404(Enrolment.objects.visible_to(request.user).select_related("course"), pk=pk)
    try:
        promoted = services.enrolment_cancel(user=request.user, enrolment=enrolment)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("L'inscription de %(name)s est annulée.") % {"name": enrolment.full_name})
        if promoted:
            messages.info(
                request,
                _("%(name)s quitte la liste d'attente et prend la place libérée.") % {"name": promoted.full_name},
            )
    return redirect("training:course_detail", pk=enrolment.course_id)


# Attendance


@access(*RUNNER_ROLES)
def attendance(request, pk):
    """The trainer's phone page: one large checkbox per trainee for one half-day."""
    session = get_object_or_404(
        TrainingSession.objects.filter(course__in=TrainingCourse.objects.visible_to(request.user)).select_related(
            "course__programme__academie"
        ),
        pk=pk,
    )
    course = session.course
    may_mark = can_run_course(request.user, course) and course.status == CourseStatus.PLANNED
    trainees = list(
        Enrolment.objects.visible_to(request.user)
        .filter(course=course, status=EnrolmentStatus.ENROLLED)
        .select_related("establishment")
        .order_by("last_name", "first_name", "pk")
    )
    marked = {a.enrolment_id: a for a in session.attendances.all()}
    errors = []
    if request.method == "POST":
        if not may_mark:
            raise PermissionDenied
        present = set(request.POST.getlist("present"))
        hours = {t.pk: (session.hours if str(t.pk) in present else 0) for t in trainees}
        try:
            services.attendance_record(user=request.user, session=session, hours_by_enrolment=hours)
        except ValidationError as error:
            errors = error.messages
        else:
            messages.success(
                request,
                _("Émargement enregistré : %(present)s présent·e·s sur %(total)s.")
                % {"present": len(present & {str(t.pk) for t in trainees}), "total": len(trainees)},
            )
            return redirect("training:attendance", pk=session.pk)
    rows = [{"enrolment": t, "attendance": marked.get(t.pk)} for t in trainees]
    siblings = list(course.sessions.all())
    context = {
        "session": session,
        "course": course,
        "rows": rows,
        "may_mark": may_mark,
        "errors": errors,
        "present_count": sum(1 for row in rows if row["attendance"] and row["attendance"].present),
        "siblings": siblings,
        "links": _course_crumbs(course),
    }
    return render(request, "training/attendance.html", context)


@access(*RUNNER_ROLES)
def signature_sheet(request, pk):
    session = get_object_or_404(
        TrainingSession.objects.filter(course__in=TrainingCourse.objects.visible_to(request.user)).select_related(
            "course__programme__academie", "course__departement"
        ),
        pk=pk,
    )
    trainees = (
        Enrolment.objects.visible_to(request.user)
        .filter(course=session.course, status=EnrolmentStatus.ENROLLED)
        .select_related("establishment")
        .order_by("last_name", "first_name", "pk")
    )
    filename = f"emargement-{slugify(session.course.title)[:40]}-{session.date:%Y-%m-%d}-{session.half_day}.pdf"
    response = HttpResponse(signature_sheet_pdf(session, list(trainees)), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    return response


# Attestations


@access(*RUNNER_ROLES)
@require_POST
def attestation_issue(request, pk):
    enrolment = get_object_or_404(Enrolment.objects.visible_to(request.user).select_related("course"), pk=pk)
    try:
        services.attestation_issue(user=request.user, enrolment=enrolment)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request, _("L'attestation de %(name)s est en cours de production.") % {"name": enrolment.full_name}
        )
    return redirect("training:course_detail", pk=enrolment.course_id)


@access(*READER_ROLES)
def attestation_download(request, pk):
    attestation = get_object_or_404(Attestation.objects.visible_to(request.user), pk=pk)
    if not attestation.pdf:
        raise Http404(_("Cette attestation est encore en cours de production."))
    return FileResponse(
        attestation.pdf.open("rb"), content_type="application/pdf", filename=f"attestation-{attestation.code}.pdf"
    )


@access(public=True)
def attestation_verify(request, code=None):
    """Public: confirms that a certificate is genuine — name, course, hours, nothing more."""
    code = (code or request.GET.get("code", "")).strip().upper().replace(" ", "")
    if len(code) == 12 and "-" not in code:
        code = f"{code[:4]}-{code[4:8]}-{code[8:]}"
    attestation = None
    if code:
        attestation = (
            Attestation.objects.select_related("enrolment__course")
            .filter(code=code)
            .only(
                "code",
                "hours",
                "issued_at",
                "enrolment__first_name",
                "enrolment__last_name",
                "enrolment__course__title",
            )
        ).first()
    context = {"code": code, "attestation": attestation, "searched": bool(code)}
    return render(request, "training/attestation_verify.html", context, status=200 if attestation or not code else 404)


@access(public=True)
def feedback(request, token):
    """Public, reached through the private link e-mailed to each attendee when the course closes."""
    try:
        enrolment = feedback_for_token(token)
    except ValidationError as error:
        return render(request, "training/feedback_form.html", {"closed": error.messages[0]})
    form = FeedbackForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.feedback_submit(token=token, answers=form.answers(), comment=form.cleaned_data["comment"])
        except ValidationError as error:
            _add_errors(form, error)
        else:
            return render(request, "training/feedback_form.html", {"thanks": True, "course": enrolment.course})
    context = {"form": form, "course": enrolment.course, "title": QUESTIONNAIRE_TITLE}
    return render(request, "training/feedback_form.html", context)


# Follow-up


@access(*RUNNER_ROLES)
def followup_list(request):
    followups = FollowUp.objects.visible_to(request.user).with_list_related_data()
    show = request.GET.get("afficher", "a-faire")
    mine = request.GET.get("equipes") == "miennes"
    today = timezone.localdate()
    if show == "a-faire":
        followups = followups.pending()
    elif show == "realises":
        followups = followups.filter(done_on__isnull=False).order_by("-done_on", "pk")
    if mine:
        followups = followups.filter(team__trainer__user=request.user)
    page = Paginator(followups, PAGE_SIZE).get_page(request.GET.get("page"))
    context = {
        "page_obj": page,
        "show": show,
        "mine": mine,
        "is_trainer": Trainer.objects.filter(user=request.user).exists(),
        "today": today,
    }
    return render(request, "training/followup_list.html", context)


@access(*RUNNER_ROLES)
def followup_detail(request, pk):
    followup = get_object_or_404(
        FollowUp.objects.visible_to(request.user).select_related(
            "team__establishment", "team__course__programme__academie", "team__trainer__user"
        ),
        pk=pk,
    )
    may_record = can_record_followup(request.user, followup)
    initial = {"done_on": followup.done_on or timezone.localdate()} if not followup.done_on else None
    form = FollowUpForm(request.POST or None, initial=initial) if may_record else None
    if form is not None and followup.done_on and request.method != "POST":
        form = FollowUpForm(
            initial={
                field: getattr(followup, field)
                for field in ("done_on", "sessions_run", "sheets_used", "difficulties", "needs", "next_step")
            }
        )
    if request.method == "POST":
        if not may_record:
            raise PermissionDenied
        if form.is_valid():
            try:
                services.followup_record(user=request.user, followup=followup, **form.cleaned_data)
            except ValidationError as error:
                _add_errors(form, error)
            else:
                messages.success(request, _("Le suivi est enregistré."))
                return redirect("training:followup_list")
    team = followup.team
    context = {
        "followup": followup,
        "team": team,
        "members": team.members.order_by("last_name", "first_name"),
        "others": team.followups.exclude(pk=followup.pk).order_by("due_on"),
        "form": form,
        "links": [(reverse("training:followup_list"), _("Suivi des équipes formées"))],
    }
    return render(request, "training/followup_detail.html", context)


# Planning, trainers and supervision


def _planning_academies(user):
    return Academie.objects.filter(pk__in=TrainingProgramme.objects.visible_to(user).values("academie")).order_by(
        "name"
    )


@access(*PLANNING_ROLES)
def planning(request):
    academies = list(_planning_academies(request.user))
    code = request.GET.get("academie", "")
    academie = next((a for a in academies if a.code == code), academies[0] if academies else None)
    year = _school_year(request)
    context = {"academies": academies, "academie": academie, "year": year, "year_label": school_year_label(year)}
    if academie is not None:
        today = timezone.localdate()
        context.update(
            planning=academie_planning(user=request.user, academie=academie, year=year),
            trainers=trainers_with_load(user=request.user, year=year, today=today, academie=academie),
            can_set_targets=manages_academie(request.user, academie),
            target_form=TargetForm(),
            years=_recent_years(),
        )
    return render(request, "training/planning.html", context)


@access(*MANAGER_ROLES)
@require_POST
def planning_target(request):
    academie = get_object_or_404(_planning_academies(request.user), code=request.POST.get("academie", ""))
    year = request.POST.get("annee", "")
    form = TargetForm(request.POST)
    if not year.isdigit() or not form.is_valid():
        messages.error(request, _("Objectif non enregistré : indiquez un public et des nombres positifs."))
    else:
        services.target_set(user=request.user, academie=academie, school_year=int(year), **form.cleaned_data)
        messages.success(request, _("Objectif enregistré."))
    return redirect(f"{reverse('training:planning')}?academie={academie.code}&annee={year}")


@access(*RUNNER_ROLES)
def supervision(request):
    year = _school_year(request)
    today = timezone.localdate()
    sessions = (
        SupervisionSession.objects.visible_to(request.user)
        .filter(school_year=year)
        .select_related("programme")
        .prefetch_related("attendees__user")
    )
    context = {
        "year": year,
        "year_label": school_year_label(year),
        "trainers": trainers_with_load(user=request.user, year=year, today=today),
        "sessions": sessions,
        "per_year": settings.TRAINING_SUPERVISIONS_PER_YEAR,
        "years": _recent_years(),
        "can_record": bool(request.roles & MANAGER_ROLES) or request.user.is_superuser,
    }
    return render(request, "training/supervision.html", context)


@access(*MANAGER_ROLES)
def supervision_create(request):
    form = SupervisionForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            services.supervision_record(user=request.user, **form.cleaned_data)
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(request, _("La séance de supervision est enregistrée."))
            return redirect("training:supervision")
    context = {"form": form, "links": [(reverse("training:supervision"), _("Supervision"))]}
    return render(request, "training/supervision_form.html", context)


@access(*RUNNER_ROLES)
def trainer_detail(request, pk):
    trainer = get_object_or_404(Trainer.objects.visible_to(request.user).with_list_related_data(), pk=pk)
    courses = (
        TrainingCourse.objects.visible_to(request.user)
        .filter(trainers=trainer)
        .with_totals()
        .select_related("departement")
        .order_by("-school_year", "first_date")
    )
    context = {
        "trainer": trainer,
        "qualifications": trainer.qualifications.all(),
        "courses": courses,
        "supervisions": trainer.supervisions.order_by("-date"),
        "feedback": feedback_summary(
            FeedbackResponse.objects.visible_to(request.user).filter(course__trainers=trainer)
        ),
        "links": [(reverse("training:supervision"), _("Supervision"))],
    }
    return render(request, "training/trainer_detail.html", context)
