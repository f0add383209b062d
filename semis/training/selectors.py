"""Reads that a page builds from more than one query: the planning of an académie, trainers' load,
supervision status, questionnaire results. Every figure is aggregated in SQL; the number of
queries does not grow with rows."""

import datetime
from dataclasses import dataclass, field

from django.conf import settings
from django.db.models import Avg, Count, Exists, F, Max, Min, OuterRef, Q, Subquery

from semis.core.disclosure import disclose
from semis.geo.models import Departement
from semis.library.enums import SheetStatus
from semis.library.models import ActivitySheet, Sequence
from semis.training.dates import school_year_bounds
from semis.training.enums import CoursePublic, CourseStatus, EnrolmentStatus
from semis.training.feedback import GROUPS, ITEM_FIELDS, ITEMS, Agreement
from semis.training.models import (
    Attendance,
    Enrolment,
    SupervisionSession,
    Trainer,
    TrainingCourse,
    TrainingSession,
    TrainingTarget,
    counted,
    summed_hours,
)


def courses_filtered(
    queryset, *, q=None, status=None, public=None, year=None, short=False, academie=None, departement=None
):
    """The course list's filters, for the web page and the API alike, on a queryset annotated by
    `with_totals()` (`short` reads its planned hours). A value left empty, or outside its choices,
    filters nothing: each caller has already said what a bad value means to it."""
    if q:
        queryset = queryset.filter(Q(title__icontains=q) | Q(place__icontains=q))
    if status in CourseStatus.values:
        queryset = queryset.filter(status=status)
    if public in CoursePublic.values:
        queryset = queryset.filter(public=public)
    if year:
        queryset = queryset.for_school_year(year)
    if short:
        queryset = queryset.filter(planned_hours__lt=settings.TRAINING_MIN_HOURS)
    if academie:
        queryset = queryset.filter(programme__academie__code=academie)
    if departement:
        queryset = queryset.filter(departement__code=departement)
    return queryset


@dataclass
class CourseContent:
    sheets: list[ActivitySheet]
    sequences: list[Sequence]

    def __bool__(self):
        return bool(self.sheets or self.sequences)


def course_content(*, user, course) -> CourseContent:
    """The library sheets and sequences a course lists, as far as `user` may open them now (a sheet
    sent back to review since, or a sequence no longer shared, is left out). Two queries."""
    sheets = (
        ActivitySheet.objects.visible_to(user)
        .filter(status=SheetStatus.PUBLISHED, training_courses=course)
        .only("slug", "title", "duration_minutes", "summary")
        .order_by("title", "pk")
    )
    sequences = (
        Sequence.objects.visible_to(user)
        .filter(is_shared=True, training_courses=course)
        .annotate(item_count=Count("items"))
        .order_by("title", "pk")
    )
    return CourseContent(sheets=list(sheets), sequences=list(sequences))


def own_enrolments(user) -> list[Enrolment]:
    """The user's own enrolments in the cascade (enrolled or waiting), newest course first, each with
    the hours attended and planned, the dates of its course and its attestation: one query.

    "Own" is the enrolment under the account's e-mail address (TrainingScopedQuerySet explains why)."""
    sessions = TrainingSession.objects.filter(course=OuterRef("course")).values("course")
    return list(
        Enrolment.objects.visible_to(user)
        .filter(email=user.email)
        .active()
        .with_attended_hours()
        .annotate(
            planned_hours=summed_hours(sessions),
            first_date=Subquery(sessions.order_by().annotate(d=Min("date")).values("d")),
            last_date=Subquery(sessions.order_by().annotate(d=Max("date")).values("d")),
        )
        .select_related("course", "attestation")
        .order_by("-course__school_year", F("first_date").desc(nulls_last=True), "pk")
    )


def supervisions_expected(*, year: int, today: datetime.date, per_year: int) -> int:
    """How many supervisions a trainer owes by `today` in school year `year`: the twelve months are
    cut into `per_year` equal periods (September–February and March–August for 2), and one
    supervision is owed once each period is over."""
    start, end = school_year_bounds(year)
    if today > end:
        return per_year
    if today < start:
        return 0
    months_over = (today.year - start.year) * 12 + today.month - start.month
    return per_year * months_over // 12


@dataclass
class PlanningRow:
    label: str
    target_teachers: int | None = None
    target_courses: int | None = None
    planned_courses: int = 0
    achieved_courses: int = 0
    planned_teachers: int = 0
    achieved_teachers: int = 0


@dataclass
class Planning:
    by_public: list[PlanningRow] = field(default_factory=list)
    total: PlanningRow | None = None
    by_departement: list[PlanningRow] = field(default_factory=list)


def _course_counts(courses, key: str) -> dict:
    counts = {}
    for row in courses.values(key).annotate(
        planned=Count("pk"), achieved=Count("pk", filter=Q(status=CourseStatus.COMPLETED))
    ):
        counts[row[key]] = (row["planned"], row["achieved"])
    return counts


def _teacher_counts(enrolments, key: str | None) -> dict:
    """Distinct people (by e-mail) enrolled, and those who attended a completed course.

    "Attended" is an EXISTS on the attendance rows, not a join: a join repeats each enrolment once
    per half-day marked, and the distinct count then sorts four times the rows (bench/training.py)."""
    attended = Exists(Attendance.objects.filter(enrolment=OuterRef("pk"), present=True))
    aggregates = {
        "planned": Count("email", distinct=True),
        "achieved": Count("email", distinct=True, filter=Q(course__status=CourseStatus.COMPLETED) & Q(attended)),
    }
    if key is None:
        row = enrolments.aggregate(**aggregates)
        return {None: (row["planned"], row["achieved"])}
    return {row[key]: (row["planned"], row["achieved"]) for row in enrolments.values(key).annotate(**aggregates)}


