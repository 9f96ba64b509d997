"""The notice's record form (探访关爱服务记录表, POLICY.md "The visit record") as data.

Sections 一-四 belong to the elder (``ElderProfile``: kept with history), 五 and 六 to the visit
(``VisitEntry``, ``CareService``). Each box of the form with fixed choices is an enumeration of
codes; ``planner.io.words`` gives them words (the form's own Chinese, English as an option).
Checks that need a file or a table's parsers (resident ID numbers, the elders table's cells)
live in ``planner.io``; here are the rules the form itself states, each raising
``RecordError`` with the field it is about, so the service can answer 422 naming it.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum
from typing import Final

from planner.model import Ability, VisitMode, VisitReason
from planner.model import ConsentGiver as ConsentGiver  # the form's consent choices, re-exported
from planner.model import VisitConsent as VisitConsent


class RecordError(ValueError):
    """A value the form does not allow; ``field`` is its dotted path (``observations.illness``)."""

    def __init__(self, field_path: str, problem: str) -> None:
        super().__init__(f"{field_path}: {problem}")
        self.field = field_path
        self.problem = problem


# --- Section 五: each visit -------------------------------------------------------------------


class Change(StrEnum):
    """无变化 / 较好 / 较差: speech, mobility, mood, hygiene and the indoor environment."""

    SAME = "same"
    BETTER = "better"
    WORSE = "worse"


class Illness(StrEnum):
    """疾病状况: 无变化 / 严重 (with the disease's name) / 转好."""

    SAME = "same"
    SERIOUS = "serious"
    BETTER = "better"


class Safety(StrEnum):
    """安全 / 较安全 / 不安全: gas, water and heating, electricity, fire."""

    SAFE = "safe"
    FAIRLY_SAFE = "fairly_safe"
    UNSAFE = "unsafe"


class NeedKind(StrEnum):
    """The kinds of need a visit may find (老年人服务需求), each routed to its kind of visitor."""

    MEDICAL = "medical"
    CARE = "care"
    BENEFITS = "benefits"
    EMOTIONAL = "emotional"
    FAMILY_SUPPORT = "family_support"
    """The family does not fulfil its duty of support (赡养)."""


class MajorEvent(StrEnum):
    """A major change in the elder's life that calls for a home visit within a day."""

    BEREAVEMENT = "bereavement"
    DISASTER = "disaster"
    FALL = "fall"
    HOSPITAL_DISCHARGE = "hospital_discharge"


class Hazard(StrEnum):
    """A danger in the elder's home: a safety item found unsafe, or unsafe housing."""

    GAS = "gas"
    WATER_HEATING = "water_heating"
    ELECTRICITY = "electricity"
    FIRE = "fire"
    HOUSING = "housing"


class Confirmer(StrEnum):
    """Who confirmed the record for the elder (被探访人签字): the elder, or the person supporting
    them when the elder cannot sign."""

    ELDER = "elder"
    SUPPORTER = "supporter"


MAX_HOUSEHOLD_CHANGE: Final = 20
"""More people than this added or gone at once is a typing mistake, not a household."""


@dataclass(frozen=True)
class Observations:
    """What the visitor found (五). None: not observed (a call cannot see the kitchen)."""

    household_change: int = 0
    """People added (+n) or gone (-n) since the last visit; 0 no change."""
    speech: Change | None = None
    mobility: Change | None = None
    illness: Illness | None = None
    illness_name: str = ""
    """The disease, required when the illness is serious."""
    mood: Change | None = None
    gas_safety: Safety | None = None
    water_heating_safety: Safety | None = None
    electricity_safety: Safety | None = None
    fire_safety: Safety | None = None
    personal_hygiene: Change | None = None
    household_hygiene: Change | None = None
    indoor_environment: Change | None = None
    needs: str = ""
    needs_kinds: tuple[NeedKind, ...] = ()
    """The kinds of need among ``needs``, which routes follow-ups; the text says the rest."""
    suggested_care: str = ""

    def __post_init__(self) -> None:
        if abs(self.household_change) > MAX_HOUSEHOLD_CHANGE:
            raise RecordError(
                "observations.household_change",
                f"{self.household_change} people: at most {MAX_HOUSEHOLD_CHANGE} either way",
            )
        if self.illness is Illness.SERIOUS and not self.illness_name.strip():
            raise RecordError(
                "observations.illness_name", "required when the illness is serious: name it"
            )
        if self.illness_name.strip() and self.illness is not Illness.SERIOUS:
            raise RecordError(
                "observations.illness_name", "only with a serious illness (illness: serious)"
            )
        if len(set(self.needs_kinds)) != len(self.needs_kinds):
            raise RecordError("observations.needs_kinds", "names a kind of need twice")


_SAFETY_HAZARDS: Final = (
    ("gas_safety", Hazard.GAS),
    ("water_heating_safety", Hazard.WATER_HEATING),
    ("electricity_safety", Hazard.ELECTRICITY),
    ("fire_safety", Hazard.FIRE),
)


def hazards(
    observations: Observations, living: LivingConditions | None = None
) -> tuple[Hazard, ...]:
    """The dangers a visit found: each safety item unsafe, and the housing when 三 says it is
    unsafe. Fairly safe is not a hazard (the form's middle box)."""
    found = [
        hazard for name, hazard in _SAFETY_HAZARDS if getattr(observations, name) is Safety.UNSAFE
    ]
    if living is not None and living.safe_housing is False:
        found.append(Hazard.HOUSING)
    return tuple(found)


class Fact(StrEnum):
    """The elder's facts a visit may find changed: the elders table's own column names, and
    the statuses that end or pause the visits."""

    ABILITY = "ability"
    BEDRIDDEN = "bedridden"
    LIMITED_MOBILITY = "limited_mobility"
    DEMENTIA = "dementia"
    DISABILITY_GRADE = "disability_grade"
    LIVES_ALONE = "lives_alone"
    EMPTY_NEST = "empty_nest"
    LEFT_BEHIND = "left_behind"
    FAMILY_PLANNING_SPECIAL = "family_planning_special"
    DECEASED = "deceased"
    MOVED_AWAY = "moved_away"
    IN_HOSPITAL = "in_hospital"


FactValue = bool | int | Ability | None
"""A fact's value: a bool, an ``Ability``, or a disability grade (1-4, None: not disabled)."""

DISABILITY_GRADES: Final = range(1, 5)


def _fact_problem(fact: Fact, value: FactValue) -> str | None:
    """Why ``value`` cannot be the value of ``fact``, or None when it can."""
    if fact is Fact.ABILITY:
        return None if isinstance(value, Ability) else "must be one of " + _choices(Ability)
    if fact is Fact.DISABILITY_GRADE:
        if value is None or (
            isinstance(value, int) and not isinstance(value, bool) and value in DISABILITY_GRADES
        ):
            return None
        return "must be a grade 1-4, or null when not disabled"
    return None if isinstance(value, bool) else "must be true or false"


def _choices(kind: type[StrEnum]) -> str:
    return "/".join(member.value for member in kind)


@dataclass(frozen=True)
class FactChange:
    """One fact of the elder as the visit found it (``{"bedridden": true}``)."""

    fact: Fact
    value: FactValue

    def __post_init__(self) -> None:
        problem = _fact_problem(self.fact, self.value)
        if problem is not None:
            raise RecordError(f"facts.{self.fact.value}", problem)


@dataclass(frozen=True)
class Signatures:
    """探访人员 / 被探访人 / 信息录入人 签字: the visitor, the elder's confirmation and who
    confirmed it, and who entered the record (an account name)."""

    visitor_id: str
    elder_confirmed: bool = False
    confirmed_by: Confirmer | None = None
    entered_by: str = ""

    def __post_init__(self) -> None:
        if self.elder_confirmed and self.confirmed_by is None:
            raise RecordError(
                "signatures.confirmed_by", "required when the elder confirmed: elder or supporter"
            )
        if not self.elder_confirmed and self.confirmed_by is not None:
            raise RecordError(
                "signatures.confirmed_by", "only when the record was confirmed (elder_confirmed)"
            )


@dataclass(frozen=True)
class VisitEntry:
    """One visit's row of section 五: 第 n 次 on a date, in a mode, what was found."""

    elder_id: str
    number_in_year: int
    day: date
    mode: VisitMode
    signatures: Signatures
    observations: Observations = Observations()
    facts: tuple[FactChange, ...] = ()
    event: MajorEvent | None = None
    reason: VisitReason = VisitReason.REGULAR

    def __post_init__(self) -> None:
        if self.number_in_year < 1:
            raise RecordError("number_in_year", "counts from 1 (第 1 次)")
        named = [change.fact for change in self.facts]
        if len(set(named)) != len(named):
            raise RecordError("facts", "names a fact twice")

    @property
    def hazards(self) -> tuple[Hazard, ...]:
        return hazards(self.observations)


def number_in_year(earlier_days: Iterable[date], day: date) -> int:
    """The visit's number in its year (第 n 次): one more than the elder's visits recorded in
    the same year on or before ``day`` (``earlier_days`` leaves this visit out)."""
    return 1 + sum(1 for other in earlier_days if other.year == day.year and other <= day)


# --- Section 六: each care service after a visit -----------------------------------------------


class Satisfaction(StrEnum):
    """老年人服务满意度评价: 满意 / 基本满意 / 不满意."""

    SATISFIED = "satisfied"
    FAIRLY_SATISFIED = "fairly_satisfied"
    DISSATISFIED = "dissatisfied"


@dataclass(frozen=True)
class CareService:
    """第 n 次开展关爱 on a date: what was done (关爱服务情况), by whom (服务人员签字), and the
    elder's satisfaction (None: not yet asked)."""

    number_in_year: int
    day: date
    done: str
    given_by: str
    satisfaction: Satisfaction | None = None

    def __post_init__(self) -> None:
        if self.number_in_year < 1:
            raise RecordError("care_services.number_in_year", "counts from 1 (第 1 次)")
        if not self.done.strip():
            raise RecordError("care_services.done", "required: what was done")
        if not self.given_by.strip():
            raise RecordError("care_services.given_by", "required: who gave the service")


# --- Sections 一-四: the elder's profile ----------------------------------------------------------


class Sex(StrEnum):
    MALE = "M"
    FEMALE = "F"


class Relation(StrEnum):
    """与户主关系: the member's relation to the head of the household (户主)."""

    HEAD = "head"
    SPOUSE = "spouse"
    CHILD = "child"
    CHILD_IN_LAW = "child_in_law"
    GRANDCHILD = "grandchild"
    PARENT = "parent"
    SIBLING = "sibling"
    OTHER = "other"


class Assistance(StrEnum):
    """是否为低保对象/特困人员: neither, subsistence allowance (低保), extreme-poverty support
    (特困)."""

    NONE = "none"
    SUBSISTENCE = "subsistence"
    EXTREME_POVERTY = "extreme_poverty"


@dataclass(frozen=True)
class HouseholdMember:
    """A row of section 二. ``id_number`` is checked (GB 11643) where it comes in
    (``planner.io.ids.parse_id_number``) and published masked only."""

    name: str
    relation: Relation
    sex: Sex | None = None
    id_number: str | None = None
    health: str = ""
    assistance: Assistance = Assistance.NONE


@dataclass(frozen=True)
class LivingConditions:
    """Section 三. None: not asked."""

    safe_drinking_water: bool | None = None
    safe_electricity: bool | None = None
    safe_housing: bool | None = None
    monthly_income_yuan: int | None = None
    monthly_benefits_yuan: int | None = None
    """Pensions, assistance and subsidies received each month, in yuan."""
    benefits_note: str = ""
    """Which pensions, assistance and subsidies."""

    def __post_init__(self) -> None:
        for name in ("monthly_income_yuan", "monthly_benefits_yuan"):
            amount = getattr(self, name)
            if amount is not None and amount < 0:
                raise RecordError(f"living.{name}", f"{amount} yuan: cannot be negative")


class HelperKind(StrEnum):
    """帮扶单位（组织）: the seven kinds of helper, in the form's order."""

    PARTY_GOVERNMENT = "party_government"
    """党政机关、群团组织."""
    TOWN_VILLAGE_COMMITTEE = "town_village_committee"
    """乡镇（街道）、村（居）民委员会."""
    COMPANY = "company"
    SOCIAL_ORGANISATION = "social_organisation"
    SOCIAL_WORKER = "social_worker"
    """专业社会工作者."""
    VOLUNTEER = "volunteer"
    OTHER = "other"


@dataclass(frozen=True)
class HelpReceived:
    """Section 四: who already helps, the person responsible (帮扶责任人), the measures."""

    helpers: tuple[HelperKind, ...] = ()
    responsible_person: str = ""
    measures: str = ""

    def __post_init__(self) -> None:
        if len(set(self.helpers)) != len(self.helpers):
            raise RecordError("help.helpers", "names a kind of helper twice")


MAX_HOUSEHOLD_MEMBERS: Final = 30


@dataclass(frozen=True)
class ElderProfile:
    """Sections 一-四 beyond the elders table's columns: the facts the table already holds
    (living alone, disability, ability...) stay in ``Elder``."""

    elder_id: str
    lives_at_registered_residence: bool | None = None
    """是否居住在户籍所在地; None: not asked."""
    disability_certificate: str = ""
    """残疾人证号."""
    household: tuple[HouseholdMember, ...] = ()
    living: LivingConditions = LivingConditions()
    help: HelpReceived = HelpReceived()

    def __post_init__(self) -> None:
        if len(self.household) > MAX_HOUSEHOLD_MEMBERS:
            raise RecordError("household", f"more than {MAX_HOUSEHOLD_MEMBERS} members")
        heads = [member for member in self.household if member.relation is Relation.HEAD]
        if len(heads) > 1:
            raise RecordError("household", "more than one head of household (户主)")


# --- Who is visited, and how: consent (the enumerations live with ``Elder``) ----------------------


@dataclass(frozen=True)
class Consent:
    """The elder's consent as recorded; an elder with none recorded is "not yet asked"."""

    consent: VisitConsent
    given_by: ConsentGiver
    given_on: date


@dataclass(frozen=True)
class VisitRecord:
    """A whole record of one visit: its section 五 row and the care services (六) given after
    it, as the service stores it."""

    entry: VisitEntry
    care_services: tuple[CareService, ...] = field(default=())
