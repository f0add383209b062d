"""Steering benchmarks (mission item 6), printed as ratios to a floor measured in the same run.

- Refreshing the indicators of a school year over a synthetic académie-sized data set, against the
  very GROUP BY statements the refresh sends, replayed through a bare cursor (what the database alone
  costs; the rest is the ORM, the Python roll-up and rewriting the summary table).
- The CSV and XLSX exports of a département with N schools and with 10× N: the peak Python memory of
  the 10× export over the 1× one (flat means close to 1; the floor is the 1× export).

A throwaway test database of the configured database (SQLite, or PostgreSQL with DATABASE_URL) is
created and dropped:

    SEMIS_ENV=test python -m bench.reporting [--scale 0.2]
"""

import argparse
import datetime
import logging
import os
import random
import time
import tracemalloc
import uuid
import warnings
from decimal import Decimal

import django

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "semis.settings")
django.setup()

from django.db import connection  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from django.utils import timezone  # noqa: E402

YEAR = 2025


def best(function, repeat: int = 5) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        function()
        times.append(time.perf_counter() - start)
    return min(times)


def schools(departement, count: int, start: int):
    from semis.geo.models import Commune, Establishment
    from semis.geo.tests.factories import valid_uai

    communes = Commune.objects.bulk_create(
        Commune(insee_code=f"{start + n:05d}", name=f"Commune {start + n}", departement=departement)
        for n in range(count // 4 + 1)
    )
    return Establishment.objects.bulk_create(
        (
            Establishment(
                uai=valid_uai(start + n), name=f"École {start + n}", kind="elementaire", commune=communes[n // 4]
            )
            for n in range(count)
        ),
        batch_size=2000,
    )


def build(scale: float):
    from semis.geo.models import Academie, Departement, Region
    from semis.projects.models import DeliveredSession, Group, Project, ProjectYear
    from semis.training.models import Attendance, Enrolment, TrainingCourse, TrainingProgramme, TrainingSession

    rng = random.Random(6)
    region = Region.objects.create(code="84", name="Région d'essai")
    academies = [Academie.objects.create(code=f"essai-{n}", name=f"Académie {n}", region=region) for n in range(3)]
    departements = [
        Departement.objects.create(code=f"{10 + n}", name=f"Département {n}", region=region, academie=academies[n % 3])
        for n in range(12)
    ]
    all_schools = []
    for index, departement in enumerate(departements):
        all_schools += schools(departement, int(500 * scale), 10_000 + index * 5_000)

    now = timezone.now()
    programmes = [TrainingProgramme.objects.create(name=f"Programme {a.name}", academie=a) for a in academies]
    courses = TrainingCourse.objects.bulk_create(
        TrainingCourse(
            programme=programmes[n % 3], title=f"Stage {n}", public="primary", departement=departements[n % 12],
            place="Inspé", capacity=30, school_year=YEAR, status="completed",
        )
        for n in range(int(400 * scale))
    )  # fmt: skip
    sessions = TrainingSession.objects.bulk_create(
        TrainingSession(course=c, date=datetime.date(YEAR, 11, 3 + h // 2), half_day=("am", "pm")[h % 2], hours=3)
        for c in courses
        for h in range(4)
    )
    by_course = {}
    for session in sessions:
        by_course.setdefault(session.course_id, []).append(session)
    enrolments = Enrolment.objects.bulk_create(
        (
            Enrolment(
                course=c, email=f"p{c.pk}-{n}@exemple.fr", first_name="A", last_name="B",
                establishment=rng.choice(all_schools), status="enrolled", status_changed_at=now,
            )
            for c in courses
            for n in range(25)
        ),
        batch_size=2000,
    )  # fmt: skip
    Attendance.objects.bulk_create(
        (
            Attendance(session=s, enrolment=e, present=True, hours=Decimal(3))
            for e in enrolments
            for s in by_course[e.course_id][: rng.choice((3, 4))]
        ),
        batch_size=5000,
    )
    carriers = all_schools[::2]
    projects = Project.objects.bulk_create(
        (
            Project(
                establishment=s, region=region, academie=s.commune.departement.academie,
                departement=s.commune.departement, title=f"Projet {s.uai}", first_year=YEAR, last_year=YEAR + 1,
                status=rng.choice(["draft", "submitted", "validated"]),
            )
            for s in carriers
        ),
        batch_size=2000,
    )  # fmt: skip
    years = ProjectYear.objects.bulk_create(ProjectYear(project=p, school_year=YEAR) for p in projects)
    groups = Group.objects.bulk_create(
        (Group(project=y.project, year=y, name="CE2", level="ce2", pupil_count=24, planned_hours=8) for y in years),
        batch_size=2000,
    )
    DeliveredSession.objects.bulk_create(
        (
            DeliveredSession(
                project=g.project, group=g, date=datetime.date(YEAR, 12, 1), activity="Cercle", minutes=45,
                pupils_present=22, fidelity=4, engagement=3, submission_key=uuid.uuid4(),
            )
            for g in groups
            for _ in range(10)
        ),
        batch_size=5000,
    )  # fmt: skip
    return departements[0]


def departement_schools(departement) -> int:
    from semis.geo.models import Establishment

    return Establishment.objects.filter(commune__departement=departement).count()


def replay(statements: list[str]) -> None:
    with connection.cursor() as cursor:
        for sql in statements:
            cursor.execute(sql)
            cursor.fetchall()


def export_peak(perimeter, fmt: str) -> tuple[int, int]:
    """Peak Python memory while the export is produced and read to the end, and the bytes it made."""
    from semis.reporting import exports, selectors

    tracemalloc.start()
    rows = selectors.export_rows(perimeter, YEAR)
    if fmt == "csv":
        response = exports.export_csv(rows, "bench.csv")
    else:
        response = exports.export_xlsx(rows, "bench.xlsx", "bench")
    size = sum(len(chunk) for chunk in response.streaming_content)
    response.close()
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    return peak, size


def main() -> None:
    from semis.accounts.enums import PerimeterKind
    from semis.reporting.perimeters import Perimeter
    from semis.reporting.services import indicators_refresh

    parser = argparse.ArgumentParser()
    parser.add_argument("--scale", type=float, default=1.0)
    scale = parser.parse_args().scale
    logging.getLogger("axes").setLevel(logging.WARNING)
    warnings.filterwarnings("ignore", message="No directory at")
    old_name = connection.creation.create_test_db(verbosity=0)
    try:
        start = time.perf_counter()
        departement = build(scale)
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE")
        print(f"data set built in {time.perf_counter() - start:.0f} s")

        with CaptureQueriesContext(connection) as captured:
            stored = indicators_refresh(school_year=YEAR)
        selects = [q["sql"] for q in captured.captured_queries if q["sql"].lstrip().upper().startswith("SELECT")]
        refresh_time = best(lambda: indicators_refresh(school_year=YEAR))
        raw_time = best(lambda: replay(selects))
        print(
            f"indicators refresh, {len(selects)} GROUP BY queries, {stored} figures stored: "
            f"{refresh_time * 1000:.0f} ms, the same SELECTs through a bare cursor {raw_time * 1000:.0f} ms, "
            f"ratio {refresh_time / raw_time:.2f}"
        )

        # The exports: a département of 1,000 schools, then of 10,000 (past the chunk the rows are read by).
        perimeter = Perimeter(PerimeterKind.DEPARTEMENT, departement)
        schools(departement, 1_000 - departement_schools(departement), 70_000)
        for fmt in ("csv", "xlsx"):
            export_peak(perimeter, fmt)  # imports and first-use caches are not the export's
        once = {fmt: export_peak(perimeter, fmt) for fmt in ("csv", "xlsx")}
        schools(departement, 9_000, 75_000)
        for fmt, (peak_1, size_1) in once.items():
            peak_10, size_10 = export_peak(perimeter, fmt)
            print(
                f"{fmt.upper()} export, 1,000 then 10,000 schools ({size_10 / size_1:.1f}× the bytes): "
                f"peak memory {peak_10 / 2**20:.1f} MiB against {peak_1 / 2**20:.1f} MiB, ratio {peak_10 / peak_1:.2f} "
                f"(flat: close to 1)"
            )
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)


if __name__ == "__main__":
    main()
