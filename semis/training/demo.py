"""The training cascade of the académie de Nantes as demo data (DOMAIN.md §1): last school year,
18 stages for more than 400 teachers, closed, with their trained teams, 2-year follow-up under way
and end-of-course questionnaires; this year, a few stages planned or just held; the professionnels-ressources and their
supervision; yearly targets.

Dates are relative to today, so the scenario stays current. Written through the services, as a
pilot and the trainers would. Idempotent: a course whose title exists in the programme is skipped.
"""

import datetime
from decimal import Decimal

from django.utils import timezone

from semis.accounts.enums import PerimeterKind, Role
from semis.accounts.models import User
from semis.accounts.services import role_assign
from semis.geo.enums import EstablishmentKind
from semis.geo.models import Academie, Commune, Establishment
from semis.library.models import ActivitySheet
from semis.training import services
from semis.training.dates import school_year_of
from semis.training.enums import CoursePublic, EnrolmentStatus, HalfDay
from semis.training.feedback import ITEM_FIELDS
from semis.training.models import Enrolment, FollowUp, TrainingCourse, TrainingProgramme
from semis.training.services import ImportRow, SessionSpec

PROGRAMME_NAME = "Programme académique CPS — Académie de Nantes"
# The core demo's teacher (semis.core.demo.PEOPLE), enrolled under her account's address.
TRAINEE = ("enseignante.nantes", "Élise", "Enseignante")
DEPARTEMENTS = ["44", "49", "85", "72", "53"]
# Where the stages of each département are held (1er degré and inter-degré, 2nd degré).
PLACES = {
    "44": ("Inspé de Nantes", "Collège Victor-Hugo, Nantes — salle de formation"),
    "49": ("Inspé d'Angers", "Collège Jean-Moulin, Angers — salle de formation"),
    "85": ("Inspé de La Roche-sur-Yon", "Collège Simone-Veil, La Roche-sur-Yon — salle polyvalente"),
    "72": ("Inspé du Mans", "Collège Albert-Camus, Le Mans — salle de formation"),
    "53": ("Inspé de Laval", "Collège Anne-Frank, Laval — salle de formation"),
}
COMMUNES_PER_DEPARTEMENT = 8

# (e-mail local part, first name, last name, function)
TRAINERS = [
    ("formatrice.nantes", "Fanny", "Formatrice", "Conseillère pédagogique de circonscription"),
    ("formateur.brevet", "Hugo", "Brevet", "Conseiller principal d'éducation"),
    ("formatrice.loire", "Inès", "Loire", "Infirmière scolaire"),
    ("formateur.anjou", "Julien", "Anjou", "Professeur des écoles maître formateur"),
    ("formatrice.vendee", "Karine", "Vendée", "Psychologue de l'Éducation nationale"),
    ("formateur.maine", "Lucas", "Maine", "Conseiller pédagogique départemental"),
    ("formatrice.mayenne", "Maëlle", "Mayenne", "Professeure de SVT"),
    ("formateur.sarthe", "Nathan", "Sarthe", "Conseiller principal d'éducation"),
]

