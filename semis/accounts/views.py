from base64 import b32encode
from binascii import unhexlify

import segno
from django.contrib import messages
from django.contrib.auth import login as auth_login
from django.contrib.auth import views as auth_views
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Prefetch, Q
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse, reverse_lazy
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from django_otp import devices_for_user
from django_otp import login as otp_login
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice, default_key

from semis.accounts import services
from semis.accounts.enums import INVITER_ROLES, Role
from semis.accounts.forms import (
    DsfrPasswordChangeForm,
    DsfrSetPasswordForm,
    InvitationAcceptForm,
    InvitationForm,
    LoginForm,
    OtpCodeForm,
    ProfileForm,
    QueuedPasswordResetForm,
)
from semis.accounts.middleware import HAS_DEVICE_SESSION_KEY
from semis.accounts.models import PERIMETER_FIELDS, Invitation, RoleAssignment, User
from semis.core.access import ALL_ROLES, access

login = access(public=True)(
    auth_views.LoginView.as_view(
        template_name="accounts/login.html", authentication_form=LoginForm, redirect_authenticated_user=True
    )
)
logout = access(public=True)(auth_views.LogoutView.as_view())
password_reset = access(public=True)(
    auth_views.PasswordResetView.as_view(
        template_name="accounts/password_reset.html",
        form_class=QueuedPasswordResetForm,
        email_template_name="accounts/emails/password_reset.txt",
        subject_template_name="accounts/emails/password_reset_subject.txt",
        success_url=reverse_lazy("accounts:password_reset_done"),
    )
)
password_reset_done = access(public=True)(
    auth_views.PasswordResetDoneView.as_view(template_name="accounts/password_reset_done.html")
)
password_reset_confirm = access(public=True)(
    auth_views.PasswordResetConfirmView.as_view(
        template_name="accounts/password_reset_confirm.html",
        form_class=DsfrSetPasswordForm,
        success_url=reverse_lazy("accounts:login"),
    )
)
password_change = access(ALL_ROLES)(
    auth_views.PasswordChangeView.as_view(
        template_name="accounts/password_change.html",
        form_class=DsfrPasswordChangeForm,
        success_url=reverse_lazy("accounts:profile"),
    )
)


def _safe_next(request, default="core:home"):
    target = request.POST.get("next") or request.GET.get("next")
    if target and url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        return target
    return reverse(default)


SETUP_KEY = "otp_setup_key"


@access(ALL_ROLES)
def otp_setup(request):
    """Pair an authenticator app: the secret lives in the session until a valid code confirms it.

    Replacing a device takes a verified session: otherwise a stolen password would be enough to
    pair the thief's own phone.
    """
    if not request.user.is_verified() and any(True for _ in devices_for_user(request.user, confirmed=True)):
        return redirect(f"{reverse('accounts:otp_verify')}?{urlencode({'next': _safe_next(request)})}")
    key = request.session.get(SETUP_KEY) or default_key()
    request.session[SETUP_KEY] = key
    form = OtpCodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if TOTP(unhexlify(key)).verify(int(form.cleaned_data["code"]), tolerance=1):
            TOTPDevice.objects.filter(user=request.user).delete()
            device = TOTPDevice.objects.create(user=request.user, name="Application", key=key, confirmed=True)
            otp_login(request, device)
            del request.session[SETUP_KEY]
            request.session[HAS_DEVICE_SESSION_KEY] = True
            messages.success(request, _("Double authentification activée."))
            return redirect(_safe_next(request))
        form.add_error("code", _("Code incorrect ou expiré. Vérifiez l'heure de votre téléphone et réessayez."))
    secret = b32encode(unhexlify(key)).decode()
    device = TOTPDevice(user=request.user, name="Application", key=key)
    qr_svg = segno.make(device.config_url).svg_inline(scale=5, title=_("QR code de configuration"))
    return render(request, "accounts/otp_setup.html", {"form": form, "secret": secret, "qr_svg": qr_svg})


@access(ALL_ROLES)
def otp_verify(request):
    devices = list(devices_for_user(request.user, confirmed=True))
    if not devices:
        return redirect("accounts:otp_setup")
    form = OtpCodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        device = devices[0]
        allowed, _details = device.verify_is_allowed()
        if allowed and device.verify_token(form.cleaned_data["code"]):
            otp_login(request, device)
            return redirect(_safe_next(request))
        if allowed:
            form.add_error("code", _("Code incorrect. Saisissez le code actuellement affiché par votre application."))
        else:
            form.add_error("code", _("Trop d'essais : patientez quelques secondes avant de réessayer."))
    return render(request, "accounts/otp_verify.html", {"form": form})


