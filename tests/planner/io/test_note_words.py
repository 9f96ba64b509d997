"""The words of the domain's notes (planner.io.note_words): every flag, tier rule and warning in
Chinese and English, from its code and facts; the English is what flags.csv, summary.json and
classify print."""

from __future__ import annotations

from datetime import date

import pytest

from planner.io.note_words import flag_label, flag_text, tier_rule_text, warning_text
from planner.model import Ability, Tier, VisitMode
from planner.notes import Flag, FlagCode, PlanWarning, WarningCode
from planner.policy import Policy, TierDecision, TierRule, classify
from planner.privacy import mask_id_number
from tests.conftest import make_elder

FLAGS = [
    (
        Flag("E1", FlagCode.APPROXIMATE_LOCATION, village="王庄村", town="古邵镇", count=1),
        "无坐标：置于王庄村 (古邵镇)的中心（该村居1位已定位老人的平均位置）；"
        "请补充经纬度以便规划路线",
        "no coordinates: placed at the centre of 王庄村 (古邵镇), the mean of 1 located elder; "
        "give lon/lat for better routes",
    ),
    (
        Flag("V1", FlagCode.APPROXIMATE_START, village="王庄村", town="古邵镇"),
        "无出发点坐标：从王庄村 (古邵镇)的中心出发",
        "no start coordinates: sets out from the centre of 王庄村 (古邵镇)",
    ),
    (
        Flag("V1", FlagCode.APPROXIMATE_START, town="古邵镇"),
        "无出发点坐标：从古邵镇已定位老人的中心出发",
        "no start coordinates: sets out from the centre of the located elders of 古邵镇",
    ),
    (
        Flag("V1", FlagCode.APPROXIMATE_START),
        "无出发点坐标：从全部已定位老人的中心出发",
        "no start coordinates: sets out from the centre of all located elders",
    ),
    (
        Flag("E1", FlagCode.NO_HOME_VISIT_CONSENT, tier=Tier.SECONDARY, mode=VisitMode.PHONE),
        "次重点老人不同意入户：改为电话探访，请核查",
        "secondary elder without consent to home visits: gets phone visits instead; please review",
    ),
    (
        Flag(
            "E1", FlagCode.USUAL_VISITOR_ELSEWHERE, visitor_id="V2", village="李家庄", town="城关镇"
        ),
        "常用探访人V2不服务李家庄 (城关镇)，无法保持",
        "usual visitor V2 does not serve 李家庄 (城关镇), so cannot be kept",
    ),
    (
        Flag("V1", FlagCode.TOWN_WITHOUT_ELDERS, town="城关镇"),
        "工作镇街为城关镇，但老人名单中没有该镇街的老人：请核对镇街名称",
        "works in 城关镇, but no elder of the elders table lives there: check the spelling of "
        "the town",
    ),
    (
        Flag("V1", FlagCode.VILLAGE_WITHOUT_ELDERS, village="赵家洼", town="城关镇"),
        "服务赵家洼 (城关镇)，但老人名单中没有该村居的老人：请核对村居名称",
        "serves 赵家洼 (城关镇), but no elder of the elders table lives there: check the "
        "spelling of the village",
    ),
    (
        Flag("E1", FlagCode.SEX_DIFFERS_FROM_ID_NUMBER, sex="M", id_sex="F"),
        "性别为男，但身份证号为女性：请核对两者",
        "sex is M but the ID number is that of a woman: check both",
    ),
    (
        Flag("E9", FlagCode.HISTORY_UNKNOWN_ELDER, file="history.csv", rows=(4, 6)),
        "history.csv中有2条探访记录（第4, 6行）的老人E9不在老人名单中：已忽略",
        "2 visits of history.csv (rows 4, 6) name elder E9, who is not in the elders table: "
        "ignored",
    ),
    (
        Flag(
            "E2",
            FlagCode.FILLED_FROM_MERGED_CELL,
            rows=(6,),
            columns=("镇街", "村居"),
            cells=("G5:G8", "H5:H6"),
        ),
        "第6行：镇街, 村居取自合并单元格G5:G8, H5:H6（多行共用一个值）：请核对是否属于本行",
        "row 6: 镇街, 村居 read from the merged cells G5:G8, H5:H6 (one value for several rows):"
        " check that it is this row's",
    ),
    (
        Flag("E3", FlagCode.OUTSIDE_PROGRAMME),
        "不属于通知所列任何一类特殊困难老年人（独居、空巢、留守、失能、重残、计生特殊家庭）：仍按其分级探访，请核实是否仍应在册",
        "in none of the notice's groups (alone, empty-nest, left-behind, loss of ability, severe "
        "disability, family-planning special): still planned for their tier; check whether they "
        "belong on the list",
    ),
    (
        Flag("E4", FlagCode.REASSESS_ABILITY, ability=Ability.MILD),
        "能力评估为轻度失能，但长期卧床：请重新评估（分级以评估为准）",
        "assessed mild but bedridden: assess again (the tier follows the assessment)",
    ),
    (
        Flag("E5", FlagCode.VISITS_REFUSED),
        "本人拒绝探访：不安排探访",
        "refuses visits: none planned",
    ),
    (
        Flag("E6", FlagCode.CONSENT_NOT_ASKED),
        "尚未征询探访意愿：请询问本人或其赡养人（期间照常安排）",
        "consent to visits not yet asked: ask the elder or their supporter (planned as usual "
        "meanwhile)",
    ),
    (
        Flag("E7", FlagCode.PAUSED, status="hospital", since=date(2026, 12, 7)),
        "住院：2026-12-07至另行通知暂停探访，期间不安排",
        "in hospital: visits paused from 2026-12-07 to further notice, none planned those days",
    ),
    (
        Flag("E8", FlagCode.ENDED, status="deceased", since=date(2026, 12, 9)),
        "去世（2026-12-09）：自该日起不再安排探访",
        "deceased on 2026-12-09: no visits planned from that day",
    ),
]


