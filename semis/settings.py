"""Semis settings, read from the environment.

Defaults are safe for production (DEBUG off, secure cookies); `make run` and the tests set
SEMIS_ENV=dev / test, which relaxes what only makes sense on a developer's machine.
"""

import os
from datetime import timedelta
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(os.environ.get("SEMIS_VAR_DIR", BASE_DIR / "var"))


def env(name: str, default: str | None = None) -> str | None:
    """A string setting; NAME_FILE (a path) is read instead when set, for container secrets."""
    if path := os.environ.get(f"{name}_FILE"):
        return Path(path).read_text().strip()
    return os.environ.get(name, default)


def env_bool(name: str, default: bool) -> bool:
    value = env(name)
    if value is None or value == "":
        return default
    lowered = value.lower()
    if lowered in {"1", "true", "yes", "on"}:
        return True
    if lowered in {"0", "false", "no", "off"}:
        return False
    raise ImproperlyConfigured(f"{name} must be a boolean, got {value!r}")


def env_int(name: str, default: int) -> int:
    value = env(name)
    if value is None or value == "":
        return default
    try:
        return int(value)
    except ValueError as exc:
        raise ImproperlyConfigured(f"{name} must be an integer, got {value!r}") from exc


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in (env(name, default) or "").split(",") if item.strip()]


# pytest (8.2+) announces itself through PYTEST_VERSION: tests get test settings without a flag.
SEMIS_ENV = env("SEMIS_ENV", "test" if os.environ.get("PYTEST_VERSION") else "production")
if SEMIS_ENV not in {"production", "dev", "test"}:
    raise ImproperlyConfigured(f"SEMIS_ENV must be production, dev or test, got {SEMIS_ENV!r}")
IS_PRODUCTION = SEMIS_ENV == "production"

DEBUG = env_bool("DEBUG", SEMIS_ENV == "dev")
SECRET_KEY = env("SECRET_KEY") or ("" if IS_PRODUCTION else "insecure-dev-key-" + "x" * 40)
if not SECRET_KEY:
    raise ImproperlyConfigured("SECRET_KEY is required in production (or SECRET_KEY_FILE).")
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "" if IS_PRODUCTION else "127.0.0.1,localhost,testserver")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")
# Links in e-mails (invitations) are built outside any request: production defaults to the first host.
SITE_URL = (
    env("SITE_URL") or (f"https://{ALLOWED_HOSTS[0]}" if IS_PRODUCTION and ALLOWED_HOSTS else "http://127.0.0.1:8000")
).rstrip("/")

# Demo mode lets `seed_demo` build fictional data; never on in production unless asked.
DEMO_MODE = env_bool("SEMIS_DEMO", SEMIS_ENV == "dev")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "axes",
    "django_htmx",
    "django_tasks",
    "django_tasks_db",
    "dsfr",
    # django-dsfr's checkbox and formset templates load widget_tweaks (a dependency of django-dsfr).
    "widget_tweaks",
    "rest_framework",
    "drf_spectacular",
    "semis.core",
    "semis.accounts",
    "semis.geo",
    "semis.territories",
    "semis.referential",
    "semis.library",
    "semis.training",
    "semis.projects",
    "semis.reporting",
    "semis.evaluation",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "semis.core.middleware.LanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.auth.middleware.LoginRequiredMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "semis.core.middleware.AuditActorMiddleware",
    "semis.accounts.middleware.CurrentRolesMiddleware",
    "semis.accounts.middleware.SecondFactorMiddleware",
    "semis.core.middleware.ReadOnlyGetMiddleware",
    # Axes last: it turns a lockout raised by authenticate() into the lockout page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "semis.urls"
WSGI_APPLICATION = "semis.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "semis" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "semis.core.context_processors.navigation",
            ],
            "string_if_invalid": env("TEMPLATE_STRING_IF_INVALID", "") or "",
        },
    }
]

# django-dsfr builds a renderer, hence a template engine that reads and compiles the field templates
# from disk, for every form unless FORM_RENDERER is set (≈ 4 ms a form); set, one engine serves all.
FORM_RENDERER = "dsfr.forms.DsfrDjangoTemplates"

