"""Evaluation pages: campaigns of the projects a user sees, their codes to print and their results;
and the public questionnaire a pupil answers with the code handed out on paper."""

import segno
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from semis.core.access import access
from semis.core.pdf import font_faces, render_pdf
from semis.evaluation import exports, services
from semis.evaluation.enums import READER_ROLES, CampaignStatus, Phase
from semis.evaluation.forms import AnswerForm, CampaignEditForm, CampaignForm, CodesAddForm
from semis.evaluation.models import Campaign, Response
from semis.evaluation.perms import can_run_campaign
from semis.evaluation.selectors import (
    added_batches,
    campaign_for_token,
    campaign_groups,
    campaign_results,
    codes_by_group,
)
from semis.projects.enums import EDITOR_ROLES
from semis.projects.models import Group, Project
from semis.projects.selectors import current_year


def _campaign(request, pk) -> Campaign:
    queryset = Campaign.objects.visible_to(request.user).select_related("project", "instrument")
    return get_object_or_404(queryset, pk=pk)


def _runnable_campaign(request, pk) -> Campaign:
    """The campaign, for those who run it only: 404 outside the perimeter, 403 for others in it."""
    campaign = _campaign(request, pk)
    if not can_run_campaign(request.user, campaign.project):
        raise PermissionDenied
    return campaign


def _crumbs(campaign=None) -> list[tuple[str, str]]:
    links = [(reverse("evaluation:campaign_list"), _("Évaluations"))]
    if campaign is not None:
        links.append((reverse("evaluation:campaign_detail", args=[campaign.pk]), campaign.title))
    return links


def _add_errors(form, error: ValidationError) -> None:
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error)


@access(READER_ROLES)
def campaign_list(request):
    campaigns = Campaign.objects.visible_to(request.user).select_related("project", "instrument")
    project = None
    if request.GET.get("projet", "").isdigit():
        project = get_object_or_404(Project.objects.visible_to(request.user), pk=int(request.GET["projet"]))
        campaigns = campaigns.filter(project=project)
    context = {
        "campaigns": campaigns.order_by("-pre_opens", "-pk"),
        "project": project,
        "may_create": project is not None and can_run_campaign(request.user, project),
    }
    return render(request, "evaluation/campaign_list.html", context)


