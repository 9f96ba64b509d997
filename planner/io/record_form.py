"""One elder's record form (特殊困难老年人探访关爱服务记录表) as HTML for the paper archive.

Laid out like the notice's attachment: sections 一-四 (the elder, the household, living
conditions, help received) on the first page, the year's visits of section 五 one row each on
landscape pages, and the care services of 六. The archive copy (一式两份) is the town's own:
names, phones and ID numbers are shown in full, so only coordinators get it, and the service
audits each one. ``planner.io.pdf.write_pdf`` makes the PDF.

The form's own words (Chinese) throughout: it is the notice's form, filed as the notice prints
it. A box the records leave empty prints empty, to be filled by hand.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from enum import StrEnum
from html import escape
from pathlib import Path
from typing import Final

from planner.io.pdf import write_pdf
from planner.io.record_words import RECORD_LABELS
from planner.io.words import label
from planner.model import Ability, Elder, VisitMode
from planner.records import (
    ElderProfile,
    HelperKind,
    Illness,
    VisitRecord,
)

TITLE: Final = "特殊困难老年人探访关爱服务记录表"
ARCHIVE_NOTE: Final = "备注：此表一式两份，可复印，区民政局、镇（街道）各存档一份。"
MEMBER_ROWS: Final = 3
"""Rows of section 二 printed even when fewer members are known (户主, 2, 3 on the paper)."""
_DISABLED_ABILITIES: Final = (Ability.MODERATE, Ability.SEVERE, Ability.TOTAL)
# The paper's ways of visiting, in its order; 其他 is a road-side meeting here.
_MODES: Final = (
    (VisitMode.PHONE, "电话问候"),
    (VisitMode.HOME, "上门探访"),
    (VisitMode.ONLINE, "互联网音（视）频探访"),
    (VisitMode.ROAD, "其他"),
)
# Section 五's boxes as the paper groups them: (heading, field, the kind of its words).
_VISIT_COLUMNS: Final = (
    ("健康状况", "speech", "condition"),
    ("健康状况", "mobility", "condition"),
    ("健康状况", "illness", "illness"),
    ("精神状态", "mood", "condition"),
    ("安全情况", "gas_safety", "safety"),
    ("安全情况", "water_heating_safety", "safety"),
    ("安全情况", "electricity_safety", "safety"),
    ("安全情况", "fire_safety", "safety"),
    ("卫生状况", "personal_hygiene", "condition"),
    ("卫生状况", "household_hygiene", "condition"),
    ("居住环境", "indoor_environment", "condition"),
)

_CSS: Final = """
@page { size: A4; margin: 14mm 12mm; @bottom-center { content: counter(page) " / "
  counter(pages); font-size: 8pt; color: #555;
  font-family: "Noto Sans CJK SC", sans-serif; } }
