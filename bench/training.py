"""Training planning benchmark (issue 5), printed as a ratio to a floor measured in the same run.

A national data set — 30 académies, 1,000 courses over two school years, 20,000 trainees with
their attendance, 300 professionnels-ressources — and the planning page of one académie, requested
through Django's test Client (middleware, session, second factor, selectors, template), against the
raw aggregate SQL that fetches the same figures. A throwaway test database is created on whatever
DATABASE_URL names (SQLite by default, PostgreSQL when it points there), filled and dropped:

    SEMIS_ENV=test python -m bench.training
"""

import datetime
import logging
import os
import random
import time
import warnings
from decimal import Decimal

import django

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "semis.settings")
django.setup()

from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from django.urls import reverse  # noqa: E402
from django.utils import timezone  # noqa: E402

from bench import Result  # noqa: E402

ACADEMIES = 30
REGIONS = 18
DEPARTEMENTS = 101
COURSES = 1000
TRAINEES_PER_COURSE = 20  # 20,000 enrolments
TRAINERS_PER_ACADEMIE = 10
HALF_DAYS = 4


def best(action, repeat: int) -> float:
    """The fastest of `repeat` runs after one untimed run: the machine's noise only ever adds time."""
    action()
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        action()
        times.append(time.perf_counter() - start)
    return min(times)