@access(ALL_ROLES)
def profile(request):
    form = ProfileForm(
        request.POST or None,
        initial={
            "first_name": request.user.first_name,
            "last_name": request.user.last_name,
            "organisation": request.user.organisation,
        },
    )
    if request.method == "POST" and form.is_valid():
        services.profile_update(user=request.user, **form.cleaned_data)
        messages.success(request, _("Profil enregistré."))
        return redirect("accounts:profile")
    has_second_factor = any(True for _ in devices_for_user(request.user, confirmed=True))
    return render(
        request,
        "accounts/profile.html",
        {"form": form, "assignments": request.assignments, "has_second_factor": has_second_factor},
    )


@access(INVITER_ROLES)
def user_list(request):
    users = User.objects.visible_to(request.user).prefetch_related(
        Prefetch(
            "role_assignments",
            queryset=RoleAssignment.objects.select_related(
                "region", "academie", "departement", "territory", "establishment"
            ),
        )
    )
    query = request.GET.get("q", "").strip()
    if query:
        users = users.filter(Q(email__icontains=query) | Q(first_name__icontains=query) | Q(last_name__icontains=query))
    role = request.GET.get("role", "")
    if role in Role.values:
        users = users.filter(role_assignments__role=role).distinct()
    page = Paginator(users, 50).get_page(request.GET.get("page"))
    return render(
        request, "accounts/user_list.html", {"page_obj": page, "query": query, "role": role, "roles": Role.choices}
    )


@access(INVITER_ROLES)
def invitation_list(request):
    form = InvitationForm(request.POST or None, inviter=request.user)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            invitation = services.invitation_create(
                invited_by=request.user,
                email=data["email"],
                role=data["role"],
                perimeter_kind=data["perimeter_kind"],
                perimeter=data["perimeter"],
            )
        except ValidationError as error:
            for field, errors in error.message_dict.items():
                form.add_error(field if field in form.fields else None, errors)
        except PermissionDenied as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("Invitation envoyée à %(email)s.") % {"email": invitation.email})
            return redirect("accounts:invitations")
    invitations = Invitation.objects.filter(invited_by=request.user).select_related(
        "region", "academie", "departement", "territory", "establishment"
    )
    page = Paginator(invitations, 30).get_page(request.GET.get("page"))
    return render(request, "accounts/invitation_list.html", {"form": form, "page_obj": page})


@access(public=True)
def invitation_accept(request, token):
    invitation = get_object_or_404(
        Invitation.objects.select_related("invited_by", *PERIMETER_FIELDS.values()), token=token
    )
    existing = User.objects.filter(email=invitation.email).first()
    problem = None
    if invitation.accepted_at:
        problem = _("Cette invitation a déjà été acceptée. Connectez-vous avec votre adresse e-mail.")
    elif invitation.is_expired:
        problem = _("Cette invitation a expiré. Demandez à la personne qui vous a invité·e de vous en renvoyer une.")
    elif existing and request.user != existing:
        problem = _("Un compte existe déjà pour %(email)s : connectez-vous d'abord pour accepter ce rôle.") % {
            "email": invitation.email
        }
    # A new account needs a name and a password; an existing one only confirms.
    form = None if existing else InvitationAcceptForm(request.POST or None)
    if request.method == "POST" and problem is None and (form is None or form.is_valid()):
        data = form.cleaned_data if form else {}
        try:
            user = services.invitation_accept(
                token=token,
                first_name=data.get("first_name", ""),
                last_name=data.get("last_name", ""),
                password=data.get("password1", ""),
            )
        except ValidationError as error:
            problem = " ".join(error.messages)
        else:
            if not existing:
                auth_login(request, user, backend="django.contrib.auth.backends.ModelBackend")
            messages.success(request, _("Bienvenue dans Semis ! Votre rôle est actif."))
            return redirect("core:home")
    context = {
        "invitation": invitation,
        "form": form,
        "problem": problem,
        "existing": existing,
        "login_next": request.path if existing and problem and not invitation.accepted_at else "",
    }
    return render(request, "accounts/invitation_accept.html", context)


@access(INVITER_ROLES)
@require_POST
def invitation_cancel(request, pk):
    invitation = get_object_or_404(Invitation.objects.pending(), pk=pk, invited_by=request.user)
    invitation.delete()
    messages.success(request, _("Invitation annulée."))
    return redirect("accounts:invitations")
