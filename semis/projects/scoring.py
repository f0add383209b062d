"""Quality scoring of a local CPS project against the evidence (DOMAIN.md §3).

`score(facts, rules)` is a pure function: from a ProjectFacts (plain figures, built by
semis.projects.selectors.project_facts) and a RuleSet (thresholds and weights, read from a versioned
JSON file in data/), it returns each criterion's status — met, partly, not met — with the figures
its explanation is written from, and the weighted score. No database, no clock: it is tested on
hand-built facts at every threshold and by property tests.

The explanations (why, what to change) are written here, in French through gettext, from the
stored figures: a stored result reads the same as a fresh one, in the reader's language.
"""

import json
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from fractions import Fraction
from functools import cache
from pathlib import Path

from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext_lazy

from semis.projects.enums import CriterionStatus, FamilyInvolvement, ScoreBand

MET, PARTLY, NOT_MET = CriterionStatus.MET.value, CriterionStatus.PARTLY.value, CriterionStatus.NOT_MET.value
STATUS_ORDER = {NOT_MET: 0, PARTLY: 1, MET: 2}

DATA_DIR = Path(__file__).resolve().parent / "data"
CURRENT_RULES_FILE = "quality_rules_v1.json"


# ---------------------------------------------------------------------------------------------
# Facts: what the rules read about a project


@dataclass(frozen=True)
class GroupFacts:
    name: str
    planned_minutes: int  # planned session time in the school year


@dataclass(frozen=True)
class AdultFacts:
    name: str
    training_minutes: int  # CPS training received


@dataclass(frozen=True)
class ContentFacts:
    """The planned content: sessions of the planned sequences, and the registry programme if any."""

    sessions: int = 0
    sequenced: int = 0  # sessions whose sheet is marked "séquencée" (SAFE), and so on
    active: int = 0
    focused: int = 0
    explicit: int = 0
    published_with_sources: int = 0  # sessions whose sheet is published and cites its sources
    programme: str = ""
    programme_evidence: str = ""  # semis.library.enums.EvidenceLevel value


@dataclass(frozen=True)
class ProjectFacts:
    years_planned: int = 1
    groups: tuple[GroupFacts, ...] = ()  # the groups of the current school year
    content: ContentFacts = field(default_factory=ContentFacts)
    skills_targeted: int = 0
    adults: tuple[AdultFacts, ...] = ()
    team_followed: bool = False  # a trained team of the cascade, with its professionnel-ressource
    support_followup: bool = False
    support_coleading: bool = False
    support_peer_exchange: bool = False
    family_involvement: int = FamilyInvolvement.NONE
    partners: int = 0
    climate_team_commitment: bool = False
    climate_actions: bool = False
    evaluation: str = "none"
    delivered_sessions: int = 0
    fidelity_points: int = 0  # sum of the fidelity answers (1–4) of the delivered sessions


# ---------------------------------------------------------------------------------------------
# Rule set: thresholds and weights, as data


@dataclass(frozen=True)
class CriterionRule:
    code: str
    weight: float
    params: Mapping
    sources: tuple[str, ...]


@dataclass(frozen=True)
class RuleSet:
    version: str
    title: str
    note: str
    points: Mapping[str, float]
    bands: tuple[tuple[str, int], ...]  # (band, minimum score), highest first
    criteria: tuple[CriterionRule, ...]
    sources: Mapping[str, str]

    def band_of(self, score: int) -> str:
        return next(band for band, minimum in self.bands if score >= minimum)