def build(year: int):
    """The national data set; returns the académie shown (the one with the most courses this year)."""
    from semis.accounts.models import User
    from semis.geo.models import Academie, Departement, Region
    from semis.training.enums import CoursePublic, CourseStatus, EnrolmentStatus, HalfDay
    from semis.training.models import (
        Attendance,
        Enrolment,
        SupervisionSession,
        Trainer,
        TrainingCourse,
        TrainingProgramme,
        TrainingSession,
        TrainingTarget,
    )

    rng = random.Random(5)
    regions = Region.objects.bulk_create(Region(code=f"R{n:02d}", name=f"Région {n}") for n in range(REGIONS))
    academies = Academie.objects.bulk_create(
        Academie(code=f"academie-{n:02d}", name=f"Académie {n:02d}", region=regions[n % REGIONS])
        for n in range(ACADEMIES)
    )
    departements = Departement.objects.bulk_create(
        Departement(code=f"{n:03d}", name=f"Département {n}", region=academies[n % ACADEMIES].region,
                    academie=academies[n % ACADEMIES])
        for n in range(DEPARTEMENTS)
    )  # fmt: skip
    by_academie = {a.pk: [d for d in departements if d.academie_id == a.pk] for a in academies}
    programmes = TrainingProgramme.objects.bulk_create(
        TrainingProgramme(name=f"Programme académique CPS {a.name}", academie=a) for a in academies
    )
    users = User.objects.bulk_create(
        User(email=f"formateur{n}@bench.fr", first_name="Prénom", last_name=f"Formateur {n:03d}", password="!")
        for n in range(ACADEMIES * TRAINERS_PER_ACADEMIE)
    )
    trainers = Trainer.objects.bulk_create(
        Trainer(user=u, academie=academies[n // TRAINERS_PER_ACADEMIE]) for n, u in enumerate(users)
    )
    statuses = [CourseStatus.COMPLETED] * 5 + [CourseStatus.PLANNED] * 4 + [CourseStatus.CANCELLED]
    publics = list(CoursePublic)
    courses = TrainingCourse.objects.bulk_create(
        TrainingCourse(
            programme=programmes[n % ACADEMIES],
            title=f"Stage {n}",
            public=publics[n % len(publics)],
            departement=rng.choice(by_academie[programmes[n % ACADEMIES].academie_id]),
            place="Inspé",
            capacity=TRAINEES_PER_COURSE,
            status=statuses[n % len(statuses)],
            school_year=year - n % 2,
        )
        for n in range(COURSES)
    )
    through = TrainingCourse.trainers.through
    through.objects.bulk_create(
        through(trainingcourse=c, trainer=trainers[(n % ACADEMIES) * TRAINERS_PER_ACADEMIE + k])
        for n, c in enumerate(courses)
        for k in rng.sample(range(TRAINERS_PER_ACADEMIE), 2)
    )
    sessions = TrainingSession.objects.bulk_create(
        TrainingSession(
            course=c,
            date=datetime.date(c.school_year, 10, 1) + datetime.timedelta(days=n % 150 + h // 2),
            half_day=HalfDay.MORNING if h % 2 == 0 else HalfDay.AFTERNOON,
            hours=Decimal("3"),
        )
        for n, c in enumerate(courses)
        for h in range(HALF_DAYS)
    )
    now = timezone.now()
    # A few people take two courses: planning counts each once, by e-mail.
    enrolments = Enrolment.objects.bulk_create(
        (
            Enrolment(
                course=c,
                email=f"enseignant{(n * TRAINEES_PER_COURSE + k) % 19000}@bench.fr",
                first_name="Prénom",
                last_name=f"Nom {k}",
                organisation="École",
                status=EnrolmentStatus.ENROLLED if k < 18 else EnrolmentStatus.WAITING,
                status_changed_at=now,
            )
            for n, c in enumerate(courses)
            for k in range(TRAINEES_PER_COURSE)
        ),
        batch_size=2000,
    )
    by_course = {}
    for s in sessions:
        by_course.setdefault(s.course_id, []).append(s)
    completed = {c.pk for c in courses if c.status == CourseStatus.COMPLETED}
    Attendance.objects.bulk_create(
        (
            Attendance(session=s, enrolment=e, present=present, hours=Decimal("3") if present else 0)
            for e in enrolments
            if e.course_id in completed and e.status == EnrolmentStatus.ENROLLED
            for s in by_course[e.course_id]
            for present in [rng.random() > 0.1]
        ),
        batch_size=5000,
    )
    TrainingTarget.objects.bulk_create(
        TrainingTarget(academie=a, school_year=y, public=p, teachers_to_train=300, courses_to_hold=15)
        for a in academies
        for y in (year - 1, year)
        for p in publics
    )
    supervisions = SupervisionSession.objects.bulk_create(
        SupervisionSession(
            programme=p, date=datetime.date(year, 11, 20), hours=3, facilitator="IREPS", school_year=year
        )
        for p in programmes
    )
    attendees = SupervisionSession.attendees.through
    attendees.objects.bulk_create(
        attendees(supervisionsession=s, trainer=t) for s in supervisions for t in trainers
        if t.academie_id == s.programme.academie_id and t.pk % 3
    )  # fmt: skip
    busiest = max(academies, key=lambda a: sum(1 for c in courses if c.programme.academie_id == a.pk
                                                 and c.school_year == year))  # fmt: skip
    return busiest


# The same figures as the planning page, fetched by hand: what the page cannot go below.
FLOOR = [
    # Académies offered in the picker.
    "SELECT id, code, name FROM geo_academie WHERE id IN (SELECT academie_id FROM training_trainingprogramme) "
    "ORDER BY name",
    # Courses by public, then by département: planned (not cancelled) and achieved (completed).
    "SELECT c.public, COUNT(*), SUM(CASE WHEN c.status = 'completed' THEN 1 ELSE 0 END) "
    "FROM training_trainingcourse c JOIN training_trainingprogramme p ON p.id = c.programme_id "
    "WHERE p.academie_id = %(a)s AND c.school_year = %(y)s AND c.status <> 'cancelled' GROUP BY c.public",
    "SELECT c.departement_id, COUNT(*), SUM(CASE WHEN c.status = 'completed' THEN 1 ELSE 0 END) "
    "FROM training_trainingcourse c JOIN training_trainingprogramme p ON p.id = c.programme_id "
    "WHERE p.academie_id = %(a)s AND c.school_year = %(y)s AND c.status <> 'cancelled' GROUP BY c.departement_id",
    # People by public, by département and in all: enrolled, and attended a completed course.
    *(
        f"SELECT {key} COUNT(DISTINCT e.email), COUNT(DISTINCT CASE WHEN c.status = 'completed' AND EXISTS "
        "(SELECT 1 FROM training_attendance t WHERE t.enrolment_id = e.id AND t.present) THEN e.email END) "
        "FROM training_enrolment e JOIN training_trainingcourse c ON c.id = e.course_id "
        "JOIN training_trainingprogramme p ON p.id = c.programme_id "
        "WHERE p.academie_id = %(a)s AND c.school_year = %(y)s AND c.status <> 'cancelled' "
        f"AND e.status = 'enrolled' {group}"
        for key, group in (
            ("c.public,", "GROUP BY c.public"),
            ("c.departement_id,", "GROUP BY c.departement_id"),
            ("", ""),
        )
    ),
    "SELECT public, teachers_to_train, courses_to_hold FROM training_trainingtarget "
    "WHERE academie_id = %(a)s AND school_year = %(y)s",
    "SELECT id, code, name FROM geo_departement WHERE academie_id = %(a)s ORDER BY code",
    # Trainers' load: courses and hours run this year, supervisions attended. (GROUP BY the trainer
    # leads SQLite to start from the trainer's index rather than from every course of the year.)
    "SELECT t.id, u.first_name, u.last_name, t.is_active, "
    "(SELECT COUNT(*) FROM training_trainingcourse c JOIN training_trainingcourse_trainers ct "
    " ON ct.trainingcourse_id = c.id WHERE c.school_year = %(y)s AND ct.trainer_id = t.id "
    " AND c.status <> 'cancelled' GROUP BY ct.trainer_id), "
    "(SELECT SUM(s.hours) FROM training_trainingsession s JOIN training_trainingcourse c "
    " ON c.id = s.course_id JOIN training_trainingcourse_trainers ct ON ct.trainingcourse_id = c.id "
    " WHERE c.school_year = %(y)s AND ct.trainer_id = t.id AND c.status <> 'cancelled' GROUP BY ct.trainer_id), "
    "(SELECT COUNT(*) FROM training_supervisionsession ss JOIN training_supervisionsession_attendees sa "
    " ON sa.supervisionsession_id = ss.id WHERE sa.trainer_id = t.id AND ss.school_year = %(y)s "
    " GROUP BY sa.trainer_id) "
    "FROM training_trainer t JOIN accounts_user u ON u.id = t.user_id WHERE t.academie_id = %(a)s "
    "ORDER BY u.last_name, u.first_name",
]


def floor(academie_id: int, year: int) -> None:
    with connection.cursor() as cursor:
        for sql in FLOOR:
            cursor.execute(sql, {"a": academie_id, "y": year})
            cursor.fetchall()


def main() -> None:
    from semis.accounts.enums import Role
    from semis.accounts.tests.factories import sign_in, user_with_role
    from semis.geo.models import Academie
    from semis.training.dates import school_year_of
    from semis.training.models import Attendance, Enrolment, TrainingCourse, TrainingProgramme
    from semis.training.selectors import academie_planning, trainers_with_load

    logging.getLogger("axes").setLevel(logging.WARNING)
    warnings.filterwarnings("ignore", message="No directory at")
    vendor = connection.vendor
    started = time.perf_counter()
    old_name = connection.creation.create_test_db(verbosity=0)
    try:
        year = school_year_of(timezone.localdate())
        academie = build(year)
        built = time.perf_counter()
        if vendor == "postgresql":
            # After a bulk load, as autovacuum would soon do: without statistics the planner guesses.
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE")
        shown = TrainingCourse.objects.filter(programme__academie=academie, school_year=year).count()
        print(
            f"Semis bench — planification de la formation ({'PostgreSQL' if vendor == 'postgresql' else 'SQLite'}) : "
            f"{ACADEMIES} académies, {TrainingCourse.objects.count()} stages, {Enrolment.objects.count()} "
            f"inscriptions, {Attendance.objects.count()} émargements ; académie affichée : {shown} stages cette année"
        )
        url = reverse("training:planning") + f"?academie={academie.code}&annee={year}"
        floor_time = best(lambda: floor(academie.pk, year), repeat=30)
        floor_name = f"{len(FLOOR)} requêtes SQL d'agrégat écrites à la main"
        admin = user_with_role(Role.NATIONAL_ADMIN, None)
        today = timezone.localdate()

        def selectors_alone():
            academie_planning(user=admin, academie=academie, year=year)
            trainers_with_load(user=admin, year=year, today=today, academie=academie)

        # The SQL the selectors send, timed inside the ORM: the part comparable with the floor.
        sql_times = []

        def timed(execute, sql, params, many, context):
            start = time.perf_counter()
            try:
                return execute(sql, params, many, context)
            finally:
                sql_times[-1] += time.perf_counter() - start

        for _ in range(20):
            sql_times.append(0.0)
            with connection.execute_wrapper(timed):
                selectors_alone()
        result = Result(
            name="SQL envoyé par les sélecteurs (chronométré dans l'ORM)",
            measured=min(sql_times[1:]),
            floor=floor_time,
            floor_name=floor_name,
        )
        print(result.line(), flush=True)
        with CaptureQueriesContext(connection) as queries:
            selectors_alone()
        result = Result(
            name=f"sélecteurs de la planification seuls ({len(queries.captured_queries)} requêtes ORM)",
            measured=best(selectors_alone, repeat=20),
            floor=floor_time,
            floor_name=floor_name,
        )
        print(result.line(), flush=True)
        # The same page for an académie without a course: what the page costs whatever the data.
        empty = Academie.objects.create(code="sans-stage", name="Académie sans stage", region=academie.region)
        TrainingProgramme.objects.create(name="Programme sans stage", academie=empty)
        empty_url = reverse("training:planning") + f"?academie={empty.code}&annee={year}"
        for label, user, address in (
            ("administration nationale", admin, url),
            ("pilote académique", user_with_role(Role.ACADEMIE_PILOT, academie), url),
            ("académie sans stage (coût fixe)", admin, empty_url),
        ):
            client = Client()
            sign_in(client, user)

            def page(client=client, address=address):
                response = client.get(address)
                assert response.status_code == 200, response.status_code

            page()
            with CaptureQueriesContext(connection) as queries:
                page()
            query_count = len(queries.captured_queries)  # read now: the next request clears the log
            result = Result(
                name=f"page de planification, {label} ({query_count} requêtes)",
                measured=best(page, repeat=20),
                floor=floor_time,
                floor_name=floor_name,
            )
            print(result.line(), flush=True)
        print(f"Durée totale : {time.perf_counter() - started:.0f} s (dont {built - started:.0f} s de préparation)")
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)


if __name__ == "__main__":
    main()
