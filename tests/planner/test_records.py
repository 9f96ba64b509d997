"""The record form as data (planner.records): its fixed choices and the rules it states."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from planner.elder_history import ADDED, DatedChange, facts_on
from planner.model import Ability, VisitMode, VisitReason
from planner.records import (
    Assistance,
    CareService,
    Change,
    Confirmer,
    ConsentGiver,
    ElderProfile,
    Fact,
    FactChange,
    Hazard,
    HelperKind,
    HelpReceived,
    HouseholdMember,
    Illness,
    LivingConditions,
    MajorEvent,
    NeedKind,
    Observations,
    RecordError,
    Relation,
    Safety,
    Satisfaction,
    Sex,
    Signatures,
    VisitConsent,
    VisitEntry,
    hazards,
    number_in_year,
)

DAY = date(2026, 3, 10)


def test_the_forms_choices_are_its_own_in_order() -> None:
    assert [c.value for c in Change] == ["same", "better", "worse"]
    assert [c.value for c in Illness] == ["same", "serious", "better"]
    assert [c.value for c in Safety] == ["safe", "fairly_safe", "unsafe"]
    assert [c.value for c in Satisfaction] == ["satisfied", "fairly_satisfied", "dissatisfied"]
    assert [c.value for c in MajorEvent] == [
        "bereavement",
        "disaster",
        "fall",
        "hospital_discharge",
    ]
    assert len(HelperKind) == 7  # the form's seven boxes
    assert [c.value for c in NeedKind] == [
        "medical",
        "care",
        "benefits",
        "emotional",
        "family_support",
    ]
    assert [c.value for c in Assistance] == ["none", "subsistence", "extreme_poverty"]
    assert [c.value for c in VisitConsent] == ["home", "calls_only", "none"]
    assert {c.value for c in ConsentGiver} == {"elder", "supporter"}
    assert {c.value for c in Confirmer} == {"elder", "supporter"}
    assert {c.value for c in Sex} == {"M", "F"}
    assert Relation.HEAD in Relation


def test_every_fact_is_an_elders_column_or_a_status() -> None:
    assert {f.value for f in Fact} >= {
        "ability",
        "bedridden",
        "dementia",
        "disability_grade",
        "lives_alone",
        "deceased",
        "moved_away",
        "in_hospital",
    }


def test_a_serious_illness_needs_its_name() -> None:
    with pytest.raises(RecordError) as caught:
        Observations(illness=Illness.SERIOUS)
    assert caught.value.field == "observations.illness_name"
    assert Observations(illness=Illness.SERIOUS, illness_name="肺炎").illness_name == "肺炎"


def test_a_disease_name_without_a_serious_illness_is_refused() -> None:
    with pytest.raises(RecordError) as caught:
        Observations(illness=Illness.BETTER, illness_name="肺炎")
    assert caught.value.field == "observations.illness_name"
    assert Observations(illness=Illness.BETTER).illness is Illness.BETTER


def test_household_change_is_bounded_either_way() -> None:
    assert Observations(household_change=-2).household_change == -2
    assert Observations(household_change=3).household_change == 3
    for wrong in (21, -21):
        with pytest.raises(RecordError) as caught:
            Observations(household_change=wrong)
        assert caught.value.field == "observations.household_change"


def test_a_kind_of_need_named_twice_is_refused() -> None:
    with pytest.raises(RecordError) as caught:
        Observations(needs_kinds=(NeedKind.CARE, NeedKind.CARE))
    assert caught.value.field == "observations.needs_kinds"
    assert Observations(needs_kinds=(NeedKind.CARE, NeedKind.MEDICAL)).needs_kinds


def test_hazards_are_the_unsafe_items_and_unsafe_housing() -> None:
    seen = Observations(
        gas_safety=Safety.UNSAFE,
        water_heating_safety=Safety.FAIRLY_SAFE,
        electricity_safety=Safety.SAFE,
        fire_safety=Safety.UNSAFE,
    )
    assert hazards(seen) == (Hazard.GAS, Hazard.FIRE)
    assert hazards(seen, LivingConditions(safe_housing=False)) == (
        Hazard.GAS,
        Hazard.FIRE,
        Hazard.HOUSING,
    )
    assert hazards(Observations(), LivingConditions(safe_housing=True)) == ()
    assert hazards(Observations(), LivingConditions()) == ()


@given(st.lists(st.sampled_from(list(Safety)), min_size=4, max_size=4))
def test_a_hazard_for_each_unsafe_item_and_only_those(values: list[Safety]) -> None:
    seen = Observations(
        gas_safety=values[0],
        water_heating_safety=values[1],
        electricity_safety=values[2],
        fire_safety=values[3],
    )
    assert len(hazards(seen)) == values.count(Safety.UNSAFE)


@pytest.mark.parametrize(
    ("fact", "value"),
    [
        (Fact.ABILITY, Ability.SEVERE),
        (Fact.BEDRIDDEN, True),
        (Fact.DECEASED, False),
        (Fact.DISABILITY_GRADE, 2),
        (Fact.DISABILITY_GRADE, None),
    ],
)
def test_a_fact_takes_a_value_of_its_kind(fact: Fact, value: object) -> None:
    assert FactChange(fact, value).value == value  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("fact", "value"),
    [
        (Fact.ABILITY, True),
        (Fact.ABILITY, "severe"),
        (Fact.BEDRIDDEN, 1),
        (Fact.BEDRIDDEN, None),
        (Fact.DISABILITY_GRADE, 5),
        (Fact.DISABILITY_GRADE, True),
    ],
)
def test_a_fact_refuses_a_value_of_another_kind(fact: Fact, value: object) -> None:
    with pytest.raises(RecordError) as caught:
        FactChange(fact, value)  # type: ignore[arg-type]
    assert caught.value.field == f"facts.{fact.value}"


def test_the_elders_confirmation_says_who_gave_it() -> None:
    with pytest.raises(RecordError) as caught:
        Signatures("V001", elder_confirmed=True)
    assert caught.value.field == "signatures.confirmed_by"
    with pytest.raises(RecordError):
        Signatures("V001", elder_confirmed=False, confirmed_by=Confirmer.ELDER)
    signed = Signatures("V001", elder_confirmed=True, confirmed_by=Confirmer.SUPPORTER)
    assert signed.confirmed_by is Confirmer.SUPPORTER
    assert Signatures("V001").confirmed_by is None


def _entry(**changes: object) -> VisitEntry:
    fields: dict[str, object] = {
        "elder_id": "E1",
        "number_in_year": 1,
        "day": DAY,
        "mode": VisitMode.HOME,
        "signatures": Signatures("V001"),
    }
    return VisitEntry(**{**fields, **changes})  # type: ignore[arg-type]


def test_a_visit_entry_counts_from_one_and_names_each_fact_once() -> None:
    assert _entry().reason is VisitReason.REGULAR
    with pytest.raises(RecordError) as caught:
        _entry(number_in_year=0)
    assert caught.value.field == "number_in_year"
    twice = (FactChange(Fact.BEDRIDDEN, True), FactChange(Fact.BEDRIDDEN, False))
    with pytest.raises(RecordError) as caught:
        _entry(facts=twice)
    assert caught.value.field == "facts"
    entry = _entry(observations=Observations(gas_safety=Safety.UNSAFE), event=MajorEvent.FALL)
    assert entry.hazards == (Hazard.GAS,)


def test_the_number_in_the_year_counts_that_years_earlier_visits() -> None:
    earlier = [date(2025, 12, 30), date(2026, 1, 5), date(2026, 2, 1), date(2026, 4, 1)]
    assert number_in_year(earlier, DAY) == 3
    assert number_in_year([], DAY) == 1


def test_a_care_service_says_what_was_done_and_by_whom() -> None:
    service = CareService(1, DAY, "修好燃气阀", "张师傅", Satisfaction.SATISFIED)
    assert service.satisfaction is Satisfaction.SATISFIED
    assert CareService(1, DAY, "送药", "李医生").satisfaction is None
    for field_name, args in (
        ("care_services.done", (1, DAY, " ", "张师傅")),
        ("care_services.given_by", (1, DAY, "送药", "")),
        ("care_services.number_in_year", (0, DAY, "送药", "张师傅")),
    ):
        with pytest.raises(RecordError) as caught:
            CareService(*args)
        assert caught.value.field == field_name


def test_amounts_of_money_are_not_negative() -> None:
    assert LivingConditions(monthly_income_yuan=0).monthly_income_yuan == 0
    with pytest.raises(RecordError) as caught:
        LivingConditions(monthly_benefits_yuan=-1)
    assert caught.value.field == "living.monthly_benefits_yuan"


def test_a_household_has_one_head_and_helpers_once_each() -> None:
    head = HouseholdMember("王大", Relation.HEAD, Sex.MALE)
    spouse = HouseholdMember("李二", Relation.SPOUSE, Sex.FEMALE, assistance=Assistance.SUBSISTENCE)
    assert len(ElderProfile("E1", household=(head, spouse)).household) == 2
    with pytest.raises(RecordError) as caught:
        ElderProfile("E1", household=(head, head))
    assert caught.value.field == "household"
    with pytest.raises(RecordError) as caught:
        HelpReceived(helpers=(HelperKind.VOLUNTEER, HelperKind.VOLUNTEER))
    assert caught.value.field == "help.helpers"
    assert HelpReceived(helpers=(HelperKind.COMPANY, HelperKind.OTHER)).helpers


def test_the_facts_on_a_past_day_undo_the_later_changes() -> None:
    today = {"bedridden": True, "ability": "severe"}
    changes = [
        DatedChange(date(2026, 1, 1), ADDED, None, None),
        DatedChange(date(2026, 2, 1), "ability", "mild", "severe"),
        DatedChange(date(2026, 3, 1), "bedridden", False, True),
        DatedChange(date(2026, 3, 1), "deceased", False, False),
    ]
    assert facts_on(today, changes, date(2026, 3, 1)) == today
    assert facts_on(today, changes, date(2026, 2, 28)) == {"bedridden": False, "ability": "severe"}
    assert facts_on(today, changes, date(2026, 1, 31)) == {"bedridden": False, "ability": "mild"}
    # Before the first import: the facts as first imported.
    assert facts_on(today, changes, date(2025, 12, 31)) == {"bedridden": False, "ability": "mild"}
    assert facts_on(today, [], date(2000, 1, 1)) == today


_FACT_NAMES = ("bedridden", "dementia", "lives_alone")


@given(
    st.fixed_dictionaries({name: st.booleans() for name in _FACT_NAMES}),
    st.lists(
        st.tuples(st.integers(0, 60), st.sampled_from(_FACT_NAMES), st.booleans()), max_size=12
    ),
    st.integers(-1, 61),
)
def test_the_facts_on_any_day_are_those_the_changes_had_made_by_then(
    first: dict[str, bool], steps: list[tuple[int, str, bool]], asked: int
) -> None:
    start = date(2026, 1, 1)
    facts, changes, states = dict(first), [], [(start - timedelta(days=1), dict(first))]
    for offset, name, value in sorted(steps, key=lambda step: step[0]):
        day = start + timedelta(days=offset)
        changes.append(DatedChange(day, name, facts[name], value))
        facts[name] = value
        states.append((day, dict(facts)))
    day = start + timedelta(days=asked)
    expected = [state for when, state in states if when <= day][-1]
    assert facts_on(facts, changes, day) == expected
