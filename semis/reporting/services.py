"""Computing the steering indicators into the summary table (semis.reporting.models).

Each family of indicators is one GROUP BY query per perimeter kind: the number of queries is fixed,
whatever the number of régions, schools or territories. A refresh replaces a school year's values in
one transaction, so readers see the old figures or the new ones, never half of each, and running it
twice gives the same table.
"""

from collections import defaultdict
from decimal import Decimal

from django.conf import settings
from django.db import connection, transaction
from django.db.models import Count, F, IntegerField, Q, Sum, Value
from django.db.models.functions import Coalesce
from django.utils import timezone

from semis.accounts.enums import PerimeterKind
from semis.projects.models import DeliveredSession, Group, Project
from semis.reporting.indicators import BY_CODE
from semis.reporting.models import IndicatorRefresh, IndicatorValue
from semis.territories.enums import StageStatus
from semis.territories.models import Territory
from semis.training.dates import school_year_bounds, school_year_of
from semis.training.enums import CourseStatus
from semis.training.models import Attendance, TrainingCourse

K = PerimeterKind
NATIONAL_KEY = Value(0, output_field=IntegerField())

# Where a trainee counts: their school's place, else (out of school) the course's.
ENROLMENT_KEYS = {
    K.NATIONAL: NATIONAL_KEY,
    K.REGION: Coalesce(
        "enrolment__establishment__commune__departement__region", "session__course__departement__region"
    ),
    K.ACADEMIE: Coalesce(
        "enrolment__establishment__commune__departement__academie", "session__course__programme__academie"
    ),
    K.DEPARTEMENT: Coalesce("enrolment__establishment__commune__departement", "session__course__departement"),
    K.TERRITORY: F("enrolment__establishment__commune__territories"),
    K.ESTABLISHMENT: F("enrolment__establishment"),
}

COURSE_KEYS = {
    K.NATIONAL: NATIONAL_KEY,
    K.REGION: F("departement__region"),
    K.ACADEMIE: F("programme__academie"),
    K.DEPARTEMENT: F("departement"),
}


def project_keys(prefix: str = "") -> dict:
    """A project keeps its région, académie and département on its row (semis.projects.models); a school
    project lies in every territory holding its school's commune, a territory project in its own."""
    p = prefix
    return {
        K.NATIONAL: NATIONAL_KEY,
        K.REGION: F(f"{p}region"),
        K.ACADEMIE: F(f"{p}academie"),
        K.DEPARTEMENT: F(f"{p}departement"),
        K.TERRITORY: Coalesce(f"{p}territory", f"{p}establishment__commune__territories"),
        K.ESTABLISHMENT: F(f"{p}establishment"),
    }


TERRITORY_KEYS = {
    K.NATIONAL: NATIONAL_KEY,
    K.REGION: F("region"),
    K.ACADEMIE: F("communes__departement__academie"),
    K.DEPARTEMENT: F("communes__departement"),
    K.TERRITORY: F("pk"),
}


def _grouped(queryset, keys: dict, **aggregates):
    """{kind: rows} where each row is the aggregates of one perimeter of that kind, as a dict with "key"."""
    return {
        kind: queryset.order_by().values(key=key).annotate(**aggregates).filter(key__isnull=False)
        for kind, key in keys.items()
    }


def _trained(school_year: int):
    """Trained adults and their schools: hours summed per person within each perimeter (inner query), then
    the persons and schools at or above the threshold counted per perimeter (outer query), in SQL."""
    attended = Attendance.objects.filter(present=True, session__course__school_year=school_year).exclude(
        session__course__status=CourseStatus.CANCELLED
    )
    for kind, key in ENROLMENT_KEYS.items():
        inner = (
            attended.order_by()
            .values(key=key, person=F("enrolment__email"), school=F("enrolment__establishment"))
            .annotate(hours=Sum("hours"))
            .filter(hours__gte=settings.TRAINING_MIN_HOURS, key__isnull=False)
        )
        sql, params = inner.query.sql_with_params()
        with connection.cursor() as cursor:
            cursor.execute(
                f"SELECT t.key, COUNT(DISTINCT t.person), COUNT(DISTINCT t.school) FROM ({sql}) t GROUP BY t.key",  # noqa: S608 (the ORM's own SQL, parameters apart)
                params,
            )
            for key, adults, schools in cursor.fetchall():
                yield kind, key, "trained_adults", adults
                yield kind, key, "schools_with_trained_adult", schools


