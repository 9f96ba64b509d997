"""Who the notice serves (planner.programme), consent to visits as the elders table records it,
and an elder who refuses visits honoured by the demand."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from planner.demand import compute_demand
from planner.demo.district import demo_rows
from planner.io.tables import InputError, load_tables
from planner.io.words import label
from planner.model import Ability, ConsentGiver, Tier, VisitConsent, VisitMode
from planner.policy import Policy, load_policy
from planner.programme import ProgrammeFlag, in_programme, programme_flags
from tests.conftest import make_elder

MONDAY = date(2026, 9, 28)


@pytest.fixture
def policy() -> Policy:
    return load_policy()


@pytest.mark.parametrize(
    "group",
    [
        {"lives_alone": True},
        {"empty_nest": True},
        {"left_behind": True},
        {"family_planning_special": True},
        {"disability_grade": 2},
        {"ability": Ability.MILD},
        {"bedridden": True},
        {"dementia": True},
        {"limited_mobility": True},
    ],
)
def test_each_of_the_notices_groups_is_in_the_programme(
    policy: Policy, group: dict[str, object]
) -> None:
    assert in_programme(make_elder("E1", **{"ability": Ability.INTACT, **group}), policy)


def test_an_elder_in_none_of_the_groups_is_flagged_and_still_planned(policy: Policy) -> None:
    elder = make_elder("E1", ability=Ability.INTACT, disability_grade=3)
    assert not in_programme(elder, policy)  # grade 3 is not a severe disability
    demand = compute_demand([elder], {"E1": Tier.GENERAL}, [], MONDAY, policy)
    assert [f.kind for f in demand.flags] == [ProgrammeFlag.OUTSIDE_PROGRAMME]
    assert demand.due  # the last week of the month: the month's contact is due
    assert label("flag", ProgrammeFlag.OUTSIDE_PROGRAMME, "zh") == "不属于探访关爱对象范围"


def test_assessed_mild_but_bedridden_is_flagged_for_a_new_assessment(policy: Policy) -> None:
    kinds = [
        f.kind
        for f in programme_flags(make_elder("E1", ability=Ability.MILD, bedridden=True), policy)
    ]
    assert kinds == [ProgrammeFlag.REASSESS_ABILITY]
    severe = make_elder("E1", ability=Ability.SEVERE, bedridden=True)
    assert programme_flags(severe, policy) == ()


def test_an_elder_who_refuses_visits_gets_none(policy: Policy) -> None:
    refusing = make_elder("E1", lives_alone=True, visit_consent=VisitConsent.NONE)
    demand = compute_demand([refusing], {"E1": Tier.KEY}, [], MONDAY, policy)
    assert demand.due == () and demand.unplannable == ()
    assert [f.kind for f in demand.flags] == [ProgrammeFlag.VISITS_REFUSED]
    willing = make_elder("E1", lives_alone=True, visit_consent=VisitConsent.HOME)
    assert compute_demand([willing], {"E1": Tier.KEY}, [], MONDAY, policy).due


def test_the_demo_has_472_elders_outside_the_programme(policy: Policy) -> None:
    rows, _ = demo_rows(planning_date=MONDAY)
    yes = "1"
    outside = [
        row
        for row in rows
        if not in_programme(
            make_elder(
                row["elder_id"],
                lives_alone=row["lives_alone"] == yes,
                empty_nest=row["empty_nest"] == yes,
                left_behind=row["left_behind"] == yes,
                family_planning_special=row["family_planning_special"] == yes,
                disability_grade=int(row["disability_grade"]) if row["disability_grade"] else None,
                ability=Ability(row["ability"]),
                bedridden=row["bedridden"] == yes,
                dementia=row["dementia"] == yes,
                limited_mobility=row["limited_mobility"] == yes,
            ),
            policy,
        )
    ]
    assert (len(rows), len(outside)) == (3000, 472)


ELDERS = """编号,姓名,年龄,镇街,村居,经度,纬度,独居,同意探访方式,同意人,同意日期
E1,张三,70,城关镇,李家庄,117.02,36.65,是,同意入户,本人,2026-03-01
E2,李四,71,城关镇,李家庄,117.02,36.65,是,仅电话,赡养人,2026-03-02
E3,王五,72,城关镇,李家庄,117.02,36.65,是,拒绝探访,本人,2026-03-03
E4,赵六,73,城关镇,李家庄,117.02,36.65,是,,,
"""


def test_consent_is_read_with_who_gave_it_and_when_and_an_empty_cell_is_not_yet_asked(
    tmp_path: Path,
) -> None:
    path = tmp_path / "elders.csv"
    path.write_text(ELDERS, encoding="utf-8")
    tables = load_tables(path)
    by_id = {elder.elder_id: elder for elder in tables.elders}
    assert by_id["E1"].visit_consent is VisitConsent.HOME and by_id["E1"].home_visit_consent
    assert by_id["E1"].consent_given_by is ConsentGiver.ELDER
    assert by_id["E1"].consent_date == date(2026, 3, 1)
    assert by_id["E2"].visit_consent is VisitConsent.CALLS_ONLY
    assert not by_id["E2"].home_visit_consent  # calls only: no home visits
    assert by_id["E3"].visit_consent is VisitConsent.NONE
    assert by_id["E4"].visit_consent is None
    not_asked = [f.subject_id for f in tables.flags if f.kind == ProgrammeFlag.CONSENT_NOT_ASKED]
    assert not_asked == ["E4"]


def test_a_table_without_the_consent_column_flags_nobody_as_not_asked(tmp_path: Path) -> None:
    path = tmp_path / "elders.csv"
    path.write_text(
        "\n".join(line.rsplit(",", 3)[0] for line in ELDERS.splitlines()), encoding="utf-8"
    )
    tables = load_tables(path)
    assert [f for f in tables.flags if f.kind == ProgrammeFlag.CONSENT_NOT_ASKED] == []
    assert all(elder.visit_consent is None for elder in tables.elders)


def test_a_consent_the_table_does_not_know_is_refused_naming_the_column(tmp_path: Path) -> None:
    path = tmp_path / "elders.csv"
    path.write_text(ELDERS.replace("仅电话", "看心情"), encoding="utf-8")
    with pytest.raises(InputError) as caught:
        load_tables(path)
    (problem,) = caught.value.problems
    assert (problem.row, problem.column) == (3, "同意探访方式")  # as the file names it
    assert "同意入户/仅电话/拒绝探访" in problem.message


def test_calls_only_elders_get_calls(policy: Policy) -> None:
    elder = make_elder(
        "E1", lives_alone=True, home_visit_consent=False, visit_consent=VisitConsent.CALLS_ONLY
    )
    demand = compute_demand([elder], {"E1": Tier.KEY}, [], MONDAY, policy)
    assert demand.due and {v.mode for v in demand.due} == {VisitMode.PHONE}