def parse_rules(data: dict) -> RuleSet:
    """A rule set from its JSON document; refuses a document the scorer could misread."""
    try:
        criteria = tuple(
            CriterionRule(
                code=item["code"],
                weight=float(item["weight"]),
                params=dict(item.get("params", {})),
                sources=tuple(item.get("sources", ())),
            )
            for item in data["criteria"]
        )
        bands = tuple(sorted(((b["band"], int(b["min_score"])) for b in data["bands"]), key=lambda b: -b[1]))
        rules = RuleSet(
            version=str(data["version"]),
            title=data.get("title", ""),
            note=data.get("note", ""),
            points={status: float(data["points"][status]) for status in (MET, PARTLY, NOT_MET)},
            bands=bands,
            criteria=criteria,
            sources=dict(data.get("sources", {})),
        )
    except (KeyError, TypeError, ValueError) as error:
        raise ImproperlyConfigured(f"Quality rule set is malformed: {error!r}") from error
    unknown = [rule.code for rule in criteria if rule.code not in RULES]
    if unknown:
        raise ImproperlyConfigured(f"Quality rule set names unknown criteria: {unknown}")
    if len({rule.code for rule in criteria}) != len(criteria) or any(rule.weight <= 0 for rule in criteria):
        raise ImproperlyConfigured("Quality rule set: each criterion once, with a positive weight.")
    if not bands or bands[-1][1] != 0 or {band for band, _m in bands} - set(ScoreBand.values):
        raise ImproperlyConfigured("Quality rule set: bands must be known and the lowest must start at 0.")
    missing_sources = {s for rule in criteria for s in rule.sources} - set(rules.sources)
    if missing_sources:
        raise ImproperlyConfigured(f"Quality rule set cites undefined sources: {sorted(missing_sources)}")
    return rules


@cache
def load_rules(filename: str = CURRENT_RULES_FILE) -> RuleSet:
    return parse_rules(json.loads((DATA_DIR / filename).read_text(encoding="utf-8")))


# ---------------------------------------------------------------------------------------------
# Results


@dataclass(frozen=True)
class CriterionOutcome:
    code: str
    status: str
    params: Mapping = field(default_factory=dict)

    @property
    def text(self) -> "CriterionText":
        return TEXTS[self.code]

    @property
    def label(self) -> str:
        return str(self.text.label)

    @property
    def reason(self) -> str:
        return self.text.render(self.text.reasons, self.status, self.params)

    @property
    def advice(self) -> str:
        """What to change to meet the criterion; empty once it is met."""
        if self.status == MET:
            return ""
        return self.text.render(self.text.advice, self.status, self.params)

    @property
    def status_label(self) -> str:
        return str(CriterionStatus(self.status).label)

    @property
    def points_percent(self) -> int:
        return {MET: 100, PARTLY: 50, NOT_MET: 0}[self.status]


@dataclass(frozen=True)
class ScoreResult:
    rules_version: str
    score: int
    band: str
    outcomes: tuple[CriterionOutcome, ...]

    @property
    def met_count(self) -> int:
        return sum(outcome.status == MET for outcome in self.outcomes)

    @property
    def partly_count(self) -> int:
        return sum(outcome.status == PARTLY for outcome in self.outcomes)

    def outcome(self, code: str) -> CriterionOutcome:
        return next(outcome for outcome in self.outcomes if outcome.code == code)


def score(facts: ProjectFacts, rules: RuleSet | None = None) -> ScoreResult:
    rules = rules or load_rules()
    outcomes = []
    earned = total = 0.0
    for rule in rules.criteria:
        status, params = RULES[rule.code](facts, rule.params)
        outcomes.append(CriterionOutcome(code=rule.code, status=status, params=params))
        earned += rule.weight * rules.points[status]
        total += rule.weight
    value = round(100 * earned / total)
    return ScoreResult(rules_version=rules.version, score=value, band=rules.band_of(value), outcomes=tuple(outcomes))


def from_stored(code: str, status: str, params: Mapping) -> CriterionOutcome:
    return CriterionOutcome(code=code, status=status, params=params)


# ---------------------------------------------------------------------------------------------
# The rules: each reads the facts and its parameters, and returns (status, figures for the text)

RULES: dict[str, Callable[[ProjectFacts, Mapping], tuple[str, dict]]] = {}


def rule(code: str):
    def register(function):
        RULES[code] = function
        return function

    return register


def at_least(count: int, total: int, share) -> bool:
    """count / total ≥ share, exactly (a share of 0.75 is not missed by a rounding error)."""
    return total > 0 and Fraction(count, total) >= Fraction(str(share))


def percent(count: int, total: int) -> int:
    return round(100 * count / total) if total else 0


def format_minutes(minutes: int) -> str:
    """7 h, 7 h 30, 11 h 59, 45 min."""
    hours, rest = divmod(int(minutes), 60)
    if not hours:
        return f"{rest} min"
    return f"{hours} h {rest:02d}" if rest else f"{hours} h"


