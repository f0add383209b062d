import secrets

from django.contrib.auth.models import AbstractUser, BaseUserManager
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from semis.accounts.enums import INVITER_ROLES, ROLES_REQUIRING_SECOND_FACTOR, PerimeterKind, Role
from semis.core.models import AuditedModel
from semis.core.scoping import ScopedQuerySet

# Each perimeter kind names the one foreign key that holds it (national holds none).
PERIMETER_FIELDS = {
    PerimeterKind.REGION: "region",
    PerimeterKind.ACADEMIE: "academie",
    PerimeterKind.DEPARTEMENT: "departement",
    PerimeterKind.TERRITORY: "territory",
    PerimeterKind.ESTABLISHMENT: "establishment",
}


class UserManager(BaseUserManager):
    use_in_migrations = True

    def create_user(self, email, password=None, **extra):
        if not email:
            raise ValueError("An e-mail address is required.")
        user = self.model(email=self.normalize_email(email).lower(), **extra)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_superuser(self, email, password=None, **extra):
        extra.update(is_staff=True, is_superuser=True)
        return self.create_user(email, password, **extra)


class UserQuerySet(ScopedQuerySet):
    """A user is visible to those whose perimeter holds one of the user's assignments."""

    visible_roles = INVITER_ROLES
    scope_paths = {
        "region": (
            "role_assignments__region",
            "role_assignments__academie__region",
            "role_assignments__departement__region",
            "role_assignments__territory__region",
            "role_assignments__establishment__commune__departement__region",
        ),
        "academie": (
            "role_assignments__academie",
            "role_assignments__departement__academie",
            "role_assignments__establishment__commune__departement__academie",
        ),
        "departement": ("role_assignments__departement", "role_assignments__establishment__commune__departement"),
        "territory": ("role_assignments__territory", "role_assignments__establishment__commune__territories"),
        "establishment": "role_assignments__establishment",
    }


class ScopedUserManager(UserManager.from_queryset(UserQuerySet)):
    pass


class User(AbstractUser):
    username = None
    email = models.EmailField(_("adresse e-mail"), unique=True)
    organisation = models.CharField(_("organisation"), max_length=200, blank=True)

    USERNAME_FIELD = "email"
    REQUIRED_FIELDS = []

    objects = ScopedUserManager()

    class Meta:
        ordering = ["last_name", "first_name", "email"]
        verbose_name = _("utilisateur·rice")

    def __str__(self):
        return self.get_full_name() or self.email

    @property
    def needs_second_factor(self) -> bool:
        from semis.core.scoping import user_roles

        return self.is_superuser or bool(user_roles(self) & ROLES_REQUIRING_SECOND_FACTOR)


class PerimeterFields(models.Model):
    """A role's perimeter: a kind and the one geographic or organisational object it names."""

    perimeter_kind = models.CharField(_("type de périmètre"), max_length=20, choices=PerimeterKind.choices)
    region = models.ForeignKey("geo.Region", on_delete=models.CASCADE, null=True, blank=True, related_name="+")
    academie = models.ForeignKey("geo.Academie", on_delete=models.CASCADE, null=True, blank=True, related_name="+")
    departement = models.ForeignKey(
        "geo.Departement", on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    territory = models.ForeignKey(
        "territories.Territory", on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    establishment = models.ForeignKey(
        "geo.Establishment", on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )

    class Meta:
        abstract = True

    @property
    def perimeter_id(self):
        field = PERIMETER_FIELDS.get(self.perimeter_kind)
        return getattr(self, f"{field}_id") if field else None

    @property
    def perimeter(self):
        field = PERIMETER_FIELDS.get(self.perimeter_kind)
        return getattr(self, field) if field else None

    def perimeter_label(self) -> str:
        if self.perimeter_kind == PerimeterKind.NATIONAL:
            return str(_("France entière"))
        # The colon's spacing is the language's (French puts a space before it).
        return _("%(kind)s : %(perimeter)s") % {"kind": self.get_perimeter_kind_display(), "perimeter": self.perimeter}

    @classmethod
    def perimeter_constraint(cls, name: str) -> models.CheckConstraint:
        """Exactly the foreign key of the perimeter's kind is set (none for national)."""
        cases = [
            models.Q(perimeter_kind=PerimeterKind.NATIONAL, **{f"{f}__isnull": True for f in PERIMETER_FIELDS.values()})
        ]
        for kind, field in PERIMETER_FIELDS.items():
            cases.append(
                models.Q(
                    perimeter_kind=kind,
                    **{f"{f}__isnull": f != field for f in PERIMETER_FIELDS.values()},
                )
            )
        condition = cases[0]
        for case in cases[1:]:
            condition |= case
        return models.CheckConstraint(condition=condition, name=name)


class RoleAssignment(PerimeterFields, AuditedModel):
    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="role_assignments")
    role = models.CharField(_("rôle"), max_length=30, choices=Role.choices)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["role", "pk"]
        verbose_name = _("rôle sur un périmètre")
        constraints = [PerimeterFields.perimeter_constraint("role_assignment_perimeter_matches_kind")]

    def __str__(self):
        return f"{self.get_role_display()} — {self.perimeter_label()}"


def new_invitation_token() -> str:
    return secrets.token_urlsafe(32)


class InvitationQuerySet(models.QuerySet):
    def pending(self):
        return self.filter(accepted_at__isnull=True, expires_at__gt=timezone.now())


class Invitation(PerimeterFields, AuditedModel):
    email = models.EmailField(_("adresse e-mail"))
    role = models.CharField(_("rôle"), max_length=30, choices=Role.choices)
    token = models.CharField(max_length=64, unique=True, default=new_invitation_token)
    invited_by = models.ForeignKey(User, on_delete=models.SET_NULL, null=True, related_name="invitations_sent")
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField(_("expire le"))
    accepted_at = models.DateTimeField(_("acceptée le"), null=True, blank=True)

    objects = InvitationQuerySet.as_manager()

    # The token is the invitee's key: whoever reads the log must not be able to accept in their place.
    audit_exclude = ("token",)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("invitation")
        constraints = [PerimeterFields.perimeter_constraint("invitation_perimeter_matches_kind")]

    def __str__(self):
        return f"{self.email} — {self.get_role_display()}"

    @property
    def is_expired(self) -> bool:
        return self.expires_at <= timezone.now()
