"""Background work of the training cascade: each task loads its rows by id and calls a service."""

from django.utils import timezone
from django_tasks import task

from semis.training import services
from semis.training.models import Attestation


@task()
def render_attestation(*, attestation_id: int) -> bool:
    """Write one attestation's PDF; False when the attestation no longer exists."""
    attestation = Attestation.objects.filter(pk=attestation_id).first()
    if attestation is None:
        return False
    services.attestation_render(attestation=attestation)
    return True


@task()
def send_followup_reminders() -> int:
    """Enqueued periodically by the worker (settings.PERIODIC_TASKS); safe to run any number of times."""
    return services.followup_send_reminders(today=timezone.localdate())