PRIMARY_NAMES = [
    "Jules-Ferry", "Jean-Jaurès", "Louise-Michel", "Les Tilleuls", "Paul-Bert", "Le Petit Prince",
    "Marie-Curie", "Les Coquelicots", "Jacques-Prévert", "La Fontaine", "Robert-Desnos", "Les Marronniers",
]  # fmt: skip
SECONDARY_NAMES = [
    "Victor-Hugo", "Jean-Moulin", "Simone-Veil", "Albert-Camus", "Anne-Frank", "Pierre-et-Marie-Curie",
    "Rosa-Parks", "Aristide-Briand", "Georges-Brassens", "Olympe-de-Gouges", "Jean-Monnet", "Lucie-Aubrac",
]  # fmt: skip
FIRST_NAMES = [
    "Camille", "Léa", "Manon", "Chloé", "Emma", "Inès", "Sarah", "Julie", "Laura", "Marion", "Pauline", "Claire",
    "Élodie", "Aurélie", "Sophie", "Anne", "Thomas", "Nicolas", "Julien", "Maxime", "Antoine", "Romain",
    "Mathieu", "Pierre", "Yann", "Erwan", "Karim", "Samir", "Nadia", "Fatou",
]  # fmt: skip
LAST_NAMES = [
    "Martin", "Bernard", "Dubois", "Thomas", "Robert", "Richard", "Petit", "Durand", "Leroy", "Moreau", "Simon",
    "Laurent", "Lefebvre", "Michel", "Garcia", "David", "Bertrand", "Roux", "Vincent", "Fournier", "Morel",
    "Girard", "André", "Mercier", "Dupont", "Lambert", "Bonnet", "François", "Martinez", "Legrand", "Garnier",
    "Faure", "Rousseau", "Blanc", "Guérin", "Muller", "Henry", "Roussel", "Nicolas", "Perrin",
]  # fmt: skip

# (title, public, département, half-days) — last school year's 18 stages; two are short (9 h).
LAST_YEAR_COURSES = [
    ("Développer les CPS des élèves en cycle 2", CoursePublic.PRIMARY, "44", 4),
    ("Développer les CPS des élèves en cycle 3", CoursePublic.PRIMARY, "44", 4),
    ("Émotions et climat de classe en maternelle", CoursePublic.PRIMARY, "44", 4),
    ("CPS et climat scolaire au collège", CoursePublic.SECONDARY, "44", 4),
    ("Liaison école-collège : une progression CPS", CoursePublic.INTER_DEGREE, "44", 4),
    ("Cercles de parole et écoute empathique", CoursePublic.PRIMARY, "44", 3),
    ("Développer les CPS des élèves en cycle 2", CoursePublic.PRIMARY, "49", 4),
    ("Développer les CPS des élèves en cycle 3", CoursePublic.PRIMARY, "49", 4),
    ("CPS et climat scolaire au collège", CoursePublic.SECONDARY, "49", 4),
    ("Gérer son stress et celui des élèves", CoursePublic.SECONDARY, "49", 4),
    ("Développer les CPS des élèves en cycle 2", CoursePublic.PRIMARY, "85", 4),
    ("CPS et climat scolaire au collège", CoursePublic.SECONDARY, "85", 4),
    ("Liaison école-collège : une progression CPS", CoursePublic.INTER_DEGREE, "85", 4),
    ("Développer les CPS des élèves en cycle 3", CoursePublic.PRIMARY, "72", 4),
    ("CPS et climat scolaire au collège", CoursePublic.SECONDARY, "72", 4),
    ("Émotions et climat de classe en maternelle", CoursePublic.PRIMARY, "72", 3),
    ("Développer les CPS des élèves en cycle 2", CoursePublic.PRIMARY, "53", 4),
    ("CPS et climat scolaire au collège", CoursePublic.SECONDARY, "53", 4),
]

# Library sheets the stages have trainees live, by public (linked when the library is loaded).
COURSE_SHEETS = {
    CoursePublic.PRIMARY: [
        "La ronde des émotions : reconnaître et nommer cinq émotions",
        "Le thermomètre des émotions : mesurer la force de ce que je ressens",
        "Respirer pour se poser : trois respirations à emporter",
        "Le tapis de la paix : régler ses petits conflits à deux",
    ],
    CoursePublic.SECONDARY: [
        "Le message-je : exprimer ses émotions sans blesser",
        "Apprivoiser le stress des examens",
        "Savoir dire non, même quand l'autre insiste",
        "Résoudre un conflit en six étapes : initiation à la médiation",
    ],
    CoursePublic.INTER_DEGREE: [
        "Le journal météo de mes émotions",
        "Qui peut m'aider ? Oser demander de l'aide, pour soi ou pour un ami",
        "Résoudre un conflit en six étapes : initiation à la médiation",
    ],
}

