"""The quality rules on hand-built facts: each threshold from both sides, then properties.

Pure functions: no database (the rules never read one)."""

import dataclasses
import json

import pytest
from django.core.exceptions import ImproperlyConfigured
from hypothesis import given, settings
from hypothesis import strategies as st

from semis.projects.enums import EvaluationKind, FamilyInvolvement
from semis.projects.scoring import (
    DATA_DIR,
    MET,
    NOT_MET,
    PARTLY,
    STATUS_ORDER,
    TEXTS,
    AdultFacts,
    ContentFacts,
    GroupFacts,
    ProjectFacts,
    format_minutes,
    load_rules,
    parse_rules,
    score,
)

pytestmark = pytest.mark.django_db(databases=[])

FULL_CONTENT = ContentFacts(
    sessions=8,
    sequenced=8,
    active=8,
    focused=8,
    explicit=8,
    published_with_sources=8,
    programme="",
    programme_evidence="",
)


def strong(**changes) -> ProjectFacts:
    """A project that meets every criterion but evidence (cartable sheets, no evaluated programme)."""
    facts = ProjectFacts(
        years_planned=2,
        groups=(GroupFacts("CE2 A", 10 * 60), GroupFacts("CE2 B", 10 * 60)),
        content=FULL_CONTENT,
        skills_targeted=3,
        adults=(AdultFacts("Élise Martin", 18 * 60), AdultFacts("Paul Bernard", 12 * 60)),
        support_followup=True,
        family_involvement=FamilyInvolvement.INVOLVED,
        partners=2,
        climate_team_commitment=True,
        climate_actions=True,
        evaluation=EvaluationKind.PRE_POST,
        delivered_sessions=4,
        fidelity_points=16,
    )
    return dataclasses.replace(facts, **changes)


def status(facts: ProjectFacts, code: str) -> str:
    return score(facts).outcome(code).status


def content(**changes) -> ContentFacts:
    return dataclasses.replace(FULL_CONTENT, **changes)


# --- adults trained at least 12 h -------------------------------------------------------------


def test_an_adult_with_11_h_59_of_training_is_not_trained_and_is_named():
    outcome = score(strong(adults=(AdultFacts("Élise Martin", 11 * 60 + 59),))).outcome("trained_adults")
    assert outcome.status == NOT_MET
    assert "Élise Martin (11 h 59)" in outcome.reason
    assert "12 h" in outcome.advice


def test_an_adult_with_12_h_of_training_is_trained():
    assert status(strong(adults=(AdultFacts("Élise Martin", 12 * 60),)), "trained_adults") == MET


@pytest.mark.parametrize(
    ("trained", "reason"),
    [
        (1, "1 adulte sur 1 a au moins 12 h de formation CPS."),
        (2, "2 adultes sur 2 ont au moins 12 h de formation CPS."),
    ],
)
def test_the_reason_agrees_with_its_count(trained, reason):
    adults = tuple(AdultFacts(f"A{n}", 12 * 60) for n in range(trained))
    assert score(strong(adults=adults)).outcome("trained_adults").reason == reason


@pytest.mark.parametrize(
    ("trained", "total", "expected"),
    [(3, 4, MET), (2, 4, PARTLY), (1, 4, PARTLY), (1, 5, NOT_MET), (0, 3, NOT_MET)],
)
def test_the_share_of_trained_adults_decides(trained, total, expected):
    adults = tuple(AdultFacts(f"A{n}", 12 * 60 if n < trained else 6 * 60) for n in range(total))
    assert status(strong(adults=adults), "trained_adults") == expected


def test_no_declared_adult_misses_the_criterion_with_a_plain_reason():
    outcome = score(strong(adults=())).outcome("trained_adults")
    assert outcome.status == NOT_MET
    assert outcome.reason == "Aucun adulte qui anime les séances n'est déclaré."


# --- dosage per pupil per year ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("minutes", "expected"),
    [(7 * 60, PARTLY), (7 * 60 + 59, PARTLY), (8 * 60, MET), (4 * 60 - 1, NOT_MET), (4 * 60, PARTLY)],
)
def test_dosage_thresholds_are_8_h_and_4_h_a_year(minutes, expected):
    assert status(strong(groups=(GroupFacts("CE2 A", minutes),)), "dosage") == expected


def test_dosage_is_that_of_the_least_served_group():
    outcome = score(strong(groups=(GroupFacts("CE2 A", 10 * 60), GroupFacts("CE2 B", 7 * 60)))).outcome("dosage")
    assert outcome.status == PARTLY
    assert "« CE2 B » n'a que 7 h" in outcome.reason


def test_a_project_without_groups_has_no_dosage():
    assert status(strong(groups=()), "dosage") == NOT_MET


# --- duration ---------------------------------------------------------------------------------


@pytest.mark.parametrize(("years", "expected"), [(1, PARTLY), (2, MET), (5, MET)])
def test_duration_is_met_from_two_school_years(years, expected):
    assert status(strong(years_planned=years), "duration") == expected


