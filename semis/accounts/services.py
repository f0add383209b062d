from django.conf import settings
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from semis.accounts.enums import INVITABLE_ROLES, PerimeterKind
from semis.accounts.models import PERIMETER_FIELDS, Invitation, RoleAssignment, User
from semis.accounts.perimeters import contains
from semis.core.scoping import user_assignments
from semis.core.tasks import send_email


def invitation_create(*, invited_by: User, email: str, role: str, perimeter_kind: str, perimeter) -> Invitation:
    """Invite someone to a role on a perimeter held by one of the inviter's own assignments."""
    if not invitation_allowed(invited_by, role=role, perimeter_kind=perimeter_kind, perimeter=perimeter):
        raise PermissionDenied(_("Vous ne pouvez pas attribuer ce rôle sur ce périmètre."))
    email = email.strip().lower()
    if RoleAssignment.objects.filter(
        user__email=email, role=role, perimeter_kind=perimeter_kind, **_perimeter_kwargs(perimeter_kind, perimeter)
    ).exists():
        raise ValidationError({"email": _("Cette personne a déjà ce rôle sur ce périmètre.")})
    invitation = Invitation(
        email=email,
        role=role,
        invited_by=invited_by,
        perimeter_kind=perimeter_kind,
        expires_at=timezone.now() + settings.INVITATION_VALIDITY,
        **_perimeter_kwargs(perimeter_kind, perimeter),
    )
    invitation.full_clean()
    invitation.save()
    link = settings.SITE_URL + reverse("accounts:invitation_accept", args=[invitation.token])
    body = render_to_string("accounts/emails/invitation.txt", {"invitation": invitation, "link": link})
    subject = _("Invitation à rejoindre Semis")
    transaction.on_commit(lambda: send_email.enqueue(subject=subject, body=body, to=[email]))
    return invitation


def invitation_allowed(user: User, *, role: str, perimeter_kind: str, perimeter) -> bool:
    if user.is_superuser:
        return True
    return any(
        role in INVITABLE_ROLES.get(assignment.role, ()) and contains(assignment, perimeter_kind, perimeter)
        for assignment in user_assignments(user)
    )


@transaction.atomic
def invitation_accept(*, token: str, first_name: str, last_name: str, password: str) -> User:
    """Create the account (or add the role to an existing one) and use up the invitation."""
    invitation = Invitation.objects.select_for_update().filter(token=token).first()
    if invitation is None or invitation.accepted_at is not None:
        raise ValidationError(_("Ce lien d'invitation n'est plus valable : il a déjà été utilisé."))
    if invitation.is_expired:
        raise ValidationError(
            _("Ce lien d'invitation a expiré. Demandez à la personne qui vous a invité·e de vous en renvoyer un.")
        )
    user = User.objects.filter(email=invitation.email).first()
    if user is None:
        user = User(email=invitation.email, first_name=first_name.strip(), last_name=last_name.strip())
        validate_password(password, user)
        user.set_password(password)
        user.full_clean()
        user.save()
    assignment = RoleAssignment(
        user=user,
        role=invitation.role,
        perimeter_kind=invitation.perimeter_kind,
        **{field: getattr(invitation, field) for field in PERIMETER_FIELDS.values()},
    )
    assignment.full_clean()
    assignment.save()
    invitation.accepted_at = timezone.now()
    invitation.save(update_fields=["accepted_at"])
    return user


@transaction.atomic
def role_assign(*, user: User, role: str, perimeter_kind: str, perimeter=None) -> RoleAssignment:
    """Give a role directly (demo data, administration commands); giving it twice changes nothing."""
    fields = {
        "user": user,
        "role": role,
        "perimeter_kind": perimeter_kind,
        **_perimeter_kwargs(perimeter_kind, perimeter),
    }
    assignment = RoleAssignment.objects.filter(**fields).first()
    if assignment is None:
        assignment = RoleAssignment(**fields)
        assignment.full_clean()
        assignment.save()
    return assignment


@transaction.atomic
def profile_update(*, user: User, first_name: str, last_name: str, organisation: str) -> User:
    user.first_name, user.last_name, user.organisation = first_name, last_name, organisation
    user.full_clean()
    user.save(update_fields=["first_name", "last_name", "organisation"])
    return user


def _perimeter_kwargs(perimeter_kind: str, perimeter) -> dict:
    if perimeter_kind == PerimeterKind.NATIONAL:
        return {}
    return {PERIMETER_FIELDS[perimeter_kind]: perimeter}
