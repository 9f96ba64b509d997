"""The columns of each input table (CONTRACT.md, "Input tables"), with every accepted spelling.

One ``Column`` per column of the contract: its English name, its Chinese header, the spellings
towns' ledgers use, and whether it is required. How a header cell is matched to these is
``planner.io.headers``'.
"""

from __future__ import annotations

from planner.io.headers import Column

__all__ = [
    "ALARM_COLUMNS",
    "ELDER_COLUMNS",
    "HISTORY_COLUMNS",
    "PIN_COLUMNS",
    "VISITOR_COLUMNS",
    "WARNING_COLUMNS",
]

# The towns' own spellings come after the contract's: a ledger's 乡镇, 村(社区), 失能等级,
# 是否独居老人 (the 是否 goes: see ``planner.io.headers.header_key``). 序号, a ledger's row counter,
# is deliberately not an elder_id spelling.
_TOWN_SPELLINGS = (
    "镇/街道",
    "镇街道",
    "乡镇街道",
    "街镇",
    "乡镇",
    "镇",
    "街道",
    "所属镇街",
    "镇街名称",
)

ELDER_COLUMNS: tuple[Column, ...] = (
    Column("elder_id", "编号", ("老人编号", "人员编号", "档案编号", "档案号"), required=True),
    Column("name", "姓名", ("老人姓名",), required=True),
    Column("birth_date", "出生日期", ("出生年月日", "出生年月", "生日")),
    Column("age", "年龄", ("周岁",)),
    Column("sex", "性别"),
    Column(
        "id_number",
        "身份证号",
        (
            "身份证号码",
            "公民身份号码",
            "身份证",
            "公民身份证号",
            "公民身份证号码",
            "身份证件号码",
            "证件号码",
            "老人身份证号",
        ),
    ),
    Column(
        "phone",
        "联系电话",
        (
            "电话",
            "手机",
            "手机号",
            "手机号码",
            "电话号码",
            "联系方式",
            "本人电话",
            "老人电话",
            "老人联系电话",
            "phone_number",
            "mobile",
        ),
    ),
    Column("town", "镇街", _TOWN_SPELLINGS, required=True),
    Column(
        "village",
        "村居",
        (
            "村/居委会",
            "村居委会",
            "村/社区",
            "村社区",
            "村",
            "社区",
            "村委会",
            "居委会",
            "村名",
            "所属村居",
            "村居名称",
            "村(居)委会",
        ),
        required=True,
    ),
    Column(
        "address",
        "家庭住址",
        ("住址", "地址", "家庭地址", "居住地址", "现住址", "现居住地址", "详细地址"),
    ),
    Column("lon", "经度", ("longitude", "lng")),
    Column("lat", "纬度", ("latitude",)),
    Column("coord_system", "坐标系", ("坐标系统",)),
    Column("lives_alone", "独居", ("独居老人",)),
    Column("empty_nest", "空巢", ("空巢老人",)),
    Column("left_behind", "留守", ("留守老人",)),
    Column(
        "family_planning_special",
        "计生特殊家庭",
        ("计划生育特殊家庭", "计生特殊家庭老人", "计划生育特殊家庭老人"),
    ),
    Column("disability_grade", "残疾等级", ("残疾人等级", "残疾级别")),
    Column(
        "ability",
        "能力评估",
        (
            "能力等级",
            "失能等级",
            "能力评估等级",
            "失能程度",
            "能力评估结果",
            "失能情况",
            "老年人能力评估",
        ),
    ),
    Column("bedridden", "长期卧床", ("卧床",)),
    Column("limited_mobility", "行动不便"),
    Column("dementia", "失智", ("失智老人",)),
    Column("home_visit_consent", "同意入户", ("同意入户探访", "同意上门", "consent")),
    Column("time_window", "可探访时段", ("time_windows", "探访时段", "可探访时间")),
    Column("emergency_contact", "紧急联系人", ("紧急联系人姓名", "联系人", "联系人姓名")),
    Column(
        "emergency_phone",
        "紧急联系电话",
        ("紧急联系人电话", "紧急联系人手机", "紧急联系方式", "联系人电话", "联系人手机"),
    ),
    Column("usual_visitor_id", "常用探访人", ("常用探访人编号",)),
    Column("visit_consent", "同意探访方式", ("探访意愿", "同意探访")),
    Column("consent_given_by", "同意人", ("意愿表达人",)),
    Column("consent_date", "同意日期", ("征询日期",)),
)

VISITOR_COLUMNS: tuple[Column, ...] = (
    Column("visitor_id", "编号", ("探访人员编号", "探访人编号", "人员编号"), required=True),
    Column("name", "姓名", ("探访人员姓名", "探访人姓名"), required=True),
    Column("role", "类别", ("人员类别", "探访人员类别", "人员类型", "探访人员类型"), required=True),
    Column("town", "镇街", _TOWN_SPELLINGS, required=True),
    Column("villages", "服务村居", ("village", "负责村居", "服务村", "服务社区")),
    Column("start_lon", "出发经度"),
    Column("start_lat", "出发纬度"),
    Column("coord_system", "坐标系", ("坐标系统",)),
    Column("travel_mode", "出行方式", ("交通方式",)),
    Column("work_days", "工作日"),
    Column("shift", "工作时段"),
    Column("max_home_visits_per_day", "每日最多入户", ("每日最多入户数", "每天最多入户")),
)

HISTORY_COLUMNS: tuple[Column, ...] = (
    Column("date", "日期", ("探访日期", "走访日期"), required=True),
    Column("elder_id", "老人编号", required=True),
    Column("visitor_id", "探访人员编号", ("探访人编号", "走访人编号"), required=True),
    Column("mode", "方式", ("探访方式", "走访方式"), required=True),
    Column("reason", "事由", ("探访事由", "走访事由")),
)

WARNING_COLUMNS: tuple[Column, ...] = (
    Column("town", "镇街", _TOWN_SPELLINGS, required=True),
    Column("villages", "村居", ("服务村居", "影响村居")),
    Column("start", "开始日期", ("开始",), required=True),
    Column("end", "结束日期", ("结束",), required=True),
    Column("severe", "严重", ("是否严重",)),
    Column("kind", "类型", ("预警类型", "天气")),
    Column("level", "预警等级", ("等级", "预警级别", "级别")),
)

ALARM_COLUMNS: tuple[Column, ...] = (
    Column("elder_id", "老人编号", required=True),
    Column("at", "报警时间", ("时间", "发生时间"), required=True),
    Column("kind", "类型", ("报警类型", "事由")),
)

PIN_COLUMNS: tuple[Column, ...] = (
    Column("elder_id", "老人编号", required=True),
    Column("date", "日期", ("探访日期",), required=True),
)
