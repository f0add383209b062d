"""Demo data: the Auvergne-Rhône-Alpes regional CPS programme and its 30 territories.

Places are real communes and EPCI (INSEE codes, SIREN); people, organisations, actions, meetings
and sheets are invented. Every object goes through the services (so it obeys the same rules as
what users type) and is looked up by its natural key first: a second run adds nothing.
"""

import datetime
import random
from decimal import Decimal

from django.utils.text import slugify

from semis.geo.models import Commune, Epci, Region
from semis.referential.models import SpecificSkill
from semis.territories import services
from semis.territories.enums import (
    Audience,
    DeterminantLevel,
    Lever,
    Setting,
    SheetStatus,
    StageKind,
    StageStatus,
    StakeholderCategory,
    StakeholderKind,
    TerritoryKind,
)
from semis.territories.models import (
    CapitalisationSheet,
    Diagnostic,
    Meeting,
    Stakeholder,
    TerritorialProgramme,
    Territory,
    TerritoryStage,
)

PROGRAMME = {
    "name": "Programme régional CPS 0–25 ans Auvergne-Rhône-Alpes",
    "funder": "ARS Auvergne-Rhône-Alpes",
    "operator": "IREPS Auvergne-Rhône-Alpes",
    "year_start": 2019,
    "year_end": 2026,
    "age_min": 0,
    "age_max": 25,
    "description": (
        "Développer les compétences psychosociales des enfants et des jeunes de 0 à 25 ans, dans et hors "
        "l'école, en accompagnant les communautés éducatives de trente territoires : élu·es, professionnel·les, "
        "bénévoles et familles."
    ),
}

# (name, kind, EPCI SIREN, commune INSEE codes). The first three are those of semis.core.demo.
TERRITORIES = [
    ("Unieux", TerritoryKind.COMMUNE, [], ["42316"]),
    ("Crest et Aouste-sur-Sye", TerritoryKind.BASSIN_DE_VIE, [], ["26108", "26011"]),
    ("Beaurepaire", TerritoryKind.COMMUNE, [], ["38034"]),
    ("Saint-Denis-lès-Bourg", TerritoryKind.COMMUNE, [], ["01344"]),
    ("Aurillac", TerritoryKind.COMMUNE, [], ["15014"]),
    ("Le Puy-en-Velay", TerritoryKind.COMMUNE, [], ["43157"]),
    ("Montluçon", TerritoryKind.COMMUNE, [], ["03185"]),
    ("Oyonnax", TerritoryKind.COMMUNE, [], ["01283"]),
    ("Privas", TerritoryKind.COMMUNE, [], ["07186"]),
    ("Thonon-les-Bains", TerritoryKind.COMMUNE, [], ["74281"]),
    ("Novel – Teppes (Annecy)", TerritoryKind.QUARTIER, [], ["74010"]),
    ("Les Minguettes (Vénissieux)", TerritoryKind.QUARTIER, [], ["69259"]),
    ("La Villeneuve (Grenoble)", TerritoryKind.QUARTIER, [], ["38185"]),
    ("Les Vergnes (Clermont-Ferrand)", TerritoryKind.QUARTIER, [], ["63113"]),
    ("Montreynaud (Saint-Étienne)", TerritoryKind.QUARTIER, [], ["42218"]),
    ("Le Mas du Taureau (Vaulx-en-Velin)", TerritoryKind.QUARTIER, [], ["69256"]),
    ("Les Hauts-de-Chambéry", TerritoryKind.QUARTIER, [], ["73065"]),
    ("Diois", TerritoryKind.COMMUNAUTE_DE_COMMUNES, ["242600534"], []),
    ("Monts du Pilat", TerritoryKind.COMMUNAUTE_DE_COMMUNES, ["244200622"], []),
    ("Billom Communauté", TerritoryKind.COMMUNAUTE_DE_COMMUNES, ["200067627"], []),
    ("Hautes Terres", TerritoryKind.COMMUNAUTE_DE_COMMUNES, ["200066637"], []),
    ("Rives du Haut-Allier", TerritoryKind.COMMUNAUTE_DE_COMMUNES, ["200073393"], []),
    ("Oisans", TerritoryKind.COMMUNAUTE_DE_COMMUNES, ["243800745"], []),
    ("Usses et Rhône", TerritoryKind.COMMUNAUTE_DE_COMMUNES, ["200070852"], []),
    ("Yenne", TerritoryKind.COMMUNAUTE_DE_COMMUNES, ["247300262"], []),
    ("Pays d'Urfé", TerritoryKind.COMMUNAUTE_DE_COMMUNES, ["244200820"], []),
    ("Bassin de vie d'Ambert", TerritoryKind.BASSIN_DE_VIE, [], ["63003", "63211", "63179", "63341", "63441"]),
    (
        "Bassin annonéen",
        TerritoryKind.BASSIN_DE_VIE,
        [],
        ["07010", "07078", "07041", "07197", "07265", "07342", "42023"],
    ),
    (
        "Vienne – Condrieu, rives du Rhône",
        TerritoryKind.BASSIN_DE_VIE,
        [],
        ["38544", "38157", "38318", "69064", "69189", "69235", "69193", "42056"],
    ),
    ("Pays de Tarare", TerritoryKind.BASSIN_DE_VIE, [], ["69243", "69157", "69200", "69102", "69225", "69254"]),
]