# --- SAFE -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("sessions", "sequenced", "expected"),
    [(6, 3, MET), (6, 2, PARTLY), (5, 5, PARTLY), (2, 2, PARTLY), (1, 1, NOT_MET), (0, 0, NOT_MET)],
)
def test_sequenced_needs_six_sessions_half_of_them_built_as_a_progression(sessions, sequenced, expected):
    facts = strong(content=content(sessions=sessions, sequenced=sequenced))
    assert status(facts, "safe_sequenced") == expected


def test_an_evidence_based_programme_brings_its_own_progression():
    facts = strong(content=ContentFacts(programme="Unplugged", programme_evidence="rct"))
    assert status(facts, "safe_sequenced") == MET
    outcome = score(facts).outcome("safe_active")
    assert outcome.status == PARTLY and "Unplugged" in outcome.reason


@pytest.mark.parametrize("flag", ["active", "focused", "explicit"])
@pytest.mark.parametrize(
    ("count", "sessions", "expected"),
    [(3, 4, MET), (8, 8, MET), (2, 4, PARTLY), (1, 4, PARTLY), (1, 5, NOT_MET), (0, 4, NOT_MET)],
)
def test_active_focused_explicit_need_three_quarters_of_the_sessions(flag, count, sessions, expected):
    facts = strong(content=content(sessions=sessions, **{flag: count}))
    assert status(facts, f"safe_{flag}") == expected


def test_explicit_needs_named_skills():
    outcome = score(strong(skills_targeted=0)).outcome("safe_explicit")
    assert outcome.status == NOT_MET
    assert "compétences" in outcome.advice


# --- support, families, climate, evidence, evaluation -----------------------------------------


@pytest.mark.parametrize(
    ("changes", "expected"),
    [
        ({"team_followed": True, "support_followup": False}, MET),
        ({"support_followup": True}, MET),
        ({"support_followup": False, "support_coleading": True}, MET),
        ({"support_followup": False, "support_peer_exchange": True}, PARTLY),
        ({"support_followup": False}, NOT_MET),
    ],
)
def test_support(changes, expected):
    assert status(strong(**changes), "support") == expected


@pytest.mark.parametrize(
    ("family", "partners", "expected"),
    [
        (FamilyInvolvement.INVOLVED, 1, MET),
        (FamilyInvolvement.INVOLVED, 0, PARTLY),
        (FamilyInvolvement.INFORMED, 3, PARTLY),
        (FamilyInvolvement.INFORMED, 0, PARTLY),
        (FamilyInvolvement.NONE, 1, PARTLY),
        (FamilyInvolvement.NONE, 0, NOT_MET),
    ],
)
def test_families_and_environment(family, partners, expected):
    assert status(strong(family_involvement=family, partners=partners), "family_environment") == expected


@pytest.mark.parametrize(
    ("commitment", "actions", "expected"),
    [(True, True, MET), (True, False, PARTLY), (False, True, PARTLY), (False, False, NOT_MET)],
)
def test_climate_and_adults_as_models(commitment, actions, expected):
    facts = strong(climate_team_commitment=commitment, climate_actions=actions)
    assert status(facts, "climate") == expected


@pytest.mark.parametrize(
    ("content_facts", "expected"),
    [
        (ContentFacts(programme="Unplugged", programme_evidence="rct"), MET),
        (ContentFacts(programme="GBG", programme_evidence="several_rcts"), MET),
        (ContentFacts(programme="X", programme_evidence="quasi_experimental"), MET),
        (ContentFacts(programme="Y", programme_evidence="pre_post"), PARTLY),
        (ContentFacts(programme="PRODAS", programme_evidence="not_evaluated"), NOT_MET),
        (ContentFacts(sessions=4, published_with_sources=2), PARTLY),
        (ContentFacts(sessions=3, published_with_sources=1), NOT_MET),
        (ContentFacts(), NOT_MET),
    ],
)
def test_evidence_based_content(content_facts, expected):
    assert status(strong(content=content_facts), "evidence") == expected


@pytest.mark.parametrize(
    ("kind", "expected"),
    [
        (EvaluationKind.COMPARISON, MET),
        (EvaluationKind.PRE_POST, MET),
        (EvaluationKind.QUALITATIVE, PARTLY),
        (EvaluationKind.NONE, NOT_MET),
    ],
)
def test_evaluation(kind, expected):
    assert status(strong(evaluation=kind), "evaluation") == expected


# --- fidelity ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("sessions", "points", "expected"),
    [(4, 12, MET), (100, 299, PARTLY), (2, 4, PARTLY), (100, 199, NOT_MET), (3, 3, NOT_MET), (0, 0, NOT_MET)],
)
def test_fidelity_is_met_from_75_percent_done_as_planned(sessions, points, expected):
    assert status(strong(delivered_sessions=sessions, fidelity_points=points), "fidelity") == expected


def test_a_project_with_nothing_logged_is_told_to_log_its_sessions():
    outcome = score(strong(delivered_sessions=0, fidelity_points=0)).outcome("fidelity")
    assert outcome.reason == "Aucune séance n'est encore consignée dans le journal."


# --- score and rule set -----------------------------------------------------------------------


