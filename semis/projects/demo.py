"""Local CPS projects as demo data: strong, to-consolidate and fragile projects in both régions —
académie de Nantes (Pays de la Loire), académies de Lyon and Grenoble and a territory of the
Auvergne-Rhône-Alpes programme — some reviewed, some with sessions logged, one in its second year.

Dates are relative to today. Everything is written through the services, as teachers and pilots
would. Idempotent: a project whose title already exists in its school or territory is skipped.
"""

import datetime
import uuid
from dataclasses import dataclass, field
from decimal import Decimal

from django.utils import timezone

from semis.accounts.enums import PerimeterKind, Role
from semis.accounts.models import RoleAssignment, User
from semis.accounts.services import role_assign
from semis.library import services as library
from semis.library.models import ActivitySheet, Programme, Sequence
from semis.projects import services
from semis.projects.enums import Carrier, EvaluationKind, FamilyInvolvement, PartnerKind
from semis.projects.models import Project
from semis.projects.services import GroupSpec
from semis.referential.models import ReferentialVersion, SpecificSkill
from semis.territories.enums import Setting
from semis.training.dates import school_year_bounds, school_year_of
from semis.training.models import Enrolment, TrainedTeam

# (title, cycle, sheet slugs in order) — shared sequences of the cartable the projects plan.
SEQUENCES = {
    "cycle2": (
        "Les émotions au fil de l'année — cycle 2",
        "cycle2",
        [
            "ronde-des-emotions",
            "mon-corps-me-parle",
            "thermometre-des-emotions",
            "boite-a-outils-pour-gerer-ses-emotions",
            "je-dis-ce-que-je-ressens",
            "detectives-des-emotions",
            "feu-tricolore-colere",
            "bingo-des-points-communs",
        ],
    ),
    "cycle3": (
        "Comprendre et apaiser son stress — cycle 3",
        "cycle3",
        [
            "a-quoi-servent-nos-emotions",
            "journal-meteo-des-emotions",
            "le-stress-ce-messager",
            "respirer-pour-se-poser",
            "mon-cercle-de-soutien",
            "message-je-exprimer-sans-blesser",
        ],
    ),
    "cycle4": (
        "S'affirmer et dire non — cycle 4",
        "cycle4",
        [
            "sous-influence-pression-du-groupe",
            "passif-agressif-affirme",
            "dire-non-en-quatre-temps",
            "decider-pas-a-pas",
            "oser-demander-de-l-aide",
            "mediation-entre-pairs-six-etapes",
        ],
    ),
    "cycle1": (
        "Premiers pas avec les émotions — maternelle",
        "cycle1",
        ["boite-a-emotions-de-plume", "bocal-a-paillettes", "statues-et-chef-d-orchestre", "bonjour-les-copains"],
    ),
}
SEQUENCE_OWNER = "enseignante.nantes"

ADAPTATIONS = [
    "",
    "Séance raccourcie : sortie de classe à 15 h 30.",
    "Binômes formés à l'avance pour deux élèves allophones.",
    "",
    "Retour en cercle fait le lendemain matin.",
]


@dataclass
class Plan:
    title: str
    creator: str  # e-mail local part of a teacher (created on the school or territory if missing)
    school: int | None = None  # index in the core demo's schools
    territory: str = ""
    structure: str = ""
    setting: str = ""
    first_offset: int = 0  # first school year, relative to this one
    years: int = 1
    groups: list[tuple[str, str, int, str]] = field(default_factory=list)  # name, level, pupils, hours
    sequence: str = ""
    programme: str = ""
    skills: list[str] = field(default_factory=list)
    adults: list[tuple[str, str, str]] = field(default_factory=list)  # name, function, hours ("trainee": cascade)
    partners: list[tuple[str, str, str]] = field(default_factory=list)
    family: int = FamilyInvolvement.NONE
    family_actions: str = ""
    climate_team: bool = False
    climate_actions: str = ""
    support: tuple[str, ...] = ()
    trained_team: bool = False  # link the school's trained team of the cascade, when there is one
    evaluation: str = EvaluationKind.NONE
    sessions: int = 0  # logged per group and year
    fidelity: tuple[int, ...] = (4,)
    status: str = "draft"  # draft, submitted, changes_requested, validated
    review: str = ""
    summary: str = ""


