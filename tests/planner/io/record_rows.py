"""A records table (one row per visit, the form's Chinese headers and words) for the tests of
the records reader, the printed form and the command line."""

from __future__ import annotations

from pathlib import Path

from planner.io.cells import Cell
from tests.planner.io.table_files import write_table

FULL_VISIT: dict[str, Cell] = {
    "老人编号": "E1",
    "探访人员": "V001",
    "探访日期": "2026-03-02",
    "探访方式": "上门",
    "家庭人口变化": "减少1人",
    "表达能力": "无变化",
    "行动能力": "较差",
    "疾病状况": "严重",
    "疾病名称": "高血压",
    "情绪状态": "较好",
    "燃气安全": "不安全",
    "水暖安全": "安全",
    "用电安全": "较安全",
    "消防安全": "安全",
    "个人卫生": "无变化",
    "家庭卫生": "较好",
    "室内环境": "较差",
    "需求类别": "医疗、照护",
    "老年人服务需求": "想申请助餐",
    "实施关爱服务建议": "联系家庭医生",
    "重大变故": "跌倒",
    "被探访人确认": "赡养人",
    "关爱服务日期": "2026-03-05",
    "关爱服务情况": "送餐一次",
    "服务人员": "村助餐点",
    "满意度评价": "满意",
}
CALL: dict[str, Cell] = {
    "老人编号": "E1",
    "探访人员": "V001",
    "探访日期": "2026-04-06",
    "探访方式": "电话",
    "表达能力": "较好",
}


def write_records(path: Path, *rows: dict[str, Cell]) -> Path:
    return write_table(path, list(rows) or [FULL_VISIT, CALL])
