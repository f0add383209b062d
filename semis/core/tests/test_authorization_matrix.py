"""Walks every URL pattern of the project for every role and for an anonymous visitor.

A view without an @access rule fails the first test: a new view cannot be added without saying
who may open it. The second test requests each URL as each role and checks the answer against
the rule: 403 outside the rule's roles, a login redirect for anonymous visitors of private
views (403 from the API), and neither for the roles the rule lets in.
"""

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from semis.accounts.enums import ROLES_REQUIRING_SECOND_FACTOR, Role
from semis.accounts.tests.factories import UserFactory, sign_in, user_with_role
from semis.core.models import AuditEvent
from semis.evaluation.tests.factories import evaluation_url_samples
from semis.geo.tests.factories import EstablishmentFactory
from semis.library.tests.factories import (
    ActivitySheetFactory,
    ProgrammeFactory,
    SequenceFactory,
    SheetAttachmentFactory,
)
from semis.projects.tests.factories import projects_url_samples
from semis.referential.tests.factories import SpecificSkillFactory
from semis.territories.tests.factories import url_samples as territories_url_samples
from semis.training.tests.factories import training_url_samples

# Namespaces governed by another mechanism, with the reason.
EXEMPT_NAMESPACES = {
    "admin": "Django admin: staff and superusers only, second factor through OTPAdminSite",
}


def walk(patterns=None, namespace=None, prefix=""):
    for entry in patterns if patterns is not None else get_resolver().url_patterns:
        if isinstance(entry, URLResolver):
            nested = entry.namespace or namespace
            yield from walk(entry.url_patterns, nested, prefix + str(entry.pattern))
        elif isinstance(entry, URLPattern):
            name = f"{namespace}:{entry.name}" if namespace else entry.name
            yield name, prefix + str(entry.pattern), entry.callback, namespace


def project_views():
    return [(name, route, callback) for name, route, callback, ns in walk() if ns not in EXEMPT_NAMESPACES]


def test_every_view_declares_an_access_rule():
    views = project_views()
    missing = [f"{name} ({route})" for name, route, callback in views if not hasattr(callback, "semis_access")]
    assert not missing, "Views without an @access rule: " + ", ".join(missing)