# (setting, title, audience, ages, skills, lever, determinant, hours, people reached, adults trained)
ACTIONS = [
    (Setting.ECOLE, "Ateliers « émotions » en CP et CE1", Audience.CHILDREN, (6, 8), ["E1.1", "E1.2", "E2.1"],
     Lever.PERSONAL_SKILLS, DeterminantLevel.INDIVIDUAL, 10, (40, 90), (2, 5)),
    (Setting.ECOLE, "Formation commune des enseignant·es et des ATSEM aux CPS", Audience.PROFESSIONALS, (3, 11),
     ["E2.2", "S1.1", "S1.2"], Lever.REORIENT_SERVICES, DeterminantLevel.LIVING_ENVIRONMENT, 12, (15, 30), (12, 25)),
    (Setting.ECOLE, "Conseils d'élèves et messages clairs en cycle 3", Audience.CHILDREN, (9, 11),
     ["S1.2", "S3.3", "C3.1"], Lever.SUPPORTIVE_ENVIRONMENTS, DeterminantLevel.RELATIONAL, 8, (50, 120), (3, 6)),
    (Setting.COLLEGE, "Unplugged en classe de 6e", Audience.ADOLESCENTS, (11, 13), ["C1.2", "C3.1", "S3.2"],
     Lever.PERSONAL_SKILLS, DeterminantLevel.INDIVIDUAL, 12, (60, 150), (4, 8)),
    (Setting.COLLEGE, "Climat scolaire : médiation par les pairs", Audience.ADOLESCENTS, (12, 15),
     ["S1.1", "S3.3", "E2.2"], Lever.SUPPORTIVE_ENVIRONMENTS, DeterminantLevel.RELATIONAL, 16, (30, 80), (5, 10)),
    (Setting.LYCEE, "Lycéen·nes ambassadeurs de l'écoute", Audience.ADOLESCENTS, (15, 18), ["S1.1", "S3.1", "E3.2"],
     Lever.COMMUNITY_ACTION, DeterminantLevel.RELATIONAL, 14, (20, 60), (2, 4)),
    (Setting.LYCEE, "Préparer les examens sans s'épuiser", Audience.ADOLESCENTS, (16, 18), ["E3.1", "C2.2", "C1.4"],
     Lever.PERSONAL_SKILLS, DeterminantLevel.INDIVIDUAL, 6, (40, 120), (1, 3)),
    (Setting.PERISCOLAIRE, "Jeux coopératifs sur le temps méridien", Audience.CHILDREN, (6, 11),
     ["S2.2", "S3.3", "C2.1"], Lever.SUPPORTIVE_ENVIRONMENTS, DeterminantLevel.LIVING_ENVIRONMENT, 20, (40, 110),
     (4, 12)),
    (Setting.PERISCOLAIRE, "CPS inscrites au projet éducatif de territoire (PEdT)", Audience.EVERYONE, (3, 17),
     ["S2.2", "E2.2"], Lever.PUBLIC_POLICY, DeterminantLevel.TERRITORIAL, 4, (0, 0), (0, 0)),
    (Setting.ACCUEIL_LOISIRS, "Séjour « Vivre ensemble » à l'accueil de loisirs", Audience.CHILDREN, (6, 12),
     ["S2.1", "S2.2", "E2.2"], Lever.PERSONAL_SKILLS, DeterminantLevel.RELATIONAL, 24, (20, 45), (3, 8)),
    (Setting.ACCUEIL_LOISIRS, "Animateur·rices formé·es aux CPS (BAFA+)", Audience.PROFESSIONALS, (6, 14),
     ["E1.2", "S1.1", "C2.1"], Lever.REORIENT_SERVICES, DeterminantLevel.LIVING_ENVIRONMENT, 14, (0, 10), (8, 20)),
    (Setting.CLUB_SPORTIF, "Éducateurs sportifs : gérer ses émotions dans le jeu", Audience.CHILDREN, (8, 14),
     ["E2.2", "C2.1", "S2.2"], Lever.SUPPORTIVE_ENVIRONMENTS, DeterminantLevel.LIVING_ENVIRONMENT, 10, (30, 90),
     (6, 15)),
    (Setting.CENTRE_SOCIAL, "Ateliers parents-enfants « Grandir ensemble »", Audience.PARENTS, (3, 10),
     ["E1.1", "S1.2", "S1.1"], Lever.COMMUNITY_ACTION, DeterminantLevel.RELATIONAL, 18, (15, 40), (2, 4)),
    (Setting.CENTRE_SOCIAL, "Comité d'habitant·es pour la fête des familles", Audience.EVERYONE, (0, 25),
     ["S2.1", "C3.2"], Lever.COMMUNITY_ACTION, DeterminantLevel.TERRITORIAL, 12, (80, 300), (0, 2)),
    (Setting.PETITE_ENFANCE, "Accueillir les émotions des tout-petits : formation en crèche", Audience.PROFESSIONALS,
     (0, 3), ["E1.2", "E2.1"], Lever.REORIENT_SERVICES, DeterminantLevel.LIVING_ENVIRONMENT, 12, (20, 60), (6, 14)),
    (Setting.PMI, "Groupes de parole autour de la parentalité", Audience.PARENTS, (0, 5), ["S1.1", "E3.1", "S3.1"],
     Lever.REORIENT_SERVICES, DeterminantLevel.RELATIONAL, 10, (10, 30), (1, 3)),
    (Setting.STRUCTURE_JEUNESSE, "Chantier jeunes « Projets et confiance en soi »", Audience.ADOLESCENTS, (14, 20),
     ["C2.2", "C1.3", "C3.2"], Lever.PERSONAL_SKILLS, DeterminantLevel.INDIVIDUAL, 30, (8, 20), (1, 3)),
    (Setting.MISSION_LOCALE, "Module « Gérer son stress » pour les jeunes accompagnés", Audience.YOUNG_ADULTS,
     (16, 25), ["E3.1", "E3.2", "C3.2"], Lever.PERSONAL_SKILLS, DeterminantLevel.INDIVIDUAL, 9, (15, 45), (2, 5)),
    (Setting.SANTE, "Maison des adolescents : ateliers d'affirmation de soi", Audience.ADOLESCENTS, (12, 18),
     ["S3.2", "C1.3", "C1.1"], Lever.REORIENT_SERVICES, DeterminantLevel.INDIVIDUAL, 12, (10, 30), (2, 4)),
    (Setting.PROTECTION_ENFANCE, "Cercles de parole au foyer éducatif", Audience.ADOLESCENTS, (10, 17),
     ["S1.1", "E2.1", "S3.1"], Lever.SUPPORTIVE_ENVIRONMENTS, DeterminantLevel.RELATIONAL, 16, (8, 20), (3, 8)),
    (Setting.FAMILLE, "Soirées parents : l'écoute bienveillante à la maison", Audience.PARENTS, (6, 15),
     ["S1.1", "S1.2", "E2.2"], Lever.PERSONAL_SKILLS, DeterminantLevel.RELATIONAL, 6, (20, 60), (0, 0)),
    (Setting.QUARTIER, "Comité de suivi CPS adossé au contrat local de santé", Audience.PROFESSIONALS, (0, 25),
     ["S2.2"], Lever.PUBLIC_POLICY, DeterminantLevel.GLOBAL, 6, (0, 0), (0, 0)),
    (Setting.QUARTIER, "Rallye des émotions dans le quartier", Audience.EVERYONE, (6, 14), ["E1.2", "S2.1"],
     Lever.COMMUNITY_ACTION, DeterminantLevel.TERRITORIAL, 5, (60, 200), (0, 3)),
]  # fmt: skip

