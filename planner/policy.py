"""The policy file and the tier rules of the district's notice.

Every number the planner uses that the notice leaves to the town lives in a TOML file; the
defaults ship as ``default_policy.toml`` beside this module. A coordinator's file overrides any
subset of keys. Tiers are always derived from an elder's facts, never typed in.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum
from importlib import resources
from pathlib import Path
from typing import Any

from geo.travel import StraightLine
from planner.model import Ability, Elder, Priority, Role, Tier, TravelMode, VisitMode
from planner.records import Hazard, NeedKind

DEFAULT_POLICY_FILE = "default_policy.toml"
FESTIVALS = ("spring_festival", "lantern_festival", "mid_autumn", "double_ninth")


class PolicyError(ValueError):
    """A policy file that cannot be used; the message names the file and the key."""


@dataclass(frozen=True)
class Policy:
    key_min_age: int
    severe_disability_grades: frozenset[int]
    visits_per_month: dict[Tier, int]
    min_days_between_visits: int
    regular_mode: dict[Tier, VisitMode]
    general_home_visit_every_months: int
    mode_without_consent: VisitMode
    visit_minutes: dict[VisitMode, int]
    detour_factor: float
    speed_kph: dict[TravelMode, float]
    public_holidays_are_working_days: bool
    extra_holidays: frozenset[date]
    extra_working_days: frozenset[date]
    weather_key_mode_severe: VisitMode
    weather_key_mode: VisitMode
    weather_secondary_mode: VisitMode
    weather_lead_days: int
    festivals: tuple[str, ...]
    festival_tiers: frozenset[Tier]
    festival_mode: VisitMode
    festival_lead_days: int
    max_seconds_per_town: float
    visitor_steps_per_home_visit: int
    town_steps_per_home_visit: int
    usual_visitor_bonus_minutes: int
    max_load_share: float
    """A visitor's territory in the search's start holds at most this many times their share of
    the town's home visits (in proportion to their capacity), then up to their capacity."""
    priority_order: tuple[Priority, ...] = tuple(Priority)
    """The classes of ``[priorities] order``, highest first; every class exactly once."""
    proof_max_distance_m: int = 500
    """A home visit recorded farther than this from the elder's home is flagged."""

    min_days_present: int = 3
    """``[status]``: a period of the month is owed to a paused elder only with at least this
    many days present (``planner.elder_status``)."""
    followup_due_days: dict[str, int] = field(default_factory=lambda: {"hazard": 2, "need": 7})
    """``[followups]``: days from the record to the follow-up's due date, hazards and needs."""
    followup_roles: dict[str, Role] = field(default_factory=dict)
    """``[followups.roles]``: the kind of visitor each hazard and need is routed to."""

    def straight_line(self) -> StraightLine:
        """The travel source every town has: the policy's ``[travel]`` detour and speeds."""
        speeds = {mode.value: kph for mode, kph in self.speed_kph.items()}
        return StraightLine(self.detour_factor, speeds)

    def priority_rank(self, priority: Priority) -> int:
        """0 for the class that comes first when visitors are short."""
        return self.priority_order.index(priority)


def _default_document() -> dict[str, Any]:
    text = resources.files("planner").joinpath(DEFAULT_POLICY_FILE).read_text(encoding="utf-8")
    return tomllib.loads(text)


def _merge(base: dict[str, Any], override: dict[str, Any], source: str, prefix: str = "") -> None:
    for key, value in override.items():
        where = f"{prefix}{key}"
        if key not in base:
            known = ", ".join(sorted(base))
            raise PolicyError(f"{source}: unknown key '{where}'; the known keys here are: {known}")
        if isinstance(base[key], dict):
            if not isinstance(value, dict):
                raise PolicyError(f"{source}: '{where}' must be a table ([{where}])")
            _merge(base[key], value, source, prefix=f"{where}.")
        else:
            base[key] = value


def load_policy(path: Path | None = None) -> Policy:
    """The default policy, with the keys of ``path`` (a TOML file) laid over it."""
    document = _default_document()
    source = str(path) if path else DEFAULT_POLICY_FILE
    if path is not None:
        try:
            override = tomllib.loads(path.read_text(encoding="utf-8"))
        except FileNotFoundError as error:
            raise PolicyError(
                f"{source}: no such file; give the path of a TOML policy file"
            ) from error
        except (tomllib.TOMLDecodeError, UnicodeDecodeError) as error:
            raise PolicyError(
                f"{source}: not valid TOML ({error}); compare with the default policy"
            ) from error
        _merge(document, override, source)
    return _build(document, source)


