from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from semis.core.access import ALL_ROLES, access
from semis.library import perms, services
from semis.library.diff import snapshot_diff
from semis.library.enums import REVIEWER_ROLES, SheetStatus
from semis.library.forms import AttachmentsForm, CommentForm, PublishForm, SheetForm, StepFormSet
from semis.library.models import ActivitySheet, Favourite, Sequence
from semis.library.selectors import library_search
from semis.library.views.common import library_breadcrumb


def _sheet_or_404(request, slug, queryset=None):
    queryset = queryset if queryset is not None else ActivitySheet.objects.all()
    return get_object_or_404(queryset.visible_to(request.user), slug=slug)


@access(ALL_ROLES)
def search(request):
    """The library home: full-text search with facets over published sheets."""
    result = library_search(request.user, request.GET)
    context = {
        "result": result,
        "page_obj": result.page,
        "is_reviewer": perms.is_reviewer(request.user),
    }
    return render(request, "library/search.html", context)


@access(ALL_ROLES)
def sheet_detail(request, slug):
    sheet = _sheet_or_404(request, slug, ActivitySheet.objects.with_detail_data())
    user = request.user
    context = {
        "sheet": sheet,
        "can": {
            "edit": perms.can_edit_sheet(user, sheet),
            "submit": perms.can_submit_sheet(user, sheet),
            "publish": perms.can_publish_sheet(user, sheet),
            "send_back": perms.can_send_back_sheet(user, sheet),
            "comment": perms.can_comment_sheet(user, sheet),
            "delete": perms.can_delete_sheet(user, sheet),
        },
        "comments": sheet.comments.select_related("author") if perms.can_comment_sheet(user, sheet) else [],
        "comment_form": CommentForm(),
        "publish_form": PublishForm(),
        "version_count": sheet.versions.count(),
        "is_favourite": Favourite.objects.visible_to(user).filter(sheet=sheet).exists(),
        "my_sequences": Sequence.objects.visible_to(user).filter(owner=user)
        if sheet.status == SheetStatus.PUBLISHED
        else [],
        "breadcrumb_links": library_breadcrumb(),
    }
    return render(request, "library/sheet_detail.html", context)


def _show_service_errors(form, error: ValidationError, attachments=None) -> None:
    if hasattr(error, "error_dict"):
        for name, messages_ in error.message_dict.items():
            if attachments is not None and name == "attachment":
                attachments.add_error("attachment", messages_)
            else:
                form.add_error(name if name in form.fields else None, messages_)
    else:
        form.add_error(None, error.messages)


def _sheet_form_page(request, form, steps, attachments, sheet=None, conflict=None):
    context = {
        "form": form,
        "steps": steps,
        "attachments_form": attachments,
        "sheet": sheet,
        "conflict": conflict,
        "breadcrumb_links": library_breadcrumb(),
    }
    return render(request, "library/sheet_form.html", context)


@access(ALL_ROLES)
def sheet_create(request):
    """Any signed-in user proposes a sheet; it starts as a draft only they and reviewers see."""
    if request.method == "POST":
        form, steps = SheetForm(request.POST), StepFormSet(request.POST, prefix="steps")
        attachments = AttachmentsForm(request.POST, request.FILES, prefix="pj")
        if all([form.is_valid(), steps.is_valid(), attachments.is_valid()]):
            try:
                sheet = services.sheet_create(
                    author=request.user, content=form.to_content(steps.steps()), attachments=attachments.added()
                )
            except ValidationError as error:
                _show_service_errors(form, error, attachments)
            else:
                messages.success(request, _("Brouillon enregistré. Soumettez-le à relecture quand il est prêt."))
                return redirect("library:sheet_detail", slug=sheet.slug)
    else:
        form = SheetForm(initial={"authors": request.user.get_full_name()})
        # Three rows to fill: a sheet has at least three steps.
        steps = StepFormSet(prefix="steps", initial=[{}, {}, {}])
        attachments = AttachmentsForm(prefix="pj")
    return _sheet_form_page(request, form, steps, attachments)