SHEETS = [
    "La météo des émotions",
    "Le bâton de parole",
    "Les messages clairs",
    "Le jeu des qualités",
    "Respirer comme un ballon",
    "Le conseil coopératif",
]
DIFFICULTIES = [
    "Trouver un créneau régulier dans l'emploi du temps.",
    "Une classe agitée en fin de journée : les séances sont plus courtes que prévu.",
    "Peu de temps pour préparer à plusieurs.",
    "",
]
NEEDS = [
    "Une séance co-animée avec la professionnelle-ressource.",
    "Des fiches pour le cycle 3.",
    "Associer les parents lors d'une réunion de rentrée.",
    "Partager les outils avec les collègues non formés.",
]
COMMENTS = [
    "Vivre les activités avant de les mener change tout.",
    "J'aurais aimé plus de temps sur la gestion des conflits.",
    "Des fiches directement utilisables, merci.",
]
NEXT_STEPS = [
    "Inscrire deux séances CPS par période dans le projet d'école.",
    "Rencontre de l'équipe au prochain conseil des maîtres.",
    "Présenter la démarche en conseil pédagogique.",
]


class _Demo:
    """What the core demo hands over: the accounts' domain and password, and how it numbers schools."""

    def __init__(self, *, domain: str, password: str, make_uai):
        self.domain, self.password, self.make_uai = domain, password, make_uai

    def email(self, local: str) -> str:
        return f"{local}@{self.domain}"


def _weekday_on_or_after(day: datetime.date) -> datetime.date:
    return day + datetime.timedelta(days={5: 2, 6: 1}.get(day.weekday(), 0))


def _sessions(start: datetime.date, half_days: int) -> list[SessionSpec]:
    first = _weekday_on_or_after(start)
    second = _weekday_on_or_after(first + datetime.timedelta(days=1))
    slots = [
        (first, HalfDay.MORNING),
        (first, HalfDay.AFTERNOON),
        (second, HalfDay.MORNING),
        (second, HalfDay.AFTERNOON),
    ]
    return [SessionSpec(date=d, half_day=h, hours=Decimal("3")) for d, h in slots[:half_days]]


def _schools(demo: _Demo, core_schools: list[Establishment]) -> dict[str, dict[str, list[Establishment]]]:
    """Per département, primary and secondary schools: the core demo's first, then fictional ones in
    the largest communes."""
    schools = {code: {"primary": [], "secondary": []} for code in DEPARTEMENTS}
    for school in core_schools:
        code = school.commune.departement.code
        if code in schools and school.kind != EstablishmentKind.LYCEE_PRO and school.kind != EstablishmentKind.LYCEE:
            schools[code]["primary" if school.level == "primary" else "secondary"].append(school)
    index = 100
    for code in DEPARTEMENTS:
        communes = Commune.objects.filter(departement__code=code).select_related("departement")
        for rank, commune in enumerate(communes.order_by("-population", "insee_code")[:COMMUNES_PER_DEPARTEMENT]):
            kinds = [
                ("primary", EstablishmentKind.ELEMENTAIRE, f"École élémentaire {PRIMARY_NAMES[rank % 12]}"),
                ("primary", EstablishmentKind.PRIMAIRE, f"École primaire {PRIMARY_NAMES[(rank + 5) % 12]}"),
                ("secondary", EstablishmentKind.COLLEGE, f"Collège {SECONDARY_NAMES[rank % 12]}"),
            ]
            for level, kind, name in kinds:
                school, _created = Establishment.objects.get_or_create(
                    uai=demo.make_uai(commune, index), defaults={"name": name, "kind": kind, "commune": commune}
                )
                schools[code][level].append(school)
                index += 1
    return schools