@pytest.mark.parametrize(("flag", "zh", "en"), FLAGS, ids=lambda x: getattr(x, "kind", ""))
def test_each_flag_in_both_languages(flag: Flag, zh: str, en: str) -> None:
    assert (flag_text(flag, "zh"), flag_text(flag, "en")) == (zh, en)


def test_every_flag_code_has_words_and_a_label() -> None:
    assert {flag.kind for flag, _, _ in FLAGS} == set(FlagCode)
    labels = {(flag_label(code, "zh"), flag_label(code, "en")) for code in FlagCode}
    assert len(labels) == len(FlagCode)


def test_a_flag_without_the_facts_its_code_needs_is_refused() -> None:
    with pytest.raises(ValueError, match="flag approximate_location needs village, town, count"):
        Flag("E1", FlagCode.APPROXIMATE_LOCATION)


def test_a_number_a_flag_quotes_is_masked() -> None:
    number = "11010519491231002X"
    flag = Flag("E1", FlagCode.TOWN_WITHOUT_ELDERS, town=number)
    for lang in ("zh", "en"):
        assert number not in flag_text(flag, lang) and mask_id_number(number) in flag_text(
            flag, lang
        )


ON = date(2026, 12, 7)
TIER_RULES = [
    ({"birth_date": date(1940, 1, 1)}, "年龄86岁，满80岁", "age 86 >= 80"),
    ({"disability_grade": 2}, "重度残疾（2级）", "severe disability (grade 2)"),
    ({"ability": Ability.SEVERE}, "重度失能", "severe loss of ability"),
    ({"ability": Ability.TOTAL}, "完全失能", "total loss of ability"),
    (
        {"ability": Ability.UNASSESSED, "bedridden": True},
        "未评估但长期卧床（按重度失能计）",
        "not assessed but bedridden (counts as severe)",
    ),
    ({"dementia": True}, "失智", "dementia"),
    ({"ability": Ability.MODERATE}, "中度失能", "moderate loss of ability"),
    (
        {"ability": Ability.UNASSESSED, "limited_mobility": True},
        "未评估但行动不便（按中度失能计）",
        "not assessed but limited mobility (counts as moderate)",
    ),
    (
        {"ability": Ability.MILD},
        "年龄76岁，不满80岁，轻度失能",
        "age 76 < 80, mild loss of ability",
    ),
    ({}, "年龄76岁，不满80岁，未记录失能", "age 76 < 80, no loss of ability recorded"),
]


@pytest.mark.parametrize(("facts", "zh", "en"), TIER_RULES)
def test_each_tier_rule_in_both_languages(
    policy: Policy, facts: dict[str, object], zh: str, en: str
) -> None:
    decision = classify(make_elder(**facts), policy, ON)
    assert (tier_rule_text(decision, "zh"), tier_rule_text(decision, "en")) == (zh, en)


def test_every_tier_rule_has_words(policy: Policy) -> None:
    decided = {classify(make_elder(**facts), policy, ON).rule for facts, _, _ in TIER_RULES}
    assert decided == set(TierRule)


def test_the_rule_words_use_the_policys_age_not_80() -> None:
    decision = TierDecision(Tier.GENERAL, TierRule.NO_ABILITY_LOSS, 76, 75, None, Ability.INTACT)
    assert tier_rule_text(decision, "en") == "age 76 < 75, no loss of ability recorded"


@pytest.mark.parametrize(
    ("warning", "zh_start", "en_start"),
    [
        (
            PlanWarning(WarningCode.HOLIDAYS_UNKNOWN, year=2027),
            "节假日日历没有2027年的数据",
            "the holiday calendar has no data for 2027: only weekends are taken as days off",
        ),
        (
            PlanWarning(WarningCode.TIME_CAP_HIT, town="古邵镇", cap_s=60),
            "古邵镇：路线搜索在用完预算前被60秒的时间上限",
            "town 古邵镇: the route search stopped at the wall-clock cap of 60 s",
        ),
    ],
)
def test_each_warning_in_both_languages(warning: PlanWarning, zh_start: str, en_start: str) -> None:
    assert warning_text(warning, "zh").startswith(zh_start)
    assert warning_text(warning, "en").startswith(en_start)


def test_an_unknown_language_is_refused() -> None:
    with pytest.raises(ValueError, match="lang must be one of zh, en"):
        flag_text(FLAGS[0][0], "fr")