class _Reader:
    """Typed access to the merged document that names the key in every error."""

    def __init__(self, document: dict[str, Any], source: str) -> None:
        self.document = document
        self.source = source

    def get(self, dotted: str) -> Any:
        node: Any = self.document
        for part in dotted.split("."):
            node = node[part]
        return node

    def fail(self, dotted: str, expected: str) -> PolicyError:
        return PolicyError(
            f"{self.source}: '{dotted}' is {self.get(dotted)!r}; it must be {expected}"
        )

    def integer(self, dotted: str, *, minimum: int = 0, maximum: int | None = None) -> int:
        value = self.get(dotted)
        too_big = maximum is not None and isinstance(value, int) and value > maximum
        if isinstance(value, bool) or not isinstance(value, int) or value < minimum or too_big:
            upto = f" and at most {maximum}" if maximum is not None else ""
            raise self.fail(dotted, f"a whole number of at least {minimum}{upto}")
        return value

    def number(self, dotted: str, *, minimum: float = 0.0) -> float:
        value = self.get(dotted)
        if isinstance(value, bool) or not isinstance(value, int | float) or value < minimum:
            raise self.fail(dotted, f"a number of at least {minimum}")
        return float(value)

    def flag(self, dotted: str) -> bool:
        value = self.get(dotted)
        if not isinstance(value, bool):
            raise self.fail(dotted, "true or false")
        return value

    def mode(self, dotted: str) -> VisitMode:
        value = self.get(dotted)
        try:
            return VisitMode(value)
        except ValueError:
            raise self.fail(dotted, "one of " + ", ".join(m.value for m in VisitMode)) from None

    def priorities(self, dotted: str) -> tuple[Priority, ...]:
        values = self.get(dotted)
        names = [p.value for p in Priority]
        expected = "a list naming each of " + ", ".join(names) + " once, highest first"
        if not isinstance(values, list) or sorted(map(str, values)) != sorted(names):
            raise self.fail(dotted, expected)
        return tuple(Priority(value) for value in values)

    def dates(self, dotted: str) -> frozenset[date]:
        values = self.get(dotted)
        if not isinstance(values, list):
            raise self.fail(dotted, "a list of dates, e.g. [2027-02-05, 2027-02-06]")
        parsed = set()
        for value in values:
            if isinstance(value, date):
                parsed.add(value)
                continue
            try:
                parsed.add(date.fromisoformat(str(value)))
            except ValueError:
                raise self.fail(dotted, "a list of dates written YYYY-MM-DD") from None
        return frozenset(parsed)


def _build(document: dict[str, Any], source: str) -> Policy:
    read = _Reader(document, source)
    festivals = tuple(read.get("festivals.names"))
    unknown = [name for name in festivals if name not in FESTIVALS]
    if unknown:
        raise read.fail("festivals.names", "a list drawn from " + ", ".join(FESTIVALS))
    try:
        festival_tiers = frozenset(Tier(t) for t in read.get("festivals.tiers"))
    except ValueError:
        raise read.fail("festivals.tiers", "a list drawn from key, secondary, general") from None
    grades = read.get("tiers.severe_disability_grades")
    if not isinstance(grades, list) or not all(isinstance(g, int) and 1 <= g <= 4 for g in grades):
        raise read.fail("tiers.severe_disability_grades", "a list of grades from 1 to 4")
    # At most one visit a day in the shortest month.
    frequency = {
        tier: read.integer(f"frequency.{tier.value}", minimum=1, maximum=28) for tier in Tier
    }
    return Policy(
        key_min_age=read.integer("tiers.key_min_age", minimum=1),
        severe_disability_grades=frozenset(grades),
        visits_per_month=frequency,
        min_days_between_visits=read.integer("spacing.min_days_between_visits", minimum=1),
        regular_mode={tier: read.mode(f"modes.{tier.value}") for tier in Tier},
        general_home_visit_every_months=read.integer(
            "modes.general_home_visit_every_months", minimum=0
        ),
        mode_without_consent=read.mode("modes.without_consent"),
        visit_minutes={
            mode: read.integer(f"visit_minutes.{mode.value}", minimum=1) for mode in VisitMode
        },
        detour_factor=read.number("travel.detour_factor", minimum=1.0),
        speed_kph={
            mode: read.number(f"travel.speed_kph.{mode.value}", minimum=0.1) for mode in TravelMode
        },
        public_holidays_are_working_days=read.flag("calendar.public_holidays_are_working_days"),
        extra_holidays=read.dates("calendar.extra_holidays"),
        extra_working_days=read.dates("calendar.extra_working_days"),
        weather_key_mode_severe=read.mode("weather.key_mode_severe"),
        weather_key_mode=read.mode("weather.key_mode"),
        weather_secondary_mode=read.mode("weather.secondary_mode"),
        weather_lead_days=read.integer("weather.lead_days", minimum=1),
        festivals=festivals,
        festival_tiers=festival_tiers,
        festival_mode=read.mode("festivals.mode"),
        festival_lead_days=read.integer("festivals.lead_days", minimum=1),
        max_seconds_per_town=read.number("solver.max_seconds_per_town", minimum=0.01),
        visitor_steps_per_home_visit=read.integer("solver.visitor_steps_per_home_visit", minimum=1),
        town_steps_per_home_visit=read.integer("solver.town_steps_per_home_visit", minimum=0),
        usual_visitor_bonus_minutes=read.integer("solver.usual_visitor_bonus_minutes", minimum=0),
        max_load_share=read.number("solver.max_load_share", minimum=1.0),
        priority_order=read.priorities("priorities.order"),
        min_days_present=read.integer("status.min_days_present", minimum=1, maximum=28),
        followup_due_days={
            "hazard": read.integer("followups.hazard_due_days", minimum=0, maximum=60),
            "need": read.integer("followups.need_due_days", minimum=0, maximum=60),
        },
        followup_roles=_followup_roles(read),
        proof_max_distance_m=read.integer("proof.max_distance_m", minimum=1),
    )