def _share_rule(flag: str):
    def evaluate(facts: ProjectFacts, params: Mapping) -> tuple[str, dict]:
        content = facts.content
        if not content.sessions:
            if content.programme:
                return PARTLY, {"variant": "programme", "programme": content.programme}
            return NOT_MET, {"variant": "none"}
        count = getattr(content, flag)
        figures = {"count": count, "sessions": content.sessions, "percent": percent(count, content.sessions)}
        if flag == "explicit" and facts.skills_targeted < params.get("min_skills", 1):
            return NOT_MET, {**figures, "variant": "no_skills"}
        if at_least(count, content.sessions, params["met_share"]):
            return MET, figures
        if at_least(count, content.sessions, params["partly_share"]):
            return PARTLY, figures
        return NOT_MET, figures

    return evaluate


@rule("safe_sequenced")
def _sequenced(facts: ProjectFacts, params: Mapping) -> tuple[str, dict]:
    content = facts.content
    figures = {"sessions": content.sessions, "met_sessions": params["met_sessions"]}
    if content.sessions >= params["met_sessions"] and at_least(
        content.sequenced, content.sessions, params["met_share"]
    ):
        return MET, figures
    if content.programme:
        return MET, {**figures, "variant": "programme", "programme": content.programme}
    if content.sessions >= params["partly_sessions"]:
        return PARTLY, figures
    return NOT_MET, figures


rule("safe_active")(_share_rule("active"))
rule("safe_focused")(_share_rule("focused"))
rule("safe_explicit")(_share_rule("explicit"))


@rule("dosage")
def _dosage(facts: ProjectFacts, params: Mapping) -> tuple[str, dict]:
    if not facts.groups:
        return NOT_MET, {"variant": "no_group", "met_hours": params["met_hours"]}
    lowest = min(facts.groups, key=lambda group: group.planned_minutes)
    figures = {
        "group": lowest.name,
        "hours": format_minutes(lowest.planned_minutes),
        "met_hours": params["met_hours"],
        "partly_hours": params["partly_hours"],
        "groups": len(facts.groups),
    }
    if lowest.planned_minutes >= params["met_hours"] * 60:
        return MET, figures
    if lowest.planned_minutes >= params["partly_hours"] * 60:
        return PARTLY, figures
    return NOT_MET, figures


@rule("duration")
def _duration(facts: ProjectFacts, params: Mapping) -> tuple[str, dict]:
    figures = {"years": facts.years_planned, "met_years": params["met_years"]}
    if facts.years_planned >= params["met_years"]:
        return MET, figures
    if facts.years_planned >= params["partly_years"]:
        return PARTLY, figures
    return NOT_MET, figures


@rule("trained_adults")
def _trained_adults(facts: ProjectFacts, params: Mapping) -> tuple[str, dict]:
    threshold = params["min_hours"] * 60
    if not facts.adults:
        return NOT_MET, {"variant": "none", "min_hours": params["min_hours"]}
    trained = [adult for adult in facts.adults if adult.training_minutes >= threshold]
    short = sorted((a for a in facts.adults if a.training_minutes < threshold), key=lambda a: -a.training_minutes)
    figures = {
        "trained": len(trained),
        "total": len(facts.adults),
        "min_hours": params["min_hours"],
        "short": ", ".join(f"{a.name} ({format_minutes(a.training_minutes)})" for a in short[:3])
        + (" …" if len(short) > 3 else ""),
    }
    if at_least(len(trained), len(facts.adults), params["met_share"]):
        return MET, figures
    if at_least(len(trained), len(facts.adults), params["partly_share"]):
        return PARTLY, figures
    return NOT_MET, figures


@rule("support")
def _support(facts: ProjectFacts, params: Mapping) -> tuple[str, dict]:
    if facts.team_followed:
        return MET, {"variant": "team"}
    if facts.support_followup or facts.support_coleading:
        return MET, {}
    if facts.support_peer_exchange:
        return PARTLY, {}
    return NOT_MET, {}


@rule("family_environment")
def _family_environment(facts: ProjectFacts, params: Mapping) -> tuple[str, dict]:
    figures = {"partners": facts.partners, "met_partners": params["met_partners"]}
    involved = facts.family_involvement >= FamilyInvolvement.INVOLVED
    if involved and facts.partners >= params["met_partners"]:
        return MET, figures
    if involved:
        return PARTLY, {**figures, "variant": "families_only"}
    if facts.partners > 0 or facts.family_involvement >= FamilyInvolvement.INFORMED:
        return PARTLY, {**figures, "variant": "partners" if facts.partners else "informed"}
    return NOT_MET, figures