PLANS = [
    # --- Pays de la Loire, académie de Nantes ---------------------------------------------
    Plan(
        title="Météo des émotions, du CE2 au CM1",
        creator="enseignante.nantes",
        school=0,
        first_offset=-1,
        years=3,
        groups=[("CE2 A", "ce2", 24, "10"), ("CE2 B", "ce2", 23, "10")],
        sequence="cycle2",
        skills=["E1.1", "E1.2", "E2.1", "E2.2"],
        adults=[
            ("Élise Enseignante", "Professeure des écoles", "trainee"),
            ("Marc Le Goff", "Professeur des écoles", "12"),
        ],
        partners=[
            ("Accueil périscolaire Les Tilleuls", PartnerKind.PERISCOLAIRE, "Reprend la météo des émotions le soir."),
            ("Association des parents d'élèves", PartnerKind.FAMILIES, "Co-anime l'atelier parents de janvier."),
        ],
        family=FamilyInvolvement.INVOLVED,
        family_actions="Un atelier parents par trimestre ; un carnet des émotions qui voyage à la maison.",
        climate_team=True,
        climate_actions="Messages clairs dans la cour, conseil d'élèves tous les quinze jours.",
        support=("followup",),
        trained_team=True,
        evaluation=EvaluationKind.PRE_POST,
        sessions=8,
        fidelity=(4, 4, 3, 4, 3),
        status="validated",
        review="Un projet exemplaire : pensez à partager la séquence avec les écoles du réseau.",
        summary="Deux classes de CE2 suivies jusqu'en CM2, dans une école REP+ de Nantes.",
    ),
    Plan(
        title="S'affirmer sans blesser en 5e",
        creator="enseignant.jules-verne",
        school=1,
        groups=[("5e A", "5e", 28, "6"), ("5e B", "5e", 27, "6")],
        sequence="cycle4",
        programme="unplugged",
        skills=["S3.2", "S1.2", "C3.1"],
        adults=[("Karim Benali", "Professeur d'EPS", "12"), ("Sophie Durand", "CPE", "6")],
        family=FamilyInvolvement.INFORMED,
        climate_team=True,
        support=("peer",),
        evaluation=EvaluationKind.QUALITATIVE,
        sessions=3,
        fidelity=(3, 4, 3),
        status="submitted",
        summary="Prévenir les conduites à risque par l'affirmation de soi, en lien avec Unplugged.",
    ),
    Plan(
        title="Cercles de parole en CM2",
        creator="enseignant.doutre",
        school=4,
        groups=[("CM2", "cm2", 26, "8")],
        programme="prodas",
        skills=["S1.1", "E2.1"],
        adults=[("Julie Moreau", "Professeure des écoles", "14")],
        partners=[("Centre social de la Doutre", PartnerKind.SOCIAL, "Accueille un cercle de parole parents-enfants.")],
        climate_actions="Un cercle de parole chaque lundi matin.",
        support=("followup",),
        evaluation=EvaluationKind.QUALITATIVE,
        status="changes_requested",
        review="Associez les familles et prévoyez le projet sur deux ans : la continuité compte.",
    ),
    Plan(
        title="Premiers pas avec les émotions",
        creator="enseignante.petit-port",
        school=2,
        groups=[("GS", "gs", 25, "3")],
        sequence="cycle1",
        summary="Quelques séances en grande section, à construire.",
    ),
    # --- Auvergne-Rhône-Alpes ---------------------------------------------------------------
    Plan(
        title="Ateliers CPS du mercredi au centre social",
        creator="animatrice.unieux",
        territory="Unieux",
        structure="Centre social d'Unieux",
        setting=Setting.CENTRE_SOCIAL,
        years=2,
        groups=[("6-11 ans — mercredi", "6-11", 14, "10"), ("6-11 ans — vacances", "6-11", 12, "8")],
        sequence="cycle3",
        programme="psfp",
        skills=["E3.1", "E1.2", "S3.1"],
        adults=[("Nadia Haddad", "Animatrice", "14"), ("Romain Vidal", "Éducateur", "12")],
        partners=[
            ("École primaire du Pertuiset", PartnerKind.OTHER, "Même séquence en classe de CM1."),
            ("Mairie d'Unieux", PartnerKind.LOCAL_AUTHORITY, "Met à disposition la salle et finance le goûter."),
            ("Parents du quartier", PartnerKind.FAMILIES, "Sessions familles du programme PSFP."),
        ],
        family=FamilyInvolvement.INVOLVED,
        family_actions="Sept sessions familles du PSFP, le samedi matin.",
        climate_team=True,
        climate_actions="Règles de vie co-construites avec les enfants ; l'équipe se forme aux messages clairs.",
        support=("followup", "peer"),
        evaluation=EvaluationKind.PRE_POST,
        sessions=6,
        fidelity=(4, 3, 4),
        status="validated",
        review="Validé par le comité de suivi territorial.",
    ),
    Plan(
        title="Grandir ensemble du CP au CE2",
        creator="enseignante.sanne",
        school=17,
        years=3,
        groups=[("CP", "cp", 22, "9"), ("CE1", "ce1", 24, "9")],
        sequence="cycle2",
        skills=["S2.1", "S2.2", "E1.2"],
        adults=[("Claire Fontaine", "Professeure des écoles", "18"), ("Hugo Martin", "Professeur des écoles", "12")],
        partners=[("Accueil de loisirs de Beaurepaire", PartnerKind.PERISCOLAIRE, "")],
        family=FamilyInvolvement.INVOLVED,
        climate_team=True,
        climate_actions="Une charte de la cour écrite avec les élèves.",
        support=("coleading",),
        evaluation=EvaluationKind.COMPARISON,
        sessions=5,
        fidelity=(4, 4, 3),
        status="validated",
    ),
    Plan(
        title="Mieux vivre ensemble en CE1",
        creator="enseignante.croix-rousse",
        school=9,
        years=2,
        groups=[("CE1", "ce1", 25, "8")],
        sequence="cycle2",
        skills=["S2.2", "S3.3"],
        adults=[("Léa Garnier", "Professeure des écoles", "12"), ("Thomas Roux", "Professeur des écoles", "0")],
        family=FamilyInvolvement.INFORMED,
        sessions=3,
        fidelity=(2, 3, 1),
        status="submitted",
    ),
    Plan(
        title="Le stress avant le brevet",
        creator="enseignant.wallon",
        school=10,
        groups=[("3e B", "3e", 29, "2")],
        summary="Deux heures avant les épreuves, à étoffer.",
    ),
]


