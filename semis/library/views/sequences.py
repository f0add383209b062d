from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, Sum
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from semis.core.access import ALL_ROLES, access
from semis.library import perms, services
from semis.library.forms import SequenceForm, SequenceNoteForm
from semis.library.models import ActivitySheet, Sequence, SequenceItem
from semis.library.sequences import sequence_summary
from semis.library.views.common import library_breadcrumb


def _sequences_link():
    return [*library_breadcrumb(), (reverse("library:sequence_list"), _("Séquences"))]


def _own_sequence_or_403(request, pk) -> Sequence:
    sequence = get_object_or_404(Sequence.objects.visible_to(request.user), pk=pk)
    if not perms.can_edit_sequence(request.user, sequence):
        raise PermissionDenied
    return sequence


def _own_item(request, pk, item_pk) -> SequenceItem:
    sequence = _own_sequence_or_403(request, pk)
    return get_object_or_404(sequence.items.select_related("sequence"), pk=item_pk)


@access(ALL_ROLES)
def sequence_list(request):
    sequences = (
        Sequence.objects.visible_to(request.user)
        .select_related("owner")
        .annotate(session_count=Count("items"), total_minutes=Sum("items__sheet__duration_minutes"))
    )
    context = {
        "mine": [s for s in sequences if s.owner_id == request.user.pk],
        "shared": [s for s in sequences if s.owner_id != request.user.pk],
        "breadcrumb_links": library_breadcrumb(),
    }
    return render(request, "library/sequence_list.html", context)


@access(ALL_ROLES)
def sequence_create(request):
    form = SequenceForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        sequence = services.sequence_create(owner=request.user, **form.cleaned_data)
        messages.success(request, _("Séquence créée. Ajoutez-y des fiches depuis le cartable."))
        return redirect("library:sequence_detail", pk=sequence.pk)
    context = {"form": form, "breadcrumb_links": _sequences_link()}
    return render(request, "library/sequence_form.html", context)


@access(ALL_ROLES)
def sequence_edit(request, pk):
    sequence = _own_sequence_or_403(request, pk)
    initial = {name: getattr(sequence, name) for name in SequenceForm.base_fields}
    form = SequenceForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        services.sequence_update(sequence=sequence, user=request.user, **form.cleaned_data)
        messages.success(request, _("Séquence enregistrée."))
        return redirect("library:sequence_detail", pk=sequence.pk)
    context = {"form": form, "sequence": sequence, "breadcrumb_links": _sequences_link()}
    return render(request, "library/sequence_form.html", context)


@access(ALL_ROLES)
def sequence_detail(request, pk):
    sequence = get_object_or_404(Sequence.objects.visible_to(request.user).with_items().select_related("owner"), pk=pk)
    context = {
        "sequence": sequence,
        "summary": sequence_summary(sequence),
        "can_edit": perms.can_edit_sequence(request.user, sequence),
        "note_form": SequenceNoteForm(),
        "breadcrumb_links": _sequences_link(),
    }
    return render(request, "library/sequence_detail.html", context)


@access(ALL_ROLES)
@require_POST
def sequence_delete(request, pk):
    sequence = _own_sequence_or_403(request, pk)
    services.sequence_delete(sequence=sequence, user=request.user)
    messages.success(request, _("Séquence supprimée."))
    return redirect("library:sequence_list")


@access(ALL_ROLES)
@require_POST
def sequence_duplicate(request, pk):
    sequence = get_object_or_404(Sequence.objects.visible_to(request.user), pk=pk)
    copy = services.sequence_duplicate(sequence=sequence, user=request.user)
    messages.success(request, _("Copie créée : adaptez-la à votre groupe."))
    return redirect("library:sequence_detail", pk=copy.pk)


@access(ALL_ROLES)
@require_POST
def sheet_add_to_sequence(request, slug):
    sheet = get_object_or_404(ActivitySheet.objects.visible_to(request.user), slug=slug)
    chosen = request.POST.get("sequence", "")
    if not chosen.isdigit():
        raise Http404("No sequence chosen")
    sequence = _own_sequence_or_403(request, int(chosen))
    try:
        services.sequence_add_sheet(sequence=sequence, user=request.user, sheet=sheet)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("library:sheet_detail", slug=sheet.slug)
    messages.success(request, _("Fiche ajoutée à la séquence « %(title)s ».") % {"title": sequence.title})
    return redirect("library:sequence_detail", pk=sequence.pk)


@access(ALL_ROLES)
@require_POST
def sequence_item_move(request, pk, item_pk):
    item = _own_item(request, pk, item_pk)
    services.sequence_move_item(item=item, user=request.user, offset=-1 if request.POST.get("direction") == "up" else 1)
    return redirect(reverse("library:sequence_detail", args=[pk]) + f"#seance-{item.pk}")


@access(ALL_ROLES)
@require_POST
def sequence_item_remove(request, pk, item_pk):
    item = _own_item(request, pk, item_pk)
    services.sequence_remove_item(item=item, user=request.user)
    messages.success(request, _("Séance retirée de la séquence."))
    return redirect("library:sequence_detail", pk=pk)


@access(ALL_ROLES)
@require_POST
def sequence_item_note(request, pk, item_pk):
    item = _own_item(request, pk, item_pk)
    form = SequenceNoteForm(request.POST)
    if form.is_valid():
        services.sequence_update_note(item=item, user=request.user, note=form.cleaned_data["note"])
        messages.success(request, _("Adaptation enregistrée."))
    return redirect(reverse("library:sequence_detail", args=[pk]) + f"#seance-{item.pk}")