def test_the_score_weighs_met_as_one_and_partly_as_a_half():
    result = score(strong())
    assert result.outcome("evidence").status == PARTLY
    assert result.met_count == 12 and result.partly_count == 1
    assert result.score == round(100 * 12.5 / 13)
    assert result.band == "strong"
    assert result.rules_version == load_rules().version == "2026.1"


def test_an_empty_project_scores_low_with_a_reason_and_an_advice_for_each_criterion():
    result = score(ProjectFacts())
    assert result.band == "weak"
    for outcome in result.outcomes:
        assert outcome.reason, outcome.code
        if outcome.status != MET:
            assert outcome.advice, outcome.code


@pytest.mark.parametrize(
    ("value", "band"), [(100, "strong"), (75, "strong"), (74, "medium"), (50, "medium"), (49, "weak"), (0, "weak")]
)
def test_bands(value, band):
    assert load_rules().band_of(value) == band


def test_every_criterion_of_the_rule_set_has_its_texts():
    rules = load_rules()
    assert {rule.code for rule in rules.criteria} == set(TEXTS)
    assert all(source in rules.sources for rule in rules.criteria for source in rule.sources)


def test_a_rule_set_naming_an_unknown_criterion_is_refused():
    data = json.loads((DATA_DIR / "quality_rules_v1.json").read_text(encoding="utf-8"))
    data["criteria"].append({"code": "astrology", "weight": 1})
    with pytest.raises(ImproperlyConfigured):
        parse_rules(data)


def test_hours_read_as_people_say_them():
    assert [format_minutes(m) for m in (45, 420, 450, 719)] == ["45 min", "7 h", "7 h 30", "11 h 59"]


# --- properties -------------------------------------------------------------------------------

names = st.text(alphabet="ABCDEFGHIJ", min_size=1, max_size=4)
minutes = st.integers(min_value=0, max_value=40 * 60)
facts_strategy = st.builds(
    ProjectFacts,
    years_planned=st.integers(min_value=1, max_value=6),
    groups=st.lists(st.builds(GroupFacts, names, minutes), max_size=4).map(tuple),
    content=st.integers(min_value=0, max_value=12).flatmap(
        lambda n: st.builds(
            ContentFacts,
            sessions=st.just(n),
            sequenced=st.integers(0, n),
            active=st.integers(0, n),
            focused=st.integers(0, n),
            explicit=st.integers(0, n),
            published_with_sources=st.integers(0, n),
            programme=st.sampled_from(["", "Unplugged"]),
            programme_evidence=st.sampled_from(["", "rct", "pre_post", "not_evaluated"]),
        )
    ),
    skills_targeted=st.integers(0, 4),
    adults=st.lists(st.builds(AdultFacts, names, minutes), max_size=5).map(tuple),
    team_followed=st.booleans(),
    support_followup=st.booleans(),
    support_coleading=st.booleans(),
    support_peer_exchange=st.booleans(),
    family_involvement=st.sampled_from(FamilyInvolvement.values),
    partners=st.integers(0, 5),
    climate_team_commitment=st.booleans(),
    climate_actions=st.booleans(),
    evaluation=st.sampled_from(EvaluationKind.values),
    delivered_sessions=st.integers(0, 30),
).flatmap(
    # Each logged session answers 1 to 4 on fidelity.
    lambda facts: st.integers(facts.delivered_sessions, 4 * facts.delivered_sessions).map(
        lambda points: dataclasses.replace(facts, fidelity_points=points)
    )
)


@st.composite
def gains(draw, facts: ProjectFacts) -> ProjectFacts:
    """The same project with only more hours, more trained adults or more partners."""
    groups = tuple(
        dataclasses.replace(group, planned_minutes=group.planned_minutes + draw(st.integers(0, 10 * 60)))
        for group in facts.groups
    )
    adults = tuple(
        dataclasses.replace(adult, training_minutes=adult.training_minutes + draw(st.integers(0, 20 * 60)))
        for adult in facts.adults
    )
    new_adults = tuple(
        AdultFacts(f"Formé·e {n}", draw(st.integers(12 * 60, 40 * 60))) for n in range(draw(st.integers(0, 3)))
    )
    return dataclasses.replace(
        facts, groups=groups, adults=adults + new_adults, partners=facts.partners + draw(st.integers(0, 3))
    )


@settings(max_examples=300, deadline=None)
@given(data=st.data(), facts=facts_strategy)
def test_the_score_never_drops_when_a_project_only_gains_hours_trained_adults_or_partners(data, facts):
    before = score(facts)
    after = score(data.draw(gains(facts)))
    assert after.score >= before.score
    for old, new in zip(before.outcomes, after.outcomes, strict=True):
        assert STATUS_ORDER[new.status] >= STATUS_ORDER[old.status], old.code


@settings(max_examples=200, deadline=None)
@given(facts=facts_strategy)
def test_every_outcome_explains_itself_and_the_score_stays_between_0_and_100(facts):
    result = score(facts)
    assert 0 <= result.score <= 100
    for outcome in result.outcomes:
        assert outcome.reason
        assert bool(outcome.advice) == (outcome.status != MET)