class TierRule(StrEnum):
    """The rule of section 二(一) that decided a tier, first that applies first."""

    KEY_AGE = "key_age"
    """Key: aged ``key_min_age`` or over."""
    SEVERE_DISABILITY = "severe_disability"
    """Key: a disability grade the policy counts as severe."""
    SEVERE_ABILITY_LOSS = "severe_ability_loss"
    """Key: severe or total loss of ability."""
    BEDRIDDEN_UNASSESSED = "bedridden_unassessed"
    """Key: not assessed, but bedridden (counts as severe)."""
    DEMENTIA = "dementia"
    """Key: dementia."""
    MODERATE_ABILITY_LOSS = "moderate_ability_loss"
    """Secondary: moderate loss of ability."""
    LIMITED_MOBILITY_UNASSESSED = "limited_mobility_unassessed"
    """Secondary: not assessed, but limited mobility (counts as moderate)."""
    MILD_ABILITY_LOSS = "mild_ability_loss"
    """General: younger than ``key_min_age``, mild loss of ability."""
    NO_ABILITY_LOSS = "no_ability_loss"
    """General: younger than ``key_min_age``, no loss of ability recorded."""


FOLLOWUP_KINDS = (*(h.value for h in Hazard), *(n.value for n in NeedKind))
"""Every hazard and need a record may find: each is routed to a kind of visitor."""


def _followup_roles(read: _Reader) -> dict[str, Role]:
    roles: dict[str, Role] = {}
    for kind in FOLLOWUP_KINDS:
        value = read.get(f"followups.roles.{kind}")
        try:
            roles[kind] = Role(value)
        except ValueError:
            raise read.fail(
                f"followups.roles.{kind}", "one of " + ", ".join(r.value for r in Role)
            ) from None
    return roles


@dataclass(frozen=True)
class TierDecision:
    """An elder's tier and the rule that decided it, with the facts the rule read (words:
    ``planner.io.note_words.tier_rule_text``, the `reason` column of `classify`)."""

    tier: Tier
    rule: TierRule
    age: int
    key_min_age: int
    disability_grade: int | None
    ability: Ability


def classify(elder: Elder, policy: Policy, on: date) -> TierDecision:
    """The elder's tier on ``on`` under section 二(一), with the first rule that decided it."""
    age = elder.age_on(on)

    def decided(tier: Tier, rule: TierRule) -> TierDecision:
        return TierDecision(
            tier, rule, age, policy.key_min_age, elder.disability_grade, elder.ability
        )

    if age >= policy.key_min_age:
        return decided(Tier.KEY, TierRule.KEY_AGE)
    if elder.disability_grade in policy.severe_disability_grades:
        return decided(Tier.KEY, TierRule.SEVERE_DISABILITY)
    if elder.ability in (Ability.SEVERE, Ability.TOTAL):
        return decided(Tier.KEY, TierRule.SEVERE_ABILITY_LOSS)
    if elder.ability is Ability.UNASSESSED and elder.bedridden:
        return decided(Tier.KEY, TierRule.BEDRIDDEN_UNASSESSED)
    if elder.dementia:
        return decided(Tier.KEY, TierRule.DEMENTIA)
    if elder.ability is Ability.MODERATE:
        return decided(Tier.SECONDARY, TierRule.MODERATE_ABILITY_LOSS)
    if elder.ability is Ability.UNASSESSED and elder.limited_mobility:
        return decided(Tier.SECONDARY, TierRule.LIMITED_MOBILITY_UNASSESSED)
    if elder.ability is Ability.MILD:
        return decided(Tier.GENERAL, TierRule.MILD_ABILITY_LOSS)
    return decided(Tier.GENERAL, TierRule.NO_ABILITY_LOSS)
