"""Background work of the steering pages: each task calls a service."""

from django.utils import timezone
from django_tasks import task

from semis.reporting import services


@task()
def refresh_indicators() -> int:
    """Enqueued nightly by the worker (settings.PERIODIC_TASKS); a refresh replaces what it computes, so
    running it twice is harmless."""
    return sum(services.indicators_refresh(school_year=year) for year in services.refreshed_years(timezone.localdate()))