@page wide { size: A4 landscape; margin: 12mm 10mm; }
body { font-family: "Noto Sans CJK SC", "Noto Serif CJK SC", sans-serif; font-size: 9.5pt;
  color: #000; }
h1 { text-align: center; font-size: 16pt; margin: 0 0 2mm; letter-spacing: 1pt; }
.date { text-align: right; margin: 0 0 2mm; }
h2 { font-size: 11pt; margin: 4mm 0 1mm; }
table { width: 100%; border-collapse: collapse; table-layout: fixed; }
td, th { border: 0.6pt solid #000; padding: 1.2mm 1.4mm; vertical-align: middle;
  word-wrap: break-word; }
th { font-weight: bold; background: #f0f0f0; }
td.k { background: #f7f7f7; width: 18%; }
.visits { page: wide; }
.visits td, .visits th { font-size: 8pt; padding: 0.8mm; text-align: center; }
.visits td.text { text-align: left; }
.visits tr { page-break-inside: avoid; }
.note { margin-top: 3mm; font-size: 8.5pt; }
.sign td { height: 9mm; }
"""


def _e(text: object) -> str:
    return escape(str(text), quote=True)


def _box(checked: bool) -> str:
    return "■" if checked else "□"


def _yes_no(value: bool | None) -> str:
    """是/否 as the paper's two boxes; neither ticked when not asked."""
    return f"{_box(value is True)} 是 {_box(value is False)} 否"


def _row(*cells: str, head: Iterable[int] = ()) -> str:
    keys = set(head)
    return (
        "<tr>"
        + "".join(
            f'<td class="k">{cell}</td>' if index in keys else f"<td>{cell}</td>"
            for index, cell in enumerate(cells)
        )
        + "</tr>"
    )


def _section_one(elder: Elder, profile: ElderProfile | None) -> str:
    place = " ".join(part for part in (elder.town, elder.village, elder.address or "") if part)
    disabled = elder.disability_grade is not None
    certificate = profile.disability_certificate if profile else ""
    rows = [
        _row(
            "家庭住址",
            _e(place),
            "是否居住在户籍所在地",
            _yes_no(profile.lives_at_registered_residence if profile else None),
            head=(0, 2),
        ),
        _row("被探访人姓名", _e(elder.name), "联系电话", _e(elder.phone or ""), head=(0, 2)),
        _row(
            "紧急联系人",
            _e(elder.emergency_contact or ""),
            "联系电话",
            _e(elder.emergency_phone or ""),
            head=(0, 2),
        ),
        _row("是否残疾", _yes_no(disabled), "残疾人证号", _e(certificate), head=(0, 2)),
        _row(
            "是否独居、空巢",
            _yes_no(elder.lives_alone or elder.empty_nest),
            "是否留守",
            _yes_no(elder.left_behind),
            head=(0, 2),
        ),
        _row(
            "是否失能",
            _yes_no(elder.ability in _DISABLED_ABILITIES or elder.bedridden),
            "是否计划生育特殊家庭老年人",
            _yes_no(elder.family_planning_special),
            head=(0, 2),
        ),
    ]
    return f"<h2>一、探访对象基本情况</h2><table>{''.join(rows)}</table>"


def _section_two(profile: ElderProfile | None) -> str:
    head = (
        "<tr><th style='width:8%'>序号</th><th>姓名</th><th style='width:7%'>性别</th>"
        "<th style='width:24%'>公民身份号码</th><th>与户主关系</th><th>健康状况</th>"
        "<th>是否为低保对象/特困人员</th></tr>"
    )
    members = list(profile.household if profile else ())
    rows = []
    for index in range(max(MEMBER_ROWS, len(members))):
        number = "户主" if index == 0 else str(index + 1)
        if index >= len(members):
            rows.append(f"<tr><td>{number}</td>" + "<td></td>" * 6 + "</tr>")
            continue
        member = members[index]
        cells = (
            member.name,
            RECORD_LABELS["sex"][member.sex.value][0] if member.sex else "",
            member.id_number or "",
            RECORD_LABELS["relation"][member.relation.value][0],
            member.health,
            RECORD_LABELS["assistance"][member.assistance.value][0],
        )
        rows.append(
            f"<tr><td>{number}</td>" + "".join(f"<td>{_e(c)}</td>" for c in cells) + "</tr>"
        )
    return f"<h2>二、家庭基本情况</h2><table>{head}{''.join(rows)}</table>"


def _section_three(profile: ElderProfile | None) -> str:
    living = profile.living if profile else None

    def amount(value: int | None) -> str:
        return "" if value is None else f"{value:,}"

    rows = [
        _row("饮水是否安全", _yes_no(living.safe_drinking_water if living else None), head=(0,)),
        _row("生活用电是否安全", _yes_no(living.safe_electricity if living else None), head=(0,)),
        _row("住房是否安全", _yes_no(living.safe_housing if living else None), head=(0,)),
        _row(
            "家庭每月收入（元）", amount(living.monthly_income_yuan if living else None), head=(0,)
        ),
        _row(
            "家庭每月领取养老保险、社会救助和社会福利补贴等情况",
            _e(
                " ".join(
                    part
                    for part in (
                        amount(living.monthly_benefits_yuan) + " 元"
                        if living and living.monthly_benefits_yuan is not None
                        else "",
                        living.benefits_note if living else "",
                    )
                    if part
                )
            ),
            head=(0,),
        ),
    ]
    return f"<h2>三、家庭生活条件</h2><table>{''.join(rows)}</table>"


def _section_four(profile: ElderProfile | None) -> str:
    help_received = profile.help if profile else None
    chosen = set(help_received.helpers if help_received else ())
    helpers = " ".join(
        f"{_box(kind in chosen)} {_e(RECORD_LABELS['helper'][kind.value][0])}"
        for kind in HelperKind
    )
    rows = [
        _row("帮扶单位（组织）", helpers, head=(0,)),
        _row(
            "帮扶责任人", _e(help_received.responsible_person if help_received else ""), head=(0,)
        ),
        _row("帮扶措施", _e(help_received.measures if help_received else ""), head=(0,)),
    ]
    return f"<h2>四、已享受帮扶情况</h2><table>{''.join(rows)}</table>"


def _choice(kind: str, value: StrEnum | None) -> str:
    return "" if value is None else _e(RECORD_LABELS[kind][value.value][0])


def _household(change: int) -> str:
    if change == 0:
        return "无变化"
    return f"增加{change}人" if change > 0 else f"减少{-change}人"


def _mode(mode: VisitMode) -> str:
    return dict(_MODES)[mode]


def _visit_row(record: VisitRecord) -> str:
    entry = record.entry
    seen = entry.observations
    boxes = []
    for _, name, kind in _VISIT_COLUMNS:
        text = _choice(kind, getattr(seen, name))
        if name == "illness" and seen.illness is Illness.SERIOUS:
            text += f"<br>{_e(seen.illness_name)}"
        boxes.append(text)
    kinds = "、".join(label("need", kind.value, "zh") for kind in seen.needs_kinds)
    needs = "；".join(part for part in (kinds, seen.needs) if part)
    signatures = entry.signatures
    confirmed = _choice("confirmer", signatures.confirmed_by) if signatures.elder_confirmed else ""
    cells = [
        f"第 {entry.number_in_year} 次<br>{entry.day:%Y年%m月%d日}",
        _e(_mode(entry.mode)),
        _e(_household(seen.household_change)),
        *boxes,
        f'<span class="text">{_e(needs)}</span>',
        _e(seen.suggested_care),
        _e(signatures.visitor_id),
        confirmed,
    ]
    text_columns = {len(cells) - 4, len(cells) - 3}
    return (
        "<tr>"
        + "".join(
            f'<td class="text">{cell}</td>' if i in text_columns else f"<td>{cell}</td>"
            for i, cell in enumerate(cells)
        )
        + "</tr>"
    )


def _section_five(records: Sequence[VisitRecord], year: int) -> str:
    groups: list[tuple[str, int]] = []
    for heading, _, _ in _VISIT_COLUMNS:
        if groups and groups[-1][0] == heading:
            groups[-1] = (heading, groups[-1][1] + 1)
        else:
            groups.append((heading, 1))
    top = (
        "<tr><th rowspan='2' style='width:9%'>第几次开展探访</th>"
        "<th rowspan='2' style='width:7%'>探访方式</th><th style='width:6%'>家庭状况</th>"
        + "".join(f"<th colspan='{n}'>{_e(h)}</th>" for h, n in groups)
        + "<th rowspan='2' style='width:11%'>老年人服务需求</th>"
        "<th rowspan='2' style='width:10%'>实施关爱服务建议</th>"
        "<th rowspan='2' style='width:5%'>探访人员</th><th rowspan='2' style='width:5%'>"
        "被探访人确认</th></tr>"
    )
    second = (
        "<tr><th>家庭人口</th>"
        + "".join(
            f"<th>{_e(RECORD_LABELS['record_field'][name][0])}</th>"
            for _, name, _ in _VISIT_COLUMNS
        )
        + "</tr>"
    )
    rows = "".join(_visit_row(record) for record in records)
    if not records:
        rows = f"<tr><td colspan='{len(_VISIT_COLUMNS) + 7}'>{year} 年尚无探访记录</td></tr>"
    return (
        f'<section class="visits"><h2>五、探访情况（{year} 年，共 {len(records)} 次）</h2>'
        f"<table><thead>{top}{second}</thead><tbody>{rows}</tbody></table></section>"
    )


def _section_six(records: Sequence[VisitRecord]) -> str:
    services = sorted(
        (service for record in records for service in record.care_services),
        key=lambda service: (service.day, service.number_in_year),
    )
    head = (
        "<tr><th style='width:14%'>第几次开展关爱</th><th style='width:14%'>日期</th>"
        "<th>关爱服务情况</th><th style='width:16%'>服务人员签字（盖章）</th>"
        "<th style='width:16%'>老年人服务满意度评价</th></tr>"
    )
    rows = "".join(
        f"<tr><td>第 {s.number_in_year} 次</td><td>{s.day:%Y年%m月%d日}</td><td>{_e(s.done)}</td>"
        f"<td>{_e(s.given_by)}</td><td>{_choice('satisfaction', s.satisfaction)}</td></tr>"
        for s in services
    )
    if not services:
        rows = "<tr><td></td><td></td><td></td><td></td><td></td></tr>"
    return f"<h2>六、关爱服务情况</h2><table>{head}{rows}</table>"


def record_form_html(
    elder: Elder,
    records: Iterable[VisitRecord],
    year: int,
    *,
    profile: ElderProfile | None = None,
) -> str:
    """The elder's form for ``year``: sections 一-四 from ``elder`` and ``profile`` (empty boxes
    where no profile is known), the year's visits of ``records`` (those of other elders or
    years are left out) in order, and their care services.
    """
    own = sorted(
        (r for r in records if r.entry.elder_id == elder.elder_id and r.entry.day.year == year),
        key=lambda record: (record.entry.day, record.entry.number_in_year),
    )
    return (
        '<!DOCTYPE html><html lang="zh-CN"><head><meta charset="utf-8">'
        f"<title>{_e(TITLE)} {_e(elder.elder_id)} {year}</title><style>{_CSS}</style></head><body>"
        f"<h1>{_e(TITLE)}</h1><p class='date'>{year} 年度 · 编号 {_e(elder.elder_id)}</p>"
        f"{_section_one(elder, profile)}{_section_two(profile)}{_section_three(profile)}"
        f"{_section_four(profile)}{_section_five(own, year)}{_section_six(own)}"
        f"<p class='note'>{_e(ARCHIVE_NOTE)}</p></body></html>"
    )


def write_record_form(
    elder: Elder,
    records: Iterable[VisitRecord],
    year: int,
    path: Path,
    *,
    profile: ElderProfile | None = None,
) -> None:
    """The elder's form for ``year`` as the PDF ``path`` (see ``record_form_html``)."""
    write_pdf(record_form_html(elder, records, year, profile=profile), path)
