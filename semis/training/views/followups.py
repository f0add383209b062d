"""Follow-up of the trained teams."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from semis.core.access import access
from semis.training import services
from semis.training.enums import RUNNER_ROLES
from semis.training.formats import by_name
from semis.training.forms import FollowUpForm
from semis.training.models import FollowUp, Trainer
from semis.training.perms import can_record_followup
from semis.training.selectors import course_content
from semis.training.views.common import PAGE_SIZE, add_errors


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
                add_errors(form, error)
            else:
                messages.success(request, _("Le suivi est enregistré."))
                return redirect("training:followup_list")
    team = followup.team
    context = {
        "followup": followup,
        "team": team,
        "members": by_name(team.members.all()),
        "others": team.followups.exclude(pk=followup.pk).order_by("due_on"),
        "content": course_content(user=request.user, course=team.course),
        "form": form,
        "links": [(reverse("training:followup_list"), _("Suivi des équipes formées"))],
    }
    return render(request, "training/followup_detail.html", context)
