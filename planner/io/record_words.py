"""The record form's words (planner.records): the attachment's own Chinese, English as an
option. ``planner.io.words.label`` reads these after its own table, so every word people read
still comes through one function."""

from __future__ import annotations

from typing import Final

# kind -> value -> (zh, en)
RECORD_LABELS: Final[dict[str, dict[str, tuple[str, str]]]] = {
    "condition": {
        "same": ("无变化", "no change"),
        "better": ("较好", "better"),
        "worse": ("较差", "worse"),
    },
    "illness": {
        "same": ("无变化", "no change"),
        "serious": ("严重", "serious"),
        "better": ("转好", "improving"),
    },
    "safety": {
        "safe": ("安全", "safe"),
        "fairly_safe": ("较安全", "fairly safe"),
        "unsafe": ("不安全", "unsafe"),
    },
    "need": {
        "medical": ("医疗", "medical"),
        "care": ("照护", "care"),
        "benefits": ("政策救助", "benefits"),
        "emotional": ("精神慰藉", "emotional support"),
        "family_support": ("家庭赡养不到位", "family not fulfilling support"),
    },
    "event": {
        "bereavement": ("丧偶/丧亲", "bereavement"),
        "disaster": ("遭受灾害", "disaster"),
        "fall": ("跌倒", "fall"),
        "hospital_discharge": ("出院", "discharged from hospital"),
    },
    "hazard": {
        "gas": ("燃气不安全", "gas unsafe"),
        "water_heating": ("水暖不安全", "water and heating unsafe"),
        "electricity": ("用电不安全", "electricity unsafe"),
        "fire": ("消防不安全", "fire safety unsafe"),
        "housing": ("住房不安全", "housing unsafe"),
    },
    "confirmer": {
        "elder": ("本人", "the elder"),
        "supporter": ("赡养人/监护人", "the person supporting them"),
    },
    "satisfaction": {
        "satisfied": ("满意", "satisfied"),
        "fairly_satisfied": ("基本满意", "fairly satisfied"),
        "dissatisfied": ("不满意", "dissatisfied"),
    },
    "sex": {"M": ("男", "male"), "F": ("女", "female")},
    "relation": {
        "head": ("户主", "head of household"),
        "spouse": ("配偶", "spouse"),
        "child": ("子女", "child"),
        "child_in_law": ("儿媳/女婿", "child-in-law"),
        "grandchild": ("孙辈", "grandchild"),
        "parent": ("父母", "parent"),
        "sibling": ("兄弟姐妹", "sibling"),
        "other": ("其他", "other"),
    },
    "assistance": {
        "none": ("否", "no"),
        "subsistence": ("低保对象", "subsistence allowance"),
        "extreme_poverty": ("特困人员", "extreme-poverty support"),
    },
    "helper": {
        "party_government": ("党政机关、群团组织", "party and government bodies"),
        "town_village_committee": ("乡镇（街道）、村（居）民委员会", "town and village committees"),
        "company": ("企业", "companies"),
        "social_organisation": ("社会组织", "social organisations"),
        "social_worker": ("专业社会工作者", "social workers"),
        "volunteer": ("志愿者", "volunteers"),
        "other": ("其他", "other"),
    },
    "consent": {
        "home": ("同意入户", "home visits"),
        "calls_only": ("仅电话/视频", "calls only"),
        "none": ("拒绝探访", "no visits"),
    },
    "consent_giver": {
        "elder": ("本人", "the elder"),
        "supporter": ("赡养人/监护人", "the person supporting them"),
    },
    "record_field": {
        "records": ("探访记录", "Visit records"),
        "record_id": ("记录编号", "Record"),
        "date": ("探访日期", "Date"),
        "number_in_year": ("本年第几次", "Visit of the year"),
        "town": ("镇街", "Town"),
        "village": ("村居", "Village"),
        "elder_id": ("老人编号", "Elder"),
        "name": ("被探访人", "Elder's name"),
        "visitor_id": ("探访人员", "Visitor"),
        "mode": ("探访方式", "Mode"),
        "duration_minutes": ("时长(分钟)", "Minutes"),
        "reason": ("事由", "Reason"),
        "tier": ("当日级别", "Tier on the day"),
        "topics": ("服务内容", "Services"),
        "household_change": ("家庭人口变化", "Household change"),
        "speech": ("表达能力", "Speech"),
        "mobility": ("行动能力", "Mobility"),
        "illness": ("疾病状况", "Illness"),
        "illness_name": ("疾病名称", "Disease"),
        "mood": ("情绪状态", "Mood"),
        "gas_safety": ("燃气安全", "Gas"),
        "water_heating_safety": ("水暖安全", "Water and heating"),
        "electricity_safety": ("用电安全", "Electricity"),
        "fire_safety": ("消防安全", "Fire"),
        "personal_hygiene": ("个人卫生", "Personal hygiene"),
        "household_hygiene": ("家庭卫生", "Household hygiene"),
        "indoor_environment": ("室内环境", "Indoor environment"),
        "needs_kinds": ("需求类别", "Kinds of need"),
        "needs": ("老年人服务需求", "Needs"),
        "suggested_care": ("实施关爱服务建议", "Suggested care"),
        "facts": ("情况变化", "Facts changed"),
        "event": ("重大变故", "Major event"),
        "hazards": ("安全隐患", "Hazards"),
        "care_services": ("关爱服务情况", "Care services"),
        "confirmed_by": ("被探访人确认", "Confirmed by"),
        "entered_by": ("信息录入人", "Entered by"),
        "note": ("备注", "Note"),
    },
    "flag": {
        "outside_programme": ("不属于探访关爱对象范围", "in none of the notice's groups"),
        "consent_not_asked": ("未征询探访意愿", "consent to visits not yet asked"),
        "visits_refused": ("拒绝探访", "refuses visits"),
        "reassess_ability": (
            "能力评估与卧床不符,需重新评估",
            "assessed ability contradicts bedridden",
        ),
    },
}