def academie_planning(*, user, academie, year: int) -> Planning:
    """Targets against planned (courses not cancelled, people enrolled) and achieved (courses closed,
    people who attended) for one académie and school year, by public and by département."""
    courses = (
        TrainingCourse.objects.visible_to(user)
        .filter(programme__academie=academie)
        .for_school_year(year)
        .not_cancelled()
        .order_by()
    )
    enrolments = Enrolment.objects.filter(course__in=courses.values("pk"), status=EnrolmentStatus.ENROLLED).order_by()
    targets = {t.public: t for t in TrainingTarget.objects.visible_to(user).filter(academie=academie, school_year=year)}
    by_public_courses = _course_counts(courses, "public")
    by_public_teachers = _teacher_counts(enrolments, "course__public")
    planning = Planning()
    for public, label in CoursePublic.choices:
        target = targets.get(public)
        planned_courses, achieved_courses = by_public_courses.get(public, (0, 0))
        planned_teachers, achieved_teachers = by_public_teachers.get(public, (0, 0))
        planning.by_public.append(
            PlanningRow(
                label=str(label),
                target_teachers=target.teachers_to_train if target else None,
                target_courses=target.courses_to_hold if target else None,
                planned_courses=planned_courses,
                achieved_courses=achieved_courses,
                planned_teachers=planned_teachers,
                achieved_teachers=achieved_teachers,
            )
        )
    planned_teachers, achieved_teachers = _teacher_counts(enrolments, None)[None]
    planning.total = PlanningRow(
        label="",
        target_teachers=sum(t.teachers_to_train for t in targets.values()) if targets else None,
        target_courses=sum(t.courses_to_hold for t in targets.values()) if targets else None,
        planned_courses=sum(row.planned_courses for row in planning.by_public),
        achieved_courses=sum(row.achieved_courses for row in planning.by_public),
        planned_teachers=planned_teachers,
        achieved_teachers=achieved_teachers,
    )
    by_dept_courses = _course_counts(courses, "departement")
    by_dept_teachers = _teacher_counts(enrolments, "course__departement")
    for departement in Departement.objects.filter(academie=academie).order_by("code"):
        planned_courses, achieved_courses = by_dept_courses.get(departement.pk, (0, 0))
        planned_teachers, achieved_teachers = by_dept_teachers.get(departement.pk, (0, 0))
        planning.by_departement.append(
            PlanningRow(
                label=str(departement),
                planned_courses=planned_courses,
                achieved_courses=achieved_courses,
                planned_teachers=planned_teachers,
                achieved_teachers=achieved_teachers,
            )
        )
    return planning


def trainers_with_load(*, user, year: int, today: datetime.date, academie=None):
    """Trainers the user sees, each annotated with the courses and hours they run in the school
    year, the supervisions they attended, how many were due by `today`, and `is_late`."""
    courses = TrainingCourse.objects.filter(trainers=OuterRef("pk"), school_year=year).exclude(
        status=CourseStatus.CANCELLED
    )
    sessions = TrainingSession.objects.filter(course__trainers=OuterRef("pk"), course__school_year=year).exclude(
        course__status=CourseStatus.CANCELLED
    )
    supervisions = SupervisionSession.objects.filter(attendees=OuterRef("pk"), school_year=year)
    trainers = Trainer.objects.visible_to(user).with_list_related_data()
    if academie is not None:
        trainers = trainers.filter(academie=academie)
    trainers = trainers.annotate(
        course_count=counted(courses.values("trainers")),
        hours_run=summed_hours(sessions.values("course__trainers")),
        supervision_count=counted(supervisions.values("attendees")),
    )
    per_year = settings.TRAINING_SUPERVISIONS_PER_YEAR
    expected = supervisions_expected(year=year, today=today, per_year=per_year)
    rows = list(trainers)
    for trainer in rows:
        trainer.supervisions_due = expected if trainer.is_active else 0
        trainer.is_late = trainer.is_active and trainer.supervision_count < expected
    return rows


@dataclass
class FeedbackItemResult:
    label: str
    group: str
    average: float
    agree_share: int  # per cent answering 4 or 5


@dataclass
class FeedbackSummary:
    count: int
    threshold: int
    shown: bool
    items: list[FeedbackItemResult] = field(default_factory=list)
    comments: list[str] = field(default_factory=list)


def feedback_summary(responses, *, with_comments: bool = False) -> FeedbackSummary:
    """Averages and agreement shares of the questionnaire answers in `responses`, in one query; when
    semis.core.disclosure.disclose hides their count (under AGGREGATE_MIN_RESPONDENTS answers), only
    their number is told."""
    aggregates = {"n": Count("pk")}
    for item in ITEM_FIELDS:
        aggregates[f"{item}__avg"] = Avg(item)
        aggregates[f"{item}__agree"] = Count("pk", filter=Q(**{f"{item}__gte": Agreement.AGREE}))
    row = responses.order_by().aggregate(**aggregates)
    cell = disclose(row["n"])
    summary = FeedbackSummary(count=cell.n, threshold=cell.threshold, shown=cell.shown)
    if not summary.shown:
        return summary
    summary.items = [
        FeedbackItemResult(
            label=str(label),
            group=str(GROUPS[group]),
            average=round(row[f"{item}__avg"], 1),
            agree_share=round(100 * row[f"{item}__agree"] / row["n"]),
        )
        for item, label, group in ITEMS
    ]
    if with_comments:
        # Ordered by their random id: the order says nothing of who answered when.
        summary.comments = list(responses.exclude(comment="").order_by("pk").values_list("comment", flat=True))
    return summary
