"""What a coordinator should look at besides the roster: flags on elders and visitors, and the
plan's warnings. Codes and the facts they name, no words (``planner.io.note_words`` words them,
in Chinese and English).

``planner.model.Plan`` holds them; they live here to keep the model one reader's size.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from planner.model import Ability, Tier, VisitMode


class FlagCode(StrEnum):
    """Something a coordinator should look at that does not stop the plan, and the facts each
    needs (``Flag``; ``planner.io.note_words`` words them)."""

    APPROXIMATE_LOCATION = "approximate_location"
    """An elder without coordinates, placed at the village centre. Needs: village, town,
    count (the village's located elders)."""
    APPROXIMATE_START = "approximate_start"
    """A visitor without start coordinates, setting out from a centre: of ``village`` (with
    ``town``), of the located elders of ``town`` (no village), or of all of them (neither)."""
    NO_HOME_VISIT_CONSENT = "no_home_visit_consent"
    """An elder who refuses home visits. Needs: tier, mode (what they get instead)."""
    USUAL_VISITOR_ELSEWHERE = "usual_visitor_elsewhere"
    """The elder's usual visitor does not serve the elder's village. Needs: visitor_id,
    village, town."""
    TOWN_WITHOUT_ELDERS = "town_without_elders"
    """A visitor works in a town no elder lives in. Needs: town."""
    VILLAGE_WITHOUT_ELDERS = "village_without_elders"
    """A visitor serves a village no elder lives in. Needs: village, town."""
    SEX_DIFFERS_FROM_ID_NUMBER = "sex_differs_from_id_number"
    """The sex column and the ID number's disagree. Needs: sex (as given), id_sex."""
    HISTORY_UNKNOWN_ELDER = "history_unknown_elder"
    """History rows name an elder the elders table does not hold. Needs: file, rows."""
    FILLED_FROM_MERGED_CELL = "filled_from_merged_cell"
    """Cells read from a merge over several rows. Needs: rows (the one row), columns, cells."""
    OUTSIDE_PROGRAMME = "outside_programme"
    """An elder in none of the notice's groups (``planner.programme``), planned all the same."""
    REASSESS_ABILITY = "reassess_ability"
    """An elder assessed intact or mild but bedridden. Needs: ability (as assessed)."""
    VISITS_REFUSED = "visits_refused"
    """An elder who refuses visits altogether: none planned."""
    CONSENT_NOT_ASKED = "consent_not_asked"
    """A table that records consent has it empty for the elder: not yet asked."""
    PAUSED = "paused"
    """Visits paused this week (``planner.elder_status``). Needs: status (the pause's kind),
    since; ``until`` empty: until further notice."""
    ENDED = "ended"
    """Visits ended (deceased, moved away). Needs: status (the ending's kind), since."""


_FLAG_NEEDS: dict[FlagCode, tuple[str, ...]] = {
    FlagCode.APPROXIMATE_LOCATION: ("village", "town", "count"),
    FlagCode.APPROXIMATE_START: (),
    FlagCode.NO_HOME_VISIT_CONSENT: ("tier", "mode"),
    FlagCode.USUAL_VISITOR_ELSEWHERE: ("visitor_id", "village", "town"),
    FlagCode.TOWN_WITHOUT_ELDERS: ("town",),
    FlagCode.VILLAGE_WITHOUT_ELDERS: ("village", "town"),
    FlagCode.SEX_DIFFERS_FROM_ID_NUMBER: ("sex", "id_sex"),
    FlagCode.HISTORY_UNKNOWN_ELDER: ("file", "rows"),
    FlagCode.FILLED_FROM_MERGED_CELL: ("rows", "columns", "cells"),
    FlagCode.OUTSIDE_PROGRAMME: (),
    FlagCode.REASSESS_ABILITY: ("ability",),
    FlagCode.VISITS_REFUSED: (),
    FlagCode.CONSENT_NOT_ASKED: (),
    FlagCode.PAUSED: ("status", "since"),
    FlagCode.ENDED: ("status", "since"),
}


@dataclass(frozen=True)
class Flag:
    """Something a coordinator should look at that does not stop the plan: a code and the facts
    it names; no words. Each code needs some of the facts (``FlagCode``)."""

    subject_id: str
    kind: FlagCode
    village: str = ""
    town: str = ""
    count: int = 0
    tier: Tier | None = None
    mode: VisitMode | None = None
    visitor_id: str = ""
    sex: str = ""
    id_sex: str = ""
    file: str = ""
    """A file's name (no folder)."""
    rows: tuple[int, ...] = ()
    """Row numbers as a spreadsheet shows them."""
    columns: tuple[str, ...] = ()
    """Columns as the file's header names them."""
    cells: tuple[str, ...] = ()
    """Merged blocks, e.g. ``G5:G8``."""
    ability: Ability | None = None
    status: str = ""
    """A pause's or an ending's kind (``planner.elder_status``)."""
    since: date | None = None
    until: date | None = None

    def __post_init__(self) -> None:
        missing = [name for name in _FLAG_NEEDS[self.kind] if not getattr(self, name)]
        if missing:
            raise ValueError(f"flag {self.kind.value} needs {', '.join(missing)}")


class WarningCode(StrEnum):
    """What a coordinator must know of how the plan was made (``summary.json`` lists them)."""

    HOLIDAYS_UNKNOWN = "holidays_unknown"
    """The holiday calendar has no data for ``year``: only weekends were days off."""
    TIME_CAP_HIT = "time_cap_hit"
    """The wall clock stopped ``town``'s route search at ``cap_s`` seconds, before its budget:
    another run may plan the town differently."""


@dataclass(frozen=True)
class PlanWarning:
    code: WarningCode
    year: int = 0
    town: str = ""
    cap_s: float = 0.0