@access(EDITOR_ROLES)
def campaign_create(request, project_pk):
    project = get_object_or_404(Project.objects.visible_to(request.user), pk=project_pk)
    if not can_run_campaign(request.user, project):
        raise PermissionDenied
    year = current_year(project)
    groups = Group.objects.filter(year=year).order_by("name", "pk") if year else Group.objects.none()
    initial = {**CampaignForm.defaults(project), "groups": list(groups)}
    form = CampaignForm(request.POST or None, groups=groups, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            campaign = services.campaign_create(user=request.user, project=project, **form.cleaned_data)
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(request, _("Campagne créée : imprimez les codes et distribuez-les aux élèves."))
            return redirect("evaluation:campaign_detail", pk=campaign.pk)
    context = {"form": form, "project": project, "links": _crumbs(), "has_groups": year is not None}
    return render(request, "evaluation/campaign_form.html", context)


def _phase_links(request, campaign) -> list[dict]:
    """Each phase's public address, with its window and a QR code a tablet's camera opens."""
    links = []
    for phase in Phase:
        url = request.build_absolute_uri(reverse("evaluation:answer", args=[campaign.token(phase)]))
        label = Phase(phase).label
        links.append(
            {
                "label": label,
                "url": url,
                "window": campaign.window(phase),
                "qr_svg": segno.make(url, error="m").svg_inline(scale=3, border=2, omitsize=True),
                "qr_alt": _("QR code du questionnaire « %(phase)s » : il ouvre l'adresse %(url)s")
                % {"phase": label, "url": url},
            }
        )
    return links


@access(READER_ROLES)
def campaign_detail(request, pk):
    campaign = _campaign(request, pk)
    may_run = can_run_campaign(request.user, campaign.project)
    archived = campaign.status == CampaignStatus.ARCHIVED
    context = {
        "campaign": campaign,
        "groups": campaign_groups(campaign),
        "may_run": may_run,
        "archived": archived,
        "phase_links": _phase_links(request, campaign) if may_run and not archived else [],
        "batches": added_batches(campaign) if may_run else [],
        "links": _crumbs(),
    }
    return render(request, "evaluation/campaign_detail.html", context)


@access(EDITOR_ROLES)
def campaign_edit(request, pk):
    campaign = _runnable_campaign(request, pk)
    if campaign.status == CampaignStatus.ARCHIVED:
        messages.error(request, _("Cette campagne est archivée : elle ne se modifie plus."))
        return redirect("evaluation:campaign_detail", pk=campaign.pk)
    form = CampaignEditForm(request.POST or None, initial=CampaignEditForm.initial_for(campaign))
    stored = None
    if request.method == "POST" and form.is_valid():
        try:
            services.campaign_update(user=request.user, campaign=campaign, **form.cleaned_data)
        except services.CampaignChanged as conflict:
            # Keep what was typed; the next save, made knowingly, replaces the newer version.
            stored = conflict.current
            data = request.POST.copy()
            data["version"] = stored.version
            form = CampaignEditForm(data)
            form.is_valid()
            form.add_error(None, conflict.messages)
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(request, _("Campagne enregistrée."))
            return redirect("evaluation:campaign_detail", pk=campaign.pk)
    answered = Response.objects.filter(campaign=campaign).exists()
    context = {
        "form": form,
        "campaign": campaign,
        "stored": stored,
        "answered": answered,
        "links": _crumbs(campaign),
    }
    return render(request, "evaluation/campaign_edit.html", context)


@access(EDITOR_ROLES)
def campaign_delete(request, pk):
    """A page that says what will be deleted; deleting is its form's POST."""
    campaign = _runnable_campaign(request, pk)
    if request.method == "POST":
        project_pk = campaign.project_id
        services.campaign_delete(user=request.user, campaign=campaign)
        messages.success(request, _("Campagne supprimée, avec les codes et les réponses des élèves."))
        return redirect(reverse("evaluation:campaign_list") + f"?projet={project_pk}")
    context = {
        "campaign": campaign,
        "groups": campaign_groups(campaign),
        "code_count": campaign.codes.count(),
        "response_count": campaign.responses.count(),
        "links": _crumbs(campaign),
    }
    return render(request, "evaluation/campaign_delete.html", context)


def _batch(request) -> int | None:
    """The batch of added codes to print alone (?lot=2), or None for every code."""
    value = request.GET.get("lot", "")
    return int(value) if value.isdigit() else None


def _codes_context(request, campaign, *, for_browser: bool) -> dict:
    batch = _batch(request)
    return {
        "campaign": campaign,
        "groups": codes_by_group(campaign, batch=batch),
        "batch": batch,
        # The sheet for the classroom tablet goes with the first printing, not with a newcomer's slip.
        "phase_links": _phase_links(request, campaign) if batch is None else [],
        "font_faces": font_faces(for_browser=for_browser),
        "for_browser": for_browser,
    }


@access(EDITOR_ROLES)
def campaign_codes(request, pk):
    """The codes as slips to cut out, for the browser's own printing."""
    campaign = _runnable_campaign(request, pk)
    return render(request, "evaluation/print/codes.html", _codes_context(request, campaign, for_browser=True))


# Outside the request transaction: rendering a PDF takes a second or more, and the view only reads.
@access(EDITOR_ROLES)
@transaction.non_atomic_requests
def campaign_codes_pdf(request, pk):
    campaign = _runnable_campaign(request, pk)
    context = _codes_context(request, campaign, for_browser=False)
    response = HttpResponse(render_pdf("evaluation/print/codes.html", context), "application/pdf")
    suffix = f"-lot-{context['batch']}" if context["batch"] else ""
    response["Content-Disposition"] = f'attachment; filename="codes-evaluation-{campaign.pk}{suffix}.pdf"'
    return response


@access(EDITOR_ROLES)
def campaign_codes_add(request, pk):
    """More codes for a group: a pupil who arrived after the codes were printed."""
    campaign = _runnable_campaign(request, pk)
    if campaign.status == CampaignStatus.ARCHIVED:
        messages.error(request, _("Cette campagne est archivée : elle ne reçoit plus de codes."))
        return redirect("evaluation:campaign_detail", pk=campaign.pk)
    form = CodesAddForm(request.POST or None, groups=campaign.groups.order_by("name", "pk"))
    if request.method == "POST" and form.is_valid():
        try:
            batch, codes = services.codes_add(user=request.user, campaign=campaign, **form.cleaned_data)
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(
                request,
                ngettext(
                    "%(count)d code ajouté : imprimez-le ci-dessous.",
                    "%(count)d codes ajoutés : imprimez-les ci-dessous.",
                    len(codes),
                )
                % {"count": len(codes)},
            )
            return redirect(reverse("evaluation:campaign_detail", args=[campaign.pk]) + f"#lot-{batch}")
    context = {"form": form, "campaign": campaign, "links": _crumbs(campaign)}
    return render(request, "evaluation/codes_add.html", context)


@access(EDITOR_ROLES)
@require_POST
def campaign_close(request, pk):
    campaign = _runnable_campaign(request, pk)
    services.campaign_close(user=request.user, campaign=campaign)
    messages.success(request, _("La campagne est close : les questionnaires ne reçoivent plus de réponses."))
    return redirect("evaluation:campaign_detail", pk=campaign.pk)


@access(READER_ROLES)
def campaign_result_page(request, pk):
    campaign = _campaign(request, pk)
    context = {
        "campaign": campaign,
        "results": campaign_results(campaign),
        "links": _crumbs(campaign),
    }
    return render(request, "evaluation/campaign_results.html", context)


@access(READER_ROLES)
def campaign_results_csv(request, pk):
    campaign = _campaign(request, pk)
    return exports.results_csv(campaign, campaign_results(campaign))


@access(READER_ROLES)
def campaign_results_xlsx(request, pk):
    campaign = _campaign(request, pk)
    return exports.results_xlsx(campaign, campaign_results(campaign))


@access(public=True)
@never_cache
def answer(request, token):
    """Public: a pupil answers with the code from their paper slip. No account, no name; nothing
    about the device or the address is kept. Never cached: on a shared tablet, the Back button must
    not show the previous pupil's code and answers."""
    found = campaign_for_token(token)
    if found is None:
        return render(request, "evaluation/answer.html", {"unknown": True}, status=404)
    campaign, phase = found
    context = {"campaign": campaign, "instrument": campaign.instrument, "phase": phase}
    if not campaign.is_answerable(phase):
        return render(request, "evaluation/answer.html", {**context, "closed": True})
    form = AnswerForm(request.POST or None, instrument=campaign.instrument)
    if request.method == "POST" and form.is_valid():
        try:
            services.response_submit(
                campaign=campaign,
                phase=phase,
                code=form.cleaned_data["code"],
                answers=form.answers(),
                submission_key=form.cleaned_data["submission_key"],
            )
        except ValidationError as error:
            _add_errors(form, error)
        else:
            # Redirect after the post: reloading the thanks page sends nothing again.
            return redirect(reverse("evaluation:answer", args=[token]) + "?merci=1")
    if request.GET.get("merci"):
        return render(request, "evaluation/answer.html", {**context, "thanks": True})
    context.update(form=form, scale=list(enumerate(campaign.instrument.scale_labels, start=1)))
    return render(request, "evaluation/answer.html", context)