def _courses(school_year: int):
    held = TrainingCourse.objects.filter(school_year=school_year, status=CourseStatus.COMPLETED)
    for kind, rows in _grouped(
        held, COURSE_KEYS, courses=Count("pk", distinct=True), hours=Sum("sessions__hours")
    ).items():
        for row in rows:
            yield kind, row["key"], "courses_held", row["courses"]
            yield kind, row["key"], "training_hours", row["hours"]


def _projects(school_year: int):
    covering = Project.objects.covering(school_year)
    for kind, key in project_keys().items():
        rows = (
            covering.order_by()
            .values("status", key=key, band=F("score__band"))
            .annotate(n=Count("pk", distinct=True))
            .filter(key__isnull=False)
        )
        totals = defaultdict(int)
        for row in rows:
            totals[(row["key"], "projects")] += row["n"]
            totals[(row["key"], f"projects_{row['status']}")] += row["n"]
            if row["band"]:
                totals[(row["key"], f"projects_band_{row['band']}")] += row["n"]
        for (key, code), value in totals.items():
            yield kind, key, code, value


def _sessions(school_year: int):
    logged = DeliveredSession.objects.filter(group__year__school_year=school_year)
    for kind, rows in _grouped(
        logged, project_keys("project__"), n=Count("pk", distinct=True), minutes=Sum("minutes")
    ).items():
        for row in rows:
            yield kind, row["key"], "sessions_logged", row["n"]
            yield kind, row["key"], "minutes_delivered", row["minutes"]


def _pupils(school_year: int):
    groups = Group.objects.filter(year__school_year=school_year)
    for kind, rows in _grouped(groups, project_keys("project__"), pupils=Sum("pupil_count")).items():
        for row in rows:
            yield kind, row["key"], "pupils_reached", row["pupils"]


def _territories(school_year: int):
    start, end = school_year_bounds(school_year)
    stage_in_year = (
        Q(stages__status__in=[StageStatus.IN_PROGRESS, StageStatus.DONE])
        & (Q(stages__start_date__isnull=True) | Q(stages__start_date__lte=end))
        & (Q(stages__end_date__isnull=True) | Q(stages__end_date__gte=start))
    )
    # One filter() call: the three conditions hold for the same stage.
    active = Territory.objects.filter(stage_in_year)
    for kind, rows in _grouped(active, TERRITORY_KEYS, n=Count("pk", distinct=True)).items():
        for row in rows:
            yield kind, row["key"], "territories_active", row["n"]


FAMILIES = [_trained, _courses, _projects, _sessions, _pupils, _territories]


def indicator_values(school_year: int) -> list[IndicatorValue]:
    """Every non-zero figure of the school year, in every perimeter, unsaved."""
    values = []
    for family in FAMILIES:
        for kind, key, code, value in family(school_year):
            if not value or not BY_CODE[code].applies_to(kind):
                continue
            values.append(
                IndicatorValue(
                    school_year=school_year,
                    perimeter_kind=kind,
                    perimeter_id=None if kind == K.NATIONAL else key,
                    indicator=code,
                    value=Decimal(value),
                )
            )
    return values


def refreshed_years(today) -> list[int]:
    """The school years a periodic refresh recomputes: the current one, and the previous one, which late
    entries (attendance, sessions logged after the summer) still change."""
    current = school_year_of(today)
    return [current - 1, current]


@transaction.atomic
def indicators_refresh(*, school_year: int) -> int:
    """Recompute a school year's indicators in every perimeter, replacing the stored ones; returns the
    number of figures stored."""
    values = indicator_values(school_year)
    IndicatorValue.objects.filter(school_year=school_year).delete()
    IndicatorValue.objects.bulk_create(values, batch_size=1000)
    IndicatorRefresh.objects.update_or_create(school_year=school_year, defaults={"computed_at": timezone.now()})
    return len(values)