def _trainers(demo: _Demo, pilot, academie, today):
    """The professionnels-ressources with their training path, and their accounts' labels."""
    trainers, accounts = [], []
    for local, first, last, function in TRAINERS:
        user = User.objects.filter(email=demo.email(local)).first()
        if user is None:
            user = User.objects.create_user(demo.email(local), demo.password, first_name=first, last_name=last)
        assignment = role_assign(
            user=user, role=Role.TRAINER, perimeter_kind=PerimeterKind.ACADEMIE, perimeter=academie
        )
        accounts.append((user.email, str(assignment)))
        known = hasattr(user, "trainer_profile")
        trainer = services.trainer_register(user=pilot, trainer_user=user, academie=academie, function=function)
        if not known:
            services.trainer_qualification_add(
                user=pilot,
                trainer=trainer,
                title="Formation de formateur·rice·s aux compétences psychosociales",
                organisation="IREPS Pays de la Loire",
                hours=Decimal("36"),
                completed_on=datetime.date(today.year - 3, 6, 20),
            )
            services.trainer_qualification_add(
                user=pilot,
                trainer=trainer,
                title="Animer une formation expérientielle",
                organisation="IREPS Pays de la Loire",
                hours=Decimal("12"),
                completed_on=datetime.date(today.year - 2, 11, 14),
            )
        trainers.append(trainer)
    return trainers, accounts