VAR_DIR.mkdir(parents=True, exist_ok=True)
DATABASES = {
    "default": dj_database_url.parse(
        env("DATABASE_URL") or f"sqlite:///{VAR_DIR / 'semis.sqlite3'}",
        conn_max_age=env_int("CONN_MAX_AGE", 60),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL and a busy timeout let the web server and the worker share one SQLite file.
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    DATABASES["default"]["OPTIONS"] = {
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    }
DATABASES["default"]["ATOMIC_REQUESTS"] = True
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 12}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
if SEMIS_ENV == "test":
    PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "core:home"
LOGOUT_REDIRECT_URL = "accounts:login"
PASSWORD_RESET_TIMEOUT = 60 * 60 * 24

INVITATION_VALIDITY = timedelta(days=env_int("INVITATION_VALIDITY_DAYS", 7))

# Login throttling: 5 failures for one e-mail from one address lock it for 15 minutes.
AXES_FAILURE_LIMIT = env_int("AXES_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = timedelta(minutes=env_int("AXES_COOLOFF_MINUTES", 15))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_USERNAME_FORM_FIELD = "username"
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "accounts/lockout.html"
AXES_VERBOSE = False

OTP_TOTP_ISSUER = "Semis"

# The read-only API (/api/v1/, semis.reporting.api): the signed-in session is its only credential, so the
# second-factor rule of the web pages holds for it unchanged. Rows are scoped by visible_to like the pages.
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": ["rest_framework.authentication.SessionAuthentication"],
    # Each API view narrows this with its access rule (semis.reporting.api.base.ApiViewMixin).
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PARSER_CLASSES": ["rest_framework.parsers.JSONParser"],
    "DEFAULT_PAGINATION_CLASS": "rest_framework.pagination.PageNumberPagination",
    # As the library search pages (semis.library.selectors.PAGE_SIZE).
    "PAGE_SIZE": 20,
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "API Semis",
    "DESCRIPTION": "Lecture seule : référentiel CPS, cartable, établissements, stages de formation et projets "
    "locaux, chacun limité au périmètre de la personne connectée.",
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
    "SCHEMA_PATH_PREFIX": "/api/v1",
    # Two models call their choices "status": named after their enums instead of a hash.
    "ENUM_NAME_OVERRIDES": {
        "CourseStatusEnum": "semis.training.enums.CourseStatus",
        "ProjectStatusEnum": "semis.projects.enums.ProjectStatus",
    },
}

LANGUAGE_CODE = "fr"
LANGUAGES = [("fr", _("Français")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "semis" / "locale"]
TIME_ZONE = "Europe/Paris"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "static"
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(env("MEDIA_ROOT", str(VAR_DIR / "media")))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if SEMIS_ENV != "production"
        else "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}
WHITENOISE_USE_FINDERS = SEMIS_ENV != "production"

TASKS = {
    "default": {
        "BACKEND": env("TASKS_BACKEND", "django_tasks_db.DatabaseBackend"),
    }
}
# A worker that has not written its heartbeat for this long is reported down by /healthz.
WORKER_HEARTBEAT_MAX_AGE = timedelta(seconds=env_int("WORKER_HEARTBEAT_MAX_AGE", 120))

# Periodic jobs the worker enqueues (task path -> period); each must be safe to run twice.
PERIODIC_TASKS = {
    "semis.training.tasks.send_followup_reminders": timedelta(hours=env_int("FOLLOWUP_REMINDER_PERIOD_HOURS", 6)),
    "semis.projects.tasks.send_delivery_reminders": timedelta(hours=env_int("DELIVERY_REMINDER_PERIOD_HOURS", 24)),
    "semis.projects.tasks.rescore_projects": timedelta(hours=env_int("PROJECTS_RESCORE_PERIOD_HOURS", 24)),
    "semis.reporting.tasks.refresh_indicators": timedelta(hours=env_int("INDICATORS_REFRESH_PERIOD_HOURS", 24)),
    "semis.evaluation.tasks.expire_pupil_data": timedelta(hours=24),
}

# Training cascade (issue #5): the quality criterion on a course's length, how often each active
# professionnel-ressource is supervised in a school year, how early a follow-up is announced.
TRAINING_MIN_HOURS = env_int("TRAINING_MIN_HOURS", 12)
TRAINING_SUPERVISIONS_PER_YEAR = env_int("TRAINING_SUPERVISIONS_PER_YEAR", 2)
TRAINING_FOLLOWUP_REMINDER_DAYS = env_int("TRAINING_FOLLOWUP_REMINDER_DAYS", 14)

# Local projects (issue #7): a group of a running project that has logged no session for this many
# days, while its planned hours are not reached, is reminded to its project's creator.
PROJECTS_REMINDER_DAYS = env_int("PROJECTS_REMINDER_DAYS", 21)

# Answers aggregated over fewer respondents than this are not shown (statistical secrecy, DOMAIN.md §6).
AGGREGATE_MIN_RESPONDENTS = env_int("AGGREGATE_MIN_RESPONDENTS", 10)
if AGGREGATE_MIN_RESPONDENTS < 5:
    raise ImproperlyConfigured("AGGREGATE_MIN_RESPONDENTS cannot be below 5.")
# Pupils' evaluation codes and answers are deleted this many months after their project ends
# (semis.evaluation.tasks.expire_pupil_data; docs/personal-data.md).
EVALUATION_RETENTION_MONTHS = env_int("EVALUATION_RETENTION_MONTHS", 12)

EMAIL_BACKEND = env(
    "EMAIL_BACKEND",
    "django.core.mail.backends.smtp.EmailBackend"
    if IS_PRODUCTION
    else "django.core.mail.backends.filebased.EmailBackend",
)
EMAIL_FILE_PATH = VAR_DIR / "mail"
EMAIL_HOST = env("EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("EMAIL_PORT", 25)
EMAIL_HOST_USER = env("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = env("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
EMAIL_USE_SSL = env_bool("EMAIL_USE_SSL", False)
# Without a timeout, a mail server that stops answering would hold the worker forever.
EMAIL_TIMEOUT = env_int("EMAIL_TIMEOUT", 30)
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", "Semis <ne-pas-repondre@semis.example>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

SESSION_COOKIE_SECURE = env_bool("SESSION_COOKIE_SECURE", IS_PRODUCTION)
CSRF_COOKIE_SECURE = env_bool("CSRF_COOKIE_SECURE", IS_PRODUCTION)
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_AGE = 60 * 60 * 10
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", IS_PRODUCTION)
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 31536000 if IS_PRODUCTION else 0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = IS_PRODUCTION
SECURE_HSTS_PRELOAD = IS_PRODUCTION
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https") if env_bool("BEHIND_PROXY", False) else None
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"

DSFR_USE_INTEGRITY_CHECKSUMS = True
DSFR_MARK_OPTIONAL_FIELDS = True

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", "INFO")},
    "loggers": {
        "django.db.backends": {"level": "WARNING"},
        # WeasyPrint narrates each rendering step at INFO.
        "weasyprint": {"level": "WARNING"},
        "fontTools": {"level": "WARNING"},
    },
}
