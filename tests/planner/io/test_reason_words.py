"""Why a visit is not planned, in words: each reason code in Chinese and English, with what
would fix it (unassigned.csv holds the English, the workbook and the maps the reader's language).
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime

import pytest

from planner.io.words import reason_text, reason_words
from planner.model import (
    Blocked,
    DayBlock,
    Reason,
    ReasonCode,
    Tier,
    TimeWindow,
    UnassignedVisit,
)
from planner.privacy import mask_id_number
from tests.conftest import make_elder

MON, TUE, SAT = date(2026, 12, 7), date(2026, 12, 8), date(2026, 12, 12)
WED, FRI = date(2026, 12, 9), date(2026, 12, 11)
PLACE = {"village": "王庄村", "town": "古邵镇"}
ALARMED = make_elder("E1", emergency_contact="张小明", emergency_phone="13900000001")


def capped(visitor_id: str, day: date) -> DayBlock:
    return DayBlock(visitor_id, day, Blocked.CAP_FULL, 8, 8, 520, 960, 1020)


WORDS: list[tuple[Reason, str, str]] = [
    (
        Reason(ReasonCode.NO_VISITOR_SERVES_VILLAGE, **PLACE),
        "没有探访人员服务王庄村 (古邵镇)：请增加人员，或把王庄村加入某位人员的服务村居",
        "no visitor serves 王庄村 (古邵镇): add one, or add 王庄村 to a visitor's villages",
    ),
    (
        Reason(ReasonCode.NOBODY_WORKS_THOSE_DAYS, **PLACE, first=SAT, last=SAT),
        "服务王庄村 (古邵镇)的人员在2026-12-12（周六）均不上班："
        "请安排其中一人在这几天上班，或增加人员",
        "no visitor serving 王庄村 (古邵镇) works on Sat 2026-12-12: let one of them work one of "
        "these days, or add a visitor",
    ),
    (
        Reason(
            ReasonCode.NOBODY_WORKS_THOSE_DAYS,
            **PLACE,
            first=date(2026, 10, 1),
            last=date(2026, 10, 2),
            holidays=(date(2026, 10, 1), date(2026, 10, 2)),
        ),
        "服务王庄村 (古邵镇)的人员在2026-10-01（周四）至2026-10-02（周五）期间均不上班"
        "（2026-10-01, 2026-10-02为法定节假日）：请安排其中一人在这几天上班，或增加人员",
        "no visitor serving 王庄村 (古邵镇) works between Thu 2026-10-01 and Fri 2026-10-02 "
        "(2026-10-01, 2026-10-02 public holiday): let one of them work one of these days, or add "
        "a visitor",
    ),
    (
        Reason(ReasonCode.NO_HOME_VISITS_ALLOWED, **PLACE, visitor_ids=("V1", "V2")),
        "服务王庄村 (古邵镇)的人员（V1 and V2）每日最多入户为0：请为其中一人调高",
        "the visitors serving 王庄村 (古邵镇) (V1 and V2) make no home visits "
        "(max_home_visits_per_day is 0): raise it for one of them",
    ),
    (
        Reason(
            ReasonCode.HOURS_MISS_SHIFTS,
            hours=(TimeWindow(18 * 60, 19 * 60), TimeWindow(20 * 60, 21 * 60)),
            minutes=30,
            visitor_ids=("V1",),
            first=MON,
            last=TUE,
        ),
        "老人的可探访时段18:00-19:00, 20:00-21:00与V1的工作时段重叠不足30分钟"
        "（在2026-12-07（周一）至2026-12-08（周二）期间）：请放宽时段或调整工作时段",
        "the elder's visiting hours 18:00-19:00, 20:00-21:00 leave no 30 minutes inside the "
        "shifts of V1 between Mon 2026-12-07 and Tue 2026-12-08: widen the hours or change a shift",
    ),
    (
        Reason(ReasonCode.SHIFT_TOO_SHORT, minutes=30, visitor_ids=("V1", "V2", "V3")),
        "V1, V2 and V3的工作时段短于一次30分钟的探访：请延长工作时段",
        "the shifts of V1, V2 and V3 are shorter than a 30-minute visit: lengthen a shift",
    ),
    (
        Reason(ReasonCode.DAILY_CAPS_FULL, visitor_ids=("V1",), first=MON, last=MON),
        "可前往的人员（V1）在2026-12-07（周一）每天的入户次数均已满：请增加人员或提高每日最多入户",
        "the visitors who could go (V1) have their full daily home visits on every day on Mon "
        "2026-12-07: add a visitor or raise max_home_visits_per_day",
    ),
    (
        Reason(
            ReasonCode.HOME_VISIT_DOES_NOT_FIT,
            visitor_ids=("V1",),
            first=MON,
            last=MON,
            village="王庄村",
        ),
        "V1的工作时段在2026-12-07（周一）已排不下这次入户及路程："
        "请增加服务王庄村的人员或安排周六工作",
        "the shifts of V1 cannot fit this home visit with its travel on Mon 2026-12-07: add a "
        "visitor serving 王庄村 or allow Saturday",
    ),
    (
        Reason(
            ReasonCode.DAILY_CAPS_FULL,
            visitor_ids=("V2",),
            first=MON,
            last=FRI,
            blocks=tuple(capped("V2", day) for day in (MON, WED, FRI)),
        ),
        "可前往的人员（V2）在2026-12-07（周一）至2026-12-11（周五）期间每天的入户次数均已满"
        "（V2周一、周三、周五已有8次入户（上限8次））："
        "请增加人员或提高每日最多入户",
        "the visitors who could go (V2) have their full daily home visits on every day between "
        "Mon 2026-12-07 and Fri 2026-12-11 (V2 has 8 of 8 home visits on Mon, Wed and Fri): add "
        "a visitor or raise max_home_visits_per_day",
    ),
    (
        Reason(
            ReasonCode.HOME_VISIT_DOES_NOT_FIT,
            visitor_ids=("V1", "V2"),
            first=MON,
            last=MON,
            village="王庄村",
            blocks=(capped("V1", MON), DayBlock("V2", MON, Blocked.DAY_FULL, 3, 8, 560, 900, 960)),
        ),
        "V1 and V2的工作时段在2026-12-07（周一）已排不下这次入户及路程"
        "（V1周一已有8次入户（上限8次）；"
        "V2周一的其他探访之间没有足够的空档，移走其中一户也腾不出来）："
        "请增加服务王庄村的人员或安排周六工作",
        "the shifts of V1 and V2 cannot fit this home visit with its travel on Mon 2026-12-07 (V1 "
        "has 8 of 8 home visits on Mon; V2's other visits on Mon leave no gap for it, nor does "
        "moving one away): add a visitor serving 王庄村 or allow Saturday",
    ),
    (
        Reason(
            ReasonCode.VISIT_OUT_OF_REACH,
            visitor_ids=("V25",),
            hours=(TimeWindow(9 * 60, 10 * 60), TimeWindow(15 * 60, 17 * 60)),
            blocks=(DayBlock("V25", MON, Blocked.OUT_OF_REACH, 0, 8, 620, 670, 720),),
        ),
        "可前往的人员即使当天只去这一户，老人的可探访时段09:00-10:00, 15:00-17:00内也来不及往返"
        "（V25最早10:20到达，须在11:10前开始才能在12:00前返回）："
        "请放宽时段、调整工作时段或安排离得更近的人员",
        "even with nothing else that day, no visitor who could go can get there and back within "
        "the elder's hours 09:00-10:00, 15:00-17:00 (V25 can arrive at 10:20 at the earliest and "
        "must start by 11:10 to be back by 12:00): widen the hours, change a shift or add a "
        "visitor nearer by",
    ),
    (
        Reason(
            ReasonCode.SHIFTS_FULL,
            visitor_ids=tuple(f"V{i}" for i in range(1, 7)),
            first=MON,
            last=MON,
            village="王庄村",
            works_saturday=True,
        ),
        "V1, V2, V3 and 3 others的工作时段在2026-12-07（周一）已满：请增加服务王庄村的人员",
        "the shifts of V1, V2, V3 and 3 others are full on Mon 2026-12-07: add a visitor serving "
        "王庄村",
    ),
    (
        Reason(
            ReasonCode.MONTH_ENDS_SHORT,
            visits_due=4,
            visits_fitting=3,
            month_end=date(2026, 9, 30),
        ),
        "本周应探访4次，但在2026-09-30月底前分开日期只排得下3次：这一次已无法补上；"
        "如已探访，请补录到探访记录",
        "4 visits are due this week but only 3 fit on separate days before the month ends on "
        "2026-09-30: this one cannot be made up; if it was made, add it to the history",
    ),
    (
        Reason(ReasonCode.WEEK_TOO_SHORT, visits_due=3, visits_fitting=2),
        "本周应探访3次，但分开日期只排得下2次：其余请在下周安排",
        "3 visits are due this week but only 2 fit on separate days: plan the rest next week",
    ),
    (
        Reason(
            ReasonCode.URGENT_NOT_IN_TIME,
            deadline=datetime(2026, 12, 12, 16, 30),
            contact_of="E1",
        ),
        "报警后无探访人员能在 2026-12-12 16:30 前上门: 请立即致电紧急联系人 张*明 139****0001",
        "no visitor on shift can be there by 2026-12-12 16:30: call the emergency contact "
        "张*明 139****0001 now",
    ),
]


@pytest.mark.parametrize(("reason", "zh", "en"), WORDS, ids=lambda x: getattr(x, "code", ""))
def test_each_reason_in_both_languages(reason: Reason, zh: str, en: str) -> None:
    elders = {"E1": ALARMED}
    assert (reason_words(reason, "zh", elders), reason_words(reason, "en", elders)) == (zh, en)


def test_an_urgent_reason_without_its_elder_is_refused_rather_than_named_wrongly() -> None:
    urgent = next(r for r, _, _ in WORDS if r.code is ReasonCode.URGENT_NOT_IN_TIME)
    with pytest.raises(ValueError, match="needs elder E1 for the contact"):
        reason_words(urgent, "en")


def test_an_elder_without_an_emergency_contact_gets_a_dash() -> None:
    urgent = next(r for r, _, _ in WORDS if r.code is ReasonCode.URGENT_NOT_IN_TIME)
    nobody = replace(ALARMED, emergency_contact=None, emergency_phone=None)
    assert reason_words(urgent, "en", {"E1": nobody}).endswith("call the emergency contact - now")


def test_every_code_has_words() -> None:
    assert {reason.code for reason, _, _ in WORDS} == set(ReasonCode)


def test_reason_text_masks_a_number_the_words_quote() -> None:
    number = "11010519491231002X"
    item = UnassignedVisit(
        "E1", Tier.KEY, MON, Reason(ReasonCode.SHIFT_TOO_SHORT, minutes=30, visitor_ids=(number,))
    )
    for lang in ("zh", "en"):
        text = reason_text(item, lang)
        assert number not in text and mask_id_number(number) in text


def test_an_unknown_language_is_refused() -> None:
    with pytest.raises(ValueError, match="lang must be one of zh, en"):
        reason_words(WORDS[0][0], "fr")