class _People:
    """Hands out fictional teachers, each with a unique e-mail."""

    def __init__(self, demo: _Demo, start: int):
        self.demo, self.next = demo, start

    def rows(self, schools: list[Establishment], count: int) -> list[ImportRow]:
        rows = []
        for line in range(2, count + 2):
            n = self.next
            self.next += 1
            first, last = FIRST_NAMES[n % len(FIRST_NAMES)], LAST_NAMES[(n * 7 + n // 40) % len(LAST_NAMES)]
            school = schools[(line - 2) // 3 % len(schools)]
            email = self.demo.email(f"enseignant{n:04d}")
            rows.append(ImportRow(line=line, email=email, first_name=first, last_name=last, uai=school.uai))
        return rows


def _course(pilot, programme, departements, trainers, title, public, code, sessions, capacity=25):
    existing = TrainingCourse.objects.filter(programme=programme, title=title, departement__code=code).first()
    if existing is not None:
        return existing, False
    sheets = ActivitySheet.objects.published().filter(title__in=COURSE_SHEETS.get(public, [])).order_by("title")
    course = services.course_create(
        user=pilot,
        programme=programme,
        title=title,
        public=public,
        departement=departements[code],
        place=PLACES[code][1 if public == CoursePublic.SECONDARY else 0],
        capacity=capacity,
        trainers=trainers,
        sessions=sessions,
        description="Une formation expérientielle : les stagiaires vivent les activités qu'ils mèneront en classe.",
        sheets=list(sheets),
    )
    return course, True


def _schools_for(schools, code, public, offset):
    pool = {
        CoursePublic.PRIMARY: schools[code]["primary"],
        CoursePublic.SECONDARY: schools[code]["secondary"],
    }.get(public, schools[code]["primary"][:4] + schools[code]["secondary"][:4])
    return [pool[(offset + i) % len(pool)] for i in range(min(8, len(pool)))]


def _attend(trainer_user, course, skip_every: int, today):
    """Everyone attends, but for a missed half-day now and then; the last person enrolled never came."""
    enrolments = list(course.enrolments.filter(status=EnrolmentStatus.ENROLLED).order_by("pk"))
    for index, session in enumerate(course.sessions.all()):
        if session.date > today:
            break
        hours = {
            e.pk: (Decimal("0") if (n + index) % skip_every == 0 or n == len(enrolments) - 1 else session.hours)
            for n, e in enumerate(enrolments)
        }
        services.attendance_record(user=trainer_user, session=session, hours_by_enrolment=hours, today=today)


def _record_followups(course, today, trainer_users):
    for n, followup in enumerate(FollowUp.objects.filter(team__course=course).select_related("team__trainer__user")):
        done_on = followup.due_on + datetime.timedelta(days=3 + n % 9)
        # Most contacts happen a few days after their date; one team in five is late on its 12-month one.
        if done_on > today or (followup.months_after >= 12 and n % 5 == 0):
            continue
        services.followup_record(
            user=trainer_users.get(followup.team.trainer_id) or followup.team.trainer.user,
            followup=followup,
            done_on=done_on,
            sessions_run=4 + (n * 3) % 9 + followup.months_after // 3,
            sheets_used=", ".join(SHEETS[(n + k) % len(SHEETS)] for k in range(2 + n % 3)),
            difficulties=DIFFICULTIES[n % len(DIFFICULTIES)],
            needs=NEEDS[n % len(NEEDS)],
            next_step=NEXT_STEPS[n % len(NEXT_STEPS)],
        )


def _answer_questionnaire(course):
    """Three attendees in four answer, mostly in agreement, a little less sure of themselves."""
    attendees = course.enrolments.filter(attendances__present=True).distinct().order_by("pk")
    for n, enrolment in enumerate(attendees):
        if n % 4 == 3:
            continue
        answers = {
            item: max(1, [5, 4, 4, 5, 3, 4, 5, 4][(n + k) % 8] - (k >= 4 and n % 3 == 0))
            for k, item in enumerate(ITEM_FIELDS)
        }
        comment = COMMENTS[n // 6 % len(COMMENTS)] if n % 6 == 0 else ""
        services.feedback_submit(token=enrolment.feedback_token, answers=answers, comment=comment)


def seed_training_demo(
    *, domain: str, password: str, make_uai, schools: list[Establishment], today: datetime.date | None = None
) -> list[tuple[str, str]]:
    """Build the académie de Nantes scenario (after the core demo: it needs its pilot of Nantes);
    returns the trainers' demo accounts."""
    demo = _Demo(domain=domain, password=password, make_uai=make_uai)
    today = today or timezone.localdate()
    academie = Academie.objects.get(code="nantes")
    pilot = User.objects.get(email=demo.email("pilote.nantes"))
    programme, _created = TrainingProgramme.objects.get_or_create(
        name=PROGRAMME_NAME,
        defaults={
            "academie": academie,
            "description": "Des professionnel·le·s-ressources formé·e·s par l'IREPS forment les enseignant·e·s "
            "du 1er et du 2nd degré ; les équipes formées sont suivies pendant deux ans.",
        },
    )
    departements = {d.code: d for d in academie.departements.all()}
    # The core demo's teacher of its first school attends a stage each year, so that her home page
    # shows an attestation and a stage under way.
    trainee = (
        [
            ImportRow(
                line=1, email=demo.email(TRAINEE[0]), first_name=TRAINEE[1], last_name=TRAINEE[2], uai=schools[0].uai
            )
        ]
        if schools
        else []
    )
    schools = _schools(demo, schools)
    trainers, accounts = _trainers(demo, pilot, academie, today)
    trainer_users = {t.pk: t.user for t in trainers}
    current = school_year_of(today)
    last = current - 1
    people = _People(demo, start=Enrolment.objects.filter(email__endswith=demo.email("")).count())

    for year, (primary, secondary, inter) in ((last, (250, 150, 30)), (current, (260, 160, 40))):
        for public, (teachers, courses) in (
            (CoursePublic.PRIMARY, (primary, 10)),
            (CoursePublic.SECONDARY, (secondary, 6)),
            (CoursePublic.INTER_DEGREE, (inter, 2)),
        ):
            services.target_set(
                user=pilot,
                academie=academie,
                school_year=year,
                public=public,
                teachers_to_train=teachers,
                courses_to_hold=courses,
            )

    # Last school year: 18 stages from October to March, all closed, ≈ 23 teachers each.
    start = datetime.date(last, 10, 1)
    for index, (title, public, code, half_days) in enumerate(LAST_YEAR_COURSES):
        pair = [trainers[index % len(trainers)], trainers[(index + 3) % len(trainers)]]
        course, created = _course(
            pilot, programme, departements, pair, title, public, code,
            _sessions(start + datetime.timedelta(days=9 * index), half_days),
        )  # fmt: skip
        if not created:
            continue
        rows = people.rows(_schools_for(schools, code, public, index), 22 + index % 4)
        services.enrolment_import(user=pilot, course=course, rows=(trainee if index == 0 else []) + rows)
        _attend(pair[0].user, course, skip_every=9 + index % 5, today=today)
        services.course_complete(user=pilot, course=course, today=today)
        _record_followups(course, today, trainer_users)
        _answer_questionnaire(course)

    # Supervision of the professionnels-ressources: two sessions last year (one trainer missed one).
    if not programme.supervisions.exists():
        for day, present in (
            (datetime.date(last, 11, 20), trainers),
            (datetime.date(last + 1, 4, 8), trainers[:-1]),
        ):
            services.supervision_record(
                user=pilot,
                programme=programme,
                date=day,
                hours=Decimal("3"),
                facilitator="Chargée de projet, IREPS Pays de la Loire",
                attendees=present,
                notes="Analyse de situations vécues en stage ; retour sur les suivis d'équipes.",
            )

    # This school year: one stage held last week (attendance half done), one full with a waiting
    # list, one short stage (flagged), two more to come.
    held = today - datetime.timedelta(days=8)
    fanny = trainers[0]
    this_year = [
        ("Vivre les CPS pour les faire vivre", CoursePublic.PRIMARY, "44", held, 4, [fanny, trainers[1]], 20, 20),
        ("CPS au collège : premiers pas", CoursePublic.SECONDARY, "49", today + datetime.timedelta(days=20), 4,
         [trainers[3], trainers[5]], 20, 23),
        ("Découvrir le cartable des CPS", CoursePublic.PRIMARY, "85", today + datetime.timedelta(days=35), 2,
         [trainers[4]], 25, 12),
        ("Liaison école-collège : une progression CPS", CoursePublic.INTER_DEGREE, "72",
         today + datetime.timedelta(days=50), 4, [trainers[5], trainers[6]], 25, 18),
        ("Développer les CPS des élèves en cycle 3", CoursePublic.PRIMARY, "53", today + datetime.timedelta(days=64),
         4, [trainers[6], trainers[7]], 25, 10),
    ]  # fmt: skip
    for index, (title, public, code, start_day, half_days, pair, capacity, enrolled) in enumerate(this_year):
        course, created = _course(
            pilot, programme, departements, pair, f"{title} ({current}-{current + 1})", public, code,
            _sessions(start_day, half_days), capacity,
        )  # fmt: skip
        if not created:
            continue
        rows = people.rows(_schools_for(schools, code, public, index + 3), min(enrolled, capacity) - (index == 0))
        services.enrolment_import(user=pilot, course=course, rows=(trainee if index == 0 else []) + rows)
        for row in people.rows(_schools_for(schools, code, public, index + 5), max(0, enrolled - capacity)):
            services.enrolment_create(
                user=pilot,
                course=course,
                email=row.email,
                first_name=row.first_name,
                last_name=row.last_name,
                establishment=Establishment.objects.get(uai=row.uai),
            )
        if start_day < today:
            first_day = list(course.sessions.all())[:2]
            for session in first_day:
                hours = {e.pk: session.hours for e in course.enrolments.filter(status=EnrolmentStatus.ENROLLED)}
                services.attendance_record(user=fanny.user, session=session, hours_by_enrolment=hours, today=today)

    # The first trainer is the core demo's formatrice.nantes, already listed.
    return accounts[1:]