@rule("climate")
def _climate(facts: ProjectFacts, params: Mapping) -> tuple[str, dict]:
    if facts.climate_team_commitment and facts.climate_actions:
        return MET, {}
    if facts.climate_team_commitment:
        return PARTLY, {"variant": "commitment_only"}
    if facts.climate_actions:
        return PARTLY, {"variant": "actions_only"}
    return NOT_MET, {}


@rule("evidence")
def _evidence(facts: ProjectFacts, params: Mapping) -> tuple[str, dict]:
    content = facts.content
    if content.programme and content.programme_evidence in params["met_levels"]:
        return MET, {"programme": content.programme}
    if content.programme and content.programme_evidence in params["partly_levels"]:
        return PARTLY, {"variant": "programme", "programme": content.programme}
    if content.sessions and at_least(content.published_with_sources, content.sessions, params["partly_sheet_share"]):
        return PARTLY, {
            "variant": "sheets",
            "percent": percent(content.published_with_sources, content.sessions),
        }
    if content.programme:
        return NOT_MET, {"variant": "programme", "programme": content.programme}
    return NOT_MET, {}


@rule("evaluation")
def _evaluation(facts: ProjectFacts, params: Mapping) -> tuple[str, dict]:
    if facts.evaluation in params["met_kinds"]:
        return MET, {}
    if facts.evaluation in params["partly_kinds"]:
        return PARTLY, {}
    return NOT_MET, {}


@rule("fidelity")
def _fidelity(facts: ProjectFacts, params: Mapping) -> tuple[str, dict]:
    sessions = facts.delivered_sessions
    if not sessions:
        return NOT_MET, {"variant": "none"}
    # Each answer 1–4 stands for 25–100 % of the session done as planned.
    rate = Fraction(facts.fidelity_points * 25, sessions)
    figures = {"sessions": sessions, "percent": round(rate), "met_percent": params["met_percent"]}
    if rate >= params["met_percent"]:
        return MET, figures
    if rate >= params["partly_percent"]:
        return PARTLY, figures
    return NOT_MET, figures


# ---------------------------------------------------------------------------------------------
# What each criterion says: label, why it matters, the reason for its status, what to change


@dataclass(frozen=True)
class CriterionText:
    label: str
    short: str
    why: str
    reasons: Mapping[str, str]  # "status" or "status:variant" → text with %(figures)s
    advice: Mapping[str, str]
    thresholds: str = ""  # the rule in words, with the rule set's parameters

    def describe(self, params: Mapping) -> str:
        """The thresholds in words; shares are written as percentages."""
        shown = {key: round(value * 100) if key.endswith("_share") else value for key, value in params.items()}
        return str(self.thresholds) % shown if self.thresholds else ""

    @staticmethod
    def render(texts: Mapping, status: str, params: Mapping) -> str:
        variant = params.get("variant")
        template = texts.get(f"{status}:{variant}") if variant else None
        template = template or texts.get(status, "")
        # `%` rather than str() first: a plural text (ngettext_lazy) picks its form from its count in params.
        return template % params if template else ""


