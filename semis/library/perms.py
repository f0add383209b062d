"""Who may act on an activity sheet. Reading is semis.library.models.ActivitySheetQuerySet.visible_to."""

from semis.core.scoping import user_roles
from semis.library.enums import REVIEWER_ROLES, SheetStatus


def is_reviewer(user) -> bool:
    """National administrators, regional coordinators and académie pilots review the library."""
    return bool(user.is_authenticated and (user.is_superuser or user_roles(user) & REVIEWER_ROLES))


def can_edit_sheet(user, sheet) -> bool:
    """Reviewers edit any sheet; its author edits it while it is a draft (before review, or sent back)."""
    if is_reviewer(user):
        return True
    return sheet.author_id == user.pk and sheet.status == SheetStatus.DRAFT


def can_submit_sheet(user, sheet) -> bool:
    """The author (or a reviewer) sends a draft to review."""
    return sheet.status == SheetStatus.DRAFT and (sheet.author_id == user.pk or is_reviewer(user))


def can_publish_sheet(user, sheet) -> bool:
    """Reviewers publish a draft or a sheet in review."""
    return is_reviewer(user) and sheet.status in (SheetStatus.DRAFT, SheetStatus.IN_REVIEW)


def can_send_back_sheet(user, sheet) -> bool:
    """Reviewers send a sheet in review back to its author, with a comment."""
    return is_reviewer(user) and sheet.status == SheetStatus.IN_REVIEW


def can_delete_sheet(user, sheet) -> bool:
    """A draft never published is deleted by its author or a reviewer; published work stays (versions)."""
    if sheet.status != SheetStatus.DRAFT or sheet.published_at is not None:
        return False
    return sheet.author_id == user.pk or is_reviewer(user)


def can_comment_sheet(user, sheet) -> bool:
    """Reviewers and the sheet's author discuss it."""
    return is_reviewer(user) or sheet.author_id == user.pk


def can_import_sheets(user) -> bool:
    """Importing publishes sheets directly, so only reviewers may."""
    return is_reviewer(user)


def can_edit_sequence(user, sequence) -> bool:
    """Only its owner changes a sequence; others duplicate it to adapt it."""
    return user.is_superuser or sequence.owner_id == user.pk
