"""Writes to the library. Every function that changes a sheet's content rewrites its search document."""

from collections import Counter
from collections.abc import Collection
from dataclasses import dataclass, field
from pathlib import PurePath

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from semis.library import perms, search
from semis.library.enums import CommentKind, SheetStatus
from semis.library.exchange import SheetContent, content_errors, sheet_to_exchange
from semis.library.models import (
    ATTACHMENTS_PER_SHEET,
    ActivitySheet,
    Favourite,
    Programme,
    ReviewComment,
    Sequence,
    SequenceItem,
    SheetAttachment,
    SheetCycle,
    SheetSetting,
    SheetVersion,
)
from semis.referential.models import SpecificSkill


class EditConflict(ValidationError):
    """Someone else saved the sheet since the editor loaded it."""

    def __init__(self, sheet: ActivitySheet):
        self.current = sheet
        who = sheet.updated_by.get_full_name() if sheet.updated_by else _("quelqu'un d'autre")
        when = timezone.localtime(sheet.updated_at).strftime("%d/%m/%Y %H:%M")
        super().__init__(
            _(
                "%(who)s a enregistré cette fiche le %(when)s, pendant que vous la modifiiez. Vos modifications "
                "n'ont pas été enregistrées ; votre texte est conservé ci-dessous. Comparez-le avec la version "
                "enregistrée : si vous enregistrez à nouveau, votre texte la remplacera."
            )
            % {"who": who, "when": when},
            code="edit_conflict",
        )


def _check(content: SheetContent) -> None:
    errors = {}
    for key, message in content_errors(content):
        errors.setdefault(key, []).append(message)
    if errors:
        raise ValidationError(errors)


def _unique_slug(title: str) -> str:
    base = slugify(title)[:100].strip("-") or "fiche"
    slug, n = base, 1
    while ActivitySheet.objects.filter(slug=slug).exists():
        n += 1
        slug = f"{base}-{n}"
    return slug


def _write_links(sheet: ActivitySheet, content: SheetContent) -> None:
    sheet.skills.set(content.skills)
    for model, name, values in ((SheetCycle, "cycle", content.cycles), (SheetSetting, "setting", content.settings)):
        model.objects.filter(sheet=sheet).exclude(**{f"{name}__in": values}).delete()
        existing = set(model.objects.filter(sheet=sheet).values_list(name, flat=True))
        model.objects.bulk_create([model(sheet=sheet, **{name: value}) for value in values if value not in existing])


def _claim(sheet: ActivitySheet, expected_version: int) -> None:
    """Take the next revision number, or raise EditConflict if the sheet moved on since `expected_version`.

    One conditional UPDATE, so two concurrent saves cannot both succeed.
    """
    claimed = ActivitySheet.objects.filter(pk=sheet.pk, version=expected_version).update(version=F("version") + 1)
    if not claimed:
        raise EditConflict(ActivitySheet.objects.select_related("updated_by").get(pk=sheet.pk))
    sheet.version = expected_version + 1


def _snapshot(sheet: ActivitySheet, user) -> SheetVersion:
    sheet = ActivitySheet.objects.with_list_related_data().get(pk=sheet.pk)
    number = (sheet.versions.order_by("-number").values_list("number", flat=True).first() or 0) + 1
    return SheetVersion.objects.create(sheet=sheet, number=number, snapshot=sheet_to_exchange(sheet), published_by=user)


@dataclass
class NewAttachment:
    file: object  # an uploaded file
    description: str


def _change_attachments(sheet: ActivitySheet, user, added, removed) -> None:
    """Join the new files and take off the removed ones (semis.core.files: a removed file leaves the storage
    once the change is committed, an added one if it is not)."""
    removed = [attachment for attachment in removed if attachment.sheet_id == sheet.pk]
    remaining = sheet.attachments.count() - len(removed)
    if remaining + len(added) > ATTACHMENTS_PER_SHEET:
        raise ValidationError(
            {
                "attachment": _("Une fiche a %(maximum)d pièces jointes au plus : retirez-en une d'abord.")
                % {"maximum": ATTACHMENTS_PER_SHEET}
            }
        )
    for attachment in removed:
        attachment.delete()
    for new in added:
        attachment = SheetAttachment(
            sheet=sheet,
            file=new.file,
            original_name=PurePath(new.file.name).name[:200],
            description=new.description.strip(),
            size=new.file.size,
            uploaded_by=user,
        )
        try:
            attachment.full_clean()
        except ValidationError as error:
            raise ValidationError({"attachment": error.messages}) from error
        attachment.save()


