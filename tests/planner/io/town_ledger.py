"""A town's elders ledger (台账) as towns keep it in Excel, built with openpyxl for the tests.

The layout the README's "Input tables" shows: a title merged across the sheet, a subtitle, a blank
row, the header in row 4 with a row counter (序号) and the ledger's own spellings (身份证号码,
是否独居, 失 智, 失能等级, 是否同意入户), the town merged down over all four elders, each village
merged down over its elders, a remarks column, and footer rows (合计, 制表人, 填表日期).
"""

from __future__ import annotations

from pathlib import Path

import openpyxl

from planner.io.cells import Cell
from planner.io.ids import id_check_character

HEADER_ROW = 4
HEADER = (
    "序号",
    "编号",
    "姓名",
    "性别",
    "身份证号码",
    "联系电话",
    "镇街",
    "村居",
    "经度",
    "纬度",
    "是否独居",
    "失 智",
    "失能等级",
    "是否同意入户",
    "备注",
)
TOWN_MERGE = "G5:G8"
VILLAGE_MERGES = ("H5:H6", "H7:H8")


def id_number(birth: str, serial: str) -> str:
    body = f"370402{birth}{serial}"
    return body + id_check_character(body)


# fmt: off
ELDER_ROWS: list[list[Cell]] = [
    [1, "E0001", "张三丰", "男", id_number("19400512", "001"), "13812345678", "城关镇", "李家庄",
     117.0201, 36.6512, "是", "否", "轻度失能", "是", None],
    [2, "E0002", "李四娘", "女", id_number("19380101", "002"), None, None, None,
     117.0221, 36.6532, "否", "是", "重度失能", "否", "子女在外地"],
    [3, "E0003", "王五", "男", id_number("19500101", "003"), "13900000003", None, "王家村",
     117.0512, 36.6701, "否", "否", "中度", "是", None],
    [4, "E0004", "赵六妹", "女", id_number("19450301", "004"), None, None, None,
     117.0625, 36.6818, "是", "否", None, "是", None],
]
# fmt: on


def ledger_rows() -> list[list[Cell]]:
    return [
        ["城关镇特殊困难老年人台账"],
        [
            "填报单位：城关镇民政办",
            None,
            None,
            None,
            None,
            None,
            None,
            None,
            "填报日期：2026年11月",
        ],
        [],
        list(HEADER),
        *ELDER_ROWS,
        ["合计", None, "4人"],
        ["制表人：钱七", None, None, None, None, None, "审核人：孙八"],
        ["填表日期：2026年11月30日"],
    ]


def build_town_ledger(path: Path) -> Path:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.title = "台账"
    for row in ledger_rows():
        sheet.append(row)
    sheet.merge_cells("A1:O1")
    sheet.merge_cells(TOWN_MERGE)
    for merge in VILLAGE_MERGES:
        sheet.merge_cells(merge)
    workbook.save(path)
    return path
