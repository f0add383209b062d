from django import forms
from django.contrib.auth import password_validation
from django.contrib.auth.forms import AuthenticationForm, PasswordChangeForm, PasswordResetForm, SetPasswordForm
from django.db import transaction
from django.template.loader import render_to_string
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from dsfr.forms import DsfrBaseForm

from semis.accounts.enums import INVITABLE_ROLES, PerimeterKind, Role
from semis.accounts.models import PERIMETER_FIELDS
from semis.core.scoping import user_assignments
from semis.core.tasks import send_email
from semis.geo.models import Academie, Departement, Establishment, Region
from semis.territories.models import Territory


class LoginForm(DsfrBaseForm, AuthenticationForm):
    username = forms.EmailField(label=_("Adresse e-mail"), widget=forms.EmailInput(attrs={"autofocus": True}))

    error_messages = {
        "invalid_login": _("Adresse e-mail ou mot de passe incorrect."),
        "inactive": _("Ce compte est désactivé."),
    }

    def clean_username(self):
        return self.cleaned_data["username"].strip().lower()


class QueuedPasswordResetForm(DsfrBaseForm, PasswordResetForm):
    email = forms.EmailField(label=_("Adresse e-mail"), max_length=254)

    def send_mail(self, subject_template_name, email_template_name, context, from_email, to_email, **kwargs):
        subject = "".join(render_to_string(subject_template_name, context).splitlines())
        body = render_to_string(email_template_name, context)
        transaction.on_commit(lambda: send_email.enqueue(subject=subject, body=body, to=[to_email]))


class OtpCodeForm(DsfrBaseForm):
    code = forms.CharField(
        label=_("Code à 6 chiffres"),
        help_text=_("Le code affiché par votre application d'authentification."),
        min_length=6,
        max_length=6,
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "autofocus": True}),
    )

    def clean_code(self):
        code = self.cleaned_data["code"].strip()
        if not code.isdigit():
            raise forms.ValidationError(_("Le code ne contient que des chiffres."))
        return code


class InvitationAcceptForm(DsfrBaseForm):
    first_name = forms.CharField(label=_("Prénom"), max_length=150)
    last_name = forms.CharField(label=pgettext_lazy("nom de famille", "Nom"), max_length=150)
    password1 = forms.CharField(
        label=_("Mot de passe"),
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text=_("Au moins 12 caractères, pas uniquement des chiffres."),
    )
    password2 = forms.CharField(
        label=_("Confirmation du mot de passe"), widget=forms.PasswordInput(attrs={"autocomplete": "new-password"})
    )

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("password1") and cleaned.get("password1") != cleaned.get("password2"):
            self.add_error("password2", _("Les deux mots de passe ne sont pas identiques."))
        elif cleaned.get("password1"):
            try:
                password_validation.validate_password(cleaned["password1"])
            except forms.ValidationError as error:
                self.add_error("password1", error)
        return cleaned


class ProfileForm(DsfrBaseForm):
    first_name = forms.CharField(label=_("Prénom"), max_length=150)
    last_name = forms.CharField(label=pgettext_lazy("nom de famille", "Nom"), max_length=150)
    organisation = forms.CharField(label=_("Organisation"), max_length=200, required=False)


class InvitationForm(DsfrBaseForm):
    """Roles and perimeters offered are those the inviter may hand out."""

    email = forms.EmailField(label=_("Adresse e-mail de la personne invitée"))
    role = forms.ChoiceField(label=_("Rôle"))
    perimeter_kind = forms.ChoiceField(label=_("Type de périmètre"), choices=PerimeterKind.choices)
    region = forms.ModelChoiceField(label=_("Région"), queryset=Region.objects.none(), required=False)
    academie = forms.ModelChoiceField(label=_("Académie"), queryset=Academie.objects.none(), required=False)
    departement = forms.ModelChoiceField(label=_("Département"), queryset=Departement.objects.none(), required=False)
    territory = forms.ModelChoiceField(label=_("Territoire"), queryset=Territory.objects.none(), required=False)
    establishment = forms.CharField(
        label=_("Établissement (UAI)"), max_length=8, required=False, help_text=_("Par exemple 0440001M.")
    )

    def __init__(self, *args, inviter, **kwargs):
        super().__init__(*args, **kwargs)
        self.inviter = inviter
        roles = set(Role) if inviter.is_superuser else set()
        for assignment in user_assignments(inviter):
            roles |= INVITABLE_ROLES.get(assignment.role, set())
        self.fields["role"].choices = [(r.value, r.label) for r in Role if r in roles]
        self.fields["region"].queryset = Region.objects.all()
        self.fields["academie"].queryset = Academie.objects.all()
        self.fields["departement"].queryset = Departement.objects.all()
        self.fields["territory"].queryset = Territory.objects.visible_to(inviter)

    def clean_establishment(self):
        uai = self.cleaned_data["establishment"].strip().upper()
        if not uai:
            return None
        establishment = Establishment.objects.visible_to(self.inviter).filter(uai=uai).first()
        if establishment is None:
            raise forms.ValidationError(
                _("Aucun établissement de votre périmètre n'a l'UAI %(uai)s."), params={"uai": uai}
            )
        return establishment

    def clean(self):
        cleaned = super().clean()
        kind = cleaned.get("perimeter_kind")
        field = PERIMETER_FIELDS.get(kind)
        if field and not cleaned.get(field):
            self.add_error(field, _("Choisissez le périmètre."))
        cleaned["perimeter"] = cleaned.get(field) if field else None
        return cleaned


class DsfrSetPasswordForm(DsfrBaseForm, SetPasswordForm):
    pass


class DsfrPasswordChangeForm(DsfrBaseForm, PasswordChangeForm):
    pass