@transaction.atomic
def sheet_create(
    *, author, content: SheetContent, status: str = SheetStatus.DRAFT, attachments: Collection[NewAttachment] = ()
) -> ActivitySheet:
    """A new sheet; a teacher's proposal starts as a draft."""
    _check(content)
    sheet = ActivitySheet(
        slug=content.slug or _unique_slug(content.title),
        status=status,
        author=author,
        updated_by=author,
        **content.model_fields(),
    )
    if status == SheetStatus.PUBLISHED:
        sheet.published_at = timezone.now()
    sheet.full_clean()
    sheet.save()
    _write_links(sheet, content)
    _change_attachments(sheet, author, attachments, ())
    if status == SheetStatus.PUBLISHED:
        _snapshot(sheet, author)
    search.index_sheets([sheet.pk])
    return sheet


@transaction.atomic
def sheet_update(
    *,
    sheet: ActivitySheet,
    user,
    content: SheetContent,
    expected_version: int,
    attachments_added: Collection[NewAttachment] = (),
    attachments_removed: Collection[SheetAttachment] = (),
) -> ActivitySheet:
    """Save an edit made on revision `expected_version`; a published sheet edited by a reviewer stays
    published and the change is kept as a new version. Attachments are joined or taken off with it."""
    if not perms.can_edit_sheet(user, sheet):
        raise PermissionDenied(_("Vous ne pouvez pas modifier cette fiche."))
    _check(content)
    _claim(sheet, expected_version)
    for name, value in content.model_fields().items():
        setattr(sheet, name, value)
    sheet.updated_by = user
    sheet.full_clean()
    sheet.save()
    _write_links(sheet, content)
    _change_attachments(sheet, user, attachments_added, attachments_removed)
    if sheet.status == SheetStatus.PUBLISHED:
        _snapshot(sheet, user)
    search.index_sheets([sheet.pk])
    return sheet


def _transition(sheet: ActivitySheet, user, status: str) -> None:
    _claim(sheet, sheet.version)
    sheet.status = status
    sheet.updated_by = user
    if status == SheetStatus.PUBLISHED:
        sheet.published_at = timezone.now()
    sheet.full_clean()
    sheet.save()


def _comment(sheet: ActivitySheet, user, kind: str, body: str = "") -> ReviewComment:
    comment = ReviewComment(sheet=sheet, author=user, kind=kind, body=body.strip())
    comment.full_clean()
    comment.save()
    return comment


@transaction.atomic
def sheet_submit(*, sheet: ActivitySheet, user) -> ActivitySheet:
    if not perms.can_submit_sheet(user, sheet):
        raise PermissionDenied(_("Seule une fiche en brouillon peut être soumise à relecture."))
    _transition(sheet, user, SheetStatus.IN_REVIEW)
    _comment(sheet, user, CommentKind.SUBMITTED)
    return sheet


@transaction.atomic
def sheet_publish(*, sheet: ActivitySheet, reviewer, comment: str = "") -> SheetVersion:
    """Publish the sheet and keep its content as a new version."""
    if not perms.can_publish_sheet(reviewer, sheet):
        raise PermissionDenied(_("Vous ne pouvez pas publier cette fiche."))
    _transition(sheet, reviewer, SheetStatus.PUBLISHED)
    _comment(sheet, reviewer, CommentKind.PUBLISHED, comment)
    return _snapshot(sheet, reviewer)


@transaction.atomic
def sheet_send_back(*, sheet: ActivitySheet, reviewer, comment: str) -> ActivitySheet:
    """Return a sheet in review to its author as a draft, saying what to change."""
    if not perms.can_send_back_sheet(reviewer, sheet):
        raise PermissionDenied(_("Vous ne pouvez pas renvoyer cette fiche."))
    if not comment.strip():
        raise ValidationError({"body": _("Dites à l'auteur ce qu'il faut reprendre.")})
    _transition(sheet, reviewer, SheetStatus.DRAFT)
    _comment(sheet, reviewer, CommentKind.SENT_BACK, comment)
    return sheet


@transaction.atomic
def sheet_comment(*, sheet: ActivitySheet, author, body: str) -> ReviewComment:
    if not perms.can_comment_sheet(author, sheet):
        raise PermissionDenied(_("Vous ne pouvez pas commenter cette fiche."))
    if not body.strip():
        raise ValidationError({"body": _("Le commentaire est vide.")})
    return _comment(sheet, author, CommentKind.COMMENT, body)