def seed_projects_demo(*, domain: str, password: str, schools: list, today: datetime.date | None = None) -> list:
    """Build the projects (after the core, territories and training demos); returns the new accounts."""
    today = today or timezone.localdate()
    accounts = []
    sequences = _sequences(domain)
    skills = _skills()
    for plan in PLANS:
        place = _place(plan, schools)
        if place is None:
            continue
        creator, label = _teacher(plan.creator, domain, password, place)
        if label:
            accounts.append((creator.email, label))
        if _exists(plan, place):
            continue
        _build(plan, place, creator, sequences=sequences, skills=skills, today=today)
    return accounts


def _place(plan: Plan, schools: list):
    from semis.territories.models import Territory

    if plan.school is not None:
        return schools[plan.school] if plan.school < len(schools) else None
    return Territory.objects.filter(name=plan.territory).first()


def _exists(plan: Plan, place) -> bool:
    if plan.school is not None:
        return Project.objects.filter(title=plan.title, establishment=place).exists()
    return Project.objects.filter(title=plan.title, territory=place).exists()


def _teacher(local: str, domain: str, password: str, place) -> tuple[User, str]:
    """The demo teacher (or animateur·rice) carrying a project; the label is empty when nothing was created."""
    email = f"{local}@{domain}"
    user = User.objects.filter(email=email).first()
    if user is not None:
        return user, ""
    first, last = local.split(".")[0].capitalize(), local.split(".")[-1].replace("-", " ").title()
    user = User.objects.create_user(email, password, first_name=first, last_name=last)
    kind = PerimeterKind.ESTABLISHMENT if place.__class__.__name__ == "Establishment" else PerimeterKind.TERRITORY
    assignment = role_assign(user=user, role=Role.TEACHER, perimeter_kind=kind, perimeter=place)
    return user, str(assignment)


def _sequences(domain: str) -> dict:
    owner = User.objects.filter(email=f"{SEQUENCE_OWNER}@{domain}").first()
    found = {}
    if owner is None:
        return found
    for key, (title, cycle, slugs) in SEQUENCES.items():
        sheets = {sheet.slug: sheet for sheet in ActivitySheet.objects.published().filter(slug__in=slugs)}
        if len(sheets) != len(slugs):
            continue  # the cartable is not loaded (manage.py load_library)
        sequence = Sequence.objects.filter(owner=owner, title=title).first()
        if sequence is None:
            sequence = library.sequence_create(owner=owner, title=title, cycle=cycle, is_shared=True)
            for slug in slugs:
                library.sequence_add_sheet(sequence=sequence, user=owner, sheet=sheets[slug])
        found[key] = (sequence, [sheets[slug] for slug in slugs])
    return found


def _skills() -> dict:
    version = ReferentialVersion.objects.current()
    return {skill.code: skill for skill in SpecificSkill.objects.filter(version=version)} if version else {}


