"""The plan maps' old address for one commit: the module is now ``page.py``.

Renamed first so that git follows its history; the next commit splits it into page, text,
lookup, day, overview and this module.
"""

from maps.page import INDEX_FILE, TIER_COLORS, WEEKDAY_COLORS, day_map_file_name, write_plan_maps

__all__ = ["INDEX_FILE", "TIER_COLORS", "WEEKDAY_COLORS", "day_map_file_name", "write_plan_maps"]