@transaction.atomic
def sheet_delete(*, sheet: ActivitySheet, user) -> None:
    if not perms.can_delete_sheet(user, sheet):
        raise PermissionDenied(_("Seul un brouillon jamais publié peut être supprimé."))
    pk = sheet.pk
    sheet.delete()  # its attachments' files leave the storage once committed (semis.core.files)
    search.remove_sheets([pk])


@dataclass
class ImportReport:
    counts: Counter = field(default_factory=Counter)

    @property
    def changed(self) -> bool:
        return bool(self.counts["created"] or self.counts["updated"])

    def summary(self) -> str:
        return _("%(created)d fiche(s) créée(s), %(updated)d mise(s) à jour, %(unchanged)d inchangée(s).") % {
            "created": self.counts["created"],
            "updated": self.counts["updated"],
            "unchanged": self.counts["unchanged"],
        }


@transaction.atomic
def sheets_import(*, contents: list[SheetContent], actor=None) -> ImportReport:
    """Publish sheets read from an exchange file (semis.library.exchange.read_exchange), matched by slug.

    A sheet whose content is already the same is left alone, so loading a file twice changes nothing.
    `actor` None is the shipped content, loaded by a command.
    """
    if actor is not None and not perms.can_import_sheets(actor):
        raise PermissionDenied(_("Seule l'équipe de relecture peut importer des fiches."))
    report = ImportReport()
    existing = {
        sheet.slug: sheet
        for sheet in ActivitySheet.objects.filter(slug__in=[c.slug for c in contents]).with_list_related_data()
    }
    touched = []
    for content in contents:
        sheet = existing.get(content.slug)
        if sheet is None:
            sheet = sheet_create(author=actor, content=content, status=SheetStatus.PUBLISHED)
            report.counts["created"] += 1
            continue
        if sheet.status == SheetStatus.PUBLISHED and sheet_to_exchange(sheet) == content.to_exchange():
            report.counts["unchanged"] += 1
            continue
        _check(content)
        _claim(sheet, sheet.version)
        for name, value in content.model_fields().items():
            setattr(sheet, name, value)
        sheet.status = SheetStatus.PUBLISHED
        sheet.published_at = sheet.published_at or timezone.now()
        sheet.updated_by = actor
        sheet.full_clean()
        sheet.save()
        _write_links(sheet, content)
        _snapshot(sheet, actor)
        touched.append(sheet.pk)
        report.counts["updated"] += 1
    search.index_sheets(touched)
    return report


@transaction.atomic
def favourite_toggle(*, user, sheet: ActivitySheet) -> bool:
    """Add the sheet to the user's cartable, or take it out; True when it is now a favourite."""
    deleted, _count = Favourite.objects.filter(user=user, sheet=sheet).delete()
    if deleted:
        return False
    favourite = Favourite(user=user, sheet=sheet)
    favourite.full_clean()
    favourite.save()
    return True


def _check_sequence_owner(user, sequence: Sequence) -> None:
    if not perms.can_edit_sequence(user, sequence):
        raise PermissionDenied(_("Seule la personne qui a créé cette séquence peut la modifier ; dupliquez-la."))


@transaction.atomic
def sequence_create(*, owner, title: str, description: str = "", cycle: str = "", is_shared: bool = False) -> Sequence:
    sequence = Sequence(
        owner=owner, title=title.strip(), description=description.strip(), cycle=cycle, is_shared=is_shared
    )
    sequence.full_clean()
    sequence.save()
    return sequence


@transaction.atomic
def sequence_update(*, sequence: Sequence, user, title: str, description: str, cycle: str, is_shared: bool) -> Sequence:
    _check_sequence_owner(user, sequence)
    sequence.title, sequence.description, sequence.cycle = title.strip(), description.strip(), cycle
    sequence.is_shared = is_shared
    sequence.full_clean()
    sequence.save()
    return sequence


@transaction.atomic
def sequence_delete(*, sequence: Sequence, user) -> None:
    _check_sequence_owner(user, sequence)
    sequence.delete()


@transaction.atomic
def sequence_add_sheet(*, sequence: Sequence, user, sheet: ActivitySheet, note: str = "") -> SequenceItem:
    """Append a published sheet as the next session."""
    _check_sequence_owner(user, sequence)
    if sheet.status != SheetStatus.PUBLISHED:
        raise ValidationError(_("Seule une fiche publiée peut entrer dans une séquence."))
    last = sequence.items.order_by("-position").values_list("position", flat=True).first() or 0
    item = SequenceItem(sequence=sequence, sheet=sheet, position=last + 1, note=note.strip())
    item.full_clean()
    item.save()
    Sequence.objects.filter(pk=sequence.pk).update(updated_at=timezone.now())
    return item