@pytest.fixture
def sample_kwargs(db):
    """URL arguments for every named URL that takes some: objects inside the tested perimeter.

    A value may be a function of the signed-in user (None for anonymous visitors) when the object
    in reach depends on who asks, such as a draft only its author may edit.
    """
    establishment = EstablishmentFactory()
    event = AuditEvent.objects.filter(object_id=str(establishment.pk)).first()
    from semis.accounts.models import Invitation

    inviter = UserFactory()
    from django.utils import timezone

    invitation = Invitation.objects.create(
        email="invite@exemple.fr",
        role=Role.TEACHER,
        perimeter_kind="establishment",
        establishment=establishment,
        invited_by=inviter,
        expires_at=timezone.now() + timezone.timedelta(days=1),
    )
    skill = SpecificSkillFactory()
    sheet = ActivitySheetFactory(skills=[skill])

    attachment = SheetAttachmentFactory(sheet=sheet)
    sequence = SequenceFactory(owner=inviter, is_shared=True, sheets=[sheet])
    item = sequence.items.get()
    programme = ProgrammeFactory()

    def own_draft(user):
        return {"slug": ActivitySheetFactory(author=user, status="draft", skills=[skill]).slug if user else sheet.slug}

    def own_sequence(user):
        return {"pk": SequenceFactory(owner=user).pk if user else sequence.pk}

    training_samples = training_url_samples(establishment)
    projects_samples = projects_url_samples(establishment)
    return establishment, {
        "accounts:password_reset_confirm": {"uidb64": "MQ", "token": "set-password"},
        "accounts:invitation_accept": {"token": invitation.token},
        "accounts:invitation_cancel": {"pk": invitation.pk},
        "geo:establishment_detail": {"uai": establishment.uai},
        "geo:establishment_edit": {"uai": establishment.uai},
        "core:audit_object": {"content_type_id": event.content_type_id, "object_id": event.object_id},
        "referential:version_tree": {"version": skill.version.code},
        "referential:skill_detail": {"version": skill.version.code, "code": skill.code},
        "library:sheet_detail": {"slug": sheet.slug},
        "library:sheet_edit": own_draft,
        "library:sheet_submit": {"slug": sheet.slug},
        "library:sheet_publish": {"slug": sheet.slug},
        "library:sheet_send_back": {"slug": sheet.slug},
        "library:sheet_comment": {"slug": sheet.slug},
        "library:sheet_delete": {"slug": sheet.slug},
        "library:sheet_versions": {"slug": sheet.slug},
        "library:sheet_pdf": {"slug": sheet.slug},
        "library:sheet_print": {"slug": sheet.slug},
        "library:attachment": {"slug": sheet.slug, "pk": attachment.pk},
        "library:sequence_pdf": {"pk": sequence.pk},
        "library:sequence_print": {"pk": sequence.pk},
        **training_samples,
        "library:favourite_toggle": {"slug": sheet.slug},
        "library:sheet_add_to_sequence": {"slug": sheet.slug},
        "library:sequence_detail": {"pk": sequence.pk},
        "library:sequence_edit": own_sequence,
        "library:sequence_delete": {"pk": sequence.pk},
        "library:sequence_duplicate": {"pk": sequence.pk},
        "library:sequence_item_move": {"pk": sequence.pk, "item_pk": item.pk},
        "library:sequence_item_remove": {"pk": sequence.pk, "item_pk": item.pk},
        "library:sequence_item_note": {"pk": sequence.pk, "item_pk": item.pk},
        "library:programme_detail": {"slug": programme.slug},
        **territories_url_samples(establishment),
        **projects_samples,
        "reporting:dashboard": {"perimeter": f"etablissement-{establishment.uai}"},
        "reporting:export": {"perimeter": f"etablissement-{establishment.uai}", "fmt": "csv"},
        "reporting:annual_report": {"perimeter": f"etablissement-{establishment.uai}"},
        "api:indicator-figures": {"perimeter": f"etablissement-{establishment.uai}"},
        "api:referential-version-detail": {"code": skill.version.code},
        "api:sheet-detail": {"slug": sheet.slug},
        "api:sequence-detail": {"pk": sequence.pk},
        "api:establishment-detail": {"uai": establishment.uai},
        "api:course-detail": training_samples["training:course_detail"],
        "api:project-detail": projects_samples["projects:project_detail"],
        **evaluation_url_samples(establishment),
    }


@pytest.mark.parametrize("role", [*Role.values, None], ids=[*Role.values, "anonymous"])
def test_each_url_answers_each_role_as_its_rule_says(client, sample_kwargs, role):
    establishment, samples = sample_kwargs
    user = None
    if role is not None:
        # National perimeter for the wide roles, the school itself for the others: in perimeter either way.
        perimeter = None if role in ROLES_REQUIRING_SECOND_FACTOR else establishment
        user = user_with_role(role, perimeter)
        sign_in(client, user)
    unknown = []
    for name, route, callback in project_views():
        rule = getattr(callback, "semis_access", None)
        if rule is None:
            continue  # reported by test_every_view_declares_an_access_rule
        if "<" in route and name not in samples:
            unknown.append(name)
            continue
        kwargs = samples.get(name)
        url = reverse(name, kwargs=kwargs(user) if callable(kwargs) else kwargs)
        response = client.get(url)
        if rule.public:
            assert response.status_code < 500, f"{name}: {response.status_code}"
        elif role is None and getattr(callback, "semis_api", False):
            # The API answers a script, which cannot follow the sign-in page.
            assert response.status_code == 403, f"{name}: {response.status_code}"
        elif role is None:
            assert response.status_code == 302 and "/compte/connexion/" in response["Location"], name
        elif role in rule.roles:
            assert response.status_code not in (403, 404) and response.status_code < 500, (
                f"{name} as {role}: {response.status_code}"
            )
        else:
            assert response.status_code == 403, f"{name} as {role}: {response.status_code}"
    assert not unknown, "Add sample URL arguments for: " + ", ".join(unknown)