def _build(plan: Plan, place, creator, *, sequences: dict, skills: dict, today: datetime.date) -> Project:
    year = school_year_of(today) + plan.first_offset
    sequence, sheets = sequences.get(plan.sequence, (None, []))
    support = set(plan.support)
    project = services.project_create(
        user=creator,
        carrier=Carrier.SCHOOL if plan.school is not None else Carrier.TERRITORY,
        establishment=place if plan.school is not None else None,
        territory=place if plan.school is None else None,
        structure=plan.structure,
        setting=plan.setting,
        title=plan.title,
        summary=plan.summary,
        first_year=year,
        last_year=year + plan.years - 1,
        skills=[skills[code] for code in plan.skills if code in skills],
        sequences=[sequence] if sequence else [],
        programme=Programme.objects.filter(slug=plan.programme).first() if plan.programme else None,
        groups=[GroupSpec(name, level, pupils, Decimal(hours)) for name, level, pupils, hours in plan.groups],
        family_involvement=plan.family,
        family_actions=plan.family_actions,
        climate_team_commitment=plan.climate_team,
        climate_actions=plan.climate_actions,
        support_followup="followup" in support,
        support_coleading="coleading" in support,
        support_peer_exchange="peer" in support,
        evaluation_kind=plan.evaluation,
        trained_team=TrainedTeam.objects.filter(establishment=place).order_by("pk").first()
        if plan.trained_team
        else None,
    )
    for name, function, hours in plan.adults:
        enrolment = _trainee(place) if hours == "trainee" else None
        services.adult_add(
            user=creator,
            project=project,
            full_name=name,
            function=function,
            enrolment=enrolment,
            other_training_hours=Decimal("0") if enrolment else Decimal("12" if hours == "trainee" else hours),
        )
    for name, kind, contribution in plan.partners:
        services.partner_add(user=creator, project=project, name=name, kind=kind, contribution=contribution)
    _log_year(plan, project, creator, sheets, today)
    _review(plan, project, creator)
    if plan.first_offset < 0:
        services.project_continue(user=creator, project=project)
        _log_year(plan, project, creator, sheets, today, sessions=max(plan.sessions // 3, 1))
    return project


def _trainee(place):
    """Someone of this school trained in the académie's cascade (hours attended), if the training demo made one."""
    if place.__class__.__name__ != "Establishment":
        return None
    trainees = Enrolment.objects.filter(establishment=place).with_attended_hours().filter(attended_hours__gte=12)
    return trainees.order_by("pk").first()


def _log_year(plan: Plan, project: Project, creator, sheets: list, today: datetime.date, sessions: int | None = None):
    """Weekly sessions for each group of the project's latest year, never after today."""
    year = project.years.order_by("-school_year").first()
    first_day, last_day = school_year_bounds(year.school_year)
    start = first_day + datetime.timedelta(days=21)
    count = plan.sessions if sessions is None else sessions
    for group in year.groups.order_by("name"):
        for index in range(count):
            day = start + datetime.timedelta(days=7 * index + (index % 2))
            if day > min(today - datetime.timedelta(days=1), last_day):
                break
            sheet = sheets[index % len(sheets)] if sheets else None
            services.delivery_record(
                user=creator,
                group=group,
                date=day,
                sheet=sheet,
                activity="" if sheet else "Cercle de parole",
                minutes=sheet.duration_minutes if sheet else 45,
                pupils_present=max(group.pupil_count - index % 3, 0),
                fidelity=plan.fidelity[index % len(plan.fidelity)],
                engagement=(4, 3, 3, 2)[index % 4],
                adaptations=ADAPTATIONS[index % len(ADAPTATIONS)],
                submission_key=uuid.uuid5(uuid.NAMESPACE_URL, f"semis-demo/{project.pk}/{group.pk}/{day}"),
            )


def _review(plan: Plan, project: Project, creator) -> None:
    if plan.status == "draft":
        return
    services.project_submit(user=creator, project=project, comment="Projet soumis par l'équipe.")
    if plan.status == "submitted":
        return
    reviewer = _reviewer(project)
    if reviewer is None:
        return
    if plan.status == "changes_requested":
        services.project_request_changes(user=reviewer, project=project, comment=plan.review)
    else:
        services.project_validate(user=reviewer, project=project, comment=plan.review)


def _reviewer(project: Project):
    """The académie pilot of a school's project, the territorial lead of an out-of-school one."""
    if project.carrier == Carrier.SCHOOL:
        assignment = RoleAssignment.objects.filter(role=Role.ACADEMIE_PILOT, academie=project.academie_id).first()
    else:
        assignment = RoleAssignment.objects.filter(role=Role.TERRITORIAL_LEAD, territory=project.territory_id).first()
    return assignment.user if assignment else None