TEXTS: dict[str, CriterionText] = {
    "safe_sequenced": CriterionText(
        label=_("Séquencé : une progression pas à pas"),
        short=_("Séquencé"),
        why=_("Les programmes efficaces enchaînent des séances coordonnées, chacune préparant la suivante."),
        reasons={
            MET: _("Une séquence de %(sessions)s séances est prévue, construite comme une progression."),
            f"{MET}:programme": _("Le programme %(programme)s apporte sa propre progression."),
            PARTLY: _("Seulement %(sessions)s séances prévues, ou des séances peu reliées entre elles."),
            NOT_MET: _(
                "Aucune séquence de séances n'est prévue : des activités isolées ne forment pas une progression."
            ),
        },
        advice={
            PARTLY: _(
                "Prévoyez une séquence d'au moins %(met_sessions)s séances du cartable, dont la moitié au moins "
                "marquées « séquencée », ou retenez un programme probant."
            ),
            NOT_MET: _(
                "Ajoutez au projet une séquence du cartable (au moins %(met_sessions)s séances) ou un programme "
                "probant du registre."
            ),
        },
        thresholds=_(
            "Atteint : une séquence d'au moins %(met_sessions)s séances, dont %(met_share)s %% au moins marquées « "
            "séquencée », ou un programme probant ; en partie : au moins %(partly_sessions)s séances."
        ),
    ),
    "safe_active": CriterionText(
        label=_("Actif : les élèves vivent les activités"),
        short=_("Actif"),
        why=_("On apprend une compétence en l'exerçant : jeux de rôle, mises en situation, coopération."),
        reasons={
            MET: _("%(percent)s %% des séances prévues (%(count)s sur %(sessions)s) sont actives."),
            PARTLY: _("%(percent)s %% des séances prévues seulement (%(count)s sur %(sessions)s) sont actives."),
            f"{PARTLY}:programme": _(
                "Le programme %(programme)s est retenu, mais ses séances ne sont pas décrites dans Semis."
            ),
            NOT_MET: _("%(percent)s %% des séances prévues sont actives (%(count)s sur %(sessions)s)."),
            f"{NOT_MET}:none": _("Aucune séance n'est prévue : rien ne dit que les élèves seront actifs."),
        },
        advice={
            PARTLY: _("Remplacez des séances d'information par des fiches marquées « active » (75 %% au moins)."),
            f"{PARTLY}:programme": _(
                "Ajoutez la séquence du cartable qui décline le programme, ou vérifiez avec son guide que les "
                "séances sont actives."
            ),
            NOT_MET: _("Choisissez des fiches marquées « active » pour 75 %% des séances au moins."),
            f"{NOT_MET}:none": _("Ajoutez une séquence du cartable au projet."),
        },
        thresholds=_(
            "Atteint : au moins %(met_share)s %% des séances prévues sur des fiches « active » ; en partie : au "
            "moins %(partly_share)s %%."
        ),
    ),
    "safe_focused": CriterionText(
        label=_("Centré : un temps dédié aux compétences"),
        short=_("Centré"),
        why=_("Un temps régulier, consacré aux compétences elles-mêmes, plutôt que glissé dans d'autres activités."),
        reasons={
            MET: _("%(percent)s %% des séances prévues (%(count)s sur %(sessions)s) sont centrées sur une compétence."),
            PARTLY: _("%(percent)s %% des séances prévues seulement (%(count)s sur %(sessions)s) sont centrées."),
            f"{PARTLY}:programme": _(
                "Le programme %(programme)s est retenu, mais ses séances ne sont pas décrites dans Semis."
            ),
            NOT_MET: _("%(percent)s %% des séances prévues sont centrées (%(count)s sur %(sessions)s)."),
            f"{NOT_MET}:none": _("Aucune séance n'est prévue."),
        },
        advice={
            PARTLY: _("Choisissez des fiches marquées « centrée sur la compétence » (75 %% des séances au moins)."),
            f"{PARTLY}:programme": _("Ajoutez la séquence du cartable qui décline le programme."),
            NOT_MET: _("Choisissez des fiches marquées « centrée sur la compétence » (75 %% des séances au moins)."),
            f"{NOT_MET}:none": _("Ajoutez une séquence du cartable au projet."),
        },
        thresholds=_(
            "Atteint : au moins %(met_share)s %% des séances prévues sur des fiches « centrée » ; en partie : au "
            "moins %(partly_share)s %%."
        ),
    ),
    "safe_explicit": CriterionText(
        label=_("Explicite : des compétences nommées"),
        short=_("Explicite"),
        why=_("Les élèves et les adultes savent quelle compétence est travaillée, et le disent."),
        reasons={
            MET: _(
                "Compétences visées nommées, et %(percent)s %% des séances (%(count)s sur %(sessions)s) explicites."
            ),
            PARTLY: _("%(percent)s %% des séances prévues seulement (%(count)s sur %(sessions)s) sont explicites."),
            f"{PARTLY}:programme": _(
                "Le programme %(programme)s est retenu, mais ses séances ne sont pas décrites dans Semis."
            ),
            NOT_MET: _("%(percent)s %% des séances prévues sont explicites (%(count)s sur %(sessions)s)."),
            f"{NOT_MET}:no_skills": _("Le projet ne nomme aucune compétence visée."),
            f"{NOT_MET}:none": _("Aucune séance n'est prévue."),
        },
        advice={
            PARTLY: _("Choisissez des fiches marquées « explicite » (75 %% des séances au moins)."),
            f"{PARTLY}:programme": _("Ajoutez la séquence du cartable qui décline le programme."),
            NOT_MET: _("Choisissez des fiches marquées « explicite » (75 %% des séances au moins)."),
            f"{NOT_MET}:no_skills": _("Cochez les compétences psychosociales que le projet vise."),
            f"{NOT_MET}:none": _("Ajoutez une séquence du cartable et nommez les compétences visées."),
        },
        thresholds=_(
            "Atteint : des compétences visées nommées et au moins %(met_share)s %% des séances sur des fiches « "
            "explicite » ; en partie : au moins %(partly_share)s %%."
        ),
    ),
    "dosage": CriterionText(
        label=_("Dosage : assez d'heures par élève et par an"),
        short=_("Dosage"),
        why=_("Plusieurs séances dans l'année : 8 à 10 heures par an en classe dans « En santé à l'école »."),
        reasons={
            MET: _(
                "Chaque groupe a au moins %(met_hours)s h de séances prévues cette année (le moins doté : %(hours)s)."
            ),
            PARTLY: _("Le groupe « %(group)s » n'a que %(hours)s de séances prévues cette année."),
            NOT_MET: _("Le groupe « %(group)s » n'a que %(hours)s de séances prévues cette année."),
            f"{NOT_MET}:no_group": _("Aucun groupe n'est encore inscrit au projet pour cette année."),
        },
        advice={
            PARTLY: _("Prévoyez au moins %(met_hours)s h de séances dans l'année pour chaque groupe."),
            NOT_MET: _(
                "Prévoyez au moins %(met_hours)s h de séances dans l'année pour chaque groupe "
                "(par exemple une séance de 45 min toutes les trois semaines ne suffit pas)."
            ),
            f"{NOT_MET}:no_group": _("Ajoutez les classes ou groupes concernés, avec leurs heures prévues."),
        },
        thresholds=_(
            "Atteint : au moins %(met_hours)s h de séances prévues dans l'année pour chaque groupe ; en partie : au "
            "moins %(partly_hours)s h."
        ),
    ),
    "duration": CriterionText(
        label=_("Durée : sur plusieurs années"),
        short=_("Durée"),
        why=_("Les effets se construisent dans la durée : des interventions sur plusieurs années scolaires."),
        reasons={
            MET: _("Le projet couvre %(years)s années scolaires."),
            PARTLY: _("Le projet couvre une seule année scolaire."),
            NOT_MET: _("Le projet ne couvre aucune année complète."),
        },
        advice={
            PARTLY: _("Prévoyez au moins %(met_years)s années : la suite l'an prochain, avec les mêmes élèves."),
            NOT_MET: _("Prévoyez au moins %(met_years)s années scolaires."),
        },
        thresholds=_("Atteint : au moins %(met_years)s années scolaires ; en partie : %(partly_years)s année."),
    ),
    "trained_adults": CriterionText(
        label=_("Adultes formés : au moins 12 h de formation CPS"),
        short=_("Adultes formés"),
        why=_("Les adultes qui animent ont vécu les activités en formation, au moins 12 heures."),
        reasons={
            MET: ngettext_lazy(
                "%(trained)s adulte sur %(total)s a au moins %(min_hours)s h de formation CPS.",
                "%(trained)s adultes sur %(total)s ont au moins %(min_hours)s h de formation CPS.",
                "trained",
            ),
            PARTLY: ngettext_lazy(
                "%(trained)s adulte sur %(total)s seulement a au moins %(min_hours)s h de formation CPS ; "
                "en dessous : %(short)s.",
                "%(trained)s adultes sur %(total)s seulement ont au moins %(min_hours)s h de formation CPS ; "
                "en dessous : %(short)s.",
                "trained",
            ),
            NOT_MET: ngettext_lazy(
                "%(trained)s adulte sur %(total)s a au moins %(min_hours)s h de formation CPS ; "
                "en dessous : %(short)s.",
                "%(trained)s adultes sur %(total)s ont au moins %(min_hours)s h de formation CPS ; "
                "en dessous : %(short)s.",
                "trained",
            ),
            f"{NOT_MET}:none": _("Aucun adulte qui anime les séances n'est déclaré."),
        },
        advice={
            PARTLY: _(
                "Inscrivez les adultes non formés à un stage du programme académique ou d'une IREPS "
                "(%(min_hours)s h au moins), ou faites co-animer leurs séances."
            ),
            NOT_MET: _(
                "Inscrivez les adultes qui animent à un stage d'au moins %(min_hours)s h (programme académique, IREPS)."
            ),
            f"{NOT_MET}:none": _("Déclarez les adultes qui animent les séances et leurs heures de formation CPS."),
        },
        thresholds=_(
            "Atteint : au moins %(met_share)s %% des adultes qui animent ont %(min_hours)s h de formation CPS ou "
            "plus ; en partie : au moins %(partly_share)s %%."
        ),
    ),
    "support": CriterionText(
        label=_("Accompagnement : les adultes sont suivis"),
        short=_("Accompagnement"),
        why=_("Formés puis accompagnés : un suivi régulier aide à tenir dans la durée."),
        reasons={
            MET: _("Un suivi est en place (professionnel·le-ressource, IREPS ou co-animation)."),
            f"{MET}:team": _("L'équipe formée du projet est suivie par un·e professionnel·le-ressource."),
            PARTLY: _("Seuls des échanges entre adultes du projet sont prévus."),
            NOT_MET: _("Aucun accompagnement des adultes n'est prévu."),
        },
        advice={
            PARTLY: _("Demandez un suivi à un·e professionnel·le-ressource ou à l'IREPS, ou une co-animation."),
            NOT_MET: _("Prévoyez un suivi par un·e professionnel·le-ressource ou l'IREPS, ou des séances co-animées."),
        },
        thresholds=_(
            "Atteint : suivi par un·e professionnel·le-ressource ou l'IREPS, équipe formée suivie, ou co-animation ; "
            "en partie : échanges entre adultes du projet seulement."
        ),
    ),
    "family_environment": CriterionText(
        label=_("Familles et environnement associés"),
        short=_("Familles et environnement"),
        why=_("La cohérence éducative entre l'école, la famille et les autres milieux de vie renforce les effets."),
        reasons={
            MET: ngettext_lazy(
                "Les familles participent et %(partners)s partenaire d'un autre milieu de vie est associé.",
                "Les familles participent et %(partners)s partenaires d'autres milieux de vie sont associés.",
                "partners",
            ),
            f"{PARTLY}:families_only": _(
                "Les familles participent, mais aucun partenaire d'un autre milieu n'est associé."
            ),
            f"{PARTLY}:partners": ngettext_lazy(
                "%(partners)s partenaire associé, mais les familles ne participent pas au projet.",
                "%(partners)s partenaires associés, mais les familles ne participent pas au projet.",
                "partners",
            ),
            f"{PARTLY}:informed": _("Les familles sont informées, sans participer, et aucun partenaire n'est associé."),
            NOT_MET: _("Ni les familles ni d'autres milieux de vie ne sont associés."),
        },
        advice={
            f"{PARTLY}:families_only": _(
                "Associez au moins un partenaire d'un autre milieu de vie (périscolaire, centre social, santé…)."
            ),
            f"{PARTLY}:partners": _(
                "Faites participer les familles : un temps partagé, des activités à refaire à la maison."
            ),
            f"{PARTLY}:informed": _(
                "Faites participer les familles et associez un partenaire d'un autre milieu de vie."
            ),
            NOT_MET: _("Informez puis associez les familles, et invitez un partenaire d'un autre milieu de vie."),
        },
        thresholds=_(
            "Atteint : les familles participent et au moins %(met_partners)s partenaire d'un autre milieu de vie ; "
            "en partie : l'un ou l'autre, ou des familles informées."
        ),
    ),
    "climate": CriterionText(
        label=_("Climat positif et adultes modèles"),
        short=_("Climat et adultes modèles"),
        why=_("Les adultes pratiquent eux-mêmes les compétences au quotidien, dans un climat bienveillant."),
        reasons={
            MET: _("L'équipe adulte s'engage et des actions sur le climat sont prévues."),
            f"{PARTLY}:commitment_only": _("L'équipe s'engage, mais aucune action sur le climat n'est décrite."),
            f"{PARTLY}:actions_only": _("Des actions sont décrites, sans engagement de toute l'équipe adulte."),
            NOT_MET: _("Rien n'est prévu sur le climat ni sur l'exemple donné par les adultes."),
        },
        advice={
            f"{PARTLY}:commitment_only": _("Décrivez les actions : règles de vie co-construites, messages clairs…"),
            f"{PARTLY}:actions_only": _("Associez toute l'équipe adulte, au-delà des personnes qui animent."),
            NOT_MET: _("Engagez toute l'équipe adulte et décrivez les actions prévues sur le climat."),
        },
        thresholds=_(
            "Atteint : toute l'équipe adulte s'engage et des actions sur le climat sont décrites ; en partie : l'un "
            "des deux."
        ),
    ),
    "evidence": CriterionText(
        label=_("Contenu fondé sur des preuves"),
        short=_("Contenu probant"),
        why=_("Un programme évalué, ou ses ingrédients, plutôt qu'un contenu inventé sans évaluation."),
        reasons={
            MET: _("Le programme %(programme)s a été évalué par une étude contrôlée."),
            f"{PARTLY}:programme": _("Le programme %(programme)s n'a qu'une évaluation avant / après."),
            f"{PARTLY}:sheets": _(
                "%(percent)s %% des séances viennent de fiches publiées du cartable qui citent leurs sources, "
                "sans programme évalué."
            ),
            f"{NOT_MET}:programme": _("Le programme %(programme)s n'a pas d'évaluation d'efficacité publiée."),
            NOT_MET: _("Le contenu prévu ne s'appuie ni sur un programme évalué ni sur des fiches sourcées."),
        },
        advice={
            PARTLY: _(
                "Appuyez le projet sur un programme évalué du registre (essai contrôlé ou étude "
                "quasi expérimentale), en gardant les fiches du cartable qui en reprennent les ingrédients."
            ),
            NOT_MET: _("Choisissez un programme évalué du registre ou des fiches publiées du cartable."),
        },
        thresholds=_(
            "Atteint : un programme évalué par un essai contrôlé ou une étude quasi expérimentale ; en partie : une "
            "évaluation avant / après, ou au moins %(partly_sheet_share)s %% des séances sur des fiches publiées qui "
            "citent leurs sources."
        ),
    ),
    "evaluation": CriterionText(
        label=_("Évaluation prévue"),
        short=_("Évaluation"),
        why=_("Mesurer ce que le projet change permet de l'améliorer et de le défendre."),
        reasons={
            MET: _("Une mesure avant / après est prévue."),
            PARTLY: _("Seul un bilan qualitatif est prévu."),
            NOT_MET: _("Aucune évaluation n'est prévue."),
        },
        advice={
            PARTLY: _("Ajoutez une mesure avant / après avec un questionnaire (codes pseudonymes, jamais de noms)."),
            NOT_MET: _("Prévoyez au moins un bilan, et de préférence une mesure avant / après."),
        },
        thresholds=_(
            "Atteint : une mesure avant / après (avec ou sans groupe de comparaison) ; en partie : un bilan qualitatif."
        ),
    ),
    "fidelity": CriterionText(
        label=_("Mise en œuvre suivie (fidélité)"),
        short=_("Fidélité"),
        why=_("Suivre ce qui est fait comme prévu, séance après séance, montre si le projet tient ses promesses."),
        reasons={
            MET: ngettext_lazy(
                "%(sessions)s séance consignée, menée comme prévu à %(percent)s %% en moyenne.",
                "%(sessions)s séances consignées, menées comme prévu à %(percent)s %% en moyenne.",
                "sessions",
            ),
            PARTLY: ngettext_lazy(
                "%(sessions)s séance consignée, menée comme prévu à %(percent)s %% seulement.",
                "%(sessions)s séances consignées, menées comme prévu à %(percent)s %% seulement.",
                "sessions",
            ),
            NOT_MET: ngettext_lazy(
                "%(sessions)s séance consignée, menée comme prévu à %(percent)s %% seulement.",
                "%(sessions)s séances consignées, menées comme prévu à %(percent)s %% seulement.",
                "sessions",
            ),
            f"{NOT_MET}:none": _("Aucune séance n'est encore consignée dans le journal."),
        },
        advice={
            PARTLY: _(
                "Notez les adaptations et demandez un appui sur les séances difficiles : l'objectif est "
                "%(met_percent)s %% au moins."
            ),
            NOT_MET: _(
                "Identifiez ce qui empêche de mener les séances comme prévu (durée, créneau, consignes) avec "
                "un·e professionnel·le-ressource."
            ),
            f"{NOT_MET}:none": _("Consignez chaque séance menée : moins d'une minute depuis un téléphone."),
        },
        thresholds=_(
            "Atteint : des séances consignées, menées comme prévu à %(met_percent)s %% au moins en moyenne ; en "
            "partie : à %(partly_percent)s %% au moins."
        ),
    ),
}
