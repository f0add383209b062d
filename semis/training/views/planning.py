"""Planning of an académie, trainers' load and supervision."""

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from semis.core.access import access
from semis.geo.models import Academie
from semis.training import services
from semis.training.dates import school_year_label
from semis.training.enums import MANAGER_ROLES, PLANNING_ROLES, RUNNER_ROLES
from semis.training.forms import QualificationForm, SupervisionForm, TargetForm, TrainerForm
from semis.training.models import FeedbackResponse, SupervisionSession, Trainer, TrainingCourse, TrainingProgramme
from semis.training.perms import manages_academie
from semis.training.selectors import academie_planning, feedback_summary, trainers_with_load
from semis.training.views.common import add_errors, courses_crumb, recent_years, school_year


def _planning_academies(user):
    return Academie.objects.filter(pk__in=TrainingProgramme.objects.visible_to(user).values("academie")).order_by(
        "name"
    )


@access(*PLANNING_ROLES)
def planning(request):
    academies = list(_planning_academies(request.user))
    code = request.GET.get("academie", "")
    academie = next((a for a in academies if a.code == code), academies[0] if academies else None)
    year = school_year(request)
    context = {
        "academies": academies,
        "academie": academie,
        "year": year,
        "year_label": school_year_label(year),
        "links": [courses_crumb()],
    }
    if academie is not None:
        today = timezone.localdate()
        context.update(
            planning=academie_planning(user=request.user, academie=academie, year=year),
            trainers=trainers_with_load(user=request.user, year=year, today=today, academie=academie),
            can_set_targets=manages_academie(request.user, academie),
            target_form=TargetForm(),
            years=recent_years(),
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
    year = school_year(request)
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
        "years": recent_years(),
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
            add_errors(form, error)
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
        "qualification_form": QualificationForm() if manages_academie(request.user, trainer.academie) else None,
        "feedback": feedback_summary(
            FeedbackResponse.objects.visible_to(request.user).filter(course__trainers=trainer)
        ),
        "links": [(reverse("training:supervision"), _("Supervision"))],
    }
    return render(request, "training/trainer_detail.html", context)


@access(*MANAGER_ROLES)
def trainer_create(request):
    """Make an existing account a professionnel-ressource of the académie, so courses can name them."""
    form = TrainerForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            trainer = services.trainer_register(
                user=request.user, trainer_user=data["email"], academie=data["academie"], function=data["function"]
            )
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, _("%(name)s est professionnel·le-ressource.") % {"name": trainer})
            return redirect("training:trainer_detail", pk=trainer.pk)
    context = {"form": form, "links": [(reverse("training:supervision"), _("Supervision"))]}
    return render(request, "training/trainer_form.html", context)


@access(*MANAGER_ROLES)
@require_POST
def trainer_qualification_add(request, pk):
    trainer = get_object_or_404(Trainer.objects.visible_to(request.user), pk=pk)
    form = QualificationForm(request.POST)
    if form.is_valid():
        services.trainer_qualification_add(user=request.user, trainer=trainer, **form.cleaned_data)
        messages.success(request, _("La formation est ajoutée à son parcours."))
    else:
        errors = [f"{form.fields[field].label} : {' '.join(messages_)}" for field, messages_ in form.errors.items()]
        messages.error(request, _("Formation non ajoutée. %(errors)s") % {"errors": " ".join(errors)})
    return redirect("training:trainer_detail", pk=trainer.pk)
