"""The words of the domain's notes, in Chinese and English: flags (what a coordinator should
check), the rule that decided an elder's tier, and the plan's warnings.

The domain hands out codes with their facts (``planner.notes``, ``planner.policy.TierDecision``);
this module words them, as ``planner.io.words`` words why a visit is not planned. The English is
what ``flags.csv``, ``summary.json`` and ``visitplan classify`` print.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Final

from planner.io.problems import counted
from planner.io.words import LANGUAGES, label
from planner.model import Ability
from planner.notes import Flag, FlagCode, PlanWarning, WarningCode
from planner.policy import TierDecision, TierRule
from planner.privacy import mask_personal_numbers

# FlagCode -> (zh, en): the kind of flag in a word or two (a sheet's column, a map's popup).
_FLAG_KINDS: Final[dict[FlagCode, tuple[str, str]]] = {
    FlagCode.APPROXIMATE_LOCATION: ("位置为村居中心(估计)", "location is the village centre"),
    FlagCode.APPROXIMATE_START: ("出发点为村居中心(估计)", "start is a village centre"),
    FlagCode.NO_HOME_VISIT_CONSENT: ("不同意入户", "no consent to home visits"),
    FlagCode.USUAL_VISITOR_ELSEWHERE: ("常用探访人不服务该村居", "usual visitor serves elsewhere"),
    FlagCode.TOWN_WITHOUT_ELDERS: ("镇街无老人", "town without elders"),
    FlagCode.VILLAGE_WITHOUT_ELDERS: ("村居无老人", "village without elders"),
    FlagCode.SEX_DIFFERS_FROM_ID_NUMBER: ("性别与身份证号不符", "sex differs from ID number"),
    FlagCode.HISTORY_UNKNOWN_ELDER: ("探访记录中的老人不在名单", "history names an unknown elder"),
    FlagCode.FILLED_FROM_MERGED_CELL: ("取自合并单元格", "read from a merged cell"),
    FlagCode.OUTSIDE_PROGRAMME: ("不属于探访关爱对象范围", "in none of the notice's groups"),
    FlagCode.REASSESS_ABILITY: (
        "能力评估与卧床不符,需重新评估",
        "assessed ability contradicts bedridden",
    ),
    FlagCode.VISITS_REFUSED: ("拒绝探访", "refuses visits"),
    FlagCode.CONSENT_NOT_ASKED: ("未征询探访意愿", "consent to visits not yet asked"),
    FlagCode.PAUSED: ("暂停探访(住院、随子女等)", "visits paused (hospital, with family, ...)"),
    FlagCode.ENDED: ("终止探访(去世、迁出)", "visits ended (deceased, moved away)"),
}


def _pick(words: tuple[str, str], lang: str) -> str:
    if lang not in LANGUAGES:
        raise ValueError(f"lang must be one of {', '.join(LANGUAGES)}, got {lang!r}")
    return words[LANGUAGES.index(lang)]


def flag_label(kind: FlagCode, lang: str) -> str:
    """The kind of flag in a word or two, in ``lang``."""
    return _pick(_FLAG_KINDS[kind], lang)


def flag_text(flag: Flag, lang: str) -> str:
    """What the flag says in ``lang``; an ID or mobile number it quotes is masked."""
    return mask_personal_numbers(_pick(_FLAG_WORDS[flag.kind](flag), lang))


def _place(village: str, town: str) -> str:
    return f"{village} ({town})"


def _approximate_location(f: Flag) -> tuple[str, str]:
    place = _place(f.village, f.town)
    return (
        f"无坐标：置于{place}的中心（该村居{f.count}位已定位老人的平均位置）；请补充经纬度以便规划路线",
        f"no coordinates: placed at the centre of {place}, the mean of "
        f"{counted(f.count, 'located elder')}; give lon/lat for better routes",
    )


def _approximate_start(f: Flag) -> tuple[str, str]:
    if f.village:
        place = _place(f.village, f.town)
        zh, en = f"{place}的中心", f"the centre of {place}"
    elif f.town:
        zh, en = f"{f.town}已定位老人的中心", f"the centre of the located elders of {f.town}"
    else:
        zh, en = "全部已定位老人的中心", "the centre of all located elders"
    return f"无出发点坐标：从{zh}出发", f"no start coordinates: sets out from {en}"


def _no_home_visit_consent(f: Flag) -> tuple[str, str]:
    assert f.tier is not None and f.mode is not None  # Flag checks its facts
    tier_zh, mode_zh = label("tier", f.tier, "zh"), label("mode", f.mode, "zh")
    return (
        f"{tier_zh}老人不同意入户：改为{mode_zh}探访，请核查",
        f"{f.tier.value} elder without consent to home visits: gets {f.mode.value} visits "
        "instead; please review",
    )


def _usual_visitor_elsewhere(f: Flag) -> tuple[str, str]:
    place = _place(f.village, f.town)
    return (
        f"常用探访人{f.visitor_id}不服务{place}，无法保持",
        f"usual visitor {f.visitor_id} does not serve {place}, so cannot be kept",
    )


def _town_without_elders(f: Flag) -> tuple[str, str]:
    return (
        f"工作镇街为{f.town}，但老人名单中没有该镇街的老人：请核对镇街名称",
        f"works in {f.town}, but no elder of the elders table lives there: check the spelling "
        "of the town",
    )


def _village_without_elders(f: Flag) -> tuple[str, str]:
    place = _place(f.village, f.town)
    return (
        f"服务{place}，但老人名单中没有该村居的老人：请核对村居名称",
        f"serves {place}, but no elder of the elders table lives there: check the spelling of "
        "the village",
    )


def _sex_differs_from_id_number(f: Flag) -> tuple[str, str]:
    sex_zh = {"M": "男", "F": "女"}
    return (
        f"性别为{sex_zh.get(f.sex, f.sex)}，但身份证号为{sex_zh[f.id_sex]}性：请核对两者",
        f"sex is {f.sex} but the ID number is that of a {'man' if f.id_sex == 'M' else 'woman'}"
        ": check both",
    )


def _history_unknown_elder(f: Flag) -> tuple[str, str]:
    rows = ", ".join(map(str, f.rows))
    return (
        f"{f.file}中有{len(f.rows)}条探访记录（第{rows}行）的老人{f.subject_id}不在老人名单中：已忽略",
        f"{counted(len(f.rows), 'visit')} of {f.file} (rows {rows}) name elder {f.subject_id}, "
        "who is not in the elders table: ignored",
    )


def _filled_from_merged_cell(f: Flag) -> tuple[str, str]:
    row, columns, cells = f.rows[0], ", ".join(f.columns), ", ".join(f.cells)
    return (
        f"第{row}行：{columns}取自合并单元格{cells}（多行共用一个值）：请核对是否属于本行",
        f"row {row}: {columns} read from the merged cells {cells} (one value for several rows):"
        " check that it is this row's",
    )


def _outside_programme(_f: Flag) -> tuple[str, str]:
    return (
        "不属于通知所列任何一类特殊困难老年人（独居、空巢、留守、失能、重残、计生特殊家庭）：仍按其分级探访，请核实是否仍应在册",
        "in none of the notice's groups (alone, empty-nest, left-behind, loss of ability, severe "
        "disability, family-planning special): still planned for their tier; check whether they "
        "belong on the list",
    )


_ABILITY_ZH: Final = {
    "intact": "能力完好",
    "mild": "轻度失能",
    "moderate": "中度失能",
    "severe": "重度失能",
    "total": "完全失能",
    "unassessed": "未评估",
}


def _reassess_ability(f: Flag) -> tuple[str, str]:
    ability = f.ability.value if f.ability else ""
    return (
        f"能力评估为{_ABILITY_ZH.get(ability, ability)}，但长期卧床：请重新评估（分级以评估为准）",
        f"assessed {ability} but bedridden: assess again (the tier follows the assessment)",
    )


def _visits_refused(_f: Flag) -> tuple[str, str]:
    return ("本人拒绝探访：不安排探访", "refuses visits: none planned")


def _consent_not_asked(_f: Flag) -> tuple[str, str]:
    return (
        "尚未征询探访意愿：请询问本人或其赡养人（期间照常安排）",
        "consent to visits not yet asked: ask the elder or their supporter (planned as usual "
        "meanwhile)",
    )


_STATUS_WORDS: Final = {
    "hospital": ("住院", "in hospital"),
    "with_family": ("随子女或亲属在外居住", "staying with family elsewhere"),
    "other": ("其他原因", "away for another reason"),
    "deceased": ("去世", "deceased"),
    "moved_away": ("迁出", "moved away"),
}


def _paused(f: Flag) -> tuple[str, str]:
    zh, en = _STATUS_WORDS.get(f.status, (f.status, f.status))
    until_zh = f"{f.until}" if f.until else "另行通知"
    until_en = f"{f.until}" if f.until else "further notice"
    return (
        f"{zh}：{f.since}至{until_zh}暂停探访，期间不安排",
        f"{en}: visits paused from {f.since} to {until_en}, none planned those days",
    )


def _ended(f: Flag) -> tuple[str, str]:
    zh, en = _STATUS_WORDS.get(f.status, (f.status, f.status))
    return (
        f"{zh}（{f.since}）：自该日起不再安排探访",
        f"{en} on {f.since}: no visits planned from that day",
    )


_FLAG_WORDS: Final[dict[FlagCode, Callable[[Flag], tuple[str, str]]]] = {
    FlagCode.APPROXIMATE_LOCATION: _approximate_location,
    FlagCode.APPROXIMATE_START: _approximate_start,
    FlagCode.NO_HOME_VISIT_CONSENT: _no_home_visit_consent,
    FlagCode.USUAL_VISITOR_ELSEWHERE: _usual_visitor_elsewhere,
    FlagCode.TOWN_WITHOUT_ELDERS: _town_without_elders,
    FlagCode.VILLAGE_WITHOUT_ELDERS: _village_without_elders,
    FlagCode.SEX_DIFFERS_FROM_ID_NUMBER: _sex_differs_from_id_number,
    FlagCode.HISTORY_UNKNOWN_ELDER: _history_unknown_elder,
    FlagCode.FILLED_FROM_MERGED_CELL: _filled_from_merged_cell,
    FlagCode.OUTSIDE_PROGRAMME: _outside_programme,
    FlagCode.REASSESS_ABILITY: _reassess_ability,
    FlagCode.VISITS_REFUSED: _visits_refused,
    FlagCode.CONSENT_NOT_ASKED: _consent_not_asked,
    FlagCode.PAUSED: _paused,
    FlagCode.ENDED: _ended,
}


# --- the rule that decided a tier (visitplan classify) --------------------------------------------


def tier_rule_text(decision: TierDecision, lang: str) -> str:
    """The rule of the notice that decided ``decision``, in ``lang``."""
    return _pick(_tier_rule_words(decision), lang)


def _tier_rule_words(d: TierDecision) -> tuple[str, str]:
    age, limit = d.age, d.key_min_age
    match d.rule:
        case TierRule.KEY_AGE:
            return f"年龄{age}岁，满{limit}岁", f"age {age} >= {limit}"
        case TierRule.SEVERE_DISABILITY:
            grade = d.disability_grade
            return f"重度残疾（{grade}级）", f"severe disability (grade {grade})"
        case TierRule.SEVERE_ABILITY_LOSS:
            zh = "完全失能" if d.ability is Ability.TOTAL else "重度失能"
            return zh, f"{d.ability.value} loss of ability"
        case TierRule.BEDRIDDEN_UNASSESSED:
            return (
                "未评估但长期卧床（按重度失能计）",
                "not assessed but bedridden (counts as severe)",
            )
        case TierRule.DEMENTIA:
            return "失智", "dementia"
        case TierRule.MODERATE_ABILITY_LOSS:
            return "中度失能", "moderate loss of ability"
        case TierRule.LIMITED_MOBILITY_UNASSESSED:
            return (
                "未评估但行动不便（按中度失能计）",
                "not assessed but limited mobility (counts as moderate)",
            )
        case TierRule.MILD_ABILITY_LOSS:
            return (
                f"年龄{age}岁，不满{limit}岁，轻度失能",
                f"age {age} < {limit}, mild loss of ability",
            )
        case TierRule.NO_ABILITY_LOSS:
            return (
                f"年龄{age}岁，不满{limit}岁，未记录失能",
                f"age {age} < {limit}, no loss of ability recorded",
            )


# --- the plan's warnings --------------------------------------------------------------------------


def warning_text(warning: PlanWarning, lang: str) -> str:
    """What a coordinator must know of how the plan was made, in ``lang``, numbers masked."""
    return mask_personal_numbers(_pick(_warning_words(warning), lang))


def _warning_words(w: PlanWarning) -> tuple[str, str]:
    match w.code:
        case WarningCode.HOLIDAYS_UNKNOWN:
            return (
                f"节假日日历没有{w.year}年的数据：只把周末当作休息日；请更新 chinese-calendar，"
                "或在政策文件中列出该年的节假日（[calendar] extra_holidays、extra_working_days）",
                f"the holiday calendar has no data for {w.year}: only weekends are taken as days "
                "off; update chinese-calendar or list that year's holidays in the policy file "
                "([calendar] extra_holidays, extra_working_days)",
            )
        case WarningCode.TIME_CAP_HIT:
            return (
                f"{w.town}：路线搜索在用完预算前被{w.cap_s:g}秒的时间上限（[solver] "
                "max_seconds_per_town）截止，再次运行可能得到不同的安排；请提高上限，"
                "或在较空闲的机器上规划",
                f"town {w.town}: the route search stopped at the wall-clock cap of {w.cap_s:g} s "
                "([solver] max_seconds_per_town) before its budget was spent, so another run may "
                "plan this town differently; raise the cap, or plan on a less busy machine",
            )
