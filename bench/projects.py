"""Projects benchmarks (issue 7), each printed as a ratio to a floor measured in the same run.

- The quality overview of a perimeter, over 60,000 projects and 2,000,000 logged sessions: the
  distribution of criteria (one GROUP BY over the stored results), against the same aggregate in
  raw SQL; and the whole page.
- The same for the national perimeter (every project, no perimeter filter).
- Scoring one project (reading its facts, applying the rules), against loading the rows it is read
  from in raw SQL (the target: within 3×), and with the ORM (printed too).

A throwaway test database is created on the configured database (SQLite unless DATABASE_URL says
PostgreSQL), filled with synthetic rows through bulk inserts, and dropped:

    SEMIS_ENV=test python -m bench.projects            # 60,000 projects, 2,000,000 sessions
    SEMIS_ENV=test python -m bench.projects --scale 0.1
"""

import argparse
import datetime
import logging
import os
import random
import time
import uuid
import warnings
from decimal import Decimal

import django

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "semis.settings")
django.setup()

from django.db import connection, transaction  # noqa: E402
from django.test import Client  # noqa: E402
from django.urls import reverse  # noqa: E402
from django.utils import timezone  # noqa: E402

PROJECTS = 60_000
SESSIONS = 2_000_000
SCHOOLS_PER_DEPARTEMENT = 600
BATCH = 5_000


def best(function, repeat: int = 7) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        function()
        times.append(time.perf_counter() - start)
    return min(times)


def chunks(items, size=BATCH):
    batch = []
    for item in items:
        batch.append(item)
        if len(batch) == size:
            yield batch
            batch = []
    if batch:
        yield batch