# (category, kind, name pattern, role, has e-mail)
STAKEHOLDERS = [
    (StakeholderCategory.ELECTED, StakeholderKind.PERSON, "Adjoint·e à l'éducation", "Élu·e référent·e du projet"),
    (StakeholderCategory.EDUCATION, StakeholderKind.ORGANISATION, "Circonscription du premier degré",
     "Membre du comité de suivi"),
    (StakeholderCategory.EDUCATION, StakeholderKind.ORGANISATION, "Collège public", "Établissement engagé"),
    (StakeholderCategory.HEALTH, StakeholderKind.PERSON, "Infirmier·e scolaire", "Relais santé auprès des élèves"),
    (StakeholderCategory.HEALTH, StakeholderKind.ORGANISATION, "Centre de PMI", "Partenaire petite enfance"),
    (StakeholderCategory.SOCIAL, StakeholderKind.ORGANISATION, "Centre social", "Porteur des actions familles"),
    (StakeholderCategory.YOUTH_WORK, StakeholderKind.ORGANISATION, "Accueil de loisirs municipal",
     "Coordination du périscolaire"),
    (StakeholderCategory.YOUTH_WORK, StakeholderKind.PERSON, "Animateur·rice jeunesse", "Animation des ateliers"),
    (StakeholderCategory.VOLUNTEER, StakeholderKind.ORGANISATION, "Club sportif", "Éducateurs bénévoles formés"),
    (StakeholderCategory.FAMILY, StakeholderKind.ORGANISATION, "Association de parents d'élèves",
     "Relais auprès des familles"),
]  # fmt: skip

