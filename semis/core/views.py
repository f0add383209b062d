from django.apps import apps
from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.paginator import Paginator
from django.db import connection, transaction
from django.db.models import Count
from django.http import Http404, HttpResponseServerError, JsonResponse
from django.shortcuts import render
from django.template.loader import get_template
from django.utils import timezone
from django.utils.dateparse import parse_date
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.i18n import set_language as django_set_language

from semis.accounts.enums import INVITER_ROLES, Role
from semis.accounts.models import Invitation
from semis.core.access import ALL_ROLES, access
from semis.core.models import AuditAction, AuditedModel, AuditEvent, WorkerHeartbeat
from semis.geo import perms as geo_perms
from semis.geo.models import Establishment
from semis.library.models import ActivitySheet, Favourite, Sequence
from semis.projects.enums import ProjectStatus
from semis.projects.models import Project
from semis.projects.perms import can_create_project
from semis.training.dates import school_year_of
from semis.training.enums import READER_ROLES
from semis.training.selectors import own_enrolments

AUDITORS = (Role.NATIONAL_ADMIN,)

set_language = access(public=True)(django_set_language)


# The blocks of a person's own work, shown (empty, with what to do first) to the roles they serve;
# any other role sees a block once it holds something.
TRAINEE_ROLES = frozenset({Role.TEACHER})
CARRIER_ROLES = frozenset({Role.TEACHER, Role.SCHOOL_HEAD, Role.TERRITORIAL_LEAD})
HOME_LIST_SIZE = 5


@access(ALL_ROLES)
def home(request):
    """ "Mon espace": the user's perimeters and what to do next, by role; and, for the people in the
    field, their own trainings, projects and sequences."""
    user = request.user
    roles = request.roles
    actions = []
    if not user.is_verified() and not user.needs_second_factor:
        actions.append(("accounts:otp_setup", _("Activer la double authentification pour protéger votre compte")))
    if roles & INVITER_ROLES:
        actions.append(("accounts:invitations", _("Inviter des collègues sur votre périmètre")))
    if geo_perms.can_import_establishments(user):
        actions.append(("geo:establishment_import", _("Importer des établissements depuis un fichier CSV")))
    if Role.NATIONAL_ADMIN in roles:
        actions.append(("core:audit", _("Consulter le journal des modifications")))
    enrolments = own_enrolments(user)
    projects = list(
        Project.objects.visible_to(user)
        .filter(created_by=user)
        .with_list_related_data()
        .order_by("-updated_at", "-pk")[:HOME_LIST_SIZE]
    )
    today = timezone.localdate()
    this_year = school_year_of(today)
    for project in projects:
        project.in_delivery = (
            project.status == ProjectStatus.VALIDATED and project.first_year <= this_year <= project.last_year
        )
    sequences = Sequence.objects.visible_to(user).filter(owner=user)
    context = {
        "assignments": request.assignments,
        "actions": actions,
        "establishment_count": Establishment.objects.visible_to(user).count(),
        "pending_invitations": Invitation.objects.pending().filter(invited_by=user).count(),
        "show_training": bool(enrolments or roles & TRAINEE_ROLES),
        "enrolments": enrolments,
        "today": today,
        "may_open_courses": user.is_superuser or bool(roles & READER_ROLES),
        "show_projects": bool(projects or roles & CARRIER_ROLES),
        "projects": projects,
        "may_create_project": can_create_project(user),
        "sequences": list(
            sequences.annotate(item_count=Count("items")).order_by("-updated_at", "-pk")[:HOME_LIST_SIZE]
        ),
        "sequence_count": sequences.count(),
        "favourite_count": Favourite.objects.visible_to(user)
        .filter(sheet__in=ActivitySheet.objects.visible_to(user))
        .count(),
    }
    return render(request, "core/home.html", context)


@access(public=True)
@never_cache
@transaction.non_atomic_requests
def healthz(request):
    """Database reachability and the freshest worker heartbeat, as JSON for monitoring.

    Outside the request transaction: with ATOMIC_REQUESTS, a database that is down would fail
    before the view runs and answer an HTML 500 instead of this report.
    """
    report = {"database": "ok", "worker": "down", "worker_last_seen": None}
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
        heartbeat = WorkerHeartbeat.objects.order_by("-last_seen").first()
    except Exception:  # noqa: BLE001 — any database failure means "down", reported, not raised
        return JsonResponse({"database": "down", "worker": "unknown", "worker_last_seen": None}, status=503)
    if heartbeat:
        report["worker_last_seen"] = heartbeat.last_seen.isoformat()
        if timezone.now() - heartbeat.last_seen <= settings.WORKER_HEARTBEAT_MAX_AGE:
            report["worker"] = "ok"
    return JsonResponse(report)


def _date_or_none(value: str):
    """A filter date typed by hand: a malformed one (2025-13-45) is ignored rather than an error."""
    try:
        return parse_date(value)
    except ValueError:
        return None


def _audited_content_types():
    return ContentType.objects.get_for_models(*[m for m in apps.get_models() if issubclass(m, AuditedModel)]).values()


@access(*AUDITORS)
def audit_list(request):
    events = AuditEvent.objects.select_related("actor", "content_type")
    filters = {
        "action": request.GET.get("action", ""),
        "type": request.GET.get("type", ""),
        "actor": request.GET.get("actor", "").strip(),
        "since": request.GET.get("since", ""),
        "until": request.GET.get("until", ""),
    }
    if filters["action"] in AuditAction.values:
        events = events.filter(action=filters["action"])
    if filters["type"].isdigit():
        events = events.filter(content_type_id=int(filters["type"]))
    if filters["actor"]:
        events = events.filter(actor__email__icontains=filters["actor"])
    if since := _date_or_none(filters["since"]):
        events = events.filter(at__date__gte=since)
    if until := _date_or_none(filters["until"]):
        events = events.filter(at__date__lte=until)
    page = Paginator(events, 50).get_page(request.GET.get("page"))
    content_types = sorted(_audited_content_types(), key=lambda ct: ct.name)
    return render(
        request,
        "core/audit_list.html",
        {"page_obj": page, "filters": filters, "actions": AuditAction.choices, "content_types": content_types},
    )


@access(*AUDITORS)
def audit_object(request, content_type_id, object_id):
    content_type = ContentType.objects.filter(pk=content_type_id).first()
    if content_type is None or not issubclass(content_type.model_class() or object, AuditedModel):
        raise Http404
    events = AuditEvent.objects.filter(content_type=content_type, object_id=object_id).select_related("actor")
    if not events.exists():
        raise Http404
    page = Paginator(events, 50).get_page(request.GET.get("page"))
    context = {"page_obj": page, "content_type": content_type, "object_repr": events.first().object_repr}
    return render(request, "core/audit_object.html", context)


def error_403(request, exception=None):
    return render(request, "403.html", status=403)


def error_404(request, exception=None):
    return render(request, "404.html", status=404)


def error_500(request):
    # No request context: the page must render even when the database is what failed.
    return HttpResponseServerError(get_template("500.html").render({}))