@access(ALL_ROLES)
def sheet_edit(request, slug):
    sheet = _sheet_or_404(request, slug, ActivitySheet.objects.with_detail_data())
    if not perms.can_edit_sheet(request.user, sheet):
        raise PermissionDenied
    conflict = None
    if request.method == "POST":
        form, steps = SheetForm(request.POST), StepFormSet(request.POST, prefix="steps")
        attachments = AttachmentsForm(request.POST, request.FILES, prefix="pj", sheet=sheet)
        if all([form.is_valid(), steps.is_valid(), attachments.is_valid()]):
            try:
                services.sheet_update(
                    sheet=sheet,
                    user=request.user,
                    content=form.to_content(steps.steps(), slug=sheet.slug),
                    expected_version=form.cleaned_data["version"] or 0,
                    attachments_added=attachments.added(),
                    attachments_removed=attachments.removed(),
                )
            except services.EditConflict as error:
                conflict = error.current
                # The typed text stays in the form; saving again knowingly replaces the other person's save.
                form.data = form.data.copy()
                form.data["version"] = conflict.version
                form.add_error(None, error.messages)
            except ValidationError as error:
                _show_service_errors(form, error, attachments)
            else:
                messages.success(request, _("Fiche enregistrée."))
                return redirect("library:sheet_detail", slug=sheet.slug)
    else:
        form = SheetForm(initial={**SheetForm.initial_from(sheet), "version": sheet.version})
        steps = StepFormSet(prefix="steps", initial=sheet.steps)
        attachments = AttachmentsForm(prefix="pj", sheet=sheet)
    return _sheet_form_page(request, form, steps, attachments, sheet=sheet, conflict=conflict)


def _workflow_action(request, slug, action, success_message):
    sheet = _sheet_or_404(request, slug)
    try:
        action(sheet)
    except (PermissionDenied, ValidationError) as error:
        messages.error(request, " ".join(getattr(error, "messages", None) or [str(error)]))
    else:
        messages.success(request, success_message)
    return redirect("library:sheet_detail", slug=sheet.slug)


@access(ALL_ROLES)
@require_POST
def sheet_submit(request, slug):
    return _workflow_action(
        request,
        slug,
        lambda sheet: services.sheet_submit(sheet=sheet, user=request.user),
        _("Fiche soumise à relecture."),
    )


@access(REVIEWER_ROLES)
@require_POST
def sheet_publish(request, slug):
    return _workflow_action(
        request,
        slug,
        lambda sheet: services.sheet_publish(sheet=sheet, reviewer=request.user, comment=request.POST.get("body", "")),
        _("Fiche publiée : elle est visible de tous."),
    )


@access(REVIEWER_ROLES)
@require_POST
def sheet_send_back(request, slug):
    return _workflow_action(
        request,
        slug,
        lambda sheet: services.sheet_send_back(
            sheet=sheet, reviewer=request.user, comment=request.POST.get("body", "")
        ),
        _("Fiche renvoyée à son auteur avec votre commentaire."),
    )


@access(ALL_ROLES)
@require_POST
def sheet_delete(request, slug):
    sheet = _sheet_or_404(request, slug)
    try:
        services.sheet_delete(sheet=sheet, user=request.user)
    except PermissionDenied as error:
        messages.error(request, str(error))
        return redirect("library:sheet_detail", slug=sheet.slug)
    messages.success(request, _("Brouillon supprimé."))
    return redirect("library:my_sheets")


@access(ALL_ROLES)
@require_POST
def sheet_comment(request, slug):
    return _workflow_action(
        request,
        slug,
        lambda sheet: services.sheet_comment(sheet=sheet, author=request.user, body=request.POST.get("body", "")),
        _("Commentaire ajouté."),
    )


@access(ALL_ROLES)
def sheet_versions(request, slug):
    """The published versions of a sheet and what changed between two of them."""
    sheet = _sheet_or_404(request, slug)
    versions = list(sheet.versions.select_related("published_by"))
    by_number = {v.number: v for v in versions}
    newer = by_number.get(_int(request.GET.get("a"))) or (versions[0] if versions else None)
    older = by_number.get(_int(request.GET.get("de")))
    if older is None and newer is not None:
        older = by_number.get(newer.number - 1)
    diff = snapshot_diff(older.snapshot, newer.snapshot) if older and newer else None
    context = {
        "sheet": sheet,
        "versions": versions,
        "older": older,
        "newer": newer,
        "diff": diff,
        "breadcrumb_links": [*library_breadcrumb(), (reverse("library:sheet_detail", args=[sheet.slug]), sheet.title)],
    }
    return render(request, "library/sheet_versions.html", context)


def _int(value) -> int | None:
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


@access(ALL_ROLES)
def my_sheets(request):
    sheets = ActivitySheet.objects.visible_to(request.user).filter(author=request.user).order_by("-updated_at")
    return render(request, "library/my_sheets.html", {"sheets": sheets, "breadcrumb_links": library_breadcrumb()})


@access(REVIEWER_ROLES)
def review_queue(request):
    sheets = (
        ActivitySheet.objects.visible_to(request.user)
        .filter(status=SheetStatus.IN_REVIEW)
        .select_related("author")
        .order_by("updated_at")
    )
    return render(request, "library/review_queue.html", {"sheets": sheets, "breadcrumb_links": library_breadcrumb()})