FIRST_NAMES = ["Camille", "Karim", "Sophie", "Lucas", "Amina", "Julien", "Nathalie", "Yanis", "Claire", "Mehdi"]
LAST_NAMES = ["Bernard", "Moreau", "Girard", "Benali", "Fournier", "Lambert", "Rousseau", "Mercier", "Diallo", "Faure"]


def seed_territories() -> TerritorialProgramme:
    """The ARA programme with its 30 territories; attaches the territories semis.core.demo made.

    Needs the referential (`manage.py load_referential`): actions name its specific skills.
    """
    skills = _skills()
    region = Region.objects.get(code="84")
    programme = TerritorialProgramme.objects.filter(name=PROGRAMME["name"]).first()
    if programme is None:
        programme = services.programme_create(region=region, **PROGRAMME)
    territories = [_territory(programme, index, *row) for index, row in enumerate(TERRITORIES)]
    for index, territory in enumerate(territories):
        rng = random.Random(f"semis-{territory.name}")
        _journey(territory, index, rng)
        stakeholders = _stakeholders(territory, rng)
        _actions(territory, programme, stakeholders, rng, skills)
    _meetings(programme, territories)
    _sheets(territories)
    return programme


def _territory(programme, index, name, kind, sirens, codes) -> Territory:
    territory = Territory.objects.filter(name=name).first()
    if territory is None:
        return services.territory_create(
            programme=programme,
            name=name,
            kind=kind,
            epcis=Epci.objects.filter(siren__in=sirens),
            communes=Commune.objects.filter(insee_code__in=codes),
        )
    if territory.programme_id is None:
        territory.programme = programme
        territory.full_clean()
        territory.save()
        TerritoryStage.objects.bulk_create(
            [TerritoryStage(territory=territory, kind=kind) for kind in StageKind], ignore_conflicts=True
        )
    return territory


