import re

from semis.core.audit import current_actor


class AuditActorMiddleware:
    """Makes the signed-in user the actor of audit events written during the request."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        token = current_actor.set(request.user if request.user.is_authenticated else None)
        try:
            return self.get_response(request)
        finally:
            current_actor.reset(token)


class ReadOnlyGetMiddleware:
    """GET never writes: a GET request whose view writes to the database fails in dev and tests.

    Implemented as a database execute wrapper so it catches ORM and raw SQL alike.
    """

    # The table an INSERT, UPDATE or DELETE writes to, quoted or not.
    WRITE = re.compile(r'^\s*(?:INSERT\s+INTO|UPDATE|DELETE\s+FROM)\s+[`"]?(\w+)', re.IGNORECASE)
    # Session and login bookkeeping legitimately write on GET (session refresh, task results).
    ALLOWED_TABLE_PREFIXES = ("django_session", "axes_", "otp_", "django_tasks_database")

    def __init__(self, get_response):
        from django.conf import settings

        self.get_response = get_response
        self.enabled = settings.SEMIS_ENV in {"dev", "test"}

    def __call__(self, request):
        if not self.enabled or request.method not in ("GET", "HEAD"):
            return self.get_response(request)
        from django.db import connection

        with connection.execute_wrapper(self._guard):
            return self.get_response(request)

    def _guard(self, execute, sql, params, many, context):
        write = self.WRITE.match(sql)
        if write and not write.group(1).lower().startswith(self.ALLOWED_TABLE_PREFIXES):
            raise GetRequestWriteError(f"GET request tried to write: {sql[:120]}")
        return execute(sql, params, many, context)


class GetRequestWriteError(RuntimeError):
    pass


class LanguageMiddleware:
    """French unless the user picked English with the language switch (a cookie).

    Django's LocaleMiddleware would follow the browser's Accept-Language; a French public
    service speaks French first, whatever the browser says.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        from django.conf import settings
        from django.utils import translation

        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        language = chosen if chosen in dict(settings.LANGUAGES) else settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = language
        response = self.get_response(request)
        response.headers.setdefault("Content-Language", language)
        return response
