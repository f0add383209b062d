from django.http import JsonResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django_otp import devices_for_user

from semis.core.scoping import user_assignments, user_roles

# Views a user who still owes a second factor may open.
SECOND_FACTOR_EXEMPT = {
    "accounts:otp_setup",
    "accounts:otp_verify",
    "accounts:logout",
    "set_language",
    "core:healthz",
}
HAS_DEVICE_SESSION_KEY = "semis_has_second_factor"


def has_second_factor_device(request) -> bool:
    """Whether the signed-in user has a confirmed authenticator; looked up once per session.

    Django flushes the session when someone else signs in on it, and setting a device up
    verifies the session that did it, so the kept answer never lets an unverified session through.
    """
    if HAS_DEVICE_SESSION_KEY not in request.session:
        request.session[HAS_DEVICE_SESSION_KEY] = any(True for _ in devices_for_user(request.user, confirmed=True))
    return request.session[HAS_DEVICE_SESSION_KEY]


class CurrentRolesMiddleware:
    """Resolves the user's role assignments once per request (request.assignments, request.roles)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.assignments = user_assignments(request.user)
        request.roles = user_roles(request.user)
        return self.get_response(request)


class SecondFactorMiddleware:
    """National, regional and académie roles must pass a TOTP second factor before anything else.

    Other users may turn a second factor on (profile page); once on, it is asked for too.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        user = request.user
        if not user.is_authenticated or user.is_verified():
            return None
        rule = getattr(view_func, "semis_access", None)
        if request.resolver_match.view_name in SECOND_FACTOR_EXEMPT or (rule and rule.public):
            return None
        has_device = has_second_factor_device(request)
        if not (has_device or user.needs_second_factor):
            return None
        if getattr(view_func, "semis_api", False):
            # A script cannot follow the set-up page: it is told why, in the API's own format.
            message = _("Votre rôle demande un second facteur : validez-le dans Semis avec votre navigateur.")
            return JsonResponse({"detail": message}, status=403)
        target = reverse("accounts:otp_verify" if has_device else "accounts:otp_setup")
        return redirect(f"{target}?{urlencode({'next': request.get_full_path()})}")