@transaction.atomic
def sequence_move_item(*, item: SequenceItem, user, offset: int) -> None:
    """Swap a session with the one before (offset -1) or after (+1)."""
    _check_sequence_owner(user, item.sequence)
    neighbours = item.sequence.items.select_for_update()
    other = (
        neighbours.filter(position__lt=item.position).order_by("-position").first()
        if offset < 0
        else neighbours.filter(position__gt=item.position).order_by("position").first()
    )
    if other is None:
        return
    # Through position 0 (never used), so the unique (sequence, position) constraint holds at each step.
    mine, theirs = item.position, other.position
    SequenceItem.objects.filter(pk=item.pk).update(position=0)
    SequenceItem.objects.filter(pk=other.pk).update(position=mine)
    SequenceItem.objects.filter(pk=item.pk).update(position=theirs)


@transaction.atomic
def sequence_remove_item(*, item: SequenceItem, user) -> None:
    """Remove a session; the later ones move up one place."""
    _check_sequence_owner(user, item.sequence)
    sequence, position = item.sequence, item.position
    item.delete()
    for later in sequence.items.filter(position__gt=position).order_by("position"):
        SequenceItem.objects.filter(pk=later.pk).update(position=later.position - 1)


@transaction.atomic
def sequence_update_note(*, item: SequenceItem, user, note: str) -> SequenceItem:
    _check_sequence_owner(user, item.sequence)
    item.note = note.strip()
    item.full_clean()
    item.save(update_fields=["note"])
    return item


@transaction.atomic
def sequence_duplicate(*, sequence: Sequence, user) -> Sequence:
    """A private copy the user can adapt, sessions and notes included."""
    copy = Sequence(
        owner=user,
        title=_("Copie de %(title)s") % {"title": sequence.title},
        description=sequence.description,
        cycle=sequence.cycle,
        based_on=sequence,
    )
    copy.title = copy.title[:200]
    copy.full_clean()
    copy.save()
    SequenceItem.objects.bulk_create(
        SequenceItem(sequence=copy, sheet_id=item.sheet_id, position=item.position, note=item.note)
        for item in sequence.items.all()
    )
    return copy


PROGRAMME_FIELDS = (
    "name",
    "summary",
    "age_min",
    "age_max",
    "audience",
    "delivery",
    "session_count",
    "session_minutes",
    "dosage",
    "training_required",
    "evidence_level",
    "evidence_source",
    "evidence_checked",
    "contact",
    "website",
)


@transaction.atomic
def programmes_load(*, data: dict) -> ImportReport:
    """Create or update the programme registry from its data file, matched by slug; idempotent."""
    if not isinstance(data, dict) or data.get("format") != "semis-programmes" or data.get("version") != 1:
        raise ValidationError(
            _("Ce fichier n'est pas un registre de programmes Semis (format semis-programmes, version 1).")
        )
    report = ImportReport()
    for item in data.get("programmes", []):
        try:
            values = {name: item[name] for name in PROGRAMME_FIELDS}
            slug, codes, version_code = item["slug"], item["skills"], data["referential"]
        except KeyError as exc:
            raise ValidationError(
                _("Programme « %(slug)s » : champ %(field)s manquant.") % {"slug": item.get("slug"), "field": exc}
            ) from exc
        skills = list(SpecificSkill.objects.filter(version__code=version_code, code__in=codes))
        if len(skills) != len(set(codes)):
            unknown = sorted(set(codes) - {skill.code for skill in skills})
            raise ValidationError(
                _("Programme « %(slug)s » : compétence inconnue %(codes)s.")
                % {"slug": slug, "codes": ", ".join(unknown)}
            )
        programme = Programme.objects.filter(slug=slug).first()
        if programme is None:
            programme = Programme(slug=slug, **values)
            report.counts["created"] += 1
        elif any(getattr(programme, name) != value for name, value in values.items()) or set(
            programme.skills.all()
        ) != set(skills):
            for name, value in values.items():
                setattr(programme, name, value)
            report.counts["updated"] += 1
        else:
            report.counts["unchanged"] += 1
            continue
        programme.full_clean()
        programme.save()
        programme.skills.set(skills)
    return report