def load(model, fields, rows) -> None:
    """Write `rows` (tuples in `fields` order) straight into `model`'s table: COPY on PostgreSQL,
    executemany on SQLite — the ORM's bulk_create would take most of the run for millions of rows."""
    meta = model._meta
    columns = [meta.get_field(name) for name in fields]
    names = ", ".join(connection.ops.quote_name(column.column) for column in columns)
    table = connection.ops.quote_name(meta.db_table)

    def prepared(row):
        return [column.get_db_prep_save(value, connection) for column, value in zip(columns, row, strict=True)]

    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            with cursor.cursor.copy(f"COPY {table} ({names}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(prepared(row))
            return
        sql = f"INSERT INTO {table} ({names}) VALUES ({', '.join('%s' for _ in columns)})"
        for batch in chunks(rows, 50_000):
            cursor.executemany(sql, [prepared(row) for row in batch])


def build(projects: int, sessions: int):
    """Two académies of five départements; `projects` school projects with two groups each, their
    adults, partners, planned sequence, stored score, and `sessions` logged sessions."""
    from semis.accounts.enums import Role
    from semis.accounts.tests.factories import user_with_role
    from semis.geo.models import Academie, Commune, Departement, Establishment, Region, uai_check_letter
    from semis.library.tests.factories import ActivitySheetFactory, SequenceFactory
    from semis.projects.enums import EvaluationKind, FamilyInvolvement
    from semis.projects.models import (
        CriterionResult,
        DeliveredSession,
        Group,
        Project,
        ProjectAdult,
        ProjectPartner,
        ProjectScore,
        ProjectYear,
    )
    from semis.projects.scoring import AdultFacts, ContentFacts, GroupFacts, ProjectFacts, score

    rng = random.Random(7)
    region = Region.objects.create(code="52", name="Région de banc d'essai")
    academies = [Academie.objects.create(code=f"essai-{n}", name=f"Académie {n}", region=region) for n in (1, 2)]
    departements = [
        Departement.objects.create(code=f"{10 + n}", name=f"Département {n}", region=region, academie=academies[n % 2])
        for n in range(10)
    ]
    communes = Commune.objects.bulk_create(
        Commune(insee_code=f"{10 + n % 10}{n:03d}", name=f"Commune {n}", departement=departements[n % 10])
        for n in range(200)
    )
    schools_per_dep = max(1, min(SCHOOLS_PER_DEPARTEMENT, projects // 100))
    schools = Establishment.objects.bulk_create(
        (
            Establishment(
                uai=f"{n:07d}" + uai_check_letter(f"{n:07d}"),
                name=f"École {n}",
                kind="ecole_elementaire",
                commune=communes[n % 200],
            )
            for n in range(10 * schools_per_dep)
        ),
        batch_size=BATCH,
    )
    owner = user_with_role(Role.TEACHER, schools[0])
    sheets = [
        ActivitySheetFactory(
            safe_sequenced=True, safe_active=True, safe_focused=n % 3 != 0, safe_explicit=True, sources=["Source"]
        )
        for n in range(8)
    ]
    sequence = SequenceFactory(owner=owner, is_shared=True, sheets=sheets)
    year = 2025
    now = timezone.now()

    with transaction.atomic():
        rows = []
        for n in range(projects):
            school = schools[n % len(schools)]
            departement = school.commune.departement
            rows.append(
                Project(
                    carrier="school",
                    establishment=school,
                    region=region,
                    academie_id=departement.academie_id,
                    departement=departement,
                    title=f"Projet {n}",
                    first_year=year,
                    last_year=year + rng.randint(0, 2),
                    status=rng.choice(["draft", "submitted", "validated", "changes_requested"]),
                    family_involvement=rng.choice(FamilyInvolvement.values),
                    climate_team_commitment=rng.random() < 0.5,
                    support_followup=rng.random() < 0.4,
                    evaluation_kind=rng.choice(EvaluationKind.values),
                    created_by=owner,
                )
            )
        for batch in chunks(rows):
            Project.objects.bulk_create(batch)
        project_ids = list(Project.objects.order_by("pk").values_list("pk", flat=True))
        link = Project.sequences.through
        for batch in chunks(link(project_id=pk, sequence_id=sequence.pk) for pk in project_ids):
            link.objects.bulk_create(batch)
        for batch in chunks(ProjectYear(project_id=pk, school_year=year) for pk in project_ids):
            ProjectYear.objects.bulk_create(batch)
        year_of = dict(ProjectYear.objects.values_list("project_id", "pk"))
        groups = (
            Group(
                project_id=pk,
                year_id=year_of[pk],
                name=name,
                level="ce2",
                pupil_count=rng.randint(18, 30),
                planned_hours=Decimal(rng.choice(["4", "6", "8", "10"])),
            )
            for pk in project_ids
            for name in ("CE2 A", "CE2 B")
        )
        for batch in chunks(groups):
            Group.objects.bulk_create(batch)
        for batch in chunks(
            ProjectAdult(
                project_id=pk, full_name=f"Adulte {pk}", other_training_hours=Decimal(rng.choice([0, 6, 12, 18]))
            )
            for pk in project_ids
        ):
            ProjectAdult.objects.bulk_create(batch)
        for batch in chunks(
            ProjectPartner(project_id=pk, name="Accueil périscolaire", kind="periscolaire")
            for pk in project_ids
            if rng.random() < 0.5
        ):
            ProjectPartner.objects.bulk_create(batch)

    group_rows = list(Group.objects.order_by("pk").values_list("pk", "project_id"))
    first_day = datetime.date(year, 9, 15)
    per_group, extra = divmod(sessions, len(group_rows))
    fields = (
        "project",
        "group",
        "date",
        "activity",
        "minutes",
        "pupils_present",
        "adaptations",
        "fidelity",
        "engagement",
        "created_at",
        "submission_key",
    )
    with transaction.atomic():
        load(
            DeliveredSession,
            fields,
            (
                (
                    project_id,
                    group_id,
                    first_day + datetime.timedelta(days=7 * index),
                    "Séance",
                    45,
                    20,
                    "",
                    rng.randint(1, 4),
                    rng.randint(1, 4),
                    now,
                    uuid.uuid4(),
                )
                for number, (group_id, project_id) in enumerate(group_rows)
                for index in range(per_group + (1 if number < extra else 0))
            ),
        )

    # Stored scores, as the services would have left them (the rules applied to synthetic facts).
    with transaction.atomic():
        scores, results = [], []
        for pk in project_ids:
            facts = ProjectFacts(
                years_planned=rng.randint(1, 3),
                groups=(GroupFacts("A", rng.choice([240, 360, 480, 600])), GroupFacts("B", 480)),
                content=ContentFacts(
                    sessions=8, sequenced=8, active=8, focused=5, explicit=8, published_with_sources=8
                ),
                skills_targeted=rng.randint(0, 3),
                adults=(AdultFacts("A", rng.choice([0, 360, 720, 1080])),),
                support_followup=rng.random() < 0.4,
                family_involvement=rng.choice(FamilyInvolvement.values),
                partners=rng.randint(0, 2),
                climate_team_commitment=rng.random() < 0.5,
                evaluation=rng.choice(EvaluationKind.values),
                delivered_sessions=33,
                fidelity_points=rng.randint(33, 132),
            )
            result = score(facts)
            scores.append(
                ProjectScore(
                    project_id=pk,
                    score=result.score,
                    band=result.band,
                    rules_version=result.rules_version,
                    met_count=result.met_count,
                    partly_count=result.partly_count,
                    criterion_count=len(result.outcomes),
                    computed_at=now,
                )
            )
            results.extend((pk, o.code, o.status, dict(o.params)) for o in result.outcomes)
        for batch in chunks(scores):
            ProjectScore.objects.bulk_create(batch)
        load(CriterionResult, ("project", "criterion", "status", "params"), results)
    # A partner of the first académie reads its projects (half of them) and owes no second factor.
    return academies[0], user_with_role(Role.PARTNER, academies[0]), project_ids


RAW_DISTRIBUTION = """
SELECT r.criterion,
  SUM(CASE WHEN r.status = 'met' THEN 1 ELSE 0 END),
  SUM(CASE WHEN r.status = 'partly' THEN 1 ELSE 0 END),
  SUM(CASE WHEN r.status = 'not_met' THEN 1 ELSE 0 END)
FROM projects_criterionresult r JOIN projects_project p ON p.id = r.project_id
WHERE p.academie_id = %(a)s
GROUP BY r.criterion
"""

RAW_NATIONAL_DISTRIBUTION = """
SELECT criterion,
  SUM(CASE WHEN status = 'met' THEN 1 ELSE 0 END),
  SUM(CASE WHEN status = 'partly' THEN 1 ELSE 0 END),
  SUM(CASE WHEN status = 'not_met' THEN 1 ELSE 0 END)
FROM projects_criterionresult
GROUP BY criterion
"""

RAW_PROJECT_ROWS = [
    "SELECT * FROM projects_project WHERE id = %(p)s",
    "SELECT * FROM projects_projectyear WHERE project_id = %(p)s",
    "SELECT * FROM projects_group WHERE project_id = %(p)s",
    "SELECT i.*, s.safe_sequenced, s.safe_active, s.safe_focused, s.safe_explicit, s.status, s.sources "
    "FROM library_sequenceitem i JOIN library_activitysheet s ON s.id = i.sheet_id "
    "JOIN projects_project_sequences ps ON ps.sequence_id = i.sequence_id WHERE ps.project_id = %(p)s",
    "SELECT * FROM projects_projectadult WHERE project_id = %(p)s",
    "SELECT * FROM projects_projectpartner WHERE project_id = %(p)s",
    "SELECT * FROM projects_project_skills WHERE project_id = %(p)s",
    "SELECT fidelity FROM projects_deliveredsession WHERE project_id = %(p)s",
]


def orm_rows(pk: int) -> None:
    """The rows a project's score is read from, loaded as model instances: what a page showing them costs."""
    from semis.library.models import SequenceItem
    from semis.projects.models import DeliveredSession, Group, Project, ProjectAdult, ProjectPartner, ProjectYear

    list(Project.objects.filter(pk=pk))
    list(ProjectYear.objects.filter(project_id=pk))
    list(Group.objects.filter(project_id=pk).order_by("pk"))
    list(SequenceItem.objects.filter(sequence__cps_projects=pk).select_related("sheet").order_by("pk"))
    list(ProjectAdult.objects.filter(project_id=pk).order_by("pk"))
    list(ProjectPartner.objects.filter(project_id=pk).order_by("pk"))
    list(Project.skills.through.objects.filter(project_id=pk))
    list(DeliveredSession.objects.filter(project_id=pk).order_by("pk"))


def raw_rows(sqls, params) -> None:
    with connection.cursor() as cursor:
        for sql in sqls:
            cursor.execute(sql, params)
            cursor.fetchall()


def main() -> None:
    from semis.projects.models import Project
    from semis.projects.scoring import score
    from semis.projects.selectors import criteria_distribution, project_facts

    parser = argparse.ArgumentParser()
    parser.add_argument("--scale", type=float, default=1.0, help="share of 60,000 projects and 2,000,000 sessions")
    scale = parser.parse_args().scale
    projects, sessions = int(PROJECTS * scale), int(SESSIONS * scale)

    logging.getLogger("axes").setLevel(logging.WARNING)
    warnings.filterwarnings("ignore", message="No directory at")
    old_name = connection.creation.create_test_db(verbosity=0)
    try:
        started = time.perf_counter()
        academie, partner, project_ids = build(projects, sessions)
        print(
            f"{connection.vendor}: {projects:,} projects, {sessions:,} sessions built in "
            f"{time.perf_counter() - started:.0f} s"
        )

        visible = Project.objects.visible_to(partner)
        distribution_time = best(lambda: criteria_distribution(visible))
        raw_time = best(lambda: raw_rows([RAW_DISTRIBUTION], {"a": academie.pk}))
        rows = criteria_distribution(visible)
        assert sum(row.total for row in rows) == visible.count() * len(rows)
        client = Client()
        client.force_login(partner)
        url = reverse("projects:overview")
        assert client.get(url).status_code == 200
        page_time = best(lambda: client.get(url), repeat=5)
        print(
            f"overview of {visible.count():,} projects (criteria distribution): {distribution_time * 1000:.1f} ms, "
            f"raw aggregate SQL {raw_time * 1000:.1f} ms, ratio {distribution_time / raw_time:.2f} "
            f"(whole page: {page_time * 1000:.0f} ms)"
        )

        national = Project.objects.all()
        national_time = best(lambda: criteria_distribution(national))
        raw_national = best(lambda: raw_rows([RAW_NATIONAL_DISTRIBUTION], {}))
        print(
            f"national overview of {projects:,} projects: {national_time * 1000:.1f} ms, raw aggregate SQL "
            f"{raw_national * 1000:.1f} ms, ratio {national_time / raw_national:.2f}"
        )

        project = Project.objects.get(pk=project_ids[len(project_ids) // 2])
        scoring_time = best(lambda: score(project_facts(project)), repeat=21)
        raw_time = best(lambda: raw_rows(RAW_PROJECT_ROWS, {"p": project.pk}), repeat=21)
        orm_time = best(lambda: orm_rows(project.pk), repeat=21)
        print(
            f"scoring one project ({project.sessions.count()} sessions): {scoring_time * 1000:.2f} ms; "
            f"loading its rows in raw SQL {raw_time * 1000:.2f} ms, ratio {scoring_time / raw_time:.2f} "
            f"(target: within 3); with the ORM {orm_time * 1000:.2f} ms, ratio {scoring_time / orm_time:.2f}"
        )
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)


if __name__ == "__main__":
    main()