def _journey(territory, index, rng) -> None:
    """Territories joined year after year since 2019: the earliest are further along their journey."""
    started = datetime.date(2019 + index // 6, 1 + index % 6 * 2, 1)
    progress = max(1, 6 - index // 6 - rng.randint(0, 1))  # stages begun
    for position, stage in enumerate(territory.stages.all()):
        if stage.start_date or stage.status != StageStatus.PLANNED:
            continue
        if position < progress:
            start = started + datetime.timedelta(days=200 * position)
            done = position < progress - 1
            services.stage_update(
                stage=stage,
                status=StageStatus.DONE if done else StageStatus.IN_PROGRESS,
                start_date=start,
                end_date=start + datetime.timedelta(days=190) if done else None,
                notes=STAGE_NOTES[stage.kind],
            )
    if not Diagnostic.objects.filter(territory=territory).exists():
        services.diagnostic_save(
            territory=territory,
            resources=f"À {territory.name} : écoles et collège, centre social, accueil de loisirs, clubs sportifs, "
            "un contrat local de santé en cours.",
            needs="Des enfants décrits comme agités et en difficulté pour exprimer leurs émotions ; des parents "
            "isolés ; peu de liens entre l'école et les structures de loisirs.",
            existing_actions="Ateliers ponctuels sur le harcèlement au collège, actions parentalité au centre social.",
            partners="Mairie, circonscription, collège, centre social, PMI, associations sportives et de parents.",
            priorities="Une culture commune des CPS entre adultes ; des actions suivies de la maternelle au collège ; "
            "associer les familles.",
        )


STAGE_NOTES = {
    StageKind.DIAGNOSTIC: "Entretiens avec les acteurs, données de l'observatoire régional de santé, restitution.",
    StageKind.MOBILISATION: "Réunion publique avec les élu·es, formation commune des acteurs volontaires.",
    StageKind.ACTION_PLAN: "Plan d'action sur trois ans validé en comité de suivi.",
    StageKind.IMPLEMENTATION: "Actions en cours dans et hors l'école, accompagnement par l'IREPS.",
    StageKind.EVALUATION: "Questionnaires aux acteurs, bilan des actions, regards croisés en comité.",
    StageKind.SUSTAINABILITY: "Inscription au projet éducatif de territoire et au contrat local de santé.",
}


def _stakeholders(territory, rng) -> list[Stakeholder]:
    existing = {s.name: s for s in territory.stakeholders.all()}
    stakeholders = []
    for number, (category, kind, label, role) in enumerate(STAKEHOLDERS):
        if rng.random() < 0.2 and number > 1:
            continue
        if kind == StakeholderKind.PERSON:
            name = f"{rng.choice(FIRST_NAMES)} {rng.choice(LAST_NAMES)}"
            organisation = label
        else:
            name, organisation = f"{label} — {territory.name}", ""
        if name in existing:
            stakeholders.append(existing[name])
            continue
        email = f"{slugify(name)[:40]}.{territory.pk}@semis.demo" if number % 3 else ""
        stakeholders.append(
            services.stakeholder_create(
                territory=territory,
                kind=kind,
                name=name,
                organisation=organisation,
                category=category,
                role=role,
                email=email,
            )
        )
    return stakeholders


def _skills() -> dict[str, SpecificSkill]:
    """The referential's skills by code: the demo names them with the SpF 2022 codes."""
    skills = {skill.code: skill for skill in SpecificSkill.objects.filter(version__is_current=True)}
    missing = sorted({code for action in ACTIONS for code in action[4]} - skills.keys())
    if missing:
        raise RuntimeError(f"Load the referential first: manage.py load_referential (missing {', '.join(missing)})")
    return skills


def _actions(territory, programme, stakeholders, rng, skills) -> None:
    if territory.actions.exists():
        return
    communes = list(territory.communes.order_by("-population")[:12])
    chosen = rng.sample(ACTIONS, rng.randint(7, 13))
    for setting, title, audience, (age_min, age_max), codes, lever, determinant, hours, people, adults in chosen:
        year = rng.randint(max(2019, programme.year_start), 2025)
        services.action_create(
            territory=territory,
            title=title,
            setting=setting,
            audience=audience,
            age_min=age_min,
            age_max=age_max,
            skills=[skills[code] for code in codes],
            lever=lever,
            determinant_level=determinant,
            hours=Decimal(hours),
            people_reached=rng.randint(*people),
            adults_trained=rng.randint(*adults),
            date=datetime.date(year, rng.randint(1, 12), rng.randint(1, 28)),
            commune=communes[min(int(rng.expovariate(0.6)), len(communes) - 1)],
            stakeholders=rng.sample(stakeholders, min(2, len(stakeholders))),
        )


MEETINGS = [
    {
        "represented": slice(0, 12),
        "title": "Rencontre régionale 2023 : mobiliser les familles",
        "date": datetime.date(2023, 6, 15),
        "place": "Lyon",
        "agenda": "Accueil et tour des territoires\nAteliers : aller vers les parents éloignés de l'école\n"
        "Retour des ateliers et perspectives",
        "other_participants": "ARS Auvergne-Rhône-Alpes, rectorats de Lyon, Grenoble et Clermont-Ferrand, IREPS.",
        "minutes": "Douze territoires représentés. Les ateliers ont comparé les façons d'associer les familles : "
        "cafés des parents à la sortie de l'école, ateliers parents-enfants au centre social, soirées débat.",
        "lessons": "Les parents viennent quand l'invitation passe par une personne qu'ils connaissent.\n"
        "Un lieu neutre (centre social, médiathèque) rassure davantage que l'école.\n"
        "Les actions parents-enfants durent quand un binôme de professionnel·les les porte.",
    },
    {
        "represented": slice(3, 18),
        "title": "Rencontre régionale 2024 : la cohérence éducative entre milieux de vie",
        "date": datetime.date(2024, 11, 21),
        "place": "Clermont-Ferrand",
        "agenda": "Regards croisés école, loisirs, sport\nLa matrice de cohérence : où en sont nos territoires ?\n"
        "Préparer les fiches de capitalisation",
        "other_participants": "ARS, délégation régionale académique à la jeunesse, CAF, IREPS.",
        "minutes": "Quinze territoires représentés. Chaque territoire a présenté sa matrice compétences × milieux "
        "de vie : les compétences émotionnelles sont travaillées partout, les compétences de décision "
        "beaucoup moins, et peu d'actions touchent les 16–25 ans.",
        "lessons": "Un langage commun des CPS entre enseignant·es, animateur·rices et éducateur·rices sportifs "
        "est le premier gage de cohérence.\nLes missions locales et les structures jeunesse sont à mobiliser "
        "pour les 16–25 ans.",
    },
]


def _meetings(programme, territories) -> None:
    for meeting in MEETINGS:
        fields = {key: value for key, value in meeting.items() if key != "represented"}
        if Meeting.objects.filter(programme=programme, title=fields["title"]).exists():
            continue
        present = territories[meeting["represented"]]
        participants = [s for t in present for s in t.stakeholders.all()[:1]]
        services.meeting_create(programme=programme, territories=present, participants=participants, **fields)


SHEETS = [
    (
        "Unieux",
        SheetStatus.PUBLISHED,
        {
            "title": "Une culture commune des CPS de la crèche au collège",
            "summary": "À Unieux, l'école, le périscolaire, la crèche et le club de football ont suivi une "
            "formation commune avant de mener, chacun chez soi, des activités qui se répondent.",
            "context": "Commune de la Loire de 8 600 habitant·es, quartiers d'habitat social et pavillonnaire. "
            "Les enseignant·es et les animateur·rices constataient des conflits fréquents dans la cour et "
            "sur le temps méridien.",
            "protagonists": "Promoteur : la ville (service éducation), avec l'IREPS. Protagonistes : deux "
            "écoles, le collège, l'accueil de loisirs, la crèche, le club de football, l'association de "
            "parents.",
            "key_moments": "2019 : diagnostic partagé. 2020 : formation commune de trois jours pour 35 adultes. "
            "2021–2023 : activités dans chaque milieu de vie. 2024 : inscription au projet éducatif de "
            "territoire.",
            "key_functions": "Une coordinatrice municipale à mi-temps ; un comité de suivi trimestriel ; "
            "l'IREPS en appui méthodologique et en formation.",
            "skills_mobilised": "Animation d'activités expérientielles, posture d'écoute, travail en réseau "
            "entre métiers qui se connaissaient peu.",
            "partnerships": "Convention ville–IREPS ; circonscription du premier degré associée au comité ; "
            "club sportif signataire de la charte locale.",
            "participation": "Les enfants ont choisi les règles des jeux coopératifs du temps méridien ; les "
            "parents ont co-animé deux soirées.",
            "success_factors": "Un élu présent à chaque comité ; la formation commune, qui a créé un langage "
            "partagé ; des temps d'échange réguliers entre adultes.",
            "obstacles": "Le renouvellement des animateur·rices du périscolaire oblige à reformer chaque année ; "
            "le collège s'est engagé plus tard que les écoles.",
        },
    ),
    (
        "Crest et Aouste-sur-Sye",
        SheetStatus.PUBLISHED,
        {
            "title": "Deux communes, un bassin de vie : mutualiser pour tenir dans la durée",
            "summary": "Crest et Aouste-sur-Sye ont choisi d'agir ensemble : un seul comité de suivi, des "
            "actions partagées entre écoles, centre social et accueil de loisirs.",
            "context": "Bassin de vie de la vallée de la Drôme, 11 000 habitant·es. Les enfants des deux "
            "communes fréquentent le même collège et les mêmes structures de loisirs.",
            "protagonists": "Promoteur : le centre social intercommunal. Protagonistes : les deux mairies, "
            "quatre écoles, le collège, l'accueil de loisirs, la PMI.",
            "key_moments": "Un forum des acteurs en 2019, la création d'un comité commun en 2020, un programme "
            "d'ateliers parents-enfants depuis 2021.",
            "key_functions": "Coordination portée par le centre social, animation partagée entre "
            "professionnel·les des deux communes.",
            "skills_mobilised": "Conduite de réunion, animation d'ateliers parents-enfants, évaluation simple "
            "des actions.",
            "partnerships": "Convention entre les deux communes et le centre social ; appui de l'IREPS et de la CAF.",
            "participation": "Un groupe de parents participe au comité de suivi et propose des thèmes d'ateliers.",
            "success_factors": "Un porteur reconnu par les deux communes ; des actions proches des lieux de vie "
            "des familles.",
            "obstacles": "Les calendriers des deux conseils municipaux ; le transport des familles entre les "
            "deux communes.",
        },
    ),
    (
        "Beaurepaire",
        SheetStatus.IN_REVIEW,
        {
            "title": "Le sport comme lieu d'apprentissage des émotions",
            "summary": "À Beaurepaire, les éducateur·rices des clubs sportifs ont été formé·es aux CPS et les "
            "travaillent pendant les entraînements.",
            "context": "Commune rurale de l'Isère de 4 900 habitant·es, où les clubs sportifs accueillent une "
            "large part des enfants le mercredi et le samedi.",
            "protagonists": "Promoteur : l'office municipal des sports. Protagonistes : cinq clubs, l'école "
            "élémentaire, l'IREPS.",
            "key_moments": "Une première formation de douze heures en 2021, un temps de retour d'expérience six "
            "mois plus tard, un tournoi coopératif annuel depuis 2022.",
            "key_functions": "Un éducateur sportif référent, un comité avec l'école pour relier ce qui se fait "
            "en classe et au club.",
            "skills_mobilised": "Gestion de groupe, régulation des conflits, valorisation des progrès.",
            "partnerships": "Office municipal des sports, école élémentaire, district de football.",
            "participation": "Les jeunes joueur·ses ont écrit la charte du fair-play du tournoi.",
            "success_factors": "Des éducateur·rices volontaires et reconnus ; des activités courtes, intégrées "
            "aux entraînements.",
            "obstacles": "Des bénévoles peu disponibles pour se former ; peu de lien avec les familles.",
        },
    ),
]


def _sheets(territories) -> None:
    by_name = {t.name: t for t in territories}
    for territory_name, status, fields in SHEETS:
        territory = by_name[territory_name]
        if CapitalisationSheet.objects.filter(territory=territory, title=fields["title"]).exists():
            continue
        sheet = services.sheet_create(territory=territory, author=None, **fields)
        services.sheet_submit(sheet=sheet)
        if status == SheetStatus.PUBLISHED:
            services.sheet_publish(sheet=sheet)
