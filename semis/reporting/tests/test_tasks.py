import datetime
import io

import pytest
from django.core.management import call_command
from django.utils import timezone

from semis.core.scheduler import PeriodicScheduler
from semis.projects.tests.factories import this_school_year
from semis.reporting.models import IndicatorRefresh, IndicatorValue
from semis.reporting.services import refreshed_years
from semis.reporting.tests.factories import steering_data

REFRESH = "semis.reporting.tasks.refresh_indicators"


def test_the_worker_refreshes_the_current_and_previous_years_nightly(settings, run_worker):
    assert settings.PERIODIC_TASKS[REFRESH] == datetime.timedelta(hours=24)
    steering_data()
    assert PeriodicScheduler({REFRESH: datetime.timedelta(hours=24)}).tick(timezone.now()) == [REFRESH]

    run_worker()

    year = this_school_year()
    assert set(IndicatorRefresh.objects.values_list("school_year", flat=True)) == {year - 1, year}
    national = IndicatorValue.objects.get(school_year=year, perimeter_kind="national", indicator="trained_adults")
    assert national.value == 4


def test_refreshed_years_follow_the_school_year():
    assert refreshed_years(datetime.date(2026, 8, 31)) == [2024, 2025]
    assert refreshed_years(datetime.date(2026, 9, 1)) == [2025, 2026]


@pytest.mark.django_db
def test_the_command_refreshes_the_years_given():
    out = io.StringIO()
    call_command("refresh_indicators", "--year", "2023", "--year", "2024", stdout=out)
    assert set(IndicatorRefresh.objects.values_list("school_year", flat=True)) == {2023, 2024}
    assert "2024-2025: 0 figures stored" in out.getvalue()
